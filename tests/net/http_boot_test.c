// SPDX-License-Identifier: MIT
/*
 * The metrics server end to end over the loopback interface (every
 * boot): /metrics in Prometheus' format with a cgroup the case made,
 * /log with a line the case printed, /bench's pattern, every refusal
 * with its status, and the bounds that keep a bad client from holding
 * the server: a request that never ends gets 408, a client past
 * HTTP_MAX_CONNS gets 503, a reader that stops is reset. On a boot
 * with a card and net.metrics_test=1 the host fetches it too
 * (http_host_fetch; tools/oomlab/metrics.py checks what it got).
 * Every wait is bounded and fails its case; every case ends with the
 * server holding no connection (the http_connections invariant).
 */
#include "kernel/cgroup.h"
#include "kernel/cmdline.h"
#include "kernel/printk.h"
#include "kernel/time.h"
#include "lib/format.h"
#include "lib/string.h"
#include "mm/memcg.h"
#include "net/http.h"
#include "net/http_parse.h"
#include "net/internal.h"
#include "tests/net/http_client.h"

#define ANSWER_WAIT_MS	20000
#define HOST_WAIT_MS	25000	/* under the runner's 30 s silence bound */
#define DHCP_WAIT_MS	30000

static struct http_stats after_stall;	/* http_stalled_reader's */
static char answer[96 * 1024];		/* one client's kept answer */
static struct http_client client = { .resp = answer,
				     .keep = sizeof(answer) };

/* The server let go of every connection (its close runs after the
 * client's, in the tcpip thread). */
static bool server_idle(struct ktest *t)
{
	struct http_stats s;

	return ktest_wait_until(t, (http_stats_read(&s), s.open == 0),
				KTEST_WAIT_MS);
}

/* One request on a fresh connection, waited for. */
static bool fetch(struct ktest *t, struct http_client *c, const char *req)
{
	bool ok = http_client_open(t, c, req) &&
		  http_client_wait(t, c, ANSWER_WAIT_MS);

	http_client_close(c);
	return ok && server_idle(t);
}

/*
 * GET /metrics with a cgroup /http_metrics at memory.max 16M: a 200 in
 * format 0.0.4, whose Content-Length is the body's, that lists the
 * cgroup's limit and the root's unlimited one, and the global gauges.
 * A sample with the wrong label, pages for bytes or a cut body fails.
 */
static void http_metrics_served(struct ktest *t)
{
	static const char *const want[] = {
		"# TYPE oomlab_memcg_memory_max_bytes gauge\n",
		"\noomlab_memcg_memory_max_bytes{cgroup=\"/http_metrics\"} "
		"16777216\n",
		"\noomlab_memcg_memory_max_bytes{cgroup=\"/\"} +Inf\n",
		"\noomlab_memcg_memory_current_bytes{cgroup=\"/http_metrics\"} 0\n",
		"\n# TYPE oomlab_free_pages gauge\n",
		"\n# TYPE oomlab_oom_kills_total counter\n",
		"\noomlab_cpu_idle_seconds_total{cpu=\"0\"} ",
		"\noomlab_http_connections_open 1\n",
	};
	char length[48];
	struct cgroup *cg;

	KTEST_ASSERT_EQ(t, memcg_set_max_path("/http_metrics", "16M"), 0);
	if (!fetch(t, &client, "GET /metrics HTTP/1.0\r\n\r\n"))
		goto out;
	KTEST_EXPECT_EQ(t, http_client_status(&client), 200);
	KTEST_EXPECT(t, strstr(answer, "\r\nContent-Type: text/plain; "
			       "version=0.0.4; charset=utf-8\r\n"));
	snprintf(length, sizeof(length), "\r\nContent-Length: %zu\r\n",
		 strlen(http_client_body(&client)));
	KTEST_EXPECT(t, strstr(answer, length));
	for (size_t i = 0; i < ARRAY_SIZE(want); i++)
		if (!KTEST_EXPECT(t, strstr(http_client_body(&client),
					    want[i])))
			ktest_log(t, "missing '%s'", want[i]);
out:
	cg = cgroup_lookup("/http_metrics");
	if (KTEST_EXPECT(t, cg)) {
		KTEST_EXPECT_EQ(t, cgroup_remove(cg), 0);
		cgroup_put(cg);
	}
}

struct refusal {
	const char *request;
	int status;
};

/* Each bad request gets its status, a body saying so, the counter of
 * that status moves by one, and the connection closes; 405 says what is
 * allowed. HEAD gets the
 * head alone. A server that answered 200 to POST, or never answered
 * an oversized head, fails here. */
static void http_refusals(struct ktest *t)
{
	static char big[HTTP_REQUEST_MAX + 100];
	const struct refusal refusals[] = {
		{ "GET /nothing HTTP/1.0\r\n\r\n", 404 },
		{ "POST /metrics HTTP/1.0\r\nContent-Length: 0\r\n\r\n", 405 },
		{ "GET /metrics HTTP/1.1\r\n\r\n", 400 },
		{ "\x16\x03\x01\x02\x01\r\n\r\n", 400 },
		{ "GET /metrics HTTP/3.0\r\n\r\n", 505 },
		{ big, 431 },
	};

	memset(big, 'x', sizeof(big) - 1);
	memcpy(big, "GET /metrics HTTP/1.0\r\nX-Pad: ", 30);
	for (size_t i = 0; i < ARRAY_SIZE(refusals); i++) {
		u64 before = http_responses(refusals[i].status);

		if (!fetch(t, &client, refusals[i].request))
			return;
		if (!KTEST_EXPECT_EQ(t, http_client_status(&client),
				     refusals[i].status))
			ktest_log(t, "request %zu", i);
		KTEST_EXPECT_EQ_U(t, http_responses(refusals[i].status),
				  before + 1);
		KTEST_EXPECT(t, client.closed);
		if (refusals[i].status == 405)
			KTEST_EXPECT(t, strstr(answer,
					       "\r\nAllow: GET, HEAD\r\n"));
	}
	if (!fetch(t, &client, "HEAD /metrics HTTP/1.0\r\n\r\n"))
		return;
	KTEST_EXPECT_EQ(t, http_client_status(&client), 200);
	KTEST_EXPECT_STREQ(t, http_client_body(&client), "");
	KTEST_EXPECT(t, strstr(answer, "\r\nContent-Length: "));
}

/* A line printed just before GET /log is in the answer. */
static void http_log_served(struct ktest *t)
{
	char marker[48];

	snprintf(marker, sizeof(marker), "http_log_served marker %llu\n",
		 (unsigned long long)ktime_get_ns());
	printk("# %s", marker);
	if (!fetch(t, &client, "GET /log HTTP/1.0\r\n\r\n"))
		return;
	KTEST_EXPECT_EQ(t, http_client_status(&client), 200);
	if (!KTEST_EXPECT(t, strstr(http_client_body(&client), marker)))
		ktest_log(t, "%llu bytes", (unsigned long long)client.len);
}

/* 256 KiB of /bench arrive whole and in order: the server's queueing
 * as the window opens and closes loses or repeats no segment. */
static void http_bench_served(struct ktest *t)
{
	const u64 bytes = 256 * 1024;
	const char *body;
	u64 head;

	if (!fetch(t, &client, "GET /bench?bytes=262144 HTTP/1.0\r\n\r\n"))
		return;
	KTEST_EXPECT_EQ(t, http_client_status(&client), 200);
	body = http_client_body(&client);
	head = body - answer;
	KTEST_EXPECT_EQ_U(t, client.len, head + bytes);
	for (u64 i = 0; head + i + 1 < sizeof(answer) && i < bytes; i++)
		if (!KTEST_EXPECT_EQ(t, body[i], http_bench_byte(i)))
			break;
}

/* The bounds the two timeout cases use: short, so a boot does not wait
 * seconds for them (the server checks once a second). */
#define TEST_TIMEOUT_MS		200

/* A request that never ends (a slowloris) gets 408 once the request
 * bound passed, and the connection is closed. */
static void http_slow_request(struct ktest *t)
{
	http_set_timeouts(TEST_TIMEOUT_MS, HTTP_STALL_TIMEOUT_MS);
	if (http_client_open(t, &client, "GET /metr")) {
		if (http_client_wait(t, &client, 4 * HTTP_REQUEST_TIMEOUT_MS))
			KTEST_EXPECT_EQ(t, http_client_status(&client), 408);
		http_client_close(&client);
	}
	http_set_timeouts(HTTP_REQUEST_TIMEOUT_MS, HTTP_STALL_TIMEOUT_MS);
	server_idle(t);
}

/* HTTP_MAX_CONNS clients holding half a request each fill the server:
 * one more gets 503 at once; then the others finish their requests
 * and each gets /metrics. */
static void http_busy(struct ktest *t)
{
	static char answers[HTTP_MAX_CONNS + 1][512];
	static struct http_client held[HTTP_MAX_CONNS + 1];
	unsigned int i, opened = 0;

	for (i = 0; i <= HTTP_MAX_CONNS; i++) {
		held[i] = (struct http_client){ .resp = answers[i],
						.keep = sizeof(answers[i]) };
		if (!http_client_open(t, &held[i], "GET /metrics HTTP/1.0\r\n"))
			goto out;
		opened++;
	}
	if (http_client_wait(t, &held[HTTP_MAX_CONNS], ANSWER_WAIT_MS))
		KTEST_EXPECT_EQ(t, http_client_status(&held[HTTP_MAX_CONNS]),
				503);
	for (i = 0; i < HTTP_MAX_CONNS; i++)
		http_client_send(&held[i], "\r\n");
	for (i = 0; i < HTTP_MAX_CONNS; i++)
		if (http_client_wait(t, &held[i], ANSWER_WAIT_MS))
			KTEST_EXPECT_EQ(t, http_client_status(&held[i]), 200);
out:
	for (i = 0; i < opened; i++)
		http_client_close(&held[i]);
	server_idle(t);
}

/* A client that asks for 4 MiB and never reads: its window shuts, the
 * server makes no progress and resets it after HTTP_STALL_TIMEOUT_MS,
 * and counts it. (The client may not see the reset: lwIP's window
 * probe moved the server's sequence number past the shut window, where
 * a reset is not accepted; what matters is that the server let go.) A
 * server that waited for the window forever would hold the slot, and
 * its share of lwIP's heap, for good. */
static void http_stalled_reader(struct ktest *t)
{
	static struct http_client stalled = { .stall = true };
	struct http_stats before;
	bool opened;

	http_stats_read(&before);
	http_set_timeouts(HTTP_REQUEST_TIMEOUT_MS, TEST_TIMEOUT_MS);
	opened = http_client_open(t, &stalled,
				  "GET /bench?bytes=4194304 HTTP/1.0\r\n\r\n");
	if (opened)
		ktest_wait_until(t, (http_stats_read(&after_stall),
				     after_stall.aborted > before.aborted),
				 4 * HTTP_STALL_TIMEOUT_MS);
	http_set_timeouts(HTTP_REQUEST_TIMEOUT_MS, HTTP_STALL_TIMEOUT_MS);
	if (!opened)
		return;
	http_client_close(&stalled);
	server_idle(t);
	KTEST_EXPECT_EQ_U(t, after_stall.aborted, before.aborted + 1);
	KTEST_EXPECT_LT_U(t, stalled.len, 4194304);
}

/* Set by the runner on a boot with a card (tools/oomlab/metrics.py). */
static bool metrics_test;
KPARAM_BOOL(net_metrics_test, "net.metrics_test", &metrics_test,
	    "run http_host_fetch: a host peer fetches /metrics (runner only)");

/*
 * The host fetches through QEMU's hostfwd: once eth0 has its address
 * the case says "# metrics_ready PORT" and waits for what the runner
 * then sends: GET /metrics, HEAD /metrics, GET /log, a 404, a 405 and
 * a 431. The host checks the bodies (promtool and its own parse); here
 * every answer must have been sent and every connection let go.
 */
static void http_host_fetch(struct ktest *t)
{
	static const int want[] = { 200, 200, 200, 404, 405, 431 };
	struct netdev *dev = netdev_get(0);
	u64 before[ARRAY_SIZE(want)];

	if (!metrics_test)
		KTEST_SKIP(t, "no host peer (net.metrics_test=1)");
	if (!dev)
		KTEST_SKIP(t, "no NIC");
	if (!ktest_wait_until(t, __atomic_load_n(&dev->ipv4_addr,
						 __ATOMIC_ACQUIRE),
			      DHCP_WAIT_MS))
		return;
	for (size_t i = 0; i < ARRAY_SIZE(want); i++)
		before[i] = http_responses(want[i]);
	printk("# metrics_ready %u\n", http_port());
	ktest_wait_until(t, http_responses(200) >= before[0] + 3 &&
			    http_responses(404) > before[3] &&
			    http_responses(405) > before[4] &&
			    http_responses(431) > before[5],
			 HOST_WAIT_MS);
	server_idle(t);
}

KTEST_SUITE(http,
	KTEST_CASE(http_metrics_served),
	KTEST_CASE(http_refusals),
	KTEST_CASE(http_log_served),
	KTEST_CASE(http_bench_served),
	KTEST_CASE(http_slow_request),
	KTEST_CASE(http_busy),
	KTEST_CASE(http_stalled_reader),
	KTEST_CASE(http_host_fetch));
