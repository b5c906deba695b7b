// SPDX-License-Identifier: MIT
/*
 * ITIMER_REAL, alarm(2), getitimer(2), setitimer(2): one timer per
 * process that sends it SIGALRM (si_code SI_KERNEL, as Linux's
 * it_real_fn()) when it expires, and re-arms itself by its interval.
 * ITIMER_VIRTUAL and ITIMER_PROF (CPU-time timers) are not kept: -EINVAL.
 *
 * Times are kept in nanoseconds of ktime against an absolute deadline;
 * the kernel timer that fires them has the tick's resolution (it fires
 * at the first tick at or after the deadline, never before).
 *
 * The expiry runs in interrupt context, where process->lock (taken with
 * interrupts on everywhere else) may not be taken. So it only counts the
 * expiry and wakes the thread that armed the timer, as a signal would
 * (sigpending set, an interruptible sleep ended, a kick); that thread
 * sends SIGALRM to the process in task context the moment it looks for
 * signals (signal_itimer_collect(), from delivery and rt_sigtimedwait),
 * and any thread that does not block it takes it, as on Linux. A timer
 * armed by a thread that has since exited fires into nothing until
 * another thread arms it again.
 *
 * The timer is made on the first setitimer/alarm and lives until the
 * process's last thread exits (signal_process_exit()).
 *
 * Locking: [i] itimer->lock, an irqsave lock taken with no other held
 * but the timer base's under it; [a] fired; [I] set up once. The armer
 * (task) is replaced only while the timer is neither pending nor
 * running (del_timer_sync() first), so the expiry may use it unlocked.
 */
#include <arch/uaccess.h>
#include "kernel/process.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "kernel/signal_internal.h"
#include "kernel/sys_misc.h"
#include "kernel/syscall.h"
#include "kernel/time.h"
#include "kernel/timer.h"
#include "lib/errno.h"
#include "mm/slab.h"

#define ITIMER_REAL	0
#define ITIMER_VIRTUAL	1
#define ITIMER_PROF	2
#define USEC_PER_SEC	1000000ULL
#define NSEC_PER_USEC	1000ULL

struct signal_itimer {
	struct timer_list timer;	/* [I] */
	struct spinlock lock;
	u64 deadline_ns;		/* [i] ktime of expiry; 0: disarmed */
	u64 interval_ns;		/* [i] re-arm period; 0: one shot */
	struct task *armer;		/* [i] who arms it, with a reference;
					 * it collects the expiries */
	unsigned int fired;		/* [a] expiries not yet sent */
};

/* struct itimerval's halves (struct timeval). */
struct user_timeval {
	s64 tv_sec;
	s64 tv_usec;
};

struct user_itimerval {
	struct user_timeval it_interval;
	struct user_timeval it_value;
};

/* Arm the kernel timer for it->deadline_ns. Context: any; [i]. */
static void itimer_arm(struct signal_itimer *it)
{
	u64 now = ktime_get_ns();
	u64 left = it->deadline_ns > now ? it->deadline_ns - now : 0;

	mod_timer(&it->timer, time_jiffies() + sys_misc_ns_to_jiffies(left));
}

/* The tick found it due: count it, wake the armer, re-arm by the
 * interval. Context: interrupt. */
static void itimer_fire(struct timer_list *t)
{
	struct signal_itimer *it = from_timer(it, t, timer);
	unsigned long flags = spin_lock_irqsave(&it->lock);
	struct task *armer = it->armer;

	if (!it->deadline_ns) {
		spin_unlock_irqrestore(&it->lock, flags);
		return;
	}
	if (it->interval_ns) {
		it->deadline_ns += it->interval_ns;
		itimer_arm(it);
	} else {
		it->deadline_ns = 0;
	}
	spin_unlock_irqrestore(&it->lock, flags);
	__atomic_fetch_add(&it->fired, 1, __ATOMIC_RELEASE);
	__atomic_store_n(&armer->sigpending, true, __ATOMIC_RELEASE);
	wake_up_state(armer, TASK_INTERRUPTIBLE);
	signal_kick(armer);
}

/**
 * signal_itimer_collect - send @p the SIGALRM its timer owes it.
 * @p: the calling thread's process
 *
 * Context: task context of a thread of @p, no locks held.
 */
void signal_itimer_collect(struct process *p)
{
	struct signal_itimer *it = __atomic_load_n(&p->sig.itimer,
						   __ATOMIC_ACQUIRE);
	struct signal_entry e = { .signo = SIGALRM, .code = SI_KERNEL };

	if (it && __atomic_exchange_n(&it->fired, 0, __ATOMIC_ACQUIRE))
		(void)signal_send_process(p, &e);
}

static u64 timeval_ns(const struct user_timeval *tv)
{
	return (u64)tv->tv_sec * NSEC_PER_SEC + (u64)tv->tv_usec * NSEC_PER_USEC;
}

/* Nanoseconds as a timeval, rounded up to the microsecond (Linux's). */
static struct user_timeval ns_timeval(u64 ns)
{
	u64 us = (ns + NSEC_PER_USEC - 1) / NSEC_PER_USEC;

	return (struct user_timeval){
		.tv_sec = (s64)(us / USEC_PER_SEC),
		.tv_usec = (s64)(us % USEC_PER_SEC),
	};
}

static bool timeval_valid(const struct user_timeval *tv)
{
	return tv->tv_sec >= 0 && tv->tv_usec >= 0 &&
	       (u64)tv->tv_usec < USEC_PER_SEC;
}

/* What getitimer reports. Context: [i]. A timer that is due but has
 * not fired yet shows 1 µs left, as Linux's. */
static struct user_itimerval itimer_read(const struct signal_itimer *it)
{
	struct user_itimerval v = { 0 };
	u64 now = ktime_get_ns();

	if (!it->deadline_ns)
		return v;
	v.it_interval = ns_timeval(it->interval_ns);
	v.it_value = ns_timeval(it->deadline_ns > now ?
				it->deadline_ns - now : NSEC_PER_USEC);
	return v;
}

/* @p's timer, made on first use. Return: it, or NULL (no memory). */
static struct signal_itimer *itimer_get(struct process *p)
{
	struct signal_itimer *it = __atomic_load_n(&p->sig.itimer,
						   __ATOMIC_ACQUIRE);

	if (it)
		return it;
	it = kzalloc(sizeof(*it), GFP_KERNEL);
	if (!it)
		return NULL;
	timer_setup(&it->timer, itimer_fire, 0);
	spin_lock_init(&it->lock, "itimer");
	spin_lock(&p->lock);
	if (!p->sig.itimer) {
		__atomic_store_n(&p->sig.itimer, it, __ATOMIC_RELEASE);
		it = NULL;
	}
	spin_unlock(&p->lock);
	kfree(it);		/* another thread made it first */
	return p->sig.itimer;
}

/*
 * setitimer(ITIMER_REAL): @new replaces the timer, @old gets it. The
 * timer is stopped first, so that the expiry never sees the armer
 * change under it.
 */
static int itimer_set(struct process *p, const struct user_itimerval *new,
		      struct user_itimerval *old)
{
	struct signal_itimer *it = itimer_get(p);
	u64 value = timeval_ns(&new->it_value);
	struct task *prev;
	unsigned long flags;

	if (!it)
		return -ENOMEM;
	del_timer_sync(&it->timer);
	task_get(current);
	flags = spin_lock_irqsave(&it->lock);
	*old = itimer_read(it);
	prev = it->armer;
	it->armer = current;
	it->interval_ns = value ? timeval_ns(&new->it_interval) : 0;
	it->deadline_ns = value ? ktime_get_ns() + value : 0;
	if (value)
		itimer_arm(it);
	spin_unlock_irqrestore(&it->lock, flags);
	if (prev)
		task_put(prev);
	return 0;
}

SYSCALL_DEFINE2(getitimer, int, which, struct user_itimerval __user *, uval)
{
	struct process *p = process_current();
	struct signal_itimer *it;
	struct user_itimerval v;
	unsigned long flags;

	if (which != ITIMER_REAL)
		return -EINVAL;
	if (!p)
		return -ENOSYS;
	it = itimer_get(p);
	if (!it)
		return -ENOMEM;
	flags = spin_lock_irqsave(&it->lock);
	v = itimer_read(it);
	spin_unlock_irqrestore(&it->lock, flags);
	return copy_to_user(uval, &v, sizeof(v)) ? -EFAULT : 0;
}

/* A NULL @unew disarms, as Linux (which warns once about it). */
SYSCALL_DEFINE3(setitimer, int, which, const struct user_itimerval __user *,
		unew, struct user_itimerval __user *, uold)
{
	struct process *p = process_current();
	struct user_itimerval new = { 0 }, old;
	int r;

	if (unew && copy_from_user(&new, unew, sizeof(new)))
		return -EFAULT;
	if (which != ITIMER_REAL)
		return -EINVAL;
	if (!timeval_valid(&new.it_value) ||
	    !timeval_valid(&new.it_interval))
		return -EINVAL;
	if (!p)
		return -ENOSYS;
	r = itimer_set(p, &new, &old);
	if (r)
		return r;
	return uold && copy_to_user(uold, &old, sizeof(old)) ? -EFAULT : 0;
}

/*
 * Return: the seconds the previous alarm had left, rounded to nearest,
 * and at least 1 if one was pending (Linux's alarm_setitimer()).
 */
SYSCALL_DEFINE1(alarm, unsigned int, seconds)
{
	struct process *p = process_current();
	struct user_itimerval new = { .it_value.tv_sec = seconds }, old;
	long left;

	if (!p)
		return -ENOSYS;
	if (itimer_set(p, &new, &old))
		return 0;
	left = (long)old.it_value.tv_sec;
	if ((!left && old.it_value.tv_usec) ||
	    old.it_value.tv_usec >= (s64)(USEC_PER_SEC / 2))
		left++;
	return left;
}

/**
 * signal_process_exit - the last thread of @p is gone: stop its timer.
 * @p: the process
 *
 * Context: the last exiting thread, task context, no locks held.
 */
void signal_process_exit(struct process *p)
{
	struct signal_itimer *it = p->sig.itimer;

	if (!it)
		return;
	del_timer_sync(&it->timer);
	if (it->armer)
		task_put(it->armer);
	p->sig.itimer = NULL;
	kfree(it);
}
