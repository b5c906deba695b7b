// SPDX-License-Identifier: MIT
/*
 * Strict number parsing with Linux's rules (lib/kstrtox.h), written from
 * the behaviour of Linux 6.1's lib/kstrtox.c: one optional '+' (and for
 * the signed forms one '-' before it), base 0 picks 16 for "0x", 8 for
 * a leading "0", else 10; at least one digit; one trailing newline is
 * allowed and nothing else. No digits or junk is -EINVAL; a value that
 * does not fit is -ERANGE. No kernel state: also built on the host.
 */
#include "lib/errno.h"
#include "lib/kstrtox.h"
#include "lib/string.h"

static unsigned int digit(char c)
{
	if (c >= '0' && c <= '9')
		return (unsigned int)(c - '0');
	c |= 0x20;
	if (c >= 'a' && c <= 'z')
		return (unsigned int)(c - 'a' + 10);
	return 36;
}

static const char *fixup_radix(const char *s, unsigned int *base)
{
	bool hex = s[0] == '0' && (s[1] | 0x20) == 'x' && digit(s[2]) < 16;

	if (*base == 0)
		*base = hex ? 16 : s[0] == '0' ? 8 : 10;
	if (*base == 16 && hex)
		s += 2;
	return s;
}

/**
 * kstrtoull - parse an unsigned number.
 * @s: NUL-terminated text
 * @base: 0 (from the prefix), or 2..16
 * @res: the value on success
 *
 * Context: any.
 * Return: 0, -EINVAL or -ERANGE.
 */
int kstrtoull(const char *s, unsigned int base, u64 *res)
{
	const char *start;
	u64 v = 0;

	if (s[0] == '+')
		s++;
	s = fixup_radix(s, &base);
	for (start = s; digit(*s) < base; s++) {
		unsigned int d = digit(*s);

		if (v > (UINT64_MAX - d) / base)
			return -ERANGE;
		v = v * base + d;
	}
	if (s == start)
		return -EINVAL;
	if (*s == '\n')
		s++;
	if (*s)
		return -EINVAL;
	*res = v;
	return 0;
}

/* kstrtoll - as kstrtoull(), with one leading '-' allowed. */
int kstrtoll(const char *s, unsigned int base, s64 *res)
{
	u64 v;
	int r;

	if (s[0] == '-') {
		r = kstrtoull(s + 1, base, &v);
		if (r)
			return r;
		if (v > (u64)INT64_MAX + 1)
			return -ERANGE;
		*res = (s64)(0 - v);
		return 0;
	}
	r = kstrtoull(s, base, &v);
	if (r)
		return r;
	if (v > (u64)INT64_MAX)
		return -ERANGE;
	*res = (s64)v;
	return 0;
}

/* kstrtoint - as kstrtoll(), for an int. */
int kstrtoint(const char *s, unsigned int base, int *res)
{
	s64 v;
	int r = kstrtoll(s, base, &v);

	if (r)
		return r;
	if (v < INT32_MIN || v > INT32_MAX)
		return -ERANGE;
	*res = (int)v;
	return 0;
}

static bool is_space(char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

/**
 * strstrip - cut the white space at both ends of @s, in place.
 * @s: a writable NUL-terminated string
 *
 * Context: any.
 * Return: the first non-space character of @s.
 */
char *strstrip(char *s)
{
	size_t len = strlen(s);

	while (len && is_space(s[len - 1]))
		s[--len] = 0;
	while (is_space(*s))
		s++;
	return s;
}
