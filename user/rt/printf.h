/* SPDX-License-Identifier: MIT */
/*
 * A small printf: %d %i %u %x %X %c %s %p %% with the flags '-' and '0', a
 * width, a precision for %s, and the length modifiers l, ll, z. No floating
 * point. Output to a file descriptor goes out in as few write() calls as
 * the buffer allows: a line under PRINTF_BUF bytes is one write(), so lines
 * from concurrent threads do not interleave.
 */
#ifndef USER_RT_PRINTF_H
#define USER_RT_PRINTF_H

#include <stdarg.h>
#include <stddef.h>

#define PRINTF_BUF 512

#define __printf(a, b) __attribute__((format(printf, a, b)))

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);
int vdprintf(int fd, const char *fmt, va_list ap);
int dprintf(int fd, const char *fmt, ...) __printf(2, 3);
int printf(const char *fmt, ...) __printf(1, 2);
int eprintf(const char *fmt, ...) __printf(1, 2);

#endif /* USER_RT_PRINTF_H */
