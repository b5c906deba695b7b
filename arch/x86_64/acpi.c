// SPDX-License-Identifier: MIT
/*
 * ACPI table walk: RSDP -> RSDT (ACPI 1.0) or XSDT (2.0+) -> MADT, HPET,
 * MCFG. Pure: every byte is read through the caller's mapper with
 * unaligned little-endian loads, every length is checked against the
 * table that holds it, and every table's checksum is verified before a
 * field of it is believed. A bad RSDP or root table fails the walk; a bad
 * child table is skipped and counted, so one broken table does not cost
 * the CPUs the MADT describes.
 */
#include "arch/x86_64/include/arch/acpi.h"
#include "lib/errno.h"
#include "lib/format.h"
#include "lib/string.h"
#include "lib/unaligned.h"

#define RSDP_V1_LEN		20
#define RSDP_V2_LEN		36
#define SDT_HEADER_LEN		36
#define SDT_MAX_LEN		(1u << 20)	/* sanity bound, not a spec limit */

#define MADT_ENTRIES		44	/* after lapic address and flags */
#define MADT_PCAT_COMPAT	0x1
#define MADT_LAPIC		0
#define MADT_IOAPIC		1
#define MADT_OVERRIDE		2
#define MADT_LAPIC_NMI		4
#define MADT_LAPIC_ADDR		5
#define MADT_X2APIC		9
#define MADT_X2APIC_NMI		10
#define LAPIC_ENABLED		0x1
#define LAPIC_ONLINE_CAPABLE	0x2

#define HPET_LEN		56
#define HPET_GAS_SPACE		40
#define HPET_ADDR		44
#define HPET_NUMBER		52
#define MCFG_ENTRIES		44
#define MCFG_ENTRY_LEN		16

struct walk {
	acpi_map_fn map;
	void *ctx;
	struct acpi_info *out;
};

/**
 * acpi_checksum_ok - does @table sum to zero modulo 256?
 * @table: the bytes
 * @len: how many
 *
 * Context: any.
 * Return: true when the checksum is good.
 */
bool acpi_checksum_ok(const void *table, size_t len)
{
	const u8 *p = table;
	u8 sum = 0;

	for (size_t i = 0; i < len; i++)
		sum += p[i];
	return sum == 0;
}

/* Map the table at @pa whole, after checking its header; NULL if bad. */
static const u8 *map_table(struct walk *w, paddr_t pa, char sig[5])
{
	const u8 *h = w->map(pa, SDT_HEADER_LEN, w->ctx);
	u32 len;

	if (!h)
		return NULL;
	memcpy(sig, h, 4);
	sig[4] = '\0';
	len = get_unaligned_le32(h + 4);
	if (len < SDT_HEADER_LEN || len > SDT_MAX_LEN)
		return NULL;
	h = w->map(pa, len, w->ctx);
	if (!h || !acpi_checksum_ok(h, len))
		return NULL;
	return h;
}

static bool cpu_known(const struct acpi_info *out, u32 apic_id)
{
	for (u32 i = 0; i < out->nr_cpus; i++)
		if (out->cpus[i].apic_id == apic_id)
			return true;
	return false;
}

static void add_cpu(struct acpi_info *out, u32 apic_id, u32 uid, u32 flags,
		    bool x2apic)
{
	struct acpi_cpu *c;

	if (!(flags & (LAPIC_ENABLED | LAPIC_ONLINE_CAPABLE)))
		return;		/* firmware says: never usable */
	if (cpu_known(out, apic_id))
		return;		/* listed as both xAPIC and x2APIC */
	if (out->nr_cpus == ACPI_MAX_CPUS) {
		out->cpus_dropped++;
		return;
	}
	c = &out->cpus[out->nr_cpus++];
	c->apic_id = apic_id;
	c->acpi_uid = uid;
	c->x2apic = x2apic;
	c->enabled = flags & LAPIC_ENABLED;
	c->online_capable = flags & LAPIC_ONLINE_CAPABLE;
}

static void add_nmi(struct acpi_info *out, u32 uid, u8 lint, u16 flags)
{
	if (out->nr_nmis == ACPI_MAX_NMIS)
		return;
	out->nmis[out->nr_nmis++] = (struct acpi_nmi){
		.acpi_uid = uid, .lint = lint, .flags = flags };
}

static void madt_entry(struct acpi_info *out, const u8 *e, u8 type, u8 len)
{
	switch (type) {
	case MADT_LAPIC:
		if (len >= 8)
			add_cpu(out, e[3], e[2], get_unaligned_le32(e + 4),
				false);
		break;
	case MADT_X2APIC:
		if (len >= 16)
			add_cpu(out, get_unaligned_le32(e + 4),
				get_unaligned_le32(e + 12),
				get_unaligned_le32(e + 8), true);
		break;
	case MADT_IOAPIC:
		if (len >= 12 && out->nr_ioapics < ACPI_MAX_IOAPICS)
			out->ioapics[out->nr_ioapics++] = (struct acpi_ioapic){
				.id = e[2], .addr = get_unaligned_le32(e + 4),
				.gsi_base = get_unaligned_le32(e + 8) };
		break;
	case MADT_OVERRIDE:
		if (len >= 10 && out->nr_overrides < ACPI_MAX_OVERRIDES)
			out->overrides[out->nr_overrides++] =
				(struct acpi_override){
					.bus = e[2], .irq = e[3],
					.gsi = get_unaligned_le32(e + 4),
					.flags = get_unaligned_le16(e + 8) };
		break;
	case MADT_LAPIC_NMI:
		if (len >= 6)
			add_nmi(out, e[2] == 0xff ? ACPI_NMI_ALL_CPUS : e[2],
				e[5], get_unaligned_le16(e + 3));
		break;
	case MADT_X2APIC_NMI:
		if (len >= 12)
			add_nmi(out, get_unaligned_le32(e + 4), e[8],
				get_unaligned_le16(e + 2));
		break;
	case MADT_LAPIC_ADDR:
		if (len >= 12)
			out->lapic_addr = get_unaligned_le64(e + 4);
		break;
	default:
		break;		/* GIC, SAPIC, NMI sources: not ours */
	}
}

static void parse_madt(struct acpi_info *out, const u8 *t)
{
	u32 len = get_unaligned_le32(t + 4);

	if (len < MADT_ENTRIES)
		return;
	out->has_madt = true;
	out->lapic_addr = get_unaligned_le32(t + 36);
	out->pic_present = get_unaligned_le32(t + 40) & MADT_PCAT_COMPAT;
	for (u32 off = MADT_ENTRIES; off + 2 <= len;) {
		u8 type = t[off], elen = t[off + 1];

		if (elen < 2 || off + elen > len)
			break;		/* malformed: keep what came before */
		madt_entry(out, t + off, type, elen);
		off += elen;
	}
}

static void parse_hpet(struct acpi_info *out, const u8 *t)
{
	if (get_unaligned_le32(t + 4) < HPET_LEN || t[HPET_GAS_SPACE] != 0)
		return;		/* too short, or not in memory space */
	out->has_hpet = true;
	out->hpet_addr = get_unaligned_le64(t + HPET_ADDR);
	out->hpet_number = t[HPET_NUMBER];
}

static void parse_mcfg(struct acpi_info *out, const u8 *t)
{
	u32 len = get_unaligned_le32(t + 4);

	for (u32 off = MCFG_ENTRIES; off + MCFG_ENTRY_LEN <= len &&
				     out->nr_mcfg < ACPI_MAX_MCFG;
	     off += MCFG_ENTRY_LEN) {
		const u8 *e = t + off;

		out->mcfg[out->nr_mcfg++] = (struct acpi_mcfg){
			.base = get_unaligned_le64(e),
			.segment = get_unaligned_le16(e + 8),
			.bus_start = e[10], .bus_end = e[11] };
	}
}

static void parse_child(struct walk *w, paddr_t pa)
{
	char sig[5] = "";
	const u8 *t = map_table(w, pa, sig);

	if (!t) {
		w->out->nr_bad_tables++;
		return;
	}
	if (!memcmp(sig, "APIC", 4) && !w->out->has_madt)
		parse_madt(w->out, t);
	else if (!memcmp(sig, "HPET", 4) && !w->out->has_hpet)
		parse_hpet(w->out, t);
	else if (!memcmp(sig, "MCFG", 4) && !w->out->nr_mcfg)
		parse_mcfg(w->out, t);
}

/* Check the RSDP; return the root table's address and entry size. */
static int parse_rsdp(const u8 *rsdp, size_t len, struct acpi_info *out,
		      paddr_t *root, u32 *entry_size, char *err, size_t errlen)
{
	if (len < RSDP_V1_LEN || memcmp(rsdp, "RSD PTR ", 8)) {
		snprintf(err, errlen, "no RSDP signature");
		return -EINVAL;
	}
	if (!acpi_checksum_ok(rsdp, RSDP_V1_LEN)) {
		snprintf(err, errlen, "RSDP checksum bad");
		return -EINVAL;
	}
	out->rsdp_revision = rsdp[15];
	memcpy(out->oem_id, rsdp + 9, 6);
	out->oem_id[6] = '\0';
	*root = get_unaligned_le32(rsdp + 16);
	*entry_size = 4;
	if (rsdp[15] < 2)
		return 0;
	if (len < RSDP_V2_LEN || get_unaligned_le32(rsdp + 20) < RSDP_V2_LEN ||
	    !acpi_checksum_ok(rsdp, RSDP_V2_LEN)) {
		snprintf(err, errlen, "RSDP 2.0 extended checksum bad");
		return -EINVAL;
	}
	if (get_unaligned_le64(rsdp + 24)) {
		*root = get_unaligned_le64(rsdp + 24);
		*entry_size = 8;
	}
	return 0;
}

/**
 * acpi_parse - walk the ACPI tables from a copy of the RSDP.
 * @rsdp: the RSDP bytes (20 for ACPI 1.0, 36 for 2.0+)
 * @rsdp_len: how many bytes @rsdp holds
 * @map: maps physical ranges for reading (see acpi_map_fn)
 * @ctx: passed to @map
 * @out: zeroed and filled with what the tables say
 * @err: on failure, why
 * @errlen: size of @err
 *
 * Context: any; sleeps only if @map does.
 * Return: 0 (also when there is no MADT: check @out->has_madt), or
 * -EINVAL with @err set when the RSDP or the root table is unusable.
 */
int acpi_parse(const u8 *rsdp, size_t rsdp_len, acpi_map_fn map, void *ctx,
	       struct acpi_info *out, char *err, size_t errlen)
{
	struct walk w = { .map = map, .ctx = ctx, .out = out };
	paddr_t root_pa;
	u32 esize, len;
	const u8 *root;
	char sig[5] = "";
	int ret;

	memset(out, 0, sizeof(*out));
	ret = parse_rsdp(rsdp, rsdp_len, out, &root_pa, &esize, err, errlen);
	if (ret)
		return ret;
	root = map_table(&w, root_pa, sig);
	if (!root || memcmp(sig, esize == 8 ? "XSDT" : "RSDT", 4)) {
		snprintf(err, errlen, "%s at %#llx unreadable or checksum bad",
			 esize == 8 ? "XSDT" : "RSDT",
			 (unsigned long long)root_pa);
		return -EINVAL;
	}
	len = get_unaligned_le32(root + 4);
	for (u32 off = SDT_HEADER_LEN; off + esize <= len; off += esize)
		parse_child(&w, esize == 8 ? get_unaligned_le64(root + off) :
					     get_unaligned_le32(root + off));
	return 0;
}
