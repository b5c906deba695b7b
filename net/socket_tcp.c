// SPDX-License-Identifier: MIT
/*
 * TCP sockets on lwIP's raw TCP API (net/socket_internal.h says who
 * touches what). A caller's request runs in the tcpip thread through
 * net_run(); lwIP's callbacks (accept, connected, recv, sent, err)
 * change the socket there and wake sk->wq.
 *
 * The receive side is net/socket_tcp_recv.c.
 *
 * Send: a caller copies its bytes into pages (struct sock_chunk), each
 * charged to the socket's memcg in the caller's context, up to
 * sk->sndbuf; the tcpip thread moves them into lwIP's send buffer as it
 * frees up (on every ACK: the sent callback), so the stream is limited
 * by SO_SNDBUF, not by lwIP's TCP_SND_BUF.
 *
 * Close with unread bytes resets the connection (Linux's tcp_close():
 * data lost means RST); otherwise what is queued is still sent, then
 * FIN, while the socket lives on as an orphan of its file.
 */
#include "fs/file.h"
#include "fs/poll.h"
#include "kernel/signal.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "lwip/tcp.h"
#include "mm/memcg_sock.h"
#include "mm/page_alloc.h"
#include "net/internal.h"
#include "net/socket_internal.h"

/* Chunks a send builds before handing them over: 64 KiB a trip. */
#define SOCK_TCP_BATCH	16

static struct tcp_pcb *tcp_of(struct sock *sk)
{
	return sk->pcb;
}

static err_t tcp_on_sent(void *arg, struct tcp_pcb *pcb, u16_t len);
static void tcp_on_err(void *arg, err_t err);

/* Attach @sk's callbacks to @pcb; the pcb holds a reference. */
static void tcp_attach(struct sock *sk, struct tcp_pcb *pcb)
{
	sk->pcb = pcb;
	sock_get(sk);
	tcp_arg(pcb, sk);
	tcp_recv(pcb, sock_tcp_received);
	tcp_sent(pcb, tcp_on_sent);
	tcp_err(pcb, tcp_on_err);
	if (__atomic_load_n(&sk->nodelay, __ATOMIC_RELAXED))
		tcp_nagle_disable(pcb);
}

/* Let go of the pcb: lwIP will not call back; drop its reference. */
static void tcp_detach(struct sock *sk)
{
	struct tcp_pcb *pcb = tcp_of(sk);

	if (!pcb)
		return;
	tcp_arg(pcb, NULL);
	if (pcb->state != LISTEN) {
		tcp_recv(pcb, NULL);
		tcp_sent(pcb, NULL);
		tcp_err(pcb, NULL);
	}
	sk->pcb = NULL;
	sock_put(sk);
}

void sock_tcp_new(void *arg)
{
	struct sock_call *call = arg;
	struct tcp_pcb *pcb = tcp_new();

	call->ret = -ENOMEM;
	if (!pcb)
		return;
	tcp_attach(call->sk, pcb);
	call->ret = 0;
}

/* Free every received pbuf (the tcpip thread). */
static void tcp_rx_purge(struct sock *sk)
{
	if (sk->rx)
		pbuf_free(sk->rx);
	sk->rx = NULL;
	sk->rx_off = 0;
	__atomic_store_n(&sk->rx_bytes, 0, __ATOMIC_RELEASE);
}

static void tcp_tx_purge(struct sock *sk)
{
	struct sock_chunk *c, *n;

	list_for_each_entry_safe(c, n, &sk->txq, node)
		sock_chunk_free(sk, c);
}

/* The connection is gone (lwIP freed the pcb, or we abort it). */
static void tcp_gone(struct sock *sk, int err)
{
	if (err)
		sock_set_int(&sk->err, err);
	sock_set_int(&sk->state, SOCK_CLOSED);
	tcp_tx_purge(sk);
	__atomic_store_n(&sk->tx_unacked, 0, __ATOMIC_RELEASE);
	sock_account(sk);
	wake_up_all(&sk->wq);
}

/* lwIP freed the pcb: a reset, an abort, a retransmission timeout. */
static void tcp_on_err(void *arg, err_t err)
{
	struct sock *sk = arg;
	int e = err == ERR_RST ? ECONNRESET : err == ERR_ABRT ? ECONNABORTED :
		ETIMEDOUT;

	if (!sk)
		return;
	if (sk->state == SOCK_CONNECTING)
		e = err == ERR_RST ? ECONNREFUSED : e;
	sk->pcb = NULL;
	tcp_gone(sk, sk->orphan ? 0 : e);
	if (sk->orphan)
		tcp_rx_purge(sk);
	sock_account(sk);
	sock_put(sk);			/* the pcb's */
}

/* Orphaned and everything handed to lwIP: close; lwIP sends the rest. */
static void tcp_orphan_close(struct sock *sk)
{
	struct tcp_pcb *pcb = tcp_of(sk);

	if (!sk->orphan || !list_empty(&sk->txq) || !pcb)
		return;
	tcp_detach(sk);
	if (tcp_close(pcb) != ERR_OK)
		tcp_abort(pcb);
}

/* Move queued bytes into lwIP's send buffer while it has room. */
static void tcp_push(struct sock *sk)
{
	struct tcp_pcb *pcb = tcp_of(sk);
	struct sock_chunk *c;

	while (pcb && !list_empty(&sk->txq)) {
		u32 n;

		c = list_entry(sk->txq.next, struct sock_chunk, node);
		n = MIN(c->len - c->off, (u32)tcp_sndbuf(pcb));
		if (!n || tcp_write(pcb, c->data + c->off, (u16_t)n,
				    TCP_WRITE_FLAG_COPY) != ERR_OK)
			break;
		c->off += n;
		__atomic_store_n(&sk->tx_queued, sk->tx_queued - n,
				 __ATOMIC_RELEASE);
		__atomic_store_n(&sk->tx_unacked, sk->tx_unacked + n,
				 __ATOMIC_RELEASE);
		if (c->off == c->len)
			sock_chunk_free(sk, c);
	}
	if (pcb && sk->shut_wr && !sk->fin_sent && list_empty(&sk->txq)) {
		sk->fin_sent = true;	/* SHUT_WR: FIN after the data */
		tcp_shutdown(pcb, 0, 1);
	}
	if (pcb)
		tcp_output(pcb);
	sock_account(sk);
	wake_up_all(&sk->wq);
	tcp_orphan_close(sk);
}

static err_t tcp_on_sent(void *arg, struct tcp_pcb *pcb, u16_t len)
{
	struct sock *sk = arg;

	__atomic_store_n(&sk->tx_unacked, sk->tx_unacked - MIN(len,
			 sk->tx_unacked), __ATOMIC_RELEASE);
	tcp_push(sk);
	return ERR_OK;
}

/* A connection the listener's pcb made: a socket of its own, queued. */
static err_t tcp_on_accept(void *arg, struct tcp_pcb *pcb, err_t err)
{
	struct sock *l = arg;
	struct sock *sk;

	if (err != ERR_OK || !pcb || !l)
		return ERR_VAL;
	sk = l->acc_len > l->backlog ? NULL :
	     sock_alloc(l->family, SOCK_STREAM, GFP_NOWAIT);
	if (!sk) {
		__atomic_add_fetch(&l->drops, 1, __ATOMIC_RELAXED);
		tcp_abort(pcb);
		return ERR_ABRT;
	}
	sk->sndbuf = l->sndbuf;
	sk->rcvbuf = l->rcvbuf;
	sk->nodelay = l->nodelay;
	sk->bound = true;
	sk->state = SOCK_CONNECTED;
	tcp_attach(sk, pcb);
	list_add_tail(&sk->acc_node, &l->accq);	/* the queue's ref */
	sock_set_int(&l->acc_len, l->acc_len + 1);
	wake_up_all(&l->wq);
	return ERR_OK;
}

static void tcp_bind_x(void *arg)
{
	struct sock_call *call = arg;
	struct sock *sk = call->sk;
	ip_addr_t ip = IPADDR4_INIT(lwip_htonl(call->addr.addr));

	if (!sk->pcb || sk->bound || sk->state != SOCK_UNCONNECTED) {
		call->ret = -EINVAL;
		return;
	}
	if (!sock_addr_is_local(call->addr.addr)) {
		call->ret = -EADDRNOTAVAIL;
		return;
	}
	if (__atomic_load_n(&sk->reuseaddr, __ATOMIC_RELAXED))
		ip_set_option(tcp_of(sk), SOF_REUSEADDR);
	call->ret = sock_errno(tcp_bind(tcp_of(sk), &ip, call->addr.port));
	sk->bound = !call->ret;
}

static int tcp_bind_sock(struct sock *sk, const struct sock_addr *a)
{
	struct sock_call call = { .sk = sk, .addr = *a };

	net_run(tcp_bind_x, &call);
	return call.ret;
}

static void tcp_listen_x(void *arg)
{
	struct sock_call *call = arg;
	struct sock *sk = call->sk;
	struct tcp_pcb *lpcb;

	call->ret = 0;
	sk->backlog = call->arg;
	if (sk->state == SOCK_LISTENING)
		return;			/* Linux: a new backlog only */
	call->ret = -EINVAL;
	if (sk->state != SOCK_UNCONNECTED || !sk->pcb)
		return;
	if (!sk->bound &&
	    (call->ret = sock_errno(tcp_bind(tcp_of(sk), IP_ADDR_ANY, 0))))
		return;
	sk->bound = true;
	lpcb = tcp_listen_with_backlog(tcp_of(sk), TCP_DEFAULT_LISTEN_BACKLOG);
	call->ret = -ENOMEM;
	if (!lpcb)
		return;
	sk->pcb = lpcb;			/* lwIP freed the old one */
	tcp_arg(lpcb, sk);
	tcp_accept(lpcb, tcp_on_accept);
	sock_set_int(&sk->state, SOCK_LISTENING);
	call->ret = 0;
}

static int tcp_listen_sock(struct sock *sk, int backlog)
{
	struct sock_call call = {
		.sk = sk,
		.arg = backlog < 0 ? 0 : MIN(backlog, SOCK_MAX_BACKLOG),
	};

	net_run(tcp_listen_x, &call);
	return call.ret;
}

/* Take the first queued connection; it becomes current's memcg's
 * (Linux's inet_csk_accept(): mem_cgroup_sk_alloc(), then the bytes
 * already queued are charged). */
static void tcp_accept_x(void *arg)
{
	struct sock_call *call = arg;
	struct sock *l = call->sk, *sk;
	struct tcp_pcb *pcb;

	call->ptr = NULL;
	call->ret = l->state == SOCK_LISTENING ? -EAGAIN : -EINVAL;
	if (list_empty(&l->accq))
		return;
	sk = list_entry(l->accq.next, struct sock, acc_node);
	list_del_init(&sk->acc_node);
	sock_set_int(&l->acc_len, l->acc_len - 1);
	pcb = tcp_of(sk);
	call->addr.addr = pcb ? lwip_ntohl(ip4_addr_get_u32(
					ip_2_ip4(&pcb->remote_ip))) : 0;
	call->addr.port = pcb ? pcb->remote_port : 0;
	call->ptr = sk;
	call->ret = 0;
}

static void tcp_accept_charge_x(void *arg)
{
	struct sock_call *call = arg;
	struct sock *sk = call->sk;

	sk->memcg = call->ptr;
	sk->net_pages = 0;
	if (sk->memcg) {
		unsigned int want = (sk->rx_bytes + sk->tx_unacked +
				     PAGE_SIZE - 1) / PAGE_SIZE;

		memcg_sock_charge_atomic(sk->memcg, want);
		sk->net_pages = want;
	}
}

static bool tcp_acceptable(struct sock *sk)
{
	return sock_read_int(&sk->acc_len) ||
	       sock_read_int(&sk->state) != SOCK_LISTENING;
}

static int tcp_accept_sock(struct sock *l, int flags, bool nonblock,
			   struct file **out, struct sock_addr *peer)
{
	struct sock_call call = { .sk = l };
	struct sock_call charge;
	struct sock *sk;
	int r;

	for (;;) {
		net_run(tcp_accept_x, &call);
		if (call.ret != -EAGAIN)
			break;
		if (nonblock)
			return -EAGAIN;
		r = sock_wait(l, tcp_acceptable);
		if (r)
			return r;
	}
	if (call.ret)
		return call.ret;
	sk = call.ptr;
	charge = (struct sock_call){ .sk = sk,
				     .ptr = memcg_sock_get_current() };
	net_run(tcp_accept_charge_x, &charge);
	*out = sock_file(sk, flags);
	if (!*out) {
		net_run(sock_tcp_proto.release, sk);
		sock_put(sk);
		return -ENOMEM;
	}
	*peer = call.addr;
	return 0;
}

static bool tcp_connect_done(struct sock *sk)
{
	return sock_read_int(&sk->state) != SOCK_CONNECTING;
}

static err_t tcp_on_connected(void *arg, struct tcp_pcb *pcb, err_t err)
{
	struct sock *sk = arg;

	sk->bound = true;
	sock_set_int(&sk->state, SOCK_CONNECTED);
	wake_up_all(&sk->wq);
	return ERR_OK;
}

/* A fresh pcb for a socket whose connection is over. */
static bool tcp_reopen(struct sock *sk)
{
	struct tcp_pcb *pcb = tcp_new();

	if (!pcb)
		return false;
	tcp_attach(sk, pcb);
	sk->bound = false;
	sk->fin_sent = false;
	sk->peer_fin = false;
	sk->shut_rd = false;
	sk->shut_wr = false;
	return true;
}

static void tcp_connect_x(void *arg)
{
	struct sock_call *call = arg;
	struct sock *sk = call->sk;
	ip_addr_t ip = IPADDR4_INIT(lwip_htonl(call->addr.addr));

	switch (sk->state) {
	case SOCK_CONNECTING:
		call->ret = -EALREADY;
		return;
	case SOCK_CONNECTED:
	case SOCK_LISTENING:
		call->ret = -EISCONN;
		return;
	case SOCK_CLOSED:		/* Linux connects a closed socket */
		call->ret = -ENOMEM;
		if (!sk->pcb && !tcp_reopen(sk))
			return;
	}
	call->ret = sock_errno(tcp_connect(tcp_of(sk), &ip, call->addr.port,
					   tcp_on_connected));
	if (!call->ret)
		sock_set_int(&sk->state, SOCK_CONNECTING);
}

static int tcp_connect_sock(struct sock *sk, const struct sock_addr *a,
			    bool nonblock)
{
	struct sock_call call = { .sk = sk };
	int r;

	if (!a)
		return -EINVAL;	/* AF_UNSPEC: no disconnect here */
	call.addr = *a;
	net_run(tcp_connect_x, &call);
	if (call.ret == -EALREADY && !nonblock)
		call.ret = 0;		/* wait for the one in progress */
	if (call.ret)
		return call.ret;
	if (nonblock && !tcp_connect_done(sk))
		return -EINPROGRESS;
	r = sock_wait(sk, tcp_connect_done);
	if (r)
		return r;
	if (sock_read_int(&sk->state) == SOCK_CONNECTED)
		return 0;
	return -sock_err_take(sk) ?: -ECONNREFUSED;
}

/* Send: room for more bytes, or a reason to stop. */
static bool tcp_writable(struct sock *sk)
{
	u32 used = __atomic_load_n(&sk->tx_queued, __ATOMIC_ACQUIRE) +
		   __atomic_load_n(&sk->tx_unacked, __ATOMIC_ACQUIRE);

	return used < (u32)__atomic_load_n(&sk->sndbuf, __ATOMIC_RELAXED) ||
	       sock_read_int(&sk->state) != SOCK_CONNECTED ||
	       sock_read_int(&sk->err) || sock_flag(&sk->shut_wr);
}

static void tcp_queue_x(void *arg)
{
	struct sock_call *call = arg;
	struct sock *sk = call->sk;
	struct list_head *chunks = call->ptr;

	if (sk->state != SOCK_CONNECTED || !sk->pcb ||
	    sock_flag(&sk->shut_wr)) {
		call->ret = -EPIPE;	/* the caller frees the chunks */
		return;
	}
	while (!list_empty(chunks)) {
		struct sock_chunk *c = list_entry(chunks->next,
						  struct sock_chunk, node);

		list_del_init(&c->node);
		list_add_tail(&c->node, &sk->txq);
		sk->tx_queued += c->len;
		sk->chunk_pages++;
	}
	call->ret = 0;
	tcp_push(sk);
}

/* A chunk of up to SOCK_CHUNK_DATA bytes of @io from @off, charged. */
static struct sock_chunk *tcp_chunk_fill(struct sock *sk, struct io_buf *io,
					 size_t off, u32 n, int *err)
{
	struct page *page = alloc_pages(GFP_KERNEL, 0);
	struct sock_chunk *c;

	*err = -ENOMEM;
	if (!page)
		return NULL;
	c = page_address(page);
	c->off = 0;
	c->len = n;
	*err = -EFAULT;
	if (io_copy_from(c->data, io, off, n) != n)
		goto out_free;
	/*
	 * Linux's __sk_mem_raise_allocated(): a failed charge of a stream
	 * socket that cannot wait (it is at its sndbuf) is forced; here a
	 * send that fails the charge waits for the queue to drain first
	 * (sk_stream_wait_memory()), then forces its first page.
	 */
	*err = sk->memcg ? memcg_sock_charge(sk->memcg, 1, GFP_KERNEL) : 0;
	if (*err)
		goto out_free;
	return c;
out_free:
	free_pages(page, 0);
	return NULL;
}

static bool tcp_tx_empty(struct sock *sk)
{
	return !__atomic_load_n(&sk->tx_queued, __ATOMIC_ACQUIRE) ||
	       sock_read_int(&sk->state) != SOCK_CONNECTED;
}

/* Build up to SOCK_TCP_BATCH chunks from @io at @done; queue them.
 * Return: bytes queued, or a negative errno. */
static long tcp_send_batch(struct sock *sk, struct io_buf *io, size_t done,
			   size_t room)
{
	struct sock_call call = { .sk = sk };
	struct list_head chunks = LIST_HEAD_INIT(chunks);
	size_t n = 0;
	int err = 0;

	call.ptr = &chunks;
	for (int i = 0; i < SOCK_TCP_BATCH && n < room; i++) {
		u32 len = (u32)MIN(room - n, SOCK_CHUNK_DATA);
		struct sock_chunk *c = tcp_chunk_fill(sk, io, done + n, len,
						      &err);

		if (!c)
			break;
		list_add_tail(&c->node, &chunks);
		n += len;
	}
	if (!n && err == -ENOMEM && sk->memcg) {
		/* The group is full: wait for our queue, then force. */
		if (sock_wait(sk, tcp_tx_empty))
			return -ERESTARTSYS;
		memcg_sock_charge(sk->memcg, 1, GFP_KERNEL | __GFP_NOFAIL);
		memcg_sock_uncharge(sk->memcg, 1);
		return 0;		/* the caller tries again */
	}
	if (!n)
		return err;
	net_run(tcp_queue_x, &call);
	if (call.ret) {
		struct sock_chunk *c, *tmp;

		list_for_each_entry_safe(c, tmp, &chunks, node) {
			list_del_init(&c->node);
			if (sk->memcg)
				memcg_sock_uncharge(sk->memcg, 1);
			free_pages_addr(c, 0);
		}
		return call.ret;
	}
	return (long)n;
}

/* Why a send cannot go on: an error, EPIPE, or 0. */
static int tcp_send_blocked(struct sock *sk)
{
	int err = sock_err_take(sk);
	int state = sock_read_int(&sk->state);

	if (err)
		return -err;
	if (sock_flag(&sk->shut_wr) || state != SOCK_CONNECTED)
		return state == SOCK_CONNECTING ? 0 : -EPIPE;
	return 0;
}

static long stream_send(struct sock *sk, struct io_buf *io, int flags,
		     const struct sock_addr *to, bool nonblock)
{
	size_t done = 0;
	long r = 0;

	if (sock_read_int(&sk->state) == SOCK_CONNECTING) {
		if (nonblock)
			return -EAGAIN;
		r = sock_wait(sk, tcp_connect_done);
	}
	while (!r && done < io->len) {
		u32 used = __atomic_load_n(&sk->tx_queued, __ATOMIC_ACQUIRE) +
			   __atomic_load_n(&sk->tx_unacked, __ATOMIC_ACQUIRE);
		int sndbuf = __atomic_load_n(&sk->sndbuf, __ATOMIC_RELAXED);

		r = tcp_send_blocked(sk);
		if (r)
			break;
		if (used >= (u32)sndbuf) {
			r = nonblock ? -EAGAIN : sock_wait(sk, tcp_writable);
			continue;
		}
		r = tcp_send_batch(sk, io, done,
				   MIN(io->len - done, (size_t)sndbuf - used));
		if (r > 0)
			done += (size_t)r;
		r = r > 0 ? 0 : r;
	}
	if (done)
		return (long)done;
	if (r == -EPIPE)
		sock_sigpipe(flags);
	return r;
}

static void tcp_shutdown_x(void *arg)
{
	struct sock_call *call = arg;
	struct sock *sk = call->sk;
	int how = call->arg;

	call->ret = 0;
	if (sk->state == SOCK_LISTENING && how != SHUT_WR) {
		sock_set_flag(&sk->shut_rd);
		wake_up_all(&sk->wq);	/* accept() returns -EINVAL */
		return;
	}
	if (sk->state != SOCK_CONNECTED) {
		call->ret = -ENOTCONN;
		return;
	}
	if (how != SHUT_WR)
		sock_set_flag(&sk->shut_rd);
	if (how != SHUT_RD && !sock_flag(&sk->shut_wr)) {
		sock_set_flag(&sk->shut_wr);
		tcp_push(sk);		/* FIN once the queue is in lwIP */
	}
	wake_up_all(&sk->wq);
}

static int tcp_shutdown_sock(struct sock *sk, int how)
{
	struct sock_call call = { .sk = sk, .arg = how };

	net_run(tcp_shutdown_x, &call);
	return call.ret;
}

static unsigned int tcp_poll_sock(struct sock *sk)
{
	int state = sock_read_int(&sk->state);
	unsigned int mask = 0;

	if (sock_read_int(&sk->err))
		mask |= POLLERR;
	if (state == SOCK_LISTENING)
		return mask | (sock_read_int(&sk->acc_len) ?
			       POLLIN | POLLRDNORM : 0);
	/* Linux's tcp_poll(): a socket that is not connected is hung up. */
	if ((sock_flag(&sk->shut_rd) && sock_flag(&sk->shut_wr)) ||
	    state == SOCK_CLOSED ||
	    state == SOCK_UNCONNECTED)
		mask |= POLLHUP;
	/* A reset shuts both directions (Linux's tcp_done()): readable. */
	if (__atomic_load_n(&sk->rx_bytes, __ATOMIC_ACQUIRE) ||
	    sock_flag(&sk->peer_fin) || sock_flag(&sk->shut_rd) ||
	    state == SOCK_CLOSED)
		mask |= POLLIN | POLLRDNORM;
	if (state == SOCK_CONNECTING)
		return mask;
	if (state != SOCK_CONNECTED || sock_flag(&sk->shut_wr) ||
	    tcp_writable(sk))
		mask |= POLLOUT | POLLWRNORM;
	return mask;
}

/* The file is closed (the tcpip thread). */
static void tcp_release_x(void *arg)
{
	struct sock *sk = arg, *c, *n;
	struct tcp_pcb *pcb = tcp_of(sk);

	sk->orphan = true;
	list_for_each_entry_safe(c, n, &sk->accq, acc_node) {
		list_del_init(&c->acc_node);
		if (c->pcb)
			tcp_abort(c->pcb);	/* its err callback lets go */
		tcp_rx_purge(c);
		sock_account(c);
		sock_put(c);			/* the queue's */
	}
	sk->acc_len = 0;
	if (!pcb) {
		tcp_rx_purge(sk);
		tcp_tx_purge(sk);
		sock_account(sk);
		return;
	}
	if (sk->state == SOCK_LISTENING || sk->state == SOCK_UNCONNECTED) {
		tcp_detach(sk);
		tcp_close(pcb);		/* no connection: freed now */
	} else if (sk->rx_bytes) {
		tcp_detach(sk);		/* unread data: a reset */
		tcp_abort(pcb);
		tcp_gone(sk, 0);
	} else {
		tcp_orphan_close(sk);	/* now, or once all is sent */
	}
	tcp_rx_purge(sk);
	sock_account(sk);
}

static void tcp_name_x(void *arg)
{
	struct sock_call *call = arg;
	struct tcp_pcb *pcb = tcp_of(call->sk);
	bool peer = call->arg;

	call->ret = 0;
	call->addr = (struct sock_addr){ 0 };
	if (peer && call->sk->state != SOCK_CONNECTED) {
		call->ret = -ENOTCONN;
		return;
	}
	if (!pcb)
		return;
	call->addr.addr = lwip_ntohl(ip4_addr_get_u32(ip_2_ip4(
		peer ? &pcb->remote_ip : &pcb->local_ip)));
	call->addr.port = peer ? pcb->remote_port : pcb->local_port;
}

static void tcp_nodelay_x(void *arg)
{
	struct sock *sk = arg;
	struct tcp_pcb *pcb = tcp_of(sk);

	if (!pcb || sk->state == SOCK_LISTENING)
		return;
	if (__atomic_load_n(&sk->nodelay, __ATOMIC_RELAXED))
		tcp_nagle_disable(pcb);
	else
		tcp_nagle_enable(pcb);
}

const struct sock_proto sock_tcp_proto = {
	.bind = tcp_bind_sock,
	.listen = tcp_listen_sock,
	.accept = tcp_accept_sock,
	.connect = tcp_connect_sock,
	.send = stream_send,
	.recv = sock_tcp_recv,
	.shutdown = tcp_shutdown_sock,
	.poll = tcp_poll_sock,
	.release = tcp_release_x,
	.name = tcp_name_x,
	.set_nodelay = tcp_nodelay_x,
};
