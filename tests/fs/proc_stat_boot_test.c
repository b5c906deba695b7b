// SPDX-License-Identifier: MIT
/*
 * /proc/<pid>/stat and /proc/<pid>/cmdline of a sleeping exectest, read
 * field by field as procps does (the comm ends at the last ')'): Linux's
 * 52 fields in order, with pid, comm, a sleeping state, ppid 0, pgrp == session
 * == pid (a spawned process leads both), tty_nr 0, tpgid -1, 1 thread,
 * a starttime not before the spawn, vsize and rss of a real mm, SIGCHLD
 * as exit_signal; cmdline holds argv NUL-separated.
 */
#include "kernel/ktest.h"
#include "lib/format.h"
#include "lib/kstrtox.h"
#include "tests/fs/fs_test_util.h"
#include "tests/kernel/user_run.h"

#define STAT_FIELDS	52

static struct user_run run;
static char text[1024];

/* Split the fields after "(comm) " into @f (3..52); return their count. */
static int stat_fields(char *s, char **f)
{
	char *p = s + strlen(s);
	int n = 2;

	while (p > s && *p != ')')
		p--;
	if (p == s)
		return 0;
	*p = 0;
	p += 2;			/* ") " */
	while (*p && n < STAT_FIELDS) {
		f[++n] = p;
		while (*p && *p != ' ' && *p != '\n')
			p++;
		if (*p)
			*p++ = 0;
	}
	return n;
}

static s64 field(char **f, int i)
{
	s64 v = -12345;

	kstrtoll(f[i], 10, &v);
	return v;
}

/* /proc/<pid>/stat of the running exectest, field by field. */
static void check_stat(struct ktest *t, u64 spawned_ticks)
{
	char path[40], *f[STAT_FIELDS + 1] = { 0 }, comm[24];

	snprintf(path, sizeof(path), "/proc/%d/stat", run.pid);
	if (!KTEST_EXPECT_GT(t, ft_slurp(path, text, sizeof(text)), 0))
		return;
	snprintf(comm, sizeof(comm), "%d (exectest", run.pid);
	KTEST_EXPECT(t, !strncmp(text, comm, strlen(comm)));
	if (!KTEST_EXPECT_EQ(t, stat_fields(text, f), STAT_FIELDS))
		return;
	/* A futex wait sleeps interruptibly, as Linux's: S. */
	KTEST_EXPECT(t, !strcmp(f[3], "S"));
	KTEST_EXPECT_EQ(t, field(f, 4), 0);		/* ppid */
	KTEST_EXPECT_EQ(t, field(f, 5), run.pid);	/* pgrp */
	KTEST_EXPECT_EQ(t, field(f, 6), run.pid);	/* session */
	KTEST_EXPECT_EQ(t, field(f, 7), 0);		/* tty_nr */
	KTEST_EXPECT_EQ(t, field(f, 8), -1);		/* tpgid */
	KTEST_EXPECT_EQ(t, field(f, 18), 20);		/* priority */
	KTEST_EXPECT_EQ(t, field(f, 19), 0);		/* nice */
	KTEST_EXPECT_EQ(t, field(f, 20), 1);		/* num_threads */
	KTEST_EXPECT_GE(t, field(f, 22), (long long)spawned_ticks);
	KTEST_EXPECT_GT(t, field(f, 23), 64 * 1024);	/* vsize, bytes */
	KTEST_EXPECT_GT(t, field(f, 24), 0);		/* rss, pages */
	KTEST_EXPECT_GT(t, field(f, 47), 0x400000);	/* start_brk */
	KTEST_EXPECT_EQ(t, field(f, 38), 17);		/* exit_signal */
	KTEST_EXPECT_EQ(t, field(f, 52), 0);		/* exit_code */
	snprintf(path, sizeof(path), "/proc/%d/cmdline", run.pid);
	KTEST_EXPECT_EQ(t, ft_slurp(path, text, sizeof(text)), 23);
	KTEST_EXPECT(t, !memcmp(text, "/bin/exectest\0wait\0x y\0", 23));
}

static void proc_stat_fields(struct ktest *t)
{
	u64 spawned_ticks;

	if (user_start(t, &run, (const char *const[]){ "/bin/exectest", "wait",
						       "x y", NULL }))
		return;
	spawned_ticks = run.start_ns / 10000000;
	if (KTEST_EXPECT(t, user_wait_line(&run, "exectest: waiting",
					   10000)) &&
	    KTEST_EXPECT(t, user_wait_state(&run, USER_SLEEP_STATE, 10000)))
		check_stat(t, spawned_ticks);
	process_kill_pid(run.pid, SIGKILL);
	user_wait(t, &run, 10000);
}

KTEST_SUITE(proc_stat,
	    KTEST_CASE(proc_stat_fields));
