// SPDX-License-Identifier: MIT
/*
 * The scheduler core (kernel/sched.h): per-CPU run queues, schedule(),
 * wakeups, the tick, balancing, the idle loop, deterministic mode.
 *
 * Central invariants:
 *  - A context switch happens with exactly this CPU's run-queue lock held
 *    (preempt_count == 1) and interrupts off; the task switched to releases
 *    the lock (finish_task_switch), so each task gets its own
 *    preempt_count and interrupt state back.
 *  - A task is on at most one queue, and only while runnable and not
 *    running; on_rq covers queued and running. task->cpu changes only
 *    under the run-queue lock(s) involved and the task's pi_lock, or under
 *    both queue locks when balancing moves a queued task.
 *  - on_cpu stays 1 from the moment a task is picked until the next task
 *    on that CPU has finished switching away from it; a waker that finds a
 *    sleeping task still on_cpu waits for it before queueing it anywhere,
 *    so no CPU resumes a task whose registers are still being saved.
 *
 * Locking: [I] set up once; [q] the runqueue's lock; [c] this CPU only,
 * interrupts off; [a] atomic.
 */
#include <arch/apic.h>
#include <arch/context.h>
#include <arch/cpu.h>
#include <arch/irq.h>
#include <arch/percpu.h>
#include <arch/smp.h>
#include "kernel/cmdline.h"
#include "kernel/hung_task.h"
#include "kernel/kstack.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/sched.h"
#include "kernel/time.h"
#include "kernel/watchdog.h"
#include "lib/errno.h"
#include "lib/format.h"
#include "lib/random.h"
#include "mm/mm.h"

struct runqueue {
	struct spinlock lock;
	struct rq_queue q;		/* [q] */
	struct task *curr;		/* [q] */
	struct task *idle;		/* [I] */
	unsigned int cpu;		/* [I] */
	bool online;			/* [a] */
	bool irqs_ok;			/* [c] interrupts usable: idle may halt */
	u64 nr_switches;		/* [q] */
	u64 ticks;			/* [c] */
	struct prng rng;		/* [c] deterministic mode */
	struct task *dead;		/* [c] exited, switched out: to free */
} __aligned(64);

static struct runqueue runqueues[NR_CPUS];
static unsigned int nr_rqs;		/* [a] highest online CPU + 1 */
static u64 cpus_online;			/* [a] mask */
static bool sched_running;		/* [a] sched_init() done */

static u64 slice_ms = 10;
KPARAM_UINT(sched_slice, "sched.slice_ms", &slice_ms, 1, 1000,
	    "scheduler time slice in milliseconds");
static u64 seed_param;
KPARAM_UINT(sched_seed, "sched.seed", &seed_param, 0, UINT64_MAX,
	    "deterministic scheduling: seed of the preemption points (0: off)");
static u64 perturb_param = 50;
KPARAM_UINT(sched_perturb, "sched.perturb", &perturb_param, 0, 1000,
	    "deterministic scheduling: preemptions per 1000 points");

bool sched_perturb_on;			/* [a] */
bool preempt_ready;			/* [I] */
static u64 perturb_seed;		/* [a] */
static unsigned int perturb_permille;	/* [a] */

/* Idle tasks: CPU 0's stack is static, the APs' are their boot stacks. */
static struct task idle_tasks[NR_CPUS];
static struct task init_task;
static u8 idle0_stack[KSTACK_SIZE] __aligned(16);

static inline struct runqueue *this_rq(void)
{
	return &runqueues[arch_this_cpu()->cpu];
}

static int slice_ticks(void)
{
	u64 t = slice_ms * time_hz() / 1000;

	return t ? (int)t : 1;
}

static void set_need_resched_cpu(unsigned int cpu)
{
	__atomic_store_n(&percpu_area[cpu].need_resched, true,
			 __ATOMIC_RELEASE);
}

/* Ask @rq's CPU to reschedule soon; an IPI if it is not this CPU. */
static void resched_rq(struct runqueue *rq)
{
	set_need_resched_cpu(rq->cpu);
	if (rq->cpu != smp_processor_id())
		arch_send_ipi(rq->cpu, IPI_RESCHEDULE_VECTOR);
}

/*
 * Seed @cpu's generator of deterministic mode from @seed. The multiplier,
 * 2^64 divided by the golden ratio, puts the CPUs' seeds far apart, so
 * their streams are unrelated even for small seeds.
 */
static void rq_seed_rng(unsigned int cpu, u64 seed)
{
	prng_seed(&runqueues[cpu].rng, seed ^ (cpu * 0x9e3779b97f4a7c15ULL));
}

/* One draw of deterministic mode: preempt at this point? [c] */
static bool perturb_draw(struct runqueue *rq)
{
	return prng_below(&rq->rng, 1000) < perturb_permille;
}

/* Lock the queue @p is on (or last ran on); it can move until locked. */
static struct runqueue *task_rq_lock(struct task *p)
{
	for (;;) {
		struct runqueue *rq =
			&runqueues[__atomic_load_n(&p->cpu, __ATOMIC_ACQUIRE)];

		spin_lock(&rq->lock);
		if (rq == &runqueues[p->cpu])
			return rq;
		spin_unlock(&rq->lock);
	}
}

static void load_snapshot(struct rq_load *load, unsigned int n)
{
	for (unsigned int cpu = 0; cpu < n; cpu++) {
		struct runqueue *rq = &runqueues[cpu];

		load[cpu].online = __atomic_load_n(&rq->online,
						   __ATOMIC_ACQUIRE);
		load[cpu].nr_queued = __atomic_load_n(&rq->q.nr_queued,
						      __ATOMIC_RELAXED);
		load[cpu].idle = __atomic_load_n(&rq->curr,
						 __ATOMIC_RELAXED) == rq->idle;
	}
}

static unsigned int select_task_rq(struct task *p)
{
	struct rq_load load[NR_CPUS];
	unsigned int n = __atomic_load_n(&nr_rqs, __ATOMIC_ACQUIRE);
	int cpu;

	load_snapshot(load, n);
	cpu = rq_select_cpu(load, n, p->rq_node.cpus_allowed, (int)p->cpu,
			    (int)smp_processor_id());
	if (cpu < 0)
		panic("task %s:%d may run on no online CPU (mask %#llx)",
		      p->name, p->pid,
		      (unsigned long long)p->rq_node.cpus_allowed);
	return (unsigned int)cpu;
}

/* A task was queued on @rq: does its CPU need to switch now? [q] */
static void check_preempt(struct runqueue *rq)
{
	if (rq->curr == rq->idle)
		resched_rq(rq);
	else if (sched_perturb_on && rq->cpu == smp_processor_id() &&
		 perturb_draw(rq))
		resched_rq(rq);
}

/**
 * wake_up_state - end the sleep of @p if it sleeps in one of @state.
 * @p: the task; it must not have been freed when the call starts (the
 *     caller holds a reference, or a lock @p must take before it can
 *     exit, such as a wait-queue lock). From the moment we hold its
 *     pi_lock until we let go, @p cannot finish exiting (sched_exit()),
 *     even if it runs and returns from its function meanwhile.
 * @state: mask of TASK_* sleep states to wake from
 *
 * Context: any, including interrupts; takes p->pi_lock and run-queue
 * locks. Pairs with set_current_state(): see there.
 * Return: true if @p was in a matching state (it is runnable now).
 */
bool wake_up_state(struct task *p, unsigned int state)
{
	struct runqueue *rq;
	unsigned long flags;
	bool woke = false;
	unsigned int cpu;

	flags = spin_lock_irqsave(&p->pi_lock);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (!(__atomic_load_n(&p->state, __ATOMIC_RELAXED) & state))
		goto out;
	woke = true;
	rq = task_rq_lock(p);
	if (p->on_rq) {
		/* Not switched out yet (or preempted): just keep it running. */
		__atomic_store_n(&p->state, TASK_RUNNING, __ATOMIC_RELEASE);
		spin_unlock(&rq->lock);
		goto out;
	}
	spin_unlock(&rq->lock);
	while (__atomic_load_n(&p->on_cpu, __ATOMIC_ACQUIRE))
		arch_cpu_relax();
	cpu = select_task_rq(p);
	rq = &runqueues[cpu];
	spin_lock(&rq->lock);
	__atomic_store_n(&p->cpu, cpu, __ATOMIC_RELEASE);
	__atomic_store_n(&p->state, TASK_RUNNING, __ATOMIC_RELEASE);
	p->on_rq = true;
	rq_enqueue_woken(&rq->q, &p->rq_node, time_jiffies(),
			 (u64)slice_ticks());
	check_preempt(rq);
	spin_unlock(&rq->lock);
out:
	spin_unlock_irqrestore(&p->pi_lock, flags);
	return woke;
}

/**
 * wake_up_process - wake @p from any sleep, or start a new task.
 * @p: the task
 *
 * Context: any. Return: true if @p was asleep (or new).
 */
bool wake_up_process(struct task *p)
{
	return wake_up_state(p, TASK_NORMAL | TASK_NEW);
}

/* Pick what runs next on @rq: the head of its queue, or its idle task. */
static struct task *pick_next_task(struct runqueue *rq)
{
	struct rq_node *n = rq_pop(&rq->q);

	return n ? container_of(n, struct task, rq_node) : rq->idle;
}

/*
 * Second half of a switch, run by the task switched to (or by the same
 * task if nothing else was runnable): let go of @prev and of the queue
 * lock. Interrupts stay off.
 */
static void finish_task_switch(struct task *prev)
{
	struct runqueue *rq = this_rq();

	if (prev != rq->curr) {
		bool dead = prev->state == TASK_DEAD && !prev->on_rq;

		if (!task_stack_ok(prev))
			panic("stack overflow in task %s:%d (canary gone)",
			      prev->name, prev->pid);
		__atomic_store_n(&prev->on_cpu, 0, __ATOMIC_RELEASE);
		if (dead) {
			prev->dead_next = rq->dead;
			rq->dead = prev;
		}
	}
	__spin_release(&rq->lock);
	preempt_enable_no_resched();
}

/*
 * Drop the own reference of the tasks that exited on this CPU (which
 * frees them unless someone else holds one); see finish_task_switch().
 */
static void free_dead_tasks(void)
{
	unsigned long flags = arch_irq_save();
	struct runqueue *rq = this_rq();
	struct task *t = rq->dead;

	rq->dead = NULL;
	arch_irq_restore(flags);
	while (t) {
		struct task *next = t->dead_next;

		task_put(t);
		t = next;
	}
}

/**
 * sched_put_task_later - drop a reference to @t after this CPU's next
 * switch, from a context where task_put() may not free.
 * @t: a dead task whose last reference the caller holds
 *
 * Context: any task context; asks this CPU to reschedule soon.
 */
void sched_put_task_later(struct task *t)
{
	unsigned long flags = arch_irq_save();
	struct runqueue *rq = this_rq();

	t->dead_next = rq->dead;
	rq->dead = t;
	set_need_resched_cpu(rq->cpu);
	arch_irq_restore(flags);
}

static void __schedule(bool preempt)
{
	struct task *prev = current, *next;
	unsigned long flags = arch_irq_save();
	struct runqueue *rq = this_rq();

	if (!arch_irqs_disabled_flags(flags))
		rq->irqs_ok = true;
	spin_lock(&rq->lock);
	__atomic_store_n(&arch_this_cpu()->need_resched, false,
			 __ATOMIC_RELAXED);
	if (!preempt && prev->state != TASK_RUNNING) {
		if (signal_pending_state(prev->state, prev)) {
			__atomic_store_n(&prev->state, TASK_RUNNING,
					 __ATOMIC_RELAXED);
		} else {
			prev->on_rq = false;
			prev->last_switch_ns = ktime_get_ns();
		}
	}
	if (prev->on_rq && prev != rq->idle) {
		/* rq_node.expired: set by the tick if the slice ran out. */
		prev->rq_node.queued_at = time_jiffies();
		rq_enqueue(&rq->q, &prev->rq_node);
	}
	if (preempt)
		prev->nivcsw++;
	else
		prev->nvcsw++;
	next = pick_next_task(rq);
	next->rq_node.expired = false;
	if (next != prev) {
		u64 now = ktime_get_ns();

		__atomic_add_fetch(&prev->sum_exec_ns,
				   now - prev->exec_start_ns, __ATOMIC_RELAXED);
		next->exec_start_ns = now;
		rq->curr = next;
		rq->nr_switches++;
		__atomic_store_n(&next->on_cpu, 1, __ATOMIC_RELAXED);
		arch_set_current(next);
		/* After current is next (user-run excursions rely on it). */
		arch_set_kernel_stack((u64)next->stack + next->stack_size);
		arch_user_switch(&prev->uarch, &next->uarch);
		mm_switch(prev->mm, next->mm);
		prev = arch_context_switch(&prev->ctx, next->ctx.rsp, prev);
	}
	finish_task_switch(prev);
	arch_irq_restore(flags);
	free_dead_tasks();
}

/**
 * task_cpu_ns - the time @t has run on a CPU, in ns (Linux's
 * sum_exec_runtime, which /proc/<pid>/schedstat's first field shows):
 * what it accumulated at its switches out, plus the current stretch
 * when it is on a CPU now.
 * @t: a task (a reference held)
 *
 * Exact at every switch, never sampled by the tick: a task that runs a
 * little and sleeps a lot is not charged for ticks it happened to hit.
 * Context: any; a running task's value is a snapshot.
 * Return: nanoseconds.
 */
u64 task_cpu_ns(const struct task *t)
{
	u64 sum = __atomic_load_n(&t->sum_exec_ns, __ATOMIC_RELAXED);
	u64 start = __atomic_load_n(&t->exec_start_ns, __ATOMIC_RELAXED);
	u64 now = ktime_get_ns();

	if (__atomic_load_n(&t->on_cpu, __ATOMIC_ACQUIRE) && now > start)
		sum += now - start;
	return sum;
}

/**
 * schedule - give up the CPU; sleep if the task state says so.
 *
 * A task in a sleep state is taken off the run queue (unless a kill is
 * pending and the state is killable/interruptible); a TASK_RUNNING one
 * goes to the back of its queue.
 * Context: process context, preemption enabled (no spinlocks held).
 */
void schedule(void)
{
	if (unlikely(preempt_count()))
		panic("BUG: scheduling while atomic: %s/%d/0x%08x",
		      current->name, current->pid, preempt_count());
	__schedule(false);
}

/**
 * yield - let every other runnable task on this CPU run first.
 *
 * Context: process context, may sleep.
 */
void yield(void)
{
	__set_current_state(TASK_RUNNING);
	schedule();
}

/**
 * preempt_schedule - the preemption point of preempt_enable().
 *
 * Context: called when preempt_count dropped to zero. Nothing happens
 * with interrupts off (in an interrupt handler, or an _irqsave section
 * that will end later and offer the point again).
 */
void preempt_schedule(void)
{
	if (arch_irqs_disabled() || preempt_count() || !sched_running)
		return;
	if (!arch_need_resched()) {
		unsigned long flags;
		bool hit;

		if (!sched_perturb_on)
			return;
		flags = arch_irq_save();
		hit = perturb_draw(this_rq());
		arch_irq_restore(flags);
		if (!hit)
			return;
	}
	__schedule(true);
}

/**
 * cond_resched - a voluntary preemption point for long kernel loops.
 *
 * Context: process context, may sleep.
 */
void cond_resched(void)
{
	might_sleep();
	preempt_schedule();
}

/**
 * sched_preempt_irq - preempt the interrupted task if it asked for it.
 * @irqs_were_on: the interrupted code ran with interrupts on (only then
 *		  may it be preempted)
 *
 * Context: the common interrupt/exception exit, interrupts off, on the
 * interrupted task's stack, just before registers are restored. Returns
 * with interrupts off, possibly much later (after other tasks ran).
 */
void sched_preempt_irq(bool irqs_were_on)
{
	if (!sched_running || !irqs_were_on ||
	    preempt_count())
		return;
	while (arch_need_resched())
		__schedule(true);
}

/*
 * The reschedule IPI: need_resched is already set; the interrupt exit
 * (sched_preempt_irq) or the idle loop acts on it.
 */
static void sched_ipi_handler(struct trap_frame *f)
{
	(void)f;
	arch_irq_eoi();
}

/*
 * Pull one waiting task to this CPU from the busiest queue, if balancing
 * says so. Context: interrupts off. Return: true if a task moved here.
 */
static bool sched_balance(struct runqueue *rq)
{
	struct rq_load load[NR_CPUS];
	unsigned int n = __atomic_load_n(&nr_rqs, __ATOMIC_ACQUIRE);
	struct runqueue *src, *first, *second;
	struct rq_node *node;
	int busiest;

	load_snapshot(load, n);
	busiest = rq_find_busiest(load, n, rq->cpu);
	if (busiest < 0)
		return false;
	src = &runqueues[busiest];
	first = src->cpu < rq->cpu ? src : rq;
	second = first == src ? rq : src;
	spin_lock(&first->lock);
	spin_lock_nested(&second->lock, 1);	/* lower CPU first */
	node = rq_steal_candidate(&src->q, rq->cpu);
	if (node) {
		struct task *p = container_of(node, struct task, rq_node);

		rq_dequeue(&src->q, node);
		__atomic_store_n(&p->cpu, rq->cpu, __ATOMIC_RELEASE);
		rq_enqueue(&rq->q, node);
		if (rq->curr == rq->idle)
			set_need_resched_cpu(rq->cpu);
	}
	spin_unlock(&second->lock);
	spin_unlock(&first->lock);
	return node != NULL;
}

/**
 * sched_tick - account one tick to this CPU's running task.
 *
 * Ends the time slice (outside deterministic mode), balances every
 * SCHED_BALANCE_TICKS ticks, and feeds the soft-lockup watchdog.
 * Context: the tick interrupt on every CPU, interrupts off.
 */
void sched_tick(void)
{
	struct runqueue *rq;
	struct task *curr;

	if (!sched_running)
		return;
	rq = this_rq();
	if (!rq->online)
		return;
	curr = rq->curr;
	rq->ticks++;
	watchdog_tick(rq->cpu, preempt_count() == 0 || curr == rq->idle);
	if (curr == rq->idle) {
		if (__atomic_load_n(&rq->q.nr_queued, __ATOMIC_RELAXED))
			set_need_resched_cpu(rq->cpu);
	} else if (!sched_perturb_on && --curr->time_slice <= 0) {
		curr->time_slice = slice_ticks();
		if (__atomic_load_n(&rq->q.nr_queued, __ATOMIC_RELAXED)) {
			/* Behind the tasks woken meanwhile: see runqueue.h. */
			curr->rq_node.expired = true;
			set_need_resched_cpu(rq->cpu);
		}
	}
	if (!sched_perturb_on && rq->ticks % SCHED_BALANCE_TICKS ==
					 rq->cpu % SCHED_BALANCE_TICKS)
		sched_balance(rq);
}

static __noreturn void idle_loop(void)
{
	struct runqueue *rq = this_rq();

	for (;;) {
		while (!arch_need_resched()) {
			arch_irq_disable();
			if (sched_balance(rq) || arch_need_resched()) {
				if (rq->irqs_ok)
					arch_irq_enable();
				break;
			}
			if (rq->irqs_ok) {
				/* sti; hlt as one: no wakeup is lost between. */
				arch_safe_halt();
			} else {
				arch_cpu_relax();
			}
		}
		if (rq->irqs_ok)
			arch_irq_enable();
		schedule();
	}
}

/* First code of every new task: see arch_context_init(). */
static __noreturn void task_start(void *prev, void *arg)
{
	struct task *t = arg;

	finish_task_switch(prev);
	if (t->start_irqs_on || this_rq()->irqs_ok)
		arch_irq_enable();
	free_dead_tasks();
	if (t->flags & PF_IDLE)
		idle_loop();
	if (__atomic_load_n(&t->should_stop, __ATOMIC_ACQUIRE))
		task_exit(-EINTR);	/* kthread_stop() before it ever ran */
	task_exit(t->fn(t->arg));
}

/**
 * sched_task_init - scheduler state of a task from task_create().
 * @p: the new task, TASK_NEW
 *
 * Context: any.
 */
void sched_task_init(struct task *p)
{
	p->cpu = arch_this_cpu()->cpu;
	p->time_slice = slice_ticks();
	arch_context_init(&p->ctx, (u8 *)p->stack + p->stack_size, task_start,
			  p);
}

/**
 * sched_exit - switch away from the exiting task for the last time.
 *
 * Context: task_exit(), process context. The next task on this CPU puts
 * it on the CPU's dead list; it is freed from there.
 */
__noreturn void sched_exit(void)
{
	struct task *t = current;

	arch_irq_disable();
	/*
	 * Become TASK_DEAD under our own pi_lock: a waker holds it from its
	 * first look at the task to its last, so every wakeup in flight
	 * (kthread_run()'s, say, whose task may exit before the waker has
	 * unlocked) is over before the task can be switched out and freed.
	 * Wakeups that take the lock after this see TASK_DEAD and leave.
	 */
	spin_lock(&t->pi_lock);
	__atomic_store_n(&t->state, TASK_DEAD, __ATOMIC_RELEASE);
	spin_unlock(&t->pi_lock);
	__schedule(false);
	panic("dead task %s:%d was scheduled again", current->name,
	      current->pid);
}

/* Set up @rq for its CPU, whose idle task is @idle; not online yet. */
static void rq_init(struct runqueue *rq, unsigned int cpu, struct task *idle)
{
	spin_lock_init(&rq->lock, "runqueue");
	rq_queue_init(&rq->q);
	rq->cpu = cpu;
	rq->idle = idle;
	rq->curr = idle;
	rq_seed_rng(cpu, perturb_seed);
}

static void rq_online(struct runqueue *rq)
{
	unsigned int n = rq->cpu + 1;

	__atomic_fetch_or(&cpus_online, 1ULL << rq->cpu, __ATOMIC_RELEASE);
	__atomic_store_n(&rq->online, true, __ATOMIC_RELEASE);
	for (unsigned int old = __atomic_load_n(&nr_rqs, __ATOMIC_RELAXED);
	     old < n;)
		if (__atomic_compare_exchange_n(&nr_rqs, &old, n, false,
						__ATOMIC_RELEASE,
						__ATOMIC_RELAXED))
			break;
}

static void idle_task_setup(struct task *idle, unsigned int cpu)
{
	char name[TASK_COMM_LEN];

	snprintf(name, sizeof(name), "swapper/%u", cpu);
	task_setup_static(idle, name, 0, PF_KTHREAD | PF_IDLE);
	idle->cpu = cpu;
	idle->rq_node.cpus_allowed = 1ULL << cpu;
	idle->on_rq = true;
}

/**
 * sched_init - make the boot flow CPU 0's first task, "init".
 *
 * The code calling it becomes task pid 1 "init" running on the boot
 * stack; CPU 0 gets its idle task (pid 0, "swapper/0"). Other CPUs join
 * through sched_ap_idle().
 * Context: boot CPU, once, after mm_init() and before interrupts are on.
 */
void sched_init(void)
{
	struct runqueue *rq = &runqueues[0];
	struct task *idle = &idle_tasks[0];

	kstack_init();	/* task stacks, before the first task_create() */
	sched_deterministic(seed_param, (unsigned int)perturb_param);
	task_setup_static(&init_task, "init", 1, PF_KTHREAD);
	init_task.on_rq = true;
	init_task.on_cpu = 1;
	init_task.time_slice = slice_ticks();
	idle_task_setup(idle, 0);
	idle->stack = idle0_stack;
	idle->stack_size = sizeof(idle0_stack);
	*(u64 *)idle0_stack = TASK_STACK_CANARY;
	arch_context_init(&idle->ctx, idle0_stack + sizeof(idle0_stack),
			  task_start, idle);
	rq_init(rq, 0, idle);
	rq->curr = &init_task;
	task_list_add(&init_task);
	arch_this_cpu()->idle = idle;
	arch_this_cpu()->rq = rq;
	arch_set_current(&init_task);
	rq_online(rq);
	preempt_ready = true;
	arch_irq_set_handler(IPI_RESCHEDULE_VECTOR, sched_ipi_handler);
	__atomic_store_n(&sched_running, true, __ATOMIC_RELEASE);
	pr_info("sched: slice %llu ms%s\n", (unsigned long long)slice_ms,
		sched_perturb_on ? ", deterministic" : "");
	hung_task_init();	/* first runs once init sleeps, irqs on */
}

/**
 * sched_ap_idle - make the calling AP's boot flow its idle task.
 *
 * Context: an AP after its per-CPU area, GDT/IDT and local APIC (tick) are
 * set up, on its boot stack, interrupts off. Enables interrupts. The AP
 * starts taking tasks from here on.
 */
__noreturn void sched_ap_idle(void)
{
	unsigned int cpu = arch_this_cpu()->cpu;
	struct task *idle = &idle_tasks[cpu];
	struct runqueue *rq = &runqueues[cpu];

	idle_task_setup(idle, cpu);
	idle->on_cpu = 1;
	rq_init(rq, cpu, idle);
	rq->irqs_ok = true;
	arch_this_cpu()->idle = idle;
	arch_this_cpu()->rq = rq;
	arch_set_current(idle);
	rq_online(rq);
	arch_irq_enable();
	idle_loop();
}

void sched_set_cpus_allowed(struct task *p, u64 mask)
{
	BUG_ON(p->state != TASK_NEW || !mask);
	p->rq_node.cpus_allowed = mask;
	if (!((mask >> p->cpu) & 1))
		p->cpu = (unsigned int)__builtin_ctzll(mask);
}

unsigned int sched_nr_cpus(void)
{
	u64 m = __atomic_load_n(&cpus_online, __ATOMIC_ACQUIRE);
	unsigned int n = 0;

	for (; m; m &= m - 1)
		n++;
	return n;
}

u64 sched_cpus_online(void)
{
	return __atomic_load_n(&cpus_online, __ATOMIC_ACQUIRE);
}

u64 sched_nr_switches(unsigned int cpu)
{
	return __atomic_load_n(&runqueues[cpu].nr_switches, __ATOMIC_RELAXED);
}

/**
 * sched_deterministic - switch deterministic mode on (seed != 0) or off.
 * @seed: seed of the per-CPU generators
 * @perturb: preemptions per 1000 preemption points
 *
 * Reseeds every CPU's generator, so calling it again with the same seed
 * replays the same sequence of decisions.
 * Context: process context; the other CPUs should be idle for a replay.
 */
void sched_deterministic(u64 seed, unsigned int perturb)
{
	unsigned long flags = arch_irq_save();

	perturb_seed = seed;
	perturb_permille = perturb;
	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++)
		rq_seed_rng(cpu, seed);
	__atomic_store_n(&sched_perturb_on, seed != 0, __ATOMIC_RELEASE);
	/*
	 * A reschedule the tick asked for before (a slice that ran out) would
	 * preempt at the next point whatever the generator says: drop it, so
	 * that from here on every preemption on this CPU is a draw. The
	 * caller is running, so no waiting task is left stranded by it.
	 */
	if (seed && sched_running)
		__atomic_store_n(&arch_this_cpu()->need_resched, false,
				 __ATOMIC_RELAXED);
	arch_irq_restore(flags);
}

u64 sched_seed(void)
{
	return perturb_seed;
}

unsigned int sched_perturb_permille(void)
{
	return perturb_permille;
}

/**
 * sched_may_sleep - may the running code sleep here?
 *
 * The check of might_sleep(), without the report: false with preemption
 * or interrupts off (a spinlock held, preempt_disable(), an interrupt
 * handler). Before the scheduler runs, and during a panic, it says yes:
 * there is nothing to check against then.
 * Context: any.
 * Return: true if sleeping is allowed, false if might_sleep() would BUG.
 */
bool sched_may_sleep(void)
{
	if (!__atomic_load_n(&sched_running, __ATOMIC_RELAXED) ||
	    panic_in_progress)
		return true;
	return !preempt_count() && !arch_irqs_disabled();
}

void __might_sleep(const char *file, int line)
{
	if (likely(sched_may_sleep()))
		return;
	pr_emerg("BUG: sleeping function called from invalid context at %s:%d\n",
		 file, line);
	pr_emerg("in_atomic(): %d, irqs_disabled(): %d, pid: %d, name: %s\n",
		 preempt_count() != 0, arch_irqs_disabled(), current->pid,
		 current->name);
	bug_at(file, line, "might_sleep()");
}
