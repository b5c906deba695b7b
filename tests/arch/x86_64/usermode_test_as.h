/* SPDX-License-Identifier: MIT */
/*
 * A throw-away address space for the arch user-mode tests, until struct
 * mm lands: a PML4 that shares the kernel half of arch_kernel_pt and maps
 * a few user pages. The tests load it into CR3 on a CPU they cannot
 * leave (preemption off, or a bound kthread) and load the kernel's back
 * before freeing it.
 */
#ifndef TESTS_USERMODE_TEST_AS_H
#define TESTS_USERMODE_TEST_AS_H

#include <arch/cpu.h>
#include <arch/mmu.h>
#include "lib/string.h"
#include "mm/gfp.h"
#include "mm/page_alloc.h"

struct test_as {
	struct arch_pt pt;
	u64 saved_cr3;
};

static paddr_t test_as_table_alloc(void)
{
	void *p = __get_free_pages(GFP_KERNEL | __GFP_ZERO, 0);

	return p ? virt_to_phys(p) : 0;
}

static inline bool test_as_init(struct test_as *as)
{
	const pte_t *kpml4 = phys_to_virt(arch_kernel_pt.root);
	pte_t *pml4;

	memset(as, 0, sizeof(*as));
	spin_lock_init(&as->pt.lock, "test_as");
	as->pt.table_alloc = test_as_table_alloc;
	as->pt.root = test_as_table_alloc();
	if (!as->pt.root)
		return false;
	pml4 = phys_to_virt(as->pt.root);
	for (int i = 256; i < 512; i++)
		pml4[i] = kpml4[i];
	return true;
}

/* Map a fresh zeroed page at @va; return its kernel alias or NULL. */
static inline void *test_as_map(struct test_as *as, vaddr_t va,
				unsigned int prot)
{
	paddr_t pa = test_as_table_alloc();

	if (!pa)
		return NULL;
	if (arch_pt_map(&as->pt, va, pa, prot | ARCH_PROT_USER)) {
		free_pages_addr(phys_to_virt(pa), 0);
		return NULL;
	}
	return phys_to_virt(pa);
}

/* Free every page below the kernel half: tables and leaves. */
static inline void test_as_free_level(paddr_t table, int level, int n)
{
	pte_t *t = phys_to_virt(table);

	for (int i = 0; i < n; i++) {
		if (!(t[i] & PTE_P))
			continue;
		if (level > 0)
			test_as_free_level(t[i] & PTE_ADDR_MASK, level - 1,
					   512);
		else
			free_pages_addr(phys_to_virt(t[i] & PTE_ADDR_MASK), 0);
	}
	free_pages_addr(t, 0);
}

static inline void test_as_destroy(struct test_as *as)
{
	const pte_t *pml4 = phys_to_virt(as->pt.root);

	for (int i = 0; i < 256; i++)
		if (pml4[i] & PTE_P)
			test_as_free_level(pml4[i] & PTE_ADDR_MASK, 2, 512);
	free_pages_addr((void *)pml4, 0);
}

static inline void test_as_load(struct test_as *as)
{
	as->saved_cr3 = arch_read_cr3();
	arch_write_cr3(as->pt.root);
}

static inline void test_as_unload(struct test_as *as)
{
	arch_write_cr3(as->saved_cr3);
}

#endif
