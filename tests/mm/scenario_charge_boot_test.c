// SPDX-License-Identifier: MIT
/*
 * The OOM scenarios of kernel charges and of cgroup v1's
 * oom_kill_disable, each run under every charge-path design in a fresh
 * group "scen" of 1 MiB (256 pages). A kernel charge is made by
 * /bin/kcharge through /sys/kernel/oomlab/kernel_charge, in its own
 * system call: current is a real process, not in a user fault. "Fill"
 * is kcharge --fill: the group is full (every stock drained) before the
 * charge under test, and kcharge prints the group's `max` events then
 * (max_events), which the charge's own are counted from. "bystander"
 * is a 160-page process, the largest in the group, the victim whenever
 * the OOM killer runs.
 *
 *   tmpfs_write       hog writes 200 pages into a tmpfs file beside the
 *                     bystander. PRE: a page-cache charge is not a user
 *                     fault: the write fails with -ENOMEM, no kill.
 *                     V419 on: the bystander is killed inside the write
 *                     and the write completes.
 *   kcharge_nowait    1 page GFP_NOWAIT over the limit: -ENOMEM, no
 *                     event, in every design.
 *   kcharge_atomic    GFP_ATOMIC: -ENOMEM, no event up to V419PLUS; MOD
 *                     (__GFP_HIGH forces, Linux 5.18's 1461e8c2b6af)
 *                     overcharges one page and counts `max` once.
 *   kcharge_noretry   GFP_KERNEL|__GFP_NORETRY: -ENOMEM after two
 *                     reclaim rounds around one drain: `max` +2, no oom.
 *   kcharge_retry_mayfail  beside the bystander. PRE: -ENOMEM, oom +1,
 *                     no kill. V419RFC/V419 (4.19.0): one OOM cycle that
 *                     kills the bystander, then the charge either fits or
 *                     fails. V419PLUS (5.15) and MOD: -ENOMEM with no OOM
 *                     attempt and no oom event (Linux 5.3's "memcg, oom:
 *                     no oom-kill for __GFP_RETRY_MAYFAIL"; 4.20 - 5.2
 *                     still killed).
 *   kcharge_nofail    beside the bystander. PRE to V419PLUS: forced over
 *                     the limit after the budget, no kill, no oom event.
 *                     MOD: the bystander is killed and the charge fits.
 *   kill_disable_fault_{max,uncharge,enable}  oom_kill_disable=1, hog
 *                     faults over the limit and sleeps killable at the
 *                     end of the fault (under_oom 1, no kill) until the
 *                     limit is raised, another process uncharges (the
 *                     holder of a kernel charge dies) or oom_kill_disable
 *                     is cleared; the fault is retried: it completes,
 *                     or (enable) the retried fault's OOM kills the hog.
 *                     Same in every design. A cgroup v1 OOM listener (an
 *                     eventfd given to cgroup.event_control before the
 *                     hog starts) reads >= 1 once the hog sleeps: the
 *                     fault end notifies in every design; the group's
 *                     removal signals it once more (max).
 *   kill_enabled_fault_notify  oom_kill_disable=0, the hog alone faults
 *                     over the limit and is killed; the listener hears
 *                     of it in PRE (the kill runs at the fault end,
 *                     which notifies) and V419PLUS/MOD (the charge path
 *                     notifies, 7056d3a37d2c), never in V419RFC/V419
 *                     (4.19.0's regression: the kill moved into the
 *                     charge without the notification).
 *   kill_disable_kernel  oom_kill_disable=1, a GFP_KERNEL kernel charge
 *                     over the limit beside the bystander: -ENOMEM at
 *                     once (oom +1), nobody sleeps, nobody is killed.
 *   race              four 2-thread hogs fault 256 pages each at once,
 *                     with the design's own reaper (PRE rp417, V419*
 *                     rp419, MOD rpmod): each dies of an OOM kill (4
 *                     kills); a "no killable processes" line or a
 *                     V419RFC WARN only from a charger that is itself a
 *                     victim (its mm reaped and MMF_OOM_SKIP while it
 *                     still charges: Greg Thelen's race).
 *   dying_charge      kcharge --dying beside the bystander: SIGKILL is
 *                     queued on the charger before its charge. PRE to
 *                     V419PLUS force it at once (no reclaim, no event);
 *                     MOD reclaims, its one OOM call returns "success"
 *                     without a kill (the caller is dying), then -ENOMEM.
 */
#include "fs/cgroupfs.h"
#include "fs/eventfd.h"
#include "fs/file.h"
#include "fs/namei.h"
#include "fs/oomlab_kcharge.h"
#include "kernel/task.h"
#include "mm/mm.h"
#include "mm/oom_reaper.h"
#include "tests/kernel/log_capture.h"
#include "tests/mm/scenario.h"

#define SCEN_BYSTANDER_PAGES	160
#define SCEN_RACE_HOGS		4
#define SCEN_WRITE_FILE		"/tmp/scen_write"
#define SCEN_GO_FILE		"/tmp/scen_go"

static struct user_run kch, hog, bystander, racers[SCEN_RACE_HOGS];

static bool is_pre(enum memcg_design d)
{
	return d == MEMCG_DESIGN_PRE;
}

static bool is_v419(enum memcg_design d)
{
	return d == MEMCG_DESIGN_V419RFC || d == MEMCG_DESIGN_V419;
}

static bool resident_at_least(struct process *p, const void *arg)
{
	bool yes;

	spin_lock(&p->lock);
	yes = p->mm && mm_rss(p->mm, MM_ANONPAGES) >= (long)(uintptr_t)arg;
	spin_unlock(&p->lock);
	return yes;
}

/* Start the bystander and wait until all its pages are resident. */
static int start_bystander(struct ktest *t, struct scenario *s)
{
	int r = scenario_start(t, s, &bystander, (const char *const[]){
				       "/bin/hog", "--pages", "160",
				       "--hold-ms", "60000", NULL });

	if (r)
		return r;
	/* Holding: it faults no more, so a full group cannot kill it
	 * before the charge under test. */
	KTEST_EXPECT(t, user_poll(bystander.pid, resident_at_least,
				  (void *)(uintptr_t)SCEN_BYSTANDER_PAGES,
				  KTEST_WAIT_MS));
	KTEST_EXPECT(t, user_wait_line(&bystander, "hog: holding",
				       KTEST_WAIT_MS));
	return 0;
}

/* The bystander's end: a victim if the OOM killer took it, else ours. */
static void end_bystander(struct ktest *t, struct scenario *s, bool victim)
{
	if (victim) {
		scenario_wait(t, s, &bystander, "bystander");
		KTEST_EXPECT(t, strstr(s->victims, "bystander") != NULL);
		return;
	}
	KTEST_EXPECT_EQ(t, process_kill_pid(bystander.pid, SIGKILL), 0);
	user_wait(t, &bystander, KTEST_WAIT_MS);
	KTEST_EXPECT(t, !strstr(s->victims, "bystander"));
}

/*
 * scenario_end(), and the rmdir of the group's directory: kcharge looked
 * the group up through /sys/fs/cgroup, and a directory a removed group
 * leaves stays (its files answer -ENODEV) until rmdir, hiding the next
 * run's "scen".
 */
static void end(struct ktest *t, struct scenario *s)
{
	int r;

	scenario_end(t, s);
	r = vfs_rmdir(NULL, CGROUPFS_MOUNT "/scen");
	KTEST_EXPECT(t, r == 0 || r == -ENOENT);
}

static bool killed(const struct user_run *u)
{
	return wait_status_sig(u->status) == SIGKILL;
}

/* kcharge's outcome: pages charged by the charge under test, ENOMEM. */
struct kcharge_out {
	u64 charged;
	u64 fill_max;
};

static void read_kcharge(struct ktest *t, struct scenario *s,
			 struct kcharge_out *o)
{
	const char *res = user_line(kch.out, "kcharge: result");

	KTEST_EXPECT(t, user_field(kch.out, "kcharge: filled",
				   "max_events=", &o->fill_max));
	s->enomem = res && strstr(res, "error_names=ENOMEM") != NULL;
	if (killed(&kch))
		return;
	KTEST_EXPECT(t, user_field(kch.out, "kcharge: result", "charged=",
				   &o->charged));
}

/* Fill the group, then one 1-page charge with @gfp; wait for the end. */
static void run_kcharge(struct ktest *t, struct scenario *s, const char *gfp,
			struct kcharge_out *o)
{
	*o = (struct kcharge_out){ 0 };
	if (scenario_start(t, s, &kch, (const char *const[]){
				   "/bin/kcharge", "--fill", "--gfp", gfp,
				   NULL }))
		return;
	scenario_wait(t, s, &kch, "kcharge");
	read_kcharge(t, s, o);
	if (!killed(&kch))
		KTEST_EXPECT(t, user_exited(&kch, s->enomem ? 1 : 0));
}

/* Scenario 5: the flags that never reach the OOM killer. */
static void kcharge_nowait(struct ktest *t, enum memcg_design d)
{
	struct kcharge_out o;
	struct scenario s;

	if (scenario_begin(t, &s, "kcharge_nowait", d, "1M"))
		return;
	run_kcharge(t, &s, "GFP_NOWAIT", &o);
	KTEST_EXPECT_EQ(t, s.enomem, 1);
	KTEST_EXPECT_EQ(t, o.charged, 0);
	KTEST_EXPECT_EQ(t, scenario_event(&s, MEMCG_MAX), (long)o.fill_max);
	KTEST_EXPECT_EQ(t, scenario_event(&s, MEMCG_OOM), 0);
	KTEST_EXPECT_EQ(t, scenario_overcharge(&s), 0);
	KTEST_EXPECT_EQ_U(t, scenario_kills(&s), 0);
	end(t, &s);
}

static void kcharge_atomic(struct ktest *t, enum memcg_design d)
{
	bool force = d == MEMCG_DESIGN_MOD;
	struct kcharge_out o;
	struct scenario s;

	if (scenario_begin(t, &s, "kcharge_atomic", d, "1M"))
		return;
	run_kcharge(t, &s, "GFP_ATOMIC", &o);
	KTEST_EXPECT_EQ(t, s.enomem, !force);
	KTEST_EXPECT_EQ(t, o.charged, force);
	KTEST_EXPECT_EQ(t, scenario_event(&s, MEMCG_MAX),
			(long)o.fill_max + force);
	KTEST_EXPECT_EQ(t, scenario_event(&s, MEMCG_OOM), 0);
	KTEST_EXPECT_EQ(t, scenario_overcharge(&s), force);
	KTEST_EXPECT_EQ_U(t, scenario_kills(&s), 0);
	end(t, &s);
}

static void kcharge_noretry(struct ktest *t, enum memcg_design d)
{
	struct kcharge_out o;
	struct scenario s;

	if (scenario_begin(t, &s, "kcharge_noretry", d, "1M"))
		return;
	run_kcharge(t, &s, "GFP_KERNEL|__GFP_NORETRY", &o);
	KTEST_EXPECT_EQ(t, s.enomem, 1);
	KTEST_EXPECT_EQ(t, o.charged, 0);
	KTEST_EXPECT_EQ(t, scenario_event(&s, MEMCG_MAX),
			(long)o.fill_max + 2);
	KTEST_EXPECT_EQ(t, scenario_event(&s, MEMCG_OOM), 0);
	KTEST_EXPECT_EQ(t, scenario_overcharge(&s), 0);
	KTEST_EXPECT_EQ_U(t, scenario_kills(&s), 0);
	end(t, &s);
}

/* Scenario 6: __GFP_RETRY_MAYFAIL beside a possible victim. */
static void kcharge_retry_mayfail(struct ktest *t, enum memcg_design d)
{
	bool kill = is_v419(d);
	struct kcharge_out o;
	struct scenario s;

	if (scenario_begin(t, &s, "kcharge_retry_mayfail", d, "1M"))
		return;
	if (start_bystander(t, &s))
		goto out;
	run_kcharge(t, &s, "GFP_KERNEL|__GFP_RETRY_MAYFAIL", &o);
	if (kill) {
		/* One OOM cycle; the charge fits if the victim was gone by
		 * the retry, else -ENOMEM: both are 4.19.0's. */
		KTEST_EXPECT_EQ(t, o.charged, !s.enomem);
		KTEST_EXPECT_EQ_U(t, scenario_kills(&s), 1);
		KTEST_EXPECT_GE(t, scenario_event(&s, MEMCG_OOM), 1);
	} else {
		KTEST_EXPECT_EQ(t, s.enomem, 1);
		KTEST_EXPECT_EQ_U(t, scenario_kills(&s), 0);
		KTEST_EXPECT_EQ(t, scenario_event(&s, MEMCG_OOM),
				is_pre(d) ? 1 : 0);
	}
	KTEST_EXPECT_EQ(t, scenario_overcharge(&s), 0);
	end_bystander(t, &s, kill);
out:
	end(t, &s);
}

/* Scenario 7: __GFP_NOFAIL beside a possible victim. */
static void kcharge_nofail(struct ktest *t, enum memcg_design d)
{
	bool kill = d == MEMCG_DESIGN_MOD;
	struct kcharge_out o;
	struct scenario s;

	if (scenario_begin(t, &s, "kcharge_nofail", d, "1M"))
		return;
	if (start_bystander(t, &s))
		goto out;
	run_kcharge(t, &s, "GFP_KERNEL|__GFP_NOFAIL", &o);
	KTEST_EXPECT_EQ(t, s.enomem, 0);
	if (kill && killed(&kch)) {
		/*
		 * A loaded host can stretch the bystander's exit between the
		 * margin check and the scan of one OOM pass, which then finds
		 * only kcharge: Linux 6.1 kills it too. Never more.
		 */
		KTEST_EXPECT_EQ_U(t, scenario_kills(&s), 2);
	} else if (kill) {
		KTEST_EXPECT_EQ(t, o.charged, 1);
		KTEST_EXPECT_EQ_U(t, scenario_kills(&s), 1);
		KTEST_EXPECT_GE(t, scenario_event(&s, MEMCG_OOM), 1);
	} else {
		KTEST_EXPECT_EQ(t, o.charged, 1);
		KTEST_EXPECT_EQ_U(t, scenario_kills(&s), 0);
		KTEST_EXPECT_EQ(t, scenario_event(&s, MEMCG_OOM), 0);
		KTEST_EXPECT_EQ(t, scenario_overcharge(&s), 1);
	}
	end_bystander(t, &s, kill);
out:
	end(t, &s);
}

/* Scenario 9: oom_kill_disable and a kernel charge: -ENOMEM, no wait. */
static void kill_disable_kernel(struct ktest *t, enum memcg_design d)
{
	struct kcharge_out o;
	struct scenario s;

	if (scenario_begin(t, &s, "kill_disable_kernel", d, "1M"))
		return;
	KTEST_EXPECT_EQ(t, memcg_write_oom_control(s.cg->memcg, "1"), 0);
	if (start_bystander(t, &s))
		goto out;
	run_kcharge(t, &s, "GFP_KERNEL", &o);
	KTEST_EXPECT_EQ(t, s.enomem, 1);
	KTEST_EXPECT_EQ(t, o.charged, 0);
	KTEST_EXPECT_EQ(t, scenario_event(&s, MEMCG_OOM), 1);
	KTEST_EXPECT_EQ(t, s.cg->memcg->under_oom, 0);
	KTEST_EXPECT_EQ_U(t, scenario_kills(&s), 0);
	end_bystander(t, &s, false);
out:
	end(t, &s);
}

/* Scenario 18: a charge made with SIGKILL already pending. */
static void dying_charge(struct ktest *t, enum memcg_design d)
{
	unsigned long failed0 = oomlab_kcharge_nr_failed();
	bool mod = d == MEMCG_DESIGN_MOD;
	u64 fill_max = 0;
	struct scenario s;

	if (scenario_begin(t, &s, "dying_charge", d, "1M"))
		return;
	if (start_bystander(t, &s))
		goto out;
	if (scenario_start(t, &s, &kch, (const char *const[]){
				   "/bin/kcharge", "--fill", "--dying", NULL }))
		goto out_bystander;
	/* Our SIGKILL, not the OOM killer's: not a victim. */
	user_wait(t, &kch, KTEST_WAIT_MS);
	KTEST_EXPECT_EQ(t, wait_status_sig(kch.status), SIGKILL);
	KTEST_EXPECT(t, user_field(kch.out, "kcharge: filled",
				   "max_events=", &fill_max));
	KTEST_EXPECT(t, !user_line(kch.out, "kcharge: result"));
	s.enomem = oomlab_kcharge_nr_failed() - failed0 > 2;
	KTEST_EXPECT_EQ_U(t, scenario_kills(&s), 0);
	if (mod) {
		KTEST_EXPECT_EQ(t, s.enomem, 1);
		KTEST_EXPECT_GT(t, scenario_event(&s, MEMCG_MAX),
				(long)fill_max);
		KTEST_EXPECT_EQ(t, scenario_event(&s, MEMCG_OOM), 1);
		KTEST_EXPECT_EQ(t, scenario_overcharge(&s), 0);
	} else {
		KTEST_EXPECT_EQ(t, s.enomem, 0);
		KTEST_EXPECT_EQ(t, scenario_event(&s, MEMCG_MAX),
				(long)fill_max);
		KTEST_EXPECT_EQ(t, scenario_event(&s, MEMCG_OOM), 0);
		KTEST_EXPECT_EQ(t, scenario_overcharge(&s), 1);
	}
out_bystander:
	end_bystander(t, &s, false);
out:
	end(t, &s);
}

/* Scenario 3: write(2) into tmpfs with nothing reclaimable. */
static void tmpfs_write(struct ktest *t, enum memcg_design d)
{
	struct scenario s;
	u64 written = 0;

	if (scenario_begin(t, &s, "tmpfs_write", d, "1M"))
		return;
	if (start_bystander(t, &s))
		goto out;
	if (scenario_start(t, &s, &hog, (const char *const[]){
				   "/bin/hog", "--pages", "200", "--write",
				   SCEN_WRITE_FILE, NULL }))
		goto out_bystander;
	scenario_wait(t, &s, &hog, "hog");
	user_field(hog.out, "hog: result", "written=", &written);
	scenario_read_hog(&s, &hog);
	s.populated = (long)written;
	s.pages = 200;
	if (is_pre(d)) {
		KTEST_EXPECT(t, user_exited(&hog, 1));
		KTEST_EXPECT_EQ(t, s.enomem, 1);
		KTEST_EXPECT_LT(t, written, 200);
		KTEST_EXPECT_EQ_U(t, scenario_kills(&s), 0);
		KTEST_EXPECT_GE(t, scenario_event(&s, MEMCG_OOM), 1);
	} else if (user_exited(&hog, 0)) {
		KTEST_EXPECT_EQ(t, written, 200);
		KTEST_EXPECT_EQ_U(t, scenario_kills(&s), 1);
	} else {
		/* A loaded host can stretch the bystander's exit past an OOM
		 * pass that then finds the writer: it dies, never more. */
		KTEST_EXPECT_EQ(t, wait_status_sig(hog.status), SIGKILL);
		KTEST_EXPECT_EQ_U(t, scenario_kills(&s), 2);
	}
out_bystander:
	end_bystander(t, &s, !is_pre(d));
	KTEST_EXPECT_EQ(t, vfs_unlink(NULL, SCEN_WRITE_FILE), 0);
out:
	end(t, &s);
}

/*
 * A cgroup v1 OOM listener of "scen": a non-blocking eventfd registered
 * through the group's cgroup.event_control, as a program does with
 * "<efd> <cfd>" (the kernel has no fds: cgroupfs_event_control()).
 */
static struct file *listen_oom(struct ktest *t)
{
	const char *dir = CGROUPFS_MOUNT "/scen/";
	struct file *ctl = NULL, *cf = NULL, *ef;
	char path[64];

	snprintf(path, sizeof(path), "%scgroup.event_control", dir);
	KTEST_EXPECT_EQ(t, vfs_open(NULL, path, O_WRONLY, 0, &ctl), 0);
	snprintf(path, sizeof(path), "%soomlab.memory.oom_control", dir);
	KTEST_EXPECT_EQ(t, vfs_open(NULL, path, O_RDONLY, 0, &cf), 0);
	ef = eventfd_file_create(0, EFD_NONBLOCK);
	KTEST_EXPECT_NOT_NULL(t, ef);
	if (ctl && cf && ef)
		KTEST_EXPECT_EQ(t, cgroupfs_event_control(ctl, ef, cf), 0);
	if (ctl)
		fput(ctl);
	if (cf)
		fput(cf);
	return ef;
}

/* What a read of the listener returns: the signals so far, 0 if none. */
static u64 oom_signals(struct file *ef)
{
	u64 n = 0;
	struct io_buf io = { .base = (char *)&n, .len = sizeof(n) };

	return ef && vfs_read(ef, &io, NULL) == sizeof(n) ? n : 0;
}

/* The hog sleeps at the end of its fault: under_oom, killable, no kill. */
static bool hog_waits_in_oom(struct ktest *t, struct scenario *s)
{
	unsigned int killable = TASK_KILLABLE;
	char text[64];
	bool waits;

	waits = ktest_wait_until(t, s->cg->memcg->under_oom > 0,
				 KTEST_WAIT_MS) &&
		user_poll(hog.pid, user_all_in_state, &killable,
			  KTEST_WAIT_MS);
	KTEST_EXPECT(t, waits);
	memcg_show_oom_control(s->cg->memcg, text, sizeof(text));
	KTEST_EXPECT_STREQ(t, text, "oom_kill_disable 1\nunder_oom 1\n"
				    "oom_kill 0\n");
	KTEST_EXPECT_EQ_U(t, scenario_kills(s), 0);
	return waits;
}

enum kill_disable_waker { WAKE_MAX, WAKE_UNCHARGE, WAKE_ENABLE };

static const char *const waker_names[] = {
	[WAKE_MAX] = "kill_disable_fault_max",
	[WAKE_UNCHARGE] = "kill_disable_fault_uncharge",
	[WAKE_ENABLE] = "kill_disable_fault_enable",
};

/* Scenario 8 with one of its three wakers. */
static void kill_disable_fault(struct ktest *t, enum memcg_design d,
			       enum kill_disable_waker w)
{
	const char *pages = w == WAKE_UNCHARGE ? "200" : "512";
	struct scenario s;
	struct file *ef;

	if (scenario_begin(t, &s, waker_names[w], d, "1M"))
		return;
	KTEST_EXPECT_EQ(t, memcg_write_oom_control(s.cg->memcg, "1"), 0);
	ef = listen_oom(t);
	if (w == WAKE_UNCHARGE &&
	    (scenario_start(t, &s, &kch, (const char *const[]){
				    "/bin/kcharge", "--pages", "100",
				    "--hold-ms", "60000", NULL }) ||
	     !user_wait_line(&kch, "kcharge: holding", KTEST_WAIT_MS)))
		goto out_kch;
	if (scenario_start(t, &s, &hog, (const char *const[]){
				   "/bin/hog", "--pages", pages, NULL }))
		goto out_kch;
	hog_waits_in_oom(t, &s);
	KTEST_EXPECT_GE_U(t, oom_signals(ef), 1);
	if (w == WAKE_MAX)
		KTEST_EXPECT_EQ(t, memcg_write_max(s.cg->memcg, "max"), 0);
	else if (w == WAKE_UNCHARGE)
		KTEST_EXPECT_EQ(t, process_kill_pid(kch.pid, SIGKILL), 0);
	else
		KTEST_EXPECT_EQ(t, memcg_write_oom_control(s.cg->memcg, "0"),
				0);
	scenario_wait(t, &s, &hog, "hog");
	scenario_read_resident(&s, &hog);
	if (w == WAKE_ENABLE) {
		KTEST_EXPECT_EQ(t, wait_status_sig(hog.status), SIGKILL);
		KTEST_EXPECT_EQ_U(t, scenario_kills(&s), 1);
	} else {
		KTEST_EXPECT(t, user_exited(&hog, 0));
		KTEST_EXPECT_EQ(t, s.populated, s.pages);
		KTEST_EXPECT_EQ_U(t, scenario_kills(&s), 0);
	}
	KTEST_EXPECT_EQ(t, s.cg->memcg->under_oom, 0);
out_kch:
	if (w == WAKE_UNCHARGE) {
		process_kill_pid(kch.pid, SIGKILL);
		user_wait(t, &kch, KTEST_WAIT_MS);
	}
	/* One case frees its listener by the group's removal, which
	 * signals it (the fault completed: no OOM since the read); the
	 * others by closing the eventfd first. */
	if (w != WAKE_MAX && ef)
		fput(ef);
	end(t, &s);
	if (w == WAKE_MAX && ef) {
		KTEST_EXPECT_EQ_U(t, oom_signals(ef), 1);
		fput(ef);
	}
}

static void kill_disable_fault_max(struct ktest *t, enum memcg_design d)
{
	kill_disable_fault(t, d, WAKE_MAX);
}

static void kill_disable_fault_uncharge(struct ktest *t, enum memcg_design d)
{
	kill_disable_fault(t, d, WAKE_UNCHARGE);
}

static void kill_disable_fault_enable(struct ktest *t, enum memcg_design d)
{
	kill_disable_fault(t, d, WAKE_ENABLE);
}

/* Scenario 8 with oom_kill_disable=0: is the listener told of the kill? */
static void kill_enabled_fault_notify(struct ktest *t, enum memcg_design d)
{
	bool regression = d == MEMCG_DESIGN_V419RFC || d == MEMCG_DESIGN_V419;
	struct scenario s;
	struct file *ef;

	if (scenario_begin(t, &s, "kill_enabled_fault_notify", d, "1M"))
		return;
	ef = listen_oom(t);
	if (scenario_start(t, &s, &hog, (const char *const[]){
				   "/bin/hog", "--pages", "512", NULL }))
		goto out;
	scenario_wait(t, &s, &hog, "hog");
	KTEST_EXPECT(t, killed(&hog));
	KTEST_EXPECT_GE_U(t, scenario_kills(&s), 1);
	if (regression)
		KTEST_EXPECT_EQ_U(t, oom_signals(ef), 0);
	else
		KTEST_EXPECT_GE_U(t, oom_signals(ef), 1);
out:
	if (ef)
		fput(ef);
	end(t, &s);
}

/* The OOM reaper that shipped with each charge-path design. */
static enum oom_reaper_design shipped_reaper(enum memcg_design d)
{
	if (d == MEMCG_DESIGN_PRE)
		return OOM_REAPER_RP417;
	return d == MEMCG_DESIGN_MOD ? OOM_REAPER_RPMOD : OOM_REAPER_RP419;
}

/*
 * Scenario 11: concurrent faulting tasks in a group that fits none, with
 * the design's own reaper, which can set a victim's MMF_OOM_SKIP while
 * the victim still charges.
 */
static void race(struct ktest *t, enum memcg_design d)
{
	enum oom_reaper_design saved_reaper = oom_reaper_get_design();
	unsigned long no_victim0 = oom_no_victim_count(false);
	unsigned long by_victim0 = oom_no_victim_count(true);
	struct log_capture cap;
	struct file *go = NULL;
	struct scenario s;
	int started = 0;

	if (scenario_begin(t, &s, "race", d, "1M"))
		return;
	oom_reaper_set_design(shipped_reaper(d));
	for (; started < SCEN_RACE_HOGS; started++)
		if (scenario_start(t, &s, &racers[started],
				   (const char *const[]){
					   "/bin/hog", "--pages", "256",
					   "--threads", "2", "--wait-file",
					   SCEN_GO_FILE, NULL }) ||
		    !KTEST_EXPECT(t, user_wait_line(&racers[started],
						    "hog: waiting",
						    KTEST_WAIT_MS)))
			break;
	KTEST_EXPECT_EQ(t, vfs_open(NULL, SCEN_GO_FILE, O_CREAT | O_WRONLY,
				    0644, &go), 0);
	if (go)
		fput(go);
	/* A V419RFC WARN would be the outcome, not a kernel bug. */
	if (d == MEMCG_DESIGN_V419RFC)
		log_capture_begin(&cap);
	/* Latest first: each counts the tasks of those before it. */
	for (int i = started - 1; i >= 0; i--)
		scenario_wait(t, &s, &racers[i], "hog");
	if (d == MEMCG_DESIGN_V419RFC)
		log_capture_end(&cap);
	for (int i = 0; i < started; i++)
		KTEST_EXPECT_EQ(t, wait_status_sig(racers[i].status),
				SIGKILL);
	KTEST_EXPECT_EQ(t, vfs_unlink(NULL, SCEN_GO_FILE), 0);
	KTEST_EXPECT_EQ(t, started, SCEN_RACE_HOGS);
	KTEST_EXPECT_EQ_U(t, scenario_kills(&s), SCEN_RACE_HOGS);
	KTEST_EXPECT_EQ(t, scenario_event(&s, MEMCG_OOM_KILL),
			SCEN_RACE_HOGS);
	/* "no killable processes" (or V419RFC's WARN) only for a charger
	 * that is itself a victim (the reaper set its mm's SKIP early). */
	KTEST_EXPECT_EQ_U(t, oom_no_victim_count(false) - no_victim0,
			  oom_no_victim_count(true) - by_victim0);
	printk("scenario_charge: race design=%s reaper=%s no_victim_ooms=%lu\n",
	       memcg_design_name(d), oom_reaper_design_name(shipped_reaper(d)),
	       oom_no_victim_count(false) - no_victim0);
	oom_reaper_set_design(saved_reaper);
	end(t, &s);
}

static void scenario_charge_tmpfs_write(struct ktest *t)
{
	scenario_each_design(t, tmpfs_write);
}

static void scenario_charge_gfp(struct ktest *t)
{
	scenario_each_design(t, kcharge_nowait);
	scenario_each_design(t, kcharge_atomic);
	scenario_each_design(t, kcharge_noretry);
}

static void scenario_charge_retry_mayfail(struct ktest *t)
{
	scenario_each_design(t, kcharge_retry_mayfail);
}

static void scenario_charge_nofail(struct ktest *t)
{
	scenario_each_design(t, kcharge_nofail);
}

static void scenario_charge_kill_disable_fault(struct ktest *t)
{
	scenario_each_design(t, kill_disable_fault_max);
	scenario_each_design(t, kill_disable_fault_uncharge);
	scenario_each_design(t, kill_disable_fault_enable);
	scenario_each_design(t, kill_enabled_fault_notify);
}

static void scenario_charge_kill_disable_kernel(struct ktest *t)
{
	scenario_each_design(t, kill_disable_kernel);
}

static void scenario_charge_race(struct ktest *t)
{
	scenario_each_design(t, race);
}

static void scenario_charge_dying(struct ktest *t)
{
	scenario_each_design(t, dying_charge);
}

KTEST_SUITE(scenario_charge,
	    KTEST_CASE(scenario_charge_tmpfs_write),
	    KTEST_CASE(scenario_charge_gfp),
	    KTEST_CASE(scenario_charge_retry_mayfail),
	    KTEST_CASE(scenario_charge_nofail),
	    KTEST_CASE(scenario_charge_kill_disable_fault),
	    KTEST_CASE(scenario_charge_kill_disable_kernel),
	    KTEST_CASE(scenario_charge_race),
	    KTEST_CASE(scenario_charge_dying));
