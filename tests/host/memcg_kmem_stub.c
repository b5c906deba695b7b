// SPDX-License-Identifier: MIT
/*
 * The host harness has no memory cgroups: the slab allocator's accounted
 * caches (kmalloc(__GFP_ACCOUNT)) charge nothing there, and every object
 * is "charged" to one stand-in memcg.
 */
#include "mm/memcg.h"

static struct memcg host_memcg;

struct memcg *memcg_get_from_current(void)
{
	return &host_memcg;
}

void memcg_put(struct memcg *m)
{
	(void)m;
}

int memcg_kmem_charge_obj(struct memcg *m, gfp_t gfp, unsigned int size)
{
	(void)m;
	(void)gfp;
	(void)size;
	return 0;
}

void memcg_kmem_uncharge_obj(struct memcg *m, unsigned int size)
{
	(void)m;
	(void)size;
}
