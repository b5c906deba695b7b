/* SPDX-License-Identifier: MIT */
/* In-place sort of an array (heapsort: no allocation, bounded stack,
 * O(n log n) whatever the input; not stable). */
#ifndef LIB_SORT_H
#define LIB_SORT_H

#include "lib/types.h"

void sort(void *base, size_t n, size_t size,
	  int (*cmp)(const void *a, const void *b));

#endif
