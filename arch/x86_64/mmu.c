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
 * so phys_to_virt() holds for them too. All 256 kernel PML4 entries are
 * filled at boot, so user address spaces can share them by copying. The
 * kernel stack area (KSTACK_AREA_BASE, kernel/kstack.c) is mapped in
 * 4 KiB pages on tables reserved at boot (arch_pt_reserve_tables()).
 *
 * User address spaces (arch_pt_user_init()) map 4 KiB pages only, with
 * arch_pt_map_user(). Their table pages come from its caller: a walk
 * that needs one and has no spare returns -EAGAIN, the caller allocates
 * one with pt->lock dropped (the allocation may sleep, and is charged in
 * the caller's context) and walks again; a spare the walk did not use
 * goes back to the caller.
 *
 * Lock order: kernel/lock_order.h.
 */
#include <arch/cpu.h>
#include <arch/mmu.h>
#include <arch/pat.h>
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "lib/errno.h"
#include "lib/string.h"

#define MSR_EFER		0xc0000080
#define EFER_NXE		(1UL << 11)
#define CPUID_EXT_PDPE1GB	(1U << 26)
#define PT_LEVELS		4	/* 3 PML4, 2 PDPT, 1 PD, 0 PT */
#define FLUSH_ALL_PAGES		64	/* above this, reload CR3 */
#define CR4_SMAP		(1UL << 21)
#define USER_PML4_ENTRIES	256	/* lower half: user space */

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
	if ((prot & ARCH_PROT_USER) &&
	    !(prot & (ARCH_PROT_READ | ARCH_PROT_WRITE | ARCH_PROT_EXEC)))
		return PTE_PROTNONE |
		       (prot & ARCH_PROT_SPECIAL ? PTE_SPECIAL : 0);
	pte_t b = PTE_P;

	if (prot & ARCH_PROT_WRITE)
		b |= PTE_W;
	if (prot & ARCH_PROT_USER)
		b |= PTE_U;
	if (!(prot & ARCH_PROT_EXEC) && has_nx)
		b |= PTE_NX;
	if (prot & ARCH_PROT_UNCACHED)
		b |= PTE_PCD | PTE_PWT;
	else if (prot & ARCH_PROT_WC)	/* PAT index 1, or uncached */
		b |= arch_pat_enabled() ? PTE_PWT : PTE_PCD | PTE_PWT;
	if (prot & ARCH_PROT_SPECIAL)
		b = (b | PTE_SPECIAL) & ~PTE_W;
	return b;
}

/*
 * A new table page: the kernel's from pt->table_alloc; a user address
 * space's from *@spare, which the caller allocated with the lock dropped
 * (0: -EAGAIN, allocate one and walk again).
 */
static paddr_t new_table(struct arch_pt *pt, paddr_t *spare, int *err)
{
	paddr_t pa;

	if (pt->user) {
		pa = spare ? *spare : 0;
		if (spare)
			*spare = 0;
		*err = -EAGAIN;
	} else {
		pa = pt->table_alloc();
		*err = -ENOMEM;
	}
	return pa;
}

/*
 * The entry for @va in the table at @level, creating missing tables on
 * the way when @create. NULL with *err = -ENOMEM (no table page), -EAGAIN
 * (user tables: no *@spare), -EEXIST (a large page covers @va) or -ENOENT
 * (missing, !@create).
 */
static pte_t *walk(struct arch_pt *pt, vaddr_t va, int level, bool create,
		   bool user, paddr_t *spare, int *err)
{
	pte_t *table = phys_to_virt(pt->root);

	for (int l = PT_LEVELS - 1; l > level; l--) {
		pte_t *e = &table[pt_index(va, l)];

		if (!(*e & PTE_P)) {
			paddr_t pa = 0;

			if (!create) {
				*err = -ENOENT;
				return NULL;
			}
			if (!(pa = new_table(pt, spare, err)))
				return NULL;
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
		    unsigned int prot, paddr_t *spare)
{
	int err = 0;
	pte_t *e = walk(pt, va, level, true, prot & ARCH_PROT_USER, spare,
			&err);

	if (!e)
		return err;
	if (*e & (PTE_P | PTE_PROTNONE))
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
		err = map_leaf(pt, va, pa, level, prot, NULL);
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
 * For tables with a pt->table_alloc (the kernel's); user address spaces
 * use arch_pt_map_user().
 *
 * Context: takes and releases pt->lock; may allocate table pages.
 * Return: 0; -ENOMEM without a table page; -EEXIST when @va is mapped.
 */
int arch_pt_map(struct arch_pt *pt, vaddr_t va, paddr_t pa, unsigned int prot)
{
	int err;

	if (WARN_ON(pt->user))
		return -EINVAL;
	spin_lock(&pt->lock);
	err = map_leaf(pt, va, pa, 0, prot, NULL);
	spin_unlock(&pt->lock);
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
	spin_lock(&pt->lock);
	for (vaddr_t v = va; v < va + size; v += PAGE_SIZE) {
		int err = 0;
		pte_t *e = walk(pt, v, 0, false, false, NULL, &err);

		if (e)
			*e = 0;
		else
			WARN_ON(err == -EEXIST);
	}
	spin_unlock(&pt->lock);
	arch_tlb_flush_range(va, size);
}

/**
 * arch_pt_reserve_tables - create now every table page that 4 KiB
 * mappings in [@start, @end) will need, mapping nothing.
 * @pt: the kernel address space (tables are never pruned there)
 * @start: 2 MiB aligned start
 * @end: 2 MiB aligned end
 *
 * For areas mapped and unmapped at run time (kernel stacks): their maps
 * then never allocate, and the free-page count does not drift by the
 * table pages of whichever map came first.
 * Context: boot, process context; takes and releases pt->lock.
 * Return: 0, or -ENOMEM (tables made so far stay).
 */
int arch_pt_reserve_tables(struct arch_pt *pt, vaddr_t start, vaddr_t end)
{
	int err = 0;

	for (vaddr_t va = start; va < end && !err; va += PAGE_SIZE_2M) {
		spin_lock(&pt->lock);
		if (walk(pt, va, 0, true, false, NULL, &err))
			err = 0;
		spin_unlock(&pt->lock);
	}
	return err;
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
	pte_t *table = phys_to_virt(pt->root);
	bool found = false;

	spin_lock(&pt->lock);
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
	spin_unlock(&pt->lock);
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

static void *ioremap_prot(paddr_t pa, size_t size, unsigned int cache)
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
					     cache);
		if (err && err != -EEXIST)
			return NULL;
	}
	return phys_to_virt(pa);
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
	return ioremap_prot(pa, size, ARCH_PROT_UNCACHED);
}

/**
 * ioremap_wc - map a framebuffer [@pa, @pa + @size) write-combining.
 * @pa: physical address
 * @size: bytes
 *
 * As ioremap(), but writes may be buffered and merged: a framebuffer
 * drawn a pixel at a time costs a bus transaction per burst instead of
 * per store. Uncached when PAT is not used (<arch/pat.h>).
 *
 * Context: as ioremap().
 * Return: the virtual address of @pa, or NULL without memory for tables.
 */
void *ioremap_wc(paddr_t pa, size_t size)
{
	return ioremap_prot(pa, size, ARCH_PROT_WC);
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

/*
 * Give every kernel PML4 entry a PDPT (1 MiB in all), so that nothing
 * mapped into the kernel half later changes the PML4: user PML4s copy
 * these entries once, when they are created.
 */
static void fill_kernel_pml4(struct arch_pt *pt)
{
	pte_t *pml4 = phys_to_virt(pt->root);

	for (unsigned int i = USER_PML4_ENTRIES; i < 512; i++) {
		paddr_t pa;

		if (pml4[i] & PTE_P)
			continue;
		pa = pt->table_alloc();
		if (!pa)
			panic("mmu: no memory for the kernel PML4 entries");
		pt->nr_tables++;
		pml4[i] = pa | PTE_P | PTE_W;
	}
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
			       image_prot(KERNEL_VMA + pa), NULL);
	if (err)
		panic("mmu: building the kernel page tables failed (%d)", err);
	fill_kernel_pml4(pt);
	arch_write_cr3(pt->root);
}

/* ---- User address spaces ---------------------------------------------- */

/**
 * arch_pt_user_init - set up a user address space around a root page.
 * @pt: the address space
 * @root: a zeroed page for the PML4, owned by the caller like every
 *	  table page of @pt
 *
 * The kernel half is shared: the 256 upper PML4 entries are copied from
 * the kernel's tables, which never change them after boot.
 *
 * Context: any; @pt is not yet visible to anyone else.
 */
void arch_pt_user_init(struct arch_pt *pt, paddr_t root)
{
	const pte_t *kernel = phys_to_virt(arch_kernel_pt.root);
	pte_t *pml4 = phys_to_virt(root);

	spin_lock_init(&pt->lock, "user_pt");
	pt->root = root;
	pt->table_alloc = NULL;
	pt->user = true;
	pt->nr_tables = 1;
	for (unsigned int i = USER_PML4_ENTRIES; i < 512; i++)
		pml4[i] = kernel[i];
}

/**
 * arch_pt_map_user - map one 4 KiB user page, if the tables allow.
 * @pt: a user address space
 * @va: page-aligned user address
 * @pa: page-aligned physical address
 * @prot: ARCH_PROT_* bits (ARCH_PROT_USER is added); without READ, WRITE
 *	  and EXEC the entry is a PROT_NONE one
 * @spare: in: a zeroed page for a missing table, or 0; set to 0 when the
 *	   walk installed it (it is then @pt's, detached by arch_pt_prune())
 *
 * One walk under pt->lock: it never allocates, so the caller decides
 * where table pages come from and how they are charged.
 *
 * Context: takes and releases pt->lock.
 * Return: 0; -EAGAIN when a table is missing and *@spare is 0 (allocate
 * one and call again); -EEXIST when @va is mapped.
 */
int arch_pt_map_user(struct arch_pt *pt, vaddr_t va, paddr_t pa,
		     unsigned int prot, paddr_t *spare)
{
	int err;

	spin_lock(&pt->lock);
	err = map_leaf(pt, va, pa, 0, prot | ARCH_PROT_USER, spare);
	spin_unlock(&pt->lock);
	return err;
}

/**
 * arch_pt_prepare_user - install the tables a 4 KiB user mapping at @va
 * needs, mapping nothing (Linux allocates them in __handle_mm_fault()
 * before the page, so a fault charges its tables first).
 * @pt: a user address space
 * @va: user address
 * @spare: as for arch_pt_map_user()
 *
 * Context: takes and releases pt->lock.
 * Return: 0 when the level-0 table is there; -EAGAIN when a table is
 * missing and *@spare is 0; -EEXIST when a large page covers @va.
 */
int arch_pt_prepare_user(struct arch_pt *pt, vaddr_t va, paddr_t *spare)
{
	int err = 0;
	pte_t *e;

	spin_lock(&pt->lock);
	e = walk(pt, va, 0, true, true, spare, &err);
	spin_unlock(&pt->lock);
	return e ? 0 : err;	/* err may be stale after a spare was used */
}

/**
 * arch_pt_replace_user - swap the user entry at @va for one mapping @pa,
 * if it still is @old (a write fault replacing the zero page with a page
 * of its own, while another thread may do the same).
 * @pt: a user address space
 * @va: page-aligned user address
 * @old: the entry the caller saw (arch_pt_populated())
 * @pa: the new page
 * @prot: ARCH_PROT_* bits for the new entry (ARCH_PROT_USER is added)
 *
 * Does not flush TLBs: the caller shoots @va down.
 * Context: takes and releases pt->lock.
 * Return: 0; -EAGAIN when the entry changed meanwhile (nothing done).
 */
int arch_pt_replace_user(struct arch_pt *pt, vaddr_t va, pte_t old,
			 paddr_t pa, unsigned int prot)
{
	int err = 0;
	pte_t *e;

	spin_lock(&pt->lock);
	e = walk(pt, va, 0, false, true, NULL, &err);
	if (e && *e == old)
		*e = pa | prot_bits(prot | ARCH_PROT_USER);
	else
		err = -EAGAIN;
	spin_unlock(&pt->lock);
	return err;
}

/*
 * The level-0 table covering @va, or NULL when a table on the way is
 * missing; *@next is where the next table's range (or the missing one's
 * end) starts. Called with pt->lock held.
 */
static pte_t *pt_table_or_skip(struct arch_pt *pt, vaddr_t va, vaddr_t *next)
{
	pte_t *table = phys_to_virt(pt->root);

	for (int l = PT_LEVELS - 1; l > 0; l--) {
		pte_t e = table[pt_index(va, l)];

		if (!(e & PTE_P) || (e & PTE_PS)) {
			WARN_ON(e & PTE_PS);
			*next = ALIGN_DOWN(va, level_size(l)) + level_size(l);
			return NULL;
		}
		table = phys_to_virt(e & PTE_ADDR_MASK);
	}
	*next = ALIGN_DOWN(va, level_size(1)) + level_size(1);
	return table;
}

static bool pte_populated(pte_t e)
{
	return e & (PTE_P | PTE_PROTNONE);
}

/**
 * arch_pt_populated - does @va map a page (present or PROT_NONE)?
 * @pt: a user address space
 * @va: user address
 * @leaf: set to the entry when populated (NULL: not wanted)
 *
 * Context: takes and releases pt->lock.
 */
bool arch_pt_populated(struct arch_pt *pt, vaddr_t va, pte_t *leaf)
{
	vaddr_t next;
	pte_t *table, e = 0;

	spin_lock(&pt->lock);
	table = pt_table_or_skip(pt, va, &next);
	if (table)
		e = table[pt_index(va, 0)];
	spin_unlock(&pt->lock);
	if (pte_populated(e) && leaf)
		*leaf = e;
	return pte_populated(e);
}

/*
 * Range walks take pt->lock for one level-0 table at a time (512
 * entries) and drop it before the next: interrupts stay on and
 * preemption is off for one table's work, whatever the range's length
 * (a user chooses it), and the unlock is a preemption point. Between two
 * tables the walk holds nothing: a fault may populate an entry behind it.
 */

/* A special entry (the zero page) keeps its mark and never gets PTE_W. */
static void protect_table(pte_t *table, vaddr_t va, vaddr_t end, pte_t bits)
{
	for (; va < end; va += PAGE_SIZE) {
		pte_t *e = &table[pt_index(va, 0)];

		if (!pte_populated(*e))
			continue;
		if (*e & PTE_SPECIAL)
			*e = (*e & (PTE_ADDR_MASK | PTE_SPECIAL)) |
			     (bits & ~PTE_W);
		else
			*e = (*e & PTE_ADDR_MASK) | bits;
	}
}

/**
 * arch_pt_protect - give every populated page in [@start, @end) @prot.
 * @pt: a user address space
 * @start: page-aligned start
 * @end: page-aligned end
 * @prot: ARCH_PROT_* (no READ/WRITE/EXEC: PROT_NONE entries)
 *
 * Does not flush TLBs: the caller shoots the range down on every CPU
 * that may cache it.
 * Context: may be preempted between tables; takes and releases pt->lock
 * once per table.
 */
void arch_pt_protect(struct arch_pt *pt, vaddr_t start, vaddr_t end,
		     unsigned int prot)
{
	pte_t bits = prot_bits(prot | ARCH_PROT_USER);
	vaddr_t va, next;

	for (va = start; va < end; va = next) {
		pte_t *table;

		spin_lock(&pt->lock);
		table = pt_table_or_skip(pt, va, &next);
		if (table)
			protect_table(table, va, MIN(next, end), bits);
		spin_unlock(&pt->lock);
	}
}

/* Clear populated entries of one table in [@va, @end) into @old until
 * *@n reaches @max. Return: where it stopped. */
static vaddr_t unmap_table(pte_t *table, vaddr_t va, vaddr_t end, pte_t *old,
			   unsigned int max, unsigned int *n)
{
	for (; va < end && *n < max; va += PAGE_SIZE) {
		pte_t *e = &table[pt_index(va, 0)];

		if (pte_populated(*e)) {
			old[(*n)++] = *e;
			*e = 0;
		}
	}
	return va;
}

/**
 * arch_pt_unmap_batch - clear up to @max populated entries in a range.
 * @pt: a user address space
 * @start: page-aligned start
 * @end: page-aligned end
 * @old: receives the cleared entries (their pages are the caller's)
 * @max: capacity of @old
 * @nr: set to how many were cleared
 *
 * Does not flush TLBs and keeps the table pages: the caller shoots down
 * [@start, return value), then frees the pages, then may prune.
 * Context: may be preempted between tables; takes and releases pt->lock
 * once per table.
 * Return: where it stopped: @end, or the address after the last entry
 * cleared when @old filled up.
 */
vaddr_t arch_pt_unmap_batch(struct arch_pt *pt, vaddr_t start, vaddr_t end,
			    pte_t *old, unsigned int max, unsigned int *nr)
{
	unsigned int n = 0;
	vaddr_t va = start, next;

	while (va < end && n < max) {
		pte_t *table;

		spin_lock(&pt->lock);
		table = pt_table_or_skip(pt, va, &next);
		va = table ? unmap_table(table, va, MIN(next, end), old, max,
					 &n)
			   : next;
		spin_unlock(&pt->lock);
	}
	*nr = n;
	return MIN(va, end);
}

/**
 * arch_pt_map_user_table - enter @n pages into one level-0 table with a
 * single hold of pt->lock (a fork's copy of a parent's table: what
 * Linux's copy_pte_range() does per table under its page-table locks).
 * @pt: a user address space
 * @vas: ascending page-aligned addresses, all in the table of @vas[0]
 * @leaves: the entries whose pages to map (arch_pt_read_batch()'s); a
 *	    special one (the zero page) stays special
 * @n: how many
 * @prot: ARCH_PROT_* bits for every entry (ARCH_PROT_USER is added)
 *
 * All or nothing: every address is checked before any is entered.
 * Context: takes and releases pt->lock once.
 * Return: 0; -EAGAIN when the table is missing (arch_pt_prepare_user()
 * installs it); -EEXIST when an address is mapped; -EINVAL when the
 * addresses leave the table.
 */
int arch_pt_map_user_table(struct arch_pt *pt, const vaddr_t *vas,
			   const pte_t *leaves, unsigned int n,
			   unsigned int prot)
{
	pte_t bits = prot_bits(prot | ARCH_PROT_USER);
	pte_t special = prot_bits(prot | ARCH_PROT_USER | ARCH_PROT_SPECIAL);
	vaddr_t next;
	pte_t *table;
	int err = 0;

	if (!n)
		return 0;
	if (vas[n - 1] >= ALIGN_DOWN(vas[0], level_size(1)) + level_size(1))
		return -EINVAL;
	spin_lock(&pt->lock);
	table = pt_table_or_skip(pt, vas[0], &next);
	for (unsigned int i = 0; table && i < n && !err; i++)
		if (pte_populated(table[pt_index(vas[i], 0)]))
			err = -EEXIST;
	for (unsigned int i = 0; table && i < n && !err; i++)
		table[pt_index(vas[i], 0)] = arch_pte_paddr(leaves[i]) |
			(arch_pte_special(leaves[i]) ? special : bits);
	spin_unlock(&pt->lock);
	return table ? err : -EAGAIN;
}

/*
 * The present entry at @va if it maps @pa, else NULL (a private file
 * VMA's copy, or nothing). Called with pt->lock held.
 */
static pte_t *entry_mapping(struct arch_pt *pt, vaddr_t va, paddr_t pa)
{
	vaddr_t next;
	pte_t *table = pt_table_or_skip(pt, va, &next);
	pte_t *e = table ? &table[pt_index(va, 0)] : NULL;

	if (!e || !(*e & PTE_P) || arch_pte_paddr(*e) != pa)
		return NULL;
	return e;
}

/**
 * arch_pt_clear_young - test and clear the accessed bit of the entry at
 * @va, if it maps @pa (Linux's ptep_clear_flush_young(), which on x86
 * does not flush either: a CPU that still caches the entry may go on
 * using it without setting the bit again, so a hot page can look idle
 * for a while - reclaim then unmaps it and the next access refaults).
 * @pt: a user address space
 * @va: page-aligned user address
 * @pa: the page the caller is asking about
 *
 * The CPU sets the bit with a locked update; the clear is atomic too,
 * so an access at the same moment is not lost.
 * Context: takes and releases pt->lock.
 * Return: whether the entry maps @pa and was accessed.
 */
bool arch_pt_clear_young(struct arch_pt *pt, vaddr_t va, paddr_t pa)
{
	bool young = false;
	pte_t *e;

	spin_lock(&pt->lock);
	e = entry_mapping(pt, va, pa);
	if (e)
		young = __atomic_fetch_and(e, ~PTE_A, __ATOMIC_RELAXED) &
			PTE_A;
	spin_unlock(&pt->lock);
	return young;
}

/**
 * arch_pt_unmap_page - clear the entry at @va if it maps @pa, keeping its
 * last value (Linux's ptep_get_and_clear(): the dirty bit of a write
 * that raced the clear is in @old, not lost).
 * @pt: a user address space
 * @va: page-aligned user address
 * @pa: the page to unmap
 * @old: receives the cleared entry
 *
 * Does not flush TLBs: the caller shoots @va down on every CPU before it
 * lets the page go. Until then a CPU may still write through a cached
 * copy of the entry, but only one whose dirty bit is set already, so in
 * @old: a write through a clean copy has to set the bit in the entry,
 * finds it gone and faults.
 * Context: takes and releases pt->lock.
 * Return: whether an entry was cleared.
 */
bool arch_pt_unmap_page(struct arch_pt *pt, vaddr_t va, paddr_t pa,
			pte_t *old)
{
	pte_t *e;

	spin_lock(&pt->lock);
	e = entry_mapping(pt, va, pa);
	if (e)
		*old = __atomic_exchange_n(e, 0, __ATOMIC_RELAXED);
	spin_unlock(&pt->lock);
	return e != NULL;
}

/* Copy the populated entries of one table in [@va, @end) out until *@n
 * reaches @max. Return: where it stopped. */
static vaddr_t read_table(const pte_t *table, vaddr_t va, vaddr_t end,
			  vaddr_t *vas, pte_t *leaves, unsigned int max,
			  unsigned int *n)
{
	for (; va < end && *n < max; va += PAGE_SIZE) {
		pte_t e = table[pt_index(va, 0)];

		if (pte_populated(e)) {
			vas[*n] = va;
			leaves[(*n)++] = e;
		}
	}
	return va;
}

/**
 * arch_pt_read_batch - up to @max populated entries of a range, with
 * their addresses, skipping missing tables (a fork's walk).
 * @pt: a user address space
 * @start: page-aligned start
 * @end: page-aligned end
 * @vas: receives each entry's address
 * @leaves: receives the entries
 * @max: capacity of @vas and @leaves
 * @nr: set to how many were found
 *
 * Context: may be preempted between tables; takes and releases pt->lock
 * once per table. The entries are a snapshot: the caller keeps them
 * from changing (fork holds the mmap_lock for writing).
 * Return: where it stopped: @end, or the address after the last entry
 * read when the arrays filled up.
 */
vaddr_t arch_pt_read_batch(struct arch_pt *pt, vaddr_t start, vaddr_t end,
			   vaddr_t *vas, pte_t *leaves, unsigned int max,
			   unsigned int *nr)
{
	unsigned int n = 0;
	vaddr_t va = start, next;

	while (va < end && n < max) {
		pte_t *table;

		spin_lock(&pt->lock);
		table = pt_table_or_skip(pt, va, &next);
		va = table ? read_table(table, va, MIN(next, end), vas,
					leaves, max, &n)
			   : next;
		spin_unlock(&pt->lock);
	}
	*nr = n;
	return MIN(va, end);
}

static bool table_empty(const pte_t *table)
{
	for (unsigned int i = 0; i < 512; i++)
		if (table[i])
			return false;
	return true;
}

/* Prune below @table, a table at @level covering from @base. */
static unsigned int prune_level(struct arch_pt *pt, pte_t *table, int level,
				vaddr_t base, vaddr_t start, vaddr_t end,
				paddr_t *tables, unsigned int max,
				unsigned int n)
{
	vaddr_t first = MAX(start, base);
	vaddr_t last = MIN(end, base + 512 * level_size(level)) - 1;

	for (unsigned int i = pt_index(first, level);
	     i <= pt_index(last, level) && n < max; i++) {
		pte_t e = table[i];
		pte_t *child;

		if (!(e & PTE_P))
			continue;
		child = phys_to_virt(e & PTE_ADDR_MASK);
		if (level > 1)
			n = prune_level(pt, child, level - 1,
					base + i * level_size(level), start,
					end, tables, max, n);
		if (n < max && table_empty(child)) {
			table[i] = 0;
			tables[n++] = e & PTE_ADDR_MASK;
			pt->nr_tables--;
		}
	}
	return n;
}

/**
 * arch_pt_prune - detach empty table pages that cover [@start, @end).
 * @pt: a user address space
 * @start: start, below ARCH_USER_HALF_END
 * @end: end, at most ARCH_USER_HALF_END
 * @tables: receives the detached tables' physical addresses
 * @max: capacity of @tables
 *
 * A table is detached when it maps nothing and covers some of the range;
 * the root stays. The caller flushes the whole TLB of every CPU that may
 * have used @pt (paging-structure caches), then frees the pages; when
 * the return value is @max there may be more: call again.
 *
 * Context: takes and releases pt->lock; no page faults may walk the
 * range meanwhile (the mm's mmap_lock held for writing).
 * Return: how many were detached.
 */
unsigned int arch_pt_prune(struct arch_pt *pt, vaddr_t start, vaddr_t end,
			   paddr_t *tables, unsigned int max)
{
	unsigned int n;

	if (start >= end)
		return 0;
	spin_lock(&pt->lock);
	n = prune_level(pt, phys_to_virt(pt->root), PT_LEVELS - 1, 0, start,
			MIN(end, ARCH_USER_HALF_END), tables, max, 0);
	spin_unlock(&pt->lock);
	return n;
}

/* Switch this CPU to the tables at @root. Context: preemption off. */
void arch_mmu_load(paddr_t root)
{
	if (arch_read_cr3() != root)
		arch_write_cr3(root);
}

/**
 * arch_mmu_read_user_word - read the u64 at user address @va through the
 * tables loaded on this CPU (SMAP suspended), for tests that need this
 * CPU's TLB to be used. A fault here is a kernel oops: @va must be mapped.
 */
u64 arch_mmu_read_user_word(vaddr_t va)
{
	bool smap = arch_read_cr4() & CR4_SMAP;
	u64 v;

	if (smap)
		__asm__ volatile("stac" ::: "memory");
	v = *(volatile u64 *)va;
	if (smap)
		__asm__ volatile("clac" ::: "memory");
	return v;
}
