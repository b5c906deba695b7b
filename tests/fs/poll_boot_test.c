// SPDX-License-Identifier: MIT
/*
 * poll(2) on cgroup notify files (fs/pseudo.c, fs/poll.c): a process
 * blocked in poll for POLLPRI on a group's file wakes when the file's
 * text changes, as Linux's kernfs_notify() wakes it.
 *
 *   memory_events  /bin/pipetest --pollfile memory.events of poll_u
 *                  (memory.max 1M) sleeps in poll; /bin/hog faults 2 MiB
 *                  in poll_u and meets the OOM killer: the poller wakes
 *                  with POLLPRI | POLLERR at the first event ("max" or
 *                  "oom") and reads a text that is no longer all zeros;
 *   cgroup_events  the same on cgroup.events: a hog entering the group
 *                  (the test thread moves itself in for the spawn) and
 *                  holding its memory changes "populated 0" to 1; the
 *                  poller wakes and reads "populated 1";
 *   timeout        with nothing changing, the poll ends at its timeout
 *                  (100 ms) with 0.
 *
 *   /sys/fs/cgroup
 *   +-- poll_u     memory.max 1M
 */
#include "fs/cgroupfs.h"
#include "kernel/cgroup.h"
#include "kernel/ktest.h"
#include "lib/format.h"
#include "mm/memcg.h"
#include "tests/fs/fs_test_util.h"
#include "tests/kernel/user_run.h"

#define U	CGROUPFS_MOUNT "/poll_u"

static struct user_run poller, hog;

/*
 * Start a poller of @file of poll_u, then a hog in poll_u (@hog_argv);
 * once the poller has reported, a hog still running is killed.
 */
static void poll_through_hog(struct ktest *t, struct cgroup *cg,
			     const char *file, const char *const *hog_argv)
{
	static char path[128];
	int r;

	snprintf(path, sizeof(path), "%s/%s", U, file);
	if (user_start(t, &poller, (const char *const[]){
				"/bin/pipetest", "--pollfile", path,
				"--timeout-ms", "60000", NULL }))
		return;
	/* Asleep in poll before anything changes: the wakeup is tested. */
	if (!KTEST_EXPECT(t, user_wait_line(&poller, "pipetest: polling",
					    KTEST_WAIT_MS)) ||
	    !KTEST_EXPECT(t, user_wait_state(&poller, TASK_INTERRUPTIBLE,
					     KTEST_WAIT_MS)))
		goto out;
	cgroup_attach_kthread(current, cg);
	r = user_start(t, &hog, hog_argv);
	cgroup_attach_kthread(current, &cgroup_root);
	if (r)
		goto out;
	/*
	 * Its output, not its line: the poller may have ended already. The
	 * bound is well inside the poll's own timeout, so a poller that is
	 * never woken fails here instead of finding the change at the end.
	 */
	ktest_wait_until(t, strstr(poller.out, "pipetest: pollfile"),
			 KTEST_WAIT_MS);
	process_kill_pid(hog.pid, SIGKILL);	/* gone already after OOM */
	user_wait(t, &hog, KTEST_WAIT_MS);
out:
	user_wait(t, &poller, KTEST_WAIT_MS);
	KTEST_EXPECT(t, user_exited(&poller, 0));
	KTEST_EXPECT_NOT_NULL(t, user_line(poller.out,
					   "pipetest: pollfile r=1 "
					   "revents=0xa "));
	if (ktest_failed(t))
		ktest_log(t, "poller:\n%s", poller.out);
}

static struct cgroup *group_begin(struct ktest *t)
{
	struct cgroup *cg;

	if (!KTEST_EXPECT_EQ(t, vfs_mkdir(NULL, U, 0755), 0))
		return NULL;
	cg = cgroup_lookup("/poll_u");
	if (KTEST_EXPECT_NOT_NULL(t, cg))
		KTEST_EXPECT_EQ(t, memcg_write_max(cg->memcg, "1M"), 0);
	return cg;
}

static void group_end(struct ktest *t, struct cgroup *cg)
{
	if (cg)
		cgroup_put(cg);
	KTEST_EXPECT_EQ(t, vfs_rmdir(NULL, U), 0);
}

static void poll_memory_events(struct ktest *t)
{
	struct cgroup *cg = group_begin(t);

	if (cg) {
		poll_through_hog(t, cg, "memory.events",
				 (const char *const[]){ "/bin/hog", "--pages",
							"512", NULL });
		/* Not the text it started from (which event came first,
		 * "max" or "oom", is the charge path's business). */
		KTEST_EXPECT_NULL(t, strstr(poller.out, "text=low 0 high 0 "
					    "max 0 oom 0 oom_kill 0 "));
	}
	group_end(t, cg);
}

static void poll_cgroup_events(struct ktest *t)
{
	struct cgroup *cg = group_begin(t);

	if (cg) {
		poll_through_hog(t, cg, "cgroup.events",
				 (const char *const[]){ "/bin/hog", "--pages",
							"16", "--hold-ms",
							"60000", NULL });
		KTEST_EXPECT_NOT_NULL(t, strstr(poller.out, "populated 1"));
	}
	group_end(t, cg);
}

static void poll_timeout(struct ktest *t)
{
	struct cgroup *cg = group_begin(t);

	if (cg && !user_run(t, &poller, KTEST_WAIT_MS, "/bin/pipetest",
			    "--pollfile", U "/memory.events", "--timeout-ms",
			    "100", NULL)) {
		KTEST_EXPECT(t, user_exited(&poller, 1));
		KTEST_EXPECT_NOT_NULL(t, user_line(poller.out,
						   "pipetest: pollfile r=0 "
						   "revents=0x0 "));
	}
	group_end(t, cg);
}

KTEST_SUITE(poll_cgroup,
	    KTEST_CASE(poll_memory_events),
	    KTEST_CASE(poll_cgroup_events),
	    KTEST_CASE(poll_timeout));
