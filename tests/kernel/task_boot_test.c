// SPDX-License-Identifier: MIT
/*
 * Task lifetime and stacks: a task's memory must outlive every wakeup
 * aimed at it, and its stack sits over an unmapped guard.
 * These cases race the waker (kthread_stop(), task_kill()) against the
 * exit and final switch of the task it wakes, many times over, on every
 * CPU. A waker that touches the task after the next task on that CPU has
 * freed it would hit poisoned memory (debug builds poison freed pages)
 * and take the kernel down, or leave the page poison dirty.
 */
#include <arch/cpu.h>
#include <arch/mmu.h>
#include "kernel/kstack.h"
#include "kernel/kthread.h"
#include "kernel/ktest.h"
#include "kernel/sched.h"
#include "lib/errno.h"

#define LIFETIME_ROUNDS 200

static int exit_at_once(void *arg)
{
	(void)arg;
	return 0;
}

/*
 * kthread_stop() of a thread that was never woken: the stop's own wakeup
 * starts it, and it exits at once (-EINTR) on another CPU, possibly while
 * kthread_stop() is still inside that wakeup. Every round returns -EINTR
 * and leaves no task behind.
 */
static void task_stop_of_new_thread_races_its_exit(struct ktest *t)
{
	unsigned long base = task_count();
	int bad = 0;

	for (int i = 0; i < LIFETIME_ROUNDS; i++) {
		struct task *k = kthread_create(exit_at_once, NULL, "lt-new");

		KTEST_ASSERT_NOT_NULL(t, k);
		bad += kthread_stop(k) != -EINTR;
	}
	KTEST_EXPECT_EQ(t, bad, 0);
	KTEST_EXPECT_EQ(t, task_count(), base);
}

static int spin_until_stopped(void *arg)
{
	__atomic_store_n((bool *)arg, true, __ATOMIC_RELEASE);
	while (!kthread_should_stop())
		arch_cpu_relax();
	return 5;
}

/*
 * kthread_stop() of a running (not sleeping) thread: it sees the flag and
 * exits while kthread_stop() is between setting the flag and its wakeup.
 */
static void task_stop_of_running_thread_races_its_exit(struct ktest *t)
{
	unsigned long base = task_count();
	int bad = 0;

	for (int i = 0; i < LIFETIME_ROUNDS; i++) {
		bool running = false;
		struct task *k = kthread_run(spin_until_stopped, &running,
					     "lt-spin");

		KTEST_ASSERT_NOT_NULL(t, k);
		ktest_wait_until(t, __atomic_load_n(&running, __ATOMIC_ACQUIRE),
				 KTEST_WAIT_MS);
		bad += kthread_stop(k) != 5;
	}
	KTEST_EXPECT_EQ(t, bad, 0);
	KTEST_EXPECT_EQ(t, task_count(), base);
}

static int spin_until_killed(void *arg)
{
	__atomic_store_n((bool *)arg, true, __ATOMIC_RELEASE);
	while (!fatal_signal_pending(current))
		arch_cpu_relax();
	return 0;
}

/*
 * task_kill() of a thread that polls for the kill and exits: it may be
 * gone before task_kill() has finished its wakeup attempt.
 */
static void task_kill_races_exit(struct ktest *t)
{
	unsigned long base = task_count();

	for (int i = 0; i < LIFETIME_ROUNDS; i++) {
		bool running = false;
		unsigned long before = task_count();
		struct task *k = kthread_run(spin_until_killed, &running,
					     "lt-kill");

		KTEST_ASSERT_NOT_NULL(t, k);
		ktest_wait_until(t, __atomic_load_n(&running, __ATOMIC_ACQUIRE),
				 KTEST_WAIT_MS);
		task_kill(k);
		ktest_wait_tasks(t, before, KTEST_WAIT_MS);
	}
	KTEST_EXPECT_EQ(t, task_count(), base);
}

static int stack_probe_fn(void *arg)
{
	*(vaddr_t *)arg = (vaddr_t)&arg;	/* an address on our stack */
	return 0;
}

/*
 * A task's stack is mapped page by page in the kernel stack area with an
 * unmapped guard below it:
 *   | guard: KSTACK_GUARD_PAGES unmapped | stack: KSTACK_PAGES mapped |
 * Expected: every guard page unmapped, every stack page mapped, the
 * guard recognised as one (the overflow report relies on it), the task
 * running on that stack, and its slot given back when it is freed.
 */
static void task_stack_has_guard_page(struct ktest *t)
{
	unsigned long base = task_count();
	unsigned int used = kstack_nr_used();
	vaddr_t on_stack = 0, lo, hi, stack;
	struct task *k = kthread_create(stack_probe_fn, &on_stack, "lt-guard");
	paddr_t pa;

	KTEST_ASSERT_NOT_NULL(t, k);
	stack = (vaddr_t)k->stack;
	KTEST_EXPECT_EQ(t, kstack_nr_used(), used + 1);
	KTEST_EXPECT_GE(t, stack, KSTACK_AREA_BASE);
	for (int i = 1; i <= KSTACK_GUARD_PAGES; i++)
		KTEST_EXPECT(t, !arch_pt_lookup(&arch_kernel_pt,
						stack - i * PAGE_SIZE, &pa,
						NULL));
	for (int i = 0; i < KSTACK_PAGES; i++)
		KTEST_EXPECT(t, arch_pt_lookup(&arch_kernel_pt,
					       stack + i * PAGE_SIZE, &pa,
					       NULL));
	KTEST_EXPECT(t, kstack_guard_hit(stack - 8, &lo, &hi));
	KTEST_EXPECT_EQ(t, lo, stack);
	KTEST_EXPECT_EQ(t, hi, stack + KSTACK_SIZE);
	KTEST_EXPECT(t, !kstack_guard_hit(stack, &lo, &hi));
	wake_up_process(k);
	ktest_wait_tasks(t, base, KTEST_WAIT_MS);
	KTEST_EXPECT(t, on_stack > stack && on_stack < stack + KSTACK_SIZE);
	KTEST_EXPECT_EQ(t, kstack_nr_used(), used);
	KTEST_EXPECT(t, !arch_pt_lookup(&arch_kernel_pt, stack, &pa, NULL));
}

KTEST_SUITE(task_lifetime,
	    KTEST_CASE(task_stop_of_new_thread_races_its_exit),
	    KTEST_CASE(task_stop_of_running_thread_races_its_exit),
	    KTEST_CASE(task_kill_races_exit),
	    KTEST_CASE(task_stack_has_guard_page));
