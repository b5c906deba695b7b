// SPDX-License-Identifier: MIT
/*
 * String and memory primitives. In the kernel these are the only
 * implementations: memset, memcpy, memmove, clear_page and copy_page go
 * to the CPU's string instructions (<arch/string.h>, chosen at boot);
 * the rest are plain C. The host build links libc's mem and str
 * functions instead (see Makefile) and gets clear_page and copy_page on
 * top of them, so only those, strlcpy and the number and glob helpers
 * are shared.
 */
#include <arch/layout.h>
#include "lib/string.h"
#include "lib/errno.h"

#ifndef HOST_BUILD
#include <arch/string.h>

void *memset(void *dst, int c, size_t n)
{
	return arch_string->memset(dst, c, n);
}

void *memcpy(void *dst, const void *src, size_t n)
{
	return arch_string->memcpy(dst, src, n);
}

void *memmove(void *dst, const void *src, size_t n)
{
	return arch_string->memmove(dst, src, n);
}

/**
 * clear_page - zero one page.
 * @page: its address, page-aligned
 *
 * Context: any.
 */
void clear_page(void *page)
{
	arch_string->clear_page(page);
}

/**
 * copy_page - copy one page.
 * @dst: destination, page-aligned
 * @src: source, page-aligned; must not overlap @dst
 *
 * Context: any.
 */
void copy_page(void *dst, const void *src)
{
	arch_string->copy_page(dst, src);
}

int memcmp(const void *a, const void *b, size_t n)
{
	const u8 *x = a, *y = b;

	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}

size_t strlen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

size_t strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

int strcmp(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return (u8)*a - (u8)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		if (*a != *b)
			return (u8)*a - (u8)*b;
		if (!*a)
			break;
	}
	return 0;
}

char *strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)s;
		if (!*s)
			return NULL;
	}
}

void *memchr(const void *s, int c, size_t n)
{
	const u8 *p = s;

	for (; n; n--, p++)
		if (*p == (u8)c)
			return (void *)p;
	return NULL;
}

char *strstr(const char *haystack, const char *needle)
{
	size_t n = strlen(needle);

	for (; *haystack; haystack++)
		if (!strncmp(haystack, needle, n))
			return (char *)haystack;
	return n ? NULL : (char *)haystack;
}

#else /* HOST_BUILD: libc's mem* underneath */

void clear_page(void *page)
{
	memset(page, 0, PAGE_SIZE);
}

void copy_page(void *dst, const void *src)
{
	memcpy(dst, src, PAGE_SIZE);
}

#endif /* HOST_BUILD */

/* Shared with the host build: glibc before 2.38 has no strlcpy. */
size_t strlcpy(char *dst, const char *src, size_t size)
{
	size_t len = strlen(src);

	if (size) {
		size_t n = len < size ? len : size - 1;

		memcpy(dst, src, n);
		dst[n] = '\0';
	}
	return len;
}

static int digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return 99;
}

/**
 * str_to_u64 - parse an unsigned number: decimal, 0x hex or 0 octal,
 * with an optional K/M/G suffix (binary multiples).
 * @s: the text, not necessarily NUL-terminated
 * @len: its length
 * @out: where the value goes on success
 *
 * Context: any.
 * Return: 0, -EINVAL for an empty or malformed number, -ERANGE on overflow.
 */
int str_to_u64(const char *s, size_t len, u64 *out)
{
	unsigned int base = 10, shift = 0;
	u64 v = 0;
	size_t i = 0;

	if (len == 0)
		return -EINVAL;
	switch (s[len - 1]) {
	case 'K': case 'k': shift = 10; len--; break;
	case 'M': case 'm': shift = 20; len--; break;
	case 'G': case 'g': shift = 30; len--; break;
	}
	if (len > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		i = 2;
	} else if (len > 1 && s[0] == '0') {
		base = 8;
		i = 1;
	}
	if (i == len)
		return -EINVAL;
	for (; i < len; i++) {
		unsigned int d = (unsigned int)digit_value(s[i]);

		if (d >= base)
			return -EINVAL;
		if (v > (UINT64_MAX - d) / base)
			return -ERANGE;
		v = v * base + d;
	}
	if (shift && v > (UINT64_MAX >> shift))
		return -ERANGE;
	*out = v << shift;
	return 0;
}

/**
 * str_to_s64 - parse a signed number, as str_to_u64() with an optional '-'.
 * @s: the text
 * @len: its length
 * @out: where the value goes on success
 *
 * Context: any.
 * Return: 0, -EINVAL or -ERANGE.
 */
int str_to_s64(const char *s, size_t len, s64 *out)
{
	bool neg = len && s[0] == '-';
	u64 v;
	int err = str_to_u64(s + neg, len - neg, &v);

	if (err)
		return err;
	if (v > (u64)INT64_MAX + neg)
		return -ERANGE;
	*out = neg ? (s64)(0 - v) : (s64)v;
	return 0;
}

/**
 * glob_match - shell-style match of @str against @pattern ('*' and '?').
 * @pattern: the glob
 * @str: the text
 *
 * Context: any; iterative, so it never recurses on long patterns.
 * Return: true when the whole of @str matches.
 */
bool glob_match(const char *pattern, const char *str)
{
	const char *star = NULL, *retry = NULL;

	while (*str) {
		if (*pattern == '*') {
			star = ++pattern;
			retry = str;
		} else if (*pattern == '?' || *pattern == *str) {
			pattern++;
			str++;
		} else if (star) {
			pattern = star;
			str = ++retry;
		} else {
			return false;
		}
	}
	while (*pattern == '*')
		pattern++;
	return *pattern == '\0';
}
