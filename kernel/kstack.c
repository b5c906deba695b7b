// SPDX-License-Identifier: MIT
/*
 * Kernel stacks in their own area of kernel address space (kernel/kstack.h).
 * The area is an array of KSTACK_SLOTS slots; a slot is a guard of
 * KSTACK_GUARD_SIZE that is never mapped, then KSTACK_SIZE mapped with
 * 4 KiB pages from the page allocator while the slot is in use:
 *
 *   KSTACK_AREA_BASE + i * KSTACK_SLOT_SIZE
 *   | guard (unmapped) | stack: 4 pages, RW, NX |  | guard | stack | ...
 *                      ^ kstack_alloc() returns this (the lowest byte)
 *
 * The page tables of the whole area are made at boot, so mapping a stack
 * never allocates a table page and the free-page count after a freed
 * stack is what it was before it was allocated.
 *
 * Invariant: a slot is free in the bitmap only while none of its pages is
 * mapped and no CPU's TLB can still hold one of its old translations:
 * kstack_free() unmaps, shoots the range down on every CPU and gives the
 * pages back before it frees the slot.
 *
 * A user thread's stack (kstack_alloc_account()) is kernel memory charged
 * to current's memory cgroup, all KSTACK_PAGES at once, and uncharged from
 * that memcg when the stack is freed, wherever the task went meanwhile.
 *
 * Locking: [s] kstack_lock (the bitmap); [I] set by kstack_init(); [o]
 * the slot's owner, between kstack_alloc*() and kstack_free().
 */
#include <arch/mmu.h>
#include <arch/smp.h>
#include "kernel/kstack.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/spinlock.h"
#include "mm/memcg.h"
#include "mm/page_alloc.h"

static struct spinlock kstack_lock = SPINLOCK_INIT("kstack");
static u64 slot_used[KSTACK_SLOTS / 64];	/* [s] */
static unsigned int slot_next;			/* [s] next-fit cursor */
static unsigned int slots_in_use;		/* [s] */
static bool kstack_ready;			/* [I] */
static struct memcg *slot_memcg[KSTACK_SLOTS];	/* [o] charged, or NULL */

static vaddr_t slot_stack(unsigned int slot)
{
	return KSTACK_AREA_BASE + (vaddr_t)slot * KSTACK_SLOT_SIZE +
	       KSTACK_GUARD_SIZE;
}

/**
 * kstack_init - reserve the page tables of the kernel stack area.
 *
 * Context: boot CPU, once, after mm_init() and before the first task is
 * created.
 */
void kstack_init(void)
{
	if (arch_pt_reserve_tables(&arch_kernel_pt, KSTACK_AREA_BASE,
				   KSTACK_AREA_BASE + KSTACK_AREA_SIZE))
		panic("kstack: no memory for the stack area's page tables");
	kstack_ready = true;
	pr_info("kstack: %u stacks of %lu KiB at %#lx, %lu KiB guards\n",
		KSTACK_SLOTS, KSTACK_SIZE / 1024, KSTACK_AREA_BASE,
		KSTACK_GUARD_SIZE / 1024);
}

static int slot_get(void)
{
	unsigned long flags = spin_lock_irqsave(&kstack_lock);
	int slot = -1;

	for (unsigned int n = 0; n < KSTACK_SLOTS; n++) {
		unsigned int i = (slot_next + n) % KSTACK_SLOTS;

		if (!(slot_used[i / 64] & (1ULL << (i % 64)))) {
			slot_used[i / 64] |= 1ULL << (i % 64);
			slot_next = (i + 1) % KSTACK_SLOTS;
			slots_in_use++;
			slot = (int)i;
			break;
		}
	}
	spin_unlock_irqrestore(&kstack_lock, flags);
	return slot;
}

static void slot_put(unsigned int slot)
{
	unsigned long flags = spin_lock_irqsave(&kstack_lock);

	BUG_ON(!(slot_used[slot / 64] & (1ULL << (slot % 64))));
	slot_used[slot / 64] &= ~(1ULL << (slot % 64));
	slots_in_use--;
	spin_unlock_irqrestore(&kstack_lock, flags);
}

/*
 * Unmap the first @mapped pages of the stack at @stack, flush them from
 * every CPU's TLB, and give the pages back.
 */
static void stack_release(vaddr_t stack, unsigned int mapped)
{
	paddr_t pa[KSTACK_PAGES];

	for (unsigned int i = 0; i < mapped; i++)
		if (!arch_pt_lookup(&arch_kernel_pt, stack + i * PAGE_SIZE,
				    &pa[i], NULL))
			panic("kstack: page %u of stack %#lx not mapped", i,
			      stack);
	arch_pt_unmap(&arch_kernel_pt, stack, mapped * PAGE_SIZE);
	arch_tlb_shootdown(NULL, stack, stack + mapped * PAGE_SIZE);
	for (unsigned int i = 0; i < mapped; i++)
		free_page_addr(phys_to_virt(pa[i]));
}

/**
 * kstack_alloc - a new kernel stack with a guard below it.
 *
 * Context: process context, may sleep (GFP_KERNEL).
 * Return: the lowest address of KSTACK_SIZE mapped bytes (the stack
 * grows down towards it), or NULL without memory or a free slot.
 */
void *kstack_alloc(void)
{
	int slot;
	vaddr_t stack;
	unsigned int i;

	BUG_ON(!kstack_ready);
	slot = slot_get();
	if (slot < 0) {
		pr_warn_ratelimited("kstack: all %u stacks in use\n",
				    KSTACK_SLOTS);
		return NULL;
	}
	stack = slot_stack((unsigned int)slot);
	for (i = 0; i < KSTACK_PAGES; i++) {
		void *page = __get_free_page(GFP_KERNEL);

		if (!page)
			goto fail;
		if (arch_pt_map(&arch_kernel_pt, stack + i * PAGE_SIZE,
				virt_to_phys(page),
				ARCH_PROT_READ | ARCH_PROT_WRITE)) {
			free_page_addr(page);
			goto fail;
		}
	}
	return (void *)stack;
fail:
	stack_release(stack, i);
	slot_put((unsigned int)slot);
	return NULL;
}

/**
 * kstack_alloc_account - kstack_alloc() for a user thread: the stack is
 * charged to current's memory cgroup (Linux 6.1's
 * memcg_charge_kernel_stack(): each page with GFP_KERNEL, counted in
 * memory.stat "kernel") until kstack_free().
 *
 * Context: process context, may sleep (the charge may reclaim or OOM).
 * Return: as kstack_alloc(); NULL too when the charge fails.
 */
void *kstack_alloc_account(void)
{
	struct memcg *m = memcg_get_from_current();
	void *stack = NULL;

	if (!memcg_kmem_charge_obj(m, GFP_KERNEL, KSTACK_SIZE)) {
		stack = kstack_alloc();
		if (!stack)
			memcg_kmem_uncharge_obj(m, KSTACK_SIZE);
	}
	if (!stack) {
		memcg_put(m);
		return NULL;
	}
	slot_memcg[((vaddr_t)stack - KSTACK_AREA_BASE) / KSTACK_SLOT_SIZE] =
		m;	/* keeps the reference */
	return stack;
}

/* Uncharge the stack in @slot if it was charged. */
static void stack_uncharge(unsigned int slot)
{
	struct memcg *m = slot_memcg[slot];

	if (!m)
		return;
	slot_memcg[slot] = NULL;
	memcg_kmem_uncharge_obj(m, KSTACK_SIZE);
	memcg_put(m);
}

/**
 * kstack_free - give back a stack from kstack_alloc() or
 * kstack_alloc_account(), uncharging the latter.
 * @stack: its lowest address; nothing may run on it any more
 *
 * Context: process context or the scheduler after a switch, interrupts
 * on or off, not in an interrupt handler and holding no spinlock: the
 * TLB shootdown waits for every other CPU.
 */
void kstack_free(void *stack)
{
	vaddr_t va = (vaddr_t)stack;
	unsigned int slot = (unsigned int)((va - KSTACK_AREA_BASE) /
					   KSTACK_SLOT_SIZE);

	BUG_ON(va < KSTACK_AREA_BASE || slot >= KSTACK_SLOTS ||
	       va != slot_stack(slot));
	stack_release(va, KSTACK_PAGES);
	stack_uncharge(slot);
	slot_put(slot);
}

/**
 * kstack_guard_hit - is @addr in the guard below a kernel stack?
 * @addr: a faulting address (CR2)
 * @stack: set to the lowest address of the stack above the guard
 * @stack_end: set to one past its highest address
 *
 * Context: any, including exception handlers; lock-free (pure arithmetic).
 * Return: true if @addr is in a guard; whether that stack is in use is
 * not checked (a fault there is an overflow either way).
 */
bool kstack_guard_hit(vaddr_t addr, vaddr_t *stack, vaddr_t *stack_end)
{
	vaddr_t off;

	if (addr < KSTACK_AREA_BASE ||
	    addr >= KSTACK_AREA_BASE + KSTACK_AREA_SIZE)
		return false;
	off = (addr - KSTACK_AREA_BASE) % KSTACK_SLOT_SIZE;
	if (off >= KSTACK_GUARD_SIZE)
		return false;
	*stack = addr - off + KSTACK_GUARD_SIZE;
	*stack_end = *stack + KSTACK_SIZE;
	return true;
}

/* Stacks allocated and not yet freed (tests). */
unsigned int kstack_nr_used(void)
{
	unsigned long flags = spin_lock_irqsave(&kstack_lock);
	unsigned int n = slots_in_use;

	spin_unlock_irqrestore(&kstack_lock, flags);
	return n;
}
