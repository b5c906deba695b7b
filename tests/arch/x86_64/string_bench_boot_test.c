// SPDX-License-Identifier: MIT
/*
 * Page clearing and copying benchmarks (kernel only; run when named:
 * ktest.filter=bench_*). Each case times BENCH_PAGES page operations
 * over a 64 KiB block after one untimed pass, with the byte loop the
 * kernel used before string instructions, and with each string
 * implementation, in one run, and prints
 *   # bench NAME_loop: <cycles> cycles/page
 *   # bench NAME_<impl>: <cycles> cycles/page     (rep_movsq, rep_movsb)
 *   # bench NAME_speedup: <x100> loop/selected x100
 * Under QEMU's TCG a rep instruction costs per step, so the quadword
 * form wins there even when the CPU model advertises ERMS.
 */
#include <arch/cpu.h>
#include <arch/layout.h>
#include <arch/string.h>
#include "kernel/ktest.h"
#include "lib/string.h"
#include "mm/page_alloc.h"

#define BENCH_ORDER	4			/* 16 pages: 64 KiB */
#define BENCH_NR	(1U << BENCH_ORDER)
#define BENCH_PAGES	2048

enum page_op { OP_CLEAR, OP_COPY, OP_MEMSET };

/*
 * The byte loops lib/string.c had. The volatile store keeps the compiler
 * from recognising the loop and calling memset/memcpy instead, which
 * would measure the new code under the old name; the old loops compiled
 * to one byte store per iteration too.
 */
static void loop_set(void *dst, int c, size_t n)
{
	volatile u8 *d = dst;

	while (n--)
		*d++ = (u8)c;
}

static void loop_copy(void *dst, const void *src, size_t n)
{
	volatile u8 *d = dst;
	const u8 *s = src;

	while (n--)
		*d++ = *s++;
}

static void run_op(enum page_op op, const struct arch_string_ops *ops,
		   u8 *dst, const u8 *src)
{
	switch (op) {
	case OP_CLEAR:
		if (ops)
			ops->clear_page(dst);
		else
			loop_set(dst, 0, PAGE_SIZE);
		break;
	case OP_COPY:
		if (ops)
			ops->copy_page(dst, src);
		else
			loop_copy(dst, src, PAGE_SIZE);
		break;
	case OP_MEMSET:
		if (ops)
			ops->memset(dst, 0x5a, PAGE_SIZE);
		else
			loop_set(dst, 0x5a, PAGE_SIZE);
		break;
	}
}

/* Cycles per page of @op with @ops (NULL: the byte loop). */
static u64 cycles_per_page(enum page_op op, const struct arch_string_ops *ops,
			   u8 *dst, const u8 *src)
{
	u64 start;

	for (unsigned int i = 0; i < BENCH_NR; i++)
		run_op(op, ops, dst + i * PAGE_SIZE, src);
	start = arch_rdtsc();
	for (unsigned int i = 0; i < BENCH_PAGES; i++)
		run_op(op, ops, dst + (i % BENCH_NR) * PAGE_SIZE, src);
	return (arch_rdtsc() - start) / BENCH_PAGES;
}

static void bench_op(struct ktest *t, const char *name, enum page_op op)
{
	struct page *block = alloc_pages(GFP_KERNEL, BENCH_ORDER);
	struct page *srcp = alloc_page(GFP_KERNEL | __GFP_ZERO);
	u64 loop, selected = 0;
	u8 *dst, *src;

	if (!block || !srcp)
		goto out;
	dst = page_address(block);
	src = page_address(srcp);
	loop = cycles_per_page(op, NULL, dst, src);
	ktest_log(t, "bench %s_loop: %llu cycles/page", name,
		  (unsigned long long)loop);
	for (unsigned int k = 0; arch_string_impls[k]; k++) {
		const struct arch_string_ops *ops = arch_string_impls[k];
		u64 c = cycles_per_page(op, ops, dst, src);

		ktest_log(t, "bench %s_%s: %llu cycles/page", name,
			  ops == arch_string_impls[0] ? "rep_movsq" :
							"rep_movsb",
			  (unsigned long long)c);
		if (ops == arch_string)
			selected = c;
	}
	KTEST_EXPECT_GT(t, selected, 0);
	if (selected)
		ktest_log(t, "bench %s_speedup: %llu loop/selected x100", name,
			  (unsigned long long)(loop * 100 / selected));
out:
	KTEST_EXPECT_NOT_NULL(t, block);
	KTEST_EXPECT_NOT_NULL(t, srcp);
	if (block)
		free_pages(block, BENCH_ORDER);
	if (srcp)
		free_page(srcp);
}

/* clear_page: what every new user page and page-table page costs. */
static void clear_page_cycles(struct ktest *t)
{
	bench_op(t, "clear_page", OP_CLEAR);
}

/* copy_page: what a copy-on-write fault will cost. */
static void copy_page_cycles(struct ktest *t)
{
	bench_op(t, "copy_page", OP_COPY);
}

/* memset of a whole page with a non-zero byte (poisoning, buffers). */
static void memset_page_cycles(struct ktest *t)
{
	bench_op(t, "memset_page", OP_MEMSET);
}

KTEST_SUITE(bench_string,
	    KTEST_CASE(clear_page_cycles),
	    KTEST_CASE(copy_page_cycles),
	    KTEST_CASE(memset_page_cycles));
