/* SPDX-License-Identifier: MIT */
/* Anonymous memory helpers: map, touch, and count resident pages. */
#ifndef USER_RT_MEM_H
#define USER_RT_MEM_H

#include <stddef.h>

long mem_map_anon(size_t len, int flags);
long mem_resident_pages(void *addr, size_t len);

#endif /* USER_RT_MEM_H */
