// SPDX-License-Identifier: MIT
/*
 * Process groups and sessions:
 *   - a spawned process leads its own group and session: setsid() and
 *     setpgid() are -EPERM for it, a negative pgid -EINVAL, another pid
 *     -ESRCH; a CLONE_VM child shares both ids, may move to a group of
 *     its own and back but not to a group that does not exist (-EPERM),
 *     and setsid() makes it a session leader, after
 *     which the old group (another session now) is -EPERM (user/exectest
 *     "pgrp"; the same lines as Linux prints for a session leader)
 *   - kill(-pgid) (signal_kill()): a missing group is -ESRCH, a bad signal
 *     -EINVAL, SIGKILL ends the group's process
 */
#include "kernel/ktest.h"
#include "kernel/process_group.h"
#include "kernel/signal.h"
#include "tests/kernel/user_run.h"

static struct user_run run;

static void process_group_syscalls(struct ktest *t)
{
	static const char *const want[] = {
		"exectest: pgrp leader=1", "exectest: sid leader=1",
		"exectest: getpgid self=1", "exectest: errno setsid_leader=1",
		"exectest: errno setpgid_leader=1",
		"exectest: errno setpgid_neg=22",
		"exectest: errno setpgid_other=3",
		"exectest: errno getpgid_none=3",
		"exectest: errno getsid_none=3",
		"exectest: child same_session=1 setpgid0=0 leader=1 rejoin=0 "
		"no_group=1 setsid=1 setpgid_other_session=1",
		"exectest: errno clone=0", "exectest: pgrp done",
	};

	user_run(t, &run, 20000, "/bin/exectest", "pgrp", NULL);
	KTEST_EXPECT(t, user_exited(&run, 0));
	for (size_t i = 0; i < ARRAY_SIZE(want); i++)
		if (!user_line(run.out, want[i]))
			ktest_fail_at(t, __FILE__, __LINE__, "missing \"%s\"",
				      want[i]);
	if (ktest_failed(t))
		ktest_log(t, "status %#x output:\n%s", run.status, run.out);
}

static void process_group_kill(struct ktest *t)
{
	KTEST_ASSERT_EQ(t, user_start(t, &run, (const char *const[]){
					      "/bin/exectest", "wait", NULL }),
			0);
	KTEST_EXPECT(t, user_wait_line(&run, "exectest: waiting", 10000));
	KTEST_EXPECT_EQ(t, signal_kill(-run.pid, 0), 0);
	KTEST_EXPECT_EQ(t, signal_kill(-run.pid, 65), -EINVAL);
	KTEST_EXPECT_EQ(t, signal_kill(-(run.pid + 100000), SIGKILL),
			-ESRCH);
	KTEST_EXPECT_EQ(t, signal_kill(-run.pid, SIGKILL), 0);
	user_wait(t, &run, 10000);
	KTEST_EXPECT_EQ(t, run.status, wait_status_signaled(SIGKILL));
}

KTEST_SUITE(process_group,
	    KTEST_CASE(process_group_syscalls),
	    KTEST_CASE(process_group_kill));
