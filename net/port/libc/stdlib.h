/* SPDX-License-Identifier: MIT */
/*
 * <stdlib.h> for lwIP's sources: atoi() (netif names) and the allocator
 * lwipopts.h puts behind mem_malloc() (net/port/sys_arch.c).
 */
#ifndef NET_PORT_LIBC_STDLIB_H
#define NET_PORT_LIBC_STDLIB_H

#include <stddef.h>

int atoi(const char *s);
void *net_mem_alloc(size_t size);
void *net_mem_calloc(size_t n, size_t size);
void net_mem_free(void *p);

#endif
