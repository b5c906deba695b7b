// SPDX-License-Identifier: MIT
/*
 * The OOM scenarios of several processes, each under every charge-path
 * design (one "# scenario" line per run, tests/mm/scenario.h), scaled
 * to fit the smallest test machine (32 MiB):
 *
 *   abort     group scen of 4 MiB. V (sleeper) touches 600 pages and
 *             then sleeps uninterruptibly in the open of the hold file
 *             (fs/oomlab_hold.c): killed, it cannot exit, and its mm
 *             keeps its pages without MMF_OOM_SKIP. Three chargers of
 *             150 pages fill the group: V, the biggest, is killed; from
 *             then on every OOM scan meets a victim still releasing its
 *             memory and kills nothing new (Linux's abort in
 *             oom_evaluate_task()). To make that rule the only thing
 *             that saves them, one charger's oom_score_adj is raised to
 *             1000 after the kill: a scan that did not abort would
 *             choose it over V. While V is held: oom keeps growing,
 *             oom_kill stays 1. PRE: the charges fail, the faults end in
 *             VM_FAULT_OOM and the chargers that do not hold the
 *             hierarchy's OOM lock sleep on the memcg OOM wait queue
 *             (under_oom) until the holder's pass ends - an aborted
 *             scan, so at once: Linux 4.17's mem_cgroup_oom_synchronize()
 *             wakes every waiter after each locked pass, and the
 *             chargers cycle fault, wait, refault. The other designs
 *             loop inside the charge: no fault ends, nobody waits.
 *             Released, V dies and the chargers finish (or, in the
 *             window first_killed() describes, C1 dies second).
 *   shared_mm  scen (1 MiB): sharemm touches 150 pages and clones a
 *             process on the same mm (CLONE_VM without CLONE_THREAD); a
 *             trigger at -1000 makes the OOM. Both processes have the
 *             same badness (one mm): up to 5.8 the earlier (the parent)
 *             is chosen, 6.1 the later (the child). The victim is
 *             killed and marked; the other gets SIGKILL as a sharer of
 *             the mm, is not marked (no oom_mm) and is not counted: one
 *             oom_kill, one "Killed process" line. oomlab has no init
 *             process, so Linux's "has mm pinned by" case for a sharer
 *             that is init does not arise.
 *   sacrifice_child  scen (2 MiB, 512 pages): forktest touches 300
 *             pages, forks, touches 60 more of its own, then lets the
 *             child rewrite the 300: the copies make the OOM. The
 *             parent (360 pages) is chosen over the child (300). Up to
 *             5.0 (PRE, V419RFC, V419: "Kill process P ... or sacrifice
 *             child") the child dies in its place and the parent reaps
 *             it (status 9) and exits 0; from 5.1 (V419PLUS, MOD) the
 *             parent dies and its orphan finishes.
 *   badness   group scen of 4 MiB (1024 pages: the adj unit is
 *             1024 / 1000 = 1 page). T1 400 pages adj 0; T2 300 pages
 *             adj +200 (300 + 200 = 500 beats T1's 400); T3 100 pages
 *             adj -1000 (never a candidate); T4 40 pages adj -900
 *             (4.19's arithmetic clamps it to 1, 6.1's makes it -860:
 *             it loses either way). A trigger at -1000 touches 300
 *             pages: T2 dies, in every design. /proc oom_score
 *             (over all RAM): T3 0, T2 above T1, T4 0 up to 5.8 (the
 *             clamped 1 scaled to RAM) and 6.1's (1000 + b*1000/RAM)*2/3
 *             for MOD.
 *             A trigger whose charge failed while T2 still held its
 *             pages may kill T1 too once T2's mm has MMF_OOM_SKIP (see
 *             first_killed()): the first kill must be T2's, a second is
 *             allowed, never a third.
 *   badness_tie  A and B hold the same 250 pages with adj 0, equal
 *             badness; a trigger at -1000 makes the OOM. Up to 5.8 the
 *             earlier candidate stays chosen (A); 6.1 takes the later
 *             one (B).
 *   hierarchy  scen (1 MiB) over two groups with no limit: c1 holds 150
 *             pages, a process in c2 faults 100. The limit that fails is
 *             scen's, so the domain is scen: c1's (bigger) process dies.
 *             max and oom count on scen; oom_kill on c1. memory.events
 *             of scen shows c1's oom_kill from 5.2 on (V419PLUS, MOD),
 *             not before; memory.events.local never. The faulting
 *             process in c2 may die second (as in badness).
 *   oom_group  scen (1 MiB) over G (memory.oom.group 1) over sub. G
 *             holds g1 (80 pages), g2 (10, adj -1000), g3 (10); sub
 *             holds g4 (10): small enough that with each process's
 *             kernel stacks, page tables and VMAs (all charged) the
 *             group still has room to start them. A trigger at -1000 in scen makes scen's
 *             OOM: g1 is the victim, and from 4.19 on (not PRE, which
 *             has no memory.oom.group) G's whole subtree dies but g2,
 *             after "Tasks in /scen/G are going to be killed due to
 *             memory.oom.group set". The group scan kills and counts g1
 *             again while it still has its mm: 3 or 4 kills. 6.1 counts
 *             oom_group_kill on G. PRE: g1, perhaps one more later.
 *   oom_group_child  the same groups, but sub has its own limit (256
 *             KiB) and g4 faults 128 pages there: the domain is sub,
 *             G's flag is not looked at (the walk stops at the domain),
 *             one kill, in every design.
 */
#include "fs/file.h"
#include "fs/oomlab_hold.h"
#include "mm/fault.h"
#include "mm/page_alloc.h"
#include "tests/fs/fs_test_util.h"
#include "tests/kernel/log_capture.h"
#include "tests/mm/scenario.h"

#define HOLD_MS		"60000"		/* longer than any case */
#define NR_HOGS		5

static struct user_run hogs[NR_HOGS], trigger;

static bool is_mod(enum memcg_design d)
{
	return d == MEMCG_DESIGN_MOD;
}

/* Does @d count events on every ancestor too (Linux 5.2's 9852ae3fe529)? */
static bool events_propagate(enum memcg_design d)
{
	return d >= MEMCG_DESIGN_V419PLUS;
}

/* Start @argv in @cg and, with @hold, wait until it holds its pages. */
static int start_in(struct ktest *t, struct cgroup *cg, struct user_run *u,
		    const char *const *argv, bool hold)
{
	int r;

	cgroup_attach_kthread(current, cg);
	r = user_start(t, u, argv);
	cgroup_attach_kthread(current, &cgroup_root);
	if (!r && hold && !KTEST_EXPECT(t, user_wait_line(u, "hog: holding",
							  KTEST_WAIT_MS)))
		r = -ETIMEDOUT;
	return r;
}

/* A holding hog of @pages pages at oom_score_adj @adj. */
static int start_holder(struct ktest *t, struct cgroup *cg,
			struct user_run *u, const char *pages, const char *adj)
{
	return start_in(t, cg, u, (const char *const[]){
				"/bin/hog", "--pages", pages, "--hold-ms",
				HOLD_MS, "--oom-score-adj", adj, NULL }, true);
}

/* A trigger at -1000 touching @pages pages, then exiting. */
static int start_trigger(struct ktest *t, struct cgroup *cg,
			 const char *pages)
{
	return start_in(t, cg, &trigger, (const char *const[]){
				"/bin/hog", "--pages", pages,
				"--oom-score-adj", "-1000", NULL }, false);
}

static bool pid_alive(int pid)
{
	struct process *p = process_get_by_pid(pid, PROCESS_ALIVE);

	if (p)
		process_put(p);
	return p != NULL;
}

static bool alive(const struct user_run *u)
{
	return pid_alive(u->pid);
}

/* Log the line first_killed() searches from: the run's start. */
static void mark_run(const struct scenario *s)
{
	pr_info("scenario_procs: run %s design=%s\n", s->name,
		memcg_design_name(s->design));
}

/*
 * The pid of the first "Killed process" line since mark_run() (the log
 * ring holds the 64 KiB it needs). A charger whose charge failed while
 * the first victim still held its pages can kill again once that mm has
 * MMF_OOM_SKIP: up to 5.8 nothing re-checks the margin before the scan,
 * and 5.9's re-check (1378b37d03e8) runs before the scan, which a
 * loaded host can stretch past the victim's exit. So the first kill is
 * what the choice is judged by; a second is allowed (a third only
 * without the margin check: expect_kills()).
 * Return: the pid, or -1.
 */
static int first_killed(const struct scenario *s)
{
	static char ring[64 * 1024];
	char mark[64];
	size_t n = printk_ring_read(ring, sizeof(ring) - 1);
	const char *from = NULL, *k;
	u64 pid;

	ring[n] = 0;
	snprintf(mark, sizeof(mark), "scenario_procs: run %s design=%s\n",
		 s->name, memcg_design_name(s->design));
	for (k = strstr(ring, mark); k; k = strstr(k + 1, mark))
		from = k;
	k = from ? strstr(from, "Killed process ") : NULL;
	if (!k)
		return -1;
	k += strlen("Killed process ");
	n = 0;
	while (k[n] >= '0' && k[n] <= '9')
		n++;
	return n && !str_to_u64(k, n, &pid) ? (int)pid : -1;
}

/*
 * V419RFC WARNs when a charge finds no victim, which happens here when a
 * trigger's charge failed before the victims' memory was gone and is
 * retried once it is (only -1000 processes left): capture the log then
 * (the WARN is the design's, not a kernel bug). Ended before
 * scenario_end(), whose line must reach the console.
 */
static void capture_rfc_warn(struct log_capture *cap, enum memcg_design d,
			     bool begin)
{
	if (d != MEMCG_DESIGN_V419RFC)
		return;
	if (begin)
		log_capture_begin(cap);
	else
		log_capture_end(cap);
}

/*
 * One kill, and perhaps a second after the first victim's exit. Designs
 * without the margin check before a kill (up to V419: 1378b37d03e8 came
 * in 5.9) may go on: each charger whose charge failed while a victim
 * still held its pages kills once that victim is skipped, so with three
 * processes a third kill was seen too (smp-1, V419RFC, usage at a
 * quarter of the limit by then). The first kill is what is judged.
 */
static void expect_kills(struct ktest *t, const struct scenario *s)
{
	KTEST_EXPECT_GE(t, scenario_kills(s), 1);
	KTEST_EXPECT_LE(t, scenario_kills(s),
			s->design >= MEMCG_DESIGN_V419PLUS ? 2 : 3);
}

/* Is process @pid, reaped or not, marked as an OOM victim? */
static bool marked_victim(int pid)
{
	struct process *p = process_get_by_pid(pid, PROCESS_UNREAPED);
	bool marked = p && process_is_oom_victim(p);

	if (p)
		process_put(p);
	return marked;
}

/*
 * End the @n holders that are left with our own SIGKILL and reap them,
 * the last started first (user_wait() waits for the task count from
 * before each spawn); then name in s->victims, in start order, those the
 * OOM killer chose (marked; a victim may still be exiting when we look).
 */
static void reap_holders(struct ktest *t, struct scenario *s,
			 const char *const *names, unsigned int n)
{
	bool by_oom[NR_HOGS];

	for (unsigned int i = 0; i < n; i++) {
		by_oom[i] = marked_victim(hogs[i].pid);
		process_kill_pid(hogs[i].pid, SIGKILL);
	}
	for (unsigned int i = n; i-- > 0;)
		user_wait(t, &hogs[i], KTEST_WAIT_MS);
	for (unsigned int i = 0; i < n; i++) {
		size_t len = strlen(s->victims);

		if (by_oom[i] && wait_status_sig(hogs[i].status) == SIGKILL)
			snprintf(s->victims + len, sizeof(s->victims) - len,
				 "%s%s", len ? "," : "", names[i]);
	}
}

/* /proc/<pid>/oom_score of @u. Return: the value, or -1. */
static long oom_score_of(const struct user_run *u)
{
	char path[40], text[24];
	u64 v;

	snprintf(path, sizeof(path), "/proc/%d/oom_score", u->pid);
	if (ft_slurp(path, text, sizeof(text)) <= 1 ||
	    str_to_u64(text, strlen(text) - 1, &v))
		return -1;
	return (long)v;
}

/*
 * The oom_score of a process of @rss..@rss + slack pages at @adj, as
 * each design's /proc prints it (written out here, not taken from mm/,
 * so that a wrong formula there fails): [*lo, *hi].
 */
static void expected_score(enum memcg_design d, long rss, long adj,
			   long *lo, long *hi)
{
	long ram = (long)nr_managed_pages(), unit = ram / 1000;
	long b_lo = rss + adj * unit, b_hi = b_lo + 24;	/* page tables,
							 * stack, ELF */

	if (is_mod(d)) {
		*lo = (1000 + b_lo * 1000 / ram) * 2 / 3;
		*hi = (1000 + b_hi * 1000 / ram) * 2 / 3;
	} else {
		*lo = (b_lo < 1 ? 1 : b_lo) * 1000 / ram;
		*hi = (b_hi < 1 ? 1 : b_hi) * 1000 / ram;
	}
}

static void expect_score(struct ktest *t, enum memcg_design d,
			 const struct user_run *u, long rss, long adj)
{
	long lo, hi, v = oom_score_of(u);

	expected_score(d, rss, adj, &lo, &hi);
	KTEST_EXPECT_GE(t, v, lo);
	KTEST_EXPECT_LE(t, v, hi);
}

static void badness(struct ktest *t, enum memcg_design d)
{
	static const char *const names[] = { "T1", "T2", "T3", "T4" };
	struct scenario s;

	if (scenario_begin(t, &s, "badness", d, "4M"))
		return;
	if (start_holder(t, s.cg, &hogs[0], "400", "0") ||
	    start_holder(t, s.cg, &hogs[1], "300", "200") ||
	    start_holder(t, s.cg, &hogs[2], "100", "-1000") ||
	    start_holder(t, s.cg, &hogs[3], "40", "-900"))
		goto out;
	expect_score(t, d, &hogs[0], 400, 0);
	expect_score(t, d, &hogs[1], 300, 200);
	KTEST_EXPECT_EQ(t, oom_score_of(&hogs[2]), 0);
	expect_score(t, d, &hogs[3], 40, -900);
	KTEST_EXPECT_GT(t, oom_score_of(&hogs[1]), oom_score_of(&hogs[0]));
	if (!is_mod(d))
		KTEST_EXPECT_EQ(t, oom_score_of(&hogs[3]), 0);
	mark_run(&s);
	if (start_trigger(t, s.cg, "300"))
		goto out;
	scenario_wait(t, &s, &trigger, "trigger");
	KTEST_EXPECT(t, user_exited(&trigger, 0));
	KTEST_EXPECT_EQ(t, first_killed(&s), hogs[1].pid);
	KTEST_EXPECT(t, ktest_wait_until(t, !alive(&hogs[1]), KTEST_WAIT_MS));
	KTEST_EXPECT(t, alive(&hogs[2]) && alive(&hogs[3]));
	expect_kills(t, &s);
	KTEST_EXPECT_EQ(t, scenario_event(&s, MEMCG_OOM_KILL),
			(long)scenario_kills(&s));
out:
	reap_holders(t, &s, names, 4);
	KTEST_EXPECT(t, !strcmp(s.victims, scenario_kills(&s) == 1 ? "T2" :
					   "T1,T2"));
	scenario_end(t, &s);
}

static void badness_tie(struct ktest *t, enum memcg_design d)
{
	static const char *const names[] = { "A", "B" };
	struct scenario s;

	if (scenario_begin(t, &s, "badness_tie", d, "4M"))
		return;
	if (start_holder(t, s.cg, &hogs[0], "250", "0") ||
	    start_holder(t, s.cg, &hogs[1], "250", "0"))
		goto out;
	mark_run(&s);
	if (start_trigger(t, s.cg, "600"))
		goto out;
	scenario_wait(t, &s, &trigger, "trigger");
	KTEST_EXPECT(t, user_exited(&trigger, 0));
	expect_kills(t, &s);
	KTEST_EXPECT_EQ(t, first_killed(&s), hogs[is_mod(d)].pid);
	KTEST_EXPECT(t, ktest_wait_until(t, !alive(&hogs[is_mod(d)]),
					 KTEST_WAIT_MS));
out:
	reap_holders(t, &s, names, 2);
	if (scenario_kills(&s) == 1)
		KTEST_EXPECT(t, !strcmp(s.victims, is_mod(d) ? "B" : "A"));
	scenario_end(t, &s);
}

static long events_of(struct cgroup *cg, enum memcg_event ev, bool local)
{
	return memcg_event_read(cg->memcg, ev, local);
}

/* Make @name under @parent. Return: the group, or NULL (case failed). */
static struct cgroup *child(struct ktest *t, struct cgroup *parent,
			    const char *name)
{
	struct cgroup *cg;

	if (!KTEST_EXPECT_EQ(t, cgroup_create(parent, name, &cg), 0))
		return NULL;
	return cg;
}

static void remove_child(struct ktest *t, struct cgroup *cg)
{
	if (!cg)
		return;
	KTEST_EXPECT_EQ(t, cgroup_remove(cg), 0);
	cgroup_put(cg);
}

static void hierarchy(struct ktest *t, enum memcg_design d)
{
	static const char *const names[] = { "c1" };
	struct cgroup *c1 = NULL, *c2 = NULL;
	struct scenario s;

	if (scenario_begin(t, &s, "hierarchy", d, "1M"))
		return;
	c1 = child(t, s.cg, "c1");
	c2 = child(t, s.cg, "c2");
	if (!c1 || !c2 || start_holder(t, c1, &hogs[0], "150", "0"))
		goto out;
	mark_run(&s);
	if (start_in(t, c2, &trigger, (const char *const[]){
			     "/bin/hog", "--pages", "100", NULL }, false))
		goto out_holder;
	scenario_wait(t, &s, &trigger, "c2");
	expect_kills(t, &s);
	KTEST_EXPECT_EQ(t, first_killed(&s), hogs[0].pid);
	if (scenario_kills(&s) == 1)
		KTEST_EXPECT(t, user_exited(&trigger, 0));
	KTEST_EXPECT(t, ktest_wait_until(t, !alive(&hogs[0]), KTEST_WAIT_MS));
	KTEST_EXPECT_GT(t, events_of(s.cg, MEMCG_MAX, true), 0);
	KTEST_EXPECT_GT(t, events_of(s.cg, MEMCG_OOM, true), 0);
	KTEST_EXPECT_EQ(t, events_of(s.cg, MEMCG_OOM_KILL, true), 0);
	KTEST_EXPECT_EQ(t, events_of(s.cg, MEMCG_OOM_KILL, false),
			events_propagate(d) ? (long)scenario_kills(&s) : 0);
	KTEST_EXPECT_EQ(t, events_of(c1, MEMCG_OOM_KILL, true), 1);
	KTEST_EXPECT_EQ(t, events_of(c1, MEMCG_OOM_KILL, false), 1);
	KTEST_EXPECT_EQ(t, events_of(c2, MEMCG_OOM_KILL, true),
			(long)scenario_kills(&s) - 1);
	KTEST_EXPECT_EQ(t, events_of(c1, MEMCG_MAX, false), 0);
	KTEST_EXPECT_EQ(t, events_of(c2, MEMCG_MAX, false), 0);
	KTEST_EXPECT_EQ(t, events_of(c2, MEMCG_OOM, false), 0);
out_holder:
	reap_holders(t, &s, names, 1);
	KTEST_EXPECT(t, strstr(s.victims, "c1") != NULL);
out:
	remove_child(t, c1);
	remove_child(t, c2);
	scenario_end(t, &s);
}

/* G (memory.oom.group 1) under scen, sub under G: g1-g3 in G, g4 in sub. */
struct group_tree {
	struct cgroup *g, *sub;
};

static int group_tree_begin(struct ktest *t, struct scenario *s,
			    struct group_tree *gt)
{
	gt->g = child(t, s->cg, "G");
	gt->sub = gt->g ? child(t, gt->g, "sub") : NULL;
	if (!gt->sub)
		return -1;
	KTEST_EXPECT_EQ(t, memcg_write_oom_group(gt->g->memcg, "1"), 0);
	return 0;
}

static void group_tree_end(struct ktest *t, struct group_tree *gt)
{
	remove_child(t, gt->sub);
	remove_child(t, gt->g);
}

static void oom_group(struct ktest *t, enum memcg_design d)
{
	static const char *const names[] = { "g1", "g2", "g3", "g4" };
	bool group = d != MEMCG_DESIGN_PRE;
	struct group_tree gt = { 0 };
	struct log_capture cap;
	unsigned long kills;
	struct scenario s;

	if (scenario_begin(t, &s, "oom_group", d, "1M"))
		return;
	if (group_tree_begin(t, &s, &gt) ||
	    start_holder(t, gt.g, &hogs[0], "80", "0") ||
	    start_holder(t, gt.g, &hogs[1], "10", "-1000") ||
	    start_holder(t, gt.g, &hogs[2], "10", "0") ||
	    start_holder(t, gt.sub, &hogs[3], "10", "0"))
		goto out;
	mark_run(&s);
	capture_rfc_warn(&cap, d, true);
	if (start_trigger(t, s.cg, "120")) {
		capture_rfc_warn(&cap, d, false);
		goto out;
	}
	scenario_wait(t, &s, &trigger, "trigger");
	capture_rfc_warn(&cap, d, false);
	KTEST_EXPECT(t, user_exited(&trigger, 0));
	KTEST_EXPECT_EQ(t, first_killed(&s), hogs[0].pid);
	KTEST_EXPECT(t, ktest_wait_until(t, !alive(&hogs[0]), KTEST_WAIT_MS));
	if (group)
		KTEST_EXPECT(t, ktest_wait_until(t, !alive(&hogs[2]) &&
						  !alive(&hogs[3]),
					  KTEST_WAIT_MS));
	KTEST_EXPECT(t, alive(&hogs[1]));
	KTEST_EXPECT_EQ(t, log_capture_contains(
		"Tasks in /scen/G are going to be killed due to "
		"memory.oom.group set"), group);
	kills = scenario_kills(&s);
	KTEST_EXPECT_EQ(t, events_of(gt.g, MEMCG_OOM_KILL, true) +
				   events_of(gt.sub, MEMCG_OOM_KILL, true),
			(long)kills);
	KTEST_EXPECT_EQ(t, events_of(gt.g, MEMCG_OOM_GROUP_KILL, true),
			is_mod(d));
	if (!group) {
		expect_kills(t, &s);
		goto out;
	}
	/* g1 again while it still has its mm: 3 or 4 */
	KTEST_EXPECT_GE(t, kills, 3);
	KTEST_EXPECT_LE(t, kills, 4);
	/* G's count: its own processes, and sub's where events propagate */
	KTEST_EXPECT_EQ(t, events_of(gt.g, MEMCG_OOM_KILL, false),
			(long)kills - !events_propagate(d));
	KTEST_EXPECT_EQ(t, events_of(gt.sub, MEMCG_OOM_KILL, true), 1);
	KTEST_EXPECT_EQ(t, scenario_event(&s, MEMCG_OOM_KILL),
			events_propagate(d) ? (long)kills : 0);
out:
	reap_holders(t, &s, names, 4);
	if (group)
		KTEST_EXPECT(t, !strcmp(s.victims, "g1,g3,g4"));
	else
		KTEST_EXPECT(t, !strncmp(s.victims, "g1", 2));
	group_tree_end(t, &gt);
	scenario_end(t, &s);
}

static void oom_group_child(struct ktest *t, enum memcg_design d)
{
	static const char *const names[] = { "g1", "g2", "g3" };
	struct group_tree gt = { 0 };
	struct scenario s;

	if (scenario_begin(t, &s, "oom_group_child", d, "1M"))
		return;
	if (group_tree_begin(t, &s, &gt) ||
	    !KTEST_EXPECT_EQ(t, memcg_write_max(gt.sub->memcg, "256K"), 0) ||
	    start_holder(t, gt.g, &hogs[0], "80", "0") ||
	    start_holder(t, gt.g, &hogs[1], "10", "-1000") ||
	    start_holder(t, gt.g, &hogs[2], "10", "0") ||
	    start_in(t, gt.sub, &trigger, (const char *const[]){
			     "/bin/hog", "--pages", "128", NULL }, false))
		goto out;
	scenario_wait(t, &s, &trigger, "g4");
	KTEST_EXPECT_EQ(t, wait_status_sig(trigger.status), SIGKILL);
	KTEST_EXPECT_EQ_U(t, scenario_kills(&s), 1);
	KTEST_EXPECT_EQ(t, events_of(gt.sub, MEMCG_OOM_KILL, true), 1);
	KTEST_EXPECT_EQ(t, events_of(gt.g, MEMCG_OOM_GROUP_KILL, false), 0);
	KTEST_EXPECT(t, alive(&hogs[0]) && alive(&hogs[1]) && alive(&hogs[2]));
out:
	reap_holders(t, &s, names, 3);
	KTEST_EXPECT(t, !strcmp(s.victims, "g4"));
	group_tree_end(t, &gt);
	scenario_end(t, &s);
}

static int under_oom(const struct scenario *s)
{
	return __atomic_load_n(&s->cg->memcg->under_oom, __ATOMIC_RELAXED);
}

static bool sleeps_in_hold(struct process *p, const void *arg)
{
	return oomlab_hold_sleepers() > 0 && user_all_in_state(p, arg);
}

/* Raise @u's oom_score_adj to 1000, as a write to its /proc file. */
static void raise_adj(struct ktest *t, const struct user_run *u)
{
	char path[40];

	snprintf(path, sizeof(path), "/proc/%d/oom_score_adj", u->pid);
	KTEST_EXPECT_EQ(t, ft_put(path, "1000"), 4);
}

static void abort_rule(struct ktest *t, enum memcg_design d)
{
	static const char *const names[] = { "C1", "C2", "C3" };
	static struct user_run victim;
	unsigned int asleep = TASK_UNINTERRUPTIBLE;
	int nr_chargers = 0;
	unsigned long faults0;
	bool held = false;
	long oom0;
	struct scenario s;

	if (scenario_begin(t, &s, "abort", d, "4M"))
		return;
	if (start_in(t, s.cg, &victim, (const char *const[]){
			     "/bin/sleeper", "--pages", "600", NULL }, false))
		goto out;
	held = KTEST_EXPECT(t, user_poll(victim.pid, sleeps_in_hold, &asleep,
					 KTEST_WAIT_MS));
	mark_run(&s);
	for (; nr_chargers < 3 && held; nr_chargers++)
		if (start_in(t, s.cg, &hogs[nr_chargers],
			     (const char *const[]){
				     "/bin/hog", "--pages", "150", "--hold-ms",
				     HOLD_MS, NULL }, false))
			goto out_release;
	if (!held || !ktest_wait_until(t, first_killed(&s) > 0,
				       KTEST_WAIT_MS))
		goto out_release;
	KTEST_EXPECT_EQ(t, first_killed(&s), victim.pid);
	raise_adj(t, &hogs[0]);
	oom0 = scenario_event(&s, MEMCG_OOM);
	faults0 = mm_fault_nr_oom();
	KTEST_EXPECT(t, ktest_wait_until(t, scenario_event(&s, MEMCG_OOM) >=
						    oom0 + 5, KTEST_WAIT_MS));
	if (d == MEMCG_DESIGN_PRE) {
		/* the faults end, and their tasks wait on the queue (the
		 * charge counts oom before its fault ends: wait for it) */
		KTEST_EXPECT(t, ktest_wait_until(t, mm_fault_nr_oom() >
							 faults0,
						 KTEST_WAIT_MS));
		KTEST_EXPECT(t, ktest_wait_until(t, under_oom(&s) >= 1,
						 KTEST_WAIT_MS));
	} else {
		/* they loop inside the charge: no fault ends, nobody waits */
		KTEST_EXPECT_EQ(t, mm_fault_nr_oom() - faults0, 0);
		KTEST_EXPECT_EQ(t, under_oom(&s), 0);
	}
	KTEST_EXPECT(t, alive(&victim));
	KTEST_EXPECT_EQ_U(t, scenario_kills(&s), 1);
	KTEST_EXPECT_EQ(t, scenario_event(&s, MEMCG_OOM_KILL), 1);
out_release:
	oomlab_hold_release();
	KTEST_EXPECT(t, ktest_wait_until(t, !alive(&victim), KTEST_WAIT_MS));
	/* Each charger completes, or - once V's mm has MMF_OOM_SKIP - a
	 * charge that failed while V held its pages kills one (C1 at 1000)
	 * after all: the window first_killed() describes. */
	for (int i = 0; i < nr_chargers; i++)
		KTEST_EXPECT(t, user_wait_line(&hogs[i], "hog: holding",
					       KTEST_WAIT_MS) ||
				!alive(&hogs[i]));
	expect_kills(t, &s);
	reap_holders(t, &s, names, nr_chargers);
	scenario_wait(t, &s, &victim, "V");
	KTEST_EXPECT_EQ(t, wait_status_sig(victim.status), SIGKILL);
out:
	scenario_end(t, &s);
}

/* A victim slow to exit: no second kill, the chargers wait or loop. */
static void scenario_procs_abort(struct ktest *t)
{
	scenario_each_design(t, abort_rule);
}

/* Kill (if still alive) and reap sharemm's child, the one we started. */
static void reap_child(struct ktest *t, struct scenario *s, int pid)
{
	size_t len = strlen(s->victims);
	int status = -1;

	if (!pid)
		return;
	if (pid_alive(pid))
		process_kill_pid(pid, SIGKILL);
	KTEST_EXPECT_EQ(t, process_wait_timeout(pid, &status,
				(long)msecs_to_jiffies(KTEST_WAIT_MS)), 0);
	if (wait_status_sig(status) == SIGKILL)
		snprintf(s->victims + len, sizeof(s->victims) - len, "%schild",
			 len ? "," : "");
}

static void shared_mm(struct ktest *t, enum memcg_design d)
{
	static struct user_run sharer;
	struct log_capture cap;
	int pids[2] = { 0, 0 };		/* parent, child */
	int victim = is_mod(d);		/* the later one in 6.1 */
	u64 child;
	struct scenario s;

	if (scenario_begin(t, &s, "shared_mm", d, "1M"))
		return;
	if (start_in(t, s.cg, &sharer, (const char *const[]){
			     "/bin/sharemm", "--pages", "150", "--hold-ms",
			     HOLD_MS, NULL }, false))
		goto out;
	pids[0] = sharer.pid;
	if (!KTEST_EXPECT(t, user_wait_line(&sharer, "sharemm: holding",
					    KTEST_WAIT_MS)) ||
	    !KTEST_EXPECT(t, user_field(sharer.out, "sharemm: holding",
					"child=", &child)))
		goto out_sharer;
	pids[1] = (int)child;
	mark_run(&s);
	capture_rfc_warn(&cap, d, true);
	if (start_trigger(t, s.cg, "200")) {
		capture_rfc_warn(&cap, d, false);
		goto out_sharer;
	}
	scenario_wait(t, &s, &trigger, "trigger");
	capture_rfc_warn(&cap, d, false);
	KTEST_EXPECT(t, user_exited(&trigger, 0));
	KTEST_EXPECT(t, ktest_wait_until(t, !pid_alive(pids[0]) &&
					  !pid_alive(pids[1]),
				  KTEST_WAIT_MS));
	KTEST_EXPECT_EQ(t, first_killed(&s), pids[victim]);
	KTEST_EXPECT_EQ_U(t, scenario_kills(&s), 1);
	KTEST_EXPECT_EQ(t, scenario_event(&s, MEMCG_OOM_KILL), 1);
	KTEST_EXPECT(t, marked_victim(pids[victim]));
	KTEST_EXPECT(t, !marked_victim(pids[!victim]));
out_sharer:
	reap_child(t, &s, pids[1]);
	if (alive(&sharer))
		process_kill_pid(sharer.pid, SIGKILL);
	scenario_wait(t, &s, &sharer, "parent");
	KTEST_EXPECT(t, !strcmp(s.victims, "child,parent"));
out:
	scenario_end(t, &s);
}

/* Two processes on one mm: both die, one is the victim. */
static void scenario_procs_shared_mm(struct ktest *t)
{
	scenario_each_design(t, shared_mm);
}

/* Does @d kill a child in the chosen process's place (Linux <= 5.0)? */
static bool sacrifices_child(enum memcg_design d)
{
	return d == MEMCG_DESIGN_PRE || d == MEMCG_DESIGN_V419RFC ||
	       d == MEMCG_DESIGN_V419;
}

/* Reap @pid unless its parent did (an orphan is the kernel's to reap). */
static void reap_orphan(struct ktest *t, int pid)
{
	struct process *p = process_get_by_pid(pid, PROCESS_UNREAPED);
	int status;

	if (!p)
		return;
	process_put(p);
	process_kill_pid(pid, SIGKILL);		/* if still running */
	KTEST_EXPECT_EQ(t, process_wait_timeout(pid, &status,
				(long)msecs_to_jiffies(KTEST_WAIT_MS)), 0);
}

static void sacrifice_child(struct ktest *t, enum memcg_design d)
{
	static struct user_run parent;
	u64 child = 0, status = 0;
	struct scenario s;
	int want;

	if (scenario_begin(t, &s, "sacrifice_child", d, "2M"))
		return;
	mark_run(&s);
	if (start_in(t, s.cg, &parent, (const char *const[]){
			     "/bin/forktest", "--cow-pages", "300",
			     "--parent-extra-pages", "60", NULL }, false))
		goto out;
	if (!KTEST_EXPECT(t, user_wait_line(&parent, "forktest: child",
					    KTEST_WAIT_MS)) ||
	    !KTEST_EXPECT(t, user_field(parent.out, "forktest: child",
					"pid=", &child)))
		goto out_parent;
	KTEST_EXPECT(t, ktest_wait_until(t, !pid_alive((int)child) ||
					  !alive(&parent), KTEST_WAIT_MS));
	want = sacrifices_child(d) ? (int)child : parent.pid;
	/* The OOM killer signals its victim before it logs the kill (as
	 * Linux's __oom_kill_process() does): the victim may be gone
	 * before its "Killed process" line is in the log. */
	ktest_wait_until(t, first_killed(&s) != -1, KTEST_WAIT_MS);
	KTEST_EXPECT_EQ(t, first_killed(&s), want);
	/* A killed child may be reaped by its parent already: no struct to
	 * look at; the parent is reaped only by scenario_wait() below. */
	if (!sacrifices_child(d))
		KTEST_EXPECT(t, marked_victim(want));
out_parent:
	/* The victim parent's orphan first: a killed orphan stays a zombie
	 * (nobody else reaps it), whose oom_mm keeps its mm and with it its
	 * task - the task count scenario_wait() waits for. A sacrificed
	 * child is its living parent's to reap. */
	if (!sacrifices_child(d))
		reap_orphan(t, (int)child);
	scenario_wait(t, &s, &parent, "parent");
	reap_orphan(t, (int)child);
	if (sacrifices_child(d)) {
		KTEST_EXPECT(t, user_exited(&parent, 0));
		KTEST_EXPECT(t, user_field(parent.out, "forktest: reaped",
					   "status=", &status));
		KTEST_EXPECT_EQ(t, status, SIGKILL);
	} else {
		KTEST_EXPECT_EQ(t, wait_status_sig(parent.status), SIGKILL);
	}
out:
	scenario_end(t, &s);
}

/*
 * Scenario 22: the chosen process has a child with its own mm. Linux up
 * to 5.0 kills the child instead (its badness only has to be above 0),
 * 5.1 on kills the chosen one.
 */
static void scenario_procs_sacrifice_child(struct ktest *t)
{
	scenario_each_design(t, sacrifice_child);
}

/* Badness and oom_score_adj: who dies, what /proc says. */
static void scenario_procs_badness(struct ktest *t)
{
	scenario_each_design(t, badness);
}

/* Equal badness: the earlier (up to 5.8) or the later (6.1) dies. */
static void scenario_procs_badness_tie(struct ktest *t)
{
	scenario_each_design(t, badness_tie);
}

/* A parent's limit: the parent is the domain; who counts what. */
static void scenario_procs_hierarchy(struct ktest *t)
{
	scenario_each_design(t, hierarchy);
}

/* memory.oom.group: the victim's whole group, but -1000. */
static void scenario_procs_oom_group(struct ktest *t)
{
	scenario_each_design(t, oom_group);
}

/* A group's child at its own limit: one kill. */
static void scenario_procs_oom_group_child(struct ktest *t)
{
	scenario_each_design(t, oom_group_child);
}

KTEST_SUITE(scenario_procs,
	    KTEST_CASE(scenario_procs_abort),
	    KTEST_CASE(scenario_procs_shared_mm),
	    KTEST_CASE(scenario_procs_sacrifice_child),
	    KTEST_CASE(scenario_procs_badness),
	    KTEST_CASE(scenario_procs_badness_tie),
	    KTEST_CASE(scenario_procs_hierarchy),
	    KTEST_CASE(scenario_procs_oom_group),
	    KTEST_CASE(scenario_procs_oom_group_child));
