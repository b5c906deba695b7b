// SPDX-License-Identifier: MIT
/*
 * Benchmarks (explicit-only: ktest.filter=bench_*) of pipes (fs/pipe.c)
 * between two kernel threads, through the VFS read and write paths:
 *
 *   pipe_round_trip  one byte there and back over two pipes, ROUNDS
 *                    times: nanoseconds per round trip (two wakeups);
 *   pipe_throughput  THROUGHPUT_MIB MiB in 64 KiB writes, read in 64 KiB
 *                    reads: MB/s (each page allocated, charged, copied
 *                    twice and freed).
 */
#include "fs/file.h"
#include "fs/pipe.h"
#include "kernel/completion.h"
#include "kernel/kthread.h"
#include "kernel/ktest.h"
#include "kernel/time.h"
#include "mm/slab.h"

#define ROUNDS		2000
#define CHUNK		(64 * 1024)
#define THROUGHPUT_MIB	64

struct peer {
	struct file *in, *out;	/* echo: read in, write out */
	char *buf;		/* throughput: the writer's CHUNK */
	long errors;
	struct completion done;
};

static long kio(struct file *f, void *buf, size_t n, bool write)
{
	struct io_buf io = { .base = buf, .len = n };

	return write ? vfs_write(f, &io, NULL) : vfs_read(f, &io, NULL);
}

static void peer_park(void)
{
	while (!kthread_should_stop()) {
		set_current_state(TASK_UNINTERRUPTIBLE);
		if (!kthread_should_stop())
			schedule();
		__set_current_state(TASK_RUNNING);
	}
}

static int echo_fn(void *data)
{
	struct peer *p = data;
	char c;

	for (int i = 0; i < ROUNDS; i++)
		if (kio(p->in, &c, 1, false) != 1 ||
		    kio(p->out, &c, 1, true) != 1)
			p->errors++;
	complete(&p->done);
	peer_park();
	return 0;
}

static void bench_pipe_round_trip(struct ktest *t)
{
	static struct peer p;
	struct file *ar, *aw, *br, *bw;
	struct task *k;
	char c = 'x';
	u64 t0, ns;

	KTEST_ASSERT_EQ(t, pipe_create(0, &ar, &aw), 0);
	KTEST_ASSERT_EQ(t, pipe_create(0, &br, &bw), 0);
	p = (struct peer){ .in = ar, .out = bw };
	init_completion(&p.done);
	k = kthread_run(echo_fn, &p, "pipe_echo");
	KTEST_ASSERT_NOT_NULL(t, k);
	t0 = ktime_get_ns();
	for (int i = 0; i < ROUNDS; i++)
		if (kio(aw, &c, 1, true) != 1 || kio(br, &c, 1, false) != 1)
			p.errors++;
	ns = ktime_get_ns() - t0;
	ktest_wait_completion(t, &p.done, KTEST_WAIT_MS);
	kthread_stop(k);
	KTEST_EXPECT_EQ(t, p.errors, 0);
	ktest_log(t, "bench %s: %llu %s", "pipe_round_trip",
		  (unsigned long long)(ns / ROUNDS), "ns/op");
	fput(ar);
	fput(aw);
	fput(br);
	fput(bw);
}

static int writer_fn(void *data)
{
	struct peer *p = data;

	for (int i = 0; i < THROUGHPUT_MIB * 1024 * 1024 / CHUNK; i++)
		if (kio(p->out, p->buf, CHUNK, true) != CHUNK)
			p->errors++;
	complete(&p->done);
	peer_park();
	return 0;
}

static void bench_pipe_throughput(struct ktest *t)
{
	static struct peer p;
	struct file *rd, *wr;
	long got = 0, r;
	struct task *k;
	char *buf = kmalloc(CHUNK, GFP_KERNEL);
	u64 t0, ns;

	KTEST_ASSERT_NOT_NULL(t, buf);
	p = (struct peer){ .buf = kmalloc(CHUNK, GFP_KERNEL) };
	if (!KTEST_EXPECT_NOT_NULL(t, p.buf) ||
	    !KTEST_EXPECT_EQ(t, pipe_create(0, &rd, &wr), 0))
		goto out;
	p.out = wr;
	init_completion(&p.done);
	k = kthread_run(writer_fn, &p, "pipe_writer");
	if (!KTEST_EXPECT_NOT_NULL(t, k))
		goto out_pipe;
	t0 = ktime_get_ns();
	while (got < THROUGHPUT_MIB * 1024L * 1024 &&
	       (r = kio(rd, buf, CHUNK, false)) > 0)
		got += r;
	ns = ktime_get_ns() - t0;
	ktest_wait_completion(t, &p.done, KTEST_WAIT_MS);
	kthread_stop(k);
	KTEST_EXPECT_EQ(t, got, THROUGHPUT_MIB * 1024L * 1024);
	KTEST_EXPECT_EQ(t, p.errors, 0);
	ktest_log(t, "bench %s: %llu %s", "pipe_throughput",
		  (unsigned long long)((u64)got * 1000 / (ns ? ns : 1)),
		  "MB/s");
out_pipe:
	fput(rd);
	fput(wr);
out:
	kfree(p.buf);
	kfree(buf);
}

KTEST_SUITE(bench_pipe,
	    KTEST_CASE(bench_pipe_round_trip),
	    KTEST_CASE(bench_pipe_throughput));
