/* SPDX-License-Identifier: MIT */
/*
 * Linux's strict number parsing for values written to kernel files
 * (lib/kstrtox.c): kstrtoull(), kstrtoll(), kstrtoint(), and strstrip().
 * A file's write handler strips the input, then parses it, and returns
 * the parser's errno unchanged: what Linux's procfs and cgroupfs
 * writers do, so the same bad input gets the same errno.
 */
#ifndef LIB_KSTRTOX_H
#define LIB_KSTRTOX_H

#include "lib/types.h"

int kstrtoull(const char *s, unsigned int base, u64 *res);
int kstrtoll(const char *s, unsigned int base, s64 *res);
int kstrtoint(const char *s, unsigned int base, int *res);
char *strstrip(char *s);

#endif
