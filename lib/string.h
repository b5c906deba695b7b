/* SPDX-License-Identifier: MIT */
/*
 * The C string and memory functions the kernel uses (no libc), and
 * clear_page()/copy_page() for whole pages.
 */
#ifndef LIB_STRING_H
#define LIB_STRING_H

#include "lib/types.h"

void *memset(void *dst, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void clear_page(void *page);
void copy_page(void *dst, const void *src);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
char *strstr(const char *haystack, const char *needle);
void *memchr(const void *s, int c, size_t n);
size_t strlcpy(char *dst, const char *src, size_t size);

int str_to_u64(const char *s, size_t len, u64 *out);
int str_to_s64(const char *s, size_t len, s64 *out);
bool glob_match(const char *pattern, const char *str);

#endif
