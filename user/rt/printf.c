// SPDX-License-Identifier: MIT
/*
 * printf family over one formatter that emits into a struct out: a buffer
 * that either truncates (snprintf) or is flushed to a file descriptor when
 * full (dprintf). Return values count every character formatted, as in C.
 */
#include <stdint.h>
#include "rt/printf.h"
#include "rt/string.h"
#include "rt/sys.h"

struct out {
	char *buf;
	size_t cap;	/* usable bytes of buf (snprintf keeps one for NUL) */
	size_t len;	/* bytes in buf */
	size_t total;	/* bytes formatted so far */
	int fd;		/* -1: truncate instead of flushing */
};

static void out_flush(struct out *o)
{
	size_t done = 0;

	while (o->fd >= 0 && done < o->len) {
		long r = sys_write(o->fd, o->buf + done, o->len - done);

		if (r <= 0)
			break;	/* nowhere to report it: drop the rest */
		done += r;
	}
	o->len = 0;
}

static void out_putc(struct out *o, char c)
{
	o->total++;
	if (o->len == o->cap) {
		if (o->fd < 0)
			return;
		out_flush(o);
	}
	o->buf[o->len++] = c;
}

static void out_pad(struct out *o, char c, int n)
{
	while (n-- > 0)
		out_putc(o, c);
}

struct spec {
	int width;
	int prec;	/* -1: none */
	char pad;	/* ' ' or '0' */
	_Bool left;
};

static void out_str(struct out *o, const char *s, const struct spec *sp)
{
	int n = 0;

	if (!s)
		s = "(null)";
	while (s[n] && (sp->prec < 0 || n < sp->prec))
		n++;
	if (!sp->left)
		out_pad(o, ' ', sp->width - n);
	for (int i = 0; i < n; i++)
		out_putc(o, s[i]);
	if (sp->left)
		out_pad(o, ' ', sp->width - n);
}

static void out_num(struct out *o, uint64_t v, _Bool neg, unsigned int base,
		    _Bool upper, const char *prefix, const struct spec *sp)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	int n = 0, plen = (int)strlen(prefix) + neg, ndigits;

	do {
		tmp[n++] = digits[v % base];
		v /= base;
	} while (v);
	ndigits = n;
	if (!sp->left && sp->pad == ' ')
		out_pad(o, ' ', sp->width - n - plen);
	if (neg)
		out_putc(o, '-');
	while (*prefix)
		out_putc(o, *prefix++);
	if (!sp->left && sp->pad == '0')
		out_pad(o, '0', sp->width - n - plen);
	while (n)
		out_putc(o, tmp[--n]);
	if (sp->left)
		out_pad(o, ' ', sp->width - ndigits - plen);
}

static const char *parse_spec(const char *f, struct spec *sp, va_list *ap)
{
	sp->width = 0;
	sp->prec = -1;
	sp->pad = ' ';
	sp->left = 0;
	for (;; f++) {
		if (*f == '-')
			sp->left = 1;
		else if (*f == '0')
			sp->pad = '0';
		else
			break;
	}
	if (*f == '*') {
		sp->width = va_arg(*ap, int);
		f++;
	}
	while (*f >= '0' && *f <= '9')
		sp->width = sp->width * 10 + (*f++ - '0');
	if (*f == '.') {
		f++;
		sp->prec = 0;
		if (*f == '*') {
			sp->prec = va_arg(*ap, int);
			f++;
		}
		while (*f >= '0' && *f <= '9')
			sp->prec = sp->prec * 10 + (*f++ - '0');
	}
	return f;
}

/* Read an integer argument of the size the length modifier @lmod names. */
static uint64_t arg_int(va_list *ap, int lmod, _Bool is_signed, _Bool *neg)
{
	int64_t s;

	*neg = 0;
	if (!is_signed) {
		if (lmod)
			return va_arg(*ap, unsigned long);
		return va_arg(*ap, unsigned int);
	}
	s = lmod ? va_arg(*ap, long) : va_arg(*ap, int);
	if (s < 0) {
		*neg = 1;
		return -(uint64_t)s;
	}
	return s;
}

static void format(struct out *o, const char *f, va_list ap)
{
	va_list aq;
	struct spec sp;
	uint64_t v;
	_Bool neg;
	int lmod;

	va_copy(aq, ap);
	for (; *f; f++) {
		if (*f != '%') {
			out_putc(o, *f);
			continue;
		}
		f = parse_spec(f + 1, &sp, &aq);
		/* l, ll and z are all 64 bits on x86_64. */
		for (lmod = 0; *f == 'l' || *f == 'z'; f++)
			lmod = 1;
		switch (*f) {
		case 'd':
		case 'i':
			v = arg_int(&aq, lmod, 1, &neg);
			out_num(o, v, neg, 10, 0, "", &sp);
			break;
		case 'u':
			v = arg_int(&aq, lmod, 0, &neg);
			out_num(o, v, 0, 10, 0, "", &sp);
			break;
		case 'x':
		case 'X':
			v = arg_int(&aq, lmod, 0, &neg);
			out_num(o, v, 0, 16, *f == 'X', "", &sp);
			break;
		case 'p':
			out_num(o, (uintptr_t)va_arg(aq, void *), 0, 16, 0,
				"0x", &sp);
			break;
		case 'c':
			out_putc(o, (char)va_arg(aq, int));
			break;
		case 's':
			out_str(o, va_arg(aq, const char *), &sp);
			break;
		case '\0':
			f--;	/* a lone '%' at the end: stop at the NUL */
			break;
		default:
			out_putc(o, *f);	/* %% and unknown conversions */
			break;
		}
	}
	va_end(aq);
}

/**
 * vsnprintf - format into a buffer, truncating.
 * @buf: destination; always NUL-terminated when @size > 0.
 * @size: bytes at @buf.
 * @fmt: the format (see printf.h for what is supported).
 * @ap: the arguments.
 *
 * Return: the length the whole output has, even when it was cut short.
 */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	char dummy;
	struct out o = { .buf = size ? buf : &dummy, .cap = size ? size - 1 : 0,
			 .fd = -1 };

	format(&o, fmt, ap);
	o.buf[o.len] = '\0';
	return (int)o.total;
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

/**
 * vdprintf - format to a file descriptor.
 * @fd: where to write.
 * @fmt: the format.
 * @ap: the arguments.
 *
 * Output up to PRINTF_BUF bytes goes out in one write(); write errors are
 * dropped (there is nowhere to report them).
 *
 * Context: any thread; uses PRINTF_BUF bytes of stack.
 * Return: the number of characters formatted.
 */
int vdprintf(int fd, const char *fmt, va_list ap)
{
	char buf[PRINTF_BUF];
	struct out o = { .buf = buf, .cap = sizeof(buf), .fd = fd };

	format(&o, fmt, ap);
	out_flush(&o);
	return (int)o.total;
}

int dprintf(int fd, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vdprintf(fd, fmt, ap);
	va_end(ap);
	return n;
}

int printf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vdprintf(1, fmt, ap);
	va_end(ap);
	return n;
}

int eprintf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vdprintf(2, fmt, ap);
	va_end(ap);
	return n;
}
