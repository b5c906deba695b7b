/* SPDX-License-Identifier: MIT */
/*
 * Populate: fault pages of a range in from kernel context on a task's
 * behalf - MAP_POPULATE, MAP_LOCKED, mlock(), mlockall(MCL_CURRENT),
 * MADV_POPULATE_READ/WRITE; Linux's __mm_populate()/faultin_page_range(),
 * the get_user_pages analogue. Faults are taken without FAULT_FLAG_USER,
 * so their charges (page tables included) are CHARGE_POPULATE: under a
 * memory cgroup limit they fail with -ENOMEM instead of entering the
 * user-fault OOM path. With the memcg OOM kill deferred to the end of a
 * user fault (Linux 3.12 to 4.18, 3812c8c8f395 until 29ef680ae7c2) that
 * is how a MAP_POPULATE mapping ends up silently partially populated, so
 * populate_range() reports how many pages of the range are mapped.
 */
#ifndef MM_POPULATE_H
#define MM_POPULATE_H

#include "lib/types.h"

struct mm;

#define POPULATE_WRITE		(1U << 0)	/* write-fault every page */
#define POPULATE_READ		(1U << 1)	/* read-fault, even if writable */
#define POPULATE_IGNORE_ERRORS	(1U << 2)	/* skip what cannot be done */
#define POPULATE_SKIP_NOACCESS	(1U << 3)	/* skip PROT_NONE, PFNMAP VMAs */

int populate_range(struct mm *mm, vaddr_t start, vaddr_t end,
		   unsigned int flags, unsigned long *nr_pages);

#endif
