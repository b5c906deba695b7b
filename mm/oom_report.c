// SPDX-License-Identifier: MIT
/*
 * The OOM killer's log lines, in Linux's shapes (dump_header(),
 * dump_tasks(), mem_cgroup_print_oom_meminfo(), dump_oom_summary() and
 * the "Killed process" line of __oom_kill_process()). Where Linux
 * versions differ the design picks: 4.19 and before print the nodemask
 * in the header and "Task in /A killed as a result of limit of /B"; 5.x
 * and 6.1 print the "oom-kill:constraint=..." summary instead, and the
 * "Killed process" line gained its "<message>: " prefix and the UID,
 * pgtables and oom_score_adj fields. The header's stack dump is left
 * out: the lines after it are what the tests and users read.
 *
 * Locking: the static buffers are oom_lock's (every caller holds it).
 */
#include "kernel/cgroup.h"
#include "kernel/printk.h"
#include "kernel/process.h"
#include "kernel/task.h"
#include "lib/string.h"
#include "mm/memcg.h"
#include "mm/mm.h"
#include "mm/oom_badness.h"
#include "mm/oom_internal.h"
#include "mm/page_alloc.h"

#define KB(pages)	((unsigned long)(pages) * (PAGE_SIZE / 1024))

static char oom_path[128], oom_task_path[128];	/* oom_lock */
static char oom_stat[1024];			/* oom_lock */

/* Does @d print 4.19's (and older) shapes? */
static bool oom_old_shapes(enum memcg_design d)
{
	return d != MEMCG_DESIGN_V419PLUS && d != MEMCG_DESIGN_MOD;
}

/* @m's cgroup path ("/a/b"; "/" for the root). Return: its length. */
int oom_memcg_path(const struct memcg *m, char *buf, size_t size)
{
	if (!m->cgroup || memcg_is_root(m)) {
		strlcpy(buf, "/", size);
		return 1;
	}
	return cgroup_path(m->cgroup, buf, size);
}

/* mem_cgroup_print_oom_meminfo(): usage, limit, failcnt and the stats. */
static void oom_print_memcg(struct memcg *m)
{
	char *line, *next;

	pr_info("memory: usage %lukB, limit %lukB, failcnt %lu\n",
		KB(memcg_current(m)), KB(page_counter_max(&m->memory)),
		page_counter_failcnt(&m->memory));
	pr_info("swap: usage 0kB, limit 0kB, failcnt 0\n");
	oom_memcg_path(m, oom_path, sizeof(oom_path));
	pr_info("Memory cgroup stats for %s:\n", oom_path);
	if (memcg_show_stat(m, oom_stat, sizeof(oom_stat)) < 0)
		return;
	for (line = oom_stat; *line; line = next) {
		next = strchr(line, '\n');
		if (!next)
			break;
		*next++ = '\0';
		pr_info("%s\n", line);
	}
}

/* One row of dump_tasks(). */
static void oom_print_task(struct process *p)
{
	struct mm *mm = oom_process_mm(p);

	if (!mm)
		return;
	pr_info("[%7d] %5d %5d %8lu %8ld %8ld %8d         %5d %s\n",
		p->tgid, 0, p->tgid, mm->total_vm, mm_rss_total(mm),
		mm_pgtables_bytes(mm), 0,
		__atomic_load_n(&p->oom_score_adj, __ATOMIC_RELAXED),
		p->name);
	mmdrop(mm);
}

/* dump_tasks(): every process of the domain with an mm. */
static void oom_dump_tasks(struct oom_control *oc)
{
	struct process *p;

	pr_info("Tasks state (memory values in pages):\n");
	pr_info("[  pid  ]   uid  tgid total_vm      rss pgtables_bytes "
		"swapents oom_score_adj name\n");
	process_list_lock();
	for_each_process(p)
		if (oom_in_domain(oc, p))
			oom_print_task(p);
	process_list_unlock();
}

/* "Task in" (4.19) or the "oom-kill:" summary (5.x on) for @victim. */
static void oom_print_context(struct oom_control *oc, struct process *victim)
{
	const char *constraint = oc->memcg ? "CONSTRAINT_MEMCG"
					   : "CONSTRAINT_NONE";

	oom_memcg_path(oom_process_memcg(victim), oom_task_path,
		       sizeof(oom_task_path));
	if (oc->memcg)
		oom_memcg_path(oc->memcg, oom_path, sizeof(oom_path));
	if (oom_old_shapes(oc->design)) {
		if (oc->memcg)
			pr_info("Task in %s killed as a result of limit of "
				"%s\n", oom_task_path, oom_path);
		return;
	}
	if (oc->memcg)
		pr_info("oom-kill:constraint=%s,nodemask=(null),oom_memcg=%s,"
			"task_memcg=%s,task=%s,pid=%d,uid=0\n", constraint,
			oom_path, oom_task_path, victim->name, victim->tgid);
	else
		pr_info("oom-kill:constraint=%s,nodemask=(null),task_memcg=%s,"
			"task=%s,pid=%d,uid=0\n", constraint, oom_task_path,
			victim->name, victim->tgid);
}

/**
 * oom_dump_header - the OOM report (Linux's dump_header()): who invoked
 * the OOM killer with which gfp mask and order, the memcg's state (or the
 * machine's), the task table and, with a victim, where it is.
 * @oc: the invocation
 * @victim: the chosen process, or NULL when there is none
 *
 * Context: task context, oom_lock held; the caller rate-limits.
 */
void oom_dump_header(struct oom_control *oc, struct process *victim)
{
	char gfp[GFP_FORMAT_LEN];
	struct process *self = process_current();
	int adj = self ? __atomic_load_n(&self->oom_score_adj,
					 __ATOMIC_RELAXED) : 0;

	gfp_format(gfp, sizeof(gfp), oc->gfp);
	if (oom_old_shapes(oc->design))
		pr_warn("%s invoked oom-killer: gfp_mask=%#x(%s), "
			"nodemask=(null), order=%d, oom_score_adj=%d\n",
			current->name, (unsigned int)oc->gfp, gfp, oc->order,
			adj);
	else
		pr_warn("%s invoked oom-killer: gfp_mask=%#x(%s), order=%d, "
			"oom_score_adj=%d\n", current->name,
			(unsigned int)oc->gfp, gfp, oc->order, adj);
	if (victim && oom_old_shapes(oc->design))
		oom_print_context(oc, victim);
	if (oc->memcg)
		oom_print_memcg(oc->memcg);
	else
		pr_info("Mem-Info: free:%lu managed:%lu\n", nr_free_pages(),
			nr_managed_pages());
	oom_dump_tasks(oc);
	if (victim && !oom_old_shapes(oc->design))
		oom_print_context(oc, victim);
}

/**
 * oom_print_killed - the "Killed process" line (never rate-limited).
 * @oc: the invocation
 * @message: "Memory cgroup out of memory" or "Out of memory"
 * @p: the victim
 * @mm: its mm, held by the caller
 *
 * Context: task context, oom_lock held.
 */
void oom_print_killed(const struct oom_control *oc, const char *message,
		      struct process *p, struct mm *mm)
{
	if (oom_old_shapes(oc->design)) {
		pr_err("Killed process %d (%s) total-vm:%lukB, anon-rss:%lukB, "
		       "file-rss:%lukB, shmem-rss:%lukB\n", p->tgid, p->name,
		       KB(mm->total_vm), KB(mm_rss(mm, MM_ANONPAGES)),
		       KB(mm_rss(mm, MM_FILEPAGES)),
		       KB(mm_rss(mm, MM_SHMEMPAGES)));
		return;
	}
	pr_err("%s: Killed process %d (%s) total-vm:%lukB, anon-rss:%lukB, "
	       "file-rss:%lukB, shmem-rss:%lukB, UID:0 pgtables:%lukB "
	       "oom_score_adj:%d\n", message, p->tgid, p->name,
	       KB(mm->total_vm), KB(mm_rss(mm, MM_ANONPAGES)),
	       KB(mm_rss(mm, MM_FILEPAGES)), KB(mm_rss(mm, MM_SHMEMPAGES)),
	       mm_pgtables_bytes(mm) >> 10,
	       __atomic_load_n(&p->oom_score_adj, __ATOMIC_RELAXED));
}
