/* SPDX-License-Identifier: MIT */
/* The kernel's own symbol table, embedded at build time. */
#ifndef KERNEL_KSYMS_H
#define KERNEL_KSYMS_H

#include "lib/types.h"

const char *ksym_lookup(u64 addr, u64 *offset, u64 *size);
int ksym_snprint(char *buf, size_t size, u64 addr);

#endif
