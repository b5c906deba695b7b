/* SPDX-License-Identifier: MIT */
/* <string.h> for lwIP's sources: the kernel's own string functions. */
#ifndef NET_PORT_LIBC_STRING_H
#define NET_PORT_LIBC_STRING_H

#include "lib/string.h"

#endif
