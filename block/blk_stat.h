/* SPDX-License-Identifier: MIT */
/*
 * A block device's I/O statistics and their /sys/block/<dev>/stat line
 * (block/blk_stat.c), kept apart from the queue so the host tests check
 * the format. Fields and order are Linux 6.1's part_stat_show()'s: per
 * direction (read, write, discard, flush) the requests completed, the
 * requests merged into others, the 512-byte sectors moved and the
 * milliseconds they took; then the requests in the driver now, the
 * milliseconds the device was busy and the sum of all requests'
 * milliseconds.
 */
#ifndef BLOCK_BLK_STAT_H
#define BLOCK_BLK_STAT_H

#include "lib/types.h"

enum blk_stat_dir { BLK_STAT_READ, BLK_STAT_WRITE, BLK_STAT_DISCARD,
		    BLK_STAT_FLUSH, BLK_STAT_NR };

struct blk_stats {
	u64 ios[BLK_STAT_NR];		/* requests completed */
	u64 merges[BLK_STAT_NR];	/* requests merged into another */
	u64 sectors[BLK_STAT_NR];	/* 512-byte sectors completed */
	u64 nsecs[BLK_STAT_NR];		/* submit to completion, summed */
	u32 in_flight;			/* in the driver now */
	u64 io_ticks_ns;		/* time with in_flight > 0 */
};

int blk_stat_format(char *buf, size_t len, const struct blk_stats *s);

#endif
