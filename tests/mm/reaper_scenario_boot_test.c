// SPDX-License-Identifier: MIT
/*
 * The OOM reaper's scenarios, each under every reaper design, in a fresh
 * group "reap" of 1 MiB (256 pages) with memcg.design=mod: a victim V
 * (/bin/hog, 200 pages, holding them) and a charger C (/bin/hog touching
 * 120 pages) that pushes the group over its limit. V is the largest, so
 * the first kill is V's; a second kill can only be C's.
 *
 *   mlock     (Linux's 2018 mlocked-victim case) V's pages are mlocked,
 *             and its exit is slow: a user reference keeps its mm
 *             300 ms after the kill (the munlock of a big victim).
 *             rp414/rp417/rp419 skip VM_LOCKED, call the pass a success
 *             and set MMF_OOM_SKIP at once: C is killed (innocent).
 *             rpr, rph, rpmod, none and oomlab: one kill.
 *   notifier  a mirror (drivers/mirror.c) holds V's 200 pages and
 *             refuses non-blocking invalidations; the device keeps V's
 *             mm 4 s after the kill (Linux's case: a lock held 5 s).
 *             rp414/rp417 nap 1 s, rp419 and rph give up after 10
 *             tries, rpr at its 1 s expiry, rpmod 10 tries after its
 *             2 s delay: C is killed (innocent). none and oomlab (a busy
 *             notifier is given 5 s): one kill.
 *   stuck     V can never exit: its mm is write-locked (a thread in D
 *             state holding mmap_lock) and kept, for up to 6 s. Every
 *             reaping design must give up and kill C (needed) before the
 *             hold ends; none never does (C waits for the hold).
 *   exiting   V (mlocked) is inside exit_mmap() while C charges: a
 *             reader holds V's mmap_lock 500 ms after the kill.
 *             rp417/rp419 set MMF_OOM_SKIP before unmapping and wait at
 *             the write-lock barrier; their reaper also skips VM_LOCKED:
 *             C is killed (innocent), as is rp414's. The others: one
 *             kill (6.1's exit_mmap() unmaps under the read lock).
 *
 * Each run prints "# reaper scenario=S design=D seed=N kills=K
 * innocent_kills=I t_first_kill_ms=... t_reaped_ms=... (V's RSS down to
 * a quarter) t_usage_below_max_ms=... (the group's usage under 3/4 of
 * memory.max: room for C) t_second_kill_ms=... reaper_passes=...
 * trylock_failures=... charger_cpu_ms=..." (one line; times from C's
 * start, "-" never; charger_cpu_ms counts the 1 ms polls that found C
 * running), which tools/oomlab/scenarios.py turns into the reaper table.
 *
 * The scheduler's seed is the boot's (sched.seed=, one per boot): each
 * run prints it on its "# reaper" line, and a run is replayed with
 * --cmdline "sched.seed=N ktest.filter=reaper_scenario.CASE".
 */
#include "drivers/mirror.h"
#include "kernel/kthread.h"
#include "kernel/sched.h"
#include "kernel/timer.h"
#include "mm/mm.h"
#include "mm/oom_internal.h"
#include "mm/oom_reaper.h"
#include "tests/mm/scenario.h"

#define REAP_VICTIM_PAGES	"200"
#define REAP_CHARGER_PAGES	"120"
#define REAP_MLOCK_EXIT_MS	300	/* the slow exit of "mlock" */
#define REAP_NOTIFIER_MS	4000	/* the device's hold in "notifier" */
#define REAP_STUCK_MS		6000	/* "stuck": longer than every bound */
#define REAP_EXITING_MS		500	/* the reader in "exiting" */

enum reap_scen { REAP_MLOCK, REAP_NOTIFIER, REAP_STUCK, REAP_EXITING };

static const char *const reap_scen_names[] = {
	"mlock", "notifier", "stuck", "exiting",
};

/*
 * A kernel thread holding V's mmap_lock (the D-state thread of "stuck",
 * the reader of "exiting"): the case itself may not, it takes
 * cgroup_mutex, which ranks above mmap_lock.
 */
struct lock_holder {
	struct mm *mm;
	bool write;
	struct completion taken, release, done;
};

static int lock_holder_fn(void *arg)
{
	struct lock_holder *h = arg;

	if (h->write)
		mmap_write_lock(h->mm);
	else
		mmap_read_lock(h->mm);
	complete(&h->taken);
	wait_for_completion(&h->release);
	if (h->write)
		mmap_write_unlock(h->mm);
	else
		mmap_read_unlock(h->mm);
	complete(&h->done);
	return 0;
}

/* One run: what the test holds, and what it measured. */
struct reap_run {
	enum reap_scen scen;
	enum oom_reaper_design design;
	struct scenario s;
	struct mm *mm;			/* V's, mmgrab()bed */
	struct mirror *mirror;		/* "notifier" */
	bool users_held, lock_held;
	struct lock_holder holder;
	unsigned int hold_ms;		/* after the first kill */
	long rss0;
	long t_first, t_second, t_reaped, t_below;	/* ms, -1: never */
	unsigned long charger_ms;
	struct oom_reaper_stats st0, st1;
};

static struct user_run victim, charger;

static long run_ms(const struct reap_run *r)
{
	return (long)((ktime_get_ns() - r->s.start_ns) / 1000000);
}

/* V's biggest VMA: its hog region. Context: V's mm held. */
static struct vm_area *hog_vma(struct mm *mm)
{
	struct vm_area *vma, *big = NULL;

	for (vma = vma_first(&mm->vmas); vma; vma = vma_next(vma))
		if (!big || vma_pages(vma) > vma_pages(big))
			big = vma;
	return big;
}

static int mirror_hog(struct ktest *t, struct reap_run *r)
{
	struct vm_area *vma;
	vaddr_t start, end;

	mmap_read_lock(r->mm);
	vma = hog_vma(r->mm);
	start = vma ? vma->start : 0;
	end = vma ? vma->end : 0;
	mmap_read_unlock(r->mm);
	if (!KTEST_EXPECT_EQ(t, mirror_create(r->mm, start, end, &r->mirror),
			     0))
		return -1;
	KTEST_EXPECT_GE(t, mirror_snapshot(r->mirror), 200);
	mirror_set_sleep(r->mirror, 1);
	return 0;
}

static int hold_lock(struct ktest *t, struct reap_run *r, bool write)
{
	struct lock_holder *h = &r->holder;
	struct task *k;

	h->mm = r->mm;
	h->write = write;
	init_completion(&h->taken);
	init_completion(&h->release);
	init_completion(&h->done);
	k = kthread_run(lock_holder_fn, h, "mmap-holder");
	if (!KTEST_EXPECT_NOT_NULL(t, k))
		return -1;
	r->lock_held = true;
	return ktest_wait_completion(t, &h->taken, KTEST_WAIT_MS) ? 0 : -1;
}

/* Take the scenario's hold on V's mm before C runs. */
static int hold_victim(struct ktest *t, struct reap_run *r)
{
	struct process *p = process_get_by_pid(victim.pid, PROCESS_ALIVE);

	if (!KTEST_EXPECT_NOT_NULL(t, p))
		return -1;
	r->mm = oom_process_mm(p);
	process_put(p);
	if (!KTEST_EXPECT_NOT_NULL(t, r->mm))
		return -1;
	r->rss0 = mm_rss_total(r->mm);
	switch (r->scen) {
	case REAP_MLOCK:
		r->hold_ms = REAP_MLOCK_EXIT_MS;
		r->users_held = mmget_not_zero(r->mm);
		break;
	case REAP_NOTIFIER:
		r->hold_ms = REAP_NOTIFIER_MS;
		r->users_held = mmget_not_zero(r->mm);
		return mirror_hog(t, r);
	case REAP_STUCK:
		r->hold_ms = REAP_STUCK_MS;
		r->users_held = mmget_not_zero(r->mm);
		return hold_lock(t, r, true);
	case REAP_EXITING:
		r->hold_ms = REAP_EXITING_MS;
		return hold_lock(t, r, false);
	}
	return 0;
}

static void release_victim(struct reap_run *r)
{
	if (r->lock_held)
		complete(&r->holder.release);
	if (r->users_held)
		mmput(r->mm);
	r->lock_held = r->users_held = false;
}

static bool reaper_idle(void)
{
	struct oom_reaper_stats st;

	oom_reaper_stats(&st);
	return !st.inflight;
}

static bool charger_running(struct process *p, const void *unused)
{
	unsigned int running = TASK_RUNNING;

	(void)unused;
	return user_all_in_state(p, &running);
}

/* One poll of the run (about a millisecond apart). */
static void observe(struct reap_run *r)
{
	unsigned long kills = scenario_kills(&r->s);
	struct process *c;
	long now = run_ms(r);

	if (kills >= 1 && r->t_first < 0)
		r->t_first = now;
	if (kills >= 2 && r->t_second < 0)
		r->t_second = now;
	if (r->t_first >= 0 && r->t_reaped < 0 &&
	    mm_rss_total(r->mm) * 4 <= r->rss0)
		r->t_reaped = now;
	scenario_note_skip(&r->s, r->mm);
	if (r->t_first >= 0 && r->t_below < 0 &&
	    memcg_current(r->s.cg->memcg) * 4 <=
		    page_counter_max(&r->s.cg->memcg->memory) * 3)
		r->t_below = now;
	if (r->t_first >= 0 && now - r->t_first >= (long)r->hold_ms)
		release_victim(r);
	c = process_get_by_pid(charger.pid, PROCESS_ALIVE);
	if (c) {
		r->charger_ms += charger_running(c, NULL);
		process_put(c);
	}
}

/* Watch until C is gone, or the bound; then let everything go. */
static void watch(struct ktest *t, struct reap_run *r)
{
	u64 end = ktest_wait_deadline(KTEST_WAIT_MS);

	while (!scenario_watch(&r->s, charger.pid) && ktime_get_ns() < end) {
		observe(r);
		msleep(1);
	}
	observe(r);
	KTEST_EXPECT(t, scenario_watch(&r->s, charger.pid));
	release_victim(r);
}

/*
 * Was C's kill unnecessary? Always, but in "stuck" before V's memory
 * came back: there killing C was the only way forward.
 */
static bool innocent_kill(const struct reap_run *r)
{
	if (wait_status_sig(charger.status) != SIGKILL)
		return false;
	return r->scen != REAP_STUCK ||
	       (r->t_reaped >= 0 && r->t_second >= r->t_reaped);
}

static void print_run(const struct reap_run *r)
{
	char f[4][24];

	scenario_field(f[0], sizeof(f[0]), r->t_first);
	scenario_field(f[1], sizeof(f[1]), r->t_reaped);
	scenario_field(f[2], sizeof(f[2]), r->t_below);
	scenario_field(f[3], sizeof(f[3]), r->t_second);
	printk("# reaper scenario=%s design=%s seed=%llu kills=%lu "
	       "innocent_kills=%d t_first_kill_ms=%s t_reaped_ms=%s "
	       "t_usage_below_max_ms=%s t_second_kill_ms=%s "
	       "reaper_passes=%lu trylock_failures=%lu charger_cpu_ms=%lu\n",
	       reap_scen_names[r->scen], oom_reaper_design_name(r->design),
	       (unsigned long long)sched_seed(), scenario_kills(&r->s),
	       innocent_kill(r),
	       f[0], f[1], f[2], f[3], r->st1.passes - r->st0.passes,
	       r->st1.trylock_failures - r->st0.trylock_failures,
	       r->charger_ms);
}

enum reap_expect {
	REAP_ONE,	/* V only */
	REAP_TWO,	/* C too */
	REAP_EITHER,	/* a race the design itself has decides */
};

/*
 * The outcome each design must show. REAP_EITHER: rp414 in "exiting",
 * where its reaper (VM_LOCKED skipped: "success" at once) races the
 * victim's own unmapping, which 4.14 does before setting MMF_OOM_SKIP;
 * rpmod in "notifier", whose give-up (the 2 s delay, then 10 passes
 * 100 ms apart: about 3 s) is only 1 s short of the device's 4 s hold,
 * and a loaded host stretches the passes past it (4061 ms seen), when
 * the released victim exits first.
 */
static enum reap_expect reap_expected(enum reap_scen scen,
				      enum oom_reaper_design d)
{
	bool linux_4x = d == OOM_REAPER_RP414 || d == OOM_REAPER_RP417 ||
			d == OOM_REAPER_RP419;

	switch (scen) {
	case REAP_MLOCK:
		return linux_4x ? REAP_TWO : REAP_ONE;
	case REAP_EXITING:
		if (d == OOM_REAPER_RP414)
			return REAP_EITHER;
		return linux_4x ? REAP_TWO : REAP_ONE;
	case REAP_NOTIFIER:
		if (d == OOM_REAPER_RPMOD)
			return REAP_EITHER;
		return d == OOM_REAPER_NONE || d == OOM_REAPER_OOMLAB ?
			       REAP_ONE :
			       REAP_TWO;
	default:
		return d == OOM_REAPER_NONE ? REAP_ONE : REAP_TWO;
	}
}

static int start_group(struct ktest *t, struct reap_run *r)
{
	r->s = (struct scenario){ .name = reap_scen_names[r->scen],
				  .design = MEMCG_DESIGN_MOD,
				  .first_kill_ms = -1 };
	if (cgroup_create(&cgroup_root, "reap", &r->s.cg)) {
		KTEST_FAIL(t, "cgroup_create reap");
		return -1;
	}
	KTEST_EXPECT_EQ(t, memcg_write_max(r->s.cg->memcg, "1M"), 0);
	return 0;
}

static void end_group(struct ktest *t, struct reap_run *r)
{
	memcg_drain_all_stock(r->s.cg->memcg);
	KTEST_EXPECT_EQ(t, memcg_current(r->s.cg->memcg), 0);
	KTEST_EXPECT_EQ(t, cgroup_remove(r->s.cg), 0);
	cgroup_put(r->s.cg);
}

/*
 * A second kill where one is expected is tolerated only in Linux's own
 * window, after V's memory came back: the charger checked the margin
 * before V's exit_mmap() freed it, and scanned after MMF_OOM_SKIP. The
 * oomlab design looks again before killing, so never for it.
 */
static void check_one(struct ktest *t, const struct reap_run *r)
{
	if (scenario_kills(&r->s) == 1 || r->design == OOM_REAPER_OOMLAB) {
		KTEST_EXPECT_EQ_U(t, scenario_kills(&r->s), 1);
		KTEST_EXPECT(t, user_exited(&charger, 0));
		return;
	}
	KTEST_EXPECT_EQ_U(t, scenario_kills(&r->s), 2);
	KTEST_EXPECT_GE(t, r->t_reaped, 0);
	KTEST_EXPECT_GE(t, r->t_second, r->t_reaped);
	ktest_log(t, "%s/%s: C killed in the margin-check window",
		  reap_scen_names[r->scen], oom_reaper_design_name(r->design));
}

static void check_outcome(struct ktest *t, const struct reap_run *r)
{
	KTEST_EXPECT_EQ(t, wait_status_sig(victim.status), SIGKILL);
	switch (reap_expected(r->scen, r->design)) {
	case REAP_ONE:
		check_one(t, r);
		break;
	case REAP_TWO:
		KTEST_EXPECT_EQ_U(t, scenario_kills(&r->s), 2);
		KTEST_EXPECT_EQ(t, wait_status_sig(charger.status), SIGKILL);
		break;
	case REAP_EITHER:
		KTEST_EXPECT_LE_U(t, scenario_kills(&r->s), 2);
		break;
	}
	/* Liveness: a stuck victim is given up before its hold ends. */
	if (r->scen == REAP_STUCK && r->design != OOM_REAPER_NONE) {
		KTEST_EXPECT_GE(t, r->t_second, 0);
		KTEST_EXPECT_LT(t, r->t_second - r->t_first, REAP_STUCK_MS);
	}
}

/* Release everything, wait for the reaper to let V's mm go. */
static void finish_victim(struct ktest *t, struct reap_run *r)
{
	unsigned long base = task_count();

	release_victim(r);
	if (!r->mm)
		return;
	if (r->holder.mm)
		ktest_wait_completion(t, &r->holder.done, KTEST_WAIT_MS);
	ktest_wait_until(t, mm_flag_test(r->mm, MMF_OOM_SKIP), KTEST_WAIT_MS);
	ktest_wait_until(t, reaper_idle(), KTEST_WAIT_MS);
	if (r->mirror)
		mirror_destroy(r->mirror);
	mmdrop(r->mm);
	ktest_wait_tasks(t, base, KTEST_WAIT_MS);
}

static void reap_run(struct ktest *t, enum reap_scen scen,
		     enum oom_reaper_design d)
{
	struct reap_run r = { .scen = scen, .design = d, .t_first = -1,
			      .t_second = -1, .t_reaped = -1, .t_below = -1 };
	const char *vargs[] = { "/bin/hog", "--pages", REAP_VICTIM_PAGES,
				"--hold-ms", "60000", NULL, NULL };

	if (scen == REAP_MLOCK || scen == REAP_EXITING)
		vargs[5] = "--mlock";
	oom_reaper_set_design(d);
	memcg_set_design(MEMCG_DESIGN_MOD);
	if (start_group(t, &r))
		return;
	if (scenario_start(t, &r.s, &victim, vargs))
		goto out;
	if (!KTEST_EXPECT(t, user_wait_line(&victim, "hog: holding",
					    KTEST_WAIT_MS)) ||
	    hold_victim(t, &r)) {
		process_kill_pid(victim.pid, SIGKILL);
		goto out_victim;
	}
	oom_reaper_stats(&r.st0);
	r.s.kills0 = oom_kill_count();
	r.s.start_ns = ktime_get_ns();
	if (!scenario_start(t, &r.s, &charger, (const char *const[]){
				    "/bin/hog", "--pages", REAP_CHARGER_PAGES,
				    NULL })) {
		watch(t, &r);
		user_wait(t, &charger, KTEST_WAIT_MS);
	}
out_victim:
	finish_victim(t, &r);
	user_wait(t, &victim, KTEST_WAIT_MS);
	oom_reaper_stats(&r.st1);
	print_run(&r);
	check_outcome(t, &r);
out:
	end_group(t, &r);
}

static void reap_each_design(struct ktest *t, enum reap_scen scen)
{
	enum oom_reaper_design saved = oom_reaper_get_design();
	enum memcg_design msaved = memcg_get_design();

	for (int d = 0; d < OOM_REAPER_NR_DESIGNS && !ktest_failed(t); d++)
		reap_run(t, scen, d);
	oom_reaper_set_design(saved);
	memcg_set_design(msaved);
}

static void reaper_scenario_mlock(struct ktest *t)
{
	reap_each_design(t, REAP_MLOCK);
}

static void reaper_scenario_notifier(struct ktest *t)
{
	reap_each_design(t, REAP_NOTIFIER);
}

static void reaper_scenario_stuck(struct ktest *t)
{
	reap_each_design(t, REAP_STUCK);
}

static void reaper_scenario_exiting(struct ktest *t)
{
	reap_each_design(t, REAP_EXITING);
}

KTEST_SUITE(reaper_scenario,
	KTEST_CASE(reaper_scenario_mlock),
	KTEST_CASE(reaper_scenario_notifier),
	KTEST_CASE(reaper_scenario_stuck),
	KTEST_CASE(reaper_scenario_exiting));
