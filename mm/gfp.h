/* SPDX-License-Identifier: MIT */
/*
 * Allocation flags, modelled on Linux's gfp_t. The names, the bit values
 * and the combinations are Linux 6.1's (include/linux/gfp_types.h), so
 * that code reads the same and an OOM report prints the same mask
 * ("gfp_mask=0xcc0(GFP_KERNEL)"). What each flag does here is stated
 * beside it; the page allocator has no reclaim, the memory cgroup charge
 * path (mm/memcg_charge.c) reads the reclaim and retry flags.
 */
#ifndef MM_GFP_H
#define MM_GFP_H

#include "lib/types.h"

typedef unsigned int gfp_t;

#define __GFP_HIGH		0x20U	/* may use half of the min reserve;
					 * memcg (Linux >= 5.18): may force
					 * a charge over the limit */
#define __GFP_IO		0x40U
#define __GFP_FS		0x80U
#define __GFP_ZERO		0x100U	/* return zeroed memory */
#define __GFP_ATOMIC		0x200U	/* part of GFP_ATOMIC (Linux < 6.3) */
#define __GFP_DIRECT_RECLAIM	0x400U	/* caller may sleep and reclaim */
#define __GFP_KSWAPD_RECLAIM	0x800U	/* may wake background reclaim */
#define __GFP_NOWARN		0x2000U
#define __GFP_RETRY_MAYFAIL	0x4000U	/* try hard, then fail */
#define __GFP_NOFAIL		0x8000U	/* never fails (see alloc_pages()) */
#define __GFP_NORETRY		0x10000U /* one light attempt only */
#define __GFP_ACCOUNT		0x400000U /* charge to the memory cgroup */

#define __GFP_RECLAIM	(__GFP_DIRECT_RECLAIM | __GFP_KSWAPD_RECLAIM)

#define GFP_KERNEL	(__GFP_RECLAIM | __GFP_IO | __GFP_FS)
#define GFP_KERNEL_ACCOUNT (GFP_KERNEL | __GFP_ACCOUNT)
#define GFP_NOFS	(__GFP_RECLAIM | __GFP_IO)
#define GFP_NOIO	(__GFP_RECLAIM)
#define GFP_NOWAIT	(__GFP_KSWAPD_RECLAIM)
#define GFP_ATOMIC	(__GFP_HIGH | __GFP_ATOMIC | __GFP_KSWAPD_RECLAIM)

/* Room gfp_format() needs for any mask. */
#define GFP_FORMAT_LEN	160

static inline bool gfpflags_allow_blocking(gfp_t gfp)
{
	return gfp & __GFP_DIRECT_RECLAIM;
}

size_t gfp_format(char *buf, size_t size, gfp_t gfp);
int gfp_parse(const char *s, gfp_t *out);

#endif
