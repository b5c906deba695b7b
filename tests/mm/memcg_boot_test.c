// SPDX-License-Identifier: MIT
/*
 * Memory cgroups in the running kernel: what each charge-path design
 * does at the limit for a user fault, a populate (MAP_POPULATE's
 * populated count), a kernel charge with chosen gfp flags and a real
 * user process; where memory.events counts (the memcg over its limit,
 * up the hierarchy from 5.2 only); the deferred OOM wait of cgroup v1's
 * oom_kill_disable; memory.current back to 0 when a group is empty.
 *
 * The charging task is the test thread, a kernel thread the OOM killer
 * never picks, so at the limit there is no victim (docs/memcg.md, the
 * designs side by side): PRE fails the charge and
 * retries the fault after its end-of-fault OOM; V419/V419PLUS force the
 * charge (overcharge); MOD fails it (-ENOMEM, the fault is retried).
 *
 * Every case runs in a group of its own under the root, made and torn
 * down by memcg_group_new()/memcg_group_done(); the test thread joins
 * the group (cgroup_attach_kthread()) and owns the address spaces it
 * faults, as a process's first thread owns its mm.
 */
#include "kernel/cgroup.h"
#include "kernel/kthread.h"
#include "kernel/ktest.h"
#include "kernel/task.h"
#include "lib/errno.h"
#include "mm/fault.h"
#include "mm/memcg.h"
#include "mm/memcg_design.h"
#include "mm/mm.h"
#include "mm/mmap.h"
#include "mm/populate.h"
#include "tests/kernel/user_run.h"
#include "tests/mm/mm_test_util.h"

#define RW		(PROT_READ | PROT_WRITE)
#define ANON		(MAP_PRIVATE | MAP_ANONYMOUS)
#define LIMIT		16	/* pages: memory.max "64K" */
#define NR_TOUCH	64

/* A group @name under the root with memory.max @max; NULL on failure. */
static struct cgroup *memcg_group_new(struct ktest *t, const char *name,
				      const char *max)
{
	struct cgroup *cg;

	if (cgroup_create(&cgroup_root, name, &cg)) {
		KTEST_FAIL(t, "cgroup_create %s", name);
		return NULL;
	}
	KTEST_EXPECT_EQ(t, memcg_write_max(cg->memcg, max), 0);
	return cg;
}

/* Leave @cg, check it is empty (memory.current 0 once the stocks are
 * drained) and remove it. */
static void memcg_group_done(struct ktest *t, struct cgroup *cg)
{
	cgroup_attach_kthread(current, &cgroup_root);
	memcg_drain_all_stock(cg->memcg);
	KTEST_EXPECT_EQ(t, memcg_current(cg->memcg), 0);
	KTEST_EXPECT_EQ(t, cgroup_remove(cg), 0);
	cgroup_put(cg);
}

/*
 * An address space with NR_TOUCH pages mapped, owned by a thread *@owner
 * in @cg (as a process's first thread owns its mm); owned_mm_done()
 * ends both.
 */
static struct mm *owned_mm(struct ktest *t, struct cgroup *cg,
			   struct task **owner)
{
	struct mm *mm = mm_alloc();

	*owner = kthread_run(mm_test_owner_thread, NULL, "memcg_owner");
	if (!mm || !*owner) {
		KTEST_FAIL(t, "mm_alloc or kthread_run");
		if (mm)
			mmput(mm);
		if (*owner)
			kthread_stop(*owner);
		return NULL;
	}
	KTEST_EXPECT_EQ(t, cgroup_attach_kthread(*owner, cg), 0);
	mm_set_owner(mm, *owner);
	KTEST_EXPECT_EQ(t, do_mmap(mm, TEST_VA, NR_TOUCH * PAGE_SIZE, RW,
				   ANON | MAP_FIXED, -1, 0), TEST_VA);
	return mm;
}

static void owned_mm_done(struct mm *mm, struct task *owner)
{
	mmput(mm);	/* drops the owner reference: before the stop */
	cgroup_attach_kthread(owner, &cgroup_root);
	kthread_stop(owner);
}

static long ev(struct cgroup *cg, enum memcg_event e)
{
	return memcg_event_read(cg->memcg, e, false);
}

/*
 * User faults of one page each into a group whose limit the mm's first
 * pages (tables, root) and 16-page limit soon reach:
 *   PRE   VM_FAULT_OOM, the OOM recorded for the fault's end (current->
 *         memcg_in_oom), handled there (memcg_oom_synchronize())
 *   V419, V419PLUS: every fault succeeds, usage passes max (forced)
 *   MOD   VM_FAULT_OOM, nothing recorded (the "Huh" retry)
 */
static void fault_at_limit(struct ktest *t, enum memcg_design d)
{
	struct cgroup *cg = memcg_group_new(t, "memcg_fault", "64K");
	unsigned int ok = 0;
	vm_fault_t ret = 0;
	struct task *owner;
	struct mm *mm;

	KTEST_ASSERT_NOT_NULL(t, cg);
	mm = owned_mm(t, cg, &owner);
	if (!mm)
		goto out;
	for (; ok < NR_TOUCH; ok++) {
		ret = fault_handle(mm, TEST_VA + ok * PAGE_SIZE,
				   FAULT_FLAG_USER | FAULT_FLAG_WRITE);
		if (ret)
			break;
	}
	if (d == MEMCG_DESIGN_V419 || d == MEMCG_DESIGN_V419PLUS) {
		KTEST_EXPECT_EQ_U(t, ok, NR_TOUCH);
		KTEST_EXPECT_GT(t, memcg_current(cg->memcg), LIMIT);
	} else {
		KTEST_EXPECT_EQ_U(t, ret, VM_FAULT_OOM);
		KTEST_EXPECT_LT_U(t, ok, LIMIT);
		KTEST_EXPECT_LE(t, memcg_current(cg->memcg), LIMIT);
	}
	KTEST_EXPECT_EQ(t, current->memcg_in_oom != NULL,
			d == MEMCG_DESIGN_PRE);
	KTEST_EXPECT_EQ(t, memcg_oom_synchronize(true),
			d == MEMCG_DESIGN_PRE);
	KTEST_EXPECT_NULL(t, current->memcg_in_oom);
	KTEST_EXPECT_GT(t, ev(cg, MEMCG_MAX), 0);
	KTEST_EXPECT_GT(t, ev(cg, MEMCG_OOM), 0);
	KTEST_EXPECT_GT(t, (long)page_counter_failcnt(&cg->memcg->memory), 0);
	owned_mm_done(mm, owner);
out:
	memcg_group_done(t, cg);
}

/*
 * MAP_POPULATE's kernel-context fault-in of 64 pages (populate_range()):
 * PRE and MOD stop at the limit with -ENOMEM, the populated count short
 * and no OOM recorded; V419 and V419PLUS populate everything.
 */
static void populate_at_limit(struct ktest *t, enum memcg_design d)
{
	struct cgroup *cg = memcg_group_new(t, "memcg_populate", "64K");
	unsigned long nr = 0;
	struct task *owner;
	struct mm *mm;
	int err;

	KTEST_ASSERT_NOT_NULL(t, cg);
	mm = owned_mm(t, cg, &owner);
	if (!mm)
		goto out;
	mmap_read_lock(mm);
	err = populate_range(mm, TEST_VA, TEST_VA + NR_TOUCH * PAGE_SIZE, 0,
			     &nr);
	mmap_read_unlock(mm);
	if (d == MEMCG_DESIGN_V419 || d == MEMCG_DESIGN_V419PLUS) {
		KTEST_EXPECT_EQ(t, err, 0);
		KTEST_EXPECT_EQ_U(t, nr, NR_TOUCH);
	} else {
		KTEST_EXPECT_EQ(t, err, -ENOMEM);
		KTEST_EXPECT_LT_U(t, nr, LIMIT);
	}
	KTEST_EXPECT_NULL(t, current->memcg_in_oom);
	ktest_log(t, "%s: populated=%lu/%u max=%ld oom=%ld",
		  memcg_design_name(d), nr, NR_TOUCH, ev(cg, MEMCG_MAX),
		  ev(cg, MEMCG_OOM));
	owned_mm_done(mm, owner);
out:
	memcg_group_done(t, cg);
}

struct kcharge_row {
	const char *what;
	gfp_t gfp;
	int err[MEMCG_NR_DESIGNS];	/* PRE, V419RFC, V419, V419PLUS, MOD */
	int dmax[MEMCG_NR_DESIGNS];	/* -1: at least one */
	int doom[MEMCG_NR_DESIGNS];
};

/* The kernel-context rows of docs/memcg.md, no victim anywhere (the RFC
 * column is not run: its WARN is the point, see the host table). */
static const struct kcharge_row kcharge_rows[] = {
	{ "GFP_NOWAIT", GFP_NOWAIT, { -ENOMEM, 0, -ENOMEM, -ENOMEM, -ENOMEM },
	  { 0, 0, 0, 0, 0 }, { 0, 0, 0, 0, 0 } },
	{ "GFP_ATOMIC", GFP_ATOMIC, { -ENOMEM, 0, -ENOMEM, -ENOMEM, 0 },
	  { 0, 0, 0, 0, 1 }, { 0, 0, 0, 0, 0 } },
	{ "NORETRY", GFP_KERNEL | __GFP_NORETRY,
	  { -ENOMEM, 0, -ENOMEM, -ENOMEM, -ENOMEM },
	  { 2, 0, 2, 2, 2 }, { 0, 0, 0, 0, 0 } },
	{ "NOFAIL", GFP_KERNEL | __GFP_NOFAIL, { 0, 0, 0, 0, 0 },
	  { 7, 0, 7, 18, 18 }, { 0, 0, 0, 0, 1 } },
	{ "RETRY_MAYFAIL", GFP_KERNEL | __GFP_RETRY_MAYFAIL,
	  { -ENOMEM, 0, 0, -ENOMEM, -ENOMEM },
	  { 7, 0, 7, 18, 18 }, { 1, 0, 1, 0, 0 } },
	{ "GFP_KERNEL", GFP_KERNEL_ACCOUNT, { -ENOMEM, 0, 0, 0, -ENOMEM },
	  { 7, 0, 7, 18, 18 }, { 1, 0, 1, 1, 1 } },
};

/*
 * A kernel charge of one accounted page into a full group (the "kernel
 * charge" of a syscall or slab allocation): the errno and the max and
 * oom events each gfp gets in design @d.
 */
static void kernel_charge_at_limit(struct ktest *t, enum memcg_design d)
{
	struct cgroup *cg = memcg_group_new(t, "memcg_kcharge", "64K");

	KTEST_ASSERT_NOT_NULL(t, cg);
	for (size_t i = 0; i < ARRAY_SIZE(kcharge_rows); i++) {
		const struct kcharge_row *r = &kcharge_rows[i];
		long max0, oom0;
		int err;

		KTEST_EXPECT_EQ(t, memcg_charge_kernel(cg->memcg, GFP_KERNEL,
						       LIMIT), 0);
		max0 = ev(cg, MEMCG_MAX);
		oom0 = ev(cg, MEMCG_OOM);
		err = memcg_charge_kernel(cg->memcg, r->gfp, 1);
		if (err != r->err[d] || ev(cg, MEMCG_MAX) - max0 != r->dmax[d] ||
		    ev(cg, MEMCG_OOM) - oom0 != r->doom[d])
			KTEST_FAIL(t, "%s %s: err %d max +%ld oom +%ld, want "
				   "%d +%d +%d", memcg_design_name(d), r->what,
				   err, ev(cg, MEMCG_MAX) - max0,
				   ev(cg, MEMCG_OOM) - oom0, r->err[d],
				   r->dmax[d], r->doom[d]);
		if (!err)
			memcg_uncharge_kernel(cg->memcg, 1);
		memcg_uncharge_kernel(cg->memcg, LIMIT);
		memcg_drain_all_stock(cg->memcg);
	}
	memcg_group_done(t, cg);
}

/*
 * A real process (hog, 1 MiB) in a group of 512 KiB. Before the OOM
 * killer existed the stand-in found no victim (V419/V419PLUS
 * overcharged, PRE/MOD livelocked until a SIGKILL); now the hog is an
 * eligible victim in every design: the OOM killer SIGKILLs it (PRE at
 * the end of the fault, the others inside the charge), once, and
 * memory.current is 0 once it is gone.
 */
static void process_at_limit(struct ktest *t, enum memcg_design d)
{
	static struct user_run u;
	struct cgroup *cg = memcg_group_new(t, "memcg_hog", "512K");

	KTEST_ASSERT_NOT_NULL(t, cg);
	cgroup_attach_kthread(current, cg);	/* the hog starts in the group */
	if (user_start(t, &u, (const char *const[]){ "/bin/hog", "--mib",
						     "1", NULL }))
		goto out;
	cgroup_attach_kthread(current, &cgroup_root);
	user_wait(t, &u, KTEST_WAIT_MS);
	KTEST_EXPECT_EQ(t, wait_status_sig(u.status), SIGKILL);
	KTEST_EXPECT_EQ(t, ev(cg, MEMCG_OOM_KILL), 1);
	KTEST_EXPECT_GT(t, ev(cg, MEMCG_OOM), 0);
	KTEST_EXPECT_GT(t, ev(cg, MEMCG_MAX), 0);
out:
	memcg_group_done(t, cg);
}

/* Run @fn under every design but the reviewed 4.19 (its WARN is a
 * failure line), restoring the design. */
static void each_design(struct ktest *t,
			void (*fn)(struct ktest *t, enum memcg_design d))
{
	enum memcg_design saved = memcg_get_design();

	for (int d = 0; d < MEMCG_NR_DESIGNS && !ktest_failed(t); d++) {
		if (d == MEMCG_DESIGN_V419RFC)
			continue;
		memcg_set_design(d);
		fn(t, d);
	}
	memcg_set_design(saved);
}

static void memcg_user_fault_designs(struct ktest *t)
{
	each_design(t, fault_at_limit);
}

static void memcg_populate_designs(struct ktest *t)
{
	each_design(t, populate_at_limit);
}

static void memcg_kernel_charge_designs(struct ktest *t)
{
	each_design(t, kernel_charge_at_limit);
}

static void memcg_process_designs(struct ktest *t)
{
	each_design(t, process_at_limit);
}

/*
 * memory.events (docs/memcg.md): max and oom count on the memcg over its limit (P), not on the
 * charging one (C); memory.events also on P's non-root ancestors (H)
 * from 5.2 (V419PLUS, MOD), memory.events.local only on P.
 *
 *   root ─ H ─ P (max 64K) ─ C  <- charges
 */
static void memcg_events_where(struct ktest *t)
{
	enum memcg_design saved = memcg_get_design();

	for (int d = MEMCG_DESIGN_V419; d < MEMCG_NR_DESIGNS; d++) {
		struct cgroup *h, *p, *c;
		bool up = d >= MEMCG_DESIGN_V419PLUS;

		memcg_set_design(d);
		KTEST_ASSERT_EQ(t, memcg_set_max_path("/ev_h/ev_p", "64K"), 0);
		KTEST_ASSERT_EQ(t, memcg_set_max_path("/ev_h/ev_p/ev_c",
						      "max"), 0);
		h = cgroup_lookup("/ev_h");
		p = cgroup_lookup("/ev_h/ev_p");
		c = cgroup_lookup("/ev_h/ev_p/ev_c");
		KTEST_ASSERT(t, h && p && c);
		KTEST_EXPECT_EQ(t, memcg_charge_kernel(c->memcg, GFP_KERNEL,
						       LIMIT), 0);
		KTEST_EXPECT_EQ(t, memcg_charge_kernel(c->memcg,
						       GFP_KERNEL |
						       __GFP_NORETRY, 1),
				-ENOMEM);
		KTEST_EXPECT_EQ(t, memcg_event_read(p->memcg, MEMCG_MAX, true),
				2);
		KTEST_EXPECT_EQ(t, memcg_event_read(p->memcg, MEMCG_MAX,
						    false), 2);
		KTEST_EXPECT_EQ(t, memcg_event_read(h->memcg, MEMCG_MAX,
						    false), up ? 2 : 0);
		KTEST_EXPECT_EQ(t, memcg_event_read(h->memcg, MEMCG_MAX, true),
				0);
		KTEST_EXPECT_EQ(t, memcg_event_read(c->memcg, MEMCG_MAX,
						    false), 0);
		KTEST_EXPECT_EQ(t, memcg_current(h->memcg), LIMIT);
		memcg_uncharge_kernel(c->memcg, LIMIT);
		memcg_group_done(t, c);
		memcg_group_done(t, p);
		memcg_group_done(t, h);
	}
	memcg_set_design(saved);
}

struct oom_waiter {
	struct cgroup *cg;
	vm_fault_t ret;
	bool recorded;
	bool done;		/* [a] */
};

/* Faults into a full group with oom_kill_disable, then waits at the
 * fault's end as pagefault_out_of_memory() does. */
static int oom_waiter_thread(void *arg)
{
	struct oom_waiter *w = arg;
	struct mm *mm;

	cgroup_attach_kthread(current, w->cg);
	mm = mm_alloc();	/* owned by this kernel thread */
	if (mm) {
		mm_set_owner(mm, current);
		do_mmap(mm, TEST_VA, NR_TOUCH * PAGE_SIZE, RW,
			ANON | MAP_FIXED, -1, 0);
		for (unsigned int i = 0; i < NR_TOUCH && !w->ret; i++)
			w->ret = fault_handle(mm, TEST_VA + i * PAGE_SIZE,
					      FAULT_FLAG_USER |
					      FAULT_FLAG_WRITE);
		w->recorded = current->memcg_in_oom != NULL;
		memcg_oom_synchronize(true);
		mmput(mm);	/* last: the owner reference on us goes */
	}
	cgroup_attach_kthread(current, &cgroup_root);
	__atomic_store_n(&w->done, true, __ATOMIC_RELEASE);
	while (!kthread_should_stop()) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (!kthread_should_stop())
			schedule();
		__set_current_state(TASK_RUNNING);
	}
	return 0;
}

/*
 * Scenario 8, every design: with cgroup v1's oom_kill_disable a user
 * fault at the limit records the OOM and sleeps at the fault's end
 * (under_oom shows it) until the limit is raised; nothing is killed.
 */
static void memcg_oom_kill_disable_waits(struct ktest *t)
{
	enum memcg_design saved = memcg_get_design();

	for (int d = 0; d < MEMCG_NR_DESIGNS && !ktest_failed(t); d++) {
		static struct oom_waiter w;
		struct cgroup *cg;
		struct task *th;
		char text[64];

		if (d == MEMCG_DESIGN_V419RFC)
			continue;
		memcg_set_design(d);
		cg = memcg_group_new(t, "memcg_nokill", "64K");
		KTEST_ASSERT_NOT_NULL(t, cg);
		KTEST_EXPECT_EQ(t, memcg_write_oom_control(cg->memcg, "1\n"),
				0);
		w = (struct oom_waiter){ .cg = cg };
		th = kthread_run(oom_waiter_thread, &w, "oom_waiter");
		KTEST_ASSERT_NOT_NULL(t, th);
		ktest_wait_until(t, cg->memcg->under_oom > 0, KTEST_WAIT_MS);
		memcg_show_oom_control(cg->memcg, text, sizeof(text));
		KTEST_EXPECT_STREQ(t, text, "oom_kill_disable 1\nunder_oom 1\n"
					    "oom_kill 0\n");
		KTEST_EXPECT(t, !__atomic_load_n(&w.done, __ATOMIC_ACQUIRE));
		KTEST_EXPECT_EQ(t, memcg_write_max(cg->memcg, "max"), 0);
		/* Not woken: end its killable sleep, not the run. */
		if (!ktest_wait_until(t, __atomic_load_n(&w.done,
							 __ATOMIC_ACQUIRE),
				      KTEST_WAIT_MS))
			task_kill(th);
		kthread_stop(th);
		KTEST_EXPECT_EQ_U(t, w.ret, VM_FAULT_OOM);
		KTEST_EXPECT(t, w.recorded);
		KTEST_EXPECT_EQ(t, cg->memcg->under_oom, 0);
		memcg_group_done(t, cg);
	}
	memcg_set_design(saved);
}

/* memcg.max='s list: groups made as mkdir -p, bad entries skipped. */
static void memcg_max_list(struct ktest *t)
{
	char list[] = "/ml_a:1M,/ml_a/ml_b:64k,ml_c:1M,/ml_d:abc";
	struct cgroup *a, *b, *d;

	KTEST_EXPECT_EQ(t, memcg_set_max_list(list), 2);
	KTEST_EXPECT_STREQ(t, list, "/ml_a:1M,/ml_a/ml_b:64k,ml_c:1M,/ml_d:abc");
	a = cgroup_lookup("/ml_a");
	b = cgroup_lookup("/ml_a/ml_b");
	d = cgroup_lookup("/ml_d");	/* made before its value failed */
	KTEST_ASSERT(t, a && b && d);
	KTEST_EXPECT_EQ(t, page_counter_max(&a->memcg->memory), 256);
	KTEST_EXPECT_EQ(t, page_counter_max(&b->memcg->memory), 16);
	KTEST_EXPECT_EQ(t, page_counter_max(&d->memcg->memory),
			PAGE_COUNTER_MAX);
	memcg_group_done(t, d);
	memcg_group_done(t, b);
	memcg_group_done(t, a);
	KTEST_EXPECT_NULL(t, cgroup_lookup("/ml_a"));
}

KTEST_SUITE(memcg,
	KTEST_CASE(memcg_user_fault_designs),
	KTEST_CASE(memcg_populate_designs),
	KTEST_CASE(memcg_kernel_charge_designs),
	KTEST_CASE(memcg_process_designs),
	KTEST_CASE(memcg_events_where),
	KTEST_CASE(memcg_oom_kill_disable_waits),
	KTEST_CASE(memcg_max_list));
