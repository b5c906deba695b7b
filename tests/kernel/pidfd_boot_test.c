// SPDX-License-Identifier: MIT
/*
 * pidfd_open(2) and process_mrelease(2) from user space (/bin/mrelease
 * on a /bin/hog of 200 pages), Linux's scenario of a user-space OOM
 * killer: bad calls get Linux's errnos (EINVAL for pidfd_open flags and
 * pid 0, ESRCH for no such pid, EINVAL for mrelease flags, EBADF for an
 * fd that is not open or not a pidfd); a live, unkilled process is
 * EINVAL; right after SIGKILL the call reaps the victim's memory while
 * the victim still has a thread; once the victim is reaped, ESRCH.
 *
 * So that the kill and the call do not race the victim's exit, a
 * kernel thread write-locks the victim's mmap_lock while its two hog
 * threads fault: one of them waits for the lock uninterruptibly (as a
 * 4.x page fault does), so the victim keeps a thread through the kill;
 * the releaser's process_mrelease() queues on the same lock, and the
 * lock is let go once it waits. This test also keeps a user reference
 * on the victim's mm, so its exit_mmap() cannot free the memory first.
 */
#include "kernel/kthread.h"
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

/* Have @p's hog threads faulted part of their region in? */
static bool faulting(struct process *p, const void *unused)
{
	bool yes;

	(void)unused;
	spin_lock(&p->lock);
	yes = p->mm && mm_rss(p->mm, MM_ANONPAGES) >= 32;
	spin_unlock(&p->lock);
	return yes;
}

struct write_holder {
	struct mm *mm;
	struct completion taken, release, done;
};

static int write_holder_fn(void *arg)
{
	struct write_holder *h = arg;

	mmap_write_lock(h->mm);
	complete(&h->taken);
	wait_for_completion(&h->release);
	mmap_write_unlock(h->mm);
	complete(&h->done);
	return 0;
}

static bool any_in_d_state(struct process *p, const void *unused)
{
	struct uthread *ut;
	bool any = false;

	(void)unused;
	spin_lock(&p->lock);
	list_for_each_entry(ut, &p->threads, node)
		any |= __atomic_load_n(&ut->task->state, __ATOMIC_ACQUIRE) ==
		       TASK_UNINTERRUPTIBLE;
	spin_unlock(&p->lock);
	return any;
}

/* Start the releaser once a victim thread waits for @h's write lock;
 * return once the releaser waits for it too (the caller lets it go). */
static void release_under_lock(struct ktest *t, struct write_holder *h,
			       const char *pid)
{
	bool waiting;

	init_completion(&h->taken);
	init_completion(&h->release);
	init_completion(&h->done);
	if (!KTEST_EXPECT_NOT_NULL(t, kthread_run(write_holder_fn, h,
						  "mrelease-holder")))
		return;
	ktest_wait_completion(t, &h->taken, KTEST_WAIT_MS);
	KTEST_EXPECT(t, user_poll(victim.pid, any_in_d_state, NULL,
				  KTEST_WAIT_MS));
	waiting = !user_start(t, &releaser, (const char *const[]){
				      "/bin/mrelease", pid, NULL }) &&
		  user_wait_state(&releaser, TASK_KILLABLE, KTEST_WAIT_MS);
	KTEST_EXPECT(t, waiting);
}

static void pidfd_process_mrelease(struct ktest *t)
{
	struct write_holder h = { 0 };
	long rss0, rss1;
	char pid[16];

	if (user_start(t, &victim, (const char *const[]){
			       "/bin/hog", "--pages", "200", "--threads", "2",
			       "--delay-us", "5000", "--hold-ms", "60000",
			       NULL }))
		return;
	/* Lock it while the hog threads are faulting its region in. */
	if (KTEST_EXPECT(t, user_poll(victim.pid, faulting, NULL,
				      KTEST_WAIT_MS)))
		h.mm = hold_mm(victim.pid);
	if (!KTEST_EXPECT_NOT_NULL(t, h.mm)) {
		process_kill_pid(victim.pid, SIGKILL);
		user_wait(t, &victim, KTEST_WAIT_MS);
		return;
	}
	snprintf(pid, sizeof(pid), "%d", victim.pid);
	release_under_lock(t, &h, pid);
	rss0 = mm_rss_total(h.mm);
	complete(&h.release);
	ktest_wait_completion(t, &h.done, KTEST_WAIT_MS);
	user_wait_line(&releaser, "mrelease: killed=", KTEST_WAIT_MS);
	rss1 = mm_rss_total(h.mm);	/* before exit_mmap() can run */
	mmput(h.mm);
	mmdrop(h.mm);
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
	KTEST_EXPECT(t, field_is(releaser.out, "killed=", "0"));
	KTEST_EXPECT(t, field_is(releaser.out, "gone=", "ESRCH"));
	KTEST_EXPECT_GT(t, rss0, 0);
	KTEST_EXPECT_LE(t, rss1 * 4, rss0);
	if (ktest_failed(t))
		ktest_log(t, "rss %ld -> %ld; output:\n%s", rss0, rss1,
			  releaser.out);
}

KTEST_SUITE(pidfd, KTEST_CASE(pidfd_process_mrelease));
