/* SPDX-License-Identifier: MIT */
/*
 * HTTP/1.0 and 1.1 requests (net/http_parse.c), as the metrics server
 * (net/http.c) reads them: pure, no kernel state, tested on the host.
 * A request is judged once its head (request line and headers, up to
 * the empty line) is all there or has outgrown HTTP_REQUEST_MAX; the
 * verdict is either a route to serve or the status code that refuses
 * it, chosen as Linux-world servers choose them (RFC 9110/9112): 400 for
 * a malformed head, 405 for a method other than GET and HEAD, 414 for
 * a path longer than HTTP_PATH_MAX, 431 for a head past the bound, 505
 * for another protocol version.
 */
#ifndef NET_HTTP_PARSE_H
#define NET_HTTP_PARSE_H

#include "lib/types.h"

#define HTTP_REQUEST_MAX	2048	/* bytes of request head we keep */
#define HTTP_PATH_MAX		64	/* bytes of path, query excluded */
#define HTTP_BENCH_DEFAULT	(8ULL << 20)	/* /bench's body */
#define HTTP_BENCH_MAX		(256ULL << 20)

enum http_route {
	HTTP_ROUTE_METRICS,	/* /metrics: the Prometheus text */
	HTTP_ROUTE_LOG,		/* /log: the kernel log ring */
	HTTP_ROUTE_BENCH,	/* /bench?bytes=N: N bytes of a pattern */
	HTTP_ROUTE_NONE,	/* anything else: 404 */
};

struct http_request {
	bool head;		/* HEAD: the headers only */
	enum http_route route;
	u64 bench_bytes;	/* /bench's length */
	int status;		/* 0: serve route; else the refusal */
};

bool http_parse_request(const char *buf, size_t len,
		       struct http_request *req);
const char *http_reason(int status);
u8 http_bench_byte(u64 i);

#endif
