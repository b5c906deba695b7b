// SPDX-License-Identifier: MIT
/*
 * forkbomb: every process forks for ever; a refused fork (EAGAIN: a
 * cgroup's pids.max, RLIMIT_NPROC) is retried after a short sleep, so
 * the bomb keeps pushing at the limit until it is killed. Only the first
 * process prints. Not for a native run: on Linux too it runs until
 * something kills every process of it.
 *
 *   forkbomb [--nproc N]   N: first set RLIMIT_NPROC to N and become uid
 *                          BOMB_UID (root is not bound by RLIMIT_NPROC)
 *
 * Output (stdout, the first process only):
 *   forkbomb: start pid=P
 *   forkbomb: refused errno=E        (its first refused fork)
 *   forkbomb: FAIL what=W errno=E    (setup failed; exit 1)
 */
#include "rt/args.h"
#include "rt/printf.h"
#include "rt/sys.h"

#define SYS_setuid_nr		105
#define SYS_prlimit64_nr	302
#define RLIMIT_NPROC		6
#define BOMB_UID		4242
#define RETRY_NS		5000000L	/* 5 ms between refused forks */

struct rlimit64 {
	uint64_t cur, max;
};

static struct {
	uint64_t nproc;
} cfg;

static const struct arg_opt opts[] = {
	{ "nproc", ARG_U64, &cfg.nproc, "RLIMIT_NPROC, as a non-root user" },
	{ NULL },
};

/* RLIMIT_NPROC = cfg.nproc, then drop root. Return: 0 or -errno. */
static long limit_nproc(void)
{
	struct rlimit64 lim = { cfg.nproc, cfg.nproc };
	long r = syscall4(SYS_prlimit64_nr, 0, RLIMIT_NPROC, (long)&lim, 0);

	if (r)
		return r;
	return syscall1(SYS_setuid_nr, BOMB_UID);
}

static __attribute__((noreturn)) void bomb(void)
{
	const struct timespec pause = { .tv_sec = 0, .tv_nsec = RETRY_NS };
	long first = sys_getpid();
	bool told = false;

	for (;;) {
		long pid = sys_fork();

		if (pid >= 0)
			continue;	/* parent and child fork on */
		if (!told && sys_getpid() == first) {
			printf("forkbomb: refused errno=%ld\n", -pid);
			told = true;
		}
		sys_nanosleep(&pause, NULL);
	}
}

int main(int argc, char **argv, char **envp);

int main(int argc, char **argv, char **envp)
{
	long r = args_parse(argc, argv, opts, "fork until killed.");

	(void)envp;
	if (r)
		return r == ARGS_HELP ? 0 : 2;
	if (cfg.nproc && (r = limit_nproc())) {
		printf("forkbomb: FAIL what=nproc errno=%ld\n", -r);
		return 1;
	}
	printf("forkbomb: start pid=%ld\n", sys_getpid());
	bomb();
}
