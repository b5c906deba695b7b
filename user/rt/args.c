// SPDX-License-Identifier: MIT
/*
 * Long-option parsing for the workloads. There are no short options and no
 * positional arguments: every word is an option from the table, so a typo
 * is an error rather than a silently ignored argument.
 */
#include "rt/args.h"
#include "rt/errno.h"
#include "rt/printf.h"
#include "rt/string.h"

/**
 * args_parse_u64 - parse an unsigned number, decimal or 0x-prefixed hex.
 * @s: the text; all of it must be the number.
 * @out: where the value goes on success.
 *
 * Return: false on an empty string, a stray character, or overflow.
 */
bool args_parse_u64(const char *s, uint64_t *out)
{
	unsigned int base = 10;
	uint64_t v = 0;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	if (!*s)
		return false;
	for (; *s; s++) {
		unsigned int d;

		if (*s >= '0' && *s <= '9')
			d = *s - '0';
		else if (base == 16 && *s >= 'a' && *s <= 'f')
			d = *s - 'a' + 10;
		else if (base == 16 && *s >= 'A' && *s <= 'F')
			d = *s - 'A' + 10;
		else
			return false;
		if (v > (UINT64_MAX - d) / base)
			return false;
		v = v * base + d;
	}
	*out = v;
	return true;
}

static void usage(const char *prog, const struct arg_opt *opts,
		  const char *about, int fd)
{
	dprintf(fd, "usage: %s [options]\n%s\n", prog, about);
	for (; opts->name; opts++) {
		if (opts->kind == ARG_U64)
			dprintf(fd, "  --%-14s N  %s (default %lu)\n",
				opts->name, opts->help,
				*(uint64_t *)opts->val);
		else if (opts->kind == ARG_STR)
			dprintf(fd, "  --%-14s S  %s\n", opts->name,
				opts->help);
		else
			dprintf(fd, "  --%-17s %s\n", opts->name, opts->help);
	}
}

static const struct arg_opt *find(const struct arg_opt *opts, const char *w,
				  size_t len)
{
	for (; opts->name; opts++)
		if (strlen(opts->name) == len && !strncmp(opts->name, w, len))
			return opts;
	return NULL;
}

/**
 * args_parse - parse argv against an option table.
 * @argc: argument count from main().
 * @argv: arguments from main(); argv[0] names the program in messages.
 * @opts: the table, ended by an entry with a NULL name.
 * @about: one line for --help, under the usage line.
 *
 * Return: 0 when every word was an option; ARGS_HELP after printing help
 * to stdout; -EINVAL after printing the problem and the usage to stderr.
 */
int args_parse(int argc, char **argv, const struct arg_opt *opts,
	       const char *about)
{
	const char *prog = argc > 0 ? argv[0] : "?";

	for (int i = 1; i < argc; i++) {
		const char *w = argv[i], *eq, *val = NULL;
		const struct arg_opt *o;

		if (!strcmp(w, "--help")) {
			usage(prog, opts, about, 1);
			return ARGS_HELP;
		}
		if (strncmp(w, "--", 2))
			goto bad;
		w += 2;
		eq = strchr(w, '=');
		o = find(opts, w, eq ? (size_t)(eq - w) : strlen(w));
		if (!o)
			goto bad;
		if (o->kind == ARG_FLAG) {
			if (eq)
				goto bad;
			*(bool *)o->val = true;
			continue;
		}
		if (eq)
			val = eq + 1;
		else if (i + 1 < argc)
			val = argv[++i];
		if (!val)
			goto bad;
		if (o->kind == ARG_STR)
			*(const char **)o->val = val;
		else if (!args_parse_u64(val, o->val))
			goto bad;
		continue;
bad:
		eprintf("%s: bad option or value: %s\n", prog, argv[i]);
		usage(prog, opts, about, 2);
		return -EINVAL;
	}
	return 0;
}
