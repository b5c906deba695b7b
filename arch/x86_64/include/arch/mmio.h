/* SPDX-License-Identifier: MIT */
/*
 * Device register access through memory-mapped I/O: the registers a PCI
 * BAR or an ACPI table points at, mapped uncached by ioremap(). Each
 * accessor is exactly one access of its width, never merged, split or
 * reordered against the others by the compiler; x86 keeps uncached
 * accesses in program order, so no fence is needed between them. Linux's
 * names, since every driver reader knows them.
 */
#ifndef ARCH_MMIO_H
#define ARCH_MMIO_H

#include "lib/types.h"

static inline u8 readb(const volatile void *addr)
{
	return *(const volatile u8 *)addr;
}

static inline u16 readw(const volatile void *addr)
{
	return *(const volatile u16 *)addr;
}

static inline u32 readl(const volatile void *addr)
{
	return *(const volatile u32 *)addr;
}

static inline void writeb(u8 v, volatile void *addr)
{
	*(volatile u8 *)addr = v;
}

static inline void writew(u16 v, volatile void *addr)
{
	*(volatile u16 *)addr = v;
}

static inline void writel(u32 v, volatile void *addr)
{
	*(volatile u32 *)addr = v;
}

/* Two 32-bit writes, low half first, as Linux's lo_hi_writeq(): devices
 * with 64-bit registers (virtio's queue addresses) accept that order. */
static inline void writeq_lo_hi(u64 v, volatile void *addr)
{
	writel((u32)v, addr);
	writel((u32)(v >> 32), (volatile u8 *)addr + 4);
}

#endif
