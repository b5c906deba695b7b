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

/* Widths and precisions beyond this are clamped rather than overflowing. */
#define FORMAT_FIELD_MAX	4096

struct spec {
	bool left, zero, plus, space, alt;
	int width;
	int precision;	/* -1: none */
	int length;	/* 0 int, 1 long, 2 long long, -1 short, -2 char, 3 size_t */
};

/* How put_number() writes a value besides its digits. */
enum number_kind {
	NUMBER_UNSIGNED,	/* '+' and ' ' do not apply */
	NUMBER_SIGNED,
	NUMBER_NEGATIVE,
	NUMBER_POINTER,		/* always "0x", even for 0 */
};

static void put_string(struct out *o, const struct spec *sp, const char *s)
{
	int len;

	long n;

	if (!s)
		s = "(null)";
	n = format_probe_strnlen(s, sp->precision >= 0 ? (size_t)sp->precision
						       : (size_t)-1);
	if (n < 0) {
		s = "(efault)";
		n = 8;
	}
	len = (int)n;
	if (!sp->left)
		put_padding(o, sp->width - len, ' ');
	for (int i = 0; i < len; i++)
		put(o, s[i]);
	if (sp->left)
		put_padding(o, sp->width - len, ' ');
}

static void put_number(struct out *o, const struct spec *sp, u64 v,
		       enum number_kind kind, unsigned int base, bool upper)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	int n = 0, prefix_len, zeros, pad;
	char sign = 0;
	const char *prefix = "";
	bool zero = v == 0;

	if (kind == NUMBER_NEGATIVE)
		sign = '-';
	else if (kind == NUMBER_SIGNED)
		sign = sp->plus ? '+' : sp->space ? ' ' : 0;
	do {
		tmp[n++] = digits[v % base];
		v /= base;
	} while (v);
	if (sp->precision == 0 && zero)
		n = 0;
	/* C: "%#x" prefixes only non-zero values; "%#o" makes the first
	 * digit a 0. Pointers always carry their "0x". */
	if ((sp->alt && base == 16 && !zero) || kind == NUMBER_POINTER)
		prefix = upper ? "0X" : "0x";
	else if (sp->alt && base == 8 && (n == 0 || tmp[n - 1] != '0') &&
		 sp->precision <= n)
		prefix = "0";
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
		int w = va_arg(*ap, int);

		if (w < 0) {
			sp->left = true;
			w = w < -FORMAT_FIELD_MAX ? FORMAT_FIELD_MAX : -w;
		}
		sp->width = MIN(w, FORMAT_FIELD_MAX);
		f++;
	}
	for (; *f >= '0' && *f <= '9'; f++)
		sp->width = MIN(sp->width * 10 + (*f - '0'), FORMAT_FIELD_MAX);
	if (*f == '.') {
		f++;
		sp->precision = 0;
		if (*f == '*') {
			sp->precision = va_arg(*ap, int);
			if (sp->precision < 0)	/* C: as if omitted */
				sp->precision = -1;
			f++;
		}
		for (; *f >= '0' && *f <= '9'; f++)
			sp->precision = MIN(sp->precision * 10 + (*f - '0'),
					    FORMAT_FIELD_MAX);
		sp->precision = MIN(sp->precision, FORMAT_FIELD_MAX);
	}
	for (;; f++) {
		if (*f == 'l' || *f == 'j')
			sp->length = sp->length == 1 || *f == 'j' ? 2 : 1;
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
	put_number(o, sp, (u64)(uintptr_t)p, NUMBER_POINTER, 16, false);
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
				   sv < 0 ? NUMBER_NEGATIVE : NUMBER_SIGNED, 10,
				   false);
			break;
		case 'u':
			put_number(&o, &sp, fetch_unsigned(&sp, &args),
				   NUMBER_UNSIGNED, 10, false);
			break;
		case 'x':
		case 'X':
			put_number(&o, &sp, fetch_unsigned(&sp, &args),
				   NUMBER_UNSIGNED, 16, *f == 'X');
			break;
		case 'o':
			put_number(&o, &sp, fetch_unsigned(&sp, &args),
				   NUMBER_UNSIGNED, 8, false);
			break;
		case 'c':	/* not put_string(): a NUL is a character too */
			if (!sp.left)
				put_padding(&o, sp.width - 1, ' ');
			put(&o, (char)va_arg(args, int));
			if (sp.left)
				put_padding(&o, sp.width - 1, ' ');
			break;
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
