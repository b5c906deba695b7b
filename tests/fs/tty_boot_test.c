// SPDX-License-Identifier: MIT
/*
 * The N_TTY line discipline (fs/tty.c) fed from the kernel: a test tty
 * whose echo output is a buffer here, read through tty_read() with
 * kernel buffers. Each case starts from tty_init()'s Linux defaults.
 *
 *   canonical  "ab^?c\n" reads "ac\n" (erase) and echoes "ab\b \bc\n";
 *              "xyz^Uq\n" reads "q\n" (kill); "hi\r" reads "hi\n"
 *              (ICRNL); a read stops at the end of a line;
 *   eof        ^D after "ab" makes "ab" readable without a newline;
 *              ^D on an empty line reads 0, once;
 *   raw        ICANON off: bytes are readable at once, echoed; VMIN 0
 *              VTIME 0 reads 0 when empty, without waiting;
 *   detached   no input attached: a read is end of file at once;
 *   intr       ^C with the foreground group set to a process asleep
 *              in poll(2) kills it with SIGINT, echoes "^C" and flushes
 *              the line being typed;
 *   wakeup     a reader asleep for a line wakes when "\n" ends it.
 */
#include "fs/file.h"
#include "fs/tty.h"
#include "kernel/completion.h"
#include "kernel/kthread.h"
#include "kernel/ktest.h"
#include "kernel/task.h"
#include "lib/string.h"
#include "tests/kernel/user_run.h"

static struct tty tty;
static char echoed[256];
static size_t echoed_len;
static struct file reader_file;	/* tty_read() reads only its flags */
static struct user_run victim;

static void test_echo(struct tty *t, const char *s, size_t n)
{
	n = MIN(n, sizeof(echoed) - 1 - echoed_len);
	memcpy(echoed + echoed_len, s, n);
	echoed_len += n;
	echoed[echoed_len] = 0;
}

/* A fresh tty with Linux's settings, input attached. */
static void tty_reset(void)
{
	tty_init(&tty, test_echo);
	tty_attach_input(&tty, true);
	echoed_len = 0;
	echoed[0] = 0;
	reader_file.flags = O_NONBLOCK;
}

static void type(const char *s)
{
	tty_receive(&tty, s, strlen(s));
}

/* A non-blocking read into @buf (NUL-terminated). Return: tty_read(). */
static long rd(char *buf, size_t n)
{
	struct io_buf io = { .base = buf, .len = n - 1 };
	long r = tty_read(&tty, &reader_file, &io);

	buf[r > 0 ? r : 0] = 0;
	return r;
}

static void tty_canonical(struct ktest *t)
{
	char buf[32];

	tty_reset();
	type("ab\177c");
	KTEST_EXPECT_EQ(t, rd(buf, sizeof(buf)), -EAGAIN);	/* no line */
	type("\n");
	KTEST_EXPECT_EQ(t, rd(buf, sizeof(buf)), 3);
	KTEST_EXPECT_STREQ(t, buf, "ac\n");
	KTEST_EXPECT_STREQ(t, echoed, "ab\b \bc\n");
	type("xyz\025q\nhi\r");
	KTEST_EXPECT_EQ(t, rd(buf, sizeof(buf)), 2);	/* a line a read */
	KTEST_EXPECT_STREQ(t, buf, "q\n");
	KTEST_EXPECT_EQ(t, rd(buf, sizeof(buf)), 3);
	KTEST_EXPECT_STREQ(t, buf, "hi\n");
	KTEST_EXPECT_EQ(t, rd(buf, sizeof(buf)), -EAGAIN);
}

static void tty_eof(struct ktest *t)
{
	char buf[32];

	tty_reset();
	type("ab\004");
	KTEST_EXPECT_EQ(t, rd(buf, sizeof(buf)), 2);
	KTEST_EXPECT_STREQ(t, buf, "ab");
	type("\004");
	KTEST_EXPECT_EQ(t, rd(buf, sizeof(buf)), 0);
	KTEST_EXPECT_EQ(t, rd(buf, sizeof(buf)), -EAGAIN);	/* once */
	KTEST_EXPECT_STREQ(t, echoed, "ab");	/* ^D is not echoed */
}

static void tty_raw(struct ktest *t)
{
	char buf[32];

	tty_reset();
	tty.termios.c_lflag &= ~(u32)ICANON;
	type("abc");
	KTEST_EXPECT_EQ(t, rd(buf, sizeof(buf)), 3);
	KTEST_EXPECT_STREQ(t, buf, "abc");
	KTEST_EXPECT_STREQ(t, echoed, "abc");
	tty.termios.c_cc[VMIN] = 0;
	tty.termios.c_cc[VTIME] = 0;
	reader_file.flags = 0;		/* would block, if it waited */
	KTEST_EXPECT_EQ(t, rd(buf, sizeof(buf)), 0);
}

static void tty_detached(struct ktest *t)
{
	char buf[8];

	tty_reset();
	tty_attach_input(&tty, false);
	/* Non-blocking: an attached empty tty would say -EAGAIN. */
	KTEST_EXPECT_EQ(t, rd(buf, sizeof(buf)), 0);
}

static void tty_intr(struct ktest *t)
{
	char buf[8];

	tty_reset();
	if (user_start(t, &victim, (const char *const[]){
				"/bin/pipetest", "--pollfile", "/dev/null",
				"--timeout-ms", "60000", NULL }))
		return;
	KTEST_EXPECT(t, user_wait_line(&victim, "pipetest: polling",
				       KTEST_WAIT_MS));
	tty.pgrp = victim.pid;
	type("typed\003");
	user_wait(t, &victim, KTEST_WAIT_MS);
	KTEST_EXPECT_EQ(t, victim.status, wait_status_signaled(SIGINT));
	KTEST_EXPECT_STREQ(t, echoed, "typed^C");
	type("\n");		/* the flushed "typed" does not come back */
	KTEST_EXPECT_EQ(t, rd(buf, sizeof(buf)), 1);
}

struct line_reader {
	char buf[16];
	long r;
	struct completion done;
};

static int line_reader_fn(void *data)
{
	struct line_reader *lr = data;
	struct file f = { .flags = 0 };
	struct io_buf io = { .base = lr->buf, .len = sizeof(lr->buf) };

	lr->r = tty_read(&tty, &f, &io);
	complete(&lr->done);
	while (!kthread_should_stop()) {
		set_current_state(TASK_UNINTERRUPTIBLE);
		if (!kthread_should_stop())
			schedule();
		__set_current_state(TASK_RUNNING);
	}
	return 0;
}

static void tty_wakeup(struct ktest *t)
{
	static struct line_reader lr;
	struct task *k;

	tty_reset();
	init_completion(&lr.done);
	lr.r = -1;
	k = kthread_run(line_reader_fn, &lr, "tty_reader");
	KTEST_ASSERT_NOT_NULL(t, k);
	ktest_wait_until(t, __atomic_load_n(&k->state, __ATOMIC_RELAXED) ==
			 TASK_INTERRUPTIBLE, KTEST_WAIT_MS);
	type("go");
	KTEST_EXPECT_EQ(t, lr.r, -1);		/* not a line yet */
	type("\n");
	if (!ktest_wait_completion(t, &lr.done, KTEST_WAIT_MS))
		tty_attach_input(&tty, false);	/* EOF frees the reader */
	KTEST_EXPECT_EQ(t, lr.r, 3);
	KTEST_EXPECT_EQ(t, memcmp(lr.buf, "go\n", 3), 0);
	kthread_stop(k);
}

KTEST_SUITE(tty,
	    KTEST_CASE(tty_canonical),
	    KTEST_CASE(tty_eof),
	    KTEST_CASE(tty_raw),
	    KTEST_CASE(tty_detached),
	    KTEST_CASE(tty_intr),
	    KTEST_CASE(tty_wakeup));
