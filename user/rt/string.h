/* SPDX-License-Identifier: MIT */
/*
 * Memory and string functions. The compiler may emit calls to memcpy,
 * memmove, memset and memcmp on its own (struct copies, zeroing), so they
 * keep their standard names and contracts.
 */
#ifndef USER_RT_STRING_H
#define USER_RT_STRING_H

#include <stddef.h>

void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
char *strstr(const char *haystack, const char *needle);

#endif /* USER_RT_STRING_H */
