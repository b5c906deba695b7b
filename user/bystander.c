// SPDX-License-Identifier: MIT
/*
 * bystander: the innocent process of the OOM scenarios. It maps a few
 * pages, fills them with a pattern no other process could produce (the
 * words mix its pid, the page and the word index), then sleeps in rounds
 * and checks every word after each sleep. An OOM killer that picks it, or
 * a reaper that tears down the wrong address space, shows up as a missing
 * "ok" line or as a FAIL line naming the first bad word.
 *
 * Output (stdout):
 *   bystander: start pid=P pages=N rounds=R sleep_ms=S
 *   bystander: round=I ok resident=R/N        (each round, unless --quiet)
 *   bystander: ok rounds=R pages=N            (the end, exit 0)
 *   bystander: FAIL round=I page=P word=W expected=0x.. got=0x.. bad_words=K
 *   bystander: FAIL setup error=ENAME         (exit 1 for either FAIL)
 * resident (mincore) is information only: a host with swap may page out.
 */
#include <stdbool.h>
#include "rt/args.h"
#include "rt/errno.h"
#include "rt/mem.h"
#include "rt/printf.h"
#include "rt/sys.h"
#include "rt/time.h"

#define WORDS_PER_PAGE (PAGE_SIZE / sizeof(uint64_t))

static struct {
	uint64_t pages, rounds, sleep_ms;
	bool mlock, quiet;
} cfg = { .pages = 4, .rounds = 10, .sleep_ms = 1000 };

static const struct arg_opt opts[] = {
	{ "pages", ARG_U64, &cfg.pages, "pages to fill and check" },
	{ "rounds", ARG_U64, &cfg.rounds, "sleep/check rounds (0: forever)" },
	{ "sleep-ms", ARG_U64, &cfg.sleep_ms, "sleep before each check" },
	{ "mlock", ARG_FLAG, &cfg.mlock, "mlock() the pages" },
	{ "quiet", ARG_FLAG, &cfg.quiet, "print no per-round lines" },
	{ NULL },
};

static uint64_t salt;

static uint64_t pattern(uint64_t page, uint64_t word)
{
	return salt ^ (page << 40) ^ (word * 0x9e3779b97f4a7c15ULL);
}

static void fill(uint64_t *mem)
{
	for (uint64_t p = 0; p < cfg.pages; p++)
		for (uint64_t w = 0; w < WORDS_PER_PAGE; w++)
			mem[p * WORDS_PER_PAGE + w] = pattern(p, w);
}

/* Check every word; report the first bad one. Return: bad words. */
static uint64_t check(const volatile uint64_t *mem, uint64_t round)
{
	uint64_t bad = 0, first_p = 0, first_w = 0, got = 0;

	for (uint64_t p = 0; p < cfg.pages; p++) {
		for (uint64_t w = 0; w < WORDS_PER_PAGE; w++) {
			uint64_t v = mem[p * WORDS_PER_PAGE + w];

			if (v == pattern(p, w))
				continue;
			if (!bad++) {
				first_p = p;
				first_w = w;
				got = v;
			}
		}
	}
	if (bad)
		printf("bystander: FAIL round=%lu page=%lu word=%lu "
		       "expected=0x%lx got=0x%lx bad_words=%lu\n",
		       round, first_p, first_w, pattern(first_p, first_w), got,
		       bad);
	return bad;
}

int main(int argc, char **argv, char **envp)
{
	size_t len;
	uint64_t round;
	long map, r;

	r = args_parse(argc, argv, opts,
		       "Fill pages, then sleep and check them in rounds.");
	if (r)
		return r == ARGS_HELP ? 0 : 2;
	if (!cfg.pages || cfg.pages > SIZE_MAX / PAGE_SIZE) {
		eprintf("bystander: --pages must be > 0\n");
		return 2;
	}
	len = cfg.pages * PAGE_SIZE;
	salt = ((uint64_t)sys_getpid() << 16) ^ 0x5a5aa5a5c3c33c3cULL;
	printf("bystander: start pid=%ld pages=%lu rounds=%lu sleep_ms=%lu\n",
	       sys_getpid(), cfg.pages, cfg.rounds, cfg.sleep_ms);
	map = mem_map_anon(len, 0);
	if (!syscall_failed(map) && cfg.mlock) {
		r = sys_mlock((void *)map, len);
		if (r < 0)
			map = r;
	}
	if (syscall_failed(map)) {
		printf("bystander: FAIL setup error=%s\n", errno_name(map));
		return 1;
	}
	fill((uint64_t *)map);
	for (round = 1; !cfg.rounds || round <= cfg.rounds; round++) {
		time_sleep_ns(cfg.sleep_ms * NSEC_PER_MSEC);
		if (check((uint64_t *)map, round))
			return 1;
		if (!cfg.quiet)
			printf("bystander: round=%lu ok resident=%ld/%lu\n",
			       round, mem_resident_pages((void *)map, len),
			       cfg.pages);
	}
	printf("bystander: ok rounds=%lu pages=%lu\n", cfg.rounds, cfg.pages);
	return 0;
}
