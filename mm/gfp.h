/* SPDX-License-Identifier: MIT */
/*
 * Allocation flags, modelled on Linux's gfp_t. The names and their
 * combinations are Linux's so that code reads the same; what each flag
 * does here is stated beside it. There is no reclaim yet: the reclaim
 * flags are accepted and recorded for the OOM work that follows.
 */
#ifndef MM_GFP_H
#define MM_GFP_H

#include "lib/types.h"

typedef unsigned int gfp_t;

#define __GFP_HIGH		(1U << 0)  /* may use half of the min reserve */
#define __GFP_ZERO		(1U << 1)  /* return zeroed memory */
#define __GFP_NOFAIL		(1U << 2)  /* see alloc_pages() */
#define __GFP_RETRY_MAYFAIL	(1U << 3)  /* try hard, then fail (no OOM) */
#define __GFP_NORETRY		(1U << 4)  /* one light attempt only */
#define __GFP_DIRECT_RECLAIM	(1U << 5)  /* caller may sleep and reclaim */
#define __GFP_KSWAPD_RECLAIM	(1U << 6)  /* may wake background reclaim */
#define __GFP_IO		(1U << 7)
#define __GFP_FS		(1U << 8)
#define __GFP_ACCOUNT		(1U << 9)  /* reserved: charge to a memcg */

#define __GFP_RECLAIM	(__GFP_DIRECT_RECLAIM | __GFP_KSWAPD_RECLAIM)

#define GFP_KERNEL	(__GFP_RECLAIM | __GFP_IO | __GFP_FS)
#define GFP_NOWAIT	(__GFP_KSWAPD_RECLAIM)
#define GFP_ATOMIC	(__GFP_HIGH | __GFP_KSWAPD_RECLAIM)

static inline bool gfpflags_allow_blocking(gfp_t gfp)
{
	return gfp & __GFP_DIRECT_RECLAIM;
}

#endif
