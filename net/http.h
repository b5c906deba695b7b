/* SPDX-License-Identifier: MIT */
/*
 * The metrics server (net/http.c): HTTP/1.0 and 1.1 on TCP port 80
 * (net.metrics_port=), in the tcpip thread on lwIP's raw TCP API.
 * Routes: /metrics (Prometheus text, net/metrics.h), /log (the kernel
 * log ring, text/plain), /bench?bytes=N (N bytes of a pattern, for the
 * throughput benchmark); GET and HEAD; one request per connection
 * (Connection: close). HTTP_MAX_CONNS connections at once, each with
 * buffers set aside at boot, so a client costs no allocation: one more
 * gets 503 and is closed. A client that has not sent a whole request
 * within HTTP_REQUEST_TIMEOUT_MS gets 408; one that stops reading
 * (its window stays shut) for HTTP_STALL_TIMEOUT_MS is reset (tests
 * shorten both with http_set_timeouts(): the server checks them once a
 * second). Nothing
 * the server does waits: the tcpip thread only ever queues what fits.
 *
 * Locking: [a] atomic.
 */
#ifndef NET_HTTP_H
#define NET_HTTP_H

#include "lib/types.h"

#define HTTP_MAX_CONNS		4
#define HTTP_REQUEST_TIMEOUT_MS	3000
#define HTTP_STALL_TIMEOUT_MS	5000
#define HTTP_DEFAULT_PORT	80

/* The status codes the server sends, the index of http_stats.responses. */
#define HTTP_NR_CODES		9
extern const int http_codes[HTTP_NR_CODES];

struct http_stats {
	u64 responses[HTTP_NR_CODES];	/* [a] by http_codes[] */
	u64 aborted;			/* [a] reset for stalling */
	u64 open;			/* [a] connections held now */
	u64 bench_bytes;		/* [a] the last /bench answer done: */
	u64 bench_ns;			/* its body, and the time from its
					 * request to its last byte acked */
};

void http_start(void);
u16 http_port(void);
void http_stats_read(struct http_stats *out);
void http_set_timeouts(u32 request_ms, u32 stall_ms);
u64 http_responses(int code);

#endif
