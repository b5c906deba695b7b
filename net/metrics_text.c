// SPDX-License-Identifier: MIT
/*
 * Writing Prometheus' text format 0.0.4 (net/metrics_text.h). Each line
 * is written at the end of what is there and kept only when all of it
 * fitted, so a full buffer holds whole lines: the reader of a cut
 * exposition sees fewer samples, never half a one.
 */
#include "lib/format.h"
#include "lib/string.h"
#include "net/metrics_text.h"

/* A line being written: where it started and how far it got. */
struct metrics_line {
	struct metrics_text *m;
	size_t pos;
	bool full;
};

static struct metrics_line line_begin(struct metrics_text *m)
{
	/* After one line was left out, every later one is too: the text
	 * stays a prefix of the whole exposition. */
	return (struct metrics_line){ .m = m, .pos = m->len,
				      .full = m->overflow };
}

static void line_putc(struct metrics_line *l, char c)
{
	if (l->pos + 1 >= l->m->size) {	/* keep room for the NUL */
		l->full = true;
		return;
	}
	l->m->buf[l->pos++] = c;
}

static void line_puts(struct metrics_line *l, const char *s)
{
	while (*s)
		line_putc(l, *s++);
}

/* @s with backslash and newline escaped, and the double quote too in a
 * label value (@quote). */
static void line_escaped(struct metrics_line *l, const char *s, bool quote)
{
	for (; *s; s++) {
		if (*s == '\\' || (quote && *s == '"')) {
			line_putc(l, '\\');
			line_putc(l, *s);
		} else if (*s == '\n') {
			line_puts(l, "\\n");
		} else {
			line_putc(l, *s);
		}
	}
}

static void line_end(struct metrics_line *l)
{
	line_putc(l, '\n');
	if (l->full) {
		l->m->overflow = true;
		l->m->buf[l->m->len] = '\0';
		return;
	}
	l->m->len = l->pos;
	l->m->buf[l->pos] = '\0';
}

/**
 * metrics_text_init - start an exposition in @buf.
 * @m: the writer
 * @buf: where the text goes, NUL-terminated
 * @size: its size, at least 1
 *
 * Context: any.
 */
void metrics_text_init(struct metrics_text *m, char *buf, size_t size)
{
	*m = (struct metrics_text){ .buf = buf, .size = size };
	buf[0] = '\0';
}

/**
 * metrics_family - the HELP and TYPE lines that open a metric family.
 * @m: the writer
 * @name: the metric's name ([a-zA-Z_:][a-zA-Z0-9_:]*)
 * @type: "counter" or "gauge"
 * @help: one line of description (escaped here)
 *
 * Context: any.
 */
void metrics_family(struct metrics_text *m, const char *name,
		    const char *type, const char *help)
{
	struct metrics_line l = line_begin(m);

	line_puts(&l, "# HELP ");
	line_puts(&l, name);
	line_putc(&l, ' ');
	line_escaped(&l, help, false);
	line_end(&l);
	l = line_begin(m);
	line_puts(&l, "# TYPE ");
	line_puts(&l, name);
	line_putc(&l, ' ');
	line_puts(&l, type);
	line_end(&l);
}

/* "name{label="value"} " or "name "; @label NULL: no label. */
static void line_series(struct metrics_line *l, const char *name,
			const char *label, const char *value)
{
	line_puts(l, name);
	if (label) {
		line_putc(l, '{');
		line_puts(l, label);
		line_puts(l, "=\"");
		line_escaped(l, value, true);
		line_puts(l, "\"}");
	}
	line_putc(l, ' ');
}

/**
 * metrics_sample - one sample of the family opened last.
 * @m: the writer
 * @name: the family's name
 * @label: a label's name, or NULL for none
 * @value: the label's value (escaped here)
 * @v: the sample; METRICS_INF is written +Inf
 *
 * Context: any.
 */
void metrics_sample(struct metrics_text *m, const char *name,
		    const char *label, const char *value, u64 v)
{
	struct metrics_line l = line_begin(m);
	char num[24];

	line_series(&l, name, label, value);
	if (v == METRICS_INF)
		line_puts(&l, "+Inf");
	else {
		snprintf(num, sizeof(num), "%llu", (unsigned long long)v);
		line_puts(&l, num);
	}
	line_end(&l);
}

/**
 * metrics_sample_frac - metrics_sample() of a value in millionths,
 * written with its six decimals (seconds from microseconds).
 * @m: the writer
 * @name: the family's name
 * @label: a label's name, or NULL for none
 * @value: the label's value
 * @micros: the sample times 1000000
 *
 * Context: any.
 */
void metrics_sample_frac(struct metrics_text *m, const char *name,
			 const char *label, const char *value, u64 micros)
{
	struct metrics_line l = line_begin(m);
	char num[32];

	line_series(&l, name, label, value);
	snprintf(num, sizeof(num), "%llu.%06llu",
		 (unsigned long long)(micros / 1000000),
		 (unsigned long long)(micros % 1000000));
	line_puts(&l, num);
	line_end(&l);
}
