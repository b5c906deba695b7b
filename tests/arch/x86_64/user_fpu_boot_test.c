// SPDX-License-Identifier: MIT
/*
 * Per-task x87/MMX/SSE state, with user processes (user/fpucheck.c):
 *
 *   switches      two processes of 4 threads each load states of their
 *                 own (FCW, MXCSR, xmm0/7/15, mm0) and yield 2,000 times
 *                 each: 8 threads on at most a few CPUs share them all
 *                 the time, and every state survives
 *   exec          a fresh program sees Linux's initial state: FCW 0x37f,
 *                 MXCSR 0x1f80, FSW 0, registers zero
 *   clone         a new thread starts with its parent's state
 *   #XM, #MF      an unmasked SSE / x87 divide by zero kills only that
 *                 process, with SIGFPE and Linux's trap line; a process
 *                 checking its own state meanwhile is untouched. The #XM
 *                 case skips on a CPU that only flags the exception in
 *                 MXCSR (QEMU 7.2's TCG never raises #XM)
 *   si_code       the SIGFPE's code from a saved image, as Linux's
 *                 fpu__exception_code() decides it
 *   xsave         the kernel switches with XSAVE (and AVX) wherever
 *                 CPUID has them; skipped on CPUs without XSAVE (QEMU's
 *                 default CPU), where FXSAVE does the switching
 *   umip          UMIP is on wherever CPUID has it, and sgdt from ring 3
 *                 is then a #GP (SIGSEGV); skipped without UMIP
 *
 * The -cpu max row of the test plan (ktest.filter=u*) runs the XSAVE and
 * UMIP cases; the default CPU skips them.
 *
 *   bench_fpu     (explicit-only) two user threads yielding to each
 *                 other: the cost of a switch between user tasks, whose
 *                 x87/SSE state is saved and restored each time (boot
 *                 with one CPU, so that every yield switches)
 */
#include <arch/cpu.h>
#include <arch/fpu.h>
#include <arch/traps.h>
#include <arch/usermode.h>
#include "kernel/ktest.h"
#include "lib/format.h"
#include "tests/kernel/log_capture.h"
#include "tests/kernel/user_run.h"

#define RUN_MS		20000
#define CPUID1_ECX_XSAVE	(1U << 26)
#define CPUID7_ECX_UMIP		(1U << 2)
#define MXCSR_ZE		0x0004	/* divide-by-zero flagged */

static struct user_run run, other;

static void dump_on_failure(struct ktest *t, const struct user_run *u)
{
	if (ktest_failed(t))
		ktest_log(t, "%s: status %#x output:\n%s", u->path, u->status,
			  u->out);
}

/* A switch run ended well: exit 0 and no state ever seen wrong. */
static void expect_switch_ok(struct ktest *t, const struct user_run *u)
{
	u64 bad = ~0ULL;

	KTEST_EXPECT(t, user_exited(u, 0));
	KTEST_EXPECT(t, user_field(u->out, "fpucheck: result", "mismatches=",
				   &bad));
	KTEST_EXPECT_EQ(t, bad, 0);
	dump_on_failure(t, u);
}

static int start_switcher(struct ktest *t, struct user_run *u,
			  const char *seed)
{
	return user_start(t, u, (const char *const[]){
		"/bin/fpucheck", "--mode", "switch", "--threads", "4",
		"--rounds", "2000", "--seed", seed, NULL });
}

/* Two processes, eight threads, every state its own after each yield. */
static void fpu_state_survives_switches(struct ktest *t)
{
	KTEST_ASSERT_EQ(t, start_switcher(t, &run, "1"), 0);
	if (start_switcher(t, &other, "2")) {
		user_wait(t, &run, RUN_MS);
		return;
	}
	user_wait(t, &run, RUN_MS);
	user_wait(t, &other, RUN_MS);
	expect_switch_ok(t, &run);
	expect_switch_ok(t, &other);
}

static void fpu_exec_initial_state(struct ktest *t)
{
	u64 v = ~0ULL;

	KTEST_ASSERT_EQ(t, user_run(t, &run, RUN_MS, "/bin/fpucheck", "--mode",
				    "init", NULL), 0);
	KTEST_EXPECT(t, user_exited(&run, 0));
	KTEST_EXPECT(t, user_field(run.out, "fpucheck: result", "fcw=", &v));
	KTEST_EXPECT_EQ(t, v, FPU_FCW_DEFAULT);
	KTEST_EXPECT(t, user_field(run.out, "fpucheck: result", "mxcsr=", &v));
	KTEST_EXPECT_EQ(t, v, FPU_MXCSR_DEFAULT);
	KTEST_EXPECT(t, user_field(run.out, "fpucheck: result", "fsw=", &v));
	KTEST_EXPECT_EQ(t, v, 0);
	KTEST_EXPECT(t, user_field(run.out, "fpucheck: result",
				   "regs_nonzero=", &v));
	KTEST_EXPECT_EQ(t, v, 0);
	dump_on_failure(t, &run);
}

static void fpu_clone_copies_state(struct ktest *t)
{
	u64 v = 0;

	KTEST_ASSERT_EQ(t, user_run(t, &run, RUN_MS, "/bin/fpucheck", "--mode",
				    "clone", "--seed", "7", NULL), 0);
	KTEST_EXPECT(t, user_exited(&run, 0));
	KTEST_EXPECT(t, user_field(run.out, "fpucheck: result", "match=", &v));
	KTEST_EXPECT_EQ(t, v, 1);
	dump_on_failure(t, &run);
}

/* Did the CPU only flag the SSE exception, never raising #XM? */
static bool xm_not_raised(const struct user_run *u)
{
	u64 mxcsr = 0;

	return user_field(u->out, "fpucheck: survived mode=sse-div0",
			  "mxcsr=", &mxcsr) && (mxcsr & MXCSR_ZE);
}

/*
 * fpucheck --mode @mode dies of SIGFPE with "fpucheck[pid]: trap <what>
 * ip:" in the log, while a switch run beside it ends well.
 */
static void expect_sigfpe(struct ktest *t, const char *mode,
			  const char *what)
{
	char needle[96];
	int r;

	KTEST_ASSERT_EQ(t, start_switcher(t, &other, "3"), 0);
	r = user_run(t, &run, RUN_MS, "/bin/fpucheck", "--mode", mode, NULL);
	user_wait(t, &other, RUN_MS);
	expect_switch_ok(t, &other);
	if (r)
		return;
	if (xm_not_raised(&run))
		KTEST_SKIP(t, "the CPU flags SSE exceptions without #XM");
	KTEST_EXPECT(t, !wait_status_is_exit(run.status));
	KTEST_EXPECT_EQ(t, wait_status_sig(run.status), SIGFPE);
	KTEST_EXPECT_NULL(t, user_line(run.out, "fpucheck: survived"));
	snprintf(needle, sizeof(needle), "fpucheck[%d]: trap %s ip:", run.pid,
		 what);
	KTEST_EXPECT(t, log_capture_contains(needle));
	dump_on_failure(t, &run);
}

static void fpu_sse_div0_sigfpe(struct ktest *t)
{
	expect_sigfpe(t, "sse-div0", arch_trap_name(X86_TRAP_XF));
}

/* CR0.NE: a pending unmasked x87 exception raises #MF at the FWAIT. */
static void fpu_x87_div0_sigfpe(struct ktest *t)
{
	expect_sigfpe(t, "x87-div0", arch_trap_name(X86_TRAP_MF));
}

static struct {
	struct arch_fpu fpu;
	u8 rest[PAGE_SIZE - sizeof(struct arch_fpu)];
} img __aligned(64);

static int code_x87(u16 fcw, u16 fsw)
{
	img.fpu.image.fx.fcw = fcw;
	img.fpu.image.fx.fsw = fsw;
	return arch_fpu_exception_code(&img.fpu, X86_TRAP_MF);
}

static int code_sse(u32 mxcsr)
{
	img.fpu.image.fx.mxcsr = mxcsr;
	return arch_fpu_exception_code(&img.fpu, X86_TRAP_XF);
}

/*
 * Flags & ~masks, by priority: invalid > zero-divide > overflow >
 * underflow/denormal > precision; nothing unmasked flagged: 0.
 */
static void fpu_exception_code(struct ktest *t)
{
	KTEST_EXPECT_EQ(t, code_x87(0x37b, 0x0084), FPE_FLTDIV);
	KTEST_EXPECT_EQ(t, code_x87(0x37f, 0x0084), 0);	/* masked */
	KTEST_EXPECT_EQ(t, code_x87(0x370, 0x00a5), FPE_FLTINV);
	KTEST_EXPECT_EQ(t, code_x87(0x377, 0x0028), FPE_FLTOVF);
	KTEST_EXPECT_EQ(t, code_x87(0x37d, 0x0002), FPE_FLTUND);
	KTEST_EXPECT_EQ(t, code_x87(0x36f, 0x0030), FPE_FLTUND);
	KTEST_EXPECT_EQ(t, code_x87(0x35f, 0x0020), FPE_FLTRES);
	KTEST_EXPECT_EQ(t, code_sse(0x1d84), FPE_FLTDIV);
	KTEST_EXPECT_EQ(t, code_sse(0x1f84), 0);		/* masked */
	KTEST_EXPECT_EQ(t, code_sse(0x1f81), 0);		/* masked */
	KTEST_EXPECT_EQ(t, code_sse(0x1f05), FPE_FLTINV);
	KTEST_EXPECT_EQ(t, code_sse(0x1b88), FPE_FLTOVF);
}

/* XSAVE (with AVX when the CPU has it) whenever CPUID offers XSAVE. */
static void fpu_xsave_in_use(struct ktest *t)
{
	struct cpuid_regs x;
	u64 want;

	if (!(arch_cpuid(1, 0).ecx & CPUID1_ECX_XSAVE))
		KTEST_SKIP(t, "CPU without XSAVE: FXSAVE switches the state");
	x = arch_cpuid(0xd, 0);
	want = (x.eax | (u64)x.edx << 32) &
	       (XFEATURE_MASK_X87 | XFEATURE_MASK_SSE | XFEATURE_MASK_AVX);
	KTEST_EXPECT(t, arch_fpu_has_xsave());
	KTEST_EXPECT_EQ_U(t, arch_fpu_features(), want);
	KTEST_EXPECT_EQ_U(t, arch_fpu_size(),
			  offsetof(struct arch_fpu, image) + x.ebx);
	ktest_log(t, "xsave features %#llx, image %u bytes",
		  (unsigned long long)arch_fpu_features(), x.ebx);
}

/* UMIP: ring 3 cannot read where the GDT is. */
static void fpu_umip(struct ktest *t)
{
	char needle[96];

	if (!(arch_cpuid(7, 0).ecx & CPUID7_ECX_UMIP))
		KTEST_SKIP(t, "CPU without UMIP");
	KTEST_ASSERT(t, arch_has_umip());
	KTEST_ASSERT_EQ(t, user_run(t, &run, RUN_MS, "/bin/fpucheck", "--mode",
				    "sgdt", NULL), 0);
	KTEST_EXPECT(t, !wait_status_is_exit(run.status));
	KTEST_EXPECT_EQ(t, wait_status_sig(run.status), SIGSEGV);
	KTEST_EXPECT_NULL(t, user_line(run.out, "fpucheck: survived"));
	snprintf(needle, sizeof(needle), "fpucheck[%d]: trap %s ip:", run.pid,
		 arch_trap_name(X86_TRAP_GP));
	KTEST_EXPECT(t, log_capture_contains(needle));
	dump_on_failure(t, &run);
}

#define BENCH_ROUNDS	"20000"

static void bench_user_switch(struct ktest *t)
{
	u64 rounds = 0;

	KTEST_ASSERT_EQ(t, user_run(t, &run, RUN_MS * 3, "/bin/fpucheck",
				    "--mode", "switch", "--threads", "2",
				    "--rounds", BENCH_ROUNDS, NULL), 0);
	expect_switch_ok(t, &run);
	KTEST_ASSERT(t, user_field(run.out, "fpucheck: result", "rounds=",
				   &rounds) && rounds);
	ktest_log(t, "bench %s: %llu %s", "user_switch",
		  (unsigned long long)(run.elapsed_ns / (2 * rounds)),
		  "ns per yield");
}

KTEST_SUITE(bench_fpu, KTEST_CASE(bench_user_switch));

/*
 * The suite runs after the gdt and traps suites (it sorts after them):
 * its processes may leave the test runner on another CPU, and those
 * expect CPU 0.
 */
KTEST_SUITE(user_fpu,
	    KTEST_CASE(fpu_state_survives_switches),
	    KTEST_CASE(fpu_exec_initial_state),
	    KTEST_CASE(fpu_clone_copies_state),
	    KTEST_CASE(fpu_sse_div0_sigfpe),
	    KTEST_CASE(fpu_x87_div0_sigfpe),
	    KTEST_CASE(fpu_exception_code),
	    KTEST_CASE(fpu_xsave_in_use),
	    KTEST_CASE(fpu_umip));
