// SPDX-License-Identifier: MIT
/*
 * Benchmarks (explicit-only: ktest.filter=bench_*). Costs are TSC cycles
 * per operation, averaged over many; under QEMU TCG they measure the
 * emulator as much as the code, so compare them only with each other.
 */
#include <arch/cpu.h>
#include "kernel/completion.h"
#include "kernel/kthread.h"
#include "kernel/ktest.h"
#include "kernel/mutex.h"
#include "kernel/rwsem.h"
#include "kernel/sched.h"
#include "kernel/time.h"
#include "lib/format.h"

#define ITERS		20000

struct switcher {
	int rounds;
	u64 start, end;
	struct completion done;
};

static int switcher_fn(void *arg)
{
	struct switcher *s = arg;

	for (int i = 0; i < s->rounds; i++)
		yield();
	s->end = arch_rdtsc();
	complete(&s->done);
	return 0;
}

/*
 * Two threads bound to CPU 0 yield to each other: each yield is one
 * switch. Reported: cycles per context switch (incl. yield's schedule()).
 */
static void bench_context_switch(struct ktest *t)
{
	unsigned long base = task_count();
	struct switcher s = { .rounds = ITERS };
	struct task *a, *b;

	init_completion(&s.done);
	a = kthread_create(switcher_fn, &s, "sw-a");
	b = kthread_create(switcher_fn, &s, "sw-b");
	KTEST_ASSERT(t, a && b);
	kthread_bind(a, 0);
	kthread_bind(b, 0);
	s.start = arch_rdtsc();
	wake_up_process(a);
	wake_up_process(b);
	ktest_wait_completion(t, &s.done, KTEST_WAIT_MS);
	ktest_wait_completion(t, &s.done, KTEST_WAIT_MS);
	ktest_log(t, "bench %s: %llu %s", "context_switch",
		  (unsigned long long)((s.end - s.start) / (2ULL * ITERS)),
		  "cycles");
	ktest_wait_tasks(t, base, KTEST_WAIT_MS);
}

KTEST_SUITE(bench_sched, KTEST_CASE(bench_context_switch));

#define BENCH_LOOP(name, body)						\
	do {								\
		u64 __s = arch_rdtsc();					\
		for (int __i = 0; __i < ITERS; __i++) {			\
			body;						\
		}							\
		ktest_log(t, "bench %s: %llu %s", name,			\
			  (unsigned long long)((arch_rdtsc() - __s) / ITERS), \
			  "cycles");					\
	} while (0)

/* Uncontended acquire + release, one CPU, lock cache-hot. */
static void bench_uncontended(struct ktest *t)
{
	struct spinlock l = SPINLOCK_INIT("bench");
	DEFINE_MUTEX(m);
	DECLARE_RWSEM(sem);
	unsigned long f;

	BENCH_LOOP("spin_lock+unlock", spin_lock(&l); spin_unlock(&l));
	BENCH_LOOP("spin_lock_irqsave+restore",
		   f = spin_lock_irqsave(&l); spin_unlock_irqrestore(&l, f));
	BENCH_LOOP("mutex_lock+unlock", mutex_lock(&m); mutex_unlock(&m));
	BENCH_LOOP("down_read+up_read", down_read(&sem); up_read(&sem));
	BENCH_LOOP("down_write+up_write", down_write(&sem); up_write(&sem));
}

struct tput {
	struct rw_semaphore *sem;
	u64 end_tsc;			/* [I] stop at this TSC value */
	u64 ops;			/* [a] */
	struct completion done;
};

static int tput_reader(void *arg)
{
	struct tput *p = arg;
	u64 n = 0;

	while (arch_rdtsc() < p->end_tsc) {
		down_read(p->sem);
		up_read(p->sem);
		n++;
	}
	__atomic_add_fetch(&p->ops, n, __ATOMIC_RELAXED);
	complete(&p->done);
	return 0;
}

static int tput_writer(void *arg)
{
	struct tput *p = arg;

	while (arch_rdtsc() < p->end_tsc) {
		down_write(p->sem);
		up_write(p->sem);
		cond_resched();
	}
	complete(&p->done);
	return 0;
}

/* One reader per CPU for 50 ms, optionally with a writer thread too. */
static u64 reader_throughput(struct ktest *t, unsigned int cpus, bool writer)
{
	unsigned long base = task_count();
	u64 online = sched_cpus_online(), window = arch_tsc_khz() * 50;
	DECLARE_RWSEM(sem);
	struct tput p = { .sem = &sem };
	unsigned int started = 0;

	init_completion(&p.done);
	p.end_tsc = arch_rdtsc() + window;
	for (unsigned int cpu = 0; cpu < 64 && started < cpus; cpu++) {
		struct task *k;

		if (!((online >> cpu) & 1))
			continue;
		k = kthread_create(tput_reader, &p, "tput-%u", cpu);
		if (!k)
			break;
		kthread_bind(k, cpu);
		wake_up_process(k);
		started++;
	}
	if (writer && kthread_run(tput_writer, &p, "tput-w"))
		started++;
	for (unsigned int i = 0; i < started; i++)
		ktest_wait_completion(t, &p.done, KTEST_WAIT_MS);
	ktest_wait_tasks(t, base, KTEST_WAIT_MS);
	(void)t;
	return p.ops / 50;
}

/* rwsem read throughput (ops/ms, all readers) with 1..N CPUs reading. */
static void bench_rwsem_reader_throughput(struct ktest *t)
{
	char name[48];

	for (unsigned int c = 1; c <= sched_nr_cpus(); c++) {
		snprintf(name, sizeof(name), "rwsem_read_%ucpu", c);
		ktest_log(t, "bench %s: %llu %s", name,
			  (unsigned long long)reader_throughput(t, c, false),
			  "ops/ms");
		snprintf(name, sizeof(name), "rwsem_read_%ucpu_writer", c);
		ktest_log(t, "bench %s: %llu %s", name,
			  (unsigned long long)reader_throughput(t, c, true),
			  "ops/ms");
	}
}

KTEST_SUITE(bench_locks, KTEST_CASE(bench_uncontended),
	    KTEST_CASE(bench_rwsem_reader_throughput));
