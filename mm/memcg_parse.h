/* SPDX-License-Identifier: MIT */
/*
 * Parsing what users write to the memory cgroup files, with Linux 6.1's
 * exact rules and errnos, so the same bytes are accepted or refused the
 * same way: the in-kernel API (mm/memcg.h) and the cgroup files built on
 * it both go through here.
 */
#ifndef MM_MEMCG_PARSE_H
#define MM_MEMCG_PARSE_H

#include "lib/types.h"

int memcg_parse_pages(const char *buf, unsigned long *nr_pages);
int memcg_parse_int(const char *buf, int *val);
int memcg_parse_u64(const char *buf, u64 *val);

#endif
