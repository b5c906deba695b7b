/* SPDX-License-Identifier: MIT */
/*
 * Page tables and address translation, shaped like OpenBSD's pmap: an
 * address space is a struct arch_pt; arch_pt_map() enters one page,
 * arch_pt_unmap() removes a range, arch_tlb_flush_range() shoots it out
 * of this CPU's TLB. The kernel's own tables (direct map of RAM at
 * DIRECT_MAP_BASE, the image at KERNEL_VMA) are arch_kernel_pt.
 *
 * Table pages of the kernel's tables come from pt->table_alloc, so the
 * same code serves during boot (memblock) and later (the buddy).
 *
 * User address spaces (arch_pt_user_init()) share the kernel half: their
 * PML4 copies the kernel's 256 upper entries, which arch_mmu_init() fills
 * completely and which never change afterwards, so every address space
 * sees the same kernel mappings below them. User table pages come from
 * the caller of arch_pt_map_user(), which allocates (and charges) them
 * with no lock held in the context of the page that needs them, and
 * takes back a page that lost an install race. Tables are detached only
 * by arch_pt_prune(), and freed by the caller after its TLB shootdown.
 *
 * A user PTE is "populated" when it maps a page: present, or not present
 * with PTE_PROTNONE (PROT_NONE keeps the page but denies every access,
 * as Linux's _PAGE_PROTNONE does).
 *
 * Locking: [I] immutable after arch_mmu_init(); [p] pt->lock.
 */
#ifndef ARCH_MMU_H
#define ARCH_MMU_H

#include <arch/layout.h>
#include "kernel/spinlock.h"
#include "lib/types.h"

typedef u64 pte_t;

#define PTE_P		(1UL << 0)
#define PTE_W		(1UL << 1)
#define PTE_U		(1UL << 2)
#define PTE_PWT		(1UL << 3)
#define PTE_PCD		(1UL << 4)
#define PTE_A		(1UL << 5)	/* accessed: set by the CPU */
#define PTE_D		(1UL << 6)	/* dirty: set by the CPU on a write */
#define PTE_PS		(1UL << 7)	/* large page, in PDPT/PD entries */
#define PTE_G		(1UL << 8)
#define PTE_PROTNONE	(1UL << 9)	/* software: !P, page kept (user) */
#define PTE_SPECIAL	(1UL << 10)	/* software: a page nobody owns (the
					 * zero page): never writable */
#define PTE_NX		(1UL << 63)
#define PTE_ADDR_MASK	0x000ffffffffff000UL

#define PAGE_SIZE_2M	(1UL << 21)
#define PAGE_SIZE_1G	(1UL << 30)

/* User addresses: the lower half, minus its last page (Linux's TASK_SIZE). */
#define ARCH_USER_VA_END	0x00007ffffffff000UL
#define ARCH_USER_HALF_END	0x0000800000000000UL

/* Protections for arch_pt_map(): what the mapping allows. */
#define ARCH_PROT_READ		(1U << 0)
#define ARCH_PROT_WRITE		(1U << 1)
#define ARCH_PROT_EXEC		(1U << 2)
#define ARCH_PROT_USER		(1U << 3)
#define ARCH_PROT_UNCACHED	(1U << 4)	/* MMIO: PCD | PWT */
#define ARCH_PROT_SPECIAL	(1U << 5)	/* user: a shared page that no
						 * later protection makes
						 * writable (Linux's
						 * pte_special()) */
#define ARCH_PROT_WC		(1U << 6)	/* write-combining where PAT
						 * is on (<arch/pat.h>), else
						 * uncached */

struct arch_pt {
	/*
	 * A plain spinlock, interrupts stay on: no interrupt handler takes
	 * it (TLB shootdown IPIs only flush; faults and the mirror driver's
	 * notifier run in process context). Range walks take it once per
	 * level-0 table, so a hold is one table's work whatever the range.
	 */
	struct spinlock lock;
	paddr_t root;				/* [I] PML4 */
	paddr_t (*table_alloc)(void);		/* [p] kernel: zeroed or 0 */
	bool user;				/* [I] arch_pt_user_init()'s */
	unsigned long nr_tables;		/* [p] table pages in use */
};

extern struct arch_pt arch_kernel_pt;

static inline void *phys_to_virt(paddr_t pa)
{
	return (void *)(pa + DIRECT_MAP_BASE);
}

/* Direct-map and kernel-image addresses only. */
static inline paddr_t virt_to_phys(const void *va)
{
	vaddr_t v = (vaddr_t)va;

	if (v >= KERNEL_VMA)
		return v - KERNEL_VMA;
	return v - DIRECT_MAP_BASE;
}

struct arch_mmu_range {
	paddr_t start, end;
};

void arch_mmu_init(const struct arch_mmu_range *ram, unsigned int nr,
		   paddr_t (*table_alloc)(void));
int arch_pt_map(struct arch_pt *pt, vaddr_t va, paddr_t pa,
		unsigned int prot);
void arch_pt_unmap(struct arch_pt *pt, vaddr_t va, size_t size);
bool arch_pt_lookup(struct arch_pt *pt, vaddr_t va, paddr_t *pa,
		    pte_t *leaf);
void arch_tlb_flush_range(vaddr_t va, size_t size);
int arch_pt_reserve_tables(struct arch_pt *pt, vaddr_t start, vaddr_t end);

/* User address spaces. */
void arch_pt_user_init(struct arch_pt *pt, paddr_t root);
int arch_pt_map_user(struct arch_pt *pt, vaddr_t va, paddr_t pa,
		     unsigned int prot, paddr_t *spare);
int arch_pt_prepare_user(struct arch_pt *pt, vaddr_t va, paddr_t *spare);
bool arch_pt_populated(struct arch_pt *pt, vaddr_t va, pte_t *leaf);
int arch_pt_replace_user(struct arch_pt *pt, vaddr_t va, pte_t old,
			 paddr_t pa, unsigned int prot);
void arch_pt_protect(struct arch_pt *pt, vaddr_t start, vaddr_t end,
		     unsigned int prot);
vaddr_t arch_pt_unmap_batch(struct arch_pt *pt, vaddr_t start, vaddr_t end,
			    pte_t *old, unsigned int max, unsigned int *nr);
vaddr_t arch_pt_read_batch(struct arch_pt *pt, vaddr_t start, vaddr_t end,
			   vaddr_t *vas, pte_t *leaves, unsigned int max,
			   unsigned int *nr);
int arch_pt_map_user_table(struct arch_pt *pt, const vaddr_t *vas,
			   const pte_t *leaves, unsigned int n,
			   unsigned int prot);
bool arch_pt_clear_young(struct arch_pt *pt, vaddr_t va, paddr_t pa);
bool arch_pt_unmap_page(struct arch_pt *pt, vaddr_t va, paddr_t pa,
			pte_t *old);
unsigned int arch_pt_prune(struct arch_pt *pt, vaddr_t start, vaddr_t end,
			   paddr_t *tables, unsigned int max);
void arch_mmu_load(paddr_t root);
u64 arch_mmu_read_user_word(vaddr_t va);

/* Accessors for the leaf entries arch_pt_populated() returns. */
static inline paddr_t arch_pte_paddr(pte_t e)
{
	return e & PTE_ADDR_MASK;
}

/* May the CPU use the entry (false for a PROT_NONE one)? */
static inline bool arch_pte_present(pte_t e)
{
	return e & PTE_P;
}

/* Is the entry a special one (ARCH_PROT_SPECIAL: the zero page)? */
static inline bool arch_pte_special(pte_t e)
{
	return e & PTE_SPECIAL;
}

/* Does the entry allow writes? */
static inline bool arch_pte_writable(pte_t e)
{
	return (e & (PTE_P | PTE_W)) == (PTE_P | PTE_W);
}

/* Did the CPU write through the entry (arch_pt_unmap_page()'s @old)? */
static inline bool arch_pte_dirty(pte_t e)
{
	return e & PTE_D;
}

void *ioremap(paddr_t pa, size_t size);
void *ioremap_wc(paddr_t pa, size_t size);
bool arch_mmu_has_1g_pages(void);
bool arch_mmu_has_nx(void);

#endif
