// SPDX-License-Identifier: MIT
/*
 * The /sys/block/<dev>/stat line (block/blk_stat.h): seventeen fields,
 * each right-aligned in eight columns and separated by one space, as
 * Linux 6.1's part_stat_show() prints them; times in milliseconds,
 * truncated.
 */
#include "block/blk_stat.h"
#include "lib/format.h"

#define NSEC_PER_MSEC	1000000ull

static unsigned int ms(u64 ns)
{
	return (unsigned int)(ns / NSEC_PER_MSEC);
}

/**
 * blk_stat_format - @s as Linux's stat line, newline included.
 * @buf: out
 * @len: its size
 * @s: a snapshot of the counters
 *
 * Context: any.
 * Return: the length the line needs, as snprintf().
 */
int blk_stat_format(char *buf, size_t len, const struct blk_stats *s)
{
	u64 all_ns = s->nsecs[BLK_STAT_READ] + s->nsecs[BLK_STAT_WRITE] +
		     s->nsecs[BLK_STAT_DISCARD] + s->nsecs[BLK_STAT_FLUSH];

	return snprintf(buf, len,
			"%8lu %8lu %8lu %8u %8lu %8lu %8lu %8u "
			"%8u %8u %8u "
			"%8lu %8lu %8lu %8u %8lu %8u\n",
			s->ios[BLK_STAT_READ], s->merges[BLK_STAT_READ],
			s->sectors[BLK_STAT_READ], ms(s->nsecs[BLK_STAT_READ]),
			s->ios[BLK_STAT_WRITE], s->merges[BLK_STAT_WRITE],
			s->sectors[BLK_STAT_WRITE],
			ms(s->nsecs[BLK_STAT_WRITE]), s->in_flight,
			ms(s->io_ticks_ns), ms(all_ns),
			s->ios[BLK_STAT_DISCARD], s->merges[BLK_STAT_DISCARD],
			s->sectors[BLK_STAT_DISCARD],
			ms(s->nsecs[BLK_STAT_DISCARD]), s->ios[BLK_STAT_FLUSH],
			ms(s->nsecs[BLK_STAT_FLUSH]));
}
