// SPDX-License-Identifier: MIT
/*
 * A process's console output (see kernel/user_console.h): bytes are
 * collected into a line, and a line is logged when it ends ('\n'), when
 * it fills USER_CONSOLE_LINE_MAX, or when the process ends with a line
 * unfinished. Bytes that are not 7-bit printable (control characters,
 * terminal escapes, '\r') show as '?', in the text and in the comm, so
 * one logged line is one line on any terminal and cannot garble others.
 */
#include "kernel/printk.h"
#include "kernel/task.h"
#include "kernel/user_console.h"
#include "lib/string.h"

/**
 * user_console_init - an empty console.
 * @c: the console, inside its process
 * @out: where the spawner wants the bytes copied too (it must stay valid
 *       until the process is reaped), or NULL for the log only
 *
 * Context: any; before any thread of the process can write.
 */
void user_console_init(struct user_console *c, struct process_output *out)
{
	mutex_init(&c->lock, "user_console");
	c->out = out;
	c->line_len = 0;
}

static char printable(char c)
{
	return (c >= ' ' && c < 127) || c == '\t' ? c : '?';
}

/* Log the line collected so far as "[comm pid] text". The comm is the
 * writing thread's, which prctl(PR_SET_NAME) may have filled with any
 * bytes. Context: c->lock held. */
static void flush_line(struct user_console *c, int tgid)
{
	char comm[TASK_COMM_LEN];
	size_t i;

	for (i = 0; i < sizeof(comm) - 1 && current->name[i]; i++)
		comm[i] = printable(current->name[i]);
	comm[i] = 0;
	pr_info("[%s %d] %.*s\n", comm, tgid, (int)c->line_len, c->line);
	c->line_len = 0;
}

/* Copy to the spawner's buffer what fits; note what did not. */
static void capture(struct process_output *out, const char *buf, size_t n)
{
	size_t room = out->size ? out->size - 1 - out->len : 0;

	if (n > room) {
		out->truncated = true;
		n = room;
	}
	memcpy(out->buf + out->len, buf, n);
	out->len += n;
	if (out->size)
		out->buf[out->len] = 0;
}

/**
 * user_console_write - what a process writes to its stdout or stderr.
 * @c: the process's console
 * @tgid: the process id, for the log lines
 * @buf: the bytes, in kernel memory
 * @n: how many
 *
 * Whole lines go to the kernel log as "[comm pid] text", comm being the
 * calling thread's; the bytes are also copied to the spawner's
 * process_output.
 * Context: task context, may sleep; takes c->lock.
 */
void user_console_write(struct user_console *c, int tgid, const char *buf,
			size_t n)
{
	mutex_lock(&c->lock);
	if (c->out)
		capture(c->out, buf, n);
	for (size_t i = 0; i < n; i++) {
		char ch = buf[i];

		if (ch == '\n') {
			flush_line(c, tgid);
			continue;
		}
		if (c->line_len == sizeof(c->line))
			flush_line(c, tgid);
		c->line[c->line_len++] = printable(ch);
	}
	mutex_unlock(&c->lock);
}

/**
 * user_console_flush - log the unfinished line, if any (the process ends).
 * @c: the process's console
 * @tgid: the process id, for the log line
 *
 * Context: task context, may sleep; takes c->lock.
 */
void user_console_flush(struct user_console *c, int tgid)
{
	mutex_lock(&c->lock);
	if (c->line_len)
		flush_line(c, tgid);
	mutex_unlock(&c->lock);
}
