// SPDX-License-Identifier: MIT
/*
 * ACPI table walk on forged tables (host and kernel). The tables live in
 * a byte array standing in for physical memory at FAKE_BASE; the mapper
 * refuses anything outside it, so a walk that strays fails (and ASan on
 * the host catches any read past a table).
 *
 *   FAKE_BASE + 0x000  RSDT or XSDT
 *   FAKE_BASE + 0x100  MADT
 *   FAKE_BASE + 0x1400 HPET
 *   FAKE_BASE + 0x1500 MCFG
 */
#include "arch/x86_64/include/arch/acpi.h"
#include "kernel/ktest.h"
#include "lib/errno.h"
#include "lib/string.h"

#define FAKE_BASE	0x7fe0000ULL
#define FAKE_SIZE	0x1600
#define ROOT_OFF	0x000
#define MADT_OFF	0x100
#define HPET_OFF	0x1400
#define MCFG_OFF	0x1500

struct fake {
	u8 mem[FAKE_SIZE];
	u8 rsdp[36];
	u32 madt_len;		/* bytes of MADT written so far */
	struct acpi_info info;	/* too big for a kernel stack */
	char err[96];
};

static struct fake fake;

static const void *fake_map(paddr_t pa, size_t len, void *ctx)
{
	struct fake *f = ctx;

	if (pa < FAKE_BASE || pa - FAKE_BASE + len > FAKE_SIZE)
		return NULL;
	return f->mem + (pa - FAKE_BASE);
}

static void put32(u8 *p, u32 v)
{
	memcpy(p, &v, 4);
}

static void put64(u8 *p, u64 v)
{
	memcpy(p, &v, 8);
}

static void put16(u8 *p, u16 v)
{
	memcpy(p, &v, 2);
}

static void checksum(u8 *p, size_t len, size_t at)
{
	u8 sum = 0;

	p[at] = 0;
	for (size_t i = 0; i < len; i++)
		sum += p[i];
	p[at] = (u8)-sum;
}

static void header(u8 *t, const char *sig, u32 len)
{
	memcpy(t, sig, 4);
	put32(t + 4, len);
	t[8] = 1;
	memcpy(t + 10, "OOMLAB", 6);
}

static void seal(u32 off)
{
	u8 *t = fake.mem + off;
	u32 len;

	memcpy(&len, t + 4, 4);
	checksum(t, len, 9);
}

static void rsdp_v1(u32 rsdt)
{
	memset(fake.rsdp, 0, sizeof(fake.rsdp));
	memcpy(fake.rsdp, "RSD PTR ", 8);
	memcpy(fake.rsdp + 9, "OOMLAB", 6);
	put32(fake.rsdp + 16, rsdt);
	checksum(fake.rsdp, 20, 8);
}

static void rsdp_v2(u64 xsdt)
{
	rsdp_v1(0);
	fake.rsdp[15] = 2;
	checksum(fake.rsdp, 20, 8);
	put32(fake.rsdp + 20, 36);
	put64(fake.rsdp + 24, xsdt);
	checksum(fake.rsdp, 36, 32);
}

/* A root table (entry size 4: RSDT, 8: XSDT) listing @n tables. */
static void root(unsigned int esize, const u32 *offs, unsigned int n)
{
	u8 *t = fake.mem + ROOT_OFF;

	header(t, esize == 8 ? "XSDT" : "RSDT", 36 + esize * n);
	for (unsigned int i = 0; i < n; i++) {
		if (esize == 8)
			put64(t + 36 + 8 * i, FAKE_BASE + offs[i]);
		else
			put32(t + 36 + 4 * i, FAKE_BASE + offs[i]);
	}
	seal(ROOT_OFF);
}

static void madt_begin(void)
{
	u8 *t = fake.mem + MADT_OFF;

	fake.madt_len = 44;
	put32(t + 36, 0xfee00000);
	put32(t + 40, 1);		/* PCAT_COMPAT */
}

static u8 *madt_add(u8 type, u8 len)
{
	u8 *e = fake.mem + MADT_OFF + fake.madt_len;

	e[0] = type;
	e[1] = len;
	fake.madt_len += len;
	return e;
}

static void madt_lapic(u8 uid, u8 id, u32 flags)
{
	u8 *e = madt_add(0, 8);

	e[2] = uid;
	e[3] = id;
	put32(e + 4, flags);
}

static void madt_x2apic(u32 id, u32 flags, u32 uid)
{
	u8 *e = madt_add(9, 16);

	put32(e + 4, id);
	put32(e + 8, flags);
	put32(e + 12, uid);
}

static void madt_end(void)
{
	header(fake.mem + MADT_OFF, "APIC", fake.madt_len);
	seal(MADT_OFF);
}

static void hpet_table(void)
{
	u8 *t = fake.mem + HPET_OFF;

	header(t, "HPET", 56);
	t[40] = 0;			/* system memory */
	put64(t + 44, 0xfed00000);
	t[52] = 0;
	seal(HPET_OFF);
}

static void mcfg_table(void)
{
	u8 *t = fake.mem + MCFG_OFF;

	header(t, "MCFG", 44 + 16);
	put64(t + 44, 0xb0000000);
	put16(t + 52, 0);
	t[54] = 0;
	t[55] = 0xff;
	seal(MCFG_OFF);
}

/* The machine most tests use: a typical MADT plus HPET and MCFG. */
static void forge_machine(unsigned int esize)
{
	static const u32 tables[] = { MADT_OFF, HPET_OFF, MCFG_OFF };
	u8 *e;

	memset(&fake, 0, sizeof(fake));
	madt_begin();
	madt_lapic(0, 0, 1);		/* enabled */
	madt_lapic(1, 2, 1);		/* ids need not be contiguous */
	madt_lapic(2, 5, 0);		/* neither enabled nor capable */
	madt_lapic(3, 7, 2);		/* online-capable */
	madt_x2apic(0x100, 1, 4);	/* beyond xAPIC's 8 bits */
	e = madt_add(1, 12);		/* IOAPIC */
	e[2] = 3;
	put32(e + 4, 0xfec00000);
	put32(e + 8, 0);
	e = madt_add(2, 10);		/* ISA IRQ 0 -> GSI 2 */
	e[3] = 0;
	put32(e + 4, 2);
	e = madt_add(2, 10);		/* IRQ 9 -> GSI 9, level, low */
	e[3] = 9;
	put32(e + 4, 9);
	put16(e + 8, ACPI_POLARITY_LOW | ACPI_TRIGGER_LEVEL);
	e = madt_add(4, 6);		/* LINT1 NMI on every CPU */
	e[2] = 0xff;
	e[5] = 1;
	madt_end();
	hpet_table();
	mcfg_table();
	root(esize, tables, ARRAY_SIZE(tables));
	if (esize == 8)
		rsdp_v2(FAKE_BASE + ROOT_OFF);
	else
		rsdp_v1(FAKE_BASE + ROOT_OFF);
}

static int parse(void)
{
	return acpi_parse(fake.rsdp, sizeof(fake.rsdp), fake_map, &fake,
			  &fake.info, fake.err, sizeof(fake.err));
}

/*
 * ACPI 2.0: RSDP -> XSDT -> MADT, HPET, MCFG. Expect every usable CPU in
 * MADT order with its non-contiguous APIC id (0, 2, 7, 0x100 from an
 * x2APIC entry), the disabled one (id 5) left out, and the IOAPIC,
 * overrides, NMI, HPET and MCFG copied out.
 */
static void xsdt_full_machine(struct ktest *t)
{
	const struct acpi_info *a = &fake.info;

	forge_machine(8);
	KTEST_ASSERT_EQ(t, parse(), 0);
	KTEST_EXPECT_EQ(t, a->rsdp_revision, 2);
	KTEST_EXPECT_STREQ(t, a->oem_id, "OOMLAB");
	KTEST_ASSERT(t, a->has_madt);
	KTEST_EXPECT_EQ(t, a->lapic_addr, 0xfee00000);
	KTEST_EXPECT(t, a->pic_present);
	KTEST_ASSERT_EQ(t, a->nr_cpus, 4);
	KTEST_EXPECT_EQ(t, a->cpus[0].apic_id, 0);
	KTEST_EXPECT_EQ(t, a->cpus[1].apic_id, 2);
	KTEST_EXPECT_EQ(t, a->cpus[2].apic_id, 7);
	KTEST_EXPECT(t, !a->cpus[2].enabled && a->cpus[2].online_capable);
	KTEST_EXPECT_EQ(t, a->cpus[3].apic_id, 0x100);
	KTEST_EXPECT(t, a->cpus[3].x2apic);
	KTEST_EXPECT_EQ(t, a->cpus[3].acpi_uid, 4);
	KTEST_ASSERT_EQ(t, a->nr_ioapics, 1);
	KTEST_EXPECT_EQ(t, a->ioapics[0].id, 3);
	KTEST_EXPECT_EQ(t, a->ioapics[0].addr, 0xfec00000);
	KTEST_ASSERT_EQ(t, a->nr_overrides, 2);
	KTEST_EXPECT_EQ(t, a->overrides[0].gsi, 2);
	KTEST_EXPECT_EQ(t, a->overrides[1].irq, 9);
	KTEST_EXPECT_EQ(t, a->overrides[1].flags,
			ACPI_POLARITY_LOW | ACPI_TRIGGER_LEVEL);
	KTEST_ASSERT_EQ(t, a->nr_nmis, 1);
	KTEST_EXPECT_EQ(t, a->nmis[0].acpi_uid, ACPI_NMI_ALL_CPUS);
	KTEST_EXPECT_EQ(t, a->nmis[0].lint, 1);
	KTEST_EXPECT(t, a->has_hpet);
	KTEST_EXPECT_EQ(t, a->hpet_addr, 0xfed00000);
	KTEST_ASSERT_EQ(t, a->nr_mcfg, 1);
	KTEST_EXPECT_EQ(t, a->mcfg[0].base, 0xb0000000);
	KTEST_EXPECT_EQ(t, a->mcfg[0].bus_end, 0xff);
	KTEST_EXPECT_EQ(t, a->nr_bad_tables, 0);
}

/* ACPI 1.0: RSDP -> RSDT with 32-bit entries. Expect the same CPUs. */
static void rsdt_v1(struct ktest *t)
{
	forge_machine(4);
	KTEST_ASSERT_EQ(t, parse(), 0);
	KTEST_EXPECT_EQ(t, fake.info.rsdp_revision, 0);
	KTEST_EXPECT(t, fake.info.has_madt);
	KTEST_EXPECT_EQ(t, fake.info.nr_cpus, 4);
	KTEST_EXPECT(t, fake.info.has_hpet);
}

/* One flipped byte in the RSDP's first 20 bytes: -EINVAL, named. */
static void bad_rsdp_checksum(struct ktest *t)
{
	forge_machine(8);
	fake.rsdp[9] ^= 0x40;
	KTEST_EXPECT_EQ(t, parse(), -EINVAL);
	KTEST_EXPECT(t, fake.err[0] != '\0');
}

/* An ACPI 2.0 RSDP whose extended checksum is wrong: -EINVAL. */
static void bad_rsdp_ext_checksum(struct ktest *t)
{
	forge_machine(8);
	fake.rsdp[33] ^= 1;	/* reserved byte, covered by ext checksum */
	KTEST_EXPECT_EQ(t, parse(), -EINVAL);
}

/* A corrupted XSDT: the walk fails rather than trusting its entries. */
static void bad_root_checksum(struct ktest *t)
{
	forge_machine(8);
	fake.mem[ROOT_OFF + 36] ^= 0x10;
	KTEST_EXPECT_EQ(t, parse(), -EINVAL);
}

/* A corrupted MADT is skipped and counted; the HPET still counts. */
static void bad_madt_checksum_skipped(struct ktest *t)
{
	forge_machine(8);
	fake.mem[MADT_OFF + 50] ^= 0x01;
	KTEST_ASSERT_EQ(t, parse(), 0);
	KTEST_EXPECT(t, !fake.info.has_madt);
	KTEST_EXPECT_EQ(t, fake.info.nr_cpus, 0);
	KTEST_EXPECT_EQ(t, fake.info.nr_bad_tables, 1);
	KTEST_EXPECT(t, fake.info.has_hpet);
}

/* The root points outside mapped memory: -EINVAL, no crash. */
static void root_unmapped(struct ktest *t)
{
	forge_machine(8);
	rsdp_v2(0x1000);
	KTEST_EXPECT_EQ(t, parse(), -EINVAL);
}

/*
 * A CPU listed both as xAPIC (id 2) and as x2APIC (id 2), and an entry of
 * length 0 after it: one CPU, and the walk stops at the bad entry.
 */
static void duplicate_and_truncated_entries(struct ktest *t)
{
	static const u32 tables[] = { MADT_OFF };

	memset(&fake, 0, sizeof(fake));
	madt_begin();
	madt_lapic(0, 2, 1);
	madt_x2apic(2, 1, 0);
	madt_add(0, 0);			/* malformed: length 0 */
	fake.madt_len += 8;		/* room it would have had */
	madt_lapic(1, 3, 1);		/* never reached */
	madt_end();
	root(8, tables, 1);
	rsdp_v2(FAKE_BASE + ROOT_OFF);
	KTEST_ASSERT_EQ(t, parse(), 0);
	KTEST_EXPECT_EQ(t, fake.info.nr_cpus, 1);
	KTEST_EXPECT(t, !fake.info.cpus[0].x2apic);
}

/* More CPUs than ACPI_MAX_CPUS: the rest are counted as dropped. */
static void too_many_cpus(struct ktest *t)
{
	static const u32 tables[] = { MADT_OFF };

	memset(&fake, 0, sizeof(fake));
	madt_begin();
	for (u32 id = 0; id < ACPI_MAX_CPUS + 3; id++)
		madt_x2apic(id * 3, 1, id);	/* sparse ids */
	madt_end();
	root(8, tables, 1);
	rsdp_v2(FAKE_BASE + ROOT_OFF);
	KTEST_ASSERT_EQ(t, parse(), 0);
	KTEST_EXPECT_EQ(t, fake.info.nr_cpus, ACPI_MAX_CPUS);
	KTEST_EXPECT_EQ(t, fake.info.cpus_dropped, 3);
	KTEST_EXPECT_EQ(t, fake.info.cpus[ACPI_MAX_CPUS - 1].apic_id,
			(ACPI_MAX_CPUS - 1) * 3);
}

/* acpi_checksum_ok() on the RSDP we built, then with one byte off. */
static void checksum_helper(struct ktest *t)
{
	forge_machine(4);
	KTEST_EXPECT(t, acpi_checksum_ok(fake.rsdp, 20));
	fake.rsdp[0] ^= 1;
	KTEST_EXPECT(t, !acpi_checksum_ok(fake.rsdp, 20));
}

KTEST_SUITE(acpi,
	    KTEST_CASE(xsdt_full_machine),
	    KTEST_CASE(rsdt_v1),
	    KTEST_CASE(bad_rsdp_checksum),
	    KTEST_CASE(bad_rsdp_ext_checksum),
	    KTEST_CASE(bad_root_checksum),
	    KTEST_CASE(bad_madt_checksum_skipped),
	    KTEST_CASE(root_unmapped),
	    KTEST_CASE(duplicate_and_truncated_entries),
	    KTEST_CASE(too_many_cpus),
	    KTEST_CASE(checksum_helper));
