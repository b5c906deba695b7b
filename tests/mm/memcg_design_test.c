// SPDX-License-Identifier: MIT
/*
 * mm/memcg_design.c: the charge path's decision order in every design,
 * driven by a table of (design, gfp, context, state) -> outcome written
 * from the Linux sources (4.17, 4.19.0, 5.15, 6.1 try_charge() and
 * mem_cgroup_oom()). Each case starts from
 *
 *   root (never limited)
 *    └─ A  max 64 pages, usage 64 (full), empty stock
 *
 * and charges N pages with the row's gfp. The fakes count what the path
 * did: reclaim passes (nothing reclaimable unless the row says so), OOM
 * killer calls (a victim frees its pages; "pending" returns true
 * without freeing, like an aborted scan or 6.1's dying caller; "none"
 * returns false), and the max and oom events counted on A.
 *
 * Pass counts with nothing reclaimable: 1 pass, the drain's retry pass,
 * then the budget: 1 + 1 + 5 = 7 before the first OOM call up to 4.19,
 * 1 + 1 + 16 = 18 from 5.9 (steps 9-16); after an OOM call that made
 * progress the budget starts again: 5 (resp. 16) + 1 more passes, the
 * stock being drained already.
 */
#include "kernel/ktest.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "mm/memcg_design.h"

enum oom_fake {
	OOM_NONE,	/* no eligible victim */
	OOM_VICTIM,	/* one victim holding 10 pages of A */
	OOM_PENDING,	/* reports progress, frees nothing */
};

struct fake {
	struct memcg root, a;
	enum oom_fake oom;
	int victims;
	long reclaimable;
	unsigned int stock_nr;	/* this CPU's stock, for A only */
	unsigned int remote_stock; /* other CPUs' stock of A */
	int reclaims, ooms, warns, drains;
};

static struct fake fk;

static bool fake_consume(struct memcg *m, unsigned int nr)
{
	if (m != &fk.a || fk.stock_nr < nr)
		return false;
	fk.stock_nr -= nr;
	return true;
}

static void fake_refill(struct memcg *m, unsigned int nr)
{
	fk.stock_nr += nr;
}

static void fake_drain(struct memcg *root)
{
	page_counter_uncharge(&fk.a.memory, fk.stock_nr + fk.remote_stock);
	fk.stock_nr = 0;
	fk.remote_stock = 0;
	fk.drains++;
}

static unsigned long fake_reclaim(struct memcg *m, unsigned long nr,
				  gfp_t gfp)
{
	unsigned long got = MIN((unsigned long)fk.reclaimable, nr);

	fk.reclaims++;
	fk.reclaimable -= got;
	page_counter_uncharge(&fk.a.memory, got);
	return got;
}

static bool fake_oom(struct memcg *m, gfp_t gfp, int order)
{
	fk.ooms++;
	if (fk.oom == OOM_PENDING)
		return true;
	if (fk.oom == OOM_NONE || !fk.victims)
		return false;
	fk.victims--;
	page_counter_uncharge(&fk.a.memory, 10);
	return true;
}

static void fake_event(struct memcg *m, enum memcg_event ev)
{
	m->events[ev]++;
}

static void fake_warn(void)
{
	fk.warns++;
}

static const struct memcg_charge_ops fake_ops = {
	.consume_stock = fake_consume,
	.refill_stock = fake_refill,
	.drain_all_stock = fake_drain,
	.reclaim = fake_reclaim,
	.out_of_memory = fake_oom,
	.event = fake_event,
	.warn_no_victim = fake_warn,
};

/* The fixture: A full at 64 pages (named helper: every case starts here). */
static void fake_reset(void)
{
	memset(&fk, 0, sizeof(fk));
	page_counter_init(&fk.root.memory, NULL);
	page_counter_init(&fk.a.memory, &fk.root.memory);
	fk.a.parent = &fk.root;
	page_counter_set_max(&fk.a.memory, 64);
	page_counter_charge(&fk.a.memory, 64);
	fk.victims = 1;
}

#define PRE	(1 << MEMCG_DESIGN_PRE)
#define RFC	(1 << MEMCG_DESIGN_V419RFC)
#define V419	(1 << MEMCG_DESIGN_V419)
#define PLUS	(1 << MEMCG_DESIGN_V419PLUS)
#define MOD	(1 << MEMCG_DESIGN_MOD)
#define ALL	(PRE | RFC | V419 | PLUS | MOD)

#define USER	1	/* in a user fault */
#define DYING	2	/* OOM victim / fatal signal / exiting */
#define NOKILL	4	/* oom_kill_disable on A */
#define INOOM	8	/* an OOM already recorded in this fault */
#define RECLAIM	16	/* A has 4 reclaimable pages */

struct row {
	const char *what;
	unsigned int designs;	/* the designs this row is for */
	gfp_t gfp;
	unsigned int nr;
	unsigned int state;	/* USER | DYING | ... */
	enum oom_fake oom;
	enum memcg_charge_result want;
	int reclaims, ooms, ev_max, ev_oom, warns;
};

#define K	GFP_KERNEL
static const struct row rows[] = {
	/* A user fault, a victim exists. */
	{ "user, victim", PRE, K, 1, USER, OOM_VICTIM,
	  MEMCG_OOM_ASYNC, 7, 0, 7, 1, 0 },		/* 21: record */
	{ "user, victim", RFC | V419, K, 1, USER, OOM_VICTIM,
	  MEMCG_CHARGED, 7, 1, 7, 1, 0 },		/* 22: retry */
	{ "user, victim", PLUS | MOD, K, 1, USER, OOM_VICTIM,
	  MEMCG_CHARGED, 18, 1, 18, 1, 0 },
	/* A user fault, no eligible victim. */
	{ "user, none", PRE, K, 1, USER, OOM_NONE,
	  MEMCG_OOM_ASYNC, 7, 0, 7, 1, 0 },
	{ "user, none", RFC, K, 1, USER, OOM_NONE,
	  MEMCG_FORCED, 7, 1, 7, 1, 1 },		/* the WARN */
	{ "user, none", V419, K, 1, USER, OOM_NONE,
	  MEMCG_FORCED, 7, 1, 7, 1, 0 },		/* 22: force */
	{ "user, none", PLUS, K, 1, USER, OOM_NONE,
	  MEMCG_FORCED, 18, 1, 18, 1, 0 },
	{ "user, none", MOD, K, 1, USER, OOM_NONE,
	  MEMCG_NOMEM, 18, 1, 18, 1, 0 },		/* 6.1: -ENOMEM */
	/* Kernel context (populate, syscall): PRE never kills. */
	{ "kernel, victim", PRE, K, 1, 0, OOM_VICTIM,
	  MEMCG_NOMEM, 7, 0, 7, 1, 0 },
	{ "kernel, victim", RFC | V419, K, 1, 0, OOM_VICTIM,
	  MEMCG_CHARGED, 7, 1, 7, 1, 0 },
	{ "kernel, victim", PLUS | MOD, K, 1, 0, OOM_VICTIM,
	  MEMCG_CHARGED, 18, 1, 18, 1, 0 },
	/* 8: GFP_NOWAIT cannot reclaim: no events anywhere. */
	{ "GFP_NOWAIT", ALL, GFP_NOWAIT, 1, 0, OOM_VICTIM,
	  MEMCG_NOMEM, 0, 0, 0, 0, 0 },
	/* 8, then 6.1's nomem: __GFP_HIGH forces and counts max. */
	{ "GFP_ATOMIC", PRE | RFC | V419 | PLUS, GFP_ATOMIC, 1, 0, OOM_VICTIM,
	  MEMCG_NOMEM, 0, 0, 0, 0, 0 },
	{ "GFP_ATOMIC", MOD, GFP_ATOMIC, 1, 0, OOM_VICTIM,
	  MEMCG_FORCED, 0, 0, 1, 0, 0 },
	/* 13: two passes around one drain. */
	{ "NORETRY", ALL, K | __GFP_NORETRY, 1, USER, OOM_VICTIM,
	  MEMCG_NOMEM, 2, 0, 2, 0, 0 },
	/* 17: RETRY_MAYFAIL; the victim's memory is not back yet. */
	{ "RETRY_MAYFAIL", PRE, K | __GFP_RETRY_MAYFAIL, 1, 0, OOM_PENDING,
	  MEMCG_NOMEM, 7, 0, 7, 1, 0 },
	{ "RETRY_MAYFAIL", RFC | V419, K | __GFP_RETRY_MAYFAIL, 1, 0,
	  OOM_PENDING, MEMCG_NOMEM, 13, 1, 13, 1, 0 },	/* one OOM cycle */
	{ "RETRY_MAYFAIL", PLUS | MOD, K | __GFP_RETRY_MAYFAIL, 1, 0,
	  OOM_PENDING, MEMCG_NOMEM, 18, 0, 18, 0, 0 },	/* no OOM at all */
	/* 18: NOFAIL forces without killing, except in 6.1. */
	{ "NOFAIL, victim", PRE | RFC | V419, K | __GFP_NOFAIL, 1, 0,
	  OOM_VICTIM, MEMCG_FORCED, 7, 0, 7, 0, 0 },
	{ "NOFAIL, victim", PLUS, K | __GFP_NOFAIL, 1, 0,
	  OOM_VICTIM, MEMCG_FORCED, 18, 0, 18, 0, 0 },
	{ "NOFAIL, victim", MOD, K | __GFP_NOFAIL, 1, 0,
	  OOM_VICTIM, MEMCG_CHARGED, 18, 1, 18, 1, 0 },
	{ "NOFAIL, none", PRE | RFC | V419, K | __GFP_NOFAIL, 1, 0,
	  OOM_NONE, MEMCG_FORCED, 7, 0, 7, 0, 0 },
	{ "NOFAIL, none", PLUS, K | __GFP_NOFAIL, 1, 0,
	  OOM_NONE, MEMCG_FORCED, 18, 0, 18, 0, 0 },
	{ "NOFAIL, none", MOD, K | __GFP_NOFAIL, 1, 0,
	  OOM_NONE, MEMCG_FORCED, 18, 1, 18, 1, 0 },
	/* 5: a dying charger bypasses the limit, except in 6.1. */
	{ "dying", PRE | RFC | V419 | PLUS, K, 1, USER | DYING, OOM_PENDING,
	  MEMCG_FORCED, 0, 0, 0, 0, 0 },
	{ "dying", MOD, K, 1, USER | DYING, OOM_PENDING,
	  MEMCG_NOMEM, 35, 1, 35, 1, 0 },		/* one OOM pass */
	/* 21: v1 oom_kill_disable: a user fault waits at its end... */
	{ "nokill, user", PRE | RFC | V419 | PLUS | MOD, K, 1, USER | NOKILL,
	  OOM_VICTIM, MEMCG_OOM_ASYNC, -1, 0, -1, 1, 0 },
	/* ...a kernel charge fails at once (OOM_SKIPPED). */
	{ "nokill, kernel", PRE | RFC | V419 | PLUS | MOD, K, 1, NOKILL,
	  OOM_VICTIM, MEMCG_NOMEM, -1, 0, -1, 1, 0 },
	/* 7: a second charge in a fault whose OOM is recorded. */
	{ "recorded", ALL, K, 1, USER | INOOM, OOM_VICTIM,
	  MEMCG_NOMEM, 0, 0, 0, 0, 0 },
	/* 21: order 4 never OOMs; 4.17 and 4.19.0 still count oom. */
	{ "costly", PRE | RFC | V419, K, 16, USER, OOM_VICTIM,
	  MEMCG_NOMEM, 7, 0, 7, 1, 0 },
	{ "costly", PLUS | MOD, K, 16, USER, OOM_VICTIM,
	  MEMCG_NOMEM, 18, 0, 18, 0, 0 },
	/* 11: reclaim freed enough: charged after one pass. */
	{ "reclaimable", ALL, K, 1, USER | RECLAIM, OOM_VICTIM,
	  MEMCG_CHARGED, 1, 0, 1, 0, 0 },
};
#undef K

/* The budget of the row's design where a row says -1 (7 or 18). */
static int passes(enum memcg_design d, int n)
{
	return n >= 0 ? n : 2 + (int)memcg_design_retries(d);
}

static void run_row(struct ktest *t, const struct row *r, enum memcg_design d)
{
	struct memcg_charger who = {
		.in_user_fault = r->state & USER,
		.dying = r->state & DYING,
		.fatal_signal = r->state & DYING,
	};
	enum memcg_charge_result got;

	fake_reset();
	fk.oom = r->oom;
	fk.a.oom_kill_disable = r->state & NOKILL;
	if (r->state & INOOM)
		who.in_oom = &fk.a;
	if (r->state & RECLAIM)
		fk.reclaimable = 4;
	got = memcg_design_try_charge(d, &fk.a, r->gfp, r->nr, &who, &fake_ops);
	if (got != r->want || fk.reclaims != passes(d, r->reclaims) ||
	    fk.ooms != r->ooms ||
	    fk.a.events[MEMCG_MAX] != passes(d, r->ev_max) ||
	    fk.a.events[MEMCG_OOM] != r->ev_oom || fk.warns != r->warns)
		KTEST_FAIL(t, "%s %s: result %d reclaims %d ooms %d max %ld "
			   "oom %ld warns %d; want %d %d %d %d %d %d",
			   memcg_design_name(d), r->what, got, fk.reclaims,
			   fk.ooms, fk.a.events[MEMCG_MAX],
			   fk.a.events[MEMCG_OOM], fk.warns, r->want,
			   passes(d, r->reclaims), r->ooms,
			   passes(d, r->ev_max), r->ev_oom, r->warns);
	if (got == MEMCG_OOM_ASYNC && who.in_oom != &fk.a)
		KTEST_FAIL(t, "%s %s: OOM not recorded", memcg_design_name(d),
			   r->what);
}

static void memcg_design_decision_table(struct ktest *t)
{
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++)
		for (int d = 0; d < MEMCG_NR_DESIGNS; d++)
			if (rows[i].designs & (1 << d))
				run_row(t, &rows[i], d);
}

/* Every design has a row for every context above: none is forgotten. */
static void memcg_design_table_covers_designs(struct ktest *t)
{
	for (int d = 0; d < MEMCG_NR_DESIGNS; d++) {
		int n = 0;

		for (size_t i = 0; i < ARRAY_SIZE(rows); i++)
			n += !!(rows[i].designs & (1 << d));
		KTEST_EXPECT_EQ(t, n, 15);
	}
}

/*
 * 3-4: the batch goes to the stock; a batch over the limit is retried
 * with exactly nr before anything else (no event, no reclaim).
 */
static void memcg_design_batch_and_stock(struct ktest *t)
{
	struct memcg_charger who = { 0 };

	for (int d = 0; d < MEMCG_NR_DESIGNS; d++) {
		unsigned int batch = memcg_design_batch(d);

		fake_reset();
		page_counter_uncharge(&fk.a.memory, 64);
		page_counter_set_max(&fk.a.memory, 200);
		KTEST_EXPECT_EQ(t, memcg_design_try_charge(d, &fk.a, GFP_KERNEL, 1,
						    &who, &fake_ops),
				MEMCG_CHARGED);
		KTEST_EXPECT_EQ(t, page_counter_read(&fk.a.memory), batch);
		KTEST_EXPECT_EQ_U(t, fk.stock_nr, batch - 1);
		/* From the stock: the counter does not move. */
		KTEST_EXPECT_EQ(t, memcg_design_try_charge(d, &fk.a, GFP_KERNEL, 2,
						    &who, &fake_ops),
				MEMCG_CHARGED);
		KTEST_EXPECT_EQ(t, page_counter_read(&fk.a.memory), batch);
		/* 190 used: a batch does not fit, one page does. */
		fk.stock_nr = 0;
		page_counter_charge(&fk.a.memory, 190 - batch);
		KTEST_EXPECT_EQ(t, memcg_design_try_charge(d, &fk.a, GFP_KERNEL, 1,
						    &who, &fake_ops),
				MEMCG_CHARGED);
		KTEST_EXPECT_EQ(t, page_counter_read(&fk.a.memory), 191);
		KTEST_EXPECT_EQ(t, fk.a.events[MEMCG_MAX], 0);
		KTEST_EXPECT_EQ(t, fk.reclaims, 0);
	}
}

/* 12: a drain that gives back another CPU's stock ends the charge. */
static void memcg_design_drain_retries(struct ktest *t)
{
	struct memcg_charger who = { 0 };

	fake_reset();
	fk.remote_stock = 5;	/* 5 of A's 64 pages: another CPU's */
	KTEST_EXPECT_EQ(t, memcg_design_try_charge(MEMCG_DESIGN_V419, &fk.a,
						   GFP_KERNEL, 4, &who,
						   &fake_ops),
			MEMCG_CHARGED);
	KTEST_EXPECT_EQ(t, fk.drains, 1);
	KTEST_EXPECT_EQ(t, fk.reclaims, 1);
	KTEST_EXPECT_EQ(t, fk.a.events[MEMCG_MAX], 1);
	KTEST_EXPECT_EQ(t, page_counter_read(&fk.a.memory), 63);
}

/* The names memcg.design= accepts, both ways. */
static void memcg_design_names_parse(struct ktest *t)
{
	enum memcg_design d;

	for (int i = 0; i < MEMCG_NR_DESIGNS; i++) {
		KTEST_EXPECT_EQ(t, memcg_design_parse(memcg_design_name(i),
						      &d), 0);
		KTEST_EXPECT_EQ(t, d, i);
	}
	KTEST_EXPECT_EQ(t, memcg_design_parse("v420", &d), -EINVAL);
}

KTEST_SUITE(memcg_design,
	KTEST_CASE(memcg_design_decision_table),
	KTEST_CASE(memcg_design_table_covers_designs),
	KTEST_CASE(memcg_design_batch_and_stock),
	KTEST_CASE(memcg_design_drain_retries),
	KTEST_CASE(memcg_design_names_parse));
