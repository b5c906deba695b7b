// SPDX-License-Identifier: MIT
/*
 * x86_64 4-level page tables (see <arch/mmu.h>). arch_mmu_init() builds
 * the kernel's own tables to replace boot.S's throw-away ones:
 *
 *   DIRECT_MAP_BASE + pa  ->  pa   every RAM range (usable, ACPI, NVS)
 *                                  and the first 1 MiB; 1 GiB pages when
 *                                  the CPU has them, else 2 MiB, 4 KiB at
 *                                  unaligned edges; RW, NX
 *   KERNEL_VMA + pa       ->  pa   the kernel image in 4 KiB pages: text
 *                                  RX, rodata and the symbol table R+NX,
 *                                  the rest RW+NX (NX only when EFER.NXE)
 *
 * Holes in the physical map stay unmapped in the direct map; ioremap()
 * fills MMIO pages into them, uncached, at the same DIRECT_MAP_BASE + pa,
 * so phys_to_virt() holds for them too.
 *
 * Lock order: arch_pt.lock is a leaf except for pt->table_alloc, which
 * may take the zone lock (kernel tables after boot).
 */
#include <arch/cpu.h>
#include <arch/mmu.h>
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "lib/errno.h"
#include "lib/string.h"

#define MSR_EFER		0xc0000080
#define EFER_NXE		(1UL << 11)
#define CPUID_EXT_PDPE1GB	(1U << 26)
#define PT_LEVELS		4	/* 3 PML4, 2 PDPT, 1 PD, 0 PT */
#define FLUSH_ALL_PAGES		64	/* above this, reload CR3 */

extern char __kernel_phys_start[], __kernel_phys_end[];
extern char __text_start[], __text_end[], __ex_table_end[], __bss_end[];

struct arch_pt arch_kernel_pt = { .lock = SPINLOCK_INIT("kernel_pt") };
static bool has_1g_pages;	/* [I] */
static bool has_nx;		/* [I] */

static inline void invlpg(vaddr_t va)
{
	__asm__ volatile("invlpg (%0)" : : "r"(va) : "memory");
}

static inline unsigned int pt_index(vaddr_t va, int level)
{
	return (va >> (PAGE_SHIFT + 9 * level)) & 511;
}

static inline u64 level_size(int level)
{
	return 1UL << (PAGE_SHIFT + 9 * level);
}

static pte_t prot_bits(unsigned int prot)
{
	pte_t b = PTE_P;

	if (prot & ARCH_PROT_WRITE)
		b |= PTE_W;
	if (prot & ARCH_PROT_USER)
		b |= PTE_U;
	if (!(prot & ARCH_PROT_EXEC) && has_nx)
		b |= PTE_NX;
	if (prot & ARCH_PROT_UNCACHED)
		b |= PTE_PCD | PTE_PWT;
	return b;
}

/*
 * The entry for @va in the table at @level, creating missing tables on
 * the way when @create. NULL with *err = -ENOMEM (no table page), -EEXIST
 * (a large page covers @va) or -ENOENT (missing, !@create).
 */
static pte_t *walk(struct arch_pt *pt, vaddr_t va, int level, bool create,
		   bool user, int *err)
{
	pte_t *table = phys_to_virt(pt->root);

	for (int l = PT_LEVELS - 1; l > level; l--) {
		pte_t *e = &table[pt_index(va, l)];

		if (!(*e & PTE_P)) {
			paddr_t pa;

			if (!create || !(pa = pt->table_alloc())) {
				*err = create ? -ENOMEM : -ENOENT;
				return NULL;
			}
			pt->nr_tables++;
			*e = pa | PTE_P | PTE_W | (user ? PTE_U : 0);
		} else if (*e & PTE_PS) {
			*err = -EEXIST;
			return NULL;
		}
		table = phys_to_virt(*e & PTE_ADDR_MASK);
	}
	return &table[pt_index(va, level)];
}

static int map_leaf(struct arch_pt *pt, vaddr_t va, paddr_t pa, int level,
		    unsigned int prot)
{
	int err = 0;
	pte_t *e = walk(pt, va, level, true, prot & ARCH_PROT_USER, &err);

	if (!e)
		return err;
	if (*e & PTE_P)
		return -EEXIST;
	*e = pa | prot_bits(prot) | (level ? PTE_PS : 0);
	return 0;
}

/* Map [pa, pa+size) at va with the largest pages alignment allows. */
static int map_range(struct arch_pt *pt, vaddr_t va, paddr_t pa, u64 size,
		     unsigned int prot)
{
	while (size) {
		int level = has_1g_pages ? 2 : 1;
		int err;

		while (level && (!IS_ALIGNED(va | pa, level_size(level)) ||
				 size < level_size(level)))
			level--;
		err = map_leaf(pt, va, pa, level, prot);
		if (err)
			return err;
		va += level_size(level);
		pa += level_size(level);
		size -= level_size(level);
	}
	return 0;
}

/**
 * arch_pt_map - map one 4 KiB page.
 * @pt: the address space
 * @va: page-aligned virtual address
 * @pa: page-aligned physical address
 * @prot: ARCH_PROT_* bits
 *
 * Context: takes and releases pt->lock; may allocate a table page.
 * Return: 0; -ENOMEM without a table page; -EEXIST when @va is mapped.
 */
int arch_pt_map(struct arch_pt *pt, vaddr_t va, paddr_t pa, unsigned int prot)
{
	unsigned long flags = spin_lock_irqsave(&pt->lock);
	int err = map_leaf(pt, va, pa, 0, prot);

	spin_unlock_irqrestore(&pt->lock, flags);
	return err;
}

/**
 * arch_pt_unmap - remove the 4 KiB mappings in [@va, @va + @size) and
 * flush them from this CPU's TLB. Unmapped pages are skipped; large
 * pages are not split (a WARN, and they stay).
 * @pt: the address space
 * @va: page-aligned start
 * @size: bytes, a multiple of PAGE_SIZE
 *
 * Table pages are kept. Context: takes and releases pt->lock.
 */
void arch_pt_unmap(struct arch_pt *pt, vaddr_t va, size_t size)
{
	unsigned long flags = spin_lock_irqsave(&pt->lock);

	for (vaddr_t v = va; v < va + size; v += PAGE_SIZE) {
		int err = 0;
		pte_t *e = walk(pt, v, 0, false, false, &err);

		if (e)
			*e = 0;
		else
			WARN_ON(err == -EEXIST);
	}
	spin_unlock_irqrestore(&pt->lock, flags);
	arch_tlb_flush_range(va, size);
}

/**
 * arch_pt_lookup - translate @va through @pt.
 * @pt: the address space
 * @va: any virtual address
 * @pa: set to the physical address when mapped
 * @leaf: set to the leaf entry (NULL: not wanted)
 *
 * Context: takes and releases pt->lock.
 * Return: whether @va is mapped.
 */
bool arch_pt_lookup(struct arch_pt *pt, vaddr_t va, paddr_t *pa, pte_t *leaf)
{
	unsigned long flags = spin_lock_irqsave(&pt->lock);
	pte_t *table = phys_to_virt(pt->root);
	bool found = false;

	for (int l = PT_LEVELS - 1; l >= 0; l--) {
		pte_t e = table[pt_index(va, l)];

		if (!(e & PTE_P))
			break;
		if (l == 0 || (e & PTE_PS)) {
			u64 mask = level_size(l) - 1;

			*pa = (e & PTE_ADDR_MASK & ~mask) | (va & mask);
			if (leaf)
				*leaf = e;
			found = true;
			break;
		}
		table = phys_to_virt(e & PTE_ADDR_MASK);
	}
	spin_unlock_irqrestore(&pt->lock, flags);
	return found;
}

/* Drop [@va, @va + @size) from this CPU's TLB. Context: any. */
void arch_tlb_flush_range(vaddr_t va, size_t size)
{
	if (size / PAGE_SIZE > FLUSH_ALL_PAGES) {
		arch_write_cr3(arch_read_cr3());
		return;
	}
	for (vaddr_t v = ALIGN_DOWN(va, PAGE_SIZE); v < va + size;
	     v += PAGE_SIZE)
		invlpg(v);
}

/**
 * ioremap - map device memory [@pa, @pa + @size) uncached.
 * @pa: physical address of the registers
 * @size: bytes
 *
 * The mapping lives at DIRECT_MAP_BASE + @pa. Pages already mapped there
 * are left as they are: RAM (cached, e.g. ACPI tables in RAM) or an
 * earlier ioremap of the same device. Never unmapped (no iounmap yet).
 *
 * Context: may allocate table pages (kernel tables: see mm_init()).
 * Return: the virtual address of @pa, or NULL without memory for tables.
 */
void *ioremap(paddr_t pa, size_t size)
{
	paddr_t start = ALIGN_DOWN(pa, PAGE_SIZE);
	paddr_t end = ALIGN_UP(pa + size, PAGE_SIZE);
	struct arch_pt *pt = &arch_kernel_pt;

	for (paddr_t p = start; p < end; p += PAGE_SIZE) {
		vaddr_t va = (vaddr_t)phys_to_virt(p);
		paddr_t old;
		int err;

		if (arch_pt_lookup(pt, va, &old, NULL))
			continue;
		err = arch_pt_map(pt, va, p, ARCH_PROT_READ | ARCH_PROT_WRITE |
					     ARCH_PROT_UNCACHED);
		if (err && err != -EEXIST)
			return NULL;
	}
	return phys_to_virt(pa);
}

bool arch_mmu_has_1g_pages(void)
{
	return has_1g_pages;
}

bool arch_mmu_has_nx(void)
{
	return has_nx;
}

static unsigned int image_prot(vaddr_t va)
{
	vaddr_t text = (vaddr_t)__text_start;
	vaddr_t text_end = ALIGN_UP((vaddr_t)__text_end, PAGE_SIZE);
	vaddr_t ro_end = ALIGN_UP((vaddr_t)__ex_table_end, PAGE_SIZE);
	vaddr_t ksyms = ALIGN_UP((vaddr_t)__bss_end, PAGE_SIZE);

	if (va >= text && va < text_end)
		return ARCH_PROT_READ | ARCH_PROT_EXEC;
	if ((va >= text_end && va < ro_end) || va >= ksyms)
		return ARCH_PROT_READ;
	return ARCH_PROT_READ | ARCH_PROT_WRITE;
}

/**
 * arch_mmu_init - build the kernel's page tables and switch to them.
 * @ram: physical ranges to direct-map, sorted, disjoint, page-aligned
 * @nr: how many
 * @table_alloc: returns a zeroed page for tables, reachable through the
 *	current direct map (during boot: below 4 GiB), or 0
 *
 * Context: boot CPU, interrupts off, once. Panics without table pages.
 */
void arch_mmu_init(const struct arch_mmu_range *ram, unsigned int nr,
		   paddr_t (*table_alloc)(void))
{
	struct arch_pt *pt = &arch_kernel_pt;
	paddr_t kstart = (paddr_t)__kernel_phys_start;
	paddr_t kend = ALIGN_UP((paddr_t)__kernel_phys_end, PAGE_SIZE);
	int err = 0;

	if (arch_cpuid(0x80000000, 0).eax >= 0x80000001)
		has_1g_pages = arch_cpuid(0x80000001, 0).edx &
			       CPUID_EXT_PDPE1GB;
	has_nx = arch_rdmsr(MSR_EFER) & EFER_NXE;
	pt->table_alloc = table_alloc;
	pt->root = table_alloc();
	if (!pt->root)
		panic("mmu: no memory for the kernel page tables");
	pt->nr_tables = 1;
	for (unsigned int i = 0; i < nr && !err; i++)
		err = map_range(pt, (vaddr_t)phys_to_virt(ram[i].start),
				ram[i].start, ram[i].end - ram[i].start,
				ARCH_PROT_READ | ARCH_PROT_WRITE);
	for (paddr_t pa = kstart; pa < kend && !err; pa += PAGE_SIZE)
		err = map_leaf(pt, KERNEL_VMA + pa, pa, 0,
			       image_prot(KERNEL_VMA + pa));
	if (err)
		panic("mmu: building the kernel page tables failed (%d)", err);
	arch_write_cr3(pt->root);
}
