// SPDX-License-Identifier: MIT
/*
 * A user fault that finds the page allocator dry: hog touches its pages
 * slowly (1 ms apart) while the test holds every free page. Its next
 * fault gets VM_FAULT_OOM and, with no OOM killer yet, is retried - a
 * tick apart, logging "Out of memory: page allocator dry in user fault"
 * (rate limited). Expected: the OOM faults are counted and logged, and a
 * SIGKILL ends the process within a bound although memory stays short
 * (the retry stops on a fatal signal). The pages go back afterwards.
 * Skipped with more than 1 GiB free (the mem-8G row).
 */
#include "kernel/ktest.h"
#include "mm/fault.h"
#include "mm/mm.h"
#include "mm/page_alloc.h"
#include "tests/kernel/log_capture.h"
#include "tests/kernel/user_run.h"

#define KILL_BOUND_MS	5000
#define TOUCHING	64	/* pages: hog is in its touch loop */
/* Draining more takes too long under emulation (every page is checked
 * for its free poison). */
#define MAX_DRAIN_PAGES	(1UL << 18)	/* 1 GiB */

static struct user_run run;

/* Take every free page; they are chained through their first word. */
static void *drain_pages(unsigned long *nr)
{
	void *head = NULL, *page;

	*nr = 0;
	while ((page = __get_free_pages(GFP_KERNEL, 0))) {
		*(void **)page = head;
		head = page;
		++*nr;
	}
	return head;
}

static void give_back_pages(void *head)
{
	while (head) {
		void *next = *(void **)head;

		free_page_addr(head);
		head = next;
	}
}

/* Has the process faulted in more than TOUCHING anonymous pages? */
static bool touching(struct process *p, const void *arg)
{
	bool yes;

	spin_lock(&p->lock);
	yes = p->mm && mm_rss(p->mm, MM_ANONPAGES) > TOUCHING;
	spin_unlock(&p->lock);
	return yes;
}

static void fault_oom_killable(struct ktest *t)
{
	unsigned long before = mm_fault_nr_oom(), nr;
	void *pages;
	u64 killed_ns;

	if (nr_free_pages() > MAX_DRAIN_PAGES)
		KTEST_SKIP(t, "more than 1 GiB free: too long to drain");
	if (user_start(t, &run, (const char *const[]){
			   "/bin/hog", "--pages", "100000", "--delay-us",
			   "1000", NULL }))
		return;
	KTEST_EXPECT(t, user_poll(run.pid, touching, NULL, KTEST_WAIT_MS));
	pages = drain_pages(&nr);
	KTEST_EXPECT(t, nr > 0);
	ktest_wait_until(t, mm_fault_nr_oom() > before + 2, KTEST_WAIT_MS);
	KTEST_EXPECT(t, log_capture_contains("Out of memory: page allocator "
					     "dry in user fault, pid"));
	killed_ns = ktime_get_ns();
	KTEST_EXPECT_EQ(t, process_kill_pid(run.pid, SIGKILL), 0);
	user_wait(t, &run, KILL_BOUND_MS);
	give_back_pages(pages);
	KTEST_EXPECT_EQ(t, wait_status_sig(run.status), SIGKILL);
	ktest_log(t, "killed in %llu ms with %lu pages held",
		  (unsigned long long)(ktime_get_ns() - killed_ns) / 1000000,
		  nr);
}

KTEST_SUITE(fault_oom,
	    KTEST_CASE(fault_oom_killable));
