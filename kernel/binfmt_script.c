// SPDX-License-Identifier: MIT
/*
 * The "#!" line of a script, parsed as Linux 6.1's load_script() does:
 *
 *   #! [spaces/tabs] interpreter [spaces/tabs [argument]] \n
 *
 * Only the first BINPRM_BUF_SIZE bytes are looked at. Everything after
 * the interpreter up to the end of the line (trailing spaces and tabs
 * cut) is ONE argument, spaces and all. A line longer than the buffer is
 * fine as long as the interpreter's name ends inside it (only the
 * argument may be cut short: the interpreter can read the script
 * itself); an interpreter name that may be truncated is -ENOEXEC.
 */
#include "kernel/binfmt_script.h"
#include "lib/errno.h"
#include "lib/string.h"

static bool spacetab(char c)
{
	return c == ' ' || c == '\t';
}

/* The first byte in [first, last] that is not a space or tab, or NULL. */
static char *skip_spacetab(char *first, char *last)
{
	for (; first <= last; first++)
		if (!spacetab(*first))
			return first;
	return NULL;
}

/* The first space, tab or NUL in [first, last], or NULL. */
static char *find_terminator(char *first, char *last)
{
	for (; first <= last; first++)
		if (spacetab(*first) || !*first)
			return first;
	return NULL;
}

/* Where the #! line ends (exclusive), or NULL when the interpreter's name
 * may have been cut by the end of the buffer. */
static char *line_end(char *buf)
{
	char *last = buf + BINPRM_BUF_SIZE - 1, *end;

	end = memchr(buf, '\n', BINPRM_BUF_SIZE);
	if (end)
		return end;
	end = skip_spacetab(buf + 2, last);
	if (!end || !find_terminator(end, last))
		return NULL;
	return last;
}

/**
 * binfmt_script_parse - read a "#!" line.
 * @buf: the file's first BINPRM_BUF_SIZE bytes, NUL-padded past the end
 *       of a shorter file; NULs are written into it to end the strings
 * @out: set to the interpreter and its argument, which point into @buf
 *
 * Context: any; pure.
 * Return: 0; -ENOEXEC when @buf does not start with "#!", names no
 * interpreter, or the name may run past the buffer.
 */
int binfmt_script_parse(char *buf, struct binfmt_script *out)
{
	char *name, *sep, *arg = NULL, *end;

	if (buf[0] != '#' || buf[1] != '!')
		return -ENOEXEC;
	end = line_end(buf);
	if (!end)
		return -ENOEXEC;
	while (spacetab(end[-1]))
		end--;
	name = skip_spacetab(buf + 2, end);
	if (!name || name == end)
		return -ENOEXEC;
	sep = find_terminator(name, end);
	if (sep && *sep)
		arg = skip_spacetab(sep, end);
	*end = 0;
	if (arg)
		*sep = 0;
	out->name = name;
	out->arg = arg;
	return 0;
}
