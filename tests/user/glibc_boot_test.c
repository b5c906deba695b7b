// SPDX-License-Identifier: MIT
/*
 * Static glibc programs on oomlab: the glibc builds of hog and bystander
 * print what the runtime builds print (their result lines equal once the
 * pid and the timings are left out), in a 2 MiB memory cgroup hog-glibc
 * is OOM-killed as hog is (SIGKILL, one kill, the kill logged with its
 * name, its start line kept); gthreads (8 pthreads, mutex and condvar,
 * __thread variables, malloc in every thread, output flushed only by
 * exit()) passes; glimits (rlimit errnos and enforcement, identity,
 * umask, sysinfo/getrusage) passes every check, as on Linux.
 */
#include "kernel/cgroup.h"
#include "kernel/ktest.h"
#include "mm/memcg.h"
#include "mm/oom.h"
#include "tests/kernel/log_capture.h"
#include "tests/kernel/user_run.h"

#define GLIBC_LINE_MAX	512

static struct user_run rt_run, glibc_run;

/* Keys whose values differ from run to run: left out of a comparison. */
static const char *const volatile_keys[] = { "pid=", "elapsed_ns=",
					     "writer_ops=" };

static bool volatile_key(const char *s)
{
	for (size_t i = 0; i < ARRAY_SIZE(volatile_keys); i++)
		if (!strncmp(s, volatile_keys[i], strlen(volatile_keys[i])))
			return true;
	return false;
}

/* The output with each volatile key's value replaced by '*'. */
static void normalise(const char *out, char *buf, size_t size)
{
	size_t n = 0;

	while (*out && n + 2 < size) {
		bool at_word = out == buf || out[-1] == ' ' || out[-1] == '\n';

		if (at_word && volatile_key(out)) {
			while (*out != '=')
				buf[n++] = *out++;
			buf[n++] = *out++;
			buf[n++] = '*';
			while (*out && *out != ' ' && *out != '\n')
				out++;
			continue;
		}
		buf[n++] = *out++;
	}
	buf[n] = 0;
}

/* Run @args with the runtime's @prog and with @prog-glibc: same output. */
static void same_output(struct ktest *t, const char *rt, const char *glibc,
			const char *const *args)
{
	static char a[USER_RUN_OUT], b[USER_RUN_OUT];
	const char *argv[USER_RUN_ARGS] = { rt };
	size_t i;

	for (i = 0; args[i] && i + 2 < USER_RUN_ARGS; i++)
		argv[i + 1] = args[i];
	argv[i + 1] = NULL;
	KTEST_ASSERT_EQ(t, user_run_argv(t, &rt_run, 30000, argv), 0);
	argv[0] = glibc;
	KTEST_ASSERT_EQ(t, user_run_argv(t, &glibc_run, 30000, argv), 0);
	KTEST_EXPECT_EQ(t, rt_run.status, glibc_run.status);
	KTEST_EXPECT(t, user_exited(&glibc_run, 0));
	normalise(rt_run.out, a, sizeof(a));
	normalise(glibc_run.out, b, sizeof(b));
	KTEST_EXPECT(t, a[0] && !strcmp(a, b));
	if (ktest_failed(t))
		ktest_log(t, "runtime:\n%s\nglibc:\n%s", a, b);
}

/* Four faulting threads and a writer: glibc's pthreads under hog. */
static void glibc_hog_same_as_runtime(struct ktest *t)
{
	same_output(t, "/bin/hog", "/bin/hog-glibc",
		    (const char *const[]){ "--mib", "4", "--threads", "4",
					   "--writers", "1", NULL });
}

static void glibc_hog_populate_same_as_runtime(struct ktest *t)
{
	same_output(t, "/bin/hog", "/bin/hog-glibc",
		    (const char *const[]){ "--mib", "2", "--populate",
					   "--mlock", NULL });
}

static void glibc_bystander_same_as_runtime(struct ktest *t)
{
	same_output(t, "/bin/bystander", "/bin/bystander-glibc",
		    (const char *const[]){ "--rounds", "2", "--sleep-ms", "5",
					   NULL });
}

/* @prog --mib 8 in a 2 MiB group: killed, once, the kill logged. */
static void oom_killed_in_group(struct ktest *t, struct user_run *u,
				const char *prog, const char *comm)
{
	unsigned long kills0 = oom_kill_count();
	struct cgroup *cg;
	int r;

	KTEST_ASSERT_EQ(t, cgroup_create(&cgroup_root, "glibc", &cg), 0);
	KTEST_EXPECT_EQ(t, memcg_write_max(cg->memcg, "2M"), 0);
	cgroup_attach_kthread(current, cg);
	r = user_start(t, u, (const char *const[]){ prog, "--mib", "8",
						     NULL });
	cgroup_attach_kthread(current, &cgroup_root);
	if (!r)
		user_wait(t, u, KTEST_WAIT_MS);
	KTEST_EXPECT_EQ(t, wait_status_sig(u->status), SIGKILL);
	KTEST_EXPECT_EQ_U(t, oom_kill_count() - kills0, 1);
	KTEST_EXPECT(t, log_capture_contains("Killed process"));
	KTEST_EXPECT(t, log_capture_contains(comm));
	KTEST_EXPECT(t, user_line(u->out, "hog: start ") != NULL);
	KTEST_EXPECT(t, !user_line(u->out, "hog: result"));
	memcg_drain_all_stock(cg->memcg);
	KTEST_EXPECT_EQ(t, memcg_current(cg->memcg), 0);
	KTEST_EXPECT_EQ(t, cgroup_remove(cg), 0);
	cgroup_put(cg);
}

/* The OOM killer ends hog-glibc as it ends hog; the output up to the
 * kill survives (stdout is line buffered, as the runtime writes). */
static void glibc_hog_oom_killed_as_runtime(struct ktest *t)
{
	static char a[USER_RUN_OUT], b[USER_RUN_OUT];

	oom_killed_in_group(t, &rt_run, "/bin/hog", "(hog)");
	oom_killed_in_group(t, &glibc_run, "/bin/hog-glibc", "(hog-glibc)");
	normalise(rt_run.out, a, sizeof(a));
	normalise(glibc_run.out, b, sizeof(b));
	KTEST_EXPECT(t, !strcmp(a, b));
	if (ktest_failed(t))
		ktest_log(t, "runtime:\n%s\nglibc:\n%s", a, b);
}

/* 8 threads, 20 barrier rounds: every thread's TLS and blocks intact,
 * the buffered output all there, the atexit line after the result. */
static void glibc_gthreads(struct ktest *t)
{
	const char *result, *atexit_line;
	u64 v = ~0ULL;

	KTEST_ASSERT_EQ(t, user_run(t, &glibc_run, 30000,
				    "/bin/gthreads-glibc", NULL), 0);
	KTEST_EXPECT(t, user_exited(&glibc_run, 0));
	KTEST_EXPECT(t, user_field(glibc_run.out, "gthreads: result",
				   "failed=", &v));
	KTEST_EXPECT_EQ(t, v, 0);
	KTEST_EXPECT(t, user_field(glibc_run.out, "gthreads: result",
				   "threads=", &v));
	KTEST_EXPECT_EQ(t, v, 8);
	KTEST_EXPECT(t, user_line(glibc_run.out,
				  "gthreads: thread=7 tls_ok=1 rounds=20 "
				  "blocks=320 "));
	result = user_line(glibc_run.out, "gthreads: result");
	atexit_line = user_line(glibc_run.out, "gthreads: atexit");
	KTEST_EXPECT(t, result && atexit_line && atexit_line > result);
	if (ktest_failed(t))
		ktest_log(t, "status %#x output:\n%s", glibc_run.status,
			  glibc_run.out);
}

/* Limits, identity and information: every check passes, as on Linux. */
static void glibc_limits(struct ktest *t)
{
	KTEST_ASSERT_EQ(t, user_run_checks(t, &glibc_run, 30000,
					   "/bin/glimits-glibc",
					   "glimits: result", 50), 0);
	if (ktest_failed(t))
		ktest_log(t, "status %#x output:\n%s", glibc_run.status,
			  glibc_run.out);
}

KTEST_SUITE(glibc,
	    KTEST_CASE(glibc_hog_same_as_runtime),
	    KTEST_CASE(glibc_hog_populate_same_as_runtime),
	    KTEST_CASE(glibc_bystander_same_as_runtime),
	    KTEST_CASE(glibc_hog_oom_killed_as_runtime),
	    KTEST_CASE(glibc_gthreads),
	    KTEST_CASE(glibc_limits));
