// SPDX-License-Identifier: MIT
/*
 * pidfd_open(2) and process_mrelease(2) from user space (/bin/mrelease
 * on a /bin/hog of 200 pages), Linux's scenario of a user-space OOM
 * killer: bad calls get Linux's errnos (EINVAL for pidfd_open flags and
 * pid 0, ESRCH for no such pid, EINVAL for mrelease flags, EBADF for an
 * fd that is not open or not a pidfd); a live, unkilled process is
 * EINVAL; right after SIGKILL the call reaps the victim's memory while
 * its mm still exists (this test keeps a user reference on it, so its
 * exit_mmap() cannot run first) - or, if the victim's last thread was
 * already gone, ESRCH as in Linux; once the victim is reaped, ESRCH.
 */
#include "kernel/ktest.h"
#include "kernel/process.h"
#include "mm/mm.h"
#include "mm/oom_internal.h"
#include "lib/format.h"
#include "lib/string.h"
#include "tests/kernel/user_run.h"

static struct user_run victim, releaser;

/* The value after "@key" on @out's line starting with "mrelease: ". */
static bool field_is(const char *out, const char *key, const char *want)
{
	const char *line = user_line(out, "mrelease: ");
	const char *v;

	for (; line; line = user_line(line + 1, "mrelease: ")) {
		v = strstr(line, key);
		if (v && !strncmp(v + strlen(key), want, strlen(want)))
			return true;
	}
	return false;
}

/* Hold a user reference on @pid's mm. Return: the mm, or NULL. */
static struct mm *hold_mm(int pid)
{
	struct process *p = process_get_by_pid(pid, PROCESS_ALIVE);
	struct mm *mm = NULL;

	if (p) {
		mm = oom_process_mm(p);
		process_put(p);
	}
	if (mm && !mmget_not_zero(mm)) {
		mmdrop(mm);
		mm = NULL;
	}
	return mm;
}

static void pidfd_process_mrelease(struct ktest *t)
{
	struct mm *mm = NULL;
	long rss0, rss1;
	char pid[16];

	if (user_start(t, &victim, (const char *const[]){
			       "/bin/hog", "--pages", "200", "--hold-ms",
			       "60000", NULL }))
		return;
	if (KTEST_EXPECT(t, user_wait_line(&victim, "hog: holding",
					   KTEST_WAIT_MS)))
		mm = hold_mm(victim.pid);
	if (!KTEST_EXPECT_NOT_NULL(t, mm)) {
		process_kill_pid(victim.pid, SIGKILL);
		user_wait(t, &victim, KTEST_WAIT_MS);
		return;
	}
	rss0 = mm_rss_total(mm);
	snprintf(pid, sizeof(pid), "%d", victim.pid);
	if (!user_start(t, &releaser, (const char *const[]){
				"/bin/mrelease", pid, NULL }))
		KTEST_EXPECT(t, user_wait_line(&releaser, "mrelease: killed=",
					       KTEST_WAIT_MS));
	rss1 = mm_rss_total(mm);	/* before exit_mmap() can run */
	mmput(mm);
	mmdrop(mm);
	user_wait(t, &victim, KTEST_WAIT_MS);
	user_wait(t, &releaser, KTEST_WAIT_MS);
	KTEST_EXPECT(t, user_exited(&releaser, 0));
	KTEST_EXPECT_EQ(t, wait_status_sig(victim.status), SIGKILL);
	KTEST_EXPECT(t, field_is(releaser.out, "open_flags=", "EINVAL"));
	KTEST_EXPECT(t, field_is(releaser.out, "open_pid0=", "EINVAL"));
	KTEST_EXPECT(t, field_is(releaser.out, "open_missing=", "ESRCH"));
	KTEST_EXPECT(t, field_is(releaser.out, "release_flags=", "EINVAL"));
	KTEST_EXPECT(t, field_is(releaser.out, "release_badfd=", "EBADF"));
	KTEST_EXPECT(t, field_is(releaser.out, "release_notpidfd=", "EBADF"));
	KTEST_EXPECT(t, field_is(releaser.out, "live=", "EINVAL"));
	KTEST_EXPECT(t, field_is(releaser.out, "gone=", "ESRCH"));
	if (field_is(releaser.out, "killed=", "0")) {
		KTEST_EXPECT_GE(t, rss0, 200);
		KTEST_EXPECT_LE(t, rss1 * 4, rss0);
	} else {
		KTEST_EXPECT(t, field_is(releaser.out, "killed=", "ESRCH"));
		ktest_log(t, "the victim's threads were gone first");
	}
}

KTEST_SUITE(pidfd, KTEST_CASE(pidfd_process_mrelease));
