// SPDX-License-Identifier: MIT
/*
 * Sampling profiler: per-CPU sample buffers filled from the timer tick.
 *
 * Each CPU online at profile_start() gets a buffer that only its own tick
 * writes, so recording takes no lock and never waits; a full buffer
 * counts the tick as dropped. The stack is the interrupted RIP plus a
 * frame-pointer walk from the interrupted RBP (backtrace_save(), which
 * reads through arch_probe_read_u64() and so cannot fault). A tick on a
 * function's first instruction or two, before it has pushed its frame,
 * attributes the sample to the right function but skips its caller, as
 * any frame-pointer profiler does. CPUs brought up after profile_start()
 * are not sampled.
 *
 * Stopping is a handshake: a tick announces itself in in_tick before it
 * rereads profile_sampling, and profile_stop() clears profile_sampling
 * before it reads in_tick (both sequentially consistent), so once stop
 * has seen every in_tick clear, no tick can still be writing a buffer.
 *
 * Locking: [s] the session's owner (the task between profile_start() and
 * profile_release()); [c] the owning CPU's tick while sampling, [s] after
 * profile_stop(); [a] atomic.
 */
#include <arch/cpu.h>
#include <arch/mmu.h>
#include "kernel/backtrace.h"
#include "kernel/ksyms.h"
#include "kernel/percpu.h"
#include "kernel/printk.h"
#include "kernel/profile.h"
#include "kernel/sched.h"
#include "lib/errno.h"
#include "lib/format.h"
#include "lib/sort.h"
#include "lib/string.h"
#include "mm/slab.h"

/* 1 MiB per CPU: about seven seconds of ticks at the default 1000 Hz. */
#define PROFILE_BUF_BYTES	(1UL << 20)
#define PROFILE_BUF_SAMPLES	(PROFILE_BUF_BYTES / sizeof(struct profile_sample))
#define PROFILE_LINE		900	/* printk's lines hold 1024 bytes */

struct profile_cpu {
	struct profile_sample *buf;	/* [s]; NULL: not sampled */
	u32 nr;				/* [a] written by [c] */
	u64 dropped;			/* [a] written by [c] */
	int in_tick;			/* [a] this CPU's tick is recording */
} __aligned(64);

static struct profile_cpu profile_cpus[NR_CPUS];
static unsigned int profile_nr_cpus;		/* [s] buffers in use */
static const struct profile_sample **profile_sorted; /* [s] for printing */
static bool profile_session;			/* [a] a session exists */
static bool profile_sampling;			/* [a] ticks record */

static void profile_record(struct profile_cpu *pc, u64 ip, u64 sp, u64 fp,
			   bool user)
{
	u32 nr = pc->nr;
	struct profile_sample *s;

	if (nr == PROFILE_BUF_SAMPLES) {
		__atomic_store_n(&pc->dropped, pc->dropped + 1,
				 __ATOMIC_RELAXED);
		return;
	}
	s = &pc->buf[nr];
	/* A user thread may rename itself: copy, then terminate. */
	memcpy(s->comm, current->name, sizeof(s->comm));
	s->comm[sizeof(s->comm) - 1] = '\0';
	s->user = user;
	s->depth = 0;
	if (!user)
		s->depth = backtrace_save_from(ip, sp, fp, s->ip, PROFILE_DEPTH);
	__atomic_store_n(&pc->nr, nr + 1, __ATOMIC_RELEASE);
}

/**
 * profile_tick - record what this CPU's timer tick interrupted.
 * @ip: the interrupted instruction pointer
 * @sp: the interrupted RSP (ignored for user mode)
 * @frame_pointer: the interrupted RBP (ignored for user mode)
 * @user: the tick came from user mode
 *
 * Context: the timer interrupt, interrupts off. Costs one load when no
 * session is sampling.
 */
void profile_tick(u64 ip, u64 sp, u64 frame_pointer, bool user)
{
	struct profile_cpu *pc;

	if (!__atomic_load_n(&profile_sampling, __ATOMIC_RELAXED))
		return;
	pc = &profile_cpus[smp_processor_id()];
	__atomic_store_n(&pc->in_tick, 1, __ATOMIC_SEQ_CST);
	if (__atomic_load_n(&profile_sampling, __ATOMIC_SEQ_CST) && pc->buf)
		profile_record(pc, ip, sp, frame_pointer, user);
	__atomic_store_n(&pc->in_tick, 0, __ATOMIC_RELEASE);
}

static void profile_free(void)
{
	for (unsigned int c = 0; c < profile_nr_cpus; c++) {
		kfree(profile_cpus[c].buf);
		profile_cpus[c].buf = NULL;
	}
	kfree(profile_sorted);
	profile_sorted = NULL;
	profile_nr_cpus = 0;
}

/**
 * profile_start - allocate a buffer per online CPU and start sampling.
 *
 * Context: process context, may sleep (allocates 1 MiB per CPU).
 * Return: 0; -EBUSY when another session exists; -ENOMEM.
 */
int profile_start(void)
{
	unsigned int n = __atomic_load_n(&nr_cpus_online, __ATOMIC_ACQUIRE);

	if (__atomic_exchange_n(&profile_session, true, __ATOMIC_ACQ_REL))
		return -EBUSY;
	if (n > NR_CPUS)
		n = NR_CPUS;
	profile_nr_cpus = n;
	profile_sorted = kmalloc(n * PROFILE_BUF_SAMPLES *
					 sizeof(*profile_sorted),
				 GFP_KERNEL);
	for (unsigned int c = 0; c < n; c++) {
		profile_cpus[c] = (struct profile_cpu){
			.buf = kmalloc(PROFILE_BUF_BYTES, GFP_KERNEL),
		};
		if (!profile_cpus[c].buf)
			goto out_nomem;
	}
	if (!profile_sorted)
		goto out_nomem;
	__atomic_store_n(&profile_sampling, true, __ATOMIC_SEQ_CST);
	return 0;

out_nomem:
	profile_free();
	__atomic_store_n(&profile_session, false, __ATOMIC_RELEASE);
	return -ENOMEM;
}

/*
 * The start of the function holding @addr; PROFILE_USER_IP for a user
 * address (the entry code links its frame to the interrupted user RIP, so
 * a kernel stack under a system call or a user fault ends there); 0 for
 * anything else outside the kernel's text.
 */
static u64 profile_func(u64 addr)
{
	u64 off;

	if (addr < ARCH_USER_VA_END)
		return PROFILE_USER_IP;
	return ksym_lookup(addr, &off, NULL) ? addr - off : 0;
}

/*
 * ip[0] is the interrupted instruction itself; a return address may be
 * the first byte after its function (a call that never returns ends
 * it), so the call instruction, one byte back, names the function.
 */
static void profile_symbolize(struct profile_sample *s)
{
	for (unsigned int i = 0; i < s->depth; i++)
		s->ip[i] = profile_func(i ? s->ip[i] - 1 : s->ip[0]);
}

/**
 * profile_stop - stop sampling and resolve every sample to functions.
 *
 * Context: process context of the session's owner, after a successful
 * profile_start(). Waits only for ticks already recording, which finish
 * in a few microseconds.
 */
void profile_stop(void)
{
	__atomic_store_n(&profile_sampling, false, __ATOMIC_SEQ_CST);
	for (unsigned int c = 0; c < profile_nr_cpus; c++)
		while (__atomic_load_n(&profile_cpus[c].in_tick,
				       __ATOMIC_SEQ_CST))
			arch_cpu_relax();
	for (unsigned int c = 0; c < profile_nr_cpus; c++)
		for (u32 i = 0; i < profile_cpus[c].nr; i++)
			profile_symbolize(&profile_cpus[c].buf[i]);
}

/**
 * profile_nr_samples - samples recorded so far, all CPUs.
 *
 * Context: any, during a session (for example to wait for enough).
 * Return: the count; 0 outside a session.
 */
u64 profile_nr_samples(void)
{
	u64 n = 0;

	for (unsigned int c = 0; c < profile_nr_cpus; c++)
		n += __atomic_load_n(&profile_cpus[c].nr, __ATOMIC_ACQUIRE);
	return n;
}

/**
 * profile_nr_dropped - ticks not recorded because a buffer was full.
 *
 * Context: any, during a session.
 * Return: the count, all CPUs.
 */
u64 profile_nr_dropped(void)
{
	u64 n = 0;

	for (unsigned int c = 0; c < profile_nr_cpus; c++)
		n += __atomic_load_n(&profile_cpus[c].dropped,
				     __ATOMIC_RELAXED);
	return n;
}

/**
 * profile_for_each - call @fn for every sample, CPU by CPU.
 * @fn: gets each sample (entries resolved to function starts) and @arg
 * @arg: passed through
 *
 * Context: the session's owner, between profile_stop() and
 * profile_release().
 */
void profile_for_each(void (*fn)(const struct profile_sample *s, void *arg),
		      void *arg)
{
	for (unsigned int c = 0; c < profile_nr_cpus; c++)
		for (u32 i = 0; i < profile_cpus[c].nr; i++)
			fn(&profile_cpus[c].buf[i], arg);
}

static int profile_cmp(const void *a, const void *b)
{
	const struct profile_sample *x = *(const struct profile_sample **)a;
	const struct profile_sample *y = *(const struct profile_sample **)b;
	int r = strcmp(x->comm, y->comm);

	if (r)
		return r;
	if (x->depth != y->depth)
		return x->depth < y->depth ? -1 : 1;
	for (unsigned int i = 0; i < x->depth; i++)
		if (x->ip[i] != y->ip[i])
			return x->ip[i] < y->ip[i] ? -1 : 1;
	return (int)x->user - (int)y->user;
}

/* "comm;outermost;...;leaf": the folded-stack form of one sample. */
static void profile_fold(const struct profile_sample *s, char *buf,
			 size_t size)
{
	size_t len = strlcpy(buf, s->comm[0] ? s->comm : "[none]", size);

	if (s->user)
		len += snprintf(buf + len, size - len, ";[user]");
	for (unsigned int i = s->depth; i-- > 0 && len < size;) {
		const char *name = ksym_lookup(s->ip[i], NULL, NULL);

		if (s->ip[i] == PROFILE_USER_IP)
			name = "[user]";
		len += snprintf(buf + len, size - len, ";%s",
				s->ip[i] && name ? name : "[unknown]");
	}
}

static void profile_print_one(const char *prefix,
			      const struct profile_sample *s, u64 count)
{
	char line[PROFILE_LINE];

	profile_fold(s, line, sizeof(line));
	printk("%s%s %llu\n", prefix, line, (unsigned long long)count);
}

/**
 * profile_print - print the samples as folded stacks, one line per
 * distinct stack: "@prefix" "task;outermost;...;leaf" " count".
 * @prefix: starts every line (names the run, for the host-side reader)
 *
 * Context: the session's owner, between profile_stop() and
 * profile_release(); prints at the default level.
 */
void profile_print(const char *prefix)
{
	size_t n = 0, run;

	for (unsigned int c = 0; c < profile_nr_cpus; c++)
		for (u32 i = 0; i < profile_cpus[c].nr; i++)
			profile_sorted[n++] = &profile_cpus[c].buf[i];
	sort(profile_sorted, n, sizeof(*profile_sorted), profile_cmp);
	for (size_t i = 0; i < n; i += run) {
		for (run = 1; i + run < n; run++)
			if (profile_cmp(&profile_sorted[i],
					&profile_sorted[i + run]))
				break;
		profile_print_one(prefix, profile_sorted[i], run);
	}
}

/**
 * profile_release - free the buffers and end the session.
 *
 * Context: the session's owner, after profile_stop(); may sleep.
 */
void profile_release(void)
{
	profile_free();
	__atomic_store_n(&profile_session, false, __ATOMIC_RELEASE);
}
