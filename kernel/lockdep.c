// SPDX-License-Identifier: MIT
/*
 * The lock-dependency validator (kernel/lockdep.h): classes, the
 * dependency graph, the held-lock stacks and the checks made on every
 * acquisition. The reports themselves are in kernel/lockdep_report.c.
 *
 * Held locks: spinlocks on a stack per CPU (a CPU cannot switch tasks
 * while holding one, except the run-queue lock, which the next task
 * releases on the same CPU), sleeping locks on a stack per task, kept in
 * a small table of the tasks that hold any. A hardirq sees only what it
 * took itself: its entries start at the CPU stack's depth on entry.
 *
 * The graph is an adjacency bit matrix over classes: the hot path only
 * reads bits (they are never cleared) and takes graph_lock only to add a
 * class or an edge. All tables are static and bounded: when one fills,
 * the validator says so once and turns itself off.
 *
 * Locking: [g] graph_lock (a raw spin word, not itself tracked, taken
 * with interrupts off); [c] this CPU with interrupts off; [t] the task
 * owning the slot; [a] atomic.
 */
#include "kernel/lockdep.h"

#ifdef CONFIG_LOCKDEP
#include <arch/cpu.h>
#include <arch/percpu.h>
#include "kernel/cmdline.h"
#include "kernel/ktest.h"
#include "kernel/lock_order.h"
#include "kernel/lockdep_internal.h"
#include "kernel/panic.h"
#include "kernel/preempt.h"
#include "kernel/printk.h"
#include "kernel/task.h"
#include "lib/string.h"

#define CLASS_HASH_SIZE	1024	/* power of two, > LOCKDEP_CLASSES_MAX */
#define TASK_SLOTS	LOCKDEP_TASK_SLOTS

struct lockdep_state lockdep = { .on = true };

static u32 graph_lock_word;				/* [a] */
static u16 class_hash[CLASS_HASH_SIZE];			/* [g] class + 1 */
static struct cpu_held cpu_held[NR_CPUS];		/* [c] */
static const void *slot_owner[TASK_SLOTS];		/* [a] */
static unsigned int slot_top;	/* [a] slots ever used: the scan's end */
static struct held_stack slot_held[TASK_SLOTS];		/* [t] */
static const char boot_flow;	/* the owner before the first task */

static unsigned int dump_edges;
KPARAM_UINT(lockdep_dump, "lockdep.dump", &dump_edges, 0, 1,
	    "print every lock class and dependency the validator records");

void lockdep_graph_lock(void)
{
	while (__atomic_exchange_n(&graph_lock_word, 1, __ATOMIC_ACQUIRE))
		while (__atomic_load_n(&graph_lock_word, __ATOMIC_RELAXED))
			arch_cpu_relax();
}

void lockdep_graph_unlock(void)
{
	__atomic_store_n(&graph_lock_word, 0, __ATOMIC_RELEASE);
}

bool lockdep_enabled(void)
{
	return __atomic_load_n(&lockdep.on, __ATOMIC_ACQUIRE);
}

/* Turn the validator off for good, saying why once. [c] */
void lockdep_off(const char *why)
{
	if (!__atomic_exchange_n(&lockdep.on, false, __ATOMIC_ACQ_REL))
		return;
	if (why)
		pr_warn("lockdep: %s: validator turned off\n", why);
}

struct cpu_held *lockdep_this_cpu(void)
{
	return &cpu_held[likely(preempt_ready) ? arch_this_cpu_id() : 0];
}

/* Whose sleeping locks: the running task, or the boot flow before it. */
static const void *lock_owner(void)
{
	return likely(preempt_ready) ? (const void *)current : &boot_flow;
}

static void slot_top_raise(unsigned int top)
{
	unsigned int old = __atomic_load_n(&slot_top, __ATOMIC_RELAXED);

	while (old < top &&
	       !__atomic_compare_exchange_n(&slot_top, &old, top, false,
					    __ATOMIC_RELEASE, __ATOMIC_RELAXED))
		;
}

/* The running task's held-sleeping-lock stack; NULL if it has none and
 * @create is false (or the table is full). */
struct held_stack *lockdep_task_stack(bool create)
{
	struct cpu_held *ch = lockdep_this_cpu();
	const void *me = lock_owner();

	if (__atomic_load_n(&slot_owner[ch->slot_hint], __ATOMIC_ACQUIRE) == me)
		return &slot_held[ch->slot_hint];
	for (unsigned int i = 0; i < __atomic_load_n(&slot_top, __ATOMIC_ACQUIRE);
	     i++) {
		if (__atomic_load_n(&slot_owner[i], __ATOMIC_ACQUIRE) == me) {
			ch->slot_hint = i;
			return &slot_held[i];
		}
	}
	if (!create)
		return NULL;
	for (unsigned int i = 0; i < TASK_SLOTS; i++) {
		const void *none = NULL;

		if (__atomic_compare_exchange_n(&slot_owner[i], &none, me,
						false, __ATOMIC_ACQ_REL,
						__ATOMIC_RELAXED)) {
			slot_held[i].nr = 0;
			ch->slot_hint = i;
			slot_top_raise(i + 1);
			return &slot_held[i];
		}
	}
	lockdep_off("more tasks hold sleeping locks than the table has slots");
	return NULL;
}

/*
 * The sleeping locks held by the owner of slot @i (a task, or NULL for a
 * free slot or the boot flow): *@owner is set, the stack returned. Read
 * without the owner's cooperation: another task's stack may change under
 * the reader (lockdep_show_all_locks() says so, as Linux's does).
 */
const struct held_stack *lockdep_slot(unsigned int i, const void **owner)
{
	const void *o = NULL;

	if (i < __atomic_load_n(&slot_top, __ATOMIC_ACQUIRE))
		o = __atomic_load_n(&slot_owner[i], __ATOMIC_ACQUIRE);
	*owner = o == &boot_flow ? NULL : o;
	return &slot_held[i];
}

static void task_stack_put(struct held_stack *hs)
{
	if (hs->nr)
		return;
	__atomic_store_n(&slot_owner[hs - slot_held], NULL, __ATOMIC_RELEASE);
}

/* ---- classes ---- */

static u32 hash_name(const char *s)
{
	u32 h = 2166136261u;

	while (*s)
		h = (h ^ (u8)*s++) * 16777619u;
	return h;
}

static u32 class_hash_of(const struct lock_class_key *key, const char *name)
{
	return key ? (u32)((uintptr_t)key >> 3) * 2654435761u :
		     hash_name(name);
}

static bool class_is(const struct lock_class *c,
		     const struct lock_class_key *key, const char *name)
{
	if (c->key != key)
		return false;
	return key || !strcmp(c->name, name);
}

/* A new class, or -1 when the table is full. [g] */
static int class_new(const struct lock_class_key *key, const char *name,
		     unsigned int subclass, unsigned int rank)
{
	struct lock_class *c;

	if (lockdep.nr_classes == LOCKDEP_CLASSES_MAX) {
		lockdep_off("lock class table full");
		return -1;
	}
	c = &lockdep.classes[lockdep.nr_classes];
	c->key = key;
	c->name = name;
	c->subclass = subclass;
	c->rank = rank;
	c->capture = key && key->capture;
	return (int)lockdep.nr_classes++;
}

/* Find or make the subclass-0 class of @key or @name. [g] */
static int class_find_base(const struct lock_class_key *key, const char *name)
{
	u32 i = class_hash_of(key, name) & (CLASS_HASH_SIZE - 1);
	unsigned int rank;
	int c;

	for (; class_hash[i]; i = (i + 1) & (CLASS_HASH_SIZE - 1))
		if (class_is(&lockdep.classes[class_hash[i] - 1], key, name))
			return class_hash[i] - 1;
	if (key && key->name)
		name = key->name;
	rank = key && key->rank ? key->rank : lock_order_rank(name);
	c = class_new(key, name, 0, rank);
	if (c >= 0)
		class_hash[i] = (u16)(c + 1);
	return c;
}

static int class_find_sub(int base, unsigned int subclass)
{
	struct lock_class *b = &lockdep.classes[base];
	int c = b->sub[subclass] - 1;

	if (c >= 0)
		return c;
	c = class_new(b->key, b->name, subclass, b->rank);
	if (c >= 0)
		b->sub[subclass] = (u16)(c + 1);
	return c;
}

/* The class of @m's lock at @subclass; -1 if the validator went off. [c] */
static int map_class(struct lockdep_map *m, const char *name,
		     unsigned int subclass)
{
	int base = __atomic_load_n(&m->class, __ATOMIC_RELAXED) - 1;
	int c;

	if (base >= 0 && !subclass)
		return base;
	lockdep_graph_lock();
	if (base < 0)
		base = class_find_base(m->key, name ? name : "(unnamed)");
	c = base >= 0 && subclass ? class_find_sub(base, subclass) : base;
	lockdep_graph_unlock();
	if (base >= 0)
		__atomic_store_n(&m->class, (u16)(base + 1), __ATOMIC_RELAXED);
	if (c >= 0 && dump_edges && !lockdep.classes[c].dumped) {
		lockdep.classes[c].dumped = true;
		pr_info("lockdep: class %s/%u rank %u\n", lockdep.classes[c].name,
			subclass, lockdep.classes[c].rank);
	}
	return c;
}

/* ---- the graph ---- */

static bool dep_test(unsigned int from, unsigned int to)
{
	return __atomic_load_n(&lockdep.deps[from][to / 64],
			       __ATOMIC_RELAXED) >> (to % 64) & 1;
}

/*
 * Breadth-first search from @from for @to; on success lockdep.parent[]
 * leads back from @to to @from. [g]
 */
bool lockdep_path(unsigned int from, unsigned int to)
{
	static u16 queue[LOCKDEP_CLASSES_MAX];
	static u64 seen[LOCKDEP_CLASSES_MAX / 64];
	unsigned int head = 0, tail = 0;

	memset(seen, 0, sizeof(seen));
	queue[tail++] = (u16)from;
	seen[from / 64] |= 1ULL << (from % 64);
	while (head < tail) {
		unsigned int c = queue[head++];

		if (c == to)
			return true;
		for (unsigned int w = 0; w < LOCKDEP_CLASSES_MAX / 64; w++) {
			u64 next = lockdep.deps[c][w] & ~seen[w];

			seen[w] |= next;
			while (next) {
				unsigned int n = w * 64 + __builtin_ctzll(next);

				next &= next - 1;
				lockdep.parent[n] = (u16)c;
				queue[tail++] = (u16)n;
			}
		}
	}
	return false;
}

/* Record @prev -> @next; false when the edge table is full. [g] */
static bool edge_add(const struct held_lock *prev, unsigned int next,
		     unsigned long ip)
{
	struct lock_edge *e;

	if (lockdep.nr_edges == LOCKDEP_EDGES_MAX) {
		lockdep_off("lock dependency table full");
		return false;
	}
	e = &lockdep.edges[lockdep.nr_edges++];
	e->from = prev->class;
	e->to = (u16)next;
	e->from_ip = prev->ip;
	e->to_ip = ip;
	__atomic_or_fetch(&lockdep.deps[prev->class][next / 64],
			  1ULL << (next % 64), __ATOMIC_RELAXED);
	return true;
}

static bool rank_ok(const struct lock_class *held, const struct lock_class *c)
{
	if (!held->rank || !c->rank)
		return true;
	if (held->rank != c->rank)
		return held->rank < c->rank;
	/* Nesting within one rank: one class, in subclass order. */
	return held->key == c->key && !strcmp(held->name, c->name) &&
	       held->subclass < c->subclass;
}

/* Check and record the dependency @prev -> @next. False: reported. [c] */
static bool check_dep(const struct held_lock *prev, unsigned int next,
		      struct acquire *a)
{
	const struct lock_class *pc = &lockdep.classes[prev->class];
	bool added, cycle;

	if (prev->class == next) {
		lockdep_report_recursion(prev, a);
		return false;
	}
	if (!rank_ok(pc, &lockdep.classes[next])) {
		lockdep_report_rank(prev, a);
		return false;
	}
	if (dep_test(prev->class, next))
		return true;
	lockdep_graph_lock();
	cycle = !dep_test(prev->class, next) &&
		lockdep_path(next, prev->class);
	added = !cycle && !dep_test(prev->class, next) &&
		edge_add(prev, next, a->ip);
	if (cycle)
		lockdep_report_cycle(prev, a);	/* drops graph_lock */
	else
		lockdep_graph_unlock();
	if (added && dump_edges)
		pr_info("lockdep: dependency %s/%u -> %s/%u at %pS\n", pc->name,
			pc->subclass, lockdep.classes[next].name,
			lockdep.classes[next].subclass, (void *)a->ip);
	return !cycle;
}

/* The held locks @a's acquisition depends on: the hardirq's own, or the
 * CPU's spinlocks and the task's sleeping locks. */
static bool check_deps(struct acquire *a)
{
	struct cpu_held *ch = a->cpu;

	for (unsigned int i = lockdep_irq_base(ch); i < ch->stack.nr; i++)
		if (!check_dep(&ch->stack.held[i], a->class, a))
			return false;
	if (lockdep_in_irq(ch) || !a->task)
		return true;
	for (unsigned int i = 0; i < a->task->nr; i++)
		if (!check_dep(&a->task->held[i], a->class, a))
			return false;
	return true;
}

/* Hardirq use against use with interrupts on, in either order. */
static bool check_irq_usage(struct acquire *a)
{
	struct lock_class *c = &lockdep.classes[a->class];
	u8 mine, other, old;

	if (lockdep_in_irq(a->cpu)) {
		mine = LOCK_USED_IN_IRQ;
		other = LOCK_ENABLED_IRQ;
	} else if (a->irqs_on) {
		mine = LOCK_ENABLED_IRQ;
		other = LOCK_USED_IN_IRQ;
	} else {
		return true;
	}
	if (__atomic_load_n(&c->usage, __ATOMIC_RELAXED) & mine)
		return true;
	if (mine == LOCK_USED_IN_IRQ)
		c->irq_ip = a->ip;
	else
		c->irqon_ip = a->ip;
	old = __atomic_fetch_or(&c->usage, mine, __ATOMIC_ACQ_REL);
	if (!(old & other))
		return true;
	lockdep_report_irq(a);
	return false;
}

/* A sleeping lock may not be waited for with a spinlock held. */
static bool check_sleep(struct acquire *a)
{
	struct cpu_held *ch = a->cpu;

	if (!(a->flags & LOCKDEP_SLEEP) || (a->flags & LOCKDEP_TRY))
		return true;
	if (ch->stack.nr == lockdep_irq_base(ch) && !lockdep_in_irq(ch))
		return true;
	lockdep_report_sleep(a);
	return false;
}

static void push(struct held_stack *hs, struct lockdep_map *m,
		 const struct acquire *a, unsigned int max)
{
	struct held_lock *h;

	if (hs->nr == max) {
		lockdep_off("too many locks held at once");
		return;
	}
	h = &hs->held[hs->nr++];
	h->map = m;
	h->ip = a->ip;
	h->class = (u16)a->class;
	h->flags = (u8)a->flags;
}

/**
 * lockdep_acquire - check and record that @m's lock is being taken.
 * @m: the lock's map
 * @name: the lock's name, names its class when that is new
 * @subclass: 0, or the nesting level of a second lock of the same class
 * @flags: LOCKDEP_SLEEP, LOCKDEP_TRY, LOCKDEP_READ
 * @ip: the acquisition site; 0: the caller's own call site
 *
 * Called before waiting for the lock (for a trylock: once it succeeded),
 * so a deadlock is reported before it happens. A failed check prints
 * its report and the validator stops; the acquisition goes on either way.
 * Context: any, including hardirq and before the first task.
 */
void lockdep_acquire(struct lockdep_map *m, const char *name,
		     unsigned int subclass, unsigned int flags,
		     unsigned long ip)
{
	struct acquire a = { .flags = flags, .subclass = subclass };
	unsigned long irqflags;

	if (unlikely(!lockdep_enabled() || panic_in_progress))
		return;
	a.ip = ip ? ip : (unsigned long)__builtin_return_address(0);
	irqflags = arch_irq_save();
	a.irqs_on = !arch_irqs_disabled_flags(irqflags);
	a.cpu = lockdep_this_cpu();
	if (a.cpu->busy++)
		goto out;
	a.class = map_class(m, name, subclass);
	if (a.class < 0)
		goto out;
	a.task = (flags & LOCKDEP_SLEEP) || !lockdep_in_irq(a.cpu) ?
		lockdep_task_stack(flags & LOCKDEP_SLEEP) : NULL;
	if (check_irq_usage(&a) && check_sleep(&a) &&
	    !(flags & LOCKDEP_TRY))
		check_deps(&a);
	if ((flags & LOCKDEP_SLEEP) && !lockdep_in_irq(a.cpu)) {
		if (a.task)
			push(a.task, m, &a, LOCKDEP_TASK_HELD_MAX);
	} else {
		push(&a.cpu->stack, m, &a, LOCKDEP_CPU_HELD_MAX);
	}
out:
	a.cpu->busy--;
	arch_irq_restore(irqflags);
}

static bool pop(struct held_stack *hs, unsigned int from,
		const struct lockdep_map *m)
{
	for (int i = (int)hs->nr - 1; i >= (int)from; i--) {
		if (hs->held[i].map != m)
			continue;
		for (; i + 1 < (int)hs->nr; i++)
			hs->held[i] = hs->held[i + 1];
		hs->nr--;
		return true;
	}
	return false;
}

/**
 * lockdep_release - forget that @m's lock is held.
 * @m: the lock's map
 *
 * A lock the validator did not see taken (it was busy or off then) is
 * not on any stack and is ignored.
 * Context: any, the context that took the lock.
 */
void lockdep_release(struct lockdep_map *m)
{
	unsigned long irqflags;
	struct held_stack *ts;
	struct cpu_held *ch;

	if (unlikely(!lockdep_enabled() || panic_in_progress))
		return;
	irqflags = arch_irq_save();
	ch = lockdep_this_cpu();
	if (!ch->busy++ && !pop(&ch->stack, lockdep_irq_base(ch), m) &&
	    !lockdep_in_irq(ch)) {
		ts = lockdep_task_stack(false);
		if (ts && pop(ts, 0, m))
			task_stack_put(ts);
	}
	ch->busy--;
	arch_irq_restore(irqflags);
}

/**
 * lockdep_hardirq_enter - an interrupt handler starts on this CPU.
 *
 * Locks it takes depend only on each other, not on what the interrupted
 * code holds; and they mark their classes as used in hardirq context.
 * Context: interrupt entry, interrupts off.
 */
void lockdep_hardirq_enter(void)
{
	struct cpu_held *ch = lockdep_this_cpu();

	if (ch->irq_depth < LOCKDEP_IRQ_NEST_MAX)
		ch->irq_base[ch->irq_depth] = ch->stack.nr;
	ch->irq_depth++;
}

/**
 * lockdep_hardirq_exit - the handler that lockdep_hardirq_enter() began
 * is done.
 *
 * Context: interrupt exit, interrupts off.
 */
void lockdep_hardirq_exit(void)
{
	lockdep_this_cpu()->irq_depth--;
}

/**
 * lockdep_report_count - reports printed since boot (not captured ones).
 *
 * Context: any.
 * Return: the count; a ktest case during which it grows fails.
 */
unsigned int lockdep_report_count(void)
{
	return __atomic_load_n(&lockdep.reports, __ATOMIC_ACQUIRE);
}

static u64 lockdep_reports_read(void)
{
	return lockdep_report_count();
}

KTEST_INVARIANT(lockdep_reports, lockdep_reports_read);

#endif /* CONFIG_LOCKDEP */
