// SPDX-License-Identifier: MIT
/*
 * The small system calls, with Linux's argument checks and errnos:
 *
 *   sched_yield, nanosleep and clock_nanosleep (interruptible, with
 *   Linux's restart rules: kernel/signal.h), clock_gettime, getrandom,
 *   uname, prctl(PR_SET_NAME / PR_GET_NAME)
 *
 * Every user pointer goes through uaccess: a bad one is -EFAULT. The
 * clocks: CLOCK_MONOTONIC (and its Linux aliases RAW, COARSE, BOOTTIME)
 * is time since boot; CLOCK_REALTIME (and REALTIME_COARSE, TAI) is the
 * same clock from the epoch, since oomlab reads no RTC: the machine
 * believes it booted on 1970-01-01.
 *
 * Locking: [r] rng_lock for the random generator.
 */
#include <arch/cpu.h>
#include <arch/uaccess.h>
#include "kernel/process.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "kernel/spinlock.h"
#include "kernel/sys_misc.h"
#include "kernel/syscall.h"
#include "kernel/time.h"
#include "kernel/user_console.h"
#include "lib/errno.h"
#include "lib/random.h"
#include "lib/string.h"

#define RW_CHUNK		256	/* bytes copied per step */

#define CLOCK_REALTIME		0
#define CLOCK_MONOTONIC		1
#define CLOCK_MONOTONIC_RAW	4
#define CLOCK_REALTIME_COARSE	5
#define CLOCK_MONOTONIC_COARSE	6
#define CLOCK_BOOTTIME		7
#define CLOCK_TAI		11
#define TIMER_ABSTIME		0x01

#define GRND_NONBLOCK		0x0001
#define GRND_RANDOM		0x0002
#define GRND_INSECURE		0x0004

#define PR_SET_NAME		15
#define PR_GET_NAME		16

#define UTS_LEN			65

struct sys_utsname {
	char sysname[UTS_LEN];
	char nodename[UTS_LEN];
	char release[UTS_LEN];
	char version[UTS_LEN];
	char machine[UTS_LEN];
	char domainname[UTS_LEN];
};

static struct prng rng;			/* [r] */
static bool rng_seeded;			/* [r] */
static struct spinlock rng_lock = SPINLOCK_INIT("getrandom");

/**
 * sys_misc_random_bytes - fill @buf with pseudo-random bytes.
 * @buf: kernel buffer
 * @n: its size
 *
 * Not cryptographic: a PRNG seeded from the TSC on first use (AT_RANDOM,
 * getrandom()). Context: any; takes rng_lock.
 */
void sys_misc_random_bytes(void *buf, size_t n)
{
	unsigned long flags = spin_lock_irqsave(&rng_lock);
	u8 *p = buf;

	if (!rng_seeded) {
		prng_seed(&rng, arch_rdtsc() ^ ktime_get_ns());
		rng_seeded = true;
	}
	while (n) {
		u64 v = prng_next(&rng);
		size_t k = n < sizeof(v) ? n : sizeof(v);

		memcpy(p, &v, k);
		p += k;
		n -= k;
	}
	spin_unlock_irqrestore(&rng_lock, flags);
}

/**
 * sys_misc_timespec_ns - a user timespec as nanoseconds.
 * @ts: the value copied in
 * @ns: set to it, saturated at U64_MAX / 2
 *
 * Context: any. Return: 0, or -EINVAL (negative seconds, nanoseconds
 * outside [0, 1e9)), as Linux's timespec64_valid().
 */
int sys_misc_timespec_ns(const struct sys_timespec *ts, u64 *ns)
{
	const u64 max_sec = (~0ULL >> 2) / NSEC_PER_SEC;

	if (ts->tv_sec < 0 || ts->tv_nsec < 0 ||
	    (u64)ts->tv_nsec >= NSEC_PER_SEC)
		return -EINVAL;
	if ((u64)ts->tv_sec >= max_sec)
		*ns = ~0ULL >> 1;
	else
		*ns = (u64)ts->tv_sec * NSEC_PER_SEC + (u64)ts->tv_nsec;
	return 0;
}

/* Return: @ns rounded up to jiffies (a sleep never ends early), bounded
 * by a day so that the arithmetic cannot overflow: a longer wait sleeps
 * in a loop against an absolute deadline (nanosleep, futex_wait).
 * Context: any. */
long sys_misc_ns_to_jiffies(u64 ns)
{
	const u64 cap = 86400ULL * NSEC_PER_SEC;

	if (ns > cap)
		ns = cap;
	return (long)((ns * time_hz() + NSEC_PER_SEC - 1) / NSEC_PER_SEC);
}

/*
 * The chunked copy of getrandom(): @count bytes in RW_CHUNK
 * steps through a bounce buffer on the stack. @step moves the @n bytes at
 * offset @off between user memory and @chunk and returns how many it
 * moved; a short step (a fault) or a fatal signal ends the copy, and with
 * @resched the CPU is offered up between chunks. The buffer is wiped
 * before returning.
 * Return: the bytes moved; -EFAULT when none were and @count was not 0.
 */
static long sys_misc_chunked(size_t count, bool resched,
			     size_t (*step)(void *arg, size_t off, u8 *chunk,
					    size_t n),
			     void *arg)
{
	u8 chunk[RW_CHUNK];
	size_t done = 0;

	while (done < count) {
		size_t n = count - done < sizeof(chunk) ? count - done :
							  sizeof(chunk);
		size_t moved = step(arg, done, chunk, n);

		done += moved;
		if (moved < n || fatal_signal_pending(current))
			break;
		if (resched)
			cond_resched();
	}
	memset(chunk, 0, sizeof(chunk));
	return done || !count ? (long)done : -EFAULT;
}

/* getrandom(): random bytes out to the user buffer @arg. */
static size_t sys_getrandom_step(void *arg, size_t off, u8 *chunk, size_t n)
{
	char __user *buf = arg;

	sys_misc_random_bytes(chunk, n);
	return n - copy_to_user(buf + off, chunk, n);
}

SYSCALL_DEFINE0(sched_yield)
{
	yield();
	return 0;
}

/* Sleep until ktime @deadline_ns. Return: 0, or -EINTR when a signal
 * came first. */
static int sleep_until(u64 deadline_ns)
{
	for (u64 now = ktime_get_ns(); now < deadline_ns;
	     now = ktime_get_ns()) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (signal_pending(current)) {
			__set_current_state(TASK_RUNNING);
			return -EINTR;
		}
		schedule_timeout(sys_misc_ns_to_jiffies(deadline_ns - now));
	}
	return 0;
}

/*
 * A relative sleep cut short by a signal: the time left goes to @rem
 * (when given) and the sleep can be resumed by restart_syscall(2) against
 * the same deadline when no handler runs; a handler makes it -EINTR
 * (Linux's hrtimer_nanosleep() and nanosleep_restart()).
 */
static long sleep_relative(u64 deadline_ns, struct sys_timespec __user *rem);

static long nanosleep_restart(struct signal_restart *rb)
{
	return sleep_relative(rb->deadline_ns,
			      (struct sys_timespec __user *)(uintptr_t)rb->rem);
}

static long sleep_relative(u64 deadline_ns, struct sys_timespec __user *rem)
{
	struct uthread *ut = uthread_of(current);
	struct sys_timespec left;
	u64 now, ns;

	if (!sleep_until(deadline_ns))
		return 0;
	now = ktime_get_ns();
	ns = deadline_ns > now ? deadline_ns - now : 0;
	left.tv_sec = (s64)(ns / NSEC_PER_SEC);
	left.tv_nsec = (s64)(ns % NSEC_PER_SEC);
	if (rem && copy_to_user(rem, &left, sizeof(left)))
		return -EFAULT;
	if (!ut)
		return -EINTR;
	ut->sig.restart = (struct signal_restart){
		.fn = nanosleep_restart, .deadline_ns = deadline_ns,
		.rem = (u64)(uintptr_t)rem,
	};
	return -ERESTART_RESTARTBLOCK;
}

SYSCALL_DEFINE2(nanosleep, const struct sys_timespec __user *, req,
		struct sys_timespec __user *, rem)
{
	struct sys_timespec ts;
	u64 ns;
	int r;

	if (copy_from_user(&ts, req, sizeof(ts)))
		return -EFAULT;
	r = sys_misc_timespec_ns(&ts, &ns);
	if (r)
		return r;
	return sleep_relative(ktime_get_ns() + ns, rem);
}

/* Is @which a clock oomlab reads (all are one clock: see the top)? */
static bool clock_known(int which)
{
	switch (which) {
	case CLOCK_REALTIME:
	case CLOCK_MONOTONIC:
	case CLOCK_MONOTONIC_RAW:
	case CLOCK_REALTIME_COARSE:
	case CLOCK_MONOTONIC_COARSE:
	case CLOCK_BOOTTIME:
	case CLOCK_TAI:
		return true;
	default:
		return false;
	}
}

/* Linux's errnos: an unknown clock (and the CPU-time ones oomlab does
 * not keep) -EINVAL, a clock without sleeps -EOPNOTSUPP. An absolute
 * sleep is not resumed by restart_syscall: it is simply made again
 * (-ERESTARTNOHAND). */
SYSCALL_DEFINE4(clock_nanosleep, int, which, int, flags,
		const struct sys_timespec __user *, req,
		struct sys_timespec __user *, rem)
{
	struct sys_timespec ts;
	u64 ns;
	int r;

	if (!clock_known(which))
		return -EINVAL;
	if (which == CLOCK_MONOTONIC_RAW || which == CLOCK_REALTIME_COARSE ||
	    which == CLOCK_MONOTONIC_COARSE)
		return -EOPNOTSUPP;
	if (copy_from_user(&ts, req, sizeof(ts)))
		return -EFAULT;
	r = sys_misc_timespec_ns(&ts, &ns);
	if (r)
		return r;
	if (!(flags & TIMER_ABSTIME))
		return sleep_relative(ktime_get_ns() + ns, rem);
	return sleep_until(ns) ? -ERESTARTNOHAND : 0;
}

SYSCALL_DEFINE2(clock_gettime, int, which, struct sys_timespec __user *, tp)
{
	struct sys_timespec ts;
	u64 ns;

	if (!clock_known(which))
		return -EINVAL;
	ns = ktime_get_ns();
	ts.tv_sec = (s64)(ns / NSEC_PER_SEC);
	ts.tv_nsec = (s64)(ns % NSEC_PER_SEC);
	return copy_to_user(tp, &ts, sizeof(ts)) ? -EFAULT : 0;
}

/*
 * Linux's flag rules; the pool is always "initialised", so nothing ever
 * blocks. A fault after some bytes returns the count copied so far.
 */
SYSCALL_DEFINE3(getrandom, char __user *, buf, size_t, count,
		unsigned int, flags)
{
	if (flags & ~(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE))
		return -EINVAL;
	if ((flags & (GRND_INSECURE | GRND_RANDOM)) ==
	    (GRND_INSECURE | GRND_RANDOM))
		return -EINVAL;
	if (count > SYS_MAX_RW_COUNT)
		count = SYS_MAX_RW_COUNT;
	if (!access_ok(buf, count))
		return -EFAULT;
	return sys_misc_chunked(count, true, sys_getrandom_step, buf);
}

SYSCALL_DEFINE1(uname, struct sys_utsname __user *, name)
{
	static const struct sys_utsname uts = {
		.sysname = "Linux",
		.nodename = "oomlab",
		.release = "6.1.0-oomlab",
		.version = "#1 SMP oomlab",
		.machine = "x86_64",
		.domainname = "(none)",
	};

	return copy_to_user(name, &uts, sizeof(uts)) ? -EFAULT : 0;
}

/*
 * Store a user-chosen thread name with every byte outside ' '..'~' as '?'
 * (what Linux's ps and /proc/PID/comm show for them). Every kernel line
 * that prints a comm - the console's "[comm pid]" prefix, the segfault
 * and trap lines, hung-task and ENOSYS reports - prints it with %s, so a
 * newline or an escape in the name would start a forged log line or
 * garble the terminal; stored sanitised, no printer has to remember.
 * Unlike Linux, PR_GET_NAME gives back the sanitised name. Names the
 * kernel chooses (kernel threads, the initramfs file of exec_spawn())
 * are printable already.
 */
static void comm_set_printable(char *dst, const char *name)
{
	char comm[TASK_COMM_LEN];
	size_t i;

	for (i = 0; i < sizeof(comm) - 1 && name[i]; i++)
		comm[i] = name[i] >= ' ' && name[i] <= '~' ? name[i] : '?';
	comm[i] = 0;
	strlcpy(dst, comm, TASK_COMM_LEN);
}

SYSCALL_DEFINE5(prctl, int, option, u64, arg2, u64, arg3, u64, arg4,
		u64, arg5)
{
	char comm[TASK_COMM_LEN];

	switch (option) {
	case PR_SET_NAME:
		memset(comm, 0, sizeof(comm));
		if (strncpy_from_user(comm, (const char __user *)arg2,
				      sizeof(comm) - 1) < 0)
			return -EFAULT;
		/* Linux's comm is per thread too: the log prefix and the
		 * fault lines use it. */
		comm_set_printable(current->name, comm);
		return 0;
	case PR_GET_NAME:
		memcpy(comm, current->name, sizeof(comm));
		comm[sizeof(comm) - 1] = 0;
		if (copy_to_user((char __user *)arg2, comm, sizeof(comm)))
			return -EFAULT;
		return 0;
	default:
		return -EINVAL;
	}
}
