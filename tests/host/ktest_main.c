// SPDX-License-Identifier: MIT
/*
 * Host test binary: runs every suite linked into it (the pure-logic ones)
 * and prints the same KTAP as the kernel does.
 *   usage: ktest-host [filter-glob] [seed]
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include "kernel/ktest.h"
#include "kernel/printk.h"

static void stdout_write(const char *s, size_t len)
{
	fwrite(s, 1, len, stdout);
	fflush(stdout);
}

static struct console stdout_console = {
	.name = "stdout",
	.write = stdout_write,
};

int main(int argc, char **argv)
{
	console_register(&stdout_console);
	printk_set_timestamps(false);
	if (argc > 1 && argv[1][0])
		ktest_options.filter = argv[1];
	if (argc > 2)
		ktest_options.seed = strtoull(argv[2], NULL, 0);
	return ktest_run_all() ? 0 : 1;
}
