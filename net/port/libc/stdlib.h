/* SPDX-License-Identifier: MIT */
/* <stdlib.h> for lwIP's sources: atoi(), for netif names. */
#ifndef NET_PORT_LIBC_STDLIB_H
#define NET_PORT_LIBC_STDLIB_H

int atoi(const char *s);

#endif
