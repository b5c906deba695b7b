// SPDX-License-Identifier: MIT
/*
 * The OOM reaper at full size (kernel only; run when named:
 * ktest.filter=bench_*, in the release kernel of make bench):
 *
 *   # bench reaper_pages_per_ms_256m: N pages/ms
 *	one pass (rpmod's rules) over a 256 MiB address space, timed under
 *	the mmap read lock as the reaper holds it (the median of three);
 *   # bench reaper_pages_per_ms_256m_faulters: N pages/ms
 *	the same while /bin/mmapstorm's 64 threads fault in a loop in
 *	another process (checked still at it when the passes end);
 *   # bench reaper_kill_to_below_DESIGN: N ms
 *	per reaper design: a 256 MiB victim (/bin/hog) and a 32 MiB charger
 *	in a group of 272 MiB; the charger's charge OOM-kills the victim;
 *	the time from that kill (the first poll that sees it, 1 ms apart)
 *	to the group's memory.current back under half its memory.max, the
 *	victim's memory gone (the median of three runs);
 *   # bench reaper_kill_reaped_pct_DESIGN: N %
 *	the share of the victims' pages reaper passes freed over those
 *	runs, the reaper thread's or the one a 4.17-5.x exit_mmap() runs
 *	itself (the rest went in the victims' own unmapping).
 *
 * Only ratios inside one boot mean something: under TCG on a shared host
 * the absolute times follow the load.
 */
#include "kernel/cgroup.h"
#include "kernel/ktest.h"
#include "kernel/time.h"
#include "kernel/timer.h"
#include "mm/memcg.h"
#include "mm/memcg_design.h"
#include "mm/mm.h"
#include "mm/mmap.h"
#include "mm/oom.h"
#include "mm/oom_reaper.h"
#include "tests/kernel/user_run.h"
#include "tests/mm/mm_test_util.h"

#define VICTIM_PAGES	"65536"		/* 256 MiB */
#define VICTIM_NR	65536UL
#define CHARGER_PAGES	"8192"		/* 32 MiB */
#define GROUP_MAX	"272M"
#define FAULTERS	"64"
/* Populating 256 MiB under TCG on a loaded host: far above a normal wait. */
#define BENCH_WAIT_MS	(12 * KTEST_WAIT_MS)
#define BENCH_PASSES	3

static struct user_run victim, charger, faulters;

/* One timed rpmod pass over a fresh 256 MiB mm; 0 when it failed. */
static u64 reap_pass_pages_per_ms(struct ktest *t)
{
	struct mm *mm = mm_alloc();
	bool busy = false;
	u64 ns;

	if (!mm) {
		KTEST_FAIL(t, "mm_alloc");
		return 0;
	}
	KTEST_EXPECT_EQ(t, do_mmap(mm, TEST_VA, VICTIM_NR * PAGE_SIZE,
				   PROT_READ | PROT_WRITE,
				   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED |
					   MAP_POPULATE,
				   -1, 0),
			TEST_VA);
	KTEST_EXPECT_EQ(t, mm_rss_total(mm), VICTIM_NR);
	mmap_read_lock(mm);
	ns = ktime_get_ns();
	KTEST_EXPECT_EQ(t, oom_reaper_reap_mm(mm,
					      oom_reaper_policy(OOM_REAPER_RPMOD),
					      &busy),
			OOM_PASS_FULL);
	ns = ktime_get_ns() - ns;
	mmap_read_unlock(mm);
	KTEST_EXPECT_EQ(t, mm_rss_total(mm), 0);
	mmput(mm);
	return VICTIM_NR * 1000000ULL / (ns ?: 1);
}

/* The median of BENCH_PASSES passes (the first also translates code). */
static u64 reap_median_pages_per_ms(struct ktest *t)
{
	u64 r[BENCH_PASSES], tmp;

	for (int i = 0; i < BENCH_PASSES; i++) {
		r[i] = reap_pass_pages_per_ms(t);
		for (int j = i; j > 0 && r[j - 1] > r[j]; j--) {
			tmp = r[j];
			r[j] = r[j - 1];
			r[j - 1] = tmp;
		}
	}
	return r[BENCH_PASSES / 2];
}

static void reap_256m(struct ktest *t)
{
	ktest_log(t, "bench reaper_pages_per_ms_256m: %llu pages/ms",
		  (unsigned long long)reap_median_pages_per_ms(t));
}

/* Is the faulters' process still alive (mmapstorm faults until killed)? */
static bool still_faulting(int pid)
{
	struct process *p = process_get_by_pid(pid, PROCESS_ALIVE);

	if (p)
		process_put(p);
	return p;
}

/* The same pass while 64 threads fault in a process of their own group. */
static void reap_256m_faulters(struct ktest *t)
{
	struct cgroup *cg;
	u64 rate;

	KTEST_ASSERT_EQ(t, cgroup_create(&cgroup_root, "rbench_f", &cg), 0);
	cgroup_attach_kthread(current, cg);
	KTEST_EXPECT_EQ(t, user_start(t, &faulters, (const char *const[]){
				    "/bin/mmapstorm", "--faulters", FAULTERS,
				    "--mappers", "0", NULL }), 0);
	cgroup_attach_kthread(current, &cgroup_root);
	KTEST_EXPECT(t, user_wait_line(&faulters, "mmapstorm: started",
				       BENCH_WAIT_MS));
	rate = reap_median_pages_per_ms(t);
	/* Still faulting when the passes ended, or the figure is not one. */
	KTEST_EXPECT(t, still_faulting(faulters.pid));
	process_kill_pid(faulters.pid, SIGKILL);
	user_wait(t, &faulters, BENCH_WAIT_MS);
	ktest_log(t, "bench reaper_pages_per_ms_256m_faulters: %llu pages/ms",
		  (unsigned long long)rate);
	memcg_drain_all_stock(cg->memcg);
	KTEST_EXPECT_EQ(t, memcg_current(cg->memcg), 0);
	KTEST_EXPECT_EQ(t, cgroup_remove(cg), 0);
	cgroup_put(cg);
}

static bool reaper_idle(void)
{
	struct oom_reaper_stats st;

	oom_reaper_stats(&st);
	return !st.inflight;
}

/* Milliseconds from the charger's OOM kill to usage under max / 2; -1
 * when either never came. */
static long kill_to_below_ms(struct memcg *m, unsigned long kills0)
{
	u64 end = ktest_wait_deadline(BENCH_WAIT_MS), kill_ns = 0;
	long half = page_counter_max(&m->memory) / 2;

	while (ktime_get_ns() < end) {
		if (!kill_ns && oom_kill_count() != kills0)
			kill_ns = ktime_get_ns();
		if (kill_ns && memcg_current(m) < half)
			return (long)((ktime_get_ns() - kill_ns) / 1000000);
		msleep(1);
	}
	return -1;
}

/*
 * One run under design @d: milliseconds from the kill to usage under
 * half the limit (-1: never), and in *@reaped the pages the reaper freed.
 */
static long kill_to_below_one(struct ktest *t, enum oom_reaper_design d,
			      unsigned long *reaped)
{
	struct oom_reaper_stats st0, st1;
	struct cgroup *cg;
	long ms = -1;

	*reaped = 0;
	oom_reaper_set_design(d);
	oom_reaper_stats(&st0);
	if (cgroup_create(&cgroup_root, "rbench_k", &cg)) {
		KTEST_FAIL(t, "cgroup_create rbench_k");
		return -1;
	}
	KTEST_EXPECT_EQ(t, memcg_write_max(cg->memcg, GROUP_MAX), 0);
	cgroup_attach_kthread(current, cg);
	if (!user_start(t, &victim, (const char *const[]){
			"/bin/hog", "--pages", VICTIM_PAGES, "--hold-ms",
			"600000", NULL })) {
		unsigned long kills0;

		KTEST_EXPECT(t, user_wait_line(&victim, "hog: holding",
					       BENCH_WAIT_MS));
		kills0 = oom_kill_count();
		if (!user_start(t, &charger, (const char *const[]){
				"/bin/hog", "--pages", CHARGER_PAGES, NULL })) {
			ms = kill_to_below_ms(cg->memcg, kills0);
			user_wait(t, &charger, BENCH_WAIT_MS);
		}
		process_kill_pid(victim.pid, SIGKILL);
		user_wait(t, &victim, BENCH_WAIT_MS);
		KTEST_EXPECT_EQ(t, wait_status_sig(victim.status), SIGKILL);
	}
	cgroup_attach_kthread(current, &cgroup_root);
	KTEST_EXPECT_GE(t, ms, 0);
	/* The victim's last charges go when the reaper lets its mm go. */
	ktest_wait_until(t, reaper_idle(), BENCH_WAIT_MS);
	memcg_drain_all_stock(cg->memcg);
	KTEST_EXPECT_EQ(t, memcg_current(cg->memcg), 0);
	KTEST_EXPECT_EQ(t, cgroup_remove(cg), 0);
	cgroup_put(cg);
	oom_reaper_stats(&st1);
	*reaped = st1.pages_reaped - st0.pages_reaped;
	return ms;
}

/* The median run of BENCH_PASSES under @d, and its share reaped. */
static void kill_to_below_design(struct ktest *t, enum oom_reaper_design d)
{
	long ms[BENCH_PASSES], tmp;
	unsigned long reaped, total = 0;

	for (int i = 0; i < BENCH_PASSES && !ktest_failed(t); i++) {
		ms[i] = kill_to_below_one(t, d, &reaped);
		total += reaped;
		for (int j = i; j > 0 && ms[j - 1] > ms[j]; j--) {
			tmp = ms[j];
			ms[j] = ms[j - 1];
			ms[j - 1] = tmp;
		}
	}
	if (ktest_failed(t))
		return;
	ktest_log(t, "bench reaper_kill_to_below_%s: %ld ms",
		  oom_reaper_design_name(d), ms[BENCH_PASSES / 2]);
	ktest_log(t, "bench reaper_kill_reaped_pct_%s: %lu %%",
		  oom_reaper_design_name(d),
		  total * 100 / (VICTIM_NR * BENCH_PASSES));
}

static void kill_to_below_each_design(struct ktest *t)
{
	enum oom_reaper_design saved = oom_reaper_get_design();
	enum memcg_design msaved = memcg_get_design();

	memcg_set_design(MEMCG_DESIGN_MOD);
	for (int d = 0; d < OOM_REAPER_NR_DESIGNS && !ktest_failed(t); d++)
		kill_to_below_design(t, d);
	oom_reaper_set_design(saved);
	memcg_set_design(msaved);
}

KTEST_SUITE(bench_reaper,
	    KTEST_CASE(reap_256m),
	    KTEST_CASE(reap_256m_faulters),
	    KTEST_CASE(kill_to_below_each_design));
