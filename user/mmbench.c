// SPDX-License-Identifier: MIT
/*
 * mmbench: the memory-management loops MM engineers compare kernels by
 * (will-it-scale's page_fault and mmap cases, lmbench's syscall and mmap
 * latencies), as one static program that runs unchanged on oomlab and on
 * Linux - on Linux also as /init of an initramfs, powering the machine off
 * at the end (--poweroff, which does nothing unless mmbench is pid 1).
 *
 *   fault1       one thread writes one byte per page of a fresh private
 *                anonymous mapping of --mib MiB               (ns/page)
 *   faultN       the same with --threads threads, each on its own part;
 *                wall time over all pages                     (ns/page)
 *   populate     mmap(MAP_POPULATE) of --mib MiB              (ns/page)
 *   munmap_free  munmap() of --mib MiB, every page touched    (ns/page)
 *   mmap_cycle   mmap 4 KiB, write a byte, munmap; --iters times (ns/op)
 *   mmap_cycle0  the same without the write                   (ns/op)
 *   syscall      getppid(), --iters times                     (ns/op)
 *   clock        clock_gettime(CLOCK_MONOTONIC) as a system call (the
 *                runtime never uses a vDSO), --iters times    (ns/op)
 *
 * Each case runs once untimed first - TCG translates code on first use
 * and QEMU backs guest memory on first touch, and neither is the kernel's
 * cost - then --reps timed repetitions; only the timed part of a
 * repetition (the loop, not its set-up) is on the clock.
 *
 * Output (stdout), one line each:
 *   mmbench: start pid=P kernel=SYSNAME-RELEASE mib=M iters=I reps=R
 *            threads=T
 *   mmbench: case=NAME unit=UNIT ops=N reps=R median=X min=X max=X
 *   mmbench: case=NAME error=ENAME               (the case failed)
 *   mmbench: done cases=C errors=E
 * X are nanoseconds per page or per op, rounded down. Exit status: 0 when
 * errors=0, 1 otherwise, 2 for a bad command line.
 */
#include <stdbool.h>
#include "rt/args.h"
#include "rt/errno.h"
#include "rt/mem.h"
#include "rt/printf.h"
#include "rt/string.h"
#include "rt/sys.h"
#include "rt/thread.h"
#include "rt/time.h"

#define MMBENCH_MAX_REPS 64
#define MMBENCH_MAX_THREADS 64

static struct {
	uint64_t mib, iters, reps, threads;
	const char *cases;
	bool poweroff;
} cfg = { .mib = 256, .iters = 5000, .reps = 5, .cases = "all" };

static const struct arg_opt opts[] = {
	{ "mib", ARG_U64, &cfg.mib, "MiB per fault/populate/munmap region" },
	{ "iters", ARG_U64, &cfg.iters, "loop count of the per-op cases" },
	{ "reps", ARG_U64, &cfg.reps, "timed repetitions (after a warm-up)" },
	{ "threads", ARG_U64, &cfg.threads,
	  "faultN threads (default: the CPUs sched_getaffinity shows)" },
	{ "cases", ARG_STR, &cfg.cases, "comma-separated cases, or all" },
	{ "poweroff", ARG_FLAG, &cfg.poweroff,
	  "power the machine off at the end when pid 1 (Linux /init)" },
	{ NULL },
};

/*
 * One timed repetition: set up, time the loop, clean up. Returns the
 * nanoseconds the timed part took, or a negated errno.
 */
typedef long (*bench_fn)(void);

struct bench_case {
	const char *name;
	const char *unit;
	bench_fn run;
	bool per_page;		/* ops: pages of --mib, else --iters */
};

static size_t region_pages(void)
{
	return cfg.mib * (1024 * 1024 / PAGE_SIZE);
}

static size_t region_len(void)
{
	return region_pages() * PAGE_SIZE;
}

static void touch_pages(char *base, size_t first, size_t n)
{
	for (size_t i = first; i < first + n; i++)
		base[i * PAGE_SIZE] = 1;
}

static long bench_fault1(void)
{
	long map = mem_map_anon(region_len(), 0);
	uint64_t t0, t1;

	if (syscall_failed(map))
		return map;
	t0 = time_now_ns();
	touch_pages((char *)map, 0, region_pages());
	t1 = time_now_ns();
	sys_munmap((void *)map, region_len());
	return (long)(t1 - t0);
}

struct fault_part {
	char *base;
	size_t first, n;
	struct tcb *tcb;
};

static int fault_part_run(void *arg)
{
	struct fault_part *p = arg;

	touch_pages(p->base, p->first, p->n);
	return 0;
}

static struct fault_part parts[MMBENCH_MAX_THREADS];

/* Threads 1..T-1 are new; the calling thread takes part 0 itself. */
static long bench_faultN(void)
{
	size_t npages = region_pages(), nt = cfg.threads, t, started;
	long map = mem_map_anon(region_len(), 0), err = 0;
	uint64_t t0, t1;

	if (syscall_failed(map))
		return map;
	for (t = 0; t < nt; t++)
		parts[t] = (struct fault_part){
			.base = (char *)map,
			.first = npages * t / nt,
			.n = npages * (t + 1) / nt - npages * t / nt,
		};
	t0 = time_now_ns();
	for (started = 1; started < nt; started++) {
		err = thread_create(&parts[started].tcb, fault_part_run,
				    &parts[started], 0);
		if (err < 0)
			break;
	}
	fault_part_run(&parts[0]);
	for (t = 1; t < started; t++)
		thread_join(parts[t].tcb, NULL);
	t1 = time_now_ns();
	sys_munmap((void *)map, region_len());
	return err < 0 ? err : (long)(t1 - t0);
}

static long bench_populate(void)
{
	uint64_t t0 = time_now_ns(), t1;
	long map = mem_map_anon(region_len(), MAP_POPULATE);

	t1 = time_now_ns();
	if (syscall_failed(map))
		return map;
	sys_munmap((void *)map, region_len());
	return (long)(t1 - t0);
}

static long bench_munmap_free(void)
{
	long map = mem_map_anon(region_len(), 0), r;
	uint64_t t0, t1;

	if (syscall_failed(map))
		return map;
	touch_pages((char *)map, 0, region_pages());
	t0 = time_now_ns();
	r = sys_munmap((void *)map, region_len());
	t1 = time_now_ns();
	return r < 0 ? r : (long)(t1 - t0);
}

static long mmap_cycle(bool touch)
{
	uint64_t t0 = time_now_ns(), t1;

	for (uint64_t i = 0; i < cfg.iters; i++) {
		long map = mem_map_anon(PAGE_SIZE, 0);

		if (syscall_failed(map))
			return map;
		if (touch)
			*(volatile char *)map = 1;
		sys_munmap((void *)map, PAGE_SIZE);
	}
	t1 = time_now_ns();
	return (long)(t1 - t0);
}

static long bench_mmap_cycle(void)
{
	return mmap_cycle(true);
}

static long bench_mmap_cycle0(void)
{
	return mmap_cycle(false);
}

static long bench_syscall(void)
{
	uint64_t t0 = time_now_ns(), t1;

	for (uint64_t i = 0; i < cfg.iters; i++) {
		long r = sys_getppid();

		if (r < 0)
			return r;
	}
	t1 = time_now_ns();
	return (long)(t1 - t0);
}

static long bench_clock(void)
{
	struct timespec ts;
	uint64_t t0 = time_now_ns(), t1;

	for (uint64_t i = 0; i < cfg.iters; i++) {
		long r = sys_clock_gettime(CLOCK_MONOTONIC, &ts);

		if (r < 0)
			return r;
	}
	t1 = time_now_ns();
	return (long)(t1 - t0);
}

/*
 * faultN runs last: once its threads have run on every CPU, Linux keeps
 * the mm in every CPU's mask and flushes the TLBs of all of them, idle
 * (lazy) ones included, whenever an unmap frees a page-table page
 * (native_flush_tlb_multi() with freed_tables) - an IPI per mmap_cycle
 * under TCG, which would charge the single-thread cases for the
 * multi-thread one. Each case in a process of its own (as oomlab's
 * bench_mmbench runs them) sees the same costs.
 */
static const struct bench_case cases[] = {
	{ "fault1", "ns/page", bench_fault1, true },
	{ "populate", "ns/page", bench_populate, true },
	{ "munmap_free", "ns/page", bench_munmap_free, true },
	{ "mmap_cycle", "ns/op", bench_mmap_cycle, false },
	{ "mmap_cycle0", "ns/op", bench_mmap_cycle0, false },
	{ "syscall", "ns/op", bench_syscall, false },
	{ "clock", "ns/op", bench_clock, false },
	{ "faultN", "ns/page", bench_faultN, true },
};

/* Is @name one of the comma-separated words of --cases (or is it all)? */
static bool case_selected(const char *name)
{
	size_t len = strlen(name);
	const char *w = cfg.cases;

	if (!strcmp(w, "all"))
		return true;
	while (*w) {
		const char *end = strchr(w, ',');
		size_t wlen = end ? (size_t)(end - w) : strlen(w);

		if (wlen == len && !strncmp(w, name, len))
			return true;
		if (!end)
			break;
		w = end + 1;
	}
	return false;
}

/* Every word of --cases names a case. */
static bool cases_known(void)
{
	const char *w = cfg.cases;

	if (!strcmp(w, "all"))
		return true;
	for (;;) {
		const char *end = strchr(w, ',');
		size_t wlen = end ? (size_t)(end - w) : strlen(w);
		bool found = false;

		for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
			if (strlen(cases[i].name) == wlen &&
			    !strncmp(cases[i].name, w, wlen))
				found = true;
		if (!found)
			return false;
		if (!end)
			return true;
		w = end + 1;
	}
}

static void sort_u64(uint64_t *v, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		uint64_t x = v[i];
		size_t j = i;

		for (; j > 0 && v[j - 1] > x; j--)
			v[j] = v[j - 1];
		v[j] = x;
	}
}

/* The middle value; for an even count, the mean of the two middle ones. */
static uint64_t median_u64(const uint64_t *sorted, size_t n)
{
	if (n % 2)
		return sorted[n / 2];
	return (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}

/* Warm up, time cfg.reps repetitions, print the case's line. Returns 0 or
 * the negated errno that stopped the case. */
static long run_case(const struct bench_case *c)
{
	uint64_t per_op[MMBENCH_MAX_REPS];
	uint64_t ops = c->per_page ? region_pages() : cfg.iters;
	long ns = c->run();

	for (uint64_t r = 0; ns >= 0 && r < cfg.reps; r++) {
		ns = c->run();
		per_op[r] = (uint64_t)ns / ops;
	}
	if (ns < 0) {
		printf("mmbench: case=%s error=%s\n", c->name,
		       errno_name((int)-ns));
		return ns;
	}
	sort_u64(per_op, cfg.reps);
	printf("mmbench: case=%s unit=%s ops=%lu reps=%lu median=%lu "
	       "min=%lu max=%lu\n",
	       c->name, c->unit, ops, cfg.reps,
	       median_u64(per_op, cfg.reps), per_op[0],
	       per_op[cfg.reps - 1]);
	return 0;
}

/* One thread per CPU this process may run on; 1 when the kernel cannot
 * say (oomlab has no sched_getaffinity: pass --threads there). */
static uint64_t cpus_allowed(void)
{
	unsigned long mask[16] = { 0 };
	long bytes = sys_sched_getaffinity(0, sizeof(mask), mask);
	uint64_t n = 0;

	if (bytes <= 0)
		return 1;
	for (size_t i = 0; i < (size_t)bytes / sizeof(mask[0]); i++)
		n += (uint64_t)__builtin_popcountl(mask[i]);
	return n ? n : 1;
}

static bool cfg_valid(void)
{
	if (!cfg.mib || cfg.mib > SIZE_MAX / (1024 * 1024) || !cfg.iters ||
	    !cfg.reps || cfg.reps > MMBENCH_MAX_REPS || !cases_known())
		return false;
	if (!cfg.threads)
		cfg.threads = cpus_allowed();
	if (cfg.threads > MMBENCH_MAX_THREADS)
		cfg.threads = MMBENCH_MAX_THREADS;
	return true;
}

static void power_off(void)
{
	long r = sys_reboot(LINUX_REBOOT_CMD_POWER_OFF);

	eprintf("mmbench: reboot(POWER_OFF): %s\n", errno_name((int)-r));
}

int main(int argc, char **argv, char **envp)
{
	unsigned long ncases = 0, errors = 0;
	struct utsname u;
	int r;

	r = args_parse(argc, argv, opts,
		       "Time memory-management loops; print one line per case.");
	if (r)
		return r == ARGS_HELP ? 0 : 2;
	if (!cfg_valid()) {
		eprintf("mmbench: need mib > 0, iters > 0, 1 <= reps <= %d "
			"and known --cases\n", MMBENCH_MAX_REPS);
		return 2;
	}
	if (sys_uname(&u) < 0)
		memset(&u, 0, sizeof(u));
	printf("mmbench: start pid=%ld kernel=%s-%s mib=%lu iters=%lu "
	       "reps=%lu threads=%lu\n",
	       sys_getpid(), u.sysname, u.release, cfg.mib, cfg.iters,
	       cfg.reps, cfg.threads);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (!case_selected(cases[i].name))
			continue;
		ncases++;
		if (run_case(&cases[i]) < 0)
			errors++;
	}
	printf("mmbench: done cases=%lu errors=%lu\n", ncases, errors);
	/* Only as init: the same binary run by hand must never do it. */
	if (cfg.poweroff && sys_getpid() == 1)
		power_off();
	return errors ? 1 : 0;
}
