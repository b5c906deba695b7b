// SPDX-License-Identifier: MIT
/*
 * futexfault: FUTEX_WAIT on a word whose page is not there yet, at a
 * moment the kernel test chooses. FOR OOMLAB TESTS (the kernel test
 * holds this process's mmap_lock meanwhile and checks that another
 * process's FUTEX_WAKE is not held up by it).
 *
 *   1. map a word page W (touched) and a word page P (never touched);
 *      print "futexfault: ready w=ADDR p=ADDR" (decimal)
 *   2. FUTEX_WAIT on W (value 0) for at most --timeout-ms: the test
 *      wakes it when it is ready
 *   3. FUTEX_WAIT on P (value 0) for at most --timeout-ms: its read
 *      faults the page in
 *
 * Output: "futexfault: done wait_w=R wait_p=R" with the two futex
 * returns (0 woken, -110 timed out), exit 0. Natively (no test to wake
 * it) both waits time out.
 */
#include "rt/args.h"
#include "rt/printf.h"
#include "rt/sys.h"

static struct {
	uint64_t timeout_ms;
} cfg = { .timeout_ms = 50 };

static const struct arg_opt opts[] = {
	{ "timeout-ms", ARG_U64, &cfg.timeout_ms, "bound of each wait" },
	{ NULL },
};

static long wait_zero(int *word)
{
	struct timespec ts = { (long)(cfg.timeout_ms / 1000),
			       (long)(cfg.timeout_ms % 1000) * 1000000 };

	return sys_futex(word, FUTEX_WAIT, 0, &ts, NULL, 0);
}

int main(int argc, char **argv, char **envp)
{
	long r = args_parse(argc, argv, opts, "FUTEX_WAIT on a fresh page.");
	long wait_w, wait_p;
	int *w, *p;

	if (r)
		return r == ARGS_HELP ? 0 : 2;
	w = (int *)sys_mmap(NULL, 4096, PROT_READ | PROT_WRITE,
			    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	p = (int *)sys_mmap(NULL, 4096, PROT_READ | PROT_WRITE,
			    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if ((long)w < 0 || (long)p < 0)
		return 3;
	*(volatile int *)w = 0;
	printf("futexfault: ready w=%lu p=%lu\n", (unsigned long)w,
	       (unsigned long)p);
	wait_w = wait_zero(w);
	wait_p = wait_zero(p);
	printf("futexfault: done wait_w=%ld wait_p=%ld\n", wait_w, wait_p);
	return 0;
}
