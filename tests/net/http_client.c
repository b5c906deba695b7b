// SPDX-License-Identifier: MIT
/*
 * The metrics server's test client (tests/net/http_client.h). The
 * callbacks run in the tcpip thread and only record; the test's thread
 * waits on the completions with a bound.
 */
#include "lib/kstrtox.h"
#include "lib/string.h"
#include "lwip/tcp.h"
#include "net/http.h"
#include "net/internal.h"
#include "tests/net/http_client.h"

static const ip_addr_t loopback = IPADDR4_INIT_BYTES(127, 0, 0, 1);

static void client_write(struct http_client *c, const char *piece)
{
	if (c->pcb && piece && *piece) {
		tcp_write(c->pcb, piece, strlen(piece), TCP_WRITE_FLAG_COPY);
		tcp_output(c->pcb);
	}
}

static err_t client_recv(void *arg, struct tcp_pcb *pcb, struct pbuf *p,
			 err_t err)
{
	struct http_client *c = arg;
	u64 keep;

	if (!p) {
		c->closed = true;
		complete(&c->done);
		return ERR_OK;
	}
	if (c->len + 1 < c->keep) {
		keep = MIN((u64)p->tot_len, c->keep - 1 - c->len);
		pbuf_copy_partial(p, c->resp + c->len, keep, 0);
		c->resp[c->len + keep] = '\0';
	}
	c->len += p->tot_len;
	if (!c->stall)
		tcp_recved(pcb, p->tot_len);
	pbuf_free(p);
	return ERR_OK;
}

static void client_err(void *arg, err_t err)
{
	struct http_client *c = arg;

	c->pcb = NULL;
	c->reset = true;
	complete(&c->up);
	complete(&c->done);
}

static err_t client_connected(void *arg, struct tcp_pcb *pcb, err_t err)
{
	struct http_client *c = arg;

	c->connected = true;
	client_write(c, c->piece);
	complete(&c->up);
	return ERR_OK;
}

static void client_start(void *arg)
{
	struct http_client *c = arg;

	c->pcb = tcp_new();
	if (!c->pcb) {
		complete(&c->up);
		return;
	}
	tcp_arg(c->pcb, c);
	tcp_recv(c->pcb, client_recv);
	tcp_err(c->pcb, client_err);
	if (tcp_connect(c->pcb, &loopback, http_port(), client_connected)) {
		tcp_abort(c->pcb);
		c->pcb = NULL;
		complete(&c->up);
	}
}

/**
 * http_client_open - connect to the metrics server on 127.0.0.1 and
 * send @first_piece.
 * @t: the case; a failed connection fails it
 * @c: the client: stall, resp and keep as the caller wants them
 * @first_piece: request bytes to send once connected ("" for none)
 *
 * Context: process context, not the tcpip thread; may sleep.
 * Return: whether the connection came up.
 */
bool http_client_open(struct ktest *t, struct http_client *c,
		      const char *first_piece)
{
	struct http_client set = { .stall = c->stall, .resp = c->resp,
				   .keep = c->keep };

	*c = set;
	if (c->keep)
		c->resp[0] = '\0';
	c->piece = first_piece;
	init_completion(&c->up);
	init_completion(&c->done);
	net_run(client_start, c);
	return ktest_wait_completion(t, &c->up, KTEST_WAIT_MS) &&
	       KTEST_EXPECT(t, c->connected);
}

static void client_send(void *arg)
{
	struct http_client *c = arg;

	client_write(c, c->piece);
}

/**
 * http_client_send - send more of the request.
 * @c: an open client
 * @piece: the bytes (a C string)
 *
 * Context: process context, not the tcpip thread; may sleep.
 */
void http_client_send(struct http_client *c, const char *piece)
{
	c->piece = piece;
	net_run(client_send, c);
}

/**
 * http_client_wait - wait until the server closed or reset.
 * @t: the case; a timeout fails it
 * @c: the client
 * @timeout_ms: the bound
 *
 * Context: process context, not the tcpip thread; may sleep.
 * Return: whether it ended within the bound.
 */
bool http_client_wait(struct ktest *t, struct http_client *c,
		      unsigned int timeout_ms)
{
	return ktest_wait_completion(t, &c->done, timeout_ms);
}

static void client_end(void *arg)
{
	struct http_client *c = arg;

	if (!c->pcb)
		return;
	tcp_arg(c->pcb, NULL);
	tcp_recv(c->pcb, NULL);
	tcp_err(c->pcb, NULL);
	if (tcp_close(c->pcb))
		tcp_abort(c->pcb);
	c->pcb = NULL;
}

/**
 * http_client_close - close the client's side (whatever the server did).
 * @c: the client
 *
 * Context: process context, not the tcpip thread; may sleep.
 */
void http_client_close(struct http_client *c)
{
	net_run(client_end, c);
}

/**
 * http_client_status - the status code of the answer.
 * @c: a client that got an answer
 *
 * Context: any.
 * Return: the code; -1 when the answer is no HTTP/1.1 status line.
 */
int http_client_status(const struct http_client *c)
{
	char code[4];
	int status;

	if (c->keep < 13 || c->len < 12 || memcmp(c->resp, "HTTP/1.1 ", 9))
		return -1;
	memcpy(code, c->resp + 9, 3);
	code[3] = '\0';
	return kstrtoint(code, 10, &status) ? -1 : status;
}

/**
 * http_client_body - the kept answer after its head.
 * @c: a client that got an answer
 *
 * Context: any.
 * Return: the body's start; "" when the head did not end.
 */
const char *http_client_body(const struct http_client *c)
{
	const char *end = c->keep ? strstr(c->resp, "\r\n\r\n") : NULL;

	return end ? end + 4 : "";
}
