// SPDX-License-Identifier: MIT
/*
 * memset/memcpy/memmove and whole-page clear and copy on x86 string
 * instructions (see <arch/string.h>). lib/string.c routes the kernel's
 * mem* functions here; mm clears every new user page and page-table page
 * through clear_page().
 *
 * Each function is one or two rep instructions: the CPU's microcode
 * picks the widest internal moves it can, which a C loop built with
 * -mgeneral-regs-only cannot (it gets 8 bytes per instruction at best
 * and one byte with -fno-builtin's byte loops).
 */
#include <arch/cpu.h>
#include <arch/layout.h>
#include <arch/string.h>
#include "kernel/printk.h"

#define CPUID_7_EBX_ERMS	(1U << 9)
#define CPUID_7_EDX_FSRM	(1U << 4)

static inline u64 byte_pattern(int c)
{
	return 0x0101010101010101ULL * (u8)c;
}

static void *memset_movsq(void *dst, int c, size_t n)
{
	void *d = dst;
	size_t quads = n >> 3, tail = n & 7;

	__asm__ volatile("rep stosq\n\t"
			 "movq %2, %%rcx\n\t"
			 "rep stosb"
			 : "+D"(d), "+c"(quads)
			 : "r"(tail), "a"(byte_pattern(c))
			 : "memory");
	return dst;
}

static void *memset_movsb(void *dst, int c, size_t n)
{
	void *d = dst;

	__asm__ volatile("rep stosb"
			 : "+D"(d), "+c"(n)
			 : "a"(c)
			 : "memory");
	return dst;
}

static void *memcpy_movsq(void *dst, const void *src, size_t n)
{
	void *d = dst;
	size_t quads = n >> 3, tail = n & 7;

	__asm__ volatile("rep movsq\n\t"
			 "movq %3, %%rcx\n\t"
			 "rep movsb"
			 : "+D"(d), "+S"(src), "+c"(quads)
			 : "r"(tail)
			 : "memory");
	return dst;
}

static void *memcpy_movsb(void *dst, const void *src, size_t n)
{
	void *d = dst;

	__asm__ volatile("rep movsb"
			 : "+D"(d), "+S"(src), "+c"(n)
			 :
			 : "memory");
	return dst;
}

/*
 * Copy downwards, for a destination above an overlapping source: the
 * quadwords from the top first, then the n % 8 bytes at the bottom. With
 * DF set each rep step reads its source before anything below it is
 * written, so the overlap is copied as it was.
 */
static void copy_backward(void *dst, const void *src, size_t n)
{
	uintptr_t d = (uintptr_t)dst + n - 8, s = (uintptr_t)src + n - 8;
	size_t quads = n >> 3, tail = n & 7;

	__asm__ volatile("std\n\t"
			 "rep movsq\n\t"
			 "movq %3, %%rcx\n\t"
			 "addq $7, %%rsi\n\t"
			 "addq $7, %%rdi\n\t"
			 "rep movsb\n\t"
			 "cld"
			 : "+D"(d), "+S"(s), "+c"(quads)
			 : "r"(tail)
			 : "memory", "cc");
}

/* A forward copy is right unless dst lies inside [src, src + n). */
static inline bool must_copy_backward(const void *dst, const void *src,
				      size_t n)
{
	return (uintptr_t)dst - (uintptr_t)src < n && dst != src;
}

static void *memmove_movsq(void *dst, const void *src, size_t n)
{
	if (must_copy_backward(dst, src, n))
		copy_backward(dst, src, n);
	else
		memcpy_movsq(dst, src, n);
	return dst;
}

static void *memmove_movsb(void *dst, const void *src, size_t n)
{
	if (must_copy_backward(dst, src, n))
		copy_backward(dst, src, n);
	else
		memcpy_movsb(dst, src, n);
	return dst;
}

static void clear_page_movsq(void *page)
{
	size_t quads = PAGE_SIZE / 8;

	__asm__ volatile("rep stosq"
			 : "+D"(page), "+c"(quads)
			 : "a"(0UL)
			 : "memory");
}

static void clear_page_movsb(void *page)
{
	size_t n = PAGE_SIZE;

	__asm__ volatile("rep stosb"
			 : "+D"(page), "+c"(n)
			 : "a"(0)
			 : "memory");
}

static void copy_page_movsq(void *dst, const void *src)
{
	size_t quads = PAGE_SIZE / 8;

	__asm__ volatile("rep movsq"
			 : "+D"(dst), "+S"(src), "+c"(quads)
			 :
			 : "memory");
}

static void copy_page_movsb(void *dst, const void *src)
{
	size_t n = PAGE_SIZE;

	__asm__ volatile("rep movsb"
			 : "+D"(dst), "+S"(src), "+c"(n)
			 :
			 : "memory");
}

static const struct arch_string_ops string_movsq = {
	.name = "rep movsq",
	.memset = memset_movsq,
	.memcpy = memcpy_movsq,
	.memmove = memmove_movsq,
	.clear_page = clear_page_movsq,
	.copy_page = copy_page_movsq,
};

static const struct arch_string_ops string_movsb = {
	.name = "rep movsb",
	.memset = memset_movsb,
	.memcpy = memcpy_movsb,
	.memmove = memmove_movsb,
	.clear_page = clear_page_movsb,
	.copy_page = copy_page_movsb,
};

const struct arch_string_ops *arch_string = &string_movsq;

const struct arch_string_ops *const arch_string_impls[] = {
	&string_movsq, &string_movsb, NULL,
};

static struct cpuid_regs cpuid_leaf7(void)
{
	if (arch_cpuid(0, 0).eax < 7)
		return (struct cpuid_regs){ 0 };
	return arch_cpuid(7, 0);
}

/* Context: any. Return: whether the CPU advertises ERMS. */
bool arch_string_cpu_has_erms(void)
{
	return cpuid_leaf7().ebx & CPUID_7_EBX_ERMS;
}

/* Context: any. Return: whether the CPU advertises FSRM. */
bool arch_string_cpu_has_fsrm(void)
{
	return cpuid_leaf7().edx & CPUID_7_EDX_FSRM;
}

/**
 * arch_string_init - choose the mem* implementation for this CPU: byte
 * steps where the CPU says they are fast (ERMS), quadwords otherwise.
 *
 * FSRM alone (without ERMS) does not occur on real CPUs; it only makes
 * short byte copies cheaper, so it does not change the choice.
 *
 * Context: boot CPU, once, before the other CPUs start.
 */
void arch_string_init(void)
{
	bool erms = arch_string_cpu_has_erms();

	if (erms)
		arch_string = &string_movsb;
	pr_info("string: %s (ERMS %s, FSRM %s)\n", arch_string->name,
		erms ? "yes" : "no", arch_string_cpu_has_fsrm() ? "yes" : "no");
}
