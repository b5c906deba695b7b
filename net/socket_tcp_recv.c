// SPDX-License-Identifier: MIT
/*
 * TCP sockets' receive side (net/socket_tcp.c has the rest; who
 * touches what: net/socket_internal.h).
 *
 * lwIP hands over in-order pbufs; they are chained on sk->rx and
 * charged (sock_account()) until read. The window reopens by what the
 * reader takes (tcp_recved()), so at most TCP_WND bytes wait. While the
 * socket's memcg is under socket pressure (a receive charge had to be
 * forced over its limit) the window reopens only to
 * SOCK_TCP_PRESSURE_WND: the sender slows down to what the reader
 * drains, nothing received is dropped, and the stream completes intact
 * with the group over its limit by at most a window.
 *
 * A read copies, in the tcpip thread, at most a page into a page of the
 * reader's and consumes it there; the reader copies that page out to
 * user memory, so a fault never happens in the tcpip thread.
 */
#include "fs/file.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "lwip/priv/tcp_priv.h"
#include "lwip/tcp.h"
#include "mm/memcg_sock.h"
#include "mm/page_alloc.h"
#include "net/internal.h"
#include "net/socket_internal.h"

static struct tcp_pcb *tcp_of(struct sock *sk)
{
	return sk->pcb;
}

/**
 * sock_tcp_received - lwIP's recv callback of a socket's pcb: queue the
 * bytes (charged), or note the peer's FIN (@p NULL).
 * @arg: the socket
 * @pcb: its pcb
 * @p: the bytes, in order
 * @err: ERR_OK
 *
 * Context: the tcpip thread.
 * Return: ERR_OK (the bytes are the socket's).
 */
err_t sock_tcp_received(void *arg, struct tcp_pcb *pcb, struct pbuf *p,
			err_t err)
{
	struct sock *sk = arg;

	if (!p) {			/* FIN */
		sock_set_flag(&sk->peer_fin);
		wake_up_all(&sk->wq);
		return ERR_OK;
	}
	if (sock_flag(&sk->shut_rd) || sk->orphan) {	/* no reader */
		tcp_recved(pcb, p->tot_len);
		pbuf_free(p);
		return ERR_OK;
	}
	if (sk->rx)
		pbuf_cat(sk->rx, p);
	else
		sk->rx = p;
	__atomic_store_n(&sk->rx_bytes, sk->rx_bytes + p->tot_len,
			 __ATOMIC_RELEASE);
	sock_account(sk);
	wake_up_all(&sk->wq);
	return ERR_OK;
}

/*
 * Give lwIP back the window the reader freed by taking @taken bytes.
 * Under socket pressure only as much as keeps SOCK_TCP_PRESSURE_WND
 * open: the rest is withheld until the pressure is over (Linux's TCP
 * shrinks its window to a few segments under
 * mem_cgroup_under_socket_pressure(): tcp_adjust_rcv_ssthresh()). The
 * update goes out at once, small as it is: waiting for a delayed ACK
 * would stall a window this small.
 */
static void tcp_window_return(struct sock *sk, u32 taken)
{
	struct tcp_pcb *pcb = tcp_of(sk);
	u32 credit = taken + sk->wnd_withheld, keep = 0;
	bool pressure = sk->memcg && memcg_sock_under_pressure(sk->memcg);

	if (pressure && TCP_WND > SOCK_TCP_PRESSURE_WND + sk->rx_bytes)
		keep = MIN(credit,
			   TCP_WND - SOCK_TCP_PRESSURE_WND - sk->rx_bytes);
	if (keep > sk->wnd_withheld)
		__atomic_add_fetch(&sk->wnd_clamps, 1, __ATOMIC_RELAXED);
	sk->wnd_withheld = keep;
	credit -= keep;
	while (credit) {
		u16_t n = (u16_t)MIN(credit, 0xffffU);

		tcp_recved(pcb, n);
		credit -= n;
	}
	if (pressure) {
		tcp_ack_now(pcb);
		tcp_output(pcb);
	}
}

/* Copy (and unless peeking, consume) up to call->arg bytes into
 * call->ptr; reopen the window by what was consumed. */
static void tcp_take_x(void *arg)
{
	struct sock_call *call = arg;
	struct sock *sk = call->sk;
	bool peek = call->addr.port;
	u32 want = MIN((u32)call->arg, sk->rx_bytes);
	u32 off = sk->rx_off, got = 0;
	struct pbuf *p = sk->rx;

	while (p && got < want) {
		u32 n = MIN(want - got, (u32)p->len - off);

		memcpy((u8 *)call->ptr + got, (u8 *)p->payload + off, n);
		got += n;
		off += n;
		if (off < p->len)
			break;
		p = p->next;
		off = 0;
	}
	call->ret = (int)got;
	if (peek || !got)
		return;
	while (sk->rx && sk->rx_off + got >= sk->rx->len) {
		struct pbuf *first = sk->rx;

		got -= first->len - sk->rx_off;
		sk->rx = first->next;
		sk->rx_off = 0;
		if (sk->rx)
			pbuf_ref(sk->rx);	/* keep the chain's rest */
		pbuf_dechain(first);
		pbuf_free(first);
	}
	sk->rx_off += got;
	__atomic_store_n(&sk->rx_bytes, sk->rx_bytes - (u32)call->ret,
			 __ATOMIC_RELEASE);
	sock_account(sk);
	if (sk->pcb)
		tcp_window_return(sk, (u32)call->ret);
}

static bool tcp_readable(struct sock *sk)
{
	return __atomic_load_n(&sk->rx_bytes, __ATOMIC_ACQUIRE) ||
	       sock_flag(&sk->peer_fin) || sock_flag(&sk->shut_rd) ||
	       sock_read_int(&sk->err) ||
	       sock_read_int(&sk->state) != SOCK_CONNECTED;
}

/* Nothing to read: EOF (0), an error, ENOTCONN, or -EAGAIN to wait. */
static long tcp_recv_empty(struct sock *sk)
{
	int err;

	if (sock_flag(&sk->peer_fin) || sock_flag(&sk->shut_rd))
		return 0;
	err = sock_err_take(sk);
	if (err)
		return -err;
	switch (sock_read_int(&sk->state)) {
	case SOCK_CONNECTED:
		return -EAGAIN;
	case SOCK_CONNECTING:
		return -EAGAIN;
	case SOCK_CLOSED:
		return 0;
	default:
		return -ENOTCONN;
	}
}

/**
 * sock_tcp_recv - recv(2) on a TCP socket: what is queued, up to @io's
 * length (all of it with MSG_WAITALL), waiting for the first byte unless
 * @nonblock.
 * @sk: the socket
 * @io: where the bytes go
 * @flags: MSG_PEEK, MSG_WAITALL
 * @from: zeroed (a stream has no sender to report), or NULL
 * @nonblock: -EAGAIN instead of waiting
 *
 * Context: process context, may sleep.
 * Return: bytes; 0 at EOF; the pending error; -ENOTCONN, -EAGAIN,
 * -EFAULT, -ERESTARTSYS.
 */
long sock_tcp_recv(struct sock *sk, struct io_buf *io, int flags,
		   struct sock_addr *from, bool nonblock)
{
	struct sock_call call = { .sk = sk, .addr.port = !!(flags & MSG_PEEK) };
	struct page *page;
	size_t done = 0;
	long r = 0;

	if (from)
		*from = (struct sock_addr){ 0 };
	if (sock_read_int(&sk->state) == SOCK_LISTENING)
		return -ENOTCONN;
	if (!io->len)
		return 0;
	page = alloc_pages(GFP_KERNEL, 0);
	if (!page)
		return -ENOMEM;
	call.ptr = page_address(page);
	while (done < io->len) {
		if (__atomic_load_n(&sk->rx_bytes, __ATOMIC_ACQUIRE)) {
			call.arg = (int)MIN(io->len - done, PAGE_SIZE);
			net_run(tcp_take_x, &call);
			if (io_copy_to(io, done, call.ptr, (size_t)call.ret) !=
			    (size_t)call.ret) {
				r = -EFAULT;
				break;
			}
			done += (size_t)call.ret;
			if (flags & MSG_PEEK)
				break;
			continue;
		}
		if (done && !(flags & MSG_WAITALL))
			break;
		r = tcp_recv_empty(sk);
		if (r != -EAGAIN || nonblock)
			break;
		r = sock_wait(sk, tcp_readable);
		if (r)
			break;
	}
	free_pages(page, 0);
	return done ? (long)done : r;
}
