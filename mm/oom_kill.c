// SPDX-License-Identifier: MIT
/*
 * Killing an OOM victim (Linux's oom_kill_process(), __oom_kill_process(),
 * mark_oom_victim(), task_will_free_mem() and the memory.oom.group
 * kill). A victim gets SIGKILL on every thread, so do the other
 * processes sharing its mm, and its process is marked with the mm
 * (process->oom_mm, Linux's signal->oom_mm): from then on every scan of
 * a domain holding it aborts until that mm has MMF_OOM_SKIP (set by
 * exit_mmap() or by the OOM reaper, mm/oom_reaper.h, as its design says).
 *
 * Up to 5.0 (PRE, V419RFC, V419) Linux killed a child of the chosen
 * process instead of it ("or sacrifice child", oom_sacrifice_child());
 * Linux 5.1 removed that ("mm, oom: remove 'prefer children over
 * parent' heuristic"). A victim sleeping killably is woken by the kill;
 * one running in user mode on another CPU is interrupted by it at once
 * (a kick IPI, as Linux's kick_process()).
 *
 * Locking: oom_lock held by every caller (mm/oom.c); [a] oom_kills.
 */
#include "kernel/cgroup.h"
#include "kernel/printk.h"
#include "kernel/process.h"
#include "kernel/process_init.h"
#include "kernel/signal.h"
#include "kernel/task.h"
#include "mm/memcg.h"
#include "mm/mm.h"
#include "mm/oom.h"
#include "mm/oom_badness.h"
#include "mm/oom_internal.h"
#include "mm/oom_reaper.h"
#include "mm/slab.h"

static unsigned long oom_kills;		/* [a] Linux's OOM_KILL vmevent */

/**
 * oom_kill_count - processes killed by the OOM killer since boot.
 *
 * Context: any.
 * Return: the count (each kill of a memory.oom.group scan counts).
 */
unsigned long oom_kill_count(void)
{
	return __atomic_load_n(&oom_kills, __ATOMIC_RELAXED);
}

/* Memcg OOMs that found no victim: [0] all, [1] those whose charger was
 * itself an OOM victim. */
static unsigned long oom_no_victims[2];	/* [a] */

/**
 * oom_count_no_victim - count a memcg OOM that found nobody to kill: the
 * "Out of memory and no killable processes..." report (4.19.0 on) or the
 * reviewed 4.19 patch's WARN, noting whether the charger was itself a
 * victim (Greg Thelen's race: an already reaped victim, still charging,
 * finds every mm MMF_OOM_SKIP).
 *
 * Context: any task context.
 */
void oom_count_no_victim(void)
{
	__atomic_add_fetch(&oom_no_victims[0], 1, __ATOMIC_RELAXED);
	if (oom_task_is_victim(current))
		__atomic_add_fetch(&oom_no_victims[1], 1, __ATOMIC_RELAXED);
}

/**
 * oom_no_victim_count - memcg OOMs that found no victim since boot.
 * @charger_was_victim: count only those whose charger was an OOM victim
 *
 * Context: any.
 * Return: the count.
 */
unsigned long oom_no_victim_count(bool charger_was_victim)
{
	return __atomic_load_n(&oom_no_victims[charger_was_victim],
			       __ATOMIC_RELAXED);
}

/**
 * oom_task_is_victim - was @t's process chosen by the OOM killer (Linux's
 * tsk_is_oom_victim())?
 * @t: a task; kernel threads are never victims
 *
 * Context: any task context.
 * Return: true for a thread of a marked process.
 */
bool oom_task_is_victim(struct task *t)
{
	struct uthread *ut = uthread_of(t);

	return ut && process_is_oom_victim(ut->proc);
}

/* The memcg @p is charged to: its cgroup's domain's (memory is a domain
 * controller). Context: any task context. */
struct memcg *oom_process_memcg(struct process *p)
{
	struct memcg *m;

	spin_lock(&p->lock);
	m = p->cgroup ? cgroup_domain(p->cgroup)->memcg : &root_memcg;
	spin_unlock(&p->lock);
	return m;
}

/* @p's mm with an mmgrab() (Linux's find_lock_task_mm()), or NULL. */
struct mm *oom_process_mm(struct process *p)
{
	struct mm *mm;

	spin_lock(&p->lock);
	mm = p->nr_threads ? p->mm : NULL;
	if (mm)
		mmgrab(mm);
	spin_unlock(&p->lock);
	return mm;
}

/* Is @p going away by itself (Linux's __task_will_free_mem())? */
static bool process_exiting(struct process *p)
{
	bool exiting;

	spin_lock(&p->lock);
	exiting = p->group_exit;
	spin_unlock(&p->lock);
	if (!exiting && p == process_current())
		exiting = (current->flags & PF_EXITING) &&
			  __atomic_load_n(&p->nr_threads, __ATOMIC_RELAXED) == 1;
	return exiting;
}

/**
 * oom_will_free_mem - will @p's exit free @mm soon anyway (Linux's
 * task_will_free_mem())? Only when @p and every other process sharing
 * @mm exit and the mm is not already given up (MMF_OOM_SKIP).
 * @p: the process
 * @mm: its mm, held by the caller
 *
 * Context: task context, no spinlocks held.
 * Return: true when no kill is needed.
 */
bool oom_will_free_mem(struct process *p, struct mm *mm)
{
	struct process *q;
	bool all = true;

	if (!process_exiting(p) || mm_flag_test(mm, MMF_OOM_SKIP))
		return false;
	process_list_lock();
	for_each_process(q) {
		if (q == p || __atomic_load_n(&q->mm, __ATOMIC_RELAXED) != mm)
			continue;
		spin_lock(&q->lock);
		all = q->group_exit || q->mm != mm;
		spin_unlock(&q->lock);
		if (!all)
			break;
	}
	process_list_unlock();
	return all;
}

/**
 * oom_mark_victim - mark @p as an OOM victim (Linux's mark_oom_victim()):
 * its oom_mm is set once, with a reference; up to 5.x (all designs
 * but MOD, whose 6.x deleted it in b3541d912a84) the mm gets
 * MMF_OOM_VICTIM, and so it does under a 4.17-5.x reaper design whose
 * exit_mmap() reaps a victim itself (rp417, rp419, rpr).
 * @p: the process
 * @mm: its mm, held by the caller
 *
 * Context: task context, oom_lock held.
 */
void oom_mark_victim(struct process *p, struct mm *mm)
{
	spin_lock(&p->lock);
	if (!p->oom_mm) {
		mmgrab(mm);
		__atomic_store_n(&p->oom_mm, mm, __ATOMIC_RELEASE);
	}
	spin_unlock(&p->lock);
	if (memcg_get_design() != MEMCG_DESIGN_MOD ||
	    oom_reaper_policy(oom_reaper_get_design())->exit_self_reaps)
		mm_flag_set(mm, MMF_OOM_VICTIM);
}

/* SIGKILL every other process using @mm (they get no oom_mm). */
static void oom_kill_mm_sharers(struct process *victim, struct mm *mm)
{
	struct process *q;

	process_list_lock();
	for_each_process(q)
		if (q != victim && __atomic_load_n(&q->mm,
						   __ATOMIC_RELAXED) == mm)
			process_kill(q, SIGKILL);
	process_list_unlock();
}

/*
 * __oom_kill_process(): count oom_kill on the victim's memcg before the
 * signal, as Linux, then mark, SIGKILL, log, kill the sharers and hand
 * the mm over.
 */
static void oom_kill_one(struct oom_control *oc, struct process *p,
			 const char *message)
{
	struct mm *mm = oom_process_mm(p);
	struct memcg *m;

	if (!mm) {
		if (oc->design == MEMCG_DESIGN_MOD)
			pr_info("OOM victim %d (%s) is already exiting. Skip "
				"killing the task\n", p->tgid, p->name);
		return;
	}
	m = memcg_get_from_mm(mm);
	memcg_memory_event(m, MEMCG_OOM_KILL);
	memcg_put(m);
	__atomic_add_fetch(&oom_kills, 1, __ATOMIC_RELAXED);
	/*
	 * Marked before the signal: Linux signals first so that a victim
	 * cannot use the memory reserves from user space, which oomlab
	 * does not have; a victim that exits at once still finds its mm
	 * marked (MMF_OOM_VICTIM) in exit_mmap().
	 */
	oom_mark_victim(p, mm);
	process_kill(p, SIGKILL);
	oom_print_killed(oc, message, p, mm);
	oom_kill_mm_sharers(p, mm);
	oom_reaper_enqueue(p, mm);
	mmdrop(mm);
}

/* Do @q and @mm, the chosen process's, share an address space? */
static bool oom_process_shares_mm(struct process *q, struct mm *mm)
{
	struct mm *qmm = oom_process_mm(q);

	if (qmm)
		mmdrop(qmm);
	return qmm == mm;
}

/*
 * Linux 4.19's oom_kill_process() before the kill (PRE, V419RFC, V419):
 * among the children of @p that do not share its mm @mm, the one with
 * the highest badness dies instead of @p, "to lose the minimal amount of
 * work done". The bar starts at 0, not at @p's points, so any eligible
 * child wins; oom_badness() gives 0 to a child outside the OOM domain,
 * at OOM_SCORE_ADJ_MIN or with MMF_OOM_SKIP (ineligible here).
 * Return: the process to kill, with a reference: the child, or @p.
 */
static struct process *oom_sacrifice_child(struct oom_control *oc,
					   struct process *p, struct mm *mm)
{
	struct process *q, *victim = p;
	long victim_points = 0;

	process_list_lock();
	for_each_process(q) {
		long points;

		if (q->parent != p || !oom_in_domain(oc, q) ||
		    oom_process_shares_mm(q, mm))
			continue;
		points = oom_process_badness(oc, q);
		if (points > victim_points) {
			victim = q;
			victim_points = points;
		}
	}
	process_get(victim);
	process_list_unlock();
	return victim;
}

/* Did the design kill a child in the chosen one's place (up to 5.0)? */
static bool oom_design_sacrifices_child(enum memcg_design d)
{
	return d == MEMCG_DESIGN_PRE || d == MEMCG_DESIGN_V419RFC ||
	       d == MEMCG_DESIGN_V419;
}

/*
 * mem_cgroup_get_oom_group(): the highest memcg with memory.oom.group
 * set from the victim's up to the OOM domain (4.19 on; never the root).
 */
static struct memcg *oom_group_of(struct oom_control *oc, struct memcg *m)
{
	struct memcg *group = NULL;

	if (oc->design == MEMCG_DESIGN_PRE || memcg_is_root(m))
		return NULL;
	for (; m && !memcg_is_root(m); m = m->parent) {
		if (__atomic_load_n(&m->oom_group, __ATOMIC_RELAXED))
			group = m;
		if (m == oc->memcg)
			break;
	}
	return group;
}

#define OOM_GROUP_BATCH	64	/* processes taken per pass of the walk */

/*
 * Kill every process of @group's subtree but the -1000 ones. The scan
 * meets the first victim again: while it still has its mm it is killed,
 * counted and logged a second time, as in Linux. 4.19 walks threads:
 * there a process counts once per live thread.
 */
static void oom_kill_group(struct oom_control *oc, struct memcg *group,
			   const char *message)
{
	struct process **batch, *p;
	unsigned int n = 0;

	batch = kmalloc(OOM_GROUP_BATCH * sizeof(*batch), GFP_KERNEL);
	if (!batch)
		return;
	process_list_lock();
	for_each_process(p) {
		if (n == OOM_GROUP_BATCH)
			break;
		if (!memcg_is_descendant(oom_process_memcg(p), group) ||
		    __atomic_load_n(&p->oom_score_adj, __ATOMIC_RELAXED) ==
			    OOM_SCORE_ADJ_MIN || process_is_init(p) ||
		    !__atomic_load_n(&p->nr_threads, __ATOMIC_RELAXED))
			continue;
		process_get(p);
		batch[n++] = p;
	}
	process_list_unlock();
	for (unsigned int i = 0; i < n; i++) {
		int times = 1;

		if (oc->design == MEMCG_DESIGN_V419 ||
		    oc->design == MEMCG_DESIGN_V419RFC)
			times = __atomic_load_n(&batch[i]->nr_threads,
						__ATOMIC_RELAXED);
		while (times-- > 0)
			oom_kill_one(oc, batch[i], message);
		process_put(batch[i]);
	}
	kfree(batch);
}

/*
 * Did a victim's exit or the reaper free room while the scan ran? The
 * charger checked the margin before the scan (1378b37d03e8), but an
 * exit_mmap() or a reaper pass that finishes in between both uncharges
 * the victim's pages and then sets MMF_OOM_SKIP, so the scan passes over
 * the victim and kills a process that no longer had to die (at -smp 1:
 * a frozen victim killed by a first OOM, the charger of the second one
 * killed with 3.3 of 8 MiB used). Linux 6.1's out_of_memory() does not
 * look again: there the window is open on SMP and under full
 * preemption, closed on one CPU under voluntary preemption (nothing
 * between mem_cgroup_out_of_memory()'s margin check and
 * select_bad_process() schedules). oomlab preempts anywhere, so MOD
 * (the 6.1 design) and oomlab's reaper design look again here: the
 * uncharges come before MMF_OOM_SKIP, so a scan that passed over a
 * victim for it sees the victim's room now.
 */
static bool oom_room_appeared(const struct oom_control *oc)
{
	if (!oc->memcg || (oc->design != MEMCG_DESIGN_MOD &&
			   oom_reaper_get_design() != OOM_REAPER_OOMLAB))
		return false;
	return page_counter_margin(&oc->memcg->memory) >= (1UL << oc->order);
}

/**
 * oom_kill_process - kill oc->chosen (Linux's oom_kill_process()).
 * @oc: the invocation; oc->chosen is held
 * @message: "Memory cgroup out of memory" or "Out of memory"
 *
 * Under memcg design MOD or oom.reaper=oomlab nothing is killed when
 * room appeared during the scan. A victim already exiting only gets the mark (no message, no
 * event). Otherwise the rate-limited header, then the kill, then memory.oom.group.
 * Context: task context, oom_lock held.
 */
void oom_kill_process(struct oom_control *oc, const char *message)
{
	static struct ratelimit_state header_rs = RATELIMIT_STATE_INIT(
		"oom_dump_header", RATELIMIT_INTERVAL_MS, RATELIMIT_BURST);
	struct process *p = oc->chosen, *victim;
	struct mm *mm = oom_process_mm(p);
	struct memcg *group;
	char path[64];

	if (oom_room_appeared(oc)) {
		if (mm)
			mmdrop(mm);
		return;
	}
	if (mm && oom_will_free_mem(p, mm)) {
		oom_mark_victim(p, mm);
		oom_reaper_enqueue(p, mm);
		mmdrop(mm);
		return;
	}
	if (printk_ratelimit_ok(&header_rs))
		oom_dump_header(oc, p);
	if (oom_design_sacrifices_child(oc->design)) {
		pr_err("%s: Kill process %d (%s) score %ld or sacrifice "
		       "child\n", message, p->tgid, p->name,
		       oom_badness_chosen_score(oc->chosen_points,
						oc->totalpages));
		victim = oom_sacrifice_child(oc, p, mm);
	} else {
		victim = p;
		process_get(victim);
	}
	if (mm)
		mmdrop(mm);
	group = oom_group_of(oc, oom_process_memcg(victim));
	oom_kill_one(oc, victim, message);
	process_put(victim);
	if (!group)
		return;
	if (oc->design == MEMCG_DESIGN_MOD)	/* oom_group_kill: 5.17 */
		memcg_memory_event(group, MEMCG_OOM_GROUP_KILL);
	oom_memcg_path(group, path, sizeof(path));
	pr_info("Tasks in %s are going to be killed due to memory.oom.group "
		"set\n", path);
	oom_kill_group(oc, group, message);
}
