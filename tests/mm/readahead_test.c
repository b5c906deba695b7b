// SPDX-License-Identifier: MIT
/*
 * mm/readahead.c's window arithmetic, against Linux 6.1's
 * get_init_ra_size(), get_next_ra_size() and ondemand_readahead() with
 * the default maximum of 32 pages (128 KiB):
 *
 *   a reader of one page at a time from page 0:
 *   miss 0    -> [0, 4)    mark at 1
 *   mark 1    -> [4, 12)   mark at 4
 *   mark 4    -> [12, 28)  mark at 12
 *   mark 12   -> [28, 60)  mark at 28     (the maximum: 32)
 *   mark 28   -> [60, 92)  mark at 60
 *
 * and then a read far from the last one is random: exactly its pages,
 * the state untouched. A window is clamped at the end of the file; a
 * fault reads around itself until it keeps missing.
 */
#include "kernel/ktest.h"
#include "mm/readahead.h"

#define RA_MAX	32U

static void readahead_sizes(struct ktest *t)
{
	/* small requests x4 (rounded up to a power of two), middling x2 */
	KTEST_EXPECT_EQ_U(t, readahead_init_size(1, RA_MAX), 4);
	KTEST_EXPECT_EQ_U(t, readahead_init_size(3, RA_MAX), 8);
	KTEST_EXPECT_EQ_U(t, readahead_init_size(8, RA_MAX), 16);
	KTEST_EXPECT_EQ_U(t, readahead_init_size(16, RA_MAX), RA_MAX);
	KTEST_EXPECT_EQ_U(t, readahead_next_size(1, RA_MAX), 4);
	KTEST_EXPECT_EQ_U(t, readahead_next_size(4, RA_MAX), 8);
	KTEST_EXPECT_EQ_U(t, readahead_next_size(16, RA_MAX), RA_MAX);
	KTEST_EXPECT_EQ_U(t, readahead_next_size(RA_MAX, RA_MAX), RA_MAX);
}

/* The ramp of the diagram: each window starts where the last ended. */
static void readahead_sequential_ramps(struct ktest *t)
{
	static const unsigned int want[] = { 4, 8, 16, 32, 32 };
	struct file_ra_state ra = { 0 };
	struct readahead_window w =
		readahead_ondemand(&ra, 0, 1, false, RA_MAX);
	unsigned long next = 0;

	for (unsigned int i = 0; i < 5; i++) {
		KTEST_EXPECT_EQ_U(t, w.index, next);
		KTEST_EXPECT_EQ_U(t, w.nr, want[i]);
		if (!KTEST_EXPECT_LT_U(t, w.mark, w.nr))
			return;	/* no mark: the reader would stall */
		next = w.index + w.nr;
		w = readahead_ondemand(&ra, w.index + w.mark, 1, true, RA_MAX);
	}
	KTEST_EXPECT_EQ_U(t, w.index, next);
}

/* A miss right after the last read starts over at the initial size; a
 * miss elsewhere reads only what was asked and keeps the state. */
static void readahead_random_does_not_ramp(struct ktest *t)
{
	struct file_ra_state ra = { 0 };
	struct file_ra_state before;
	struct readahead_window w;

	readahead_ondemand(&ra, 0, 1, false, RA_MAX);
	ra.prev_index = 1;
	w = readahead_ondemand(&ra, 2, 1, false, RA_MAX);
	KTEST_EXPECT_EQ_U(t, w.index, 2);
	KTEST_EXPECT_EQ_U(t, w.nr, 4);
	before = ra;
	for (unsigned long i = 0; i < 8; i++) {
		w = readahead_ondemand(&ra, 1000 + 97 * i, 2, false, RA_MAX);
		KTEST_EXPECT_EQ_U(t, w.index, 1000 + 97 * i);
		KTEST_EXPECT_EQ_U(t, w.nr, 2);
		KTEST_EXPECT_GE_U(t, w.mark, w.nr);
	}
	KTEST_EXPECT_EQ_U(t, ra.start, before.start);
	KTEST_EXPECT_EQ_U(t, ra.size, before.size);
	/* a request larger than the maximum is read whole, from itself */
	w = readahead_ondemand(&ra, 5000, 64, false, RA_MAX);
	KTEST_EXPECT_EQ_U(t, w.index, 5000);
	KTEST_EXPECT_EQ_U(t, w.nr, RA_MAX);
}

static void readahead_clamps_at_eof(struct ktest *t)
{
	struct readahead_window w = { .index = 10, .nr = 32, .mark = 8 };

	KTEST_EXPECT_EQ_U(t, readahead_clamp(w, 20).nr, 10);
	KTEST_EXPECT_EQ_U(t, readahead_clamp(w, 100).nr, 32);
	w.index = 20;
	KTEST_EXPECT_EQ_U(t, readahead_clamp(w, 20).nr, 0);
	w.index = 25;
	KTEST_EXPECT_EQ_U(t, readahead_clamp(w, 20).nr, 0);
}

/* Read-around is centred on the fault, its last quarter async; a
 * mapping that keeps missing reads one page; read-ahead off reads one
 * page on a miss and nothing on a mark. */
static void readahead_fault_around(struct ktest *t)
{
	struct file_ra_state ra = { 0 };
	struct readahead_window w = readahead_around(&ra, 100, RA_MAX);

	KTEST_EXPECT_EQ_U(t, w.index, 84);
	KTEST_EXPECT_EQ_U(t, w.nr, RA_MAX);
	KTEST_EXPECT_EQ_U(t, w.mark, 24);
	w = readahead_around(&ra, 3, RA_MAX);
	KTEST_EXPECT_EQ_U(t, w.index, 0);
	ra.mmap_miss = READAHEAD_MMAP_LOTSAMISS;
	w = readahead_around(&ra, 500, RA_MAX);
	KTEST_EXPECT_EQ_U(t, w.index, 500);
	KTEST_EXPECT_EQ_U(t, w.nr, 1);
	KTEST_EXPECT_EQ_U(t, readahead_ondemand(&ra, 7, 4, false, 0).nr, 1);
	KTEST_EXPECT_EQ_U(t, readahead_ondemand(&ra, 7, 4, true, 0).nr, 0);
}

KTEST_SUITE(readahead, KTEST_CASE(readahead_sizes),
	    KTEST_CASE(readahead_sequential_ramps),
	    KTEST_CASE(readahead_random_does_not_ramp),
	    KTEST_CASE(readahead_clamps_at_eof),
	    KTEST_CASE(readahead_fault_around));
