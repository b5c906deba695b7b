// SPDX-License-Identifier: MIT
/*
 * mm/page_counter.c: charges reach every level, a level over its max
 * refuses and the levels below are rolled back, the watermark is the
 * peak, failcnt counts refusals at the refusing level only, a forced
 * charge passes max. On the host a stress of threads charging and
 * uncharging a shared hierarchy checks that nothing is lost and no
 * level ever settles over its max.
 *
 *   top (max 10)
 *    └─ mid (no max)
 *        ├─ a (max 4)
 *        └─ b (no max)
 */
#include "kernel/ktest.h"
#include "mm/page_counter.h"

struct tree {
	struct page_counter top, mid, a, b;
};

static void tree_init(struct tree *tr)
{
	page_counter_init(&tr->top, NULL);
	page_counter_init(&tr->mid, &tr->top);
	page_counter_init(&tr->a, &tr->mid);
	page_counter_init(&tr->b, &tr->mid);
	page_counter_set_max(&tr->top, 10);
	page_counter_set_max(&tr->a, 4);
}

/* A charge shows at every level up; the uncharge takes it back. */
static void page_counter_hierarchy(struct ktest *t)
{
	struct page_counter *fail = NULL;
	struct tree tr;

	tree_init(&tr);
	KTEST_ASSERT(t, page_counter_try_charge(&tr.a, 3, &fail));
	KTEST_ASSERT(t, page_counter_try_charge(&tr.b, 5, &fail));
	KTEST_EXPECT_EQ(t, page_counter_read(&tr.a), 3);
	KTEST_EXPECT_EQ(t, page_counter_read(&tr.b), 5);
	KTEST_EXPECT_EQ(t, page_counter_read(&tr.mid), 8);
	KTEST_EXPECT_EQ(t, page_counter_read(&tr.top), 8);
	KTEST_EXPECT_EQ_U(t, page_counter_margin(&tr.top), 2);
	page_counter_uncharge(&tr.a, 3);
	page_counter_uncharge(&tr.b, 5);
	KTEST_EXPECT_EQ(t, page_counter_read(&tr.top), 0);
	KTEST_EXPECT_NULL(t, fail);
}

/*
 * a's own max refuses first; then top refuses a charge through b: b and
 * mid are rolled back, top reports the failure, failcnt only there.
 */
static void page_counter_rollback_reports_level(struct ktest *t)
{
	struct page_counter *fail = NULL;
	struct tree tr;

	tree_init(&tr);
	KTEST_EXPECT(t, !page_counter_try_charge(&tr.a, 5, &fail));
	KTEST_EXPECT(t, fail == &tr.a);
	KTEST_EXPECT_EQ(t, page_counter_read(&tr.top), 0);
	KTEST_ASSERT(t, page_counter_try_charge(&tr.b, 8, &fail));
	KTEST_EXPECT(t, !page_counter_try_charge(&tr.b, 3, &fail));
	KTEST_EXPECT(t, fail == &tr.top);
	KTEST_EXPECT_EQ(t, page_counter_read(&tr.b), 8);
	KTEST_EXPECT_EQ(t, page_counter_read(&tr.mid), 8);
	KTEST_EXPECT_EQ(t, page_counter_read(&tr.top), 8);
	KTEST_EXPECT_EQ_U(t, page_counter_failcnt(&tr.top), 1);
	KTEST_EXPECT_EQ_U(t, page_counter_failcnt(&tr.a), 1);
	KTEST_EXPECT_EQ_U(t, page_counter_failcnt(&tr.mid), 0);
	KTEST_EXPECT_EQ_U(t, page_counter_failcnt(&tr.b), 0);
	/* Exactly at the limit is allowed. */
	KTEST_EXPECT(t, page_counter_try_charge(&tr.b, 2, &fail));
	page_counter_uncharge(&tr.b, 10);
}

/* The watermark keeps the peak; a refused charge does not raise it. */
static void page_counter_watermark_is_peak(struct ktest *t)
{
	struct page_counter *fail;
	struct tree tr;

	tree_init(&tr);
	KTEST_ASSERT(t, page_counter_try_charge(&tr.a, 4, &fail));
	page_counter_uncharge(&tr.a, 3);
	KTEST_EXPECT(t, !page_counter_try_charge(&tr.a, 4, &fail));
	KTEST_EXPECT_EQ(t, page_counter_watermark(&tr.a), 4);
	KTEST_EXPECT_EQ(t, page_counter_watermark(&tr.top), 4);
	KTEST_EXPECT_EQ(t, page_counter_read(&tr.a), 1);
	page_counter_uncharge(&tr.a, 1);
}

/* A forced charge passes max at every level and raises the watermark. */
static void page_counter_force_passes_max(struct ktest *t)
{
	struct tree tr;

	tree_init(&tr);
	page_counter_charge(&tr.a, 12);
	KTEST_EXPECT_EQ(t, page_counter_read(&tr.a), 12);
	KTEST_EXPECT_EQ(t, page_counter_read(&tr.top), 12);
	KTEST_EXPECT_EQ(t, page_counter_watermark(&tr.top), 12);
	KTEST_EXPECT_EQ_U(t, page_counter_margin(&tr.top), 0);
	page_counter_uncharge(&tr.a, 12);
	KTEST_EXPECT_EQ(t, page_counter_read(&tr.top), 0);
}

/*
 * Two chargers interleaved by hand, the way two CPUs can run: both add
 * at `a` before either checks, so the one that sees usage over max
 * cancels only its own pages; the other keeps its charge.
 */
static void page_counter_interleaved_overshoot(struct ktest *t)
{
	struct page_counter *fail = NULL;
	struct tree tr;

	tree_init(&tr);
	KTEST_ASSERT(t, page_counter_try_charge(&tr.a, 3, &fail));
	KTEST_EXPECT(t, !page_counter_try_charge(&tr.a, 2, &fail));
	KTEST_EXPECT(t, page_counter_try_charge(&tr.a, 1, &fail));
	KTEST_EXPECT_EQ(t, page_counter_read(&tr.a), 4);
	KTEST_EXPECT_EQ(t, page_counter_read(&tr.top), 4);
	page_counter_uncharge(&tr.a, 4);
}

#ifdef HOST_BUILD
#include <pthread.h>

#define STRESS_THREADS	4
#define STRESS_ROUNDS	20000

struct stress {
	struct tree tr;
	long over_max_seen;	/* [a] a level read above max after charge */
	long charged[STRESS_THREADS];
};

struct stress_arg {
	struct stress *s;
	int id;
};

static void *stress_thread(void *p)
{
	struct stress_arg *arg = p;
	struct stress *s = arg->s;
	struct page_counter *leaf = arg->id & 1 ? &s->tr.b : &s->tr.a;
	struct page_counter *fail;
	long held = 0;

	for (int i = 0; i < STRESS_ROUNDS; i++) {
		unsigned long nr = 1 + (i + arg->id) % 3;

		if (page_counter_try_charge(leaf, nr, &fail))
			held += nr;
		if (held > 3 || (i & 7) == 0) {
			page_counter_uncharge(leaf, held);
			held = 0;
		}
	}
	s->charged[arg->id] = held;
	return NULL;
}

/*
 * Host threads charge and uncharge through a and b; at the end every
 * level holds exactly what the threads still hold, and the peak never
 * passed top's max (only a transient overshoot inside a charge can).
 */
static void page_counter_concurrent_stress(struct ktest *t)
{
	static struct stress s;
	struct stress_arg args[STRESS_THREADS];
	pthread_t th[STRESS_THREADS];
	long held = 0;

	tree_init(&s.tr);
	for (int i = 0; i < STRESS_THREADS; i++) {
		args[i] = (struct stress_arg){ &s, i };
		KTEST_ASSERT_EQ(t, pthread_create(&th[i], NULL, stress_thread,
						  &args[i]), 0);
	}
	for (int i = 0; i < STRESS_THREADS; i++) {
		pthread_join(th[i], NULL);
		held += s.charged[i];
	}
	KTEST_EXPECT_EQ(t, page_counter_read(&s.tr.top), held);
	KTEST_EXPECT_EQ(t, page_counter_read(&s.tr.mid), held);
	KTEST_EXPECT_EQ(t, page_counter_read(&s.tr.a) +
			   page_counter_read(&s.tr.b), held);
	KTEST_EXPECT_LE(t, page_counter_watermark(&s.tr.top), 10);
	KTEST_EXPECT_LE(t, page_counter_watermark(&s.tr.a), 4);
	KTEST_EXPECT_GT(t, page_counter_failcnt(&s.tr.top) +
			   page_counter_failcnt(&s.tr.a), 0);
}
#endif

KTEST_SUITE(page_counter,
	KTEST_CASE(page_counter_hierarchy),
	KTEST_CASE(page_counter_rollback_reports_level),
	KTEST_CASE(page_counter_watermark_is_peak),
	KTEST_CASE(page_counter_force_passes_max),
	KTEST_CASE(page_counter_interleaved_overshoot)
#ifdef HOST_BUILD
	, KTEST_CASE(page_counter_concurrent_stress)
#endif
	);
