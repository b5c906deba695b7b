// SPDX-License-Identifier: MIT
/*
 * Pipes (fs/pipe.c), poll/select (fs/poll.c) and the /dev nodes from
 * user space, and the pipe's memory charge from the kernel:
 *
 *   user_checks  /bin/pipetest's Linux-portable checks (pipe2 flags and
 *                EFAULT, FIONREAD, EOF, -EAGAIN, 64 KiB capacity, four
 *                writer threads' 1000-byte records arriving whole and in
 *                order, poll/ppoll/select/pselect6 on pipes, eventfd,
 *                /dev/null and a regular file, /dev numbers and
 *                semantics, readv/writev) all pass, as on Linux;
 *   sigpipe      a write with no reader kills the writer with SIGPIPE;
 *   tty_ioctls   pipetest --tty: fd 0 is a terminal with Linux's first
 *                termios, 80x25, a settable foreground group, -ENOTTY
 *                for an unknown request, end of file without input;
 *   charge       a kernel thread in pipe_grp fills a pipe (16 pages):
 *                memory.current and memory.stat "kernel" grow by at
 *                least the 16 buffer pages; reading it empty gives them
 *                back; closing both ends brings the group to 0;
 *   eof_epipe    from the kernel: no writer is EOF for a reader, no
 *                reader -EPIPE for a writer (a kernel thread: no
 *                signal), non-blocking ends -EAGAIN;
 *   wakeup       a reader asleep on an empty pipe wakes with the bytes
 *                of the write that follows.
 */
#include "fs/file.h"
#include "fs/pipe.h"
#include "kernel/cgroup.h"
#include "kernel/completion.h"
#include "kernel/kthread.h"
#include "kernel/ktest.h"
#include "kernel/task.h"
#include "mm/memcg.h"
#include "mm/page.h"
#include "tests/kernel/user_run.h"

static struct user_run run;

static long kread(struct file *f, void *buf, size_t n)
{
	struct io_buf io = { .base = buf, .len = n };

	return vfs_read(f, &io, NULL);
}

static long kwrite(struct file *f, const void *buf, size_t n)
{
	struct io_buf io = { .base = (char *)buf, .len = n };

	return vfs_write(f, &io, NULL);
}

static void pipe_user_checks(struct ktest *t)
{
	if (user_run(t, &run, KTEST_WAIT_MS, "/bin/pipetest", NULL))
		return;
	KTEST_EXPECT(t, user_exited(&run, 0));
	KTEST_EXPECT_NOT_NULL(t, strstr(run.out, "failed=0"));
	if (ktest_failed(t))
		ktest_log(t, "pipetest:\n%s", run.out);
}

static void pipe_sigpipe(struct ktest *t)
{
	if (user_run(t, &run, 10000, "/bin/pipetest", "--sigpipe", NULL))
		return;
	KTEST_EXPECT_EQ(t, run.status, wait_status_signaled(SIGPIPE));
	KTEST_EXPECT_NULL(t, strstr(run.out, "survived"));
}

static void pipe_tty_ioctls(struct ktest *t)
{
	if (user_run(t, &run, 10000, "/bin/pipetest", "--tty", NULL))
		return;
	KTEST_EXPECT(t, user_exited(&run, 0));
	if (ktest_failed(t))
		ktest_log(t, "pipetest --tty:\n%s", run.out);
}

/* Fill @wr without blocking. Return: bytes written. */
static long fill(struct file *wr, char *page)
{
	long total = 0, r;

	while ((r = kwrite(wr, page, PAGE_SIZE)) > 0)
		total += r;
	return total;
}

static void pipe_charge(struct ktest *t)
{
	static char page[PAGE_SIZE];
	struct file *rd = NULL, *wr = NULL;
	struct cgroup *cg;
	unsigned long base;

	KTEST_ASSERT_EQ(t, cgroup_create(&cgroup_root, "pipe_grp", &cg), 0);
	KTEST_EXPECT_EQ(t, cgroup_attach_kthread(current, cg), 0);
	if (!KTEST_EXPECT_EQ(t, pipe_create(O_NONBLOCK, &rd, &wr), 0))
		goto out;
	memcg_drain_all_stock(cg->memcg);
	base = memcg_current(cg->memcg);
	KTEST_EXPECT_EQ(t, fill(wr, page), PIPE_DEF_BUFFERS * PAGE_SIZE);
	memcg_drain_all_stock(cg->memcg);
	KTEST_EXPECT_GE_U(t, memcg_current(cg->memcg),
			  base + PIPE_DEF_BUFFERS);
	KTEST_EXPECT_GE_U(t, memcg_stat_read(cg->memcg, MEMCG_KERNEL),
			  PIPE_DEF_BUFFERS);
	while (kread(rd, page, sizeof(page)) > 0)
		;
	memcg_drain_all_stock(cg->memcg);
	KTEST_EXPECT_EQ_U(t, memcg_current(cg->memcg), base);
out:
	if (rd)
		fput(rd);
	if (wr)
		fput(wr);
	cgroup_attach_kthread(current, &cgroup_root);
	memcg_drain_all_stock(cg->memcg);
	KTEST_EXPECT_EQ_U(t, memcg_current(cg->memcg), 0);
	KTEST_EXPECT_EQ(t, cgroup_remove(cg), 0);
	cgroup_put(cg);
}

static void pipe_eof_epipe(struct ktest *t)
{
	struct file *rd, *wr;
	char c = 'x';

	KTEST_ASSERT_EQ(t, pipe_create(O_NONBLOCK, &rd, &wr), 0);
	KTEST_EXPECT_EQ(t, kread(rd, &c, 1), -EAGAIN);
	KTEST_EXPECT_EQ(t, kwrite(wr, &c, 1), 1);
	KTEST_EXPECT_EQ(t, pipe_nr_bytes(rd), 1);
	fput(wr);
	KTEST_EXPECT_EQ(t, kread(rd, &c, 1), 1);
	KTEST_EXPECT_EQ(t, kread(rd, &c, 1), 0);	/* EOF, not -EAGAIN */
	fput(rd);

	KTEST_ASSERT_EQ(t, pipe_create(0, &rd, &wr), 0);
	fput(rd);
	KTEST_EXPECT_EQ(t, kwrite(wr, &c, 1), -EPIPE);
	fput(wr);
}

struct reader {
	struct file *rd;
	char buf[8];
	long r;
	struct completion done;
};

static int reader_fn(void *data)
{
	struct reader *rd = data;

	rd->r = kread(rd->rd, rd->buf, sizeof(rd->buf));
	complete(&rd->done);
	while (!kthread_should_stop()) {
		set_current_state(TASK_UNINTERRUPTIBLE);
		if (!kthread_should_stop())
			schedule();
		__set_current_state(TASK_RUNNING);
	}
	return 0;
}

static void pipe_wakeup(struct ktest *t)
{
	static struct reader rd;
	struct file *wr;
	struct task *k;

	KTEST_ASSERT_EQ(t, pipe_create(0, &rd.rd, &wr), 0);
	init_completion(&rd.done);
	rd.r = -1;
	k = kthread_run(reader_fn, &rd, "pipe_reader");
	if (!KTEST_EXPECT_NOT_NULL(t, k))
		goto out;
	ktest_wait_until(t, __atomic_load_n(&k->state, __ATOMIC_RELAXED) ==
			 TASK_INTERRUPTIBLE, KTEST_WAIT_MS);
	KTEST_EXPECT_EQ(t, kwrite(wr, "wake", 4), 4);
	if (ktest_wait_completion(t, &rd.done, KTEST_WAIT_MS)) {
		KTEST_EXPECT_EQ(t, rd.r, 4);
		KTEST_EXPECT_EQ(t, memcmp(rd.buf, "wake", 4), 0);
	}
	fput(wr);	/* EOF ends a reader that never woke */
	kthread_stop(k);
out:
	fput(rd.rd);
}

KTEST_SUITE(pipe,
	    KTEST_CASE(pipe_user_checks),
	    KTEST_CASE(pipe_sigpipe),
	    KTEST_CASE(pipe_tty_ioctls),
	    KTEST_CASE(pipe_charge),
	    KTEST_CASE(pipe_eof_epipe),
	    KTEST_CASE(pipe_wakeup));
