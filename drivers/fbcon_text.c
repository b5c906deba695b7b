// SPDX-License-Identifier: MIT
/*
 * The screen console's text grid (drivers/fbcon_text.h). A line's colour
 * is decided from its text so far every time more of it arrives (printk
 * hands the timestamp and the message over separately), and applied to
 * every row the line occupies, so a wrapped "not ok" line is red on all
 * its rows.
 */
#include "drivers/fbcon_text.h"
#include "lib/string.h"

#define TOTALS_PREFIX	"# Totals: "

static void clear_row(struct fbcon_text *t, unsigned int row)
{
	for (unsigned int c = 0; c < t->cols; c++)
		t->cells[row][c] = (struct fbcon_cell){ ' ', FBCON_NORMAL };
}

/**
 * fbcon_text_init - an empty grid of @cols x @rows cells.
 * @t: the grid
 * @cols: columns, clamped to 1..FBCON_MAX_COLS
 * @rows: rows, clamped to 1..FBCON_MAX_ROWS
 *
 * Context: any.
 */
void fbcon_text_init(struct fbcon_text *t, unsigned int cols,
		     unsigned int rows)
{
	t->cols = MIN(cols ? cols : 1, (unsigned int)FBCON_MAX_COLS);
	t->rows = MIN(rows ? rows : 1, (unsigned int)FBCON_MAX_ROWS);
	t->top = t->row = t->col = t->line_row = t->line_len = 0;
	for (unsigned int r = 0; r < t->rows; r++)
		clear_row(t, r);
}

static void scroll(struct fbcon_text *t)
{
	memmove(&t->cells[t->top], &t->cells[t->top + 1],
		(t->rows - 1 - t->top) * sizeof(t->cells[0]));
	clear_row(t, t->rows - 1);
	if (t->line_row > t->top)
		t->line_row--;
}

static void new_row(struct fbcon_text *t)
{
	t->col = 0;
	if (t->row + 1 < t->rows)
		t->row++;
	else
		scroll(t);
}

/* Skip "[seconds.micros] " and the KTAP indentation. */
static const char *line_body(const char *line, size_t len, size_t *rest)
{
	const char *end = line + len;
	const char *p = line;

	if (p < end && *p == '[') {
		const char *close = memchr(p, ']', (size_t)(end - p));

		if (close)
			p = close + 1;
	}
	while (p < end && *p == ' ')
		p++;
	*rest = (size_t)(end - p);
	return p;
}

static bool contains(const char *s, size_t len, const char *needle)
{
	size_t n = strlen(needle);

	for (size_t i = 0; i + n <= len; i++)
		if (!memcmp(s + i, needle, n))
			return true;
	return false;
}

/**
 * fbcon_text_classify - the colour of a log line.
 * @line: the line (a timestamp and indentation are skipped)
 * @len: its length
 *
 * A KTAP result "not ok" at any depth, Linux's "Kernel panic - not
 * syncing" and its OOM killer's "Killed process" each get their colour.
 * The first two only where the kernel prints them, first on the line: a
 * user program's output ("[comm pid] text") cannot fake them.
 *
 * Context: any.
 * Return: the colour.
 */
enum fbcon_colour fbcon_text_classify(const char *line, size_t len)
{
	size_t rest;
	const char *body = line_body(line, len, &rest);

	if (rest >= 12 && !memcmp(body, "Kernel panic", 12))
		return FBCON_PANIC;
	if (rest >= 7 && !memcmp(body, "not ok ", 7))
		return FBCON_FAIL;
	if (contains(line, len, "Killed process"))
		return FBCON_KILLED;
	return FBCON_NORMAL;
}

static void colour_line(struct fbcon_text *t)
{
	u8 colour = fbcon_text_classify(t->line, t->line_len);

	for (unsigned int r = t->line_row; r <= t->row; r++) {
		unsigned int end = r == t->row ? t->col : t->cols;

		for (unsigned int c = 0; c < end; c++)
			t->cells[r][c].colour = colour;
	}
}

static void put_char(struct fbcon_text *t, char ch)
{
	if (ch == '\n') {
		colour_line(t);
		new_row(t);
		t->line_row = t->row;
		t->line_len = 0;
		return;
	}
	if (ch == '\r')
		return;
	if (t->col == t->cols)
		new_row(t);
	if (t->line_len < FBCON_LINE_MAX)
		t->line[t->line_len++] = ch;
	t->cells[t->row][t->col++] = (struct fbcon_cell){ ch, FBCON_NORMAL };
}

/**
 * fbcon_text_write - append log text to the grid.
 * @t: the grid
 * @s: the text, any number of lines and partial lines
 * @len: its length
 *
 * Context: any; the caller serialises.
 */
void fbcon_text_write(struct fbcon_text *t, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		put_char(t, s[i]);
	colour_line(t);
}

/**
 * fbcon_text_reserve_top - give rows [0, @top) to a banner.
 * @t: the grid
 * @top: rows reserved, at most rows - 1
 *
 * The newest lines stay where they are (at the bottom once the grid has
 * filled); a cursor that would be under the banner moves below it.
 *
 * Context: any; the caller serialises.
 */
void fbcon_text_reserve_top(struct fbcon_text *t, unsigned int top)
{
	top = MIN(top, t->rows - 1);
	for (unsigned int r = t->top; r < top; r++)
		clear_row(t, r);
	t->top = top;
	if (t->row < top) {
		t->row = top;
		t->col = 0;
	}
	if (t->line_row < top)
		t->line_row = top;
}

static bool parse_field(const char **p, const char *end, const char *name,
			unsigned int *out)
{
	size_t n = strlen(name);
	const char *digits;
	u64 v;

	if ((size_t)(end - *p) < n || memcmp(*p, name, n))
		return false;
	*p += n;
	digits = *p;
	while (*p < end && **p >= '0' && **p <= '9')
		(*p)++;
	if (str_to_u64(digits, (size_t)(*p - digits), &v) || v > 0xffffffffu)
		return false;
	*out = (unsigned int)v;
	while (*p < end && **p == ' ')
		(*p)++;
	return true;
}

/**
 * fbcon_text_parse_totals - read a run's "# Totals:" line.
 * @line: a log line, with or without its timestamp
 * @len: its length (a trailing newline is allowed)
 * @out: the totals, when the line is one
 *
 * Only the top-level line counts: ktest prints it unindented as
 * "# Totals: pass:P fail:F skip:S total:T" (KUnit's shape); a suite's
 * indented count line is not the run's.
 *
 * Context: any.
 * Return: true when @line is a well-formed totals line.
 */
bool fbcon_text_parse_totals(const char *line, size_t len,
			     struct fbcon_totals *out)
{
	const char *end = line + len;
	const char *p = line;
	struct fbcon_totals t;

	if (p < end && *p == '[') {
		const char *close = memchr(p, ']', len);

		if (!close || close + 1 == end || close[1] != ' ')
			return false;
		p = close + 2;
	}
	while (end > p && (end[-1] == '\n' || end[-1] == '\r'))
		end--;
	if ((size_t)(end - p) < strlen(TOTALS_PREFIX) ||
	    memcmp(p, TOTALS_PREFIX, strlen(TOTALS_PREFIX)))
		return false;
	p += strlen(TOTALS_PREFIX);
	if (!parse_field(&p, end, "pass:", &t.pass) ||
	    !parse_field(&p, end, "fail:", &t.fail) ||
	    !parse_field(&p, end, "skip:", &t.skip) ||
	    !parse_field(&p, end, "total:", &t.total) || p != end)
		return false;
	*out = t;
	return true;
}
