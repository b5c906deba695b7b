/* SPDX-License-Identifier: MIT */
/*
 * Boot-test helper for the OOM scenarios: one fresh memory cgroup per
 * design, the outcome measured the same way in every scenario, and one
 * summary line per run that tools/oomlab/scenarios.py turns into the
 * design x scenario table:
 *
 *   # scenario name=N design=D kills=K victims=V
 *     events=max:A,oom:B,oom_kill:C populated=R/N enomem=E
 *     overcharge_pages=O t_first_kill_ms=T
 *
 * (one line). kills counts the OOM killer's kills during the run,
 * victims names the scenario's processes that died of SIGKILL, events
 * are the group's memory.events (the group is new, so they are deltas),
 * overcharge_pages is memory.peak above memory.max, and fields a scenario
 * does not measure print as "-".
 *
 * While a scenario waits, it also prints samples of its group, at most
 * SCENARIO_MAX_SAMPLES a run, SCENARIO_SAMPLE_MS apart, for the plots of
 * tools/oomlab/htmlreport.py:
 *
 *   # sample t_ms=T cg=scen current=BYTES max=BYTES events=max:A,oom:B,
 *     oom_kill:C kills=K
 *
 * (one line; T counts from scenario_begin()). They belong to the run whose
 * summary line comes next. The kills and reaps are in the log already
 * ("Killed process", "oom_reaper: reaped process"); MMF_OOM_SKIP has no
 * line of its own, so scenario_note_skip() prints "# event t_ms=T
 * kind=oom_skip" the first time it sees the flag.
 */
#ifndef TESTS_MM_SCENARIO_H
#define TESTS_MM_SCENARIO_H

#include "kernel/cgroup.h"
#include "kernel/ktest.h"
#include "kernel/printk.h"
#include "kernel/time.h"
#include "lib/format.h"
#include "mm/memcg.h"
#include "mm/memcg_design.h"
#include "mm/mm.h"
#include "mm/oom.h"
#include "tests/kernel/user_run.h"

struct scenario {
	const char *name;
	enum memcg_design design;
	struct cgroup *cg;
	unsigned long kills0;	/* oom_kill_count() at the start */
	u64 start_ns;
	long first_kill_ms;	/* -1: no kill seen */
	char victims[48];
	long populated, pages;	/* -1: not measured */
	int enomem;		/* -1: not measured */
	u64 next_sample_ns;
	unsigned int nr_samples;
	bool skip_seen;		/* the "# event kind=oom_skip" is out */
};

/* 100 samples of 20 ms: the first two seconds of a run, which hold every
 * scenario's OOM; past them the plot only needs the end. */
#define SCENARIO_SAMPLE_MS	20
#define SCENARIO_MAX_SAMPLES	100

/* Create the scenario's group "scen" with memory.max @max. Return: 0, or
 * the failure (the case has failed then). */
static inline int scenario_begin(struct ktest *t, struct scenario *s,
				 const char *name, enum memcg_design d,
				 const char *max)
{
	*s = (struct scenario){ .name = name, .design = d,
				.first_kill_ms = -1, .populated = -1,
				.pages = -1, .enomem = -1 };
	memcg_set_design(d);
	if (cgroup_create(&cgroup_root, "scen", &s->cg)) {
		KTEST_FAIL(t, "cgroup_create scen");
		return -1;
	}
	KTEST_EXPECT_EQ(t, memcg_write_max(s->cg->memcg, max), 0);
	s->kills0 = oom_kill_count();
	s->start_ns = ktime_get_ns();
	return 0;
}

static inline long scenario_event(const struct scenario *s,
				  enum memcg_event ev)
{
	return memcg_event_read(s->cg->memcg, ev, false);
}

static inline unsigned long scenario_kills(const struct scenario *s)
{
	return oom_kill_count() - s->kills0;
}

static inline long scenario_overcharge(const struct scenario *s)
{
	const struct page_counter *c = &s->cg->memcg->memory;
	long over = page_counter_watermark(c) - page_counter_max(c);

	return over > 0 ? over : 0;
}

/* Spawn @argv inside the scenario's group. */
static inline int scenario_start(struct ktest *t, struct scenario *s,
				 struct user_run *u, const char *const *argv)
{
	int r;

	cgroup_attach_kthread(current, s->cg);
	r = user_start(t, u, argv);
	cgroup_attach_kthread(current, &cgroup_root);
	return r;
}

static inline long scenario_ms(const struct scenario *s)
{
	return (long)((ktime_get_ns() - s->start_ns) / 1000000);
}

static inline void scenario_print_sample(const struct scenario *s)
{
	const struct page_counter *c = &s->cg->memcg->memory;

	printk("# sample t_ms=%ld cg=%s current=%ld max=%ld "
	       "events=max:%ld,oom:%ld,oom_kill:%ld kills=%lu\n",
	       scenario_ms(s), s->cg->name,
	       memcg_current(s->cg->memcg) * (long)PAGE_SIZE,
	       (long)page_counter_max(c) * (long)PAGE_SIZE,
	       scenario_event(s, MEMCG_MAX), scenario_event(s, MEMCG_OOM),
	       scenario_event(s, MEMCG_OOM_KILL), scenario_kills(s));
}

/* A sample if one is due and the run has not used up its samples. */
static inline void scenario_sample(struct scenario *s)
{
	u64 now = ktime_get_ns();

	if (now < s->next_sample_ns ||
	    s->nr_samples >= SCENARIO_MAX_SAMPLES)
		return;
	s->nr_samples++;
	s->next_sample_ns = now + SCENARIO_SAMPLE_MS * 1000000ull;
	scenario_print_sample(s);
}

/* Print "# event kind=oom_skip" once @mm has MMF_OOM_SKIP. */
static inline void scenario_note_skip(struct scenario *s, struct mm *mm)
{
	if (s->skip_seen || !mm || !mm_flag_test(mm, MMF_OOM_SKIP))
		return;
	s->skip_seen = true;
	printk("# event t_ms=%ld kind=oom_skip\n", scenario_ms(s));
}

/* Sample the group when due, note the first kill's time; true once @pid
 * has no live thread. */
static inline bool scenario_watch(struct scenario *s, int pid)
{
	struct process *p;

	scenario_sample(s);
	if (s->first_kill_ms < 0 && scenario_kills(s))
		s->first_kill_ms = scenario_ms(s);
	p = process_get_by_pid(pid, PROCESS_ALIVE);
	if (p)
		process_put(p);
	return !p;
}

/* Wait (bounded) for @u to end, timing the first kill on the way, reap
 * it, and name it a victim if SIGKILL ended it. */
static inline void scenario_wait(struct ktest *t, struct scenario *s,
				 struct user_run *u, const char *who)
{
	size_t n = strlen(s->victims);

	ktest_wait_until(t, scenario_watch(s, u->pid), KTEST_WAIT_MS);
	user_wait(t, u, KTEST_WAIT_MS);
	scenario_watch(s, u->pid);
	if (wait_status_sig(u->status) == SIGKILL)
		snprintf(s->victims + n, sizeof(s->victims) - n, "%s%s",
			 n ? "," : "", who);
}

/* Take the hog's populate_complete=R/N and whether it saw ENOMEM. */
static inline void scenario_read_hog(struct scenario *s,
				     const struct user_run *u)
{
	u64 v, total;

	if (user_field(u->out, "hog: result", "populate_complete=", &v) &&
	    user_field_total(u->out, "hog: result", "populate_complete=",
			     &total)) {
		s->populated = (long)v;
		s->pages = (long)total;
	}
	if (user_line(u->out, "hog: result"))
		s->enomem = strstr(user_line(u->out, "hog: result"),
				   "ENOMEM") != NULL;
}

/* For a hog that touches its pages: resident=R/N after touching. */
static inline void scenario_read_resident(struct scenario *s,
					  const struct user_run *u)
{
	u64 v, total;

	scenario_read_hog(s, u);
	if (user_field(u->out, "hog: result", "resident=", &v) &&
	    user_field_total(u->out, "hog: result", "resident=", &total)) {
		s->populated = (long)v;
		s->pages = (long)total;
	}
}

static inline void scenario_field(char *buf, size_t size, long v)
{
	if (v < 0)
		snprintf(buf, size, "-");
	else
		snprintf(buf, size, "%ld", v);
}

/* Drain the stocks; true once nothing is charged to @s's group. */
static inline bool scenario_group_empty(struct scenario *s)
{
	memcg_drain_all_stock(s->cg->memcg);
	return memcg_current(s->cg->memcg) == 0;
}

/*
 * Print the summary line, check the group is empty, remove it. The
 * check waits (bounded): the OOM reaper may still hold a dead victim's
 * mm (mmgrab), whose accounted struct is freed with its last mmdrop().
 */
static inline void scenario_end(struct ktest *t, struct scenario *s)
{
	char pop[24], pages[24], enomem[8], tkill[24];

	scenario_field(pop, sizeof(pop), s->populated);
	scenario_field(pages, sizeof(pages), s->pages);
	scenario_field(enomem, sizeof(enomem), s->enomem);
	scenario_field(tkill, sizeof(tkill), s->first_kill_ms);
	scenario_print_sample(s);
	printk("# scenario name=%s design=%s kills=%lu victims=%s "
	       "events=max:%ld,oom:%ld,oom_kill:%ld populated=%s/%s "
	       "enomem=%s overcharge_pages=%ld t_first_kill_ms=%s\n",
	       s->name, memcg_design_name(s->design), scenario_kills(s),
	       s->victims[0] ? s->victims : "none",
	       scenario_event(s, MEMCG_MAX), scenario_event(s, MEMCG_OOM),
	       scenario_event(s, MEMCG_OOM_KILL), pop, pages, enomem,
	       scenario_overcharge(s), tkill);
	if (!ktest_wait_until(t, scenario_group_empty(s), KTEST_WAIT_MS))
		KTEST_EXPECT_EQ(t, memcg_current(s->cg->memcg), 0);
	KTEST_EXPECT_EQ(t, cgroup_remove(s->cg), 0);
	cgroup_put(s->cg);
}

/* Run @fn(t, d) under every design, then restore the boot's design. */
static inline void scenario_each_design(struct ktest *t,
					void (*fn)(struct ktest *t,
						   enum memcg_design d))
{
	enum memcg_design saved = memcg_get_design();

	for (int d = 0; d < MEMCG_NR_DESIGNS && !ktest_failed(t); d++)
		fn(t, d);
	memcg_set_design(saved);
}

#endif
