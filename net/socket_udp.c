// SPDX-License-Identifier: MIT
/*
 * UDP sockets on lwIP's raw UDP API (net/socket_internal.h says who
 * touches what). Received datagrams wait in a ring of SOCK_DGRAM_QUEUE
 * pbufs, charged to the socket's memcg until read; one that would pass
 * SO_RCVBUF (Linux's __udp_enqueue_schedule_skb()), a full ring, or
 * memory pressure on the group while datagrams still wait drops it and
 * counts it (sk->drops, Linux's UDP_MIB_RCVBUFERRORS). A send goes out
 * at once from a kernel copy, as Linux's does without corking; it is
 * not charged (Linux charges UDP's receive side only).
 *
 * Deviation: lwIP tells a UDP pcb nothing of ICMP errors, so a connected
 * socket never sees the -ECONNREFUSED Linux reports after a port
 * unreachable.
 */
#include "fs/file.h"
#include "fs/poll.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "lwip/pbuf.h"
#include "lwip/udp.h"
#include "mm/memcg_sock.h"
#include "mm/slab.h"
#include "net/internal.h"
#include "net/socket_internal.h"

static struct udp_pcb *udp_of(struct sock *sk)
{
	return sk->pcb;
}

static void udp_on_recv(void *arg, struct udp_pcb *pcb, struct pbuf *p,
			const ip_addr_t *addr, u16_t port)
{
	struct sock *sk = arg;
	struct sock_dgram *d;

	if (sk->dg_count == SOCK_DGRAM_QUEUE || sock_flag(&sk->shut_rd) ||
	    sk->rx_bytes + p->tot_len >
	    (u32)__atomic_load_n(&sk->rcvbuf, __ATOMIC_RELAXED) ||
	    (sk->dg_count && sk->memcg &&
	     memcg_sock_under_pressure(sk->memcg))) {
		__atomic_add_fetch(&sk->drops, 1, __ATOMIC_RELAXED);
		pbuf_free(p);
		return;
	}
	d = &sk->dgrams[(sk->dg_head + sk->dg_count) % SOCK_DGRAM_QUEUE];
	d->p = p;
	d->from.addr = lwip_ntohl(ip4_addr_get_u32(ip_2_ip4(addr)));
	d->from.port = port;
	__atomic_store_n(&sk->rx_bytes, sk->rx_bytes + p->tot_len,
			 __ATOMIC_RELEASE);
	__atomic_store_n(&sk->dg_count, sk->dg_count + 1, __ATOMIC_RELEASE);
	sock_account(sk);
	wake_up_all(&sk->wq);
}

void sock_udp_new(void *arg)
{
	struct sock_call *call = arg;
	struct udp_pcb *pcb = udp_new();

	call->ret = -ENOMEM;
	if (!pcb)
		return;
	call->sk->pcb = pcb;
	sock_get(call->sk);		/* the pcb's */
	udp_recv(pcb, udp_on_recv, call->sk);
	call->ret = 0;
}

static void udp_bind_x(void *arg)
{
	struct sock_call *call = arg;
	struct sock *sk = call->sk;
	ip_addr_t ip = IPADDR4_INIT(lwip_htonl(call->addr.addr));

	call->ret = -EINVAL;
	if (sk->bound)
		return;
	call->ret = -EADDRNOTAVAIL;
	if (!sock_addr_is_local(call->addr.addr))
		return;
	if (__atomic_load_n(&sk->reuseaddr, __ATOMIC_RELAXED))
		ip_set_option(udp_of(sk), SOF_REUSEADDR);
	call->ret = sock_errno(udp_bind(udp_of(sk), &ip, call->addr.port));
	sk->bound = !call->ret;
}

static int udp_bind_sock(struct sock *sk, const struct sock_addr *a)
{
	struct sock_call call = { .sk = sk, .addr = *a };

	net_run(udp_bind_x, &call);
	return call.ret;
}

static int udp_listen_sock(struct sock *sk, int backlog)
{
	return -EOPNOTSUPP;
}

static int udp_accept_sock(struct sock *sk, int flags, bool nonblock,
			   struct file **out, struct sock_addr *peer)
{
	return -EOPNOTSUPP;
}

/* connect(): the peer, or none (AF_UNSPEC: call->arg). */
static void udp_connect_x(void *arg)
{
	struct sock_call *call = arg;
	struct sock *sk = call->sk;
	ip_addr_t ip = IPADDR4_INIT(lwip_htonl(call->addr.addr));

	if (call->arg) {
		udp_disconnect(udp_of(sk));
		sock_set_int(&sk->state, SOCK_UNCONNECTED);
		call->ret = 0;
		return;
	}
	call->ret = sock_errno(udp_connect(udp_of(sk), &ip, call->addr.port));
	if (!call->ret) {
		sk->bound = true;
		sock_set_int(&sk->state, SOCK_CONNECTED);
	}
}

static int udp_connect_sock(struct sock *sk, const struct sock_addr *a,
			    bool nonblock)
{
	struct sock_call call = { .sk = sk, .arg = !a };

	if (a)
		call.addr = *a;
	net_run(udp_connect_x, &call);
	return call.ret;
}

/* An unbound socket takes a port before its first send, even one that
 * then fails for want of a destination. */
static void udp_autobind_x(void *arg)
{
	struct sock *sk = arg;

	if (!sk->bound && sk->pcb)
		sk->bound = udp_bind(udp_of(sk), IP_ADDR_ANY, 0) == ERR_OK;
}

static void udp_send_x(void *arg)
{
	struct sock_call *call = arg;
	struct sock *sk = call->sk;
	struct pbuf *p = pbuf_alloc(PBUF_TRANSPORT, (u16_t)call->arg, PBUF_RAM);
	ip_addr_t ip = IPADDR4_INIT(lwip_htonl(call->addr.addr));

	call->ret = -ENOBUFS;
	if (!p)
		return;
	pbuf_take(p, call->ptr, (u16_t)call->arg);
	if (call->addr.port)
		call->ret = sock_errno(udp_sendto(udp_of(sk), p, &ip,
						  call->addr.port));
	else
		call->ret = sock_errno(udp_send(udp_of(sk), p));
	pbuf_free(p);
}

static long dgram_send(struct sock *sk, struct io_buf *io, int flags,
		     const struct sock_addr *to, bool nonblock)
{
	struct sock_call call = { .sk = sk, .arg = (int)io->len };

	if (sock_flag(&sk->shut_wr)) {
		sock_sigpipe(flags);
		return -EPIPE;
	}
	if (io->len > SOCK_UDP_MAX)
		return -EMSGSIZE;
	net_run(udp_autobind_x, sk);	/* Linux's inet_send_prepare() */
	if (to)
		call.addr = *to;
	else if (sock_read_int(&sk->state) != SOCK_CONNECTED)
		return -EDESTADDRREQ;
	if (to && !to->port)
		return -EINVAL;		/* udp_sendmsg(): no port 0 */
	call.ptr = kmalloc(io->len ?: 1, GFP_KERNEL);
	if (!call.ptr)
		return -ENOMEM;
	if (io_copy_from(call.ptr, io, 0, io->len) != io->len) {
		kfree(call.ptr);
		return -EFAULT;
	}
	net_run(udp_send_x, &call);
	kfree(call.ptr);
	if (call.ret == -ENOMEM)
		call.ret = -ENOBUFS;
	return call.ret ? call.ret : (long)io->len;
}

/* Take (or peek at) the first datagram: up to call->arg bytes into
 * call->ptr; call->ret its whole length, call->addr its sender. */
static void udp_take_x(void *arg)
{
	struct sock_call *call = arg;
	struct sock *sk = call->sk;
	struct sock_dgram *d = &sk->dgrams[sk->dg_head];
	bool peek = call->ret;

	call->ret = -EAGAIN;
	if (!sk->dg_count)
		return;
	call->ret = d->p->tot_len;
	call->addr = d->from;
	pbuf_copy_partial(d->p, call->ptr,
			  (u16_t)MIN(call->arg, (int)d->p->tot_len), 0);
	if (peek)
		return;
	__atomic_store_n(&sk->rx_bytes, sk->rx_bytes - d->p->tot_len,
			 __ATOMIC_RELEASE);
	pbuf_free(d->p);
	d->p = NULL;
	sk->dg_head = (sk->dg_head + 1) % SOCK_DGRAM_QUEUE;
	__atomic_store_n(&sk->dg_count, sk->dg_count - 1, __ATOMIC_RELEASE);
	sock_account(sk);
}

static bool udp_readable(struct sock *sk)
{
	return __atomic_load_n(&sk->dg_count, __ATOMIC_ACQUIRE) ||
	       sock_flag(&sk->shut_rd);
}

static long dgram_recv(struct sock *sk, struct io_buf *io, int flags,
		     struct sock_addr *from, bool nonblock)
{
	struct sock_call call = { .sk = sk };
	size_t len = MIN(io->len, (size_t)SOCK_UDP_MAX);
	long r;

	call.ptr = kmalloc(len ?: 1, GFP_KERNEL);
	if (!call.ptr)
		return -ENOMEM;
	for (;;) {
		call.arg = (int)len;
		call.ret = !!(flags & MSG_PEEK);
		net_run(udp_take_x, &call);
		if (call.ret != -EAGAIN)
			break;
		r = sock_flag(&sk->shut_rd) ? 0 : nonblock ? -EAGAIN :
		    sock_wait(sk, udp_readable);
		if (r || sock_flag(&sk->shut_rd)) {
			kfree(call.ptr);
			return r;
		}
	}
	r = MIN((size_t)call.ret, len);
	if (io_copy_to(io, 0, call.ptr, (size_t)r) != (size_t)r)
		r = -EFAULT;
	else if (flags & MSG_TRUNC)
		r = call.ret;		/* the datagram's real length */
	if (from)
		*from = call.addr;
	kfree(call.ptr);
	return r;
}

static int udp_shutdown_sock(struct sock *sk, int how)
{
	if (sock_read_int(&sk->state) != SOCK_CONNECTED)
		return -ENOTCONN;
	if (how != SHUT_WR)
		sock_set_flag(&sk->shut_rd);
	if (how != SHUT_RD)
		sock_set_flag(&sk->shut_wr);
	wake_up_all(&sk->wq);
	return 0;
}

static unsigned int udp_poll_sock(struct sock *sk)
{
	unsigned int mask = POLLOUT | POLLWRNORM;

	if (sock_read_int(&sk->err))
		mask |= POLLERR;
	if (__atomic_load_n(&sk->dg_count, __ATOMIC_ACQUIRE) ||
	    sock_flag(&sk->shut_rd))
		mask |= POLLIN | POLLRDNORM;
	if (sock_flag(&sk->shut_rd) && sock_flag(&sk->shut_wr))
		mask |= POLLHUP;
	return mask;
}

static void udp_release_x(void *arg)
{
	struct sock *sk = arg;

	while (sk->dg_count) {
		pbuf_free(sk->dgrams[sk->dg_head].p);
		sk->dgrams[sk->dg_head].p = NULL;
		sk->dg_head = (sk->dg_head + 1) % SOCK_DGRAM_QUEUE;
		sk->dg_count--;
	}
	sk->rx_bytes = 0;
	sock_account(sk);
	if (sk->pcb) {
		udp_remove(udp_of(sk));
		sk->pcb = NULL;
		sock_put(sk);		/* the pcb's */
	}
}

static void udp_name_x(void *arg)
{
	struct sock_call *call = arg;
	struct udp_pcb *pcb = udp_of(call->sk);
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

const struct sock_proto sock_udp_proto = {
	.bind = udp_bind_sock,
	.listen = udp_listen_sock,
	.accept = udp_accept_sock,
	.connect = udp_connect_sock,
	.send = dgram_send,
	.recv = dgram_recv,
	.shutdown = udp_shutdown_sock,
	.poll = udp_poll_sock,
	.release = udp_release_x,
	.name = udp_name_x,
};
