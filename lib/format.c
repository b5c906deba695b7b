// SPDX-License-Identifier: MIT
/*
 * vsnprintf without libc. Output is produced through a small cursor that
 * counts every character it would have written, so the return value is
 * the full length (C99 semantics) even when the buffer is too small.
 */
#include "lib/format.h"
#include "lib/string.h"

struct out {
	char *buf;
	size_t size;
	size_t len;
};

static void put(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void put_padding(struct out *o, int n, char c)
{
	while (n-- > 0)
		put(o, c);
}

struct spec {
	bool left, zero, plus, space, alt;
	int width;
	int precision;	/* -1: none */
	int length;	/* 0 int, 1 long, 2 long long, -1 short, -2 char, 3 size_t */
};

static void put_string(struct out *o, const struct spec *sp, const char *s)
{
	int len;

	if (!s)
		s = "(null)";
	len = (int)strnlen(s, sp->precision >= 0 ? (size_t)sp->precision
						  : (size_t)-1);
	if (!sp->left)
		put_padding(o, sp->width - len, ' ');
	for (int i = 0; i < len; i++)
		put(o, s[i]);
	if (sp->left)
		put_padding(o, sp->width - len, ' ');
}

static void put_number(struct out *o, const struct spec *sp, u64 v,
		       bool negative, unsigned int base, bool upper)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	int n = 0, prefix_len, zeros, pad;
	char sign = negative ? '-' : sp->plus ? '+' : sp->space ? ' ' : 0;
	const char *prefix = "";

	do {
		tmp[n++] = digits[v % base];
		v /= base;
	} while (v);
	if (sp->precision == 0 && n == 1 && tmp[0] == '0')
		n = 0;
	if (sp->alt && base == 16)
		prefix = upper ? "0X" : "0x";
	prefix_len = (int)strlen(prefix) + (sign ? 1 : 0);
	zeros = sp->precision > n ? sp->precision - n : 0;
	pad = sp->width - n - zeros - prefix_len;
	if (sp->zero && !sp->left && sp->precision < 0) {
		zeros += pad > 0 ? pad : 0;
		pad = 0;
	}
	if (!sp->left)
		put_padding(o, pad, ' ');
	if (sign)
		put(o, sign);
	for (; *prefix; prefix++)
		put(o, *prefix);
	put_padding(o, zeros, '0');
	while (n)
		put(o, tmp[--n]);
	if (sp->left)
		put_padding(o, pad, ' ');
}

static const char *parse_spec(const char *f, struct spec *sp, va_list *ap)
{
	*sp = (struct spec){ .precision = -1 };
	for (;; f++) {
		if (*f == '-')
			sp->left = true;
		else if (*f == '0')
			sp->zero = true;
		else if (*f == '+')
			sp->plus = true;
		else if (*f == ' ')
			sp->space = true;
		else if (*f == '#')
			sp->alt = true;
		else
			break;
	}
	if (*f == '*') {
		sp->width = va_arg(*ap, int);
		if (sp->width < 0) {
			sp->left = true;
			sp->width = -sp->width;
		}
		f++;
	}
	while (*f >= '0' && *f <= '9')
		sp->width = sp->width * 10 + (*f++ - '0');
	if (*f == '.') {
		f++;
		sp->precision = 0;
		if (*f == '*') {
			sp->precision = va_arg(*ap, int);
			f++;
		}
		while (*f >= '0' && *f <= '9')
			sp->precision = sp->precision * 10 + (*f++ - '0');
	}
	for (;; f++) {
		if (*f == 'l')
			sp->length = sp->length == 1 ? 2 : 1;
		else if (*f == 'h')
			sp->length = sp->length == -1 ? -2 : -1;
		else if (*f == 'z' || *f == 't')
			sp->length = 3;
		else
			return f;
	}
}

static u64 fetch_unsigned(const struct spec *sp, va_list *ap)
{
	switch (sp->length) {
	case 1: return va_arg(*ap, unsigned long);
	case 2: return va_arg(*ap, unsigned long long);
	case 3: return va_arg(*ap, size_t);
	case -1: return (unsigned short)va_arg(*ap, unsigned int);
	case -2: return (unsigned char)va_arg(*ap, unsigned int);
	default: return va_arg(*ap, unsigned int);
	}
}

static s64 fetch_signed(const struct spec *sp, va_list *ap)
{
	switch (sp->length) {
	case 1: return va_arg(*ap, long);
	case 2: return va_arg(*ap, long long);
	case 3: return (s64)va_arg(*ap, size_t);
	case -1: return (short)va_arg(*ap, int);
	case -2: return (signed char)va_arg(*ap, int);
	default: return va_arg(*ap, int);
	}
}

static const char *put_pointer(struct out *o, struct spec *sp,
			       const char *f, void *p)
{
	if (f[1] == 'S') {
		char sym[128];

		ksym_snprint(sym, sizeof(sym), (u64)(uintptr_t)p);
		put_string(o, sp, sym);
		return f + 1;
	}
	sp->alt = true;
	put_number(o, sp, (u64)(uintptr_t)p, false, 16, false);
	return f;
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = { .buf = buf, .size = size };
	va_list args;

	va_copy(args, ap);
	for (const char *f = fmt; *f; f++) {
		struct spec sp;
		s64 sv;

		if (*f != '%') {
			put(&o, *f);
			continue;
		}
		f = parse_spec(f + 1, &sp, &args);
		switch (*f) {
		case 'd':
		case 'i':
			sv = fetch_signed(&sp, &args);
			put_number(&o, &sp, sv < 0 ? 0 - (u64)sv : (u64)sv,
				   sv < 0, 10, false);
			break;
		case 'u':
			put_number(&o, &sp, fetch_unsigned(&sp, &args), false,
				   10, false);
			break;
		case 'x':
		case 'X':
			put_number(&o, &sp, fetch_unsigned(&sp, &args), false,
				   16, *f == 'X');
			break;
		case 'o':
			put_number(&o, &sp, fetch_unsigned(&sp, &args), false,
				   8, false);
			break;
		case 'c': {
			char c[2] = { (char)va_arg(args, int), 0 };

			put_string(&o, &sp, c);
			break;
		}
		case 's':
			put_string(&o, &sp, va_arg(args, const char *));
			break;
		case 'p':
			f = put_pointer(&o, &sp, f, va_arg(args, void *));
			break;
		case '%':
			put(&o, '%');
			break;
		case '\0':
			f--;
			break;
		default:	/* unknown conversion: print it as written */
			put(&o, '%');
			put(&o, *f);
		}
	}
	va_end(args);
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return (int)o.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

__attribute__((weak)) int ksym_snprint(char *buf, size_t size, u64 addr)
{
	return snprintf(buf, size, "0x%llx", (unsigned long long)addr);
}
