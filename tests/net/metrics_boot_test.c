// SPDX-License-Identifier: MIT
/*
 * What /metrics says against the counters it exposes (net/metrics.c),
 * fetched over the loopback interface as http_boot_test.c does:
 * oomlab_oom_reaper_skipped_total has one sample per reason, each the
 * reaper's count of victims given MMF_OOM_SKIP for that reason. First a
 * victim under oom.reaper=none (a /bin/hog handed to the reaper as the
 * OOM killer does, then killed) moves the exit_mmap one, so the samples
 * differ even in a boot with no OOM kill. A reason left out, a label
 * swapped or a counter read from the wrong slot fails the case.
 */
#include "lib/format.h"
#include "lib/string.h"
#include "mm/mm.h"
#include "mm/oom_internal.h"
#include "mm/oom_reaper.h"
#include "net/http.h"
#include "tests/kernel/user_run.h"
#include "tests/net/http_client.h"

#define ANSWER_WAIT_MS	20000

static struct user_run victim;
static char answer[96 * 1024];
static struct http_client client = { .resp = answer,
				     .keep = sizeof(answer) };

/* The value of the sample @name{reason="@reason"} in @body; -1: none. */
static long long reason_sample(const char *body, const char *name,
			       const char *reason)
{
	char head[96];
	const char *p;
	size_t n = 0;
	u64 v;

	snprintf(head, sizeof(head), "\n%s{reason=\"%s\"} ", name, reason);
	p = strstr(body, head);
	if (!p)
		return -1;
	p += strlen(head);
	while (p[n] >= '0' && p[n] <= '9')
		n++;
	return n && !str_to_u64(p, n, &v) ? (long long)v : -1;
}

/* A victim whose exit sets its MMF_OOM_SKIP: oom.reaper=none. */
static void exit_mmap_victim(struct ktest *t)
{
	enum oom_reaper_design saved = oom_reaper_get_design();
	struct process *p;

	oom_reaper_set_design(OOM_REAPER_NONE);
	if (user_start(t, &victim, (const char *const[]){
			       "/bin/hog", "--pages", "8", "--hold-ms",
			       "60000", NULL }))
		goto out;
	p = KTEST_EXPECT(t, user_wait_line(&victim, "hog: holding",
					   KTEST_WAIT_MS)) ?
		    process_get_by_pid(victim.pid, PROCESS_ALIVE) :
		    NULL;
	if (p) {
		struct mm *mm = oom_process_mm(p);

		if (KTEST_EXPECT_NOT_NULL(t, mm)) {
			oom_lock_for_reaper();
			oom_reaper_enqueue(p, mm);
			oom_unlock_for_reaper();
			mmdrop(mm);
		}
		process_put(p);
	}
	process_kill_pid(victim.pid, SIGKILL);
	user_wait(t, &victim, KTEST_WAIT_MS);
out:
	oom_reaper_set_design(saved);
}

/*
 * Each reason's sample lies between the counter read before the fetch
 * and after it (a victim of an earlier case may still be finishing);
 * the exit_mmap one is past its value before the victim.
 */
static void metrics_oom_skip_reasons(struct ktest *t)
{
	struct oom_reaper_stats st0, before, after;
	struct http_stats hs;
	const char *body;
	bool ok;

	oom_reaper_stats(&st0);
	exit_mmap_victim(t);
	oom_reaper_stats(&before);
	KTEST_EXPECT_LT_U(t, st0.skipped[OOM_SKIP_EXIT_MMAP],
			  before.skipped[OOM_SKIP_EXIT_MMAP]);
	ok = http_client_open(t, &client, "GET /metrics HTTP/1.0\r\n\r\n") &&
	     http_client_wait(t, &client, ANSWER_WAIT_MS);
	http_client_close(&client);
	oom_reaper_stats(&after);
	ktest_wait_until(t, (http_stats_read(&hs), hs.open == 0),
			 KTEST_WAIT_MS);
	if (!KTEST_EXPECT(t, ok))
		return;
	KTEST_EXPECT_EQ(t, http_client_status(&client), 200);
	body = http_client_body(&client);
	KTEST_EXPECT(t, strstr(body, "\n# TYPE oomlab_oom_reaper_skipped_total "
				     "counter\n"));
	for (int i = 0; i < OOM_SKIP_NR_REASONS; i++) {
		long long v = reason_sample(body,
					    "oomlab_oom_reaper_skipped_total",
					    oom_skip_reason_names[i]);

		ktest_log(t, "skipped %s: %lld (counter %lu..%lu)",
			  oom_skip_reason_names[i], v, before.skipped[i],
			  after.skipped[i]);
		KTEST_EXPECT_GE(t, v, (long long)before.skipped[i]);
		KTEST_EXPECT_LE(t, v, (long long)after.skipped[i]);
	}
}

KTEST_SUITE(metrics, KTEST_CASE(metrics_oom_skip_reasons));
