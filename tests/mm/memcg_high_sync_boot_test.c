// SPDX-License-Identifier: MIT
/*
 * memory.high inside a long charge (mm/memcg_high.c's memcg_high_sync()),
 * the case Linux's test_memcg_high_sync checks: one mlock() of 64 MiB in
 * a group with memory.high 1 MiB and memory.max 48 MiB. V419PLUS and MOD
 * do the high work inside the charge once more than a batch is owed, so
 * the group's first event is "high", and the task sleeps off its penalty
 * there, far below max: the "max" count is still 0 when "high" first
 * moves. (Charging on to the return to user space would reach max first:
 * 48 MiB charged, a max event and an OOM kill before any high event.)
 * The hog is then killed in its throttle sleep.
 */
#include "tests/mm/scenario.h"

static struct user_run hog;

static bool first_event(const struct scenario *s)
{
	return scenario_event(s, MEMCG_HIGH) > 0 ||
	       scenario_event(s, MEMCG_MAX) > 0;
}

static void high_sync(struct ktest *t, enum memcg_design d)
{
	u64 slept0 = memcg_high_throttled_jiffies();
	struct scenario s;

	if (scenario_begin(t, &s, "high_sync", d, "48M"))
		return;
	KTEST_EXPECT_EQ(t, memcg_write_high(s.cg->memcg, "1M"), 0);
	if (scenario_start(t, &s, &hog, (const char *const[]){
				   "/bin/hog", "--mib", "64", "--mlock",
				   "--no-touch", NULL }))
		goto out;
	if (ktest_wait_until(t, first_event(&s), KTEST_WAIT_MS)) {
		KTEST_EXPECT_EQ(t, scenario_event(&s, MEMCG_MAX), 0);
		KTEST_EXPECT_GT(t, scenario_event(&s, MEMCG_HIGH), 0);
	}
	ktest_wait_until(t, memcg_high_throttled_jiffies() > slept0,
			 KTEST_WAIT_MS);
	KTEST_EXPECT_GT(t, memcg_high_throttled_jiffies(), slept0);
	process_kill_pid(hog.pid, SIGKILL);
	scenario_wait(t, &s, &hog, "hog");
out:
	scenario_end(t, &s);
}

/* The designs that throttle (5.4 on) do it inside the charge too. */
static void memcg_high_sync_mlock(struct ktest *t)
{
	enum memcg_design saved = memcg_get_design();

	high_sync(t, MEMCG_DESIGN_V419PLUS);
	if (!ktest_failed(t))
		high_sync(t, MEMCG_DESIGN_MOD);
	memcg_set_design(saved);
}

KTEST_SUITE(memcg_high_sync, KTEST_CASE(memcg_high_sync_mlock));
