// SPDX-License-Identifier: MIT
/*
 * drivers/fbcon_text.c: the screen console's text grid. Lines wrap at
 * the width and scroll at the bottom; a line's colour comes from what it
 * says and covers all its rows; the run's "# Totals:" line is read only
 * in its exact top-level shape; a banner reserved at the top keeps the
 * newest lines below it.
 */
#include "drivers/fbcon_text.h"
#include "kernel/ktest.h"
#include "lib/string.h"

static struct fbcon_text grid;	/* 48 KiB: not on a kernel stack */

static void grid_write(const char *s)
{
	fbcon_text_write(&grid, s, strlen(s));
}

/* Row @row's characters, trailing blanks dropped, for comparisons. */
static const char *row_text(unsigned int row)
{
	static char buf[FBCON_MAX_COLS + 1];
	unsigned int n = 0;

	for (unsigned int c = 0; c < grid.cols; c++)
		buf[n++] = grid.cells[row][c].ch;
	while (n && buf[n - 1] == ' ')
		n--;
	buf[n] = '\0';
	return buf;
}

/*
 * A 6x3 grid: "abcdefgh" wraps after six columns; three more lines
 * scroll the first ones off the top, newest at the bottom.
 */
static void fbcon_text_wrap_and_scroll(struct ktest *t)
{
	fbcon_text_init(&grid, 6, 3);
	grid_write("abcdefgh\n");
	KTEST_EXPECT_STREQ(t, row_text(0), "abcdef");
	KTEST_EXPECT_STREQ(t, row_text(1), "gh");
	grid_write("one\ntwo\nthree");
	KTEST_EXPECT_STREQ(t, row_text(0), "one");
	KTEST_EXPECT_STREQ(t, row_text(1), "two");
	KTEST_EXPECT_STREQ(t, row_text(2), "three");
	KTEST_EXPECT_EQ(t, grid.row, 2);
	KTEST_EXPECT_EQ(t, grid.col, 5);
}

/* The three coloured kinds, where the kernel prints them; look-alikes
 * inside other text stay plain. */
static void fbcon_text_classify_lines(struct ktest *t)
{
#define CLASSIFY(s) fbcon_text_classify(s, strlen(s))
	KTEST_EXPECT_EQ(t, CLASSIFY("[    1.000000]     not ok 3 x"),
			FBCON_FAIL);
	KTEST_EXPECT_EQ(t, CLASSIFY("not ok 1 suite"), FBCON_FAIL);
	KTEST_EXPECT_EQ(t, CLASSIFY("[    1.000000]   ok 2 not ok_name"),
			FBCON_NORMAL);
	KTEST_EXPECT_EQ(t, CLASSIFY("[    2.5] Kernel panic - not syncing: x"),
			FBCON_PANIC);
	KTEST_EXPECT_EQ(t, CLASSIFY("[ 2.5] [forge 12] Kernel panic - not sy"),
			FBCON_NORMAL);
	KTEST_EXPECT_EQ(t, CLASSIFY("[ 3.0] Memory cgroup out of memory: "
				    "Killed process 12 (hog)"), FBCON_KILLED);
	KTEST_EXPECT_EQ(t, CLASSIFY("[ 3.0] oom_reaper: reaped process 12"),
			FBCON_NORMAL);
#undef CLASSIFY
}

/* A "not ok" line of 26 characters wraps onto a second row of a 14-wide
 * grid and is red on both; the next line is not. The timestamp arrives
 * first, alone, as printk hands it over. */
static void fbcon_text_colour_covers_wrapped_line(struct ktest *t)
{
	fbcon_text_init(&grid, 14, 4);
	grid_write("[ 1.0] ");
	grid_write("not ok 12 long_name\n");
	grid_write("ok 13\n");
	KTEST_EXPECT_STREQ(t, row_text(1), "12 long_name");
	KTEST_EXPECT_EQ(t, grid.cells[0][0].colour, FBCON_FAIL);
	KTEST_EXPECT_EQ(t, grid.cells[1][11].colour, FBCON_FAIL);
	KTEST_EXPECT_EQ(t, grid.cells[2][0].colour, FBCON_NORMAL);
}

/* Only the unindented KUnit-shaped line, complete, gives totals. */
static void fbcon_text_totals_line(struct ktest *t)
{
	struct fbcon_totals tot = { 0 };
	const char *good = "[   19.717860] # Totals: pass:422 fail:1 skip:6 "
			   "total:429\n";
	const char *suite = "[   19.7] # vma: pass:17 fail:0 skip:0 total:17";
	const char *indented = "  # Totals: pass:1 fail:0 skip:0 total:1";
	const char *cut = "# Totals: pass:1 fail:0 skip:0";
	const char *junk = "# Totals: pass:1 fail:0 skip:0 total:1 x";

	KTEST_ASSERT(t, fbcon_text_parse_totals(good, strlen(good), &tot));
	KTEST_EXPECT_EQ(t, tot.pass, 422);
	KTEST_EXPECT_EQ(t, tot.fail, 1);
	KTEST_EXPECT_EQ(t, tot.skip, 6);
	KTEST_EXPECT_EQ(t, tot.total, 429);
	KTEST_EXPECT(t, !fbcon_text_parse_totals(suite, strlen(suite), &tot));
	KTEST_EXPECT(t, !fbcon_text_parse_totals(indented, strlen(indented),
						 &tot));
	KTEST_EXPECT(t, !fbcon_text_parse_totals(cut, strlen(cut), &tot));
	KTEST_EXPECT(t, !fbcon_text_parse_totals(junk, strlen(junk), &tot));
	KTEST_EXPECT_EQ(t, tot.pass, 422);	/* a refusal changes nothing */
}

/*
 * A full 6x4 grid gives its top two rows to a banner: the two newest
 * lines stay in rows 2-3 and scrolling from then on stays below row 2.
 */
static void fbcon_text_banner_keeps_newest(struct ktest *t)
{
	fbcon_text_init(&grid, 6, 4);
	grid_write("l1\nl2\nl3\nl4\nl5");
	fbcon_text_reserve_top(&grid, 2);
	KTEST_EXPECT_STREQ(t, row_text(0), "");
	KTEST_EXPECT_STREQ(t, row_text(2), "l4");
	KTEST_EXPECT_STREQ(t, row_text(3), "l5");
	grid_write("\nl6\n");
	KTEST_EXPECT_STREQ(t, row_text(0), "");
	KTEST_EXPECT_STREQ(t, row_text(1), "");
	KTEST_EXPECT_STREQ(t, row_text(2), "l6");
	KTEST_EXPECT_STREQ(t, row_text(3), "");
}

/* A banner on a grid still being filled moves the cursor below it. */
static void fbcon_text_banner_moves_cursor(struct ktest *t)
{
	fbcon_text_init(&grid, 6, 4);
	grid_write("l1\n");
	fbcon_text_reserve_top(&grid, 3);
	KTEST_EXPECT_EQ(t, grid.row, 3);
	grid_write("next");
	KTEST_EXPECT_STREQ(t, row_text(3), "next");
	KTEST_EXPECT_STREQ(t, row_text(0), "");
}

KTEST_SUITE(fbcon_text,
	KTEST_CASE(fbcon_text_wrap_and_scroll),
	KTEST_CASE(fbcon_text_classify_lines),
	KTEST_CASE(fbcon_text_colour_covers_wrapped_line),
	KTEST_CASE(fbcon_text_totals_line),
	KTEST_CASE(fbcon_text_banner_keeps_newest),
	KTEST_CASE(fbcon_text_banner_moves_cursor));
