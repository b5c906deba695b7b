// SPDX-License-Identifier: MIT
/*
 * Memory cgroups: lifetime, the design switch, charging and the
 * counters (see mm/memcg.h). The decision order of a charge is
 * mm/memcg_design.c's; this file gives it the real stock, reclaim, OOM
 * killer and event counters, and the charging task's state.
 *
 * Invariant (KTEST_INVARIANT memcg_usage_balance): for every non-root
 * memcg, memory.current == the pages charged to it (memory.stat) + the
 * pages its per-CPU stocks hold + the memory.current of its children,
 * removed ones included.
 */
#include "kernel/cgroup.h"
#include "kernel/cmdline.h"
#include "kernel/ktest.h"
#include "kernel/panic.h"
#include "kernel/task.h"
#include "lib/errno.h"
#include "lib/list.h"
#include "mm/memcg.h"
#include "mm/memcg_design.h"
#include "mm/mm.h"
#include "mm/oom.h"
#include "mm/slab.h"
#include "mm/vmscan.h"

struct spinlock memcg_tree_lock = SPINLOCK_INIT("memcg_tree");
struct list_head memcg_list = LIST_HEAD_INIT(memcg_list); /* [t] */

struct memcg root_memcg = {
	.memory = { .max = PAGE_COUNTER_MAX },
	.cgroup = &cgroup_root,
	.high = PAGE_COUNTER_MAX,
	.swap_max = PAGE_COUNTER_MAX,
	.lruvec = { .lists = {
		LIST_HEAD_INIT(root_memcg.lruvec.lists[LRU_INACTIVE_FILE]),
		LIST_HEAD_INIT(root_memcg.lruvec.lists[LRU_ACTIVE_FILE]),
	} },
};

/* Linux 6.1 unless memcg.design= says otherwise. */
static unsigned int memcg_design = MEMCG_DESIGN_MOD;	/* [a] */
KPARAM_ENUM(memcg_design, "memcg.design", &memcg_design, memcg_design_names,
	    "memory cgroup charge path: pre|v419rfc|v419|v419plus|mod");

/**
 * memcg_get_design - the design charges follow now.
 *
 * Context: any. Return: the design.
 */
enum memcg_design memcg_get_design(void)
{
	return __atomic_load_n(&memcg_design, __ATOMIC_RELAXED);
}

/**
 * memcg_set_design - switch the design at run time; charges that already
 * started finish in the design they began with.
 * @d: the design
 *
 * Context: any.
 */
void memcg_set_design(enum memcg_design d)
{
	__atomic_store_n(&memcg_design, d, __ATOMIC_RELAXED);
}

/* Return: whether @m is @root or below it. */
bool memcg_is_descendant(const struct memcg *m, const struct memcg *root)
{
	for (; m; m = m->parent)
		if (m == root)
			return true;
	return false;
}

/**
 * memcg_alloc - the memory controller of a new cgroup.
 * @parent: the parent's memcg
 * @cg: the cgroup it belongs to (its references are the memcg's)
 *
 * Context: task context, may sleep.
 * Return: the memcg, without a limit; NULL without memory.
 */
struct memcg *memcg_alloc(struct memcg *parent, struct cgroup *cg)
{
	struct memcg *m = kzalloc(sizeof(*m), GFP_KERNEL);

	if (!m)
		return NULL;
	page_counter_init(&m->memory, &parent->memory);
	m->parent = parent;
	m->cgroup = cg;
	m->high = PAGE_COUNTER_MAX;
	m->swap_max = PAGE_COUNTER_MAX;
	lruvec_init(&m->lruvec);
	spin_lock(&memcg_tree_lock);
	list_add_tail(&m->node, &memcg_list);
	spin_unlock(&memcg_tree_lock);
	return m;
}

/**
 * memcg_offline - the cgroup was removed: give back the stock it holds
 * (Linux's mem_cgroup_css_offline()) and drop the page cache it paid
 * for, where Linux moves those pages to the parent's LRU; pages still
 * charged (anon, or a cached page being read) keep it alive.
 * @m: the memcg
 *
 * Context: task context.
 */
void memcg_offline(struct memcg *m)
{
	/* Before the drain: a kmem free after it keeps no stock. */
	__atomic_store_n(&m->offline, true, __ATOMIC_SEQ_CST);
	/* Linux's mem_cgroup_css_offline() drops the protection too. */
	__atomic_store_n(&m->min, 0, __ATOMIC_RELAXED);
	__atomic_store_n(&m->low, 0, __ATOMIC_RELAXED);
	memcg_oom_detach_listeners(m);
	memcg_drain_all_stock(m);
	try_to_free_mem_cgroup_pages(m, PAGE_COUNTER_MAX, GFP_KERNEL);
}

/**
 * memcg_free - free @m once its cgroup's last reference is gone.
 * @m: the memcg; nothing may be charged to it any more
 *
 * Context: any that may kfree().
 */
void memcg_free(struct memcg *m)
{
	WARN_ON(page_counter_read(&m->memory));
	spin_lock(&memcg_tree_lock);
	list_del_init(&m->node);
	spin_unlock(&memcg_tree_lock);
	kfree(m);
}

/* A reference on @m is one on its cgroup. Context: any. */
void memcg_get(struct memcg *m)
{
	cgroup_get(m->cgroup);
}

/* Drop a reference from memcg_get(). Context: any that may kfree(). */
void memcg_put(struct memcg *m)
{
	cgroup_put(m->cgroup);
}

/**
 * memcg_get_from_mm - the memcg that pays for @mm's pages: its owner's
 * (Linux's get_mem_cgroup_from_mm()).
 * @mm: the address space
 *
 * Context: any; the caller holds a reference on @mm.
 * Return: the memcg with a reference (memcg_put()); the root for an mm
 * without an owner.
 */
struct memcg *memcg_get_from_mm(struct mm *mm)
{
	struct task *owner = mm ? mm_owner(mm) : NULL;
	struct cgroup *cg;

	if (!owner) {
		memcg_get(&root_memcg);
		return &root_memcg;
	}
	cg = cgroup_get_task_domain(owner);	/* memory: a domain one */
	return cg->memcg;
}

/**
 * memcg_memory_event - count @ev on @m (memory.events.local), and in
 * memory.events on @m and, from Linux 5.2 (9852ae3fe529: V419PLUS, MOD),
 * on every non-root ancestor.
 * @m: the memcg
 * @ev: the event
 *
 * Context: any.
 */
void memcg_memory_event(struct memcg *m, enum memcg_event ev)
{
	bool up = memcg_get_design() >= MEMCG_DESIGN_V419PLUS;

	__atomic_add_fetch(&m->events_local[ev], 1, __ATOMIC_RELAXED);
	for (; m && !memcg_is_root(m); m = up ? m->parent : NULL)
		__atomic_add_fetch(&m->events[ev], 1, __ATOMIC_RELAXED);
}

/**
 * memcg_stat_add - @nr more pages of kind @item charged to @m.
 * @m: the memcg
 * @item: the memory.stat counter
 * @nr: pages (negative when uncharged)
 *
 * Context: any.
 */
void memcg_stat_add(struct memcg *m, enum memcg_stat_item item, long nr)
{
	__atomic_add_fetch(&m->stat[item], nr, __ATOMIC_RELAXED);
}

/**
 * memcg_reclaim - free clean page-cache pages charged to @m or below it,
 * so that a charge over @m's limit may fit (the charge path's reclaim
 * step in every design; Linux's try_to_free_mem_cgroup_pages()).
 * @m: the memcg over its limit
 * @nr: pages wanted
 * @gfp: the charge's flags
 *
 * Context: task context, no spinlock held.
 * Return: the pages freed (each uncharged from the memcg that paid).
 */
unsigned long memcg_reclaim(struct memcg *m, unsigned long nr, gfp_t gfp)
{
	return try_to_free_mem_cgroup_pages(m, nr, gfp);
}

static void memcg_warn_no_victim(void)
{
	oom_count_no_victim();
	warn_at(__FILE__, __LINE__,
		"Memory cgroup charge failed because of no reclaimable "
		"memory! This looks like a misconfiguration or a kernel bug.");
}

static void memcg_reread_dying(struct memcg_charger *who);

static const struct memcg_charge_ops memcg_kernel_ops = {
	.consume_stock = memcg_stock_consume,
	.refill_stock = memcg_stock_refill,
	.drain_all_stock = memcg_drain_all_stock,
	.reclaim = memcg_reclaim,
	.out_of_memory = memcg_oom_charge_kill,
	.event = memcg_memory_event,
	.warn_no_victim = memcg_warn_no_victim,
	.reread_dying = memcg_reread_dying,
};

/*
 * current as the charge path sees it: an OOM victim (Linux's
 * tsk_is_oom_victim()) is dying as much as a task with SIGKILL pending.
 */
static struct memcg_charger memcg_charger_of_current(void)
{
	struct task *t = current;
	bool fatal = fatal_signal_pending(t);

	return (struct memcg_charger){
		.in_user_fault = task_in_user_fault(t),
		.dying = fatal || (t->flags & PF_EXITING) ||
			 oom_task_is_victim(t),
		.fatal_signal = fatal,
		.in_oom = t->memcg_in_oom,
	};
}

static void memcg_reread_dying(struct memcg_charger *who)
{
	struct memcg_charger now = memcg_charger_of_current();

	who->dying = now.dying;
	who->fatal_signal = now.fatal_signal;
}

/**
 * memcg_charge - charge @nr pages to @m for current, in the design of the
 * moment.
 * @m: the memcg (the caller holds a reference)
 * @gfp: the allocation's flags
 * @nr: pages
 *
 * A charge whose OOM handling is deferred (PRE in a user fault; v1
 * oom_kill_disable) records @m in current->memcg_in_oom with a reference
 * for pagefault_out_of_memory(). Its uncharge is memcg_uncharge().
 * Context: task context; may sleep (reclaim, OOM) when @gfp allows
 * blocking; no spinlocks held.
 * Return: 0 (charged, perhaps forced over the limit); -ENOMEM.
 */
int memcg_charge(struct memcg *m, gfp_t gfp, unsigned int nr)
{
	struct memcg_charger who;
	enum memcg_charge_result r;

	/*
	 * A stock hit (step 2) ends the charge in every design before
	 * anything about current matters, as in Linux's try_charge(): read
	 * current only on a miss, which keeps the hit cheaper than the
	 * page counter.
	 */
	if (!memcg_is_root(m) && memcg_stock_consume(m, nr))
		return 0;
	who = memcg_charger_of_current();
	r = memcg_design_try_charge(memcg_get_design(), m, gfp, nr, &who,
				    &memcg_kernel_ops);
	if (r == MEMCG_CHARGED && who.charged) {
		memcg_high_mark(m, who.charged);
		memcg_high_sync(gfp);
	}
	if (r == MEMCG_OOM_ASYNC) {
		memcg_get(who.in_oom);
		current->memcg_in_oom = who.in_oom;
		current->memcg_oom_gfp_mask = who.oom_gfp;
		current->memcg_oom_order = who.oom_order;
	}
	return r == MEMCG_CHARGED || r == MEMCG_FORCED ? 0 : -ENOMEM;
}

/**
 * memcg_charge_kernel - charge @nr pages of kernel memory allocated with
 * __GFP_ACCOUNT to @m (kmem: Linux's obj_cgroup charge of a slab object
 * or kernel stack), the scenario code's "kernel charge".
 * @m: the memcg (the caller holds a reference)
 * @gfp: the allocation's flags, as the allocator would pass them
 * @nr: pages
 *
 * Each page holds a reference on @m; the uncharge is
 * memcg_uncharge_kernel(@m, @nr).
 * Context: as memcg_charge().
 * Return: 0; -ENOMEM.
 */
int memcg_charge_kernel(struct memcg *m, gfp_t gfp, unsigned int nr)
{
	int err = memcg_charge(m, gfp, nr);

	if (err)
		return err;
	memcg_stat_add(m, MEMCG_KERNEL, nr);
	for (unsigned int i = 0; i < nr; i++)
		memcg_get(m);
	return 0;
}

/**
 * memcg_uncharge_kernel - undo memcg_charge_kernel().
 * @m: the memcg
 * @nr: pages
 *
 * Context: any, no sleeping.
 */
void memcg_uncharge_kernel(struct memcg *m, unsigned int nr)
{
	memcg_stat_add(m, MEMCG_KERNEL, -(long)nr);
	memcg_uncharge(m, nr);
	for (unsigned int i = 0; i < nr; i++)
		memcg_put(m);
}

/**
 * memcg_uncharge - give back @nr pages charged by memcg_charge(), and
 * wake OOM waiters of the hierarchy (Linux's uncharge_batch()).
 * @m: the memcg
 * @nr: pages
 *
 * Context: any, no sleeping.
 */
void memcg_uncharge(struct memcg *m, unsigned int nr)
{
	if (memcg_is_root(m))
		return;
	page_counter_uncharge(&m->memory, nr);
	memcg_oom_recover(m);
}

/**
 * memcg_event_read - a memory.events (or .local) counter.
 * @m: the memcg
 * @ev: the event
 * @local: memory.events.local instead
 *
 * Context: any. Return: the count.
 */
long memcg_event_read(const struct memcg *m, enum memcg_event ev, bool local)
{
	return __atomic_load_n(local ? &m->events_local[ev] : &m->events[ev],
			       __ATOMIC_RELAXED);
}

/**
 * memcg_stat_read - a memory.stat counter, @m's subtree included (as
 * Linux's memory.stat is hierarchical).
 * @m: the memcg
 * @item: the counter
 *
 * Context: any; takes memcg_tree_lock.
 * Return: pages.
 */
long memcg_stat_read(const struct memcg *m, enum memcg_stat_item item)
{
	long n = __atomic_load_n(&m->stat[item], __ATOMIC_RELAXED);
	struct memcg *d;

	spin_lock(&memcg_tree_lock);
	list_for_each_entry(d, &memcg_list, node)
		if (d != m && memcg_is_descendant(d, m))
			n += __atomic_load_n(&d->stat[item], __ATOMIC_RELAXED);
	spin_unlock(&memcg_tree_lock);
	return n;
}

/* Pages charged to @m itself (all memory.stat items). */
static long memcg_local_pages(const struct memcg *m)
{
	long n = 0;

	for (int i = 0; i < MEMCG_NR_CHARGE_STAT; i++)
		n += __atomic_load_n(&m->stat[i], __ATOMIC_RELAXED);
	return n;
}

/* The number of memcgs whose usage is not what was charged to them. */
static u64 memcg_usage_mismatches(void)
{
	struct memcg *m, *c;
	u64 bad = 0;

	spin_lock(&memcg_tree_lock);
	list_for_each_entry(m, &memcg_list, node) {
		long want = memcg_local_pages(m) + memcg_stock_pages(m);

		list_for_each_entry(c, &memcg_list, node)
			if (c->parent == m)
				want += page_counter_read(&c->memory);
		bad += want != page_counter_read(&m->memory);
	}
	spin_unlock(&memcg_tree_lock);
	return bad;
}

KTEST_INVARIANT(memcg_usage_balance, memcg_usage_mismatches);
