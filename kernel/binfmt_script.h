/* SPDX-License-Identifier: MIT */
/*
 * "#!" scripts (kernel/binfmt_script.c): the parse of a script's first
 * line into an interpreter and one optional argument, as Linux 6.1's
 * fs/binfmt_script.c reads it. Pure, so the host tests feed it lines.
 */
#ifndef KERNEL_BINFMT_SCRIPT_H
#define KERNEL_BINFMT_SCRIPT_H

#include "lib/types.h"

/* Bytes of a file execve() looks at first (Linux's BINPRM_BUF_SIZE). */
#define BINPRM_BUF_SIZE		256
/* Interpreters an exec may go through before -ELOOP: Linux's
 * exec_binprm() gives up when a sixth one is asked for. */
#define BINFMT_MAX_DEPTH	5

struct binfmt_script {
	const char *name;	/* the interpreter's path */
	const char *arg;	/* its one argument, or NULL */
};

int binfmt_script_parse(char *buf, struct binfmt_script *out);

#endif
