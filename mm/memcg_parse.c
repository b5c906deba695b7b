// SPDX-License-Identifier: MIT
/*
 * Parsing memory cgroup file values as Linux 6.1 does (see
 * mm/memcg_parse.h). Three shapes:
 *
 *   memory.max, memory.high, memory.swap.max: surrounding white space
 *     is stripped (strstrip()); "max" is no limit; otherwise memparse():
 *     an unsigned number in C notation (0x hex, leading 0 octal) with an
 *     optional K/M/G/T/P/E suffix in either case, nothing after it. An
 *     overflowing number wraps silently (simple_strtoull() ignores the
 *     overflow), a negative one is -EINVAL, an empty string is 0. Bytes
 *     round down to pages and are capped at PAGE_COUNTER_MAX
 *     (page_counter_memparse()).
 *   memory.oom.group: white space stripped, then kstrtoint(): an
 *     optional sign, digits, at most one trailing newline; -ERANGE on
 *     overflow, -EINVAL for anything else.
 *   cgroup v1 u64 files (memory.oom_control): kstrtoull() on the raw
 *     bytes, no stripping (cgroup_file_write()).
 */
#include "lib/errno.h"
#include "lib/string.h"
#include "mm/memcg_parse.h"
#include "mm/page_counter.h"

/* Linux's isspace() for ASCII. */
static bool parse_space(char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

static int parse_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c |= 0x20;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return 16;
}

/* Base 0 means C notation; skips a 0x prefix (_parse_integer_fixup_radix). */
static const char *parse_radix(const char *s, unsigned int *base)
{
	if (*base == 0) {
		if (s[0] == '0' && (s[1] | 0x20) == 'x' &&
		    parse_digit(s[2]) < 16)
			*base = 16;
		else
			*base = s[0] == '0' ? 8 : 10;
	}
	if (*base == 16 && s[0] == '0' && (s[1] | 0x20) == 'x')
		s += 2;
	return s;
}

/*
 * Digits of @base at @s into *@res, wrapping modulo 2^64. Return: the
 * digits read; *@overflow set when the value wrapped (_parse_integer()).
 */
static size_t parse_digits(const char *s, unsigned int base, u64 *res,
			   bool *overflow)
{
	size_t n = 0;
	int d;

	*res = 0;
	*overflow = false;
	while ((d = parse_digit(s[n])) < (int)base) {
		if (*res > (~0ULL - d) / base)
			*overflow = true;
		*res = *res * base + d;
		n++;
	}
	return n;
}

/* [*start, *end) is @buf without surrounding white space (strstrip()). */
static void parse_strip(const char *buf, size_t *start, size_t *end)
{
	size_t b = 0, e = strlen(buf);

	while (e && parse_space(buf[e - 1]))
		e--;
	while (b < e && parse_space(buf[b]))
		b++;
	*start = b;
	*end = e;
}

/* Linux's memparse() at @s. Return: bytes; *@used: characters taken. */
static u64 parse_memparse(const char *s, size_t *used)
{
	unsigned int base = 0;
	const char *p = parse_radix(s, &base);
	bool overflow;
	u64 v;
	size_t n = parse_digits(p, base, &v, &overflow);
	int shift = 0;

	p += n;
	switch (*p | 0x20) {
	case 'e': shift += 10; /* fall through */
	case 'p': shift += 10; /* fall through */
	case 't': shift += 10; /* fall through */
	case 'g': shift += 10; /* fall through */
	case 'm': shift += 10; /* fall through */
	case 'k': shift += 10;
		p++;
		break;
	default:
		break;
	}
	*used = p - s;
	return v << shift;
}

/**
 * memcg_parse_pages - a memory.max/high/swap.max value, in pages.
 * @buf: what was written, NUL-terminated
 * @nr_pages: set to the pages (PAGE_COUNTER_MAX for "max")
 *
 * Context: any.
 * Return: 0; -EINVAL when @buf is not a size.
 */
int memcg_parse_pages(const char *buf, unsigned long *nr_pages)
{
	size_t start, end, used;
	u64 bytes;

	parse_strip(buf, &start, &end);
	if (end - start == 3 && !strncmp(buf + start, "max", 3)) {
		*nr_pages = PAGE_COUNTER_MAX;
		return 0;
	}
	bytes = parse_memparse(buf + start, &used);
	if (used != end - start)
		return -EINVAL;
	bytes /= PAGE_SIZE;
	*nr_pages = bytes > (u64)PAGE_COUNTER_MAX ? PAGE_COUNTER_MAX : bytes;
	return 0;
}

/* kstrtoull() over [s, s + len): base 0, a '+', one trailing newline. */
static int parse_kstrtoull(const char *s, size_t len, u64 *val)
{
	unsigned int base = 0;
	const char *p, *stop = s + len;
	bool overflow;
	size_t n;

	if (len && *s == '+')
		s++;
	p = parse_radix(s, &base);
	n = parse_digits(p, base, val, &overflow);
	if (p + n > stop)
		n = 0;
	if (overflow)
		return -ERANGE;
	if (!n)
		return -EINVAL;
	p += n;
	if (p < stop && *p == '\n')
		p++;
	return p == stop ? 0 : -EINVAL;
}

/**
 * memcg_parse_int - a memory.oom.group value (strstrip() + kstrtoint()).
 * @buf: what was written, NUL-terminated
 * @val: the integer
 *
 * Context: any.
 * Return: 0; -EINVAL (not a number); -ERANGE (does not fit an int).
 */
int memcg_parse_int(const char *buf, int *val)
{
	size_t start, end;
	bool neg;
	u64 v;
	int err;

	parse_strip(buf, &start, &end);
	neg = end > start && buf[start] == '-';
	if (neg)
		start++;
	if (neg && end > start && buf[start] == '+')
		return -EINVAL;
	err = parse_kstrtoull(buf + start, end - start, &v);
	if (err)
		return err;
	if (neg ? v > 0x80000000ULL : v > 0x7fffffffULL)
		return -ERANGE;
	*val = neg ? (int)-(s64)v : (int)v;
	return 0;
}

/**
 * memcg_parse_u64 - a cgroup v1 u64 file value (kstrtoull(), unstripped).
 * @buf: what was written, NUL-terminated
 * @val: the value
 *
 * Context: any.
 * Return: 0; -EINVAL; -ERANGE.
 */
int memcg_parse_u64(const char *buf, u64 *val)
{
	return parse_kstrtoull(buf, strlen(buf), val);
}
