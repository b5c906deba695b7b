/* SPDX-License-Identifier: MIT */
/*
 * Allocation flags, modelled on Linux's gfp_t. The names, the bit values
 * and the combinations are Linux 6.1's (include/linux/gfp_types.h), so
 * that code reads the same and an OOM report prints the same mask
 * ("gfp_mask=0xcc0(GFP_KERNEL)"). What each flag does here is stated
 * beside it; the page allocator has no reclaim, the memory cgroup charge
 * path (mm/memcg_design.c) reads the reclaim and retry flags.
 */
#ifndef MM_GFP_H
#define MM_GFP_H

#include "lib/types.h"

typedef unsigned int gfp_t;

/* Zone and placement bits: one zone here, so only printed, never read. */
#define __GFP_DMA		0x01U
#define __GFP_HIGHMEM		0x02U
#define __GFP_DMA32		0x04U
#define __GFP_MOVABLE		0x08U
#define __GFP_RECLAIMABLE	0x10U
#define __GFP_HIGH		0x20U	/* may use half of the min reserve;
					 * memcg (Linux >= 5.18): may force
					 * a charge over the limit */
#define __GFP_IO		0x40U
#define __GFP_FS		0x80U
#define __GFP_ZERO		0x100U	/* return zeroed memory */
#define __GFP_ATOMIC		0x200U	/* part of GFP_ATOMIC (Linux < 6.3) */
#define __GFP_DIRECT_RECLAIM	0x400U	/* caller may sleep and reclaim */
#define __GFP_KSWAPD_RECLAIM	0x800U	/* may wake background reclaim */
#define __GFP_WRITE		0x1000U	/* printed only */
#define __GFP_NOWARN		0x2000U
#define __GFP_RETRY_MAYFAIL	0x4000U	/* try hard, then fail */
#define __GFP_NOFAIL		0x8000U	/* never fails (see alloc_pages()) */
#define __GFP_NORETRY		0x10000U /* one light attempt only */
#define __GFP_MEMALLOC		0x20000U /* printed only */
#define __GFP_COMP		0x40000U /* printed only */
#define __GFP_NOMEMALLOC	0x80000U /* printed only */
#define __GFP_HARDWALL		0x100000U /* printed only (no cpusets) */
#define __GFP_THISNODE		0x200000U /* printed only (one node) */
#define __GFP_ACCOUNT		0x400000U /* charge to the memory cgroup */
#define __GFP_ZEROTAGS		0x800000U /* printed only */

#define __GFP_RECLAIM	(__GFP_DIRECT_RECLAIM | __GFP_KSWAPD_RECLAIM)

#define GFP_KERNEL	(__GFP_RECLAIM | __GFP_IO | __GFP_FS)
#define GFP_KERNEL_ACCOUNT (GFP_KERNEL | __GFP_ACCOUNT)
#define GFP_NOFS	(__GFP_RECLAIM | __GFP_IO)
#define GFP_NOIO	(__GFP_RECLAIM)
#define GFP_NOWAIT	(__GFP_KSWAPD_RECLAIM)
#define GFP_ATOMIC	(__GFP_HIGH | __GFP_ATOMIC | __GFP_KSWAPD_RECLAIM)
#define GFP_USER	(__GFP_RECLAIM | __GFP_IO | __GFP_FS | __GFP_HARDWALL)
#define GFP_DMA		__GFP_DMA
#define GFP_DMA32	__GFP_DMA32
#define GFP_HIGHUSER	(GFP_USER | __GFP_HIGHMEM)
/* Linux adds the KASAN skip bits, 0 without CONFIG_KASAN_HW_TAGS. */
#define GFP_HIGHUSER_MOVABLE	(GFP_HIGHUSER | __GFP_MOVABLE)
#define GFP_TRANSHUGE_LIGHT						\
	((GFP_HIGHUSER_MOVABLE | __GFP_COMP | __GFP_NOMEMALLOC |	\
	  __GFP_NOWARN) & ~__GFP_RECLAIM)
#define GFP_TRANSHUGE	(GFP_TRANSHUGE_LIGHT | __GFP_DIRECT_RECLAIM)

/* Room gfp_format() needs for any mask. */
#define GFP_FORMAT_LEN	256

static inline bool gfpflags_allow_blocking(gfp_t gfp)
{
	return gfp & __GFP_DIRECT_RECLAIM;
}

size_t gfp_format(char *buf, size_t size, gfp_t gfp);
int gfp_parse(const char *s, gfp_t *out);

#endif
