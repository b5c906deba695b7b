// SPDX-License-Identifier: MIT
/*
 * PTRACE_PEEK* and PTRACE_POKE*: one word of a traced process's memory,
 * read or written by its tracer (Linux's ptrace_access_vm()). Each page
 * the word touches is faulted in from kernel context (a write fault
 * for a poke, so a private page is copied first, as on Linux), found in
 * the process's page tables and reached through the kernel's map of
 * physical memory, all under the mmap lock so it cannot be unmapped
 * meanwhile. A page the mapping does not allow (a poke into read-only
 * text: Linux forces that write through FOLL_FORCE, oomlab does not) or
 * a hole is -EIO, as Linux answers for an unreadable word.
 */
#include <arch/mmu.h>
#include "kernel/process.h"
#include "kernel/ptrace_internal.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "mm/mm.h"
#include "mm/populate.h"

/* Copy @len bytes at @addr of @mm, within one page, to or from @buf.
 * Context: mm->mmap_lock held for reading. */
static int access_page(struct mm *mm, u64 addr, void *buf, size_t len,
		       bool write)
{
	vaddr_t page = addr & ~(PAGE_SIZE - 1);
	unsigned long mapped = 0;
	paddr_t pa;
	void *p;

	if (populate_range(mm, page, page + PAGE_SIZE,
			   write ? POPULATE_WRITE : POPULATE_READ, &mapped) ||
	    !mapped || !arch_pt_lookup(&mm->pt, addr, &pa, NULL))
		return -EIO;
	p = phys_to_virt(pa);
	if (write)
		memcpy(p, buf, len);
	else
		memcpy(buf, p, len);
	return 0;
}

/**
 * ptrace_access_word - read or write the 8 bytes at @addr of @c.
 * @c: the traced process (a reference held)
 * @addr: any user address; the word may straddle two pages
 * @word: the value read, or to write
 * @write: poke rather than peek
 *
 * Context: task context, may sleep.
 * Return: 0; -EIO when a byte cannot be reached (or @c has no mm).
 */
int ptrace_access_word(struct process *c, u64 addr, u64 *word, bool write)
{
	size_t first = PAGE_SIZE - (addr & (PAGE_SIZE - 1));
	struct mm *mm = NULL;
	int r;

	if (!arch_user_addr_ok(addr) || !arch_user_addr_ok(addr + 7))
		return -EIO;
	spin_lock(&c->lock);
	if (c->mm && mmget_not_zero(c->mm))
		mm = c->mm;
	spin_unlock(&c->lock);
	if (!mm)
		return -EIO;
	if (first > sizeof(*word))
		first = sizeof(*word);
	mmap_read_lock(mm);
	r = access_page(mm, addr, word, first, write);
	if (!r && first < sizeof(*word))
		r = access_page(mm, addr + first, (u8 *)word + first,
				sizeof(*word) - first, write);
	mmap_read_unlock(mm);
	mmput(mm);
	return r;
}
