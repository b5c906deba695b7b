/* SPDX-License-Identifier: MIT */
/* Declarations shared inside mm/ only. */
#ifndef MM_INTERNAL_H
#define MM_INTERNAL_H

#include "lib/types.h"

#ifdef CONFIG_DEBUG
#define MM_DEBUG	true	/* poison, redzones, free-list checks */
#else
#define MM_DEBUG	false
#endif

/* Offset of the first byte in [p, p + n) that is not @c, or -1. */
static inline long mm_memchr_inv(const void *p, u8 c, size_t n)
{
	typedef u64 __attribute__((may_alias)) word_t;
	const u8 *b = p;
	const u64 pat = 0x0101010101010101ULL * c;
	size_t i = 0;

	for (; i + 8 <= n && IS_ALIGNED((uintptr_t)(b + i), 8); i += 8)
		if (*(const word_t *)(b + i) != pat)
			break;
	for (; i < n; i++)
		if (b[i] != c)
			return (long)i;
	return -1;
}

#endif
