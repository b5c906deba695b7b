/* SPDX-License-Identifier: MIT */
/*
 * The screen console's text: a grid of character cells that the kernel
 * log is written into, wrapping long lines and scrolling at the bottom,
 * each log line coloured by what it reports. Pure (no device), so the
 * host tests drive it; drivers/fbcon.c draws it on a screen.
 *
 * Rows [0, top) belong to the summary banner once the run's totals are
 * known; the log scrolls in rows [top, rows).
 *
 * Locking: none of its own; the caller serialises (fbcon: printk_lock).
 */
#ifndef DRIVERS_FBCON_TEXT_H
#define DRIVERS_FBCON_TEXT_H

#include "lib/types.h"

#define FBCON_MAX_COLS	240
#define FBCON_MAX_ROWS	100
#define FBCON_LINE_MAX	256	/* bytes of a line kept to colour it */

enum fbcon_colour {
	FBCON_NORMAL,
	FBCON_FAIL,		/* a KTAP "not ok" result */
	FBCON_PANIC,		/* "Kernel panic" */
	FBCON_KILLED,		/* an OOM kill: "Killed process" */
	FBCON_NR_COLOURS,
};

struct fbcon_cell {
	char ch;
	u8 colour;		/* enum fbcon_colour */
};

struct fbcon_text {
	unsigned int cols, rows;
	unsigned int top;		/* first row of the log area */
	unsigned int row, col;		/* the cursor */
	unsigned int line_row;		/* where the current line began */
	char line[FBCON_LINE_MAX];	/* its start, to classify it */
	unsigned int line_len;
	struct fbcon_cell cells[FBCON_MAX_ROWS][FBCON_MAX_COLS];
};

/* The totals of a KTAP run, from its "# Totals:" line. */
struct fbcon_totals {
	unsigned int pass, fail, skip, total;
};

void fbcon_text_init(struct fbcon_text *t, unsigned int cols,
		     unsigned int rows);
void fbcon_text_write(struct fbcon_text *t, const char *s, size_t len);
void fbcon_text_reserve_top(struct fbcon_text *t, unsigned int top);
enum fbcon_colour fbcon_text_classify(const char *line, size_t len);
bool fbcon_text_parse_totals(const char *line, size_t len,
			     struct fbcon_totals *out);

#endif
