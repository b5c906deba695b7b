// SPDX-License-Identifier: MIT
/*
 * Kernel timers and timed sleeps (kernel/timer.h): the global timer base,
 * timers_run() from every CPU's tick, schedule_timeout() and msleep().
 *
 * Locking: [b] timer_base.lock, an irqsave lock (the tick takes it).
 * Lock order: timer_base.lock is taken alone; callbacks run without it,
 * so they may take any lock an interrupt may take (wakeups).
 */
#include <arch/cpu.h>
#include "kernel/panic.h"
#include "kernel/sched.h"
#include "kernel/spinlock.h"
#include "kernel/time.h"
#include "kernel/timer.h"

static struct timer_base {
	struct spinlock lock;
	struct timer_wheel wheel;	/* [b] */
	struct timer_list *running;	/* [b] callback being run */
	bool busy;			/* [b] a CPU is running callbacks */
	bool ready;			/* [b] wheel initialised */
} base = { .lock = SPINLOCK_INIT("timer_base") };

/* Lock the base, initialising the wheel on first use. */
static unsigned long base_lock(void)
{
	unsigned long flags = spin_lock_irqsave(&base.lock);

	if (!base.ready) {
		timer_wheel_init(&base.wheel, time_jiffies());
		base.ready = true;
	}
	return flags;
}

/**
 * timer_setup - prepare @t to call @fn when it fires.
 * @t: the timer
 * @fn: the callback (interrupt context; must not sleep)
 * @flags: 0
 *
 * Context: any; @t must not be pending.
 */
void timer_setup(struct timer_list *t, void (*fn)(struct timer_list *),
		 unsigned int flags)
{
	timer_wheel_entry_init(&t->entry);
	t->function = fn;
	t->flags = flags;
}

/**
 * mod_timer - arm @t to fire at jiffies @expires (re-arm if pending).
 * @t: a timer set up with timer_setup()
 * @expires: absolute time in jiffies; a past time fires at the next tick
 *
 * Context: any, including the timer's own callback.
 * Return: 1 if @t was pending, else 0.
 */
int mod_timer(struct timer_list *t, u64 expires)
{
	unsigned long flags = base_lock();
	int was = timer_wheel_pending(&t->entry);

	timer_wheel_add(&base.wheel, &t->entry, expires);
	spin_unlock_irqrestore(&base.lock, flags);
	return was;
}

/* Arm @t at the expiry already stored in it (t->entry.expires). */
void add_timer(struct timer_list *t)
{
	BUG_ON(timer_pending(t));
	mod_timer(t, t->entry.expires);
}

/**
 * del_timer - cancel @t if pending; its callback may still be running.
 * @t: the timer
 *
 * Context: any. Return: 1 if @t was pending, else 0.
 */
int del_timer(struct timer_list *t)
{
	unsigned long flags = base_lock();
	int was = timer_wheel_del(&base.wheel, &t->entry);

	spin_unlock_irqrestore(&base.lock, flags);
	return was;
}

/**
 * del_timer_sync - cancel @t and wait until its callback is not running.
 * @t: the timer; its callback must not re-arm it unconditionally
 *
 * Context: any but @t's own callback (which would wait for itself), and
 * not with interrupts off on a CPU that might be the one running it.
 * Return: 1 if @t was pending, else 0.
 */
int del_timer_sync(struct timer_list *t)
{
	unsigned long flags = base_lock();
	int was = timer_wheel_del(&base.wheel, &t->entry);

	while (base.running == t) {
		spin_unlock_irqrestore(&base.lock, flags);
		arch_cpu_relax();
		flags = base_lock();
		was |= timer_wheel_del(&base.wheel, &t->entry);
	}
	spin_unlock_irqrestore(&base.lock, flags);
	return was;
}

bool timer_pending(const struct timer_list *t)
{
	return timer_wheel_pending(&t->entry);
}

/**
 * timers_run - run the callbacks of every timer due by now.
 *
 * Context: the tick interrupt of any CPU, interrupts off. Returns at once
 * if another CPU holds the base or is already running callbacks.
 */
void timers_run(void)
{
	struct timer_wheel_entry *e;
	u64 now = time_jiffies();

	if (!__atomic_load_n(&base.ready, __ATOMIC_ACQUIRE) ||
	    __atomic_load_n(&base.wheel.clk, __ATOMIC_RELAXED) > now)
		return;
	if (!spin_trylock(&base.lock))
		return;
	if (base.busy)
		goto out;
	base.busy = true;
	while ((e = timer_wheel_next_expired(&base.wheel, now))) {
		struct timer_list *t = container_of(e, struct timer_list, entry);

		base.running = t;
		spin_unlock(&base.lock);
		t->function(t);
		spin_lock(&base.lock);
		base.running = NULL;
	}
	base.busy = false;
out:
	spin_unlock(&base.lock);
}

u64 msecs_to_jiffies(u64 ms)
{
	return (ms * time_hz() + 999) / 1000;
}

u64 jiffies_to_msecs(u64 j)
{
	return j * 1000 / time_hz();
}

struct process_timer {
	struct timer_list timer;
	struct task *task;
};

static void process_timeout(struct timer_list *t)
{
	struct process_timer *pt = from_timer(pt, t, timer);

	wake_up_process(pt->task);
}

/**
 * schedule_timeout - sleep until woken or @timeout jiffies have passed.
 * @timeout: jiffies; MAX_SCHEDULE_TIMEOUT sleeps without a limit
 *
 * The caller sets the task state first (as for schedule()); in
 * TASK_RUNNING this only yields.
 * Context: process context, may sleep.
 * Return: 0 when the time ran out, else the jiffies that were left.
 */
long schedule_timeout(long timeout)
{
	struct process_timer pt;
	u64 expire;
	long left;

	if (timeout == MAX_SCHEDULE_TIMEOUT) {
		schedule();
		return timeout;
	}
	if (timeout <= 0) {
		__set_current_state(TASK_RUNNING);
		return 0;
	}
	expire = time_jiffies() + (u64)timeout;
	pt.task = current;
	timer_setup(&pt.timer, process_timeout, 0);
	mod_timer(&pt.timer, expire);
	schedule();
	del_timer_sync(&pt.timer);
	left = (long)(expire - time_jiffies());
	return left < 0 ? 0 : left;
}

long schedule_timeout_uninterruptible(long timeout)
{
	set_current_state(TASK_UNINTERRUPTIBLE);
	return schedule_timeout(timeout);
}

long schedule_timeout_killable(long timeout)
{
	set_current_state(TASK_KILLABLE);
	return schedule_timeout(timeout);
}

/**
 * msleep - sleep (uninterruptibly) for at least @ms milliseconds.
 * @ms: milliseconds
 *
 * Never for synchronisation: only to wait for time itself to pass.
 * Context: process context, may sleep.
 */
void msleep(unsigned int ms)
{
	long left = (long)msecs_to_jiffies(ms) + 1;

	while (left)
		left = schedule_timeout_uninterruptible(left);
}
