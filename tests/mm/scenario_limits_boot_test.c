// SPDX-License-Identifier: MIT
/*
 * The scenarios of the two limits that lean on reclaim, each run under
 * every charge-path design with the "# scenario" line of
 * tests/mm/scenario.h, scaled down from Linux's 256 MiB / 64 MiB groups
 * with their shape kept:
 *
 *   lower_max  three hogs of 1200 pages (4.7 MiB) each sit in a group of
 *             32 MiB (together 14 MiB: they must fit a 32 MiB machine
 *             beside a 6 MiB initramfs); memory.max is written down to
 *             4 MiB. Nothing is
 *             reclaimable (anonymous memory, no swap), so the write
 *             OOM-kills pass after pass until the group fits: each hog
 *             alone is over 4 MiB, so all three die, one at a time. The
 *             write returns success; `oom` counts every pass (at least
 *             one per kill: aborted scans while a victim exits count
 *             too); `max` is not counted (only charges count it).
 *   lower_max_signal  the same write by a task with a fatal signal
 *             pending (MOD): the limit is set, nothing is reclaimed or
 *             killed, no oom, and the write succeeds.
 *   high      memory.high 8 MiB, no memory.max: catfile leaves about 170
 *             clean pages in the group, then a hog paced at 50 us a
 *             page grows to 2176 pages (8.5 MiB, 1.06 times high).
 *             Nobody is killed, no oom, `high` grows, the file pages
 *             are reclaimed. From Linux
 *             5.4 (V419PLUS, MOD) the hog is also put to sleep on its
 *             returns to user space once reclaim has nothing left; PRE
 *             and the 4.19 designs reclaim only and never sleep.
 */
#include "kernel/completion.h"
#include "kernel/kthread.h"
#include "mm/memcg.h"
#include "mm/vmscan.h"
#include "tests/mm/scenario.h"

#define LOWER_MAX_HOGS	3
#define HIGH_WAIT_MS	60000	/* about 4 s of penalty sleeps, TCG */
#define HIGH_REPORT_NS	(10ULL * 1000000000)

static struct user_run hogs[LOWER_MAX_HOGS], cat;

static void lower_max(struct ktest *t, enum memcg_design d)
{
	static const char *const names[LOWER_MAX_HOGS] = {
		"hog1", "hog2", "hog3" };
	struct scenario s;
	int started = 0;

	if (scenario_begin(t, &s, "lower_max", d, "32M"))
		return;
	for (; started < LOWER_MAX_HOGS; started++) {
		if (scenario_start(t, &s, &hogs[started],
				   (const char *const[]){
					   "/bin/hog", "--pages", "1200",
					   "--hold-ms", "60000", NULL }))
			break;
		KTEST_EXPECT(t, user_wait_line(&hogs[started],
					       "hog: holding",
					       KTEST_WAIT_MS));
	}
	if (started == LOWER_MAX_HOGS) {
		KTEST_EXPECT_EQ(t, memcg_write_max(s.cg->memcg, "4M"), 0);
		KTEST_EXPECT_LE(t, memcg_current(s.cg->memcg), 1024);
	}
	/* The last started first: each wait expects the later ones gone. */
	for (int i = started - 1; i >= 0; i--)
		scenario_wait(t, &s, &hogs[i], names[i]);
	KTEST_EXPECT_EQ_U(t, scenario_kills(&s), LOWER_MAX_HOGS);
	KTEST_EXPECT_EQ(t, scenario_event(&s, MEMCG_OOM_KILL),
			LOWER_MAX_HOGS);
	KTEST_EXPECT_GE(t, scenario_event(&s, MEMCG_OOM), LOWER_MAX_HOGS);
	KTEST_EXPECT_EQ(t, scenario_event(&s, MEMCG_MAX), 0);
	for (int i = 0; i < started; i++)
		KTEST_EXPECT_EQ(t, wait_status_sig(hogs[i].status), SIGKILL);
	scenario_end(t, &s);
}

/* A writer with a fatal signal pending, as a killed shell would be. */
struct killed_writer {
	struct memcg *memcg;
	int ret;
	struct completion done;
};

static int killed_writer_thread(void *arg)
{
	struct killed_writer *w = arg;

	task_kill(current);
	w->ret = memcg_write_max(w->memcg, "4M");
	complete(&w->done);
	return 0;
}

/*
 * Scenario 25's write by a task with a signal pending: the limit is set,
 * the loop stops before any reclaim or kill, and the write still
 * succeeds (6.1 breaks out; 4.19 sets -EINTR and returns the bytes).
 * The loop is the same in every design: MOD only.
 */
static void scenario_limits_lower_max_signal(struct ktest *t)
{
	static struct killed_writer w;
	unsigned long tasks = task_count();
	struct scenario s;
	struct task *th;

	if (scenario_begin(t, &s, "lower_max_signal", MEMCG_DESIGN_MOD,
			   "32M"))
		return;
	if (scenario_start(t, &s, &hogs[0], (const char *const[]){
				   "/bin/hog", "--pages", "1600", "--hold-ms",
				   "60000", NULL }))
		goto out;
	KTEST_EXPECT(t, user_wait_line(&hogs[0], "hog: holding",
				       KTEST_WAIT_MS));
	w = (struct killed_writer){ .memcg = s.cg->memcg };
	init_completion(&w.done);
	th = kthread_run(killed_writer_thread, &w, "killed_writer");
	KTEST_ASSERT_NOT_NULL(t, th);
	KTEST_EXPECT_GT(t, wait_for_completion_timeout(
				   &w.done, (long)msecs_to_jiffies(KTEST_WAIT_MS)),
			0);
	ktest_wait_tasks(t, tasks + 1, KTEST_WAIT_MS);	/* the hog's only */
	KTEST_EXPECT_EQ(t, w.ret, 0);
	KTEST_EXPECT_EQ(t, page_counter_max(&s.cg->memcg->memory), 1024);
	KTEST_EXPECT_GT(t, memcg_current(s.cg->memcg), 1024);
	KTEST_EXPECT_EQ_U(t, scenario_kills(&s), 0);
	KTEST_EXPECT_EQ(t, scenario_event(&s, MEMCG_OOM), 0);
	process_kill_pid(hogs[0].pid, SIGKILL);	/* ours: not a victim */
	user_wait(t, &hogs[0], KTEST_WAIT_MS);
out:
	scenario_end(t, &s);
}

/*
 * Has the hog of the high scenario ended? Meanwhile a line every
 * HIGH_REPORT_NS: a throttled hog prints nothing for seconds, and the
 * runner takes a long silence for a hung kernel.
 */
static bool high_hog_done(struct scenario *s, int pid, u64 *report_ns)
{
	if (ktime_get_ns() >= *report_ns) {
		printk("# scenario_limits high: hog running, memory.current "
		       "%ld pages, %llu ms slept\n",
		       memcg_current(s->cg->memcg),
		       (unsigned long long)(memcg_high_throttled_jiffies() *
					    1000 / time_hz()));
		*report_ns += HIGH_REPORT_NS;
	}
	return scenario_watch(s, pid);
}

/* Whether design @d throttles over memory.high (Linux 5.4 and later). */
static bool throttles(enum memcg_design d)
{
	return d >= MEMCG_DESIGN_V419PLUS;
}

static void high(struct ktest *t, enum memcg_design d)
{
	u64 slept0 = memcg_high_throttled_jiffies(), slept, report_ns;
	struct scenario s;
	long file0;

	if (scenario_begin(t, &s, "high", d, "max"))
		return;
	KTEST_EXPECT_EQ(t, memcg_write_high(s.cg->memcg, "8M"), 0);
	if (scenario_start(t, &s, &cat, (const char *const[]){
				   "/bin/catfile", "/bin/fstest",
				   "/bin/sysfuzz", "/bin/mmbench",
				   "/bin/rtcheck", "/bin/hog", "/bin/cgctl",
				   "/bin/tgroup", "/bin/efault", NULL }))
		goto out;
	user_wait(t, &cat, KTEST_WAIT_MS);
	file0 = memcg_stat_read(s.cg->memcg, MEMCG_FILE);
	KTEST_EXPECT_GT(t, file0, 150);
	if (scenario_start(t, &s, &hogs[0], (const char *const[]){
				   "/bin/hog", "--pages", "2176",
				   "--delay-us", "50", "--busy", NULL }))
		goto out;
	report_ns = ktime_get_ns() + HIGH_REPORT_NS;
	/* Throttled for seconds by design: a longer bound than the usual. */
	ktest_wait_until(t, high_hog_done(&s, hogs[0].pid, &report_ns),
			 HIGH_WAIT_MS);
	scenario_wait(t, &s, &hogs[0], "hog");
	scenario_read_resident(&s, &hogs[0]);
	slept = memcg_high_throttled_jiffies() - slept0;
	printk("# scenario_limits high design=%s throttled_ms=%llu "
	       "high_events=%ld file_pages=%ld->%ld\n", memcg_design_name(d),
	       (unsigned long long)(slept * 1000 / time_hz()),
	       scenario_event(&s, MEMCG_HIGH), file0,
	       memcg_stat_read(s.cg->memcg, MEMCG_FILE));
	KTEST_EXPECT(t, user_exited(&hogs[0], 0));
	KTEST_EXPECT_EQ(t, s.populated, 2176);
	KTEST_EXPECT_EQ_U(t, scenario_kills(&s), 0);
	KTEST_EXPECT_EQ(t, scenario_event(&s, MEMCG_OOM), 0);
	KTEST_EXPECT_GT(t, scenario_event(&s, MEMCG_HIGH), 0);
	KTEST_EXPECT_LT(t, memcg_stat_read(s.cg->memcg, MEMCG_FILE), file0);
	if (throttles(d))
		KTEST_EXPECT_GE_U(t, slept, 1);
	else
		KTEST_EXPECT_EQ_U(t, slept, 0);
out:
	/* The page cache outlives its readers: drop it so the group empties. */
	try_to_free_mem_cgroup_pages(s.cg->memcg, PAGE_COUNTER_MAX,
				     GFP_KERNEL);
	scenario_end(t, &s);
}

/* Scenario 25: lowering memory.max below the usage. */
static void scenario_limits_lower_max(struct ktest *t)
{
	scenario_each_design(t, lower_max);
}

/* Scenario 26: memory.high with a paced allocator. */
static void scenario_limits_high(struct ktest *t)
{
	scenario_each_design(t, high);
}

KTEST_SUITE(scenario_limits,
	    KTEST_CASE(scenario_limits_lower_max),
	    KTEST_CASE(scenario_limits_lower_max_signal),
	    KTEST_CASE(scenario_limits_high));
