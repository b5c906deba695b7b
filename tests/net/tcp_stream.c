// SPDX-License-Identifier: MIT
/*
 * A TCP stream over loopback (tests/net/tcp_stream.h). Every lwIP call
 * runs in the tcpip thread: the setup and the teardown through
 * net_run(), the rest in lwIP's callbacks. The client writes as much
 * as the send buffer takes and continues from the sent callback.
 */
#include "kernel/completion.h"
#include "kernel/time.h"
#include "lib/string.h"
#include "lwip/tcp.h"
#include "net/internal.h"
#include "tests/net/tcp_stream.h"

struct stream {
	struct tcp_pcb *listener, *server, *client;	/* [x] */
	u16 port;					/* [I] */
	u32 bytes, sent;				/* [x] */
	struct tcp_stream res;				/* [x] */
	struct completion done;
	err_t err;
};

u8 tcp_stream_byte(u32 i)
{
	return (u8)(i * 7 + (i >> 8));
}

static void stream_push(struct stream *c)
{
	u8 chunk[1024];

	while (c->sent < c->bytes) {
		u32 n = MIN((u32)sizeof(chunk), c->bytes - c->sent);

		n = MIN(n, (u32)tcp_sndbuf(c->client));
		if (!n)
			break;
		for (u32 i = 0; i < n; i++)
			chunk[i] = tcp_stream_byte(c->sent + i);
		if (tcp_write(c->client, chunk, (u16_t)n, TCP_WRITE_FLAG_COPY))
			break;
		c->sent += n;
	}
	tcp_output(c->client);
	if (c->sent == c->bytes) {
		tcp_sent(c->client, NULL);
		tcp_close(c->client);
		c->client = NULL;
	}
}

static err_t stream_sent(void *arg, struct tcp_pcb *pcb, u16_t len)
{
	stream_push(arg);
	return ERR_OK;
}

static err_t stream_connected(void *arg, struct tcp_pcb *pcb, err_t err)
{
	tcp_sent(pcb, stream_sent);
	stream_push(arg);
	return ERR_OK;
}

static err_t stream_recv(void *arg, struct tcp_pcb *pcb, struct pbuf *p,
			 err_t err)
{
	struct stream *c = arg;

	if (!p) {
		c->res.closed = true;
		tcp_close(pcb);
		c->server = NULL;
		complete(&c->done);
		return ERR_OK;
	}
	for (struct pbuf *q = p; q; q = q->next)
		for (u16_t i = 0; i < q->len; i++)
			if (((u8 *)q->payload)[i] !=
			    tcp_stream_byte(c->res.received++))
				c->res.mismatches++;
	tcp_recved(pcb, p->tot_len);
	pbuf_free(p);
	return ERR_OK;
}

static err_t stream_accept(void *arg, struct tcp_pcb *pcb, err_t err)
{
	struct stream *c = arg;

	c->server = pcb;
	tcp_arg(pcb, c);
	tcp_recv(pcb, stream_recv);
	return ERR_OK;
}

static void stream_start(void *arg)
{
	static const ip_addr_t loopback = IPADDR4_INIT_BYTES(127, 0, 0, 1);
	struct stream *c = arg;
	struct tcp_pcb *l = tcp_new();

	c->err = ERR_MEM;
	if (!l)
		return;
	c->err = tcp_bind(l, &loopback, c->port);
	if (c->err) {
		tcp_close(l);
		return;
	}
	c->listener = tcp_listen(l);
	c->client = tcp_new();
	if (!c->listener || !c->client) {
		c->err = ERR_MEM;
		return;
	}
	tcp_arg(c->listener, c);
	tcp_accept(c->listener, stream_accept);
	tcp_arg(c->client, c);
	c->err = tcp_connect(c->client, &loopback, c->port,
			     stream_connected);
}

static void stream_end(void *arg)
{
	struct stream *c = arg;

	if (c->client)
		tcp_abort(c->client);
	if (c->server)
		tcp_abort(c->server);
	if (c->listener)
		tcp_close(c->listener);
}

/**
 * tcp_stream_loopback - send @bytes over a TCP connection to 127.0.0.1.
 * @t: the case; a setup error or a wait past @timeout_ms fails it
 * @port: the listener's port
 * @bytes: how much the client sends before it closes
 * @timeout_ms: bound on the whole stream
 * @out: what the server saw, and the time it took
 *
 * Context: process context, not the tcpip thread; may sleep.
 * Return: true when the stream ended (check @out), false on failure.
 */
bool tcp_stream_loopback(struct ktest *t, u16 port, u32 bytes,
			 unsigned int timeout_ms, struct tcp_stream *out)
{
	struct stream c = { .port = port, .bytes = bytes };
	u64 start = ktime_get_ns();
	bool ok;

	init_completion(&c.done);
	net_run(stream_start, &c);
	ok = KTEST_EXPECT_EQ(t, c.err, ERR_OK) &&
	     ktest_wait_completion(t, &c.done, timeout_ms);
	c.res.ns = ktime_get_ns() - start;
	net_run(stream_end, &c);
	*out = c.res;
	return ok;
}
