/* SPDX-License-Identifier: MIT */
/*
 * Boot-test helper: run an initramfs program as a process, wait for it
 * (bounded), and read the fields of its result lines.
 *
 *   static struct user_run u;
 *   user_run(t, &u, 5000, "/bin/hog", "--mib", "4", NULL);
 *   u.status: the wait status; u.out: everything it wrote to stdout/err
 *   user_field(u.out, "hog: result", "errors=", &v)
 *
 * or, to act on a process while it runs: user_start(); then wait for what
 * it does with user_wait_line() (it printed a line) or user_wait_state()
 * (its threads sleep); then user_wait().
 *
 * A program still running at the deadline is killed (SIGKILL) and the
 * case fails; where its threads were is logged first (state, backtrace),
 * and again if it is not reaped 5 s after the kill - then the case gives
 * up on it rather than hang the boot. Such a process may still write its
 * output, which is why a struct user_run is static, never on a case's
 * stack. Every run that passes ends with the process reaped and its tasks
 * freed, so the free-page invariant sees everything given back.
 *
 * A program missing from the initramfs (a boot whose initramfs lost its
 * programs) fails the case, never the kernel: the spawn's -ENOENT fails
 * it and leaves u->pid at -1, so a user_wait() after it waits for
 * nothing; user_program() fails it for code that reads a program's file.
 */
#ifndef TESTS_KERNEL_USER_RUN_H
#define TESTS_KERNEL_USER_RUN_H

#include "kernel/exec.h"
#include "kernel/futex.h"
#include "kernel/initramfs.h"
#include "kernel/ktest.h"
#include "kernel/printk.h"
#include "kernel/process.h"
#include "kernel/signal.h"
#include "kernel/time.h"
#include "kernel/timer.h"
#include "lib/errno.h"
#include "lib/string.h"

#define USER_RUN_OUT	8192
#define USER_RUN_ARGS	16

struct user_run {
	const char *path;		/* argv[0] */
	int pid;
	int status;
	u64 start_ns;			/* when it was spawned */
	u64 elapsed_ns;			/* spawn to reaped */
	unsigned long tasks_before;	/* task_count() before the spawn */
	struct process_output po;
	char out[USER_RUN_OUT];
};

/* Log where the threads of a process that overran its deadline are,
 * and the futex waiters. */
static inline void user_run_dump(int pid)
{
	struct process *p = process_get_by_pid(pid, PROCESS_ALIVE);

	pr_err("futex waiters queued: %lu\n", futex_nr_waiters());
	if (p) {
		process_print_threads(p);
		process_put(p);
	}
}

/* Spawn argv (NULL-terminated, argv[0] the path) with its output going to
 * u->out; user_wait() must follow. Return: 0, or the spawn error (the
 * case has failed then). */
static inline int user_start(struct ktest *t, struct user_run *u,
			     const char *const *argv)
{
	static const char *const envp[] = { "OOMLAB=1", NULL };
	int r;

	u->path = argv[0];
	u->tasks_before = task_count();
	u->start_ns = ktime_get_ns();
	u->po = (struct process_output){ .buf = u->out, .size = sizeof(u->out) };
	u->out[0] = 0;
	u->status = -1;
	u->pid = -1;	/* no stale pid of an earlier run to wait for */
	r = exec_spawn(argv[0], argv, envp, &u->po, &u->pid);
	if (r)
		KTEST_FAIL(t, "spawn %s: %d", argv[0], r);
	return r;
}

/* Wait (bounded) for the process user_start() began to end and be reaped,
 * its tasks freed. After a failed spawn (the case has failed) there is
 * nothing to wait for. */
static inline void user_wait(struct ktest *t, struct user_run *u,
			     unsigned int timeout_ms)
{
	int r;

	if (u->pid < 0)
		return;
	r = process_wait_timeout(u->pid, &u->status,
				 (long)msecs_to_jiffies(timeout_ms));
	if (r == -ETIMEDOUT) {
		KTEST_FAIL(t, "%s pid %d still running after %u ms: killed",
			   u->path, u->pid, timeout_ms);
		user_run_dump(u->pid);
		process_kill_pid(u->pid, SIGKILL);
		r = process_wait_timeout(u->pid, &u->status,
					 (long)msecs_to_jiffies(5000));
		if (r == -ETIMEDOUT) {
			KTEST_FAIL(t, "pid %d not reaped 5 s after SIGKILL",
				   u->pid);
			user_run_dump(u->pid);
		}
	}
	KTEST_EXPECT_EQ(t, r, 0);
	u->elapsed_ns = ktime_get_ns() - u->start_ns;
	ktest_wait_tasks(t, u->tasks_before, KTEST_WAIT_MS);
}

/* Run argv (NULL-terminated, argv[0] the path) to its end. Return: 0, or
 * the spawn error (the case has failed then). */
static inline int user_run_argv(struct ktest *t, struct user_run *u,
				unsigned int timeout_ms,
				const char *const *argv)
{
	int r = user_start(t, u, argv);

	if (!r)
		user_wait(t, u, timeout_ms);
	return r;
}

/*
 * The initramfs file of program @path, for a case that reads its size or
 * bytes. Return: the file; NULL when the initramfs lacks it (the case has
 * failed then).
 */
static inline const struct initramfs_file *user_program(struct ktest *t,
							const char *path)
{
	const struct initramfs_file *f = initramfs_lookup(path);

	if (!f)
		KTEST_FAIL(t, "%s: not in the initramfs", path);
	return f;
}

#define user_run(t, u, timeout_ms, ...)					\
	user_run_argv(t, u, timeout_ms,					\
		      (const char *const[]){ __VA_ARGS__ })

/* Did it exit with @code (not killed)? */
static inline bool user_exited(const struct user_run *u, int code)
{
	return wait_status_is_exit(u->status) &&
	       wait_status_code(u->status) == code;
}

/* Is there a line starting with @prefix? Return: the line, or NULL. */
static inline const char *user_line(const char *out, const char *prefix)
{
	size_t n = strlen(prefix);
	const char *l = out;

	while (l && *l) {
		if (!strncmp(l, prefix, n))
			return l;
		l = strchr(l, '\n');
		if (l)
			l++;
	}
	return NULL;
}

/*
 * The number after @key ("errors=") on the line starting with @prefix;
 * for "R/N" values the first number. Return: true when found.
 */
static inline bool user_field(const char *out, const char *prefix,
			      const char *key, u64 *val)
{
	const char *l = user_line(out, prefix), *end, *k;
	size_t n = 0;

	if (!l)
		return false;
	end = strchr(l, '\n');
	k = strstr(l, key);
	if (!k || (end && k > end))
		return false;
	k += strlen(key);
	while (k[n] >= '0' && k[n] <= '9')
		n++;
	return n && !str_to_u64(k, n, val);
}

/*
 * Run a self-checking program (@path, no arguments) whose result line is
 * "<@result> checks=N failed=F ...": expect it to exit 0 after more than
 * @min_checks checks, none failed. Return: 0, or the spawn error (the
 * case has failed then).
 */
static inline int user_run_checks(struct ktest *t, struct user_run *u,
				  unsigned int timeout_ms, const char *path,
				  const char *result, u64 min_checks)
{
	u64 checks = 0, failed = ~0ULL;
	int r = user_run(t, u, timeout_ms, path, NULL);

	if (r)
		return r;
	KTEST_EXPECT(t, user_exited(u, 0));
	KTEST_EXPECT(t, user_field(u->out, result, "checks=", &checks));
	KTEST_EXPECT(t, user_field(u->out, result, "failed=", &failed));
	KTEST_EXPECT_GT(t, checks, min_checks);
	KTEST_EXPECT_EQ(t, failed, 0);
	return 0;
}

/* The number after the '/' of an "R/N" field. */
static inline bool user_field_total(const char *out, const char *prefix,
				    const char *key, u64 *val)
{
	const char *l = user_line(out, prefix), *k, *slash;
	size_t n = 0;

	if (!l || !(k = strstr(l, key)) || !(slash = strchr(k, '/')))
		return false;
	slash++;
	while (slash[n] >= '0' && slash[n] <= '9')
		n++;
	return n && !str_to_u64(slash, n, val);
}

/*
 * Poll, every millisecond for at most @timeout_ms, until @cond(@p, @arg)
 * holds for the live process @pid (one user_start() began and nobody has
 * waited for yet, so it cannot be reaped meanwhile). Return: true when it
 * held, false at the deadline or when the process is gone.
 */
static inline bool user_poll(int pid,
			     bool (*cond)(struct process *p, const void *arg),
			     const void *arg, unsigned int timeout_ms)
{
	u64 deadline = ktime_get_ns() + (u64)timeout_ms * 1000000;

	for (;;) {
		struct process *p = process_get_by_pid(pid, PROCESS_ALIVE);
		bool held;

		if (!p)
			return false;
		held = cond(p, arg);
		process_put(p);
		if (held)
			return true;
		if (ktime_get_ns() >= deadline)
			return false;
		msleep(1);
	}
}

static inline bool user_has_line(struct process *p, const void *prefix)
{
	bool found;

	mutex_lock(&p->console.lock);	/* the writer's lock on its out */
	found = p->console.out && user_line(p->console.out->buf, prefix);
	mutex_unlock(&p->console.lock);
	return found;
}

/* Wait for the process to print a line starting with @prefix. One that
 * printed it and ended before the first poll is gone from the polls, but
 * its output stays in u->out (nobody writes there any more). */
static inline bool user_wait_line(const struct user_run *u, const char *prefix,
				  unsigned int timeout_ms)
{
	struct process *p;

	if (user_poll(u->pid, user_has_line, prefix, timeout_ms))
		return true;
	p = process_get_by_pid(u->pid, PROCESS_ALIVE);
	if (p) {
		process_put(p);
		return false;
	}
	return user_line(u->out, prefix);
}

static inline bool user_all_in_state(struct process *p, const void *state)
{
	unsigned int want = *(const unsigned int *)state;
	struct uthread *ut;
	bool all = true;

	spin_lock(&p->lock);
	list_for_each_entry(ut, &p->threads, node) {
		if (__atomic_load_n(&ut->task->state, __ATOMIC_ACQUIRE) != want)
			all = false;
	}
	all = all && p->nr_threads > 0;
	spin_unlock(&p->lock);
	return all;
}

/* The state of a thread in nanosleep or a futex wait: interruptible, as
 * Linux's (any signal ends it). */
#define USER_SLEEP_STATE	TASK_INTERRUPTIBLE

/* Wait until every thread of the process sleeps in @state (say
 * USER_SLEEP_STATE: a nanosleep, a futex wait). */
static inline bool user_wait_state(const struct user_run *u, unsigned int state,
				   unsigned int timeout_ms)
{
	return user_poll(u->pid, user_all_in_state, &state, timeout_ms);
}

#endif
