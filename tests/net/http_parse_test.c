// SPDX-License-Identifier: MIT
/*
 * The metrics server's request judge: each request head gets the
 * verdict RFC 9110/9112 give it, whole or split anywhere, and nothing
 * is decided before the head is complete or past HTTP_REQUEST_MAX.
 */
#include "kernel/ktest.h"
#include "lib/string.h"
#include "net/http_parse.h"

struct verdict_case {
	const char *head;
	int status;
	enum http_route route;
};

static const struct verdict_case verdicts[] = {
	{ "GET /metrics HTTP/1.0\r\n\r\n", 0, HTTP_ROUTE_METRICS },
	{ "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n", 0, HTTP_ROUTE_METRICS },
	{ "GET /metrics?x=1 HTTP/1.1\nhOsT:x\n\n", 0, HTTP_ROUTE_METRICS },
	{ "HEAD /log HTTP/1.0\r\n\r\n", 0, HTTP_ROUTE_LOG },
	{ "GET /bench?bytes=10 HTTP/1.0\r\n\r\n", 0, HTTP_ROUTE_BENCH },
	{ "GET /bench HTTP/1.0\r\n\r\n", 0, HTTP_ROUTE_BENCH },
	{ "GET / HTTP/1.0\r\n\r\n", 404, HTTP_ROUTE_NONE },
	{ "GET /metricsx HTTP/1.0\r\n\r\n", 404, HTTP_ROUTE_NONE },
	{ "GET /metrics/ HTTP/1.0\r\n\r\n", 404, HTTP_ROUTE_NONE },
	{ "POST /metrics HTTP/1.0\r\n\r\n", 405, HTTP_ROUTE_NONE },
	{ "get /metrics HTTP/1.0\r\n\r\n", 405, HTTP_ROUTE_NONE },
	{ "GET /metrics HTTP/1.1\r\n\r\n", 400, HTTP_ROUTE_NONE },
	{ "GET /metrics HTTP/2.0\r\n\r\n", 505, HTTP_ROUTE_NONE },
	{ "GET /metrics HTTP/1.2\r\n\r\n", 505, HTTP_ROUTE_NONE },
	{ "GET /metrics HTTQ/1.0\r\n\r\n", 400, HTTP_ROUTE_NONE },
	{ "GET  /metrics HTTP/1.0\r\n\r\n", 400, HTTP_ROUTE_NONE },
	{ "GET /metrics\r\n\r\n", 400, HTTP_ROUTE_NONE },
	{ "GET metrics HTTP/1.0\r\n\r\n", 400, HTTP_ROUTE_NONE },
	{ "G(T /metrics HTTP/1.0\r\n\r\n", 400, HTTP_ROUTE_NONE },
	{ "GET /metrics HTTP/1.0\r\nno colon\r\n\r\n", 400, HTTP_ROUTE_NONE },
	{ "GET /metrics HTTP/1.0\r\n: x\r\n\r\n", 400, HTTP_ROUTE_NONE },
	{ "GET /bench?bytes=x HTTP/1.0\r\n\r\n", 400, HTTP_ROUTE_BENCH },
	{ "GET /bench?bytes=268435457 HTTP/1.0\r\n\r\n", 400,
	  HTTP_ROUTE_BENCH },
	{ "GET /aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	  " HTTP/1.0\r\n\r\n", 414, HTTP_ROUTE_NONE },
};

/* Every head above, whole: its status and route. A judge that served
 * POST, missed the 1.1 Host rule or matched "/metrics" as a prefix
 * fails here. */
static void http_parse_verdicts(struct ktest *t)
{
	struct http_request req;

	for (size_t i = 0; i < ARRAY_SIZE(verdicts); i++) {
		const struct verdict_case *c = &verdicts[i];

		if (!KTEST_EXPECT(t, http_parse_request(c->head,
							strlen(c->head),
							&req)))
			continue;
		if (!KTEST_EXPECT_EQ(t, req.status, c->status) ||
		    !KTEST_EXPECT_EQ(t, req.route, c->route))
			ktest_log(t, "head %zu: '%s'", i, c->head);
	}
	http_parse_request("GET /bench?bytes=10 HTTP/1.0\r\n\r\n", 33, &req);
	KTEST_EXPECT_EQ_U(t, req.bench_bytes, 10);
	http_parse_request("HEAD /bench HTTP/1.0\r\n\r\n", 24, &req);
	KTEST_EXPECT(t, req.head);
	KTEST_EXPECT_EQ_U(t, req.bench_bytes, HTTP_BENCH_DEFAULT);
}

/* Every proper prefix of a good head is "wait for more", and so is a
 * head of HTTP_REQUEST_MAX - 1 bytes with no end; one byte more is 431.
 * A judge that answered a partial request line (a slow client's first
 * segment) fails here. */
static void http_parse_incomplete(struct ktest *t)
{
	static const char head[] = "GET /metrics HTTP/1.1\r\nHost: a\r\n\r\n";
	static char big[HTTP_REQUEST_MAX + 16];
	struct http_request req;

	for (size_t n = 0; n < sizeof(head) - 1; n++)
		if (!KTEST_EXPECT(t, !http_parse_request(head, n, &req)))
			ktest_log(t, "decided on %zu bytes", n);
	memset(big, 'a', sizeof(big));
	memcpy(big, "GET / HTTP/1.0\r\nX: ", 19);
	KTEST_EXPECT(t, !http_parse_request(big, HTTP_REQUEST_MAX - 1, &req));
	KTEST_ASSERT(t, http_parse_request(big, HTTP_REQUEST_MAX, &req));
	KTEST_EXPECT_EQ(t, req.status, 431);
	KTEST_ASSERT(t, http_parse_request(big, sizeof(big), &req));
	KTEST_EXPECT_EQ(t, req.status, 431);
}

static void http_parse_reasons(struct ktest *t)
{
	KTEST_EXPECT_STREQ(t, http_reason(200), "OK");
	KTEST_EXPECT_STREQ(t, http_reason(405), "Method Not Allowed");
	KTEST_EXPECT_STREQ(t, http_reason(431),
			   "Request Header Fields Too Large");
	KTEST_EXPECT_EQ(t, http_bench_byte(0), 'a');
	KTEST_EXPECT_EQ(t, http_bench_byte(27), 'b');
}

KTEST_SUITE(http_parse,
	KTEST_CASE(http_parse_verdicts),
	KTEST_CASE(http_parse_incomplete),
	KTEST_CASE(http_parse_reasons));
