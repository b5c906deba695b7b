// SPDX-License-Identifier: MIT
/*
 * mmapstorm: the mmap_lock contention of a threaded hog - faulting
 * threads take it for read, mapping threads for write. FOR OOMLAB TESTS
 * (runs on Linux too).
 *
 *   --faulters N (default 16, max 128): each maps a region of --pages
 *       pages once, then touches a new page of it on every step and,
 *       having touched them all, gives them back (MADV_DONTNEED would do;
 *       munmap and mmap again is what we have) and starts over: a
 *       stream of page faults, each holding the mmap lock for read.
 *   --mappers M (default 3, max 8): loop on mmap() and munmap() of one
 *       page: each call waits for the mmap lock for write.
 *   --rounds R (default 0: until killed): mapper rounds, then the
 *       faulters stop too.
 *
 * Prints "mmapstorm: started faulters=N mappers=M pid=P" once every
 * thread runs, and with --rounds "mmapstorm: result faults=F maps=M
 * errors=E"; exit 0 if E == 0.
 */
#include "rt/args.h"
#include "rt/errno.h"
#include "rt/printf.h"
#include "rt/sys.h"
#include "rt/thread.h"

#define MAX_FAULTERS	128
#define MAX_MAPPERS	8
#define PAGE		4096UL

static struct {
	uint64_t faulters, mappers, rounds, pages;
} cfg = { .faulters = 16, .mappers = 3, .rounds = 0, .pages = 16 };

static const struct arg_opt opts[] = {
	{ "faulters", ARG_U64, &cfg.faulters, "faulting threads (max 128)" },
	{ "mappers", ARG_U64, &cfg.mappers, "mmap/munmap threads (max 8)" },
	{ "rounds", ARG_U64, &cfg.rounds, "mapper rounds (0: until killed)" },
	{ "pages", ARG_U64, &cfg.pages, "pages per faulter region" },
	{ NULL },
};

static uint64_t started;	/* [a] threads running */
static uint64_t mappers_done;	/* [a] */
static uint64_t faults;		/* [a] pages touched */
static uint64_t maps;		/* [a] mmap+munmap rounds */
static uint64_t errors;		/* [a] */

static void *map_anon(size_t len)
{
	long r = sys_mmap(NULL, len, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (syscall_failed(r)) {
		__atomic_add_fetch(&errors, 1, __ATOMIC_RELAXED);
		return NULL;
	}
	return (void *)r;
}

static bool storm_over(void)
{
	return cfg.rounds &&
	       __atomic_load_n(&mappers_done, __ATOMIC_ACQUIRE) == cfg.mappers;
}

static int faulter(void *arg)
{
	size_t len = cfg.pages * PAGE;
	volatile char *region = map_anon(len);

	__atomic_add_fetch(&started, 1, __ATOMIC_SEQ_CST);
	while (region && !storm_over()) {
		for (uint64_t i = 0; i < cfg.pages && !storm_over(); i++) {
			region[i * PAGE] = 1;	/* a fault, under read */
			__atomic_add_fetch(&faults, 1, __ATOMIC_RELAXED);
		}
		sys_munmap((void *)region, len);
		region = map_anon(len);
	}
	if (region)
		sys_munmap((void *)region, len);
	return 0;
}

static int mapper(void *arg)
{
	__atomic_add_fetch(&started, 1, __ATOMIC_SEQ_CST);
	for (uint64_t r = 0; !cfg.rounds || r < cfg.rounds; r++) {
		void *p = map_anon(PAGE);

		if (p && syscall_failed(sys_munmap(p, PAGE)))
			__atomic_add_fetch(&errors, 1, __ATOMIC_RELAXED);
		__atomic_add_fetch(&maps, 1, __ATOMIC_RELAXED);
	}
	__atomic_add_fetch(&mappers_done, 1, __ATOMIC_RELEASE);
	return 0;
}

int main(int argc, char **argv, char **envp)
{
	struct tcb *t[MAX_FAULTERS + MAX_MAPPERS];
	uint64_t n = 0;
	long r = args_parse(argc, argv, opts, "mmap_lock contention.");

	if (r)
		return r == ARGS_HELP ? 0 : 2;
	if (cfg.faulters > MAX_FAULTERS || cfg.mappers > MAX_MAPPERS ||
	    !cfg.pages)
		return 2;
	for (uint64_t i = 0; i < cfg.faulters; i++, n++)
		if (thread_create(&t[n], faulter, NULL, 0) < 0)
			return 10;
	for (uint64_t i = 0; i < cfg.mappers; i++, n++)
		if (thread_create(&t[n], mapper, NULL, 0) < 0)
			return 10;
	while (__atomic_load_n(&started, __ATOMIC_SEQ_CST) < n)
		sys_sched_yield();
	printf("mmapstorm: started faulters=%lu mappers=%lu pid=%ld\n",
	       cfg.faulters, cfg.mappers, sys_getpid());
	for (uint64_t i = 0; i < n; i++)
		thread_join(t[i], NULL);
	printf("mmapstorm: result faults=%lu maps=%lu errors=%lu\n", faults,
	       maps, errors);
	return errors ? 1 : 0;
}
