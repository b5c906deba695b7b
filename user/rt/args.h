/* SPDX-License-Identifier: MIT */
/*
 * Command-line options: a table of long options ("--name VALUE",
 * "--name=VALUE", "--flag"), parsed into the variables the table points
 * at. Defaults are whatever the variables hold before parsing.
 */
#ifndef USER_RT_ARGS_H
#define USER_RT_ARGS_H

#include <stdbool.h>
#include <stdint.h>

enum arg_kind {
	ARG_FLAG,	/* val: bool *, set to true */
	ARG_U64,	/* val: uint64_t *, decimal or 0x hex */
	ARG_STR,	/* val: const char ** */
};

struct arg_opt {
	const char *name;	/* without "--"; NULL ends the table */
	enum arg_kind kind;
	void *val;
	const char *help;
};

#define ARGS_HELP 1	/* args_parse(): --help was printed */

bool args_parse_u64(const char *s, uint64_t *out);
int args_parse(int argc, char **argv, const struct arg_opt *opts,
	       const char *about);

#endif /* USER_RT_ARGS_H */
