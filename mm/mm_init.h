/* SPDX-License-Identifier: MIT */
/* Memory bring-up: memblock, the direct map, the page allocator, slab. */
#ifndef MM_MM_INIT_H
#define MM_MM_INIT_H

struct boot_info;

void mm_init(const struct boot_info *bi);
void mm_init_late(void);

#endif
