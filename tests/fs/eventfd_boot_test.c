// SPDX-License-Identifier: MIT
/*
 * eventfd files (fs/eventfd.c) and cgroup v1's OOM notification
 * (fs/cgroupfs_event.c), from the kernel: files made with
 * eventfd_file_create(), read and written through the VFS.
 *
 *   counter     a non-blocking eventfd: a read of 0 is -EAGAIN, a short
 *               buffer -EINVAL; writes add; 0xffffffffffffffff is
 *               -EINVAL; a write past 0xfffffffffffffffe is -EAGAIN and
 *               changes nothing; a read takes the whole count.
 *   semaphore   EFD_SEMAPHORE: each read takes 1.
 *   wakeup      a reader asleep on a zero count wakes with the value of
 *               the write that follows.
 *   control     cgroup.event_control errnos (Linux 6.1's
 *               memcg_write_event_control()): bad text -EINVAL, no fd
 *               -EBADF, an fd that is no eventfd -EINVAL, a control file
 *               that is not the group's oomlab.memory.oom_control
 *               -EINVAL; a listener registered while the group is under
 *               OOM is signalled at once.
 *   lifetime    closing the eventfd unregisters its listener (removing
 *               the group later signals nobody); removing the group
 *               signals a listener still registered.
 *   oomnotify   /bin/oomnotify registers through the real interface
 *               (eventfd2, open, write "<efd> <cfd>"), blocks in read;
 *               /bin/hog faults over evfd_u's 1 MiB with
 *               oom_kill_disable=1 and sleeps in the OOM: oomnotify
 *               reads 1; raising memory.max lets the hog end; removing
 *               the group is oomnotify's second notification.
 *
 *   /sys/fs/cgroup
 *   +-- evfd_a     the group listened to
 *   +-- evfd_b     another group: its control file is refused for a
 *   +-- evfd_u     oomnotify's group: max 1M, oom_kill_disable 1
 */
#include "fs/cgroupfs.h"
#include "fs/eventfd.h"
#include "kernel/cgroup.h"
#include "kernel/completion.h"
#include "kernel/kthread.h"
#include "kernel/ktest.h"
#include "kernel/task.h"
#include "kernel/timer.h"
#include "mm/memcg.h"
#include "tests/fs/fs_test_util.h"
#include "tests/kernel/user_run.h"

#define A	CGROUPFS_MOUNT "/evfd_a"
#define B	CGROUPFS_MOUNT "/evfd_b"
#define U	CGROUPFS_MOUNT "/evfd_u"

static struct user_run notify, hog;

static long efd_read(struct file *f, u64 *v, size_t len)
{
	struct io_buf io = { .base = (char *)v, .len = len };

	return vfs_read(f, &io, NULL);
}

static long efd_write(struct file *f, u64 v, size_t len)
{
	struct io_buf io = { .base = (char *)&v, .len = len };

	return vfs_write(f, &io, NULL);
}

static void eventfd_counter(struct ktest *t)
{
	struct file *f = eventfd_file_create(0, EFD_NONBLOCK);
	u64 v = 0;

	KTEST_ASSERT_NOT_NULL(t, f);
	KTEST_EXPECT_EQ(t, efd_read(f, &v, 8), -EAGAIN);
	KTEST_EXPECT_EQ(t, efd_write(f, 3, 4), -EINVAL);
	KTEST_EXPECT_EQ(t, efd_write(f, 3, 8), 8);
	KTEST_EXPECT_EQ(t, efd_write(f, 4, 8), 8);
	KTEST_EXPECT_EQ(t, efd_read(f, &v, 7), -EINVAL);
	KTEST_EXPECT_EQ(t, efd_read(f, &v, 16), 8);
	KTEST_EXPECT_EQ_U(t, v, 7);
	KTEST_EXPECT_EQ(t, efd_write(f, ~0ULL, 8), -EINVAL);
	KTEST_EXPECT_EQ(t, efd_write(f, EVENTFD_MAX, 8), 8);
	KTEST_EXPECT_EQ(t, efd_write(f, 1, 8), -EAGAIN);
	KTEST_EXPECT_EQ(t, efd_read(f, &v, 8), 8);
	KTEST_EXPECT_EQ_U(t, v, EVENTFD_MAX);
	KTEST_EXPECT_EQ(t, efd_read(f, &v, 8), -EAGAIN);
	fput(f);
}

static void eventfd_semaphore(struct ktest *t)
{
	struct file *f = eventfd_file_create(2, EFD_SEMAPHORE | EFD_NONBLOCK);
	u64 v = 0;

	KTEST_ASSERT_NOT_NULL(t, f);
	KTEST_EXPECT_EQ(t, efd_read(f, &v, 8), 8);
	KTEST_EXPECT_EQ_U(t, v, 1);
	KTEST_EXPECT_EQ(t, efd_read(f, &v, 8), 8);
	KTEST_EXPECT_EQ_U(t, v, 1);
	KTEST_EXPECT_EQ(t, efd_read(f, &v, 8), -EAGAIN);
	fput(f);
}

struct reader {
	struct file *f;
	struct task *task;
	long r;
	u64 v;
	struct completion done;
};

static int reader_fn(void *data)
{
	struct reader *rd = data;

	rd->r = efd_read(rd->f, &rd->v, 8);
	complete(&rd->done);
	/* kthread_stop() needs the thread alive: wait for it. */
	for (;;) {
		set_current_state(TASK_UNINTERRUPTIBLE);
		if (kthread_should_stop())
			break;
		schedule();
	}
	__set_current_state(TASK_RUNNING);
	return 0;
}

static void eventfd_wakeup(struct ktest *t)
{
	struct reader rd = { .f = eventfd_file_create(0, 0) };
	bool asleep, woke;

	KTEST_ASSERT_NOT_NULL(t, rd.f);
	init_completion(&rd.done);
	rd.task = kthread_run(reader_fn, &rd, "eventfd_reader");
	KTEST_ASSERT_NOT_NULL(t, rd.task);
	/* Asleep in the read, so the write below must wake it. */
	asleep = ktest_wait_until(t, __atomic_load_n(&rd.task->state,
						     __ATOMIC_RELAXED) ==
					     TASK_INTERRUPTIBLE,
				  KTEST_WAIT_MS);
	KTEST_EXPECT(t, asleep);
	KTEST_EXPECT_EQ(t, efd_write(rd.f, 5, 8), 8);
	woke = wait_for_completion_timeout(&rd.done,
					   (long)msecs_to_jiffies(KTEST_WAIT_MS));
	if (!KTEST_EXPECT(t, woke)) {
		/* Leave the file to the stuck reader rather than free it. */
		return;
	}
	KTEST_EXPECT_EQ(t, rd.r, 8);
	KTEST_EXPECT_EQ_U(t, rd.v, 5);
	kthread_stop(rd.task);	/* its stack is freed before the invariants */
	fput(rd.f);
}

/* The files of a listener registration. */
struct reg {
	struct file *ctl, *oom_a, *oom_b, *max_a, *ef;
};

static void reg_open(struct ktest *t, struct reg *g)
{
	int err;

	g->ctl = ft_open(A "/cgroup.event_control", O_WRONLY, &err);
	g->oom_a = ft_open(A "/oomlab.memory.oom_control", O_RDONLY, &err);
	g->oom_b = ft_open(B "/oomlab.memory.oom_control", O_RDONLY, &err);
	g->max_a = ft_open(A "/memory.max", O_RDONLY, &err);
	g->ef = eventfd_file_create(0, EFD_NONBLOCK);
	KTEST_EXPECT(t, g->ctl && g->oom_a && g->oom_b && g->max_a && g->ef);
}

static void reg_close(struct reg *g)
{
	struct file *all[] = { g->ctl, g->oom_a, g->oom_b, g->max_a, g->ef };

	for (size_t i = 0; i < ARRAY_SIZE(all); i++)
		if (all[i])
			fput(all[i]);
}

static int groups_begin(struct ktest *t)
{
	KTEST_EXPECT_EQ(t, vfs_mkdir(NULL, A, 0755), 0);
	KTEST_EXPECT_EQ(t, vfs_mkdir(NULL, B, 0755), 0);
	return ktest_failed(t) ? -1 : 0;
}

static void groups_end(struct ktest *t)
{
	int a = vfs_rmdir(NULL, A), b = vfs_rmdir(NULL, B);

	KTEST_EXPECT(t, a == 0 || a == -ENOENT);
	KTEST_EXPECT(t, b == 0 || b == -ENOENT);
}

/* What an OOM wait in @m does to under_oom (mm/memcg_oom.c). */
static void mark_under_oom(struct memcg *m, int delta)
{
	spin_lock(&memcg_tree_lock);
	m->under_oom += delta;
	spin_unlock(&memcg_tree_lock);
}

static void eventfd_control(struct ktest *t)
{
	static const char *const bad_text[] = { "", "1", "x 1", "1 2x", "1\t2" };
	struct reg g = { 0 };
	struct cgroup *cg;
	u64 v = 0;

	if (groups_begin(t))
		goto out;
	reg_open(t, &g);
	if (ktest_failed(t))
		goto out;
	for (size_t i = 0; i < ARRAY_SIZE(bad_text); i++)
		KTEST_EXPECT_EQ(t, ft_write(g.ctl, bad_text[i],
					    strlen(bad_text[i])), -EINVAL);
	/* A kernel thread has no fd table: no fd is open. */
	KTEST_EXPECT_EQ(t, ft_write(g.ctl, "0 1", 3), -EBADF);
	KTEST_EXPECT_EQ(t, cgroupfs_event_control(g.ctl, g.oom_a, g.oom_a),
			-EINVAL);
	KTEST_EXPECT_EQ(t, cgroupfs_event_control(g.ctl, g.ef, NULL), -EBADF);
	KTEST_EXPECT_EQ(t, cgroupfs_event_control(g.ctl, g.ef, g.max_a),
			-EINVAL);
	KTEST_EXPECT_EQ(t, cgroupfs_event_control(g.ctl, g.ef, g.oom_b),
			-EINVAL);
	KTEST_EXPECT_EQ(t, efd_read(g.ef, &v, 8), -EAGAIN);
	/* Under OOM already: Linux's register signals at once. */
	cg = cgroup_lookup("/evfd_a");
	KTEST_ASSERT_NOT_NULL(t, cg);
	mark_under_oom(cg->memcg, 1);
	KTEST_EXPECT_EQ(t, cgroupfs_event_control(g.ctl, g.ef, g.oom_a), 0);
	mark_under_oom(cg->memcg, -1);
	cgroup_put(cg);
	KTEST_EXPECT_EQ(t, efd_read(g.ef, &v, 8), 8);
	KTEST_EXPECT_EQ_U(t, v, 1);
out:
	reg_close(&g);
	groups_end(t);
}

/* Two listeners of evfd_a: one whose eventfd is closed first, one still
 * registered when the group is removed. */
static void eventfd_lifetime(struct ktest *t)
{
	struct eventfd_ctx *closed = NULL;
	struct file *kept = NULL;
	struct reg g = { 0 };
	u64 v = 0;

	if (groups_begin(t))
		goto out;
	reg_open(t, &g);
	kept = eventfd_file_create(0, EFD_NONBLOCK);
	if (ktest_failed(t) || !KTEST_EXPECT_NOT_NULL(t, kept))
		goto out;
	KTEST_EXPECT_EQ(t, cgroupfs_event_control(g.ctl, g.ef, g.oom_a), 0);
	KTEST_EXPECT_EQ(t, cgroupfs_event_control(g.ctl, kept, g.oom_a), 0);
	closed = eventfd_ctx_of(g.ef);	/* outlives the file */
	fput(g.ef);
	g.ef = NULL;
	KTEST_EXPECT_EQ(t, vfs_rmdir(NULL, A), 0);
	KTEST_EXPECT_EQ_U(t, eventfd_count(closed), 0);
	KTEST_EXPECT_EQ(t, efd_read(kept, &v, 8), 8);
	KTEST_EXPECT_EQ_U(t, v, 1);
out:
	if (closed)
		eventfd_ctx_put(closed);
	if (kept)
		fput(kept);
	reg_close(&g);
	groups_end(t);
}

static void eventfd_oomnotify(struct ktest *t)
{
	struct cgroup *cg = NULL;
	bool removed = false;

	KTEST_ASSERT_EQ(t, vfs_mkdir(NULL, U, 0755), 0);
	cg = cgroup_lookup("/evfd_u");
	if (!KTEST_EXPECT_NOT_NULL(t, cg))
		goto out;
	KTEST_EXPECT_EQ(t, memcg_write_max(cg->memcg, "1M"), 0);
	KTEST_EXPECT_EQ(t, memcg_write_oom_control(cg->memcg, "1"), 0);
	if (user_start(t, &notify, (const char *const[]){
				"/bin/oomnotify", "--group", U, "--count",
				"2", NULL }))
		goto out;
	if (!KTEST_EXPECT(t, user_wait_line(&notify, "oomnotify: listening",
					    KTEST_WAIT_MS)))
		goto out_notify;
	cgroup_attach_kthread(current, cg);
	if (user_start(t, &hog, (const char *const[]){
				"/bin/hog", "--pages", "512", NULL })) {
		cgroup_attach_kthread(current, &cgroup_root);
		goto out_notify;
	}
	cgroup_attach_kthread(current, &cgroup_root);
	KTEST_EXPECT(t, user_wait_line(&notify, "oomnotify: oom total=1",
				       KTEST_WAIT_MS));
	KTEST_EXPECT_EQ(t, memcg_write_max(cg->memcg, "max"), 0);
	user_wait(t, &hog, KTEST_WAIT_MS);
	KTEST_EXPECT(t, user_exited(&hog, 0));
	/* The group's removal is the second notification. */
	cgroup_put(cg);
	cg = NULL;
	KTEST_EXPECT_EQ(t, vfs_rmdir(NULL, U), 0);
	removed = true;
out_notify:
	if (!removed)
		process_kill_pid(notify.pid, SIGKILL);
	user_wait(t, &notify, KTEST_WAIT_MS);
	KTEST_EXPECT(t, user_exited(&notify, 0));
	KTEST_EXPECT_NOT_NULL(t, user_line(notify.out,
					   "oomnotify: oom total=2"));
	if (ktest_failed(t))
		ktest_log(t, "oomnotify:\n%s", notify.out);
out:
	if (cg)
		cgroup_put(cg);
	if (!removed)
		KTEST_EXPECT_EQ(t, vfs_rmdir(NULL, U), 0);
}

KTEST_SUITE(eventfd,
	    KTEST_CASE(eventfd_counter),
	    KTEST_CASE(eventfd_semaphore),
	    KTEST_CASE(eventfd_wakeup),
	    KTEST_CASE(eventfd_control),
	    KTEST_CASE(eventfd_lifetime),
	    KTEST_CASE(eventfd_oomnotify));
