// SPDX-License-Identifier: MIT
/*
 * The OOM killer's invocation and scan (Linux's out_of_memory(),
 * select_bad_process(), mem_cgroup_out_of_memory() and the #PF entry
 * pagefault_out_of_memory()). One invocation at a time: the global
 * oom_lock serialises them, so a second charger that failed at the same
 * moment sees the first one's victim and aborts its scan instead of
 * killing again. Killing is mm/oom_kill.c; the log is mm/oom_report.c.
 *
 * Locking: oom_lock (a mutex, "oom_lock" in kernel/lock_order.h: taken
 * with mmap_lock read-held by a faulting charger, above the process list
 * lock the scan takes).
 */
#include "fs/proc.h"
#include "kernel/mutex.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/process.h"
#include "kernel/process_init.h"
#include "kernel/sched.h"
#include "kernel/task.h"
#include "mm/memcg.h"
#include "mm/mm.h"
#include "mm/oom.h"
#include "mm/oom_badness.h"
#include "mm/oom_internal.h"
#include "mm/oom_reaper.h"
#include "mm/page_alloc.h"

static DEFINE_MUTEX(oom_lock);

/* Linux's task_is_dying(): a fatal signal, an exit, or a victim mark. */
static bool current_is_dying(void)
{
	return fatal_signal_pending(current) ||
	       (current->flags & PF_EXITING) || oom_task_is_victim(current);
}

/* The domain's size: memory.max of the memcg (no swap), or all RAM. */
static unsigned long oom_totalpages(struct memcg *m)
{
	unsigned long max;

	if (!m)
		return nr_managed_pages() ? nr_managed_pages() : 1;
	max = (unsigned long)page_counter_max(&m->memory);
	return max ? max : 1;
}

/* Is @p in the domain: any process for the machine, else its subtree? */
bool oom_in_domain(const struct oom_control *oc, struct process *p)
{
	return !oc->memcg || memcg_is_descendant(oom_process_memcg(p),
						  oc->memcg);
}

/*
 * oom_badness() of @p: its mm's resident pages and page tables (Linux's
 * mm_pgtables_bytes(), the top-level table left out), no swap. A process
 * without an mm is no candidate.
 */
long oom_process_badness(const struct oom_control *oc, struct process *p)
{
	struct oom_badness_input in;
	struct mm *mm;

	/* oom_unkillable_task(): never the global init. */
	if (process_is_init(p))
		return OOM_BADNESS_INELIGIBLE;
	mm = oom_process_mm(p);
	if (!mm)
		return OOM_BADNESS_INELIGIBLE;
	in = (struct oom_badness_input){
		.rss = mm_rss_total(mm),
		.pgtables_bytes = mm_pgtables_bytes(mm),
		.oom_score_adj = __atomic_load_n(&p->oom_score_adj,
						 __ATOMIC_RELAXED),
		.mm_skip = mm_flag_test(mm, MMF_OOM_SKIP),
	};
	mmdrop(mm);
	return oom_badness_points(oc->design, &in, oc->totalpages);
}

/*
 * oom_evaluate_task() for one process: a victim still releasing its
 * memory aborts the scan, one whose mm has MMF_OOM_SKIP is passed over.
 * Return: false to stop the scan.
 */
static bool oom_evaluate(struct oom_control *oc, struct process *p)
{
	struct mm *victim_mm = __atomic_load_n(&p->oom_mm, __ATOMIC_ACQUIRE);
	long points;

	if (!oom_in_domain(oc, p) || process_is_init(p))
		return true;	/* oom_unkillable_task() */
	if (victim_mm) {
		if (mm_flag_test(victim_mm, MMF_OOM_SKIP))
			return true;
		oc->aborted = true;
		return false;
	}
	points = oom_process_badness(oc, p);
	if (!oom_badness_beats(oc->design, points, oc->chosen_points,
			       oc->chosen))
		return true;
	oc->chosen = p;
	oc->chosen_points = points;
	return true;
}

/* select_bad_process(): leaves oc->chosen with a reference, or NULL. */
static void oom_select(struct oom_control *oc)
{
	struct process *p;

	oc->chosen = NULL;
	oc->aborted = false;
	process_list_lock();
	for_each_process(p)
		if (!oom_evaluate(oc, p))
			break;
	if (oc->aborted)
		oc->chosen = NULL;
	if (oc->chosen)
		process_get(oc->chosen);
	process_list_unlock();
}

/*
 * Linux's out_of_memory() with oom_lock held, in its order: the caller's
 * own exit frees memory soon (no kill, no event); a filesystem
 * allocation may not kill (up to 4.19 for a memcg, 4.20-5.4's fix
 * f9c645621a28 left global OOMs); otherwise select and kill.
 * Return: true when something was (or will be) freed: a kill, the
 * caller's exit, or a victim still pending; false when no process
 * could be chosen.
 */
static bool out_of_memory(struct oom_control *oc)
{
	struct process *self = process_current();
	struct mm *mm = self ? oom_process_mm(self) : NULL;
	bool freeing = mm && oom_will_free_mem(self, mm);

	if (freeing) {
		oom_mark_victim(self, mm);
		oom_reaper_enqueue(self, mm);
	}
	if (mm)
		mmdrop(mm);
	if (freeing)
		return true;
	if (oc->gfp && !(oc->gfp & __GFP_FS) &&
	    (!oc->memcg || oc->design <= MEMCG_DESIGN_V419))
		return true;
	oc->totalpages = oom_totalpages(oc->memcg);
	oom_select(oc);
	if (!oc->chosen && !oc->aborted) {
		/* Up to 4.19-rc a memcg with no victim said nothing here
		 * (the reviewed patch WARNed in the charge path instead);
		 * 4.19.0 prints the header (Weiner's "print proper OOM
		 * header when no eligible victim left"). */
		if (oc->memcg && oc->design < MEMCG_DESIGN_V419)
			return false;
		oom_dump_header(oc, NULL);
		pr_warn("Out of memory and no killable processes...\n");
		if (oc->memcg)
			oom_count_no_victim();
		if (!oc->memcg)
			panic("System is deadlocked on memory\n");
		return false;
	}
	if (oc->chosen) {
		oom_kill_process(oc, oc->memcg ? "Memory cgroup out of memory"
					       : "Out of memory");
		process_put(oc->chosen);
	}
	return true;
}

/**
 * mem_cgroup_out_of_memory - kill a process in @memcg's subtree to bring
 * it under its limit (Linux's mem_cgroup_out_of_memory()).
 * @memcg: the memcg over its limit (mem_over_limit)
 * @gfp: the failed charge's flags (printed in the OOM header)
 * @order: its order
 *
 * V419PLUS and MOD wait for oom_lock killably (7775face2079: a killed
 * charger does not kill) and skip the kill when a parallel OOM already
 * made room (1378b37d03e8); MOD also kills nothing for a dying caller.
 * Context: task context, may sleep; no spinlocks held.
 * Return: true when a process was killed, a victim is still pending or
 * room appeared (the charge retries); false when there is no eligible
 * process.
 */
bool mem_cgroup_out_of_memory(struct memcg *memcg, gfp_t gfp, int order)
{
	struct oom_control oc = {
		.memcg = memcg, .gfp = gfp, .order = order,
		.design = memcg_get_design(),
	};
	bool ret;

	might_sleep();
	if (oc.design >= MEMCG_DESIGN_V419PLUS) {
		if (mutex_lock_killable(&oom_lock))
			return true;
	} else {
		mutex_lock(&oom_lock);
	}
	if (oc.design >= MEMCG_DESIGN_V419PLUS &&
	    page_counter_margin(&memcg->memory) >= (1UL << order))
		ret = true;
	else if (oc.design == MEMCG_DESIGN_MOD && current_is_dying())
		ret = true;
	else
		ret = out_of_memory(&oc);
	mutex_unlock(&oom_lock);
	if (oc.aborted)		/* a victim is pending: oomlab waits */
		oom_reaper_throttle();
	return ret;
}

/**
 * oom_global_from_fault - the global OOM killer for a user fault that
 * found no memory and recorded no memcg OOM (Linux's
 * pagefault_out_of_memory() up to 5.15: PRE, V419RFC, V419, V419PLUS).
 * Linux 5.16 on (60e2793d440a, MOD) never kills from #PF: its page
 * allocator runs the global OOM killer itself, which oomlab's does not.
 *
 * An OOM already running elsewhere is left to finish (a trylock, as
 * Linux): the fault is retried either way.
 * Context: task context, no locks held (the fault dropped mmap_lock).
 * Return: true when the global OOM killer ran; false when the design
 * does not run it from #PF or another OOM held the lock.
 */
bool oom_global_from_fault(void)
{
	struct oom_control oc = { .design = memcg_get_design() };

	if (oc.design == MEMCG_DESIGN_MOD)
		return false;
	if (!mutex_trylock(&oom_lock))
		return false;
	out_of_memory(&oc);
	mutex_unlock(&oom_lock);
	return true;
}

/**
 * oom_lock_for_reaper - take oom_lock as Linux 4.14-4.18's OOM reaper did
 * around a pass (oom_reap_task_mm()) and 4.17-4.18's exit_mmap() around
 * its own reap: no OOM invocation runs meanwhile, so none can pick a new
 * victim while this one's memory is on its way out (af5679fbc669 in 4.19
 * removed it: MMF_OOM_SKIP already says when to move on).
 *
 * Context: task context, may sleep; no mmap_lock held (the lock order
 * has mmap_lock above oom_lock: a pass only trylocks it after this).
 */
void oom_lock_for_reaper(void)
{
	mutex_lock(&oom_lock);
}

/* oom_unlock_for_reaper - let oom_lock_for_reaper()'s lock go. */
void oom_unlock_for_reaper(void)
{
	mutex_unlock(&oom_lock);
}

/* oom_lock_owner - who holds oom_lock now (NULL: nobody); a snapshot. */
struct task *oom_lock_owner(void)
{
	return mutex_owner(&oom_lock);
}

/* /proc/<pid>/oom_score: the badness over the whole machine. */
static unsigned long oom_proc_score(struct process *p)
{
	struct oom_control oc = {
		.design = memcg_get_design(),
		.totalpages = oom_totalpages(NULL),
	};

	return oom_badness_proc_score(oc.design, oom_process_badness(&oc, p),
				      oc.totalpages);
}

/**
 * oom_init - give /proc/<pid>/oom_score its formula, start the reaper.
 *
 * Context: boot, task context.
 */
void oom_init(void)
{
	proc_set_oom_score_hook(oom_proc_score);
	oom_reaper_init();
}
