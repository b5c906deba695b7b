/* SPDX-License-Identifier: MIT */
/*
 * ACPI tables, the little the kernel needs of them: the MADT (CPUs,
 * IOAPICs, ISA overrides, NMI wiring), the HPET and the MCFG. acpi_parse()
 * is pure - it reads tables only through the mapper it is handed - so
 * the host tests feed it forged tables. It copies what it finds into a
 * struct acpi_info and keeps no pointer into the tables.
 *
 * Included by path ("arch/x86_64/include/arch/acpi.h") where host builds
 * need it: the host include path has no arch/x86_64.
 */
#ifndef ARCH_ACPI_H
#define ARCH_ACPI_H

#include "lib/types.h"

#define ACPI_MAX_CPUS		256	/* MADT entries kept; rest counted */
#define ACPI_MAX_IOAPICS	8
#define ACPI_MAX_OVERRIDES	16
#define ACPI_MAX_NMIS		16
#define ACPI_MAX_MCFG		4

#define ACPI_NMI_ALL_CPUS	0xffffffffu	/* acpi_nmi.acpi_uid: every CPU */

/* MPS INTI flags of overrides and NMI entries. */
#define ACPI_POLARITY_MASK	0x3
#define ACPI_POLARITY_HIGH	0x1
#define ACPI_POLARITY_LOW	0x3
#define ACPI_TRIGGER_MASK	0xc
#define ACPI_TRIGGER_EDGE	0x4
#define ACPI_TRIGGER_LEVEL	0xc

struct acpi_cpu {
	u32 apic_id;		/* xAPIC ids fit in 8 bits, x2APIC in 32 */
	u32 acpi_uid;		/* processor UID, matched by NMI entries */
	bool x2apic;		/* from a type 9 (x2APIC) entry */
	bool enabled;		/* flags bit 0: usable now */
	bool online_capable;	/* flags bit 1: may be brought up */
};

struct acpi_ioapic {
	u32 id;
	paddr_t addr;
	u32 gsi_base;
};

struct acpi_override {		/* ISA IRQ -> GSI */
	u8 bus;
	u8 irq;
	u32 gsi;
	u16 flags;		/* ACPI_POLARITY_* | ACPI_TRIGGER_* */
};

struct acpi_nmi {		/* a local APIC LINT pin wired to NMI */
	u32 acpi_uid;		/* ACPI_NMI_ALL_CPUS: every CPU */
	u8 lint;		/* 0 or 1 */
	u16 flags;
};

struct acpi_mcfg {		/* PCI Express ECAM window */
	paddr_t base;
	u16 segment;
	u8 bus_start, bus_end;
};

struct acpi_info {
	u8 rsdp_revision;	/* 0: ACPI 1.0 (RSDT); 2+: XSDT */
	char oem_id[7];
	bool has_madt;
	paddr_t lapic_addr;	/* MADT, or its type 5 override */
	bool pic_present;	/* MADT PCAT_COMPAT: 8259s to mask */
	struct acpi_cpu cpus[ACPI_MAX_CPUS];
	u32 nr_cpus;
	u32 cpus_dropped;	/* entries beyond ACPI_MAX_CPUS */
	struct acpi_ioapic ioapics[ACPI_MAX_IOAPICS];
	u32 nr_ioapics;
	struct acpi_override overrides[ACPI_MAX_OVERRIDES];
	u32 nr_overrides;
	struct acpi_nmi nmis[ACPI_MAX_NMIS];
	u32 nr_nmis;
	bool has_hpet;
	paddr_t hpet_addr;
	u8 hpet_number;
	struct acpi_mcfg mcfg[ACPI_MAX_MCFG];
	u32 nr_mcfg;
	u32 nr_bad_tables;	/* unmappable or bad checksum: skipped */
};

/*
 * Map @len bytes at physical @pa for reading; NULL if impossible. The
 * mapping must stay valid until acpi_parse() returns.
 */
typedef const void *(*acpi_map_fn)(paddr_t pa, size_t len, void *ctx);

bool acpi_checksum_ok(const void *table, size_t len);
int acpi_parse(const u8 *rsdp, size_t rsdp_len, acpi_map_fn map, void *ctx,
	       struct acpi_info *out, char *err, size_t errlen);

#endif
