// SPDX-License-Identifier: MIT
/*
 * Heapsort. Chosen over quicksort because its callers sort in contexts
 * where neither an allocation nor a worst case of n^2 compares (an input
 * already sorted, or all equal) is acceptable, and over merge sort
 * because it needs no second buffer.
 */
#include "lib/sort.h"

static void swap_bytes(u8 *a, u8 *b, size_t size)
{
	while (size--) {
		u8 t = *a;

		*a++ = *b;
		*b++ = t;
	}
}

/* Move the element at @root down until neither child is greater. */
static void sift_down(u8 *base, size_t root, size_t n, size_t size,
		      int (*cmp)(const void *, const void *))
{
	for (;;) {
		size_t child = 2 * root + 1;

		if (child >= n)
			return;
		if (child + 1 < n &&
		    cmp(base + child * size, base + (child + 1) * size) < 0)
			child++;
		if (cmp(base + root * size, base + child * size) >= 0)
			return;
		swap_bytes(base + root * size, base + child * size, size);
		root = child;
	}
}

/**
 * sort - sort an array in place into ascending order.
 * @base: the first element
 * @n: number of elements
 * @size: size of one element in bytes
 * @cmp: returns <0, 0 or >0 as its first argument sorts before, with or
 *       after its second
 *
 * Context: any; no allocation, no sleeping (@cmp must not sleep either).
 */
void sort(void *base, size_t n, size_t size,
	  int (*cmp)(const void *a, const void *b))
{
	u8 *b = base;

	for (size_t i = n / 2; i-- > 0;)
		sift_down(b, i, n, size, cmp);
	for (size_t end = n; end > 1; end--) {
		swap_bytes(b, b + (end - 1) * size, size);
		sift_down(b, 0, end - 1, size, cmp);
	}
}
