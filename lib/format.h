/* SPDX-License-Identifier: MIT */
/*
 * printf-style formatting into a buffer. Supports the conversions the
 * kernel uses: %d %i %u %x %X %o %c %s %p %%, the h/hh/l/ll/j/z/t length
 * modifiers, '-', '0', '+', ' ', '#' flags, width and precision (also '*';
 * both are clamped to 4096). As in C, '+' and ' ' apply to %d and %i
 * only, and "%#x" of 0 prints "0"; %p always prints "0x" and hex digits.
 * %pS prints a code address as symbol+offset/size when a symbol table is
 * linked in (ksym_snprint), else as hex. A %s argument that cannot be
 * read (a garbage pointer in a crash report, say) prints "(efault)" when
 * the platform can probe memory (format_probe_strnlen).
 */
#ifndef LIB_FORMAT_H
#define LIB_FORMAT_H

#include <stdarg.h>
#include "lib/types.h"

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);

/*
 * The platform's part: every program that links lib/format.c defines
 * these two (the kernel in kernel/ksyms.c and arch/x86_64/extable.c, the
 * host tests in arch/host/format_host.c). lib/ itself knows no symbol
 * table and cannot probe memory.
 */

/* Print @addr for %pS: "name+0xoff/0xsize", or hex when unknown. */
int ksym_snprint(char *buf, size_t size, u64 addr);

/* strnlen() that does not fault: the length, or -1 if @s is unreadable
 * before its end. */
long format_probe_strnlen(const char *s, size_t max);

#endif
