// SPDX-License-Identifier: MIT
/*
 * sigtest: POSIX signals as Linux delivers them. FOR OOMLAB TESTS; each
 * mode checks one part and prints "sigtest: result mode=M key=value..."
 * (exit 0); tests/kernel/signal_user_boot_test.c and
 * tests/user/native_check.py compare the values, so oomlab and Linux
 * must print the same.
 *
 *   --mode handler    SIGUSR1 to itself by kill: the handler's arguments
 *                     (sig, siginfo, ucontext), its mask (blocked |
 *                     sa_mask | sig), the stack alignment of a call, the
 *                     mask back after sigreturn
 *   --mode siginfo    si_code/si_pid of kill (SI_USER), tkill and tgkill
 *                     (SI_TKILL), rt_sigqueueinfo (SI_QUEUE, si_value)
 *   --mode nested     a handler whose signal's handler runs inside it;
 *                     SA_NODEFER lets a handler interrupt itself, without
 *                     it the second one waits; SA_RESETHAND
 *   --mode altstack   SA_ONSTACK runs on the sigaltstack: the handler's
 *                     locals are inside it, sigaltstack says SS_ONSTACK
 *                     and refuses a change (EPERM) there
 *   --mode fpu        SSE and x87 registers survive a handler that
 *                     clobbers them; the handler starts with MXCSR 0x1f80
 *   --mode forge --what cs|rip|fpu|stack
 *                     a handler forges its ucontext (code selector,
 *                     non-canonical RIP, MXCSR reserved bits): the
 *                     sigreturn must kill it with SIGSEGV; stack: the
 *                     frame cannot be written (an unmapped altstack),
 *                     SIGSEGV before any handler runs. No result line
 *                     then; "sigtest: result mode=forge survived" if not
 *   --mode pending    a blocked signal stays pending (rt_sigpending) and
 *                     runs when unblocked; standard signals coalesce,
 *                     real-time ones queue in order
 *   --mode suspend    rt_sigsuspend and rt_sigtimedwait
 *   --mode timer      alarm, setitimer/getitimer (ITIMER_REAL, periodic)
 *   --mode eintr      nanosleep and futex wait interrupted by a handler:
 *                     -EINTR, or the futex wait restarted by SA_RESTART
 *   --mode errno      bad arguments get Linux's errno
 *   --mode bench --rounds N
 *                     N round trips kill -> handler -> sigreturn; prints
 *                     ns per round trip
 *
 * Built with -mgeneral-regs-only: the FPU asm owns its registers.
 */
#include "rt/args.h"
#include "rt/printf.h"
#include "rt/signal.h"
#include "rt/string.h"
#include "rt/sys.h"

#define FUTEX_WAKEUP_TICK	3	/* eintr: the tick that ends the wait */

static struct {
	const char *mode;
	const char *what;
	uint64_t rounds;
} cfg = { .mode = "handler", .what = "cs", .rounds = 10000 };

static const struct arg_opt opts[] = {
	{ "mode", ARG_STR, &cfg.mode, "see the top of sigtest.c" },
	{ "what", ARG_STR, &cfg.what, "forge: cs, rip, fpu or stack" },
	{ "rounds", ARG_U64, &cfg.rounds, "bench: round trips" },
	{ NULL },
};

/* What the handlers saw. */
static volatile struct {
	int calls, sig, signo, code, pid, depth, max_depth;
	uint64_t value, mask, uc_mask, stack_ok, arg_ok, onstack;
	long altstack_ret;
	int alt_flags;
	uint32_t mxcsr;
	int order[8];
	uint64_t values[8];
	int norder;
} seen;

static ksigset_t cur_mask(void)
{
	ksigset_t m = 0;

	sys_rt_sigprocmask(SIG_BLOCK, 0, &m, sizeof(m));
	return m;
}

static void record(int sig, ksiginfo_t *si, void *ucv)
{
	struct kucontext *uc = ucv;

	seen.calls++;
	seen.sig = sig;
	seen.signo = si->si_signo;
	seen.code = si->si_code;
	seen.pid = si->kill.pid;
	seen.value = si->kill.value;
	seen.mask = cur_mask();
	seen.uc_mask = uc->uc_sigmask;
	seen.arg_ok = (uintptr_t)si > (uintptr_t)uc;	/* info after uc */
	if (seen.norder < 8) {
		seen.values[seen.norder] = si->kill.value;
		seen.order[seen.norder++] = sig;
	}
}

static void on_sig(int sig, ksiginfo_t *si, void *uc)
{
	record(sig, si, uc);
	/* Its frame pointer is 16-byte aligned if the handler was entered
	 * with RSP = 16n - 8, as after a call. */
	seen.stack_ok = ((uintptr_t)__builtin_frame_address(0) & 15) == 0;
}

static void result(const char *fmt, ...) __printf(1, 2);
static void result(const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	printf("sigtest: result mode=%s %s\n", cfg.mode, buf);
}

static int mode_handler(void)
{
	int pid = (int)sys_getpid();

	sig_handle(SIGUSR1, on_sig, 0, SIGBIT(SIGUSR2));
	sys_kill(pid, SIGUSR1);
	result("calls=%d sig=%d signo=%d code=%d pid_ok=%d mask=0x%llx "
	       "uc_mask=0x%llx aligned=%d info_after_uc=%d after=0x%llx",
	       seen.calls, seen.sig, seen.signo, seen.code, seen.pid == pid,
	       (unsigned long long)seen.mask,
	       (unsigned long long)seen.uc_mask, (int)seen.stack_ok,
	       (int)seen.arg_ok, (unsigned long long)cur_mask());
	return 0;
}

static int mode_siginfo(void)
{
	int pid = (int)sys_getpid(), tid = (int)sys_gettid();
	ksiginfo_t qi = { .si_code = SI_QUEUE, .kill.pid = pid,
			  .kill.value = 0x1234 };
	int kill_code, tkill_code, tgkill_code, q_code;
	uint64_t q_value;

	sig_handle(SIGUSR1, on_sig, 0, 0);
	sys_kill(pid, SIGUSR1);
	kill_code = seen.code;
	sys_tkill(tid, SIGUSR1);
	tkill_code = seen.code;
	sys_tgkill(pid, tid, SIGUSR1);
	tgkill_code = seen.code;
	sys_rt_sigqueueinfo(pid, SIGUSR1, &qi);
	q_code = seen.code;
	q_value = seen.value;
	result("calls=%d kill=%d tkill=%d tgkill=%d queue=%d value=0x%llx "
	       "pid_ok=%d", seen.calls, kill_code, tkill_code, tgkill_code,
	       q_code, (unsigned long long)q_value, seen.pid == pid);
	return 0;
}

static void on_outer(int sig, ksiginfo_t *si, void *uc)
{
	record(sig, si, uc);
	sys_kill((int)sys_getpid(), SIGUSR2);	/* runs inside this one */
	seen.order[seen.norder++] = -sig;
}

static void on_reenter(int sig, ksiginfo_t *si, void *uc)
{
	seen.depth++;
	if (seen.depth > seen.max_depth)
		seen.max_depth = seen.depth;
	record(sig, si, uc);
	if (seen.calls < 2)
		sys_kill((int)sys_getpid(), sig);
	seen.depth--;
}

static int mode_nested(void)
{
	int pid = (int)sys_getpid(), nested_ok, nodefer_depth, defer_depth;
	int defer_calls;
	struct ksigaction after;

	sig_handle(SIGUSR1, on_outer, 0, 0);
	sig_handle(SIGUSR2, on_sig, 0, 0);
	sys_kill(pid, SIGUSR1);
	/* USR1 in, USR2 inside it, then USR1's end. */
	nested_ok = seen.norder == 3 && seen.order[0] == SIGUSR1 &&
		    seen.order[1] == SIGUSR2 && seen.order[2] == -SIGUSR1;

	memset((void *)&seen, 0, sizeof(seen));
	sig_handle(SIGUSR1, on_reenter, SA_NODEFER, 0);
	sys_kill(pid, SIGUSR1);
	nodefer_depth = seen.max_depth;

	memset((void *)&seen, 0, sizeof(seen));
	sig_handle(SIGUSR1, on_reenter, 0, 0);
	sys_kill(pid, SIGUSR1);
	defer_depth = seen.max_depth;
	defer_calls = seen.calls;

	sig_handle(SIGUSR2, on_sig, SA_RESETHAND, 0);
	sys_kill(pid, SIGUSR2);
	sys_rt_sigaction(SIGUSR2, 0, &after, sizeof(ksigset_t));
	result("nested=%d nodefer_depth=%d defer_depth=%d defer_calls=%d "
	       "resethand_dfl=%d", nested_ok, nodefer_depth, defer_depth,
	       defer_calls, after.handler == SIG_DFL);
	return 0;
}

static char altstack[16384] __attribute__((aligned(16)));

static void on_alt(int sig, ksiginfo_t *si, void *uc)
{
	char local;
	kstack_t now = { 0 }, move = { .ss_sp = altstack,
				       .ss_size = sizeof(altstack) };

	record(sig, si, uc);
	seen.onstack = &local > altstack && &local < altstack +
						     sizeof(altstack);
	sys_sigaltstack(0, &now);
	seen.alt_flags = now.ss_flags;
	seen.altstack_ret = sys_sigaltstack(&move, 0);
}

static int mode_altstack(void)
{
	kstack_t ss = { .ss_sp = altstack, .ss_size = sizeof(altstack) };
	kstack_t old = { 0 };
	int on, flags, uc_flags_off;
	long eperm;

	sys_sigaltstack(&ss, 0);
	sig_handle(SIGUSR1, on_alt, SA_ONSTACK, 0);
	sys_kill((int)sys_getpid(), SIGUSR1);
	on = (int)seen.onstack;
	flags = seen.alt_flags;
	eperm = seen.altstack_ret;
	sig_handle(SIGUSR1, on_alt, 0, 0);	/* no SA_ONSTACK */
	sys_kill((int)sys_getpid(), SIGUSR1);
	sys_sigaltstack(0, &old);
	uc_flags_off = old.ss_flags;
	result("onstack=%d flags=%d eperm=%ld plain_onstack=%d "
	       "flags_after=%d", on, flags, eperm, (int)seen.onstack,
	       uc_flags_off);
	return 0;
}

/* Load xmm0/xmm15 and the control words; read them back. */
static void fpu_load(uint64_t x0, uint64_t x15, uint32_t mxcsr, uint16_t fcw)
{
	__asm__ volatile("movq %0, %%xmm0\n\t"
			 "movq %1, %%xmm15\n\t"
			 "ldmxcsr %2\n\t"
			 "fldcw %3"
			 : : "r"(x0), "r"(x15), "m"(mxcsr), "m"(fcw));
}

static void fpu_read(uint64_t *x0, uint64_t *x15, uint32_t *mxcsr,
		     uint16_t *fcw)
{
	__asm__ volatile("movq %%xmm0, %0\n\t"
			 "movq %%xmm15, %1\n\t"
			 "stmxcsr %2\n\t"
			 "fnstcw %3"
			 : "=r"(*x0), "=r"(*x15), "=m"(*mxcsr), "=m"(*fcw));
}

static void on_fpu(int sig, ksiginfo_t *si, void *uc)
{
	uint64_t a, b;
	uint16_t fcw;
	uint32_t mxcsr;

	record(sig, si, uc);
	fpu_read(&a, &b, &mxcsr, &fcw);
	seen.mxcsr = mxcsr;
	fpu_load(0xdeadbeefULL, 0xfeedfaceULL, 0x1f80 | 0x6000, 0x27f);
}

static int mode_fpu(void)
{
	const uint64_t x0 = 0x0123456789abcdefULL, x15 = 0x0fedcba987654321ULL;
	const uint32_t mxcsr = 0x1f80 | 0x2000;	/* round down */
	const uint16_t fcw = 0x37f & ~0x300;	/* single precision */
	uint64_t a, b;
	uint16_t f;
	uint32_t m;

	sig_handle(SIGUSR1, on_fpu, 0, 0);
	fpu_load(x0, x15, mxcsr, fcw);
	sys_kill((int)sys_getpid(), SIGUSR1);
	fpu_read(&a, &b, &m, &f);
	result("calls=%d preserved=%d handler_mxcsr=0x%x", seen.calls,
	       a == x0 && b == x15 && m == mxcsr && f == fcw,
	       (unsigned int)seen.mxcsr);
	return 0;
}

static void on_forge(int sig, ksiginfo_t *si, void *ucv)
{
	struct kucontext *uc = ucv;
	struct kfpstate *fp = (struct kfpstate *)uc->uc_mcontext.fpstate;

	record(sig, si, ucv);
	if (!strcmp(cfg.what, "cs"))
		uc->uc_mcontext.cs = 0;
	else if (!strcmp(cfg.what, "rip"))
		uc->uc_mcontext.rip = 0x8000000000000000ULL;
	else if (!strcmp(cfg.what, "fpu"))
		fp->mxcsr = 0xffffffff;
}

/* what=stack: the frame cannot be written (an altstack nothing maps). */
static void unmapped_altstack(void)
{
	long addr = sys_mmap(0, 4 * PAGE_SIZE, PROT_READ | PROT_WRITE,
			     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	kstack_t ss = { .ss_sp = (void *)addr, .ss_size = 4 * PAGE_SIZE };

	sys_munmap((void *)addr, 4 * PAGE_SIZE);
	sys_sigaltstack(&ss, 0);
}

static int mode_forge(void)
{
	bool stack = !strcmp(cfg.what, "stack");

	if (stack)
		unmapped_altstack();
	sig_handle(SIGUSR1, on_forge, stack ? SA_ONSTACK : 0, 0);
	sys_kill((int)sys_getpid(), SIGUSR1);
	result("survived what=%s", cfg.what);
	return 1;
}

/* "sig:value,..." of the handler runs so far, in the order they ran. */
static const char *run_order(char *buf, size_t size)
{
	size_t n = 0;

	buf[0] = 0;
	for (int i = 0; i < seen.norder && n < size; i++)
		n += (size_t)snprintf(buf + n, size - n, "%s%d:%llu",
				      i ? "," : "", seen.order[i],
				      (unsigned long long)seen.values[i]);
	return buf;
}

/*
 * Unblocking delivers every pending one before sigprocmask returns: the
 * lowest first, each frame nesting on the last while the handler's mask
 * lets the next in (Linux's exit-to-user loop), so the last set up runs
 * first.
 */
static int mode_pending(void)
{
	int pid = (int)sys_getpid(), before;
	ksigset_t pend = 0;
	ksiginfo_t qi = { .si_code = SI_QUEUE, .kill.pid = pid };
	char order[128];

	sig_handle(SIGUSR1, on_sig, 0, 0);
	sig_handle(SIGRTMIN + 1, on_sig, 0, 0);
	sig_mask(SIG_BLOCK, SIGBIT(SIGUSR1) | SIGBIT(SIGRTMIN + 1));
	sys_kill(pid, SIGUSR1);
	sys_kill(pid, SIGUSR1);		/* coalesces */
	for (int i = 0; i < 3; i++) {
		qi.kill.value = 100 + i;
		sys_rt_sigqueueinfo(pid, SIGRTMIN + 1, &qi);
	}
	before = seen.calls;
	sys_rt_sigpending(&pend, sizeof(pend));
	sig_mask(SIG_UNBLOCK, SIGBIT(SIGUSR1) | SIGBIT(SIGRTMIN + 1));
	result("before=%d pending=0x%llx after=%d order=%s", before,
	       (unsigned long long)pend, seen.calls,
	       run_order(order, sizeof(order)));
	return 0;
}

static int mode_suspend(void)
{
	struct kitimerval it = { .it_value.tv_usec = 20000 };
	ksigset_t none = 0, usr2 = SIGBIT(SIGUSR2), alrm_only;
	struct timespec zero = { 0 }, short_wait = { .tv_nsec = 20000000 };
	ksiginfo_t info = { 0 };
	long sus, tw, tw_empty, tw_timeout;

	sig_handle(SIGALRM, on_sig, 0, 0);
	sig_mask(SIG_BLOCK, SIGBIT(SIGALRM));
	sys_setitimer(ITIMER_REAL, &it, 0);
	sus = sys_rt_sigsuspend(&none, sizeof(none));
	alrm_only = cur_mask();

	sig_mask(SIG_BLOCK, usr2);
	sys_kill((int)sys_getpid(), SIGUSR2);
	tw = sys_rt_sigtimedwait(&usr2, &info, &zero, sizeof(usr2));
	tw_empty = sys_rt_sigtimedwait(&usr2, 0, &zero, sizeof(usr2));
	tw_timeout = sys_rt_sigtimedwait(&usr2, 0, &short_wait, sizeof(usr2));
	result("suspend=%ld calls=%d sig=%d mask_back=%d timedwait=%d "
	       "code=%d empty=%ld timeout=%ld", sus, seen.calls, seen.sig,
	       alrm_only == SIGBIT(SIGALRM), (int)tw, info.si_code,
	       tw_empty, tw_timeout);
	return 0;
}

static int mode_timer(void)
{
	struct kitimerval it = { .it_interval.tv_usec = 10000,
				 .it_value.tv_usec = 10000 };
	struct kitimerval cur = { 0 }, off = { 0 };
	long first, second;

	sig_handle(SIGALRM, on_sig, 0, 0);
	first = sys_alarm(5);
	second = sys_alarm(0);		/* 5 s left, rounded */
	sys_setitimer(ITIMER_REAL, &it, 0);
	sys_getitimer(ITIMER_REAL, &cur);
	while (seen.calls < 3)
		sys_pause();
	sys_setitimer(ITIMER_REAL, &off, &it);
	/* A loaded machine may fit one more period before the disarm. */
	result("first=%ld second=%ld interval_us=%lld value_ok=%d "
	       "calls_ge3=%d code=%d old_interval_us=%lld", first, second,
	       (long long)cur.it_interval.tv_usec,
	       cur.it_value.tv_usec > 0 && cur.it_value.tv_usec <= 10000,
	       seen.calls >= 3, seen.code,
	       (long long)it.it_interval.tv_usec);
	return 0;
}

static volatile int futex_word;

static void on_tick(int sig, ksiginfo_t *si, void *uc)
{
	record(sig, si, uc);
	if (seen.calls == FUTEX_WAKEUP_TICK)
		futex_word = 1;
}

/* futex_wait on a word that a later tick's handler changes; @calls gets
 * the handler runs when it returned (50 ms ticks: a loaded machine does
 * not fit another before the count is read). */
static long futex_interrupted(unsigned long flags, int *calls)
{
	struct kitimerval it = { .it_interval.tv_usec = 50000,
				 .it_value.tv_usec = 50000 };
	struct kitimerval off = { 0 };
	long r;

	memset((void *)&seen, 0, sizeof(seen));
	futex_word = 0;
	sig_handle(SIGALRM, on_tick, flags, 0);
	sys_setitimer(ITIMER_REAL, &it, 0);
	r = sys_futex((int *)&futex_word, FUTEX_WAIT, 0, 0, 0, 0);
	*calls = seen.calls;
	sys_setitimer(ITIMER_REAL, &off, 0);
	return r;
}

static int mode_eintr(void)
{
	struct kitimerval it = { .it_value.tv_usec = 20000 };
	struct timespec req = { .tv_sec = 5 }, rem = { 0 };
	long sleep_r, sleep_restart_r, fx, fx_restart;
	int rem_ok, fx_calls, fx_restart_calls;

	sig_handle(SIGALRM, on_sig, 0, 0);
	sys_setitimer(ITIMER_REAL, &it, 0);
	sleep_r = sys_nanosleep(&req, &rem);
	rem_ok = rem.tv_sec >= 3 && rem.tv_sec < 5;
	sig_handle(SIGALRM, on_sig, SA_RESTART, 0);
	sys_setitimer(ITIMER_REAL, &it, 0);
	sleep_restart_r = sys_nanosleep(&req, 0);
	fx = futex_interrupted(0, &fx_calls);
	fx_restart = futex_interrupted(SA_RESTART, &fx_restart_calls);
	result("nanosleep=%ld rem_ok=%d nanosleep_sa_restart=%ld futex=%ld "
	       "futex_calls=%d futex_sa_restart=%ld futex_restart_calls=%d",
	       sleep_r, rem_ok, sleep_restart_r, fx, fx_calls, fx_restart,
	       fx_restart_calls);
	return 0;
}

static int mode_errno(void)
{
	struct ksigaction sa = { .handler = SIG_IGN }, old;
	kstack_t small = { .ss_sp = altstack, .ss_size = 100 };
	kstack_t badflags = { .ss_sp = altstack, .ss_size = 8192,
			      .ss_flags = 8 };
	struct kitimerval it = { .it_value.tv_usec = 1000000 };
	struct timespec badts = { .tv_nsec = 1000000000 };
	ksiginfo_t qi = { .si_code = SI_USER };
	ksigset_t set = SIGBIT(SIGTERM) | SIGBIT(9) | SIGBIT(SIGSTOP), got;
	int pid = (int)sys_getpid();

	sig_mask(SIG_SETMASK, set);
	got = cur_mask();
	sig_mask(SIG_SETMASK, 0);
	result("act_kill=%ld act_stop=%ld query_kill=%ld act_0=%ld act_65=%ld "
	       "act_size4=%ld mask_how=%ld mask_size=%ld unblockable=%d "
	       "pending_size=%ld suspend_size=%ld alt_small=%ld "
	       "alt_flags=%ld kill_65=%ld tkill_0=%ld tgkill_0=%ld "
	       "queue_perm=%ld itimer_which=%ld itimer_usec=%ld "
	       "timedwait_ts=%ld nanosleep_clock=%ld",
	       sys_rt_sigaction(9, &sa, 0, 8),
	       sys_rt_sigaction(SIGSTOP, &sa, 0, 8),
	       sys_rt_sigaction(9, 0, &old, 8),
	       sys_rt_sigaction(0, 0, &old, 8),
	       sys_rt_sigaction(65, 0, &old, 8),
	       sys_rt_sigaction(SIGUSR1, 0, &old, 4),
	       sys_rt_sigprocmask(7, &set, 0, 8),
	       sys_rt_sigprocmask(SIG_BLOCK, &set, 0, 16),
	       got == SIGBIT(SIGTERM),
	       sys_rt_sigpending(&got, 16),
	       sys_rt_sigsuspend(&set, 4),
	       sys_sigaltstack(&small, 0),
	       sys_sigaltstack(&badflags, 0),
	       sys_kill(pid, 65), sys_tkill(0, SIGUSR1),
	       sys_tgkill(0, pid, SIGUSR1),
	       sys_rt_sigqueueinfo(pid + 1, SIGUSR1, &qi),
	       sys_setitimer(5, &it, 0), sys_setitimer(ITIMER_REAL, &it, 0),
	       sys_rt_sigtimedwait(&set, 0, &badts, 8),
	       sys_clock_nanosleep(99, 0, &badts, 0));
	return 0;
}

static void on_bench(int sig, ksiginfo_t *si, void *uc)
{
	seen.calls++;
}

static int mode_bench(void)
{
	int pid = (int)sys_getpid();
	struct timespec a, b;
	uint64_t ns;

	sig_handle(SIGUSR1, on_bench, 0, 0);
	sys_clock_gettime(CLOCK_MONOTONIC, &a);
	for (uint64_t i = 0; i < cfg.rounds; i++)
		sys_kill(pid, SIGUSR1);
	sys_clock_gettime(CLOCK_MONOTONIC, &b);
	ns = (uint64_t)(b.tv_sec - a.tv_sec) * 1000000000ULL +
	     (uint64_t)(b.tv_nsec - a.tv_nsec);
	result("calls=%d rounds=%llu ns_per_round=%llu", seen.calls,
	       (unsigned long long)cfg.rounds,
	       (unsigned long long)(cfg.rounds ? ns / cfg.rounds : 0));
	return 0;
}

static const struct {
	const char *name;
	int (*fn)(void);
} modes[] = {
	{ "handler", mode_handler }, { "siginfo", mode_siginfo },
	{ "nested", mode_nested }, { "altstack", mode_altstack },
	{ "fpu", mode_fpu }, { "forge", mode_forge },
	{ "pending", mode_pending }, { "suspend", mode_suspend },
	{ "timer", mode_timer }, { "eintr", mode_eintr },
	{ "errno", mode_errno }, { "bench", mode_bench },
};

int main(int argc, char **argv)
{
	long r = args_parse(argc, argv, opts, "POSIX signal checks.");

	if (r)
		return r == ARGS_HELP ? 0 : 2;
	for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++)
		if (!strcmp(cfg.mode, modes[i].name))
			return modes[i].fn();
	eprintf("sigtest: unknown mode %s\n", cfg.mode);
	return 2;
}
