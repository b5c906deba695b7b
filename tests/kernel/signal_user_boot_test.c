// SPDX-License-Identifier: MIT
/*
 * POSIX signals with a user process (user/sigtest.c): each case runs one
 * mode and compares its result line with what Linux prints for it -
 * tests/user/native_check.py runs the same program on the build host
 * against the same lines, so these are Linux's answers:
 *
 *   handler    the handler's sig, siginfo and ucontext arguments, its
 *              mask (blocked | sa_mask | sig), an ABI-aligned stack, the
 *              mask back after sigreturn
 *   siginfo    si_code SI_USER (kill), SI_TKILL (tkill, tgkill),
 *              SI_QUEUE (rt_sigqueueinfo) with its value; si_pid
 *   nested     a handler interrupted by another signal's; SA_NODEFER
 *              re-entry; SA_RESETHAND
 *   altstack   SA_ONSTACK: the handler runs inside the sigaltstack
 *   fpu        SSE/x87 registers survive a handler that clobbers them;
 *              the handler starts with the initial MXCSR
 *   forge      a forged ucontext (bad CS, non-canonical RIP, MXCSR
 *              reserved bits) or an unwritable frame: SIGSEGV for that
 *              process only - one beside it runs to its end
 *   pending    blocked signals stay pending and run when unblocked;
 *              standard ones coalesce, real-time ones queue in order
 *   suspend    rt_sigsuspend, rt_sigtimedwait (with and without a
 *              timeout)
 *   timer      alarm, setitimer and getitimer (ITIMER_REAL, periodic)
 *   eintr      nanosleep -EINTR (SA_RESTART or not, with the time
 *              left), futex wait -EINTR or restarted by SA_RESTART
 *   errno      bad arguments: Linux's errno
 *
 *   bench_signal (explicit-only) kill(self) -> handler -> rt_sigreturn
 *              round trips: µs each
 */
#include "kernel/ktest.h"
#include "lib/format.h"
#include "tests/kernel/log_capture.h"
#include "tests/kernel/user_run.h"

#define RUN_MS		20000
#define RESULT		"sigtest: result mode="

static struct user_run run, other;

/* Linux's result line of each mode (tests/user/native_check.py has the
 * same table). */
static const struct {
	const char *mode;
	const char *line;
} expected[] = {
	{ "handler", "calls=1 sig=10 signo=10 code=0 pid_ok=1 mask=0xa00 "
		     "uc_mask=0x0 aligned=1 info_after_uc=1 after=0x0" },
	{ "siginfo", "calls=4 kill=0 tkill=-6 tgkill=-6 queue=-1 "
		     "value=0x1234 pid_ok=1" },
	{ "nested", "nested=1 nodefer_depth=2 defer_depth=1 defer_calls=2 "
		    "resethand_dfl=1" },
	{ "altstack", "onstack=1 flags=1 eperm=-1 plain_onstack=0 "
		      "flags_after=0" },
	{ "fpu", "calls=1 preserved=1 handler_mxcsr=0x1f80" },
	{ "pending", "before=0 pending=0x100000200 after=4 "
		     "order=33:100,33:101,33:102,10:0" },
	{ "suspend", "suspend=-4 calls=1 sig=14 mask_back=1 timedwait=12 "
		     "code=0 empty=-11 timeout=-11" },
	{ "timer", "first=0 second=5 interval_us=10000 value_ok=1 "
		   "calls_ge3=1 code=128 old_interval_us=10000" },
	{ "eintr", "nanosleep=-4 rem_ok=1 nanosleep_sa_restart=-4 futex=-4 "
		   "futex_calls=1 futex_sa_restart=-11 "
		   "futex_restart_calls=3" },
	{ "errno", "act_kill=-22 act_stop=-22 query_kill=0 act_0=-22 "
		   "act_65=-22 act_size4=-22 mask_how=-22 mask_size=-22 "
		   "unblockable=1 pending_size=-22 suspend_size=-22 "
		   "alt_small=-12 alt_flags=-22 kill_65=-22 tkill_0=-22 "
		   "tgkill_0=-22 queue_perm=-1 itimer_which=-22 "
		   "itimer_usec=-22 timedwait_ts=-22 nanosleep_clock=-22" },
};

static const char *expected_line(const char *mode)
{
	for (size_t i = 0; i < sizeof(expected) / sizeof(expected[0]); i++)
		if (!strcmp(expected[i].mode, mode))
			return expected[i].line;
	return NULL;
}

/* Is @u's result line for @mode exactly Linux's? */
static bool result_is_linux(const struct user_run *u, const char *mode)
{
	char prefix[48];
	const char *line, *want = expected_line(mode);
	size_t n;

	snprintf(prefix, sizeof(prefix), RESULT "%s ", mode);
	line = user_line(u->out, prefix);
	if (!line || !want)
		return false;
	line += strlen(prefix);
	n = strlen(want);
	return !strncmp(line, want, n) && (line[n] == '\n' || !line[n]);
}

static void dump_on_failure(struct ktest *t, const struct user_run *u)
{
	if (ktest_failed(t))
		ktest_log(t, "%s: status %#x output:\n%s", u->path, u->status,
			  u->out);
}

static void expect_mode(struct ktest *t, const char *mode)
{
	KTEST_ASSERT_EQ(t, user_run(t, &run, RUN_MS, "/bin/sigtest", "--mode",
				    mode, NULL), 0);
	KTEST_EXPECT(t, user_exited(&run, 0));
	KTEST_EXPECT(t, result_is_linux(&run, mode));
	dump_on_failure(t, &run);
}

static void signal_handler_args(struct ktest *t)
{
	expect_mode(t, "handler");
}

static void signal_siginfo_codes(struct ktest *t)
{
	expect_mode(t, "siginfo");
}

static void signal_nested_nodefer(struct ktest *t)
{
	expect_mode(t, "nested");
}

static void signal_altstack(struct ktest *t)
{
	expect_mode(t, "altstack");
}

static void signal_fpu_preserved(struct ktest *t)
{
	expect_mode(t, "fpu");
}

static void signal_pending_unblock(struct ktest *t)
{
	expect_mode(t, "pending");
}

static void signal_suspend_timedwait(struct ktest *t)
{
	expect_mode(t, "suspend");
}

static void signal_timers(struct ktest *t)
{
	expect_mode(t, "timer");
}

static void signal_eintr_restart(struct ktest *t)
{
	expect_mode(t, "eintr");
}

static void signal_errnos(struct ktest *t)
{
	expect_mode(t, "errno");
}

/*
 * sigtest --mode forge --what @what dies of SIGSEGV with @line in the
 * log, while a process beside it (the timer mode: signals of its own)
 * runs to its end with Linux's result.
 */
static void expect_forge_sigsegv(struct ktest *t, const char *what,
				 const char *line)
{
	char needle[96];
	int r;

	KTEST_ASSERT_EQ(t, user_start(t, &other, (const char *const[]){
		"/bin/sigtest", "--mode", "timer", NULL }), 0);
	r = user_run(t, &run, RUN_MS, "/bin/sigtest", "--mode", "forge",
		     "--what", what, NULL);
	user_wait(t, &other, RUN_MS);
	KTEST_EXPECT(t, user_exited(&other, 0));
	KTEST_EXPECT(t, result_is_linux(&other, "timer"));
	dump_on_failure(t, &other);
	if (r)
		return;
	KTEST_EXPECT(t, !wait_status_is_exit(run.status));
	KTEST_EXPECT_EQ(t, wait_status_sig(run.status), SIGSEGV);
	KTEST_EXPECT_NULL(t, user_line(run.out, RESULT "forge survived"));
	snprintf(needle, sizeof(needle), "sigtest[%d]: %s", run.pid, line);
	KTEST_EXPECT(t, log_capture_contains(needle));
	dump_on_failure(t, &run);
}

static void signal_forged_cs(struct ktest *t)
{
	expect_forge_sigsegv(t, "cs", "bad frame in rt_sigreturn");
}

static void signal_forged_fpu(struct ktest *t)
{
	expect_forge_sigsegv(t, "fpu", "bad frame in rt_sigreturn");
}

/* The restore takes the RIP; the way back to user mode refuses it. */
static void signal_forged_rip(struct ktest *t)
{
	expect_forge_sigsegv(t, "rip", "bad return ip 8000000000000000");
}

static void signal_frame_fault(struct ktest *t)
{
	expect_forge_sigsegv(t, "stack", "cannot set up the frame of signal");
}

#define BENCH_ROUNDS	"20000"

static void bench_signal_round_trip(struct ktest *t)
{
	u64 ns = 0;

	KTEST_ASSERT_EQ(t, user_run(t, &run, RUN_MS * 3, "/bin/sigtest",
				    "--mode", "bench", "--rounds", BENCH_ROUNDS,
				    NULL), 0);
	KTEST_EXPECT(t, user_exited(&run, 0));
	KTEST_ASSERT(t, user_field(run.out, RESULT "bench", "ns_per_round=",
				   &ns));
	dump_on_failure(t, &run);
	ktest_log(t, "bench %s: %llu.%03llu %s", "signal_round_trip",
		  (unsigned long long)(ns / 1000),
		  (unsigned long long)(ns % 1000), "us per round trip");
}

KTEST_SUITE(bench_signal, KTEST_CASE(bench_signal_round_trip));

KTEST_SUITE(signal_user,
	    KTEST_CASE(signal_handler_args),
	    KTEST_CASE(signal_siginfo_codes),
	    KTEST_CASE(signal_nested_nodefer),
	    KTEST_CASE(signal_altstack),
	    KTEST_CASE(signal_fpu_preserved),
	    KTEST_CASE(signal_forged_cs),
	    KTEST_CASE(signal_forged_fpu),
	    KTEST_CASE(signal_forged_rip),
	    KTEST_CASE(signal_frame_fault),
	    KTEST_CASE(signal_pending_unblock),
	    KTEST_CASE(signal_suspend_timedwait),
	    KTEST_CASE(signal_timers),
	    KTEST_CASE(signal_eintr_restart),
	    KTEST_CASE(signal_errnos));
