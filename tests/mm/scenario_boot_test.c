// SPDX-License-Identifier: MIT
/*
 * The OOM scenarios of user processes, each run under every charge-path
 * design in a fresh group "scen" of 1 MiB (256 pages), with the outcome
 * each design must show:
 *
 *   populate  hog mmaps 512 pages with MAP_POPULATE and touches nothing.
 *             PRE: a populate charge is not a user fault, so it gets
 *             -ENOMEM and the OOM killer never runs: mmap succeeds with
 *             about half the pages resident, no kill, oom > 0.
 *             V419 on: the OOM killer runs inside the charge and kills
 *             the hog (the only candidate) during mmap; oom_kill 1.
 *   populate_bystander  the same with a bigger process (160 pages) in
 *             the group first and a 200-page populate: PRE populates
 *             part and kills nothing; V419 on kill the bystander, and
 *             the populate completes (200/200).
 *   anon      hog touches 512 pages: killed in every design (PRE at the
 *             end of the fault, the others in the charge); one kill.
 *   no_victim hog at oom_score_adj -1000 touches 320 pages: nobody can
 *             be killed. PRE and MOD livelock by design (the fault is
 *             retried for ever, MOD printing "Huh VM_FAULT_OOM leaked
 *             out"); the case sees the faults go on without a kill and
 *             ends the livelock by raising memory.max. V419/V419PLUS
 *             force the charges (usage above max); V419RFC WARNs first.
 */
#include "mm/fault.h"
#include "mm/mm.h"
#include "tests/kernel/log_capture.h"
#include "tests/mm/scenario.h"

/* Repeated failing faults that make a livelock, not a slow fault. */
#define SCEN_LIVELOCK_FAULTS	50

/*
 * no_victim's hog: 64 pages over the group. V419 prints a whole OOM
 * header for every forced page (Linux 4.19's out_of_memory() does not
 * rate-limit it), about 13 lines each: more pages only make the log
 * longer and a loaded host's run slower.
 */
#define SCEN_NO_VICTIM_PAGES	320
#define SCEN_NO_VICTIM_PAGES_ARG "320"

static struct user_run hog, bystander;

static bool is_pre(enum memcg_design d)
{
	return d == MEMCG_DESIGN_PRE;
}

static void populate_alone(struct ktest *t, enum memcg_design d)
{
	struct scenario s;

	if (scenario_begin(t, &s, "populate", d, "1M"))
		return;
	if (scenario_start(t, &s, &hog, (const char *const[]){
				   "/bin/hog", "--pages", "512", "--populate",
				   "--no-touch", NULL }))
		goto out;
	scenario_wait(t, &s, &hog, "hog");
	scenario_read_hog(&s, &hog);
	s.pages = 512;
	KTEST_EXPECT_GT(t, scenario_event(&s, MEMCG_OOM), 0);
	if (is_pre(d)) {
		KTEST_EXPECT(t, user_exited(&hog, 0));
		KTEST_EXPECT_EQ_U(t, scenario_kills(&s), 0);
		KTEST_EXPECT_EQ(t, scenario_event(&s, MEMCG_OOM_KILL), 0);
		KTEST_EXPECT_GT(t, s.populated, 0);
		KTEST_EXPECT_LT(t, s.populated, 512);
	} else {
		KTEST_EXPECT_EQ(t, wait_status_sig(hog.status), SIGKILL);
		KTEST_EXPECT_EQ_U(t, scenario_kills(&s), 1);
		KTEST_EXPECT_EQ(t, scenario_event(&s, MEMCG_OOM_KILL), 1);
	}
out:
	scenario_end(t, &s);
}

static void populate_bystander(struct ktest *t, enum memcg_design d)
{
	struct scenario s;

	if (scenario_begin(t, &s, "populate_bystander", d, "1M"))
		return;
	if (scenario_start(t, &s, &bystander, (const char *const[]){
				   "/bin/hog", "--pages", "160", "--hold-ms",
				   "60000", NULL }))
		goto out;
	/*
	 * Its 160 pages resident is not enough: until it printed "holding"
	 * the bystander may still fault (the line's own stack and buffer),
	 * and such a fault in the group the populate fills is PRE's
	 * end-of-fault OOM, which kills the bystander.
	 */
	KTEST_EXPECT(t, user_wait_line(&bystander, "hog: holding",
				       KTEST_WAIT_MS));
	if (scenario_start(t, &s, &hog, (const char *const[]){
				   "/bin/hog", "--pages", "200", "--populate",
				   "--no-touch", NULL }))
		goto out_bystander;
	scenario_wait(t, &s, &hog, "hog");
	scenario_read_hog(&s, &hog);
	if (is_pre(d)) {
		KTEST_EXPECT(t, user_exited(&hog, 0));
		KTEST_EXPECT_EQ_U(t, scenario_kills(&s), 0);
		KTEST_EXPECT_GT(t, scenario_event(&s, MEMCG_OOM), 0);
		KTEST_EXPECT_LT(t, s.populated, 200);
		KTEST_EXPECT_EQ(t, process_kill_pid(bystander.pid, 0), 0);
	} else if (user_exited(&hog, 0)) {
		KTEST_EXPECT_EQ_U(t, scenario_kills(&s), 1);
		KTEST_EXPECT_EQ(t, s.populated, 200);
	} else {
		/*
		 * A loaded host can stretch the bystander's exit over an OOM
		 * pass that passed the margin check while the group was full
		 * and scanned once the victim's mm had MMF_OOM_SKIP: Linux
		 * kills the populating process too then. Never more.
		 */
		KTEST_EXPECT_EQ(t, wait_status_sig(hog.status), SIGKILL);
		KTEST_EXPECT_EQ_U(t, scenario_kills(&s), 2);
	}
out_bystander:
	if (is_pre(d)) {
		/* Our own SIGKILL ends it: not a victim. */
		process_kill_pid(bystander.pid, SIGKILL);
		user_wait(t, &bystander, KTEST_WAIT_MS);
	} else {
		scenario_wait(t, &s, &bystander, "bystander");
		KTEST_EXPECT(t, strstr(s.victims, "bystander") != NULL);
	}
out:
	scenario_end(t, &s);
}

static void anon(struct ktest *t, enum memcg_design d)
{
	struct scenario s;

	if (scenario_begin(t, &s, "anon", d, "1M"))
		return;
	if (scenario_start(t, &s, &hog, (const char *const[]){
				   "/bin/hog", "--pages", "512", NULL }))
		goto out;
	scenario_wait(t, &s, &hog, "hog");
	KTEST_EXPECT_EQ(t, wait_status_sig(hog.status), SIGKILL);
	KTEST_EXPECT_EQ_U(t, scenario_kills(&s), 1);
	KTEST_EXPECT_GT(t, scenario_event(&s, MEMCG_MAX), 0);
	KTEST_EXPECT_GT(t, scenario_event(&s, MEMCG_OOM), 0);
	KTEST_EXPECT_EQ(t, scenario_event(&s, MEMCG_OOM_KILL), 1);
out:
	scenario_end(t, &s);
}

/*
 * PRE and MOD: the hog's faults fail and are retried while nothing is
 * killed; once that went on SCEN_LIVELOCK_FAULTS times, raise the limit
 * and let it finish. Return: whether the livelock was seen.
 */
static bool end_livelock(struct ktest *t, struct scenario *s)
{
	unsigned long faults0 = mm_fault_nr_oom();
	bool seen = ktest_wait_until(t, mm_fault_nr_oom() - faults0 >=
					       SCEN_LIVELOCK_FAULTS ||
				       scenario_watch(s, hog.pid),
				       KTEST_WAIT_MS);

	seen = seen && !scenario_watch(s, hog.pid) && !scenario_kills(s);
	KTEST_EXPECT(t, seen);
	KTEST_EXPECT_EQ(t, memcg_write_max(s->cg->memcg, "max"), 0);
	return seen;
}

static void no_victim(struct ktest *t, enum memcg_design d)
{
	bool livelock = d == MEMCG_DESIGN_PRE || d == MEMCG_DESIGN_MOD;
	struct log_capture cap;
	struct scenario s;

	if (scenario_begin(t, &s, "no_victim", d, "1M"))
		return;
	/* V419RFC's WARN is the expected outcome, not a kernel bug. */
	if (d == MEMCG_DESIGN_V419RFC)
		log_capture_begin(&cap);
	if (scenario_start(t, &s, &hog, (const char *const[]){
				   "/bin/hog", "--pages", SCEN_NO_VICTIM_PAGES_ARG,
				   "--oom-score-adj", "-1000", NULL }))
		goto out;
	if (livelock)
		end_livelock(t, &s);
	scenario_wait(t, &s, &hog, "hog");
	scenario_read_resident(&s, &hog);
	KTEST_EXPECT(t, user_exited(&hog, 0));
	KTEST_EXPECT_EQ(t, s.populated, SCEN_NO_VICTIM_PAGES);
	KTEST_EXPECT_EQ_U(t, scenario_kills(&s), 0);
	KTEST_EXPECT_EQ(t, scenario_event(&s, MEMCG_OOM_KILL), 0);
	KTEST_EXPECT_GT(t, scenario_event(&s, MEMCG_OOM), 0);
	if (d == MEMCG_DESIGN_V419RFC)
		KTEST_EXPECT(t, log_capture_contains(
			"Memory cgroup charge failed because of no "
			"reclaimable memory!"));
	else if (d != MEMCG_DESIGN_PRE)
		KTEST_EXPECT(t, log_capture_contains(
			"Out of memory and no killable processes..."));
	if (livelock)
		KTEST_EXPECT_EQ(t, scenario_overcharge(&s), 0);
	else
		KTEST_EXPECT_GT(t, scenario_overcharge(&s), 0);
out:
	if (d == MEMCG_DESIGN_V419RFC)
		log_capture_end(&cap);
	scenario_end(t, &s);
}

/* MAP_POPULATE over the limit, alone and beside a bigger process. */
static void scenario_populate(struct ktest *t)
{
	scenario_each_design(t, populate_alone);
}

static void scenario_populate_bystander(struct ktest *t)
{
	scenario_each_design(t, populate_bystander);
}

/* A single anonymous hog over the limit. */
static void scenario_anon(struct ktest *t)
{
	scenario_each_design(t, anon);
}

/* No eligible victim: livelock, force, or WARN and force. */
static void scenario_no_victim(struct ktest *t)
{
	scenario_each_design(t, no_victim);
}

KTEST_SUITE(scenario,
	    KTEST_CASE(scenario_populate),
	    KTEST_CASE(scenario_populate_bystander),
	    KTEST_CASE(scenario_anon),
	    KTEST_CASE(scenario_no_victim));
