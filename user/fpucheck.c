// SPDX-License-Identifier: MIT
/*
 * fpucheck: is the x87/MMX/SSE state of a thread its own? FOR OOMLAB
 * TESTS; the faulting modes die on purpose.
 *
 *   --mode switch   --threads N threads (default 4) each load a state
 *                   of their own, drawn from --seed (default: the pid)
 *                   and the thread number - x87 control word (rounding,
 *                   precision), MXCSR (rounding, flush-to-zero), xmm0,
 *                   xmm7, xmm15 and mm0 - then --rounds times yield the
 *                   CPU and check that it is still there
 *   --mode init     the state at exec: FCW 0x37f, MXCSR 0x1f80, FSW 0,
 *                   xmm0/xmm15/mm0 zero (Linux's initial state)
 *   --mode clone    load a state, start a thread: it must see the same
 *   --mode sse-div0 1.0f / 0.0f with the SSE divide-by-zero exception
 *                   unmasked: #XM, SIGFPE
 *   --mode x87-div0 the same on the x87 (FCW 0x37b): #MF at the next
 *                   FWAIT, SIGFPE
 *   --mode sgdt     store the GDT register: with UMIP, #GP (SIGSEGV);
 *                   without, it prints what ring 3 learnt
 *
 * Output: "fpucheck: result mode=M ..." (exit 0) with mismatches=N
 * (switch), the values seen (init, clone: decimal); "fpucheck: survived
 * mode=M mxcsr=N" (exit 1) when a faulting mode did not fault (MXCSR
 * tells whether the exception was at least flagged: QEMU 7.2's TCG
 * flags SSE exceptions but never raises #XM).
 *
 * The program is built with -mgeneral-regs-only: the compiler keeps
 * nothing in these registers, so the asm below need not declare them.
 */
#include "rt/args.h"
#include "rt/printf.h"
#include "rt/string.h"
#include "rt/sys.h"
#include "rt/thread.h"

#define MAX_THREADS	16
#define FCW_ZM		0x0004	/* x87 divide-by-zero mask */
#define MXCSR_ZM	0x0200	/* SSE divide-by-zero mask */

static struct {
	const char *mode;
	uint64_t threads, rounds, seed;
} cfg = { .mode = "switch", .threads = 4, .rounds = 2000 };

static const struct arg_opt opts[] = {
	{ "mode", ARG_STR, &cfg.mode,
	  "switch, init, clone, sse-div0, x87-div0 or sgdt" },
	{ "threads", ARG_U64, &cfg.threads, "threads for --mode switch" },
	{ "rounds", ARG_U64, &cfg.rounds, "yields per thread (switch)" },
	{ "seed", ARG_U64, &cfg.seed, "state seed (default: the pid)" },
	{ NULL },
};

/* The part of the state this program loads and checks. */
struct fpstate {
	uint16_t fcw;
	uint32_t mxcsr;
	uint64_t xmm0, xmm7, xmm15, mm0;
};

/* A state of its own for @v: every field depends on every bit of @v. */
static struct fpstate state_for(uint64_t v)
{
	uint64_t h = (v + 1) * 0x9e3779b97f4a7c15ULL;

	h ^= h >> 29;
	return (struct fpstate){
		/* masks and bit 6 as at exec; precision 53 or 64 bits;
		 * any rounding */
		.fcw = (uint16_t)(0x7f | (2 + (h & 1)) << 8 |
				  ((h >> 1) & 3) << 10),
		/* masks as at exec; any rounding; flush-to-zero or not */
		.mxcsr = (uint32_t)(0x1f80 | ((h >> 3) & 3) << 13 |
				    ((h >> 5) & 1) << 15),
		.xmm0 = h,
		.xmm7 = h ^ 0x5555555555555555ULL,
		.xmm15 = ~h,
		.mm0 = h * 3,
	};
}

static void state_load(const struct fpstate *s)
{
	__asm__ volatile("fldcw %0\n\t"
			 "ldmxcsr %1\n\t"
			 "movq %2, %%xmm0\n\t"
			 "movq %3, %%xmm7\n\t"
			 "movq %4, %%xmm15\n\t"
			 "movq %5, %%mm0"
			 : : "m"(s->fcw), "m"(s->mxcsr), "r"(s->xmm0),
			   "r"(s->xmm7), "r"(s->xmm15), "r"(s->mm0));
}

static struct fpstate state_read(void)
{
	struct fpstate s;

	__asm__ volatile("fnstcw %0\n\t"
			 "stmxcsr %1\n\t"
			 "movq %%xmm0, %2\n\t"
			 "movq %%xmm7, %3\n\t"
			 "movq %%xmm15, %4\n\t"
			 "movq %%mm0, %5"
			 : "=m"(s.fcw), "=m"(s.mxcsr), "=r"(s.xmm0),
			   "=r"(s.xmm7), "=r"(s.xmm15), "=r"(s.mm0));
	return s;
}

static bool state_eq(const struct fpstate *a, const struct fpstate *b)
{
	return a->fcw == b->fcw && a->mxcsr == b->mxcsr &&
	       a->xmm0 == b->xmm0 && a->xmm7 == b->xmm7 &&
	       a->xmm15 == b->xmm15 && a->mm0 == b->mm0;
}

/* Leave MMX mode, so the x87 stack is usable again. */
static void mmx_done(void)
{
	__asm__ volatile("emms");
}

struct switcher {
	uint64_t v;
	uint64_t mismatches;
	struct fpstate first_bad;	/* the first state seen wrong */
};

static int switch_thread(void *arg)
{
	struct switcher *w = arg;
	struct fpstate want = state_for(w->v), got;

	state_load(&want);
	for (uint64_t r = 0; r < cfg.rounds; r++) {
		sys_sched_yield();
		got = state_read();
		if (state_eq(&got, &want))
			continue;
		if (!w->mismatches++)
			w->first_bad = got;
		state_load(&want);	/* count each corruption once */
	}
	mmx_done();
	return 0;
}

static int mode_switch(void)
{
	static struct switcher w[MAX_THREADS];
	static struct tcb *t[MAX_THREADS];
	uint64_t bad = 0;
	uint64_t n = cfg.threads;

	if (!n || n > MAX_THREADS)
		return 2;
	for (uint64_t i = 0; i < n; i++) {
		w[i].v = cfg.seed * MAX_THREADS + i;
		if (thread_create(&t[i], switch_thread, &w[i], 0) < 0)
			return 3;
	}
	for (uint64_t i = 0; i < n; i++) {
		thread_join(t[i], NULL);
		bad += w[i].mismatches;
		if (w[i].mismatches)
			printf("fpucheck: thread %lu saw fcw=0x%x mxcsr=0x%x "
			       "xmm0=0x%lx mm0=0x%lx\n", i, w[i].first_bad.fcw,
			       w[i].first_bad.mxcsr, w[i].first_bad.xmm0,
			       w[i].first_bad.mm0);
	}
	printf("fpucheck: result mode=switch threads=%lu rounds=%lu "
	       "mismatches=%lu\n", n, cfg.rounds, bad);
	return 0;
}

/* Before anything else touches the registers. */
static int mode_init(void)
{
	struct fpstate s = state_read();
	uint16_t fsw;

	__asm__ volatile("fnstsw %0" : "=m"(fsw));
	mmx_done();
	printf("fpucheck: result mode=init fcw=%u mxcsr=%u fsw=%u "
	       "regs_nonzero=%u\n", s.fcw, s.mxcsr, fsw,
	       !!(s.xmm0 | s.xmm7 | s.xmm15 | s.mm0));
	return 0;
}

static struct fpstate clone_seen;

static int clone_child(void *arg)
{
	clone_seen = state_read();
	mmx_done();
	return 0;
}

static int mode_clone(void)
{
	struct fpstate want = state_for(cfg.seed);
	struct tcb *t;

	state_load(&want);
	if (thread_create(&t, clone_child, NULL, 0) < 0)
		return 3;
	thread_join(t, NULL);
	mmx_done();
	printf("fpucheck: result mode=clone fcw=%u want_fcw=%u mxcsr=%u "
	       "want_mxcsr=%u match=%u\n", clone_seen.fcw, want.fcw,
	       clone_seen.mxcsr, want.mxcsr, state_eq(&clone_seen, &want));
	return 0;
}

static void sse_div0(void)
{
	uint32_t mxcsr = 0x1f80 & ~MXCSR_ZM;
	float one = 1.0f, zero = 0.0f;

	__asm__ volatile("ldmxcsr %0\n\t"
			 "movss %1, %%xmm1\n\t"
			 "divss %2, %%xmm1"
			 : : "m"(mxcsr), "m"(one), "m"(zero) : "memory");
}

static void x87_div0(void)
{
	uint16_t fcw = 0x37f & ~FCW_ZM;
	float zero = 0.0f;

	__asm__ volatile("fldcw %0\n\t"
			 "fld1\n\t"
			 "fdivs %1\n\t"		/* flags ZE: pending */
			 "fwait"		/* raises it: #MF */
			 : : "m"(fcw), "m"(zero) : "memory");
}

static int mode_sgdt(void)
{
	struct __attribute__((packed)) {
		uint16_t limit;
		uint64_t base;
	} gdtr;

	__asm__ volatile("sgdt %0" : "=m"(gdtr));
	printf("fpucheck: survived mode=sgdt base=0x%lx limit=%u\n",
	       gdtr.base, gdtr.limit);
	return 1;
}

int main(int argc, char **argv, char **envp)
{
	long r;

	r = args_parse(argc, argv, opts, "Per-thread x87/SSE state checks.");
	if (r)
		return r == ARGS_HELP ? 0 : 2;
	if (!cfg.seed)
		cfg.seed = (uint64_t)sys_getpid();
	if (!strcmp(cfg.mode, "switch"))
		return mode_switch();
	if (!strcmp(cfg.mode, "init"))
		return mode_init();
	if (!strcmp(cfg.mode, "clone"))
		return mode_clone();
	if (!strcmp(cfg.mode, "sgdt"))
		return mode_sgdt();
	if (!strcmp(cfg.mode, "sse-div0"))
		sse_div0();
	else if (!strcmp(cfg.mode, "x87-div0"))
		x87_div0();
	else
		return 2;
	printf("fpucheck: survived mode=%s mxcsr=%u\n", cfg.mode,
	       state_read().mxcsr);
	return 1;
}
