// SPDX-License-Identifier: MIT
/*
 * tgroup: thread-group behaviour a kernel must get right. FOR OOMLAB
 * TESTS (it would run on Linux too, but nothing there needs it).
 *
 *   --mode exit-group  --threads N: N threads block forever, half in
 *       FUTEX_WAIT, half in nanosleep(1 h); once all have started the
 *       main thread calls exit_group(3). Status: exited 3, at once.
 *   --mode futex --rounds R [--pairs P]: in each of P pairs (default
 *       1) two threads hand a token back and forth R times with private
 *       FUTEX_WAIT/FUTEX_WAKE, every pair on its own word; then a wait
 *       on an unchanged word with a 2 ms timeout must be ETIMEDOUT, a
 *       wait on a changed word EAGAIN, a wake without waiters 0.
 *       With --churn, one more thread maps, touches and unmaps a page
 *       until the players are done: every unmap is a TLB shootdown
 *       aimed at CPUs that keep loading and leaving the address space
 *       as the players sleep and wake.
 *       Prints "tgroup: result rounds=R pairs=P churn=C errors=E"; exit
 *       0 if E == 0. Runs of PROGRESS_MIN_ROUNDS or more also print
 *       "tgroup: progress rounds=N" at every tenth of pair 0's rounds:
 *       a long run on a loaded host keeps showing that it moves (the
 *       test runner takes a silent boot for a hung one).
 *   --mode exit-main: the main thread ends with exit(2) (one thread)
 *       while a second thread works on and then returns 5 through
 *       exit(): the process ends when its last thread does, status 5.
 *   --mode kill-self --threads N: N threads sleep, then the main thread
 *       sends SIGTERM to its own process: status "killed by SIGTERM".
 */
#include "rt/args.h"
#include "rt/errno.h"
#include "rt/printf.h"
#include "rt/string.h"
#include "rt/sys.h"
#include "rt/thread.h"

#define MAX_THREADS 64
#define MAX_PAIRS 16
#define SIGTERM 15

static struct {
	const char *mode;
	uint64_t threads, rounds, pairs;
	bool churn;
} cfg = { .mode = "futex", .threads = 4, .rounds = 1000, .pairs = 1 };

static const struct arg_opt opts[] = {
	{ "mode", ARG_STR, &cfg.mode,
	  "exit-group, futex, exit-main or kill-self" },
	{ "threads", ARG_U64, &cfg.threads, "blocked threads (max 64)" },
	{ "rounds", ARG_U64, &cfg.rounds, "futex hand-overs" },
	{ "pairs", ARG_U64, &cfg.pairs, "futex mode: pairs of threads (max 16)" },
	{ "churn", ARG_FLAG, &cfg.churn,
	  "futex mode: a thread unmaps pages meanwhile" },
	{ NULL },
};

static int started;		/* [a] threads that reached their block */
static int never;		/* nobody ever changes or wakes it */
static int tokens[MAX_PAIRS];	/* futex mode: whose turn in a pair, 0/1 */
static unsigned long errors;
static int players_done;	/* [a] futex mode: the churner stops */
static unsigned long churned;	/* pages the churner unmapped */

static long futex_wait(int *w, int val, const struct timespec *ts)
{
	return sys_futex(w, FUTEX_WAIT | FUTEX_PRIVATE_FLAG, val, ts, NULL, 0);
}

static long futex_wake(int *w, int n)
{
	return sys_futex(w, FUTEX_WAKE | FUTEX_PRIVATE_FLAG, n, NULL, NULL, 0);
}

static int blocker(void *arg)
{
	__atomic_add_fetch(&started, 1, __ATOMIC_SEQ_CST);
	for (;;) {
		if ((long)arg % 2)
			sys_nanosleep(&(struct timespec){ 3600, 0 }, NULL);
		else
			futex_wait(&never, 0, NULL);
	}
	return 0;
}

static void start_blockers(void)
{
	struct tcb *t;

	if (cfg.threads > MAX_THREADS)
		cfg.threads = MAX_THREADS;
	for (uint64_t i = 0; i < cfg.threads; i++)
		if (thread_create(&t, blocker, (void *)(long)i, 16384) < 0)
			sys_exit_group(10);
	while (__atomic_load_n(&started, __ATOMIC_SEQ_CST) < (int)cfg.threads)
		sys_sched_yield();
	/* Give the last ones time to really block in the kernel. */
	sys_nanosleep(&(struct timespec){ 0, 2000000 }, NULL);
}

#define PROGRESS_MIN_ROUNDS	10000

/* Player @arg % 2 of pair @arg / 2 waits for its pair's token to be its
 * number, then hands it to the other. */
static int player(void *arg)
{
	int me = (int)(long)arg % 2, *token = &tokens[(long)arg / 2];
	uint64_t tenth = cfg.rounds >= PROGRESS_MIN_ROUNDS && !arg ?
				 cfg.rounds / 10 : 0;

	for (uint64_t i = 0; i < cfg.rounds; i++) {
		int cur;

		if (tenth && i && i % tenth == 0)
			printf("tgroup: progress rounds=%lu\n", i);

		while ((cur = __atomic_load_n(token, __ATOMIC_ACQUIRE)) != me)
			futex_wait(token, cur, NULL);
		__atomic_store_n(token, !me, __ATOMIC_RELEASE);
		futex_wake(token, 1);
	}
	return 0;
}

/* Map, touch and unmap one page until the players are done. */
static int churner(void *arg)
{
	(void)arg;
	while (!__atomic_load_n(&players_done, __ATOMIC_ACQUIRE)) {
		long m = sys_mmap(NULL, PAGE_SIZE, PROT_READ | PROT_WRITE,
				  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (syscall_failed(m)) {
			errors++;
			break;
		}
		*(volatile char *)m = 1;
		if (sys_munmap((void *)m, PAGE_SIZE))
			errors++;
		churned++;
		/* On one CPU a player woken by a hand-over would otherwise
		 * wait for the rest of the churner's time slice: 1000
		 * hand-overs x 10 ms made the test slower than its limit. */
		sys_sched_yield();
	}
	return 0;
}

static int mode_futex(void)
{
	struct tcb *t[2 * MAX_PAIRS], *churn = NULL;
	int word = 7;

	if (cfg.pairs < 1 || cfg.pairs > MAX_PAIRS)
		return 2;
	if (cfg.churn && thread_create(&churn, churner, NULL, 0) < 0)
		return 10;
	for (uint64_t i = 0; i < 2 * cfg.pairs; i++)
		if (thread_create(&t[i], player, (void *)(long)i, 0) < 0)
			return 10;
	for (uint64_t i = 0; i < 2 * cfg.pairs; i++)
		thread_join(t[i], NULL);
	__atomic_store_n(&players_done, 1, __ATOMIC_RELEASE);
	if (churn)
		thread_join(churn, NULL);
	if (futex_wait(&word, 7, &(struct timespec){ 0, 2000000 }) !=
	    -ETIMEDOUT)
		errors++;
	if (futex_wait(&word, 8, NULL) != -EAGAIN)
		errors++;
	if (futex_wake(&word, 1) != 0)
		errors++;
	printf("tgroup: result rounds=%lu pairs=%lu churn=%lu errors=%lu\n",
	       cfg.rounds, cfg.pairs, churned, errors);
	return errors ? 1 : 0;
}

static int late_worker(void *arg)
{
	sys_nanosleep(&(struct timespec){ 0, 5000000 }, NULL);
	printf("tgroup: last thread tid=%ld\n", sys_gettid());
	return 5;
}

int main(int argc, char **argv, char **envp)
{
	struct tcb *t;
	long r = args_parse(argc, argv, opts, "Thread-group checks.");

	if (r)
		return r == ARGS_HELP ? 0 : 2;
	printf("tgroup: start mode=%s pid=%ld\n", cfg.mode, sys_getpid());
	if (!strcmp(cfg.mode, "futex"))
		return mode_futex();
	if (!strcmp(cfg.mode, "exit-group")) {
		start_blockers();
		sys_exit_group(3);
	}
	if (!strcmp(cfg.mode, "exit-main")) {
		if (thread_create(&t, late_worker, NULL, 0) < 0)
			return 10;
		sys_exit(2);
	}
	if (!strcmp(cfg.mode, "kill-self")) {
		start_blockers();
		sys_kill((int)sys_getpid(), SIGTERM);
		printf("tgroup: survived SIGTERM\n");
		for (;;)
			sys_sched_yield();	/* the signal is acted on */
	}
	printf("tgroup: unknown mode %s\n", cfg.mode);
	return 2;
}
