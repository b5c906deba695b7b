// SPDX-License-Identifier: MIT
/*
 * The Prometheus text writer: families and samples come out in format
 * 0.0.4, label values and HELP texts escaped, and a buffer too small
 * for the exposition holds whole lines only.
 */
#include "kernel/ktest.h"
#include "lib/string.h"
#include "net/metrics_text.h"

/* One family with two samples, one of them unlimited (+Inf). */
static void metrics_text_family(struct ktest *t)
{
	static const char want[] =
		"# HELP oomlab_x_bytes memory.max of the cgroup.\n"
		"# TYPE oomlab_x_bytes gauge\n"
		"oomlab_x_bytes{cgroup=\"/a\"} 67108864\n"
		"oomlab_x_bytes{cgroup=\"/\"} +Inf\n"
		"oomlab_y 0\n"
		"oomlab_z_seconds{cpu=\"1\"} 2.000500\n";
	char buf[512];
	struct metrics_text m;

	metrics_text_init(&m, buf, sizeof(buf));
	metrics_family(&m, "oomlab_x_bytes", "gauge",
		       "memory.max of the cgroup.");
	metrics_sample(&m, "oomlab_x_bytes", "cgroup", "/a", 64ULL << 20);
	metrics_sample(&m, "oomlab_x_bytes", "cgroup", "/", METRICS_INF);
	metrics_sample(&m, "oomlab_y", NULL, NULL, 0);
	metrics_sample_frac(&m, "oomlab_z_seconds", "cpu", "1", 2000500);
	KTEST_EXPECT_STREQ(t, buf, want);
	KTEST_EXPECT_EQ_U(t, m.len, strlen(want));
	KTEST_EXPECT(t, !m.overflow);
}

/* A cgroup name may hold a quote, a backslash or a newline: the label
 * value escapes all three, HELP the last two. An unescaped quote would
 * end the label early and promtool would reject the line. */
static void metrics_text_escapes(struct ktest *t)
{
	char buf[256];
	struct metrics_text m;

	metrics_text_init(&m, buf, sizeof(buf));
	metrics_family(&m, "a", "counter", "x\\y\n\"z\"");
	metrics_sample(&m, "a", "cgroup", "/q\"b\\n\nl", 1);
	KTEST_EXPECT_STREQ(t, buf,
			   "# HELP a x\\\\y\\n\"z\"\n"
			   "# TYPE a counter\n"
			   "a{cgroup=\"/q\\\"b\\\\n\\nl\"} 1\n");
}

/* A buffer that holds two lines and a half keeps two, says so, and
 * takes no line after (a later short one would read as the truncated
 * family's). Writing past the buffer is ASan's to catch on the host. */
static void metrics_text_overflow(struct ktest *t)
{
	char buf[30];
	struct metrics_text m;

	metrics_text_init(&m, buf, sizeof(buf));
	metrics_sample(&m, "abc", NULL, NULL, 1);		/* 6 bytes */
	metrics_sample(&m, "defgh", NULL, NULL, 22);		/* 9 bytes */
	metrics_sample(&m, "a_long_name_here", NULL, NULL, 3);	/* 19 */
	metrics_sample(&m, "x", NULL, NULL, 4);			/* 4 */
	KTEST_EXPECT(t, m.overflow);
	KTEST_EXPECT_STREQ(t, buf, "abc 1\ndefgh 22\n");
	KTEST_EXPECT_EQ_U(t, m.len, 15);
}

KTEST_SUITE(metrics_text,
	KTEST_CASE(metrics_text_family),
	KTEST_CASE(metrics_text_escapes),
	KTEST_CASE(metrics_text_overflow));
