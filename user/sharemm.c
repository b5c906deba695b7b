// SPDX-License-Identifier: MIT
/*
 * sharemm: processes that share one mm - clone(CLONE_VM) without
 * CLONE_THREAD, a second process on the same address space.
 *
 *   sharemm                      self-check of clone()'s rules, valid on
 *                                Linux too: the flag sets copy_process()
 *                                rejects get EINVAL; a CLONE_VM child has
 *                                its own pid, writes into the parent's
 *                                memory, and its CLONE_CHILD_CLEARTID
 *                                word is cleared (and woken) at its exit
 *   sharemm --pages N --hold-ms H
 *                                touch N pages, then clone a child that
 *                                shares them; both sleep H ms and exit
 *
 * Output (stdout):
 *   sharemm: child pid=P              (either mode, once the child runs)
 *   sharemm: holding pages=N child=P  (--pages: both hold the pages now)
 *   sharemm: FAIL what ...            (self-check: one per failed check)
 *   sharemm: result checks=N failed=F (self-check; exit 0 when F is 0)
 * A child is no process's child on oomlab: whoever started sharemm reaps
 * it by its pid.
 */
#include <stdbool.h>
#include "rt/args.h"
#include "rt/errno.h"
#include "rt/mem.h"
#include "rt/printf.h"
#include "rt/sys.h"
#include "rt/time.h"

#define CLONE_PIDFD		0x00001000
#define CHILD_STACK		(4 * PAGE_SIZE)
#define CHILD_MAGIC		0x5348414cUL
#define EXIT_WAIT_NS		(10ULL * 1000000000)

long thread_clone(unsigned long flags, void *sp, int *ptid, int *ctid,
		  void *tls);

static struct {
	uint64_t pages, hold_ms;
} cfg;

static const struct arg_opt opts[] = {
	{ "pages", ARG_U64, &cfg.pages, "pages to touch, then share" },
	{ "hold-ms", ARG_U64, &cfg.hold_ms, "how long both keep them" },
	{ NULL },
};

static unsigned long checks, failed;

static void check(bool ok, const char *what, long got)
{
	checks++;
	if (!ok) {
		failed++;
		printf("sharemm: FAIL %s got=%ld\n", what, got);
	}
}

/* What the child saw, in the memory it shares with the parent. */
static volatile long child_pid, child_magic;

/* The child: raw system calls only (it shares the parent's TLS). */
static int child_main(void *arg)
{
	uint64_t hold_ms = (uint64_t)(uintptr_t)arg;

	child_pid = sys_getpid();
	child_magic = CHILD_MAGIC;
	if (hold_ms)
		time_sleep_ns(hold_ms * 1000000);
	return 0;
}

/*
 * Start child_main(@hold_ms) on a stack of its own with @flags.
 * Return: the child's pid, or a negated errno.
 */
static long start_child(unsigned long flags, uint64_t hold_ms, int *ptid,
			int *ctid)
{
	long map = mem_map_anon(CHILD_STACK, 0);
	void **sp;

	if (syscall_failed(map))
		return map;
	sp = (void **)(map + CHILD_STACK - 16);
	sp[0] = (void *)child_main;
	sp[1] = (void *)(uintptr_t)hold_ms;
	return thread_clone(flags, sp, ptid, ctid, NULL);
}

/* Wait (bounded) for the child's CLONE_CHILD_CLEARTID word to clear. */
static bool wait_cleared(volatile int *tid)
{
	uint64_t end = time_now_ns() + EXIT_WAIT_NS;
	struct timespec ts = { .tv_sec = 0, .tv_nsec = 10000000 };
	int v;

	while ((v = *tid) != 0) {
		if (time_now_ns() >= end)
			return false;
		sys_futex((int *)tid, FUTEX_WAIT, v, &ts, NULL, 0);
	}
	return true;
}

static void check_einval(unsigned long flags, const char *what)
{
	int ptid = 0;
	long r = sys_clone(flags, NULL, &ptid, NULL, 0);

	if (r == 0)
		sys_exit(0);	/* a child a kernel should not have made */
	check(r == -EINVAL, what, r);
}

static int self_check(void)
{
	static volatile int tid = -1;
	int ptid = 0;
	long pid;

	check_einval(CLONE_SIGHAND, "SIGHAND without VM is EINVAL");
	check_einval(CLONE_VM | CLONE_THREAD,
		     "THREAD without SIGHAND is EINVAL");
	check_einval(CLONE_VM | CLONE_FS | CLONE_NEWNS,
		     "NEWNS with FS is EINVAL");
	check_einval(CLONE_VM | CLONE_PIDFD | CLONE_PARENT_SETTID,
		     "PIDFD with PARENT_SETTID is EINVAL");
	pid = start_child(CLONE_VM | SIGCHLD | CLONE_PARENT_SETTID |
				  CLONE_CHILD_CLEARTID,
			  0, &ptid, (int *)&tid);
	check(pid > 0, "CLONE_VM process created", pid);
	if (pid <= 0)
		goto out;
	printf("sharemm: child pid=%ld\n", pid);
	check(pid != sys_getpid(), "child pid is not ours", pid);
	check(ptid == pid, "PARENT_SETTID stored the pid", ptid);
	check(wait_cleared(&tid), "CHILD_CLEARTID cleared at exit", tid);
	check(child_pid == pid, "child's getpid() is its pid", child_pid);
	check(child_magic == CHILD_MAGIC, "child wrote our memory",
	      child_magic);
out:
	printf("sharemm: result checks=%lu failed=%lu\n", checks, failed);
	return failed ? 1 : 0;
}

static int share(void)
{
	long map = mem_map_anon(cfg.pages * PAGE_SIZE, 0), pid;
	char *p = (char *)map;

	if (syscall_failed(map)) {
		printf("sharemm: FAIL mmap error=%s\n", errno_name((int)-map));
		return 1;
	}
	for (uint64_t i = 0; i < cfg.pages; i++)
		p[i * PAGE_SIZE] = 1;
	pid = start_child(CLONE_VM | SIGCHLD, cfg.hold_ms, NULL, NULL);
	if (pid < 0) {
		printf("sharemm: FAIL clone error=%s\n", errno_name((int)-pid));
		return 1;
	}
	printf("sharemm: child pid=%ld\n", pid);
	printf("sharemm: holding pages=%lu child=%ld\n",
	       (unsigned long)cfg.pages, pid);
	time_sleep_ns(cfg.hold_ms * 1000000);
	return 0;
}

int main(int argc, char **argv, char **envp);

int main(int argc, char **argv, char **envp)
{
	long r = args_parse(argc, argv, opts,
			    "Processes sharing one mm (clone CLONE_VM).");

	if (r)
		return r == ARGS_HELP ? 0 : 2;
	return cfg.pages ? share() : self_check();
}
