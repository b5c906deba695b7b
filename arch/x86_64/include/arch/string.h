/* SPDX-License-Identifier: MIT */
/*
 * The CPU's way to fill and copy memory: x86 string instructions. Two
 * implementations, both correct on every x86_64 CPU; they differ only in
 * speed, and arch_string_init() picks one from CPUID once at boot:
 *
 *   "rep movsq"  8 bytes per step (rep stosq / rep movsq), the last n % 8
 *                bytes by rep stosb / rep movsb. Every x86_64 CPU runs
 *                the quadword form near its bus width.
 *   "rep movsb"  byte steps throughout. CPUs that advertise ERMS
 *                (Enhanced REP MOVSB/STOSB, CPUID.7.0:EBX[9]) move whole
 *                cache lines per step internally, which beats the
 *                quadword form; FSRM (Fast Short REP MOV, EDX[4]) makes
 *                it cheap for short lengths too.
 *
 * Until arch_string_init() runs, the "rep movsq" set is in use (it needs
 * no CPUID). Backward copies (memmove with the destination above an
 * overlapping source) run with the direction flag set and clear it again;
 * every kernel entry clears it (cld), so an interrupt handler never sees
 * it set.
 *
 * Locking: [I] arch_string is chosen on the boot CPU before the others
 * start and never changes afterwards.
 */
#ifndef ARCH_STRING_H
#define ARCH_STRING_H

#include "lib/types.h"

struct arch_string_ops {
	const char *name;
	void *(*memset)(void *dst, int c, size_t n);
	void *(*memcpy)(void *dst, const void *src, size_t n);
	void *(*memmove)(void *dst, const void *src, size_t n);
	void (*clear_page)(void *page);
	void (*copy_page)(void *dst, const void *src);
};

extern const struct arch_string_ops *arch_string;		/* [I] */

/* Every implementation, for the tests and the benchmark; NULL-ended. */
extern const struct arch_string_ops *const arch_string_impls[];

void arch_string_init(void);
bool arch_string_cpu_has_erms(void);
bool arch_string_cpu_has_fsrm(void);

#endif
