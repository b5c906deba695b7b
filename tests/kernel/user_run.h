/* SPDX-License-Identifier: MIT */
/*
 * Boot-test helper: run an initramfs program as a process, wait for it
 * (bounded), and read the fields of its result lines.
 *
 *   struct user_run u;
 *   user_run(t, &u, 5000, "/bin/hog", "--mib", "4", NULL);
 *   u.status: the wait status; u.out: everything it wrote to stdout/err
 *   user_field(u.out, "hog: result", "errors=", &v)
 *
 * A program still running at the deadline is killed (SIGKILL) and the
 * case fails; where its threads were is logged first (state, backtrace),
 * and again if it is not reaped 5 s after the kill - then the wait goes
 * on: a process that cannot be reaped hangs the boot, which the runner
 * reports with the log above it. Every run ends with the process reaped
 * and its tasks freed, so the free-page invariant sees everything given
 * back.
 */
#ifndef TESTS_KERNEL_USER_RUN_H
#define TESTS_KERNEL_USER_RUN_H

#include "kernel/exec.h"
#include "kernel/futex.h"
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
	int pid;
	int status;
	u64 elapsed_ns;
	struct process_output po;
	char out[USER_RUN_OUT];
};

/* Log where the threads of a process that overran its deadline are,
 * and the futex waiters. */
static inline void user_run_dump(int pid)
{
	struct process *p = process_find(pid);

	pr_err("futex waiters queued: %lu\n", futex_nr_waiters());
	if (p)
		process_print_threads(p);
}

/* Run argv (NULL-terminated, argv[0] the path) to its end. Return: 0, or
 * the spawn error (the case has failed then). */
static inline int user_run_argv(struct ktest *t, struct user_run *u,
				unsigned int timeout_ms,
				const char *const *argv)
{
	static const char *const envp[] = { "OOMLAB=1", NULL };
	unsigned long tasks = task_count();
	u64 t0 = ktime_get_ns();
	int r;

	u->po = (struct process_output){ .buf = u->out, .size = sizeof(u->out) };
	u->out[0] = 0;
	u->status = -1;
	r = exec_spawn(argv[0], argv, envp, &u->po, &u->pid);
	if (r) {
		KTEST_FAIL(t, "spawn %s: %d", argv[0], r);
		return r;
	}
	r = process_wait_timeout(u->pid, &u->status,
				 (long)msecs_to_jiffies(timeout_ms));
	if (r == -ETIMEDOUT) {
		KTEST_FAIL(t, "%s pid %d still running after %u ms: killed",
			   argv[0], u->pid, timeout_ms);
		user_run_dump(u->pid);
		process_kill_pid(u->pid, SIGKILL);
		r = process_wait_timeout(u->pid, &u->status,
					 (long)msecs_to_jiffies(5000));
		if (r == -ETIMEDOUT) {
			KTEST_FAIL(t, "pid %d not reaped 5 s after SIGKILL",
				   u->pid);
			user_run_dump(u->pid);
			r = process_wait(u->pid, &u->status);
		}
	}
	KTEST_EXPECT_EQ(t, r, 0);
	u->elapsed_ns = ktime_get_ns() - t0;
	task_wait_count(tasks);
	return 0;
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

#endif
