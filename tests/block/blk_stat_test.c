// SPDX-License-Identifier: MIT
/*
 * block/blk_stat.c: the /sys/block/<dev>/stat line has Linux 6.1's
 * seventeen fields in its order and widths, times in whole
 * milliseconds, time_in_queue the sum of every direction's time.
 */
#include "block/blk_stat.h"
#include "kernel/ktest.h"
#include "lib/string.h"

/*
 * Every field distinct, so a swapped pair shows: reads 11 ios, 2
 * merges, 88 sectors in 3.9 ms (3); writes 5, 1, 40 in 7 ms; 1 in
 * flight, 12 ms busy; 2 discards (0 merges, 16 sectors, 1 ms); 4
 * flushes in 2 ms. time_in_queue: 3.9 + 7 + 1 + 2 = 13.9 -> 13.
 */
static void blk_stat_line_fields(struct ktest *t)
{
	struct blk_stats s = {
		.ios = { 11, 5, 2, 4 },
		.merges = { 2, 1, 0, 0 },
		.sectors = { 88, 40, 16, 0 },
		.nsecs = { 3900000, 7000000, 1000000, 2000000 },
		.in_flight = 1,
		.io_ticks_ns = 12500000,
	};
	char line[256];
	int n = blk_stat_format(line, sizeof(line), &s);

	KTEST_EXPECT_STREQ(t, line,
			   "      11        2       88        3        5"
			   "        1       40        7        1       12"
			   "       13        2        0       16        1"
			   "        4        2\n");
	KTEST_EXPECT_EQ(t, n, (int)strlen(line));
}

/* A value wider than eight columns widens its field, as printf does:
 * the line stays parseable by whitespace. */
static void blk_stat_line_wide(struct ktest *t)
{
	struct blk_stats s = { .sectors = { 1234567890123ull } };
	char line[256];

	blk_stat_format(line, sizeof(line), &s);
	KTEST_EXPECT(t, !strncmp(line, "       0        0 1234567890123 ",
				 32));
}

KTEST_SUITE(blk_stat,
	    KTEST_CASE(blk_stat_line_fields),
	    KTEST_CASE(blk_stat_line_wide));
