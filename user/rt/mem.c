// SPDX-License-Identifier: MIT
/*
 * Anonymous memory helpers. Residency comes from mincore(): one byte per
 * page, bit 0 set when the page is in memory. That is how a program sees
 * whether MAP_POPULATE or mlock() really populated a range (the kernel
 * does not say so in their return values).
 */
#include "rt/mem.h"
#include "rt/sys.h"

#define MINCORE_CHUNK 512	/* pages asked per mincore() call */

/**
 * mem_map_anon - map private anonymous read-write memory.
 * @len: bytes, rounded up to pages by the kernel.
 * @flags: extra MAP_* flags (MAP_POPULATE, MAP_LOCKED, ...).
 *
 * Return: the address, or a negated errno (test with syscall_failed()).
 */
long mem_map_anon(size_t len, int flags)
{
	return sys_mmap(NULL, len, PROT_READ | PROT_WRITE,
			MAP_PRIVATE | MAP_ANONYMOUS | flags, -1, 0);
}

/**
 * mem_resident_pages - count the pages of a range that are in memory.
 * @addr: page-aligned start.
 * @len: bytes.
 *
 * Context: may sleep (mincore takes the mmap lock for reading).
 * Return: the number of resident pages, or mincore()'s negated errno.
 */
long mem_resident_pages(void *addr, size_t len)
{
	unsigned char vec[MINCORE_CHUNK];
	size_t npages = (len + PAGE_SIZE - 1) / PAGE_SIZE, done = 0;
	long resident = 0;

	while (done < npages) {
		size_t n = npages - done;
		long r;

		if (n > MINCORE_CHUNK)
			n = MINCORE_CHUNK;
		r = sys_mincore((char *)addr + done * PAGE_SIZE, n * PAGE_SIZE,
				vec);
		if (r < 0)
			return r;
		for (size_t i = 0; i < n; i++)
			resident += vec[i] & 1;
		done += n;
	}
	return resident;
}
