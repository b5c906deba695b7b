// SPDX-License-Identifier: MIT
/*
 * netconsole's line queue: lines come out whole, in order, numbered
 * from 0 however the console cut them; a full queue drops the newest
 * lines, counts them and leaves a visible hole in the numbers; records
 * are in Linux's extended netconsole format.
 */
#include "kernel/ktest.h"
#include "lib/format.h"
#include "lib/string.h"
#include "mm/slab.h"
#include "net/netconsole_ring.h"

static struct nc_ring *ring_new(struct ktest *t)
{
	struct nc_ring *r = kzalloc(sizeof(*r), GFP_KERNEL);

	KTEST_EXPECT_NOT_NULL(t, r);
	return r;
}

/* "ab" + "c\nd" + "e\n": two lines, "abc" stamped when "a" came. */
static void netconsole_ring_lines_in_order(struct ktest *t)
{
	struct nc_ring *r = ring_new(t);
	struct nc_record rec;

	if (!r)
		return;
	nc_ring_write(r, "ab", 2, 100);
	KTEST_EXPECT(t, nc_ring_empty(r));
	nc_ring_write(r, "c\nd", 3, 200);
	nc_ring_write(r, "e\n", 2, 300);
	KTEST_ASSERT(t, nc_ring_pop(r, &rec));
	KTEST_EXPECT_EQ_U(t, rec.seq, 0);
	KTEST_EXPECT_EQ_U(t, rec.usec, 100);
	KTEST_EXPECT_EQ_U(t, rec.len, 3);
	KTEST_EXPECT(t, !memcmp(rec.text, "abc", 3));
	KTEST_ASSERT(t, nc_ring_pop(r, &rec));
	KTEST_EXPECT_EQ_U(t, rec.seq, 1);
	KTEST_EXPECT_EQ_U(t, rec.usec, 200);
	KTEST_EXPECT(t, !memcmp(rec.text, "de", 2));
	KTEST_EXPECT(t, !nc_ring_pop(r, &rec));
	KTEST_EXPECT_EQ_U(t, nc_ring_dropped(r), 0);
	kfree(r);
}

/*
 * NC_SLOTS + 3 lines into a queue nobody drains: the first NC_SLOTS
 * are kept, 3 are counted as dropped; after draining, the next line is
 * numbered NC_SLOTS + 3, so the receiver sees the 3 missing numbers.
 */
static void netconsole_ring_full_drops_and_counts(struct ktest *t)
{
	struct nc_ring *r = ring_new(t);
	struct nc_record rec;
	u64 n = 0;

	if (!r)
		return;
	for (unsigned int i = 0; i < NC_SLOTS + 3; i++)
		nc_ring_write(r, "x\n", 2, i);
	KTEST_EXPECT_EQ_U(t, nc_ring_dropped(r), 3);
	while (nc_ring_pop(r, &rec)) {
		if (!KTEST_EXPECT_EQ_U(t, rec.seq, n))
			break;
		n++;
	}
	KTEST_EXPECT_EQ_U(t, n, NC_SLOTS);
	nc_ring_write(r, "y\n", 2, 0);
	KTEST_ASSERT(t, nc_ring_pop(r, &rec));
	KTEST_EXPECT_EQ_U(t, rec.seq, NC_SLOTS + 3);
	kfree(r);
}

/* A line longer than NC_LINE_MAX is cut, not split or lost. */
static void netconsole_ring_long_line_cut(struct ktest *t)
{
	struct nc_ring *r = ring_new(t);
	struct nc_record rec;

	if (!r)
		return;
	for (unsigned int i = 0; i < NC_LINE_MAX + 50; i++)
		nc_ring_write(r, "z", 1, 7);
	nc_ring_write(r, "\n", 1, 8);
	KTEST_ASSERT(t, nc_ring_pop(r, &rec));
	KTEST_EXPECT_EQ_U(t, rec.len, NC_LINE_MAX);
	KTEST_EXPECT_EQ_U(t, rec.usec, 7);
	KTEST_EXPECT(t, !nc_ring_pop(r, &rec));
	kfree(r);
}

/* "6,SEQ,USEC,-;TEXT\n", Linux's extended netconsole record. */
static void netconsole_ring_format(struct ktest *t)
{
	struct nc_record rec = { .seq = 42, .usec = 1234567, .len = 5 };
	char buf[NC_RECORD_MAX];
	size_t n;

	memcpy(rec.text, "ok 1 ", 5);
	n = nc_ring_format(&rec, buf, sizeof(buf));
	KTEST_ASSERT_EQ(t, n, strlen("6,42,1234567,-;ok 1 \n"));
	KTEST_EXPECT(t, !memcmp(buf, "6,42,1234567,-;ok 1 \n", n));
	rec.len = NC_LINE_MAX;
	rec.seq = ~0ULL;
	rec.usec = ~0ULL;
	KTEST_EXPECT_GT(t, nc_ring_format(&rec, buf, sizeof(buf)), NC_LINE_MAX);
	KTEST_EXPECT_EQ(t, nc_ring_format(&rec, buf, 16), 0);
}

KTEST_SUITE(netconsole_ring,
	KTEST_CASE(netconsole_ring_lines_in_order),
	KTEST_CASE(netconsole_ring_full_drops_and_counts),
	KTEST_CASE(netconsole_ring_long_line_cut),
	KTEST_CASE(netconsole_ring_format));
