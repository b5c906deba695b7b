// SPDX-License-Identifier: MIT
/*
 * sleeper: a process that is slow to exit without holding its mmap lock.
 * It touches N pages, then opens /sys/kernel/oomlab/hold, which sleeps
 * uninterruptibly in the kernel until the kernel test releases it: a
 * SIGKILL meanwhile is pending but cannot end it, so the process keeps
 * its memory (and its mm stays without MMF_OOM_SKIP) for as long as the
 * test wants - Linux's victim stuck in slow I/O.
 *
 * Output (stdout):
 *   sleeper: holding pages=N          (every page touched; the open next)
 *   sleeper: released text=T          (the hold file's text; exit 0)
 *   sleeper: FAIL error=ENAME         (exit 1)
 */
#include "rt/args.h"
#include "rt/errno.h"
#include "rt/fs.h"
#include "rt/mem.h"
#include "rt/printf.h"
#include "rt/sys.h"

#define HOLD_PATH "/sys/kernel/oomlab/hold"

static struct {
	uint64_t pages;
} cfg = { .pages = 16 };

static const struct arg_opt opts[] = {
	{ "pages", ARG_U64, &cfg.pages, "pages to touch before the hold" },
	{ NULL },
};

int main(int argc, char **argv, char **envp);

int main(int argc, char **argv, char **envp)
{
	char text[32];
	long map, fd, n;
	char *p;

	n = args_parse(argc, argv, opts, "Touch pages, then sleep in the "
					 "kernel until released.");
	if (n)
		return n == ARGS_HELP ? 0 : 2;
	map = mem_map_anon(cfg.pages * PAGE_SIZE, 0);
	if (syscall_failed(map)) {
		printf("sleeper: FAIL error=%s\n", errno_name((int)-map));
		return 1;
	}
	p = (char *)map;
	for (uint64_t i = 0; i < cfg.pages; i++)
		p[i * PAGE_SIZE] = 1;
	printf("sleeper: holding pages=%lu\n", (unsigned long)cfg.pages);
	fd = sys_open(HOLD_PATH, O_RDONLY, 0);
	if (fd < 0) {
		printf("sleeper: FAIL error=%s\n", errno_name((int)-fd));
		return 1;
	}
	n = sys_read((int)fd, text, sizeof(text) - 1);
	text[n > 0 ? n - 1 : 0] = 0;	/* drop the newline */
	printf("sleeper: released text=%s\n", text);
	sys_close((int)fd);
	return 0;
}
