/* SPDX-License-Identifier: MIT */
/*
 * The AP start-up trampoline's memory, shared by trampoline.S and smp.c.
 * smp.c copies the code to TRAMPOLINE_PHYS (below 1 MiB, which the mm
 * never hands out; the STARTUP IPI's vector is TRAMPOLINE_PHYS >> 12)
 * and fills in the parameter block and the page tables:
 *
 *   +0x0000  code: real mode -> protected mode -> long mode
 *   +0x0800  parameters (TP_*), written by the boot CPU per AP
 *   +0x0c00  .. +0x1000: the trampoline's stack (for its far returns)
 *   +0x1000  PML4: [0] -> the PDPT below, [256..511] = the kernel's
 *   +0x2000  PDPT: [0] -> the PD below
 *   +0x3000  PD:   [0] = physical 0..2 MiB, identity, executable
 *
 * The identity map is the trampoline's own, so it does not depend on how
 * the kernel maps low memory (or whether it marks it no-execute).
 */
#ifndef ARCH_X86_64_TRAMPOLINE_H
#define ARCH_X86_64_TRAMPOLINE_H

#define TRAMPOLINE_PHYS		0x8000
#define TRAMPOLINE_SIZE		0x4000
#define TRAMPOLINE_PML4		0x1000	/* offsets from TRAMPOLINE_PHYS */
#define TRAMPOLINE_PDPT		0x2000
#define TRAMPOLINE_PD		0x3000
#define TRAMPOLINE_STACK	0x1000	/* top; grows down towards TP_END */

#define TP_PML4			0x800	/* u32: physical PML4 for CR3 */
#define TP_EFER_NX		0x804	/* u32: nonzero: set EFER.NXE */
#define TP_ENTRY		0x808	/* u64: smp_ap_entry64 */
#define TP_CR3			0x810	/* u64: the kernel's CR3 */
#define TP_CR4			0x818	/* u64: the boot CPU's CR4 */
#define TP_STACK		0x820	/* u64: the AP's stack top */
#define TP_CPU			0x828	/* u64: the AP's logical id */
#define TP_END			0x830

#endif
