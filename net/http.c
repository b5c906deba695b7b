// SPDX-License-Identifier: MIT
/*
 * The metrics server (net/http.h) on lwIP's raw TCP API. Everything
 * here runs in the tcpip thread, in lwIP's callbacks: accept takes a
 * free slot (or answers 503 from a constant and closes), receive
 * gathers the request head into the slot until net/http_parse.c can
 * judge it, and the answer is queued as the send buffer opens, from
 * the sent and poll callbacks, never waiting: a client that reads
 * slowly costs its own slot's time, not the thread's. The connection
 * is closed once every byte of the answer was acknowledged, so no
 * answer is left in lwIP's heap behind a closed connection; the poll
 * callback (every second) enforces the request and stall bounds.
 *
 * Locking: [x] the tcpip thread; [I] set at boot; [a] atomic.
 */
#include "kernel/cmdline.h"
#include "kernel/ktest.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/time.h"
#include "lib/errno.h"
#include "lib/format.h"
#include "lib/string.h"
#include "lwip/sys.h"
#include "lwip/tcp.h"
#include "mm/page_alloc.h"
#include "net/http.h"
#include "net/http_parse.h"
#include "net/internal.h"
#include "net/metrics.h"
#include "net/metrics_text.h"

#define HTTP_OUT_ORDER	4	/* 64 KiB per slot: head and /metrics */
#define HTTP_OUT_SIZE	(PAGE_SIZE << HTTP_OUT_ORDER)
#define HTTP_HEAD_MAX	256	/* room for the head before the body */
#define HTTP_LOG_MAX	(128 * 1024)	/* /log: a ring's worth, and some */
#define HTTP_POLL_TICKS	2	/* poll every 2 x 500 ms */
#define HTTP_BUSY_POLL_TICKS 10	/* a refused client: reset after 5 s */

const int http_codes[HTTP_NR_CODES] = {
	200, 400, 404, 405, 408, 414, 431, 503, 505,
};

static u64 metrics_port = HTTP_DEFAULT_PORT;
KPARAM_UINT(net_metrics_port, "net.metrics_port", &metrics_port, 1, 65535,
	    "TCP port of the metrics server (/metrics, /log)");

/* What follows the in-memory part of an answer. */
enum http_tail {
	HTTP_TAIL_NONE,
	HTTP_TAIL_BENCH,	/* /bench's pattern, generated */
	HTTP_TAIL_LOG,		/* the log ring, read as it goes */
};

struct http_conn {
	struct tcp_pcb *pcb;		/* [x] NULL: the slot is free */
	char *out;			/* [I] HTTP_OUT_SIZE bytes */
	char req[HTTP_REQUEST_MAX];	/* [x] the request head so far */
	size_t req_len;			/* [x] */
	bool answered;			/* [x] the request was judged */
	const char *data;		/* [x] head (and body) left to queue */
	size_t data_len;		/* [x] */
	enum http_tail tail;		/* [x] */
	u64 tail_left;			/* [x] tail bytes left to queue */
	u64 tail_pos;			/* [x] /bench offset or log position */
	u32 accepted_ms;		/* [x] sys_now() at accept */
	u64 answered_ns;		/* [x] when the request was judged */
	u32 progress_ms;		/* [x] the last byte queued or acked */
};

static struct http_conn conns[HTTP_MAX_CONNS];	/* [x] */
static struct tcp_pcb *listener;		/* [x] */
static u8 stage[TCP_MSS];			/* [x] a generated segment */
static struct http_stats stats;			/* [a] */
static u32 request_timeout_ms = HTTP_REQUEST_TIMEOUT_MS;	/* [a] */
static u32 stall_timeout_ms = HTTP_STALL_TIMEOUT_MS;		/* [a] */

static const char http_busy[] =
	"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n"
	"Connection: close\r\n\r\n";

static void http_count(int code)
{
	for (unsigned int i = 0; i < HTTP_NR_CODES; i++)
		if (http_codes[i] == code)
			__atomic_fetch_add(&stats.responses[i], 1,
					   __ATOMIC_RELAXED);
}

/* Detach @c from its pcb and free the slot. */
static void http_release(struct http_conn *c)
{
	tcp_arg(c->pcb, NULL);
	tcp_recv(c->pcb, NULL);
	tcp_sent(c->pcb, NULL);
	tcp_err(c->pcb, NULL);
	tcp_poll(c->pcb, NULL, 0);
	c->pcb = NULL;
	__atomic_fetch_sub(&stats.open, 1, __ATOMIC_RELAXED);
}

/* Reset the connection. Return: ERR_ABRT, for the callback to return. */
static err_t http_abort(struct http_conn *c)
{
	struct tcp_pcb *pcb = c->pcb;

	http_release(c);
	tcp_abort(pcb);
	return ERR_ABRT;
}

/* Close after the answer; a close lwIP cannot queue now is a reset. */
static err_t http_close(struct http_conn *c)
{
	struct tcp_pcb *pcb = c->pcb;

	http_release(c);
	if (tcp_close(pcb) == ERR_OK)
		return ERR_OK;
	tcp_abort(pcb);
	return ERR_ABRT;
}

/* The piece of the tail at tail_pos, at most @room bytes, into stage
 * (the caller moves tail_pos past what it queued). Return: its length;
 * 0 when the tail is over. */
static u16 http_tail_fill(struct http_conn *c, u16 room)
{
	u64 n = MIN(MIN((u64)room, c->tail_left), (u64)sizeof(stage));
	long got;

	if (!n)
		return 0;
	if (c->tail == HTTP_TAIL_BENCH) {
		for (u64 i = 0; i < n; i++)
			stage[i] = http_bench_byte(c->tail_pos + i);
		return n;
	}
	got = printk_ring_read_at(&c->tail_pos, (char *)stage, n);
	if (got == -EPIPE)	/* overwritten meanwhile: from the oldest */
		got = printk_ring_read_at(&c->tail_pos, (char *)stage, n);
	if (got <= 0)
		c->tail_left = 0;
	return got > 0 ? got : 0;
}

/* Queue as much of the answer as lwIP takes now; what it has no memory
 * for waits for the next sent or poll callback. */
static void http_queue(struct http_conn *c)
{
	struct tcp_pcb *pcb = c->pcb;
	u16 room, n;

	while ((room = tcp_sndbuf(pcb)) > 0 &&
	       tcp_sndqueuelen(pcb) < TCP_SND_QUEUELEN / 2) {
		if (c->data_len) {
			n = MIN((size_t)MIN(room, TCP_MSS), c->data_len);
			if (tcp_write(pcb, c->data, n, TCP_WRITE_FLAG_COPY))
				break;
			c->data += n;
			c->data_len -= n;
		} else {
			n = http_tail_fill(c, MIN(room, TCP_MSS));
			if (!n)
				break;
			if (tcp_write(pcb, stage, n, TCP_WRITE_FLAG_COPY))
				break;	/* the same piece, later */
			c->tail_left -= n;
			c->tail_pos += n;
		}
		c->progress_ms = sys_now();
	}
	tcp_output(pcb);
}

/* Everything queued and acknowledged: the answer is over. */
static bool http_done(const struct http_conn *c)
{
	return c->answered && !c->data_len && !c->tail_left &&
	       !c->pcb->unsent && !c->pcb->unacked;
}

/* A /bench answer is over: its figures, for the benchmark. */
static void http_bench_done(const struct http_conn *c)
{
	if (c->tail != HTTP_TAIL_BENCH)
		return;
	__atomic_store_n(&stats.bench_bytes, c->tail_pos, __ATOMIC_RELAXED);
	__atomic_store_n(&stats.bench_ns, ktime_get_ns() - c->answered_ns,
			 __ATOMIC_RELEASE);
}

/* Queue more; close once all of it was acknowledged. */
static err_t http_push(struct http_conn *c)
{
	http_queue(c);
	if (!http_done(c))
		return ERR_OK;
	http_bench_done(c);
	return http_close(c);
}

/* The head of an answer, written just before @body (which has
 * HTTP_HEAD_MAX bytes of room in front of it). */
static void http_head(struct http_conn *c, int status, const char *type,
		      const char *body, u64 len, bool has_len)
{
	char head[HTTP_HEAD_MAX];
	int n;

	n = snprintf(head, sizeof(head), "HTTP/1.1 %d %s\r\n"
		     "Content-Type: %s\r\n%s", status, http_reason(status),
		     type, status == 405 ? "Allow: GET, HEAD\r\n" : "");
	if (has_len)
		n += snprintf(head + n, sizeof(head) - n,
			      "Content-Length: %llu\r\n",
			      (unsigned long long)len);
	n += snprintf(head + n, sizeof(head) - n,
		      "Connection: close\r\n\r\n");
	c->data = body - n;
	memcpy((char *)c->data, head, n);
	c->data_len = n;
}

/* Judge nothing more: queue the answer to @req. */
static void http_answer(struct http_conn *c, const struct http_request *req)
{
	char *body = c->out + HTTP_HEAD_MAX;
	size_t cap = HTTP_OUT_SIZE - HTTP_HEAD_MAX;
	int status = req->status ? req->status : 200;
	u64 len = 0;

	c->answered = true;
	c->answered_ns = ktime_get_ns();
	c->tail = HTTP_TAIL_NONE;
	c->tail_left = 0;
	if (status != 200) {
		len = snprintf(body, cap, "%d %s\n", status,
			       http_reason(status));
		http_head(c, status, "text/plain; charset=utf-8", body, len,
			  true);
	} else if (req->route == HTTP_ROUTE_METRICS) {
		len = metrics_render(body, cap);
		http_head(c, 200, METRICS_CONTENT_TYPE, body, len, true);
	} else if (req->route == HTTP_ROUTE_BENCH) {
		c->tail = HTTP_TAIL_BENCH;
		c->tail_left = req->bench_bytes;
		c->tail_pos = 0;
		http_head(c, 200, "application/octet-stream", body,
			  req->bench_bytes, true);
	} else {
		c->tail = HTTP_TAIL_LOG;
		c->tail_left = HTTP_LOG_MAX;
		c->tail_pos = 0;	/* -EPIPE: from the oldest byte */
		http_head(c, 200, "text/plain; charset=utf-8", body, 0, false);
	}
	if (req->head)
		c->tail_left = 0;
	else
		c->data_len += len;
	http_count(status);
}

static err_t http_recv(void *arg, struct tcp_pcb *pcb, struct pbuf *p,
		       err_t err)
{
	struct http_conn *c = arg;
	struct http_request req;
	size_t n;

	if (!p)		/* the client closed its side */
		return c->answered ? ERR_OK : http_close(c);
	tcp_recved(pcb, p->tot_len);
	if (!c->answered) {
		n = MIN((size_t)p->tot_len, sizeof(c->req) - c->req_len);
		pbuf_copy_partial(p, c->req + c->req_len, n, 0);
		c->req_len += n;
	}
	pbuf_free(p);
	if (c->answered || !http_parse_request(c->req, c->req_len, &req))
		return ERR_OK;	/* a body or a pipelined request: ignored */
	http_answer(c, &req);
	return http_push(c);
}

static err_t http_sent(void *arg, struct tcp_pcb *pcb, u16_t len)
{
	struct http_conn *c = arg;

	c->progress_ms = sys_now();
	return http_push(c);
}

/* Every second: the request bound, the stall bound, and another try
 * at what lwIP had no memory for. */
static err_t http_poll(void *arg, struct tcp_pcb *pcb)
{
	struct http_conn *c = arg;
	struct http_request timeout = { .status = 408 };
	u32 now = sys_now();

	if (!c->answered) {
		if (now - c->accepted_ms <
		    __atomic_load_n(&request_timeout_ms, __ATOMIC_RELAXED))
			return ERR_OK;
		http_answer(c, &timeout);
	} else if (now - c->progress_ms >=
		   __atomic_load_n(&stall_timeout_ms, __ATOMIC_RELAXED)) {
		__atomic_fetch_add(&stats.aborted, 1, __ATOMIC_RELAXED);
		return http_abort(c);
	}
	return http_push(c);
}

/* lwIP freed the pcb (a reset, or its own timers gave up). */
static void http_error(void *arg, err_t err)
{
	struct http_conn *c = arg;

	c->pcb = NULL;
	__atomic_fetch_sub(&stats.open, 1, __ATOMIC_RELAXED);
}

static struct http_conn *http_free_slot(void)
{
	for (unsigned int i = 0; i < HTTP_MAX_CONNS; i++)
		if (!conns[i].pcb)
			return &conns[i];
	return NULL;
}

/* A connection past HTTP_MAX_CONNS: its request is read and thrown away
 * (closing with unread data would reset it, and the 503 with it) until
 * the client closes, or the next poll (HTTP_BUSY_POLL_TICKS) resets it. */
static err_t http_busy_recv(void *arg, struct tcp_pcb *pcb, struct pbuf *p,
			    err_t err)
{
	if (!p) {
		if (tcp_close(pcb) == ERR_OK)
			return ERR_OK;
		tcp_abort(pcb);
		return ERR_ABRT;
	}
	tcp_recved(pcb, p->tot_len);
	pbuf_free(p);
	return ERR_OK;
}

static err_t http_busy_poll(void *arg, struct tcp_pcb *pcb)
{
	tcp_abort(pcb);
	return ERR_ABRT;
}

/* 503 and a FIN, from no slot: nothing of the server's is held. */
static err_t http_refuse(struct tcp_pcb *pcb)
{
	http_count(503);
	tcp_recv(pcb, http_busy_recv);
	tcp_poll(pcb, http_busy_poll, HTTP_BUSY_POLL_TICKS);
	if (tcp_write(pcb, http_busy, sizeof(http_busy) - 1,
		      TCP_WRITE_FLAG_COPY) || tcp_shutdown(pcb, 0, 1)) {
		tcp_abort(pcb);
		return ERR_ABRT;
	}
	return ERR_OK;
}

static err_t http_accept(void *arg, struct tcp_pcb *pcb, err_t err)
{
	struct http_conn *c;

	if (err != ERR_OK || !pcb)
		return ERR_VAL;
	c = http_free_slot();
	if (!c)
		return http_refuse(pcb);
	c->pcb = pcb;
	c->req_len = 0;
	c->answered = false;
	c->data_len = 0;
	c->tail_left = 0;
	c->accepted_ms = c->progress_ms = sys_now();
	__atomic_fetch_add(&stats.open, 1, __ATOMIC_RELAXED);
	tcp_arg(pcb, c);
	tcp_recv(pcb, http_recv);
	tcp_sent(pcb, http_sent);
	tcp_err(pcb, http_error);
	tcp_poll(pcb, http_poll, HTTP_POLL_TICKS);
	return ERR_OK;
}

static void http_listen(void *arg)
{
	struct tcp_pcb *pcb = tcp_new();

	if (!pcb || tcp_bind(pcb, IP4_ADDR_ANY, metrics_port) != ERR_OK)
		goto fail;
	listener = tcp_listen(pcb);
	if (!listener)
		goto fail;
	tcp_accept(listener, http_accept);
	return;
fail:
	if (pcb)
		tcp_close(pcb);
}

/**
 * http_start - set the slots' buffers aside and listen on
 * net.metrics_port= (80).
 *
 * Context: boot, after the tcpip thread started; may sleep.
 */
void http_start(void)
{
	for (unsigned int i = 0; i < HTTP_MAX_CONNS; i++) {
		conns[i].out = __get_free_pages(GFP_KERNEL, HTTP_OUT_ORDER);
		if (!conns[i].out)
			panic("http: no memory for the metrics server");
	}
	net_run(http_listen, NULL);
	if (!listener) {
		pr_err("http: cannot listen on port %u\n",
		       (unsigned int)metrics_port);
		return;
	}
	pr_info("http: metrics server on port %u (/metrics, /log)\n",
		(unsigned int)metrics_port);
}

/**
 * http_port - the port the metrics server listens on.
 *
 * Context: any.
 * Return: net.metrics_port=, 80 by default.
 */
u16 http_port(void)
{
	return metrics_port;
}

/**
 * http_stats_read - the server's counters.
 * @out: filled in
 *
 * Context: any.
 */
void http_stats_read(struct http_stats *out)
{
	for (unsigned int i = 0; i < HTTP_NR_CODES; i++)
		out->responses[i] = __atomic_load_n(&stats.responses[i],
						    __ATOMIC_RELAXED);
	out->aborted = __atomic_load_n(&stats.aborted, __ATOMIC_RELAXED);
	out->open = __atomic_load_n(&stats.open, __ATOMIC_RELAXED);
	out->bench_ns = __atomic_load_n(&stats.bench_ns, __ATOMIC_ACQUIRE);
	out->bench_bytes = __atomic_load_n(&stats.bench_bytes,
					   __ATOMIC_RELAXED);
}

/**
 * http_responses - answers sent with status @code so far.
 * @code: one of http_codes[]
 *
 * Context: any.
 * Return: the count; 0 for a code the server never sends.
 */
u64 http_responses(int code)
{
	for (unsigned int i = 0; i < HTTP_NR_CODES; i++)
		if (http_codes[i] == code)
			return __atomic_load_n(&stats.responses[i],
					       __ATOMIC_RELAXED);
	return 0;
}

static u64 http_open_read(void)
{
	return __atomic_load_n(&stats.open, __ATOMIC_RELAXED);
}
KTEST_INVARIANT(http_connections, http_open_read);

/**
 * http_set_timeouts - change the request and stall bounds.
 * @request_ms: a whole request must arrive within this (408 after)
 * @stall_ms: a client may keep its window shut this long (reset after)
 *
 * For tests, which would otherwise wait seconds per case; the defaults
 * are HTTP_REQUEST_TIMEOUT_MS and HTTP_STALL_TIMEOUT_MS.
 * Context: any.
 */
void http_set_timeouts(u32 request_ms, u32 stall_ms)
{
	__atomic_store_n(&request_timeout_ms, request_ms, __ATOMIC_RELAXED);
	__atomic_store_n(&stall_timeout_ms, stall_ms, __ATOMIC_RELAXED);
}
