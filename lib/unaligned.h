/* SPDX-License-Identifier: MIT */
/*
 * Loads of little-endian values from addresses of any alignment, as in
 * Linux's <asm/unaligned.h>: memcpy() into a local, which the compiler
 * turns into a plain load. Builds freestanding and hosted; the targets
 * (x86_64, and the host tests on it) are little-endian.
 */
#ifndef LIB_UNALIGNED_H
#define LIB_UNALIGNED_H

#include "lib/string.h"
#include "lib/types.h"

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "lib/unaligned.h: only little-endian machines are supported"
#endif

static inline u16 get_unaligned_le16(const void *p)
{
	u16 v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static inline u32 get_unaligned_le32(const void *p)
{
	u32 v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static inline u64 get_unaligned_le64(const void *p)
{
	u64 v;

	memcpy(&v, p, sizeof(v));
	return v;
}

#endif
