/* SPDX-License-Identifier: MIT */
/*
 * Host stand-in for <arch/mmu.h>: "physical" memory is a malloc'd region
 * (arch/host/mm_host.c); phys_to_virt() adds a settable offset, so the
 * allocators run unchanged over it under ASan/UBSan. No page tables.
 */
#ifndef ARCH_MMU_H
#define ARCH_MMU_H

#include "lib/types.h"

extern uintptr_t host_phys_offset;	/* virt = phys + offset */

static inline void *phys_to_virt(paddr_t pa)
{
	return (void *)(uintptr_t)(pa + host_phys_offset);
}

static inline paddr_t virt_to_phys(const void *va)
{
	return (paddr_t)((uintptr_t)va - host_phys_offset);
}

/* The fake RAM: [HOST_PHYS_BASE, HOST_PHYS_BASE + host_phys_size). */
#define HOST_PHYS_BASE	0x100000000UL
extern size_t host_phys_size;

#endif
