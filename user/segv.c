// SPDX-License-Identifier: MIT
/*
 * segv: dies of a fault on purpose, so the kernel can show that only the
 * process ends. FOR OOMLAB TESTS: it never returns normally in the
 * faulting modes.
 *
 *   --mode null          write to address 0: SIGSEGV
 *   --mode ud            execute ud2: SIGILL
 *   --mode thread-null   a second thread writes to 0 while the main
 *                        thread sleeps in FUTEX_WAIT: the whole process
 *                        dies of SIGSEGV
 *   --mode ktext         jump to --addr (default Linux's kernel text,
 *                        0xffffffff81000000; the kernel tests pass one
 *                        of oomlab's functions): SIGSEGV
 *   --mode stack         grow the stack by --kib KiB (default 1024) with
 *                        a recursion touching every page, then exit 0;
 *                        past the 8 MiB stack limit it is SIGSEGV
 *
 * Output: "segv: start mode=M" first; "segv: survived mode=M" (exit 1)
 * if a faulting mode did not fault; "segv: stack ok kib=K" (exit 0).
 */
#include "rt/args.h"
#include "rt/printf.h"
#include "rt/string.h"
#include "rt/sys.h"
#include "rt/thread.h"

static struct {
	const char *mode;
	uint64_t kib;
	uint64_t addr;
} cfg = { .mode = "null", .kib = 1024, .addr = 0xffffffff81000000UL };

static const struct arg_opt opts[] = {
	{ "mode", ARG_STR, &cfg.mode,
	  "null, ud, thread-null, ktext or stack" },
	{ "kib", ARG_U64, &cfg.kib, "stack growth for --mode stack" },
	{ "addr", ARG_U64, &cfg.addr, "kernel address for --mode ktext" },
	{ NULL },
};

static void write_null(void)
{
	*(volatile int *)0 = 1;
}

static int null_thread(void *arg)
{
	sys_nanosleep(&(struct timespec){ 0, 2000000 }, NULL);
	write_null();
	return 0;
}

/* One frame per KiB, each touching its own buffer. */
static unsigned long grow(uint64_t kib)
{
	volatile char buf[1000];

	buf[0] = (char)kib;
	buf[sizeof(buf) - 1] = (char)kib;
	if (!kib)
		return 0;
	return grow(kib - 1) + buf[0] + buf[sizeof(buf) - 1];
}

int main(int argc, char **argv, char **envp)
{
	static int never;
	struct tcb *t;
	long r = args_parse(argc, argv, opts, "Fault on purpose.");

	if (r)
		return r == ARGS_HELP ? 0 : 2;
	printf("segv: start mode=%s\n", cfg.mode);
	if (!strcmp(cfg.mode, "null")) {
		write_null();
	} else if (!strcmp(cfg.mode, "ktext")) {
		((void (*)(void))cfg.addr)();
	} else if (!strcmp(cfg.mode, "ud")) {
		__asm__ volatile("ud2");
	} else if (!strcmp(cfg.mode, "thread-null")) {
		r = thread_create(&t, null_thread, NULL, 0);
		if (r < 0)
			return 3;
		for (;;)
			sys_futex(&never, FUTEX_WAIT | FUTEX_PRIVATE_FLAG, 0,
				  NULL, NULL, 0);
	} else if (!strcmp(cfg.mode, "stack")) {
		grow(cfg.kib);
		printf("segv: stack ok kib=%lu\n", cfg.kib);
		return 0;
	} else {
		printf("segv: unknown mode %s\n", cfg.mode);
		return 2;
	}
	printf("segv: survived mode=%s\n", cfg.mode);
	return 1;
}
