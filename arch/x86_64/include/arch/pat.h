/* SPDX-License-Identifier: MIT */
/*
 * The page attribute table: which memory type each combination of a
 * page table entry's PAT, PCD and PWT bits selects. Programmed as Linux
 * 6.1 does (pat_init() in arch/x86/mm/pat/memtype.c):
 *
 *   index  0   1   2    3   4   5   6    7
 *   type   WB  WC  UC-  UC  WB  WP  UC-  WT
 *
 * Indexes 0, 2 and 3 keep their power-on types, so mappings made before
 * (cached: 0, uncached MMIO: PCD|PWT = 3) mean the same after; index 1
 * (PWT alone) becomes write-combining, which ioremap_wc() uses for
 * framebuffers. Without PAT (CPUID, or Linux's "nopat" on the command
 * line) nothing changes and ioremap_wc() maps uncached.
 */
#ifndef ARCH_PAT_H
#define ARCH_PAT_H

#include "lib/types.h"

#define PAT_UC		0x0ULL
#define PAT_WC		0x1ULL
#define PAT_WT		0x4ULL
#define PAT_WP		0x5ULL
#define PAT_WB		0x6ULL
#define PAT_UC_MINUS	0x7ULL
#define PAT_ENTRY(index, type)	((type) << (8 * (index)))
#define PAT_LINUX_LAYOUT						\
	(PAT_ENTRY(0, PAT_WB) | PAT_ENTRY(1, PAT_WC) |			\
	 PAT_ENTRY(2, PAT_UC_MINUS) | PAT_ENTRY(3, PAT_UC) |		\
	 PAT_ENTRY(4, PAT_WB) | PAT_ENTRY(5, PAT_WP) |			\
	 PAT_ENTRY(6, PAT_UC_MINUS) | PAT_ENTRY(7, PAT_WT))

void arch_pat_init(void);
void arch_pat_init_cpu(void);
bool arch_pat_enabled(void);
u64 arch_pat_read(void);

#endif
