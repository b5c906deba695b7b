// SPDX-License-Identifier: MIT
/*
 * hog: the memory hog of oomlab's OOM scenarios. Maps N MiB of anonymous
 * memory and makes it resident: by touching one byte per page, with
 * MAP_POPULATE, and/or locked (mlock, MAP_LOCKED, mlockall). Optionally T
 * threads fault their own slices concurrently while W writer threads loop
 * on mmap()/munmap() of a small region: faulting threads hold the mmap
 * lock for reading, writers queue behind them and later readers behind the
 * writers, so a kill's OOM reaper fails every trylock of the lock for as
 * long as the faults last (the case behind Linux's 2018 debate about the
 * reaper giving up after a fixed time). A delay per page stretches the
 * faulting out. With --write PATH it maps nothing and instead writes the
 * pages into the file PATH (a tmpfs file: page cache charged from a
 * system call, not a user fault), one page per write(2), stopping at
 * the first error. With --wait-file PATH it maps its memory and creates
 * its faulting threads, then prints "hog: waiting" and polls every
 * millisecond until PATH exists before the first touch or write: a
 * start line for several hogs that must fault at once (their mappings,
 * thread stacks and kernel stacks, charged outside a fault, are in
 * place before anyone faults).
 *
 * Output (stdout), one line each, fields in this order:
 *   hog: start pid=P pages=N populate=0|1 mlock=0|1 map_locked=0|1
 *        mlockall=0|1 threads=T writers=W delay_us=D busy=0|1 hold_ms=H
 *   hog: holding pages_touched=N   (only with --hold-ms: every page is
 *        touched and the hold begins; tests wait for it)
 *   hog: result pages_requested=N pages_touched=N populate_complete=R/N
 *        resident=R/N threads=T writers=W writer_ops=K tls_mismatch=M
 *        errors=E error_names=ENOMEM,... elapsed_ns=NS written=W/N
 * writer_ops is at least W: every writer makes one round however soon it
 * is stopped.
 * populate_complete counts resident pages (mincore) right after mmap and
 * mlock, before any touching: what MAP_POPULATE / mlock really populated.
 * resident counts them again after touching (none with --no-touch, which
 * shows what MAP_POPULATE alone did). elapsed_ns runs from the
 * start to the end of touching; the hold is not in it. Exit status: 0 when
 * errors=0 and tls_mismatch=0, 1 otherwise, 2 for a bad command line.
 */
#include <stdbool.h>
#include "rt/args.h"
#include "rt/errno.h"
#include "rt/fs.h"
#include "rt/mem.h"
#include "rt/printf.h"
#include "rt/string.h"
#include "rt/sys.h"
#include "rt/thread.h"
#include "rt/time.h"

#define HOG_MAX_THREADS 256
#define HOG_MAX_NAMES 8

static struct hog_cfg {
	uint64_t mib, pages, threads, writers, writer_pages, delay_us, hold_ms;
	bool populate, mlock, map_locked, mlockall, busy, no_touch;
	const char *oom_score_adj, *write_path, *wait_path;
} cfg = { .mib = 64, .threads = 1, .writer_pages = 1 };

static const struct arg_opt opts[] = {
	{ "mib", ARG_U64, &cfg.mib, "MiB to allocate" },
	{ "pages", ARG_U64, &cfg.pages, "pages to allocate (overrides --mib)" },
	{ "populate", ARG_FLAG, &cfg.populate, "mmap with MAP_POPULATE" },
	{ "mlock", ARG_FLAG, &cfg.mlock, "mlock() the region after mmap" },
	{ "map-locked", ARG_FLAG, &cfg.map_locked, "mmap with MAP_LOCKED" },
	{ "mlockall", ARG_FLAG, &cfg.mlockall,
	  "mlockall(MCL_CURRENT | MCL_FUTURE) first" },
	{ "threads", ARG_U64, &cfg.threads,
	  "faulting threads (1: the main thread faults)" },
	{ "writers", ARG_U64, &cfg.writers, "threads looping on mmap/munmap" },
	{ "writer-pages", ARG_U64, &cfg.writer_pages, "pages per writer mmap" },
	{ "delay-us", ARG_U64, &cfg.delay_us, "delay after each page touched" },
	{ "busy", ARG_FLAG, &cfg.busy, "spin through the delay, do not sleep" },
	{ "no-touch", ARG_FLAG, &cfg.no_touch,
	  "only map (and populate): what MAP_POPULATE alone makes resident" },
	{ "hold-ms", ARG_U64, &cfg.hold_ms, "keep the memory this long" },
	{ "oom-score-adj", ARG_STR, &cfg.oom_score_adj,
	  "write this to /proc/self/oom_score_adj before mapping" },
	{ "write", ARG_STR, &cfg.write_path,
	  "write the pages into this file instead of mapping them" },
	{ "wait-file", ARG_STR, &cfg.wait_path,
	  "wait until this file exists before mapping: the start line "
	  "of hogs that must fault at once" },
	{ NULL },
};

/* One faulting thread's share: pages [first, first + n) of the region. */
struct faulter {
	char *base;
	size_t first, n;
	size_t touched;		/* written by the faulter, read after join */
	bool tls_mismatch;
	struct tcb *tcb;	/* join handle; unused when main faults */
};

static int writers_stop;	/* [a] set once the writers should end */

/* Set once --wait-file's PATH exists (at once without it). */
static int start_gate;

static void gate_wait(void)
{
	while (!__atomic_load_n(&start_gate, __ATOMIC_ACQUIRE))
		time_sleep_ns(NSEC_PER_MSEC);
}

static void wait_for_file(void);

static void gate_open(void)
{
	if (cfg.wait_path)
		wait_for_file();
	__atomic_store_n(&start_gate, 1, __ATOMIC_RELEASE);
}

static int faulter_run(void *arg)
{
	struct faulter *f = arg;
	struct tcb *self = tcb_self();

	gate_wait();

	/*
	 * %fs must lead to this thread's own block, and the tid the kernel
	 * stored there (PARENT_SETTID, before the thread ran) must be ours.
	 */
	if (self->self != self ||
	    (cfg.threads > 1 && (self->arg != f || self->tid != sys_gettid())))
		f->tls_mismatch = true;
	for (size_t i = f->first; i < f->first + f->n; i++) {
		f->base[i * PAGE_SIZE] = (char)(i | 1);
		f->touched++;
		if (!cfg.delay_us)
			continue;
		if (cfg.busy)
			time_spin_ns(cfg.delay_us * NSEC_PER_USEC);
		else
			time_sleep_ns(cfg.delay_us * NSEC_PER_USEC);
	}
	return 0;
}

/*
 * Loop on mmap/munmap until told to stop - but always one round first: a
 * writer that starts after the faulting is done (the scheduler decides)
 * would otherwise report writer_ops=0, and the tests require >= 1.
 */
static int writer_run(void *arg)
{
	size_t len = cfg.writer_pages * PAGE_SIZE;
	unsigned long *ops = arg;

	do {
		long m = errno_record(mem_map_anon(len, 0));

		if (!syscall_failed(m))
			errno_record(sys_munmap((void *)m, len));
		(*ops)++;
	} while (!__atomic_load_n(&writers_stop, __ATOMIC_RELAXED));
	return 0;
}

/* The distinct error names seen, for the result line. */
struct errs {
	unsigned long n;
	int names[HOG_MAX_NAMES];
	int nnames;
};

static void errs_note(struct errs *e, int err)
{
	if (!err)
		return;
	for (int i = 0; i < e->nnames; i++)
		if (e->names[i] == err)
			return;
	if (e->nnames < HOG_MAX_NAMES)
		e->names[e->nnames++] = err;
}

static void errs_add(struct errs *e, const struct tcb *t)
{
	e->n += t->nerr;
	errs_note(e, t->first_err);
	errs_note(e, t->err);
}

static void errs_format(const struct errs *e, char *buf, size_t len)
{
	size_t used = 0;

	snprintf(buf, len, "none");
	for (int i = 0; i < e->nnames && used < len; i++)
		used += snprintf(buf + used, len - used, "%s%s", i ? "," : "",
				 errno_name(e->names[i]));
}

static struct faulter faulters[HOG_MAX_THREADS];
static unsigned long writer_ops[HOG_MAX_THREADS];
static struct tcb *writer_tcb[HOG_MAX_THREADS];

/* Fault the region in with cfg.threads faulters; returns pages touched. */
static size_t touch_all(char *base, size_t npages, struct errs *e)
{
	size_t touched = 0, t, nt = cfg.threads;
	struct tcb copy;

	for (t = 0; t < nt; t++) {
		faulters[t] = (struct faulter){ .base = base,
						.first = npages * t / nt,
						.n = npages * (t + 1) / nt -
						     npages * t / nt };
	}
	if (nt == 1) {
		gate_open();
		faulter_run(&faulters[0]);
		return faulters[0].touched;
	}
	for (t = 0; t < nt; t++)
		if (errno_record(thread_create(&faulters[t].tcb, faulter_run,
					       &faulters[t], 0)) < 0)
			break;
	gate_open();
	while (t--) {
		thread_join(faulters[t].tcb, &copy);
		errs_add(e, &copy);
		touched += faulters[t].touched;
	}
	return touched;
}

/* Set our own oom_score_adj as a user would, before any big charge. */
static void set_oom_score_adj(const char *adj)
{
	long fd = errno_record(sys_openat(AT_FDCWD, "/proc/self/oom_score_adj",
					  O_WRONLY, 0));

	if (syscall_failed(fd))
		return;
	errno_record(sys_write((int)fd, adj, strlen(adj)));
	sys_close((int)fd);
}

/*
 * With --no-touch nothing after the mmap may fault: a group left full by
 * a partial MAP_POPULATE would OOM on a fresh page of the result line's
 * stack or of the globals the end reads and writes. Make those resident
 * first.
 */
static void __attribute__((noinline)) prefault_for_no_touch(void)
{
	volatile char pad[8 * PAGE_SIZE];

	for (size_t i = 0; i < sizeof(pad); i += PAGE_SIZE)
		pad[i] = 0;
	__atomic_store_n(&writers_stop, 0, __ATOMIC_RELAXED);
	faulters[0].tls_mismatch = false;
}

/* Wait for whoever starts the hogs to create cfg.wait_path. */
static void wait_for_file(void)
{
	struct stat st;

	printf("hog: waiting\n");
	while (sys_stat(cfg.wait_path, &st) < 0)
		time_sleep_ns(NSEC_PER_MSEC);
}

/*
 * Write @npages pages into cfg.write_path, one page per write(2), from a
 * stack page made resident first (no fault in between: only the file's
 * pages are charged). Return: the pages written; a failure is recorded
 * in the thread's errors.
 */
static size_t __attribute__((noinline)) write_file(size_t npages)
{
	char page[PAGE_SIZE];
	size_t written = 0;
	long fd;

	prefault_for_no_touch();
	for (size_t i = 0; i < PAGE_SIZE; i++)
		page[i] = (char)(i | 1);
	fd = errno_record(sys_openat(AT_FDCWD, cfg.write_path,
				     O_WRONLY | O_CREAT, 0644));
	if (syscall_failed(fd))
		return 0;
	while (written < npages &&
	       errno_record(sys_write((int)fd, page, PAGE_SIZE)) == PAGE_SIZE)
		written++;
	sys_close((int)fd);
	return written;
}

static bool tls_mismatches(void)
{
	for (uint64_t t = 0; t < cfg.threads; t++)
		if (faulters[t].tls_mismatch)
			return true;
	return false;
}

int main(int argc, char **argv, char **envp)
{
	size_t npages, len, touched = 0, written = 0;
	long populated = -1, resident = -1, map;
	unsigned long ops = 0;
	uint64_t t0, elapsed;
	struct errs e = { 0 };
	struct tcb copy;
	char names[96];
	uint64_t w, nw;
	int r, flags;

	r = args_parse(argc, argv, opts,
		       "Allocate memory and make it resident; print one "
		       "result line.");
	if (r)
		return r == ARGS_HELP ? 0 : 2;
	npages = cfg.pages ? cfg.pages : cfg.mib * (1024 * 1024 / PAGE_SIZE);
	if (!npages || npages > SIZE_MAX / PAGE_SIZE || !cfg.threads ||
	    cfg.threads > HOG_MAX_THREADS || cfg.writers > HOG_MAX_THREADS ||
	    !cfg.writer_pages) {
		eprintf("hog: need pages > 0, 1 <= threads <= %d, "
			"writers <= %d, writer-pages > 0\n",
			HOG_MAX_THREADS, HOG_MAX_THREADS);
		return 2;
	}
	len = npages * PAGE_SIZE;
	printf("hog: start pid=%ld pages=%zu populate=%d mlock=%d "
	       "map_locked=%d mlockall=%d threads=%lu writers=%lu "
	       "delay_us=%lu busy=%d hold_ms=%lu\n",
	       sys_getpid(), npages, cfg.populate, cfg.mlock, cfg.map_locked,
	       cfg.mlockall, cfg.threads, cfg.writers, cfg.delay_us, cfg.busy,
	       cfg.hold_ms);

	if (cfg.oom_score_adj)
		set_oom_score_adj(cfg.oom_score_adj);
	if (cfg.no_touch)
		prefault_for_no_touch();
	t0 = time_now_ns();
	if (cfg.mlockall)
		errno_record(sys_mlockall(MCL_CURRENT | MCL_FUTURE));
	for (nw = 0; nw < cfg.writers; nw++)
		if (errno_record(thread_create(&writer_tcb[nw], writer_run,
					       &writer_ops[nw], 0)) < 0)
			break;
	flags = (cfg.populate ? MAP_POPULATE : 0) |
		(cfg.map_locked ? MAP_LOCKED : 0);
	map = cfg.write_path ? -1 : errno_record(mem_map_anon(len, flags));
	if (cfg.write_path) {
		gate_open();
		written = write_file(npages);
	} else if (!syscall_failed(map)) {
		if (cfg.mlock)
			errno_record(sys_mlock((void *)map, len));
		populated = errno_record(mem_resident_pages((void *)map, len));
		if (!cfg.no_touch)
			touched = touch_all((char *)map, npages, &e);
		resident = errno_record(mem_resident_pages((void *)map, len));
	}
	elapsed = time_now_ns() - t0;
	if (cfg.hold_ms) {
		printf("hog: holding pages_touched=%zu\n", touched);
		time_sleep_ns(cfg.hold_ms * NSEC_PER_MSEC);
	}

	__atomic_store_n(&writers_stop, 1, __ATOMIC_RELAXED);
	for (w = 0; w < nw; w++) {
		thread_join(writer_tcb[w], &copy);
		errs_add(&e, &copy);
		ops += writer_ops[w];
	}
	errs_add(&e, tcb_self());
	errs_format(&e, names, sizeof(names));
	printf("hog: result pages_requested=%zu pages_touched=%zu "
	       "populate_complete=%ld/%zu resident=%ld/%zu threads=%lu "
	       "writers=%lu writer_ops=%lu tls_mismatch=%d errors=%lu "
	       "error_names=%s elapsed_ns=%lu written=%zu/%zu\n",
	       npages, touched, populated, npages, resident, npages,
	       cfg.threads, nw, ops, tls_mismatches(), e.n, names, elapsed,
	       written, cfg.write_path ? npages : 0);
	return e.n || tls_mismatches() ? 1 : 0;
}
