// SPDX-License-Identifier: MIT
/*
 * Sockets as files (net/socket.h): the struct sock both protocols share,
 * its file operations (read, write, poll, close), its memory accounting
 * and the calls that dispatch to TCP (net/socket_tcp.c) or UDP
 * (net/socket_udp.c). What the pieces rely on is in
 * net/socket_internal.h: the lwIP side of a socket lives in the tcpip
 * thread, callers sleep on sk->wq.
 *
 * Charges: sock_account() keeps sk->net_pages equal to the pages the
 * bytes lwIP holds for the socket need (received and not read; sent and
 * not acknowledged), charging from the tcpip thread the way Linux's
 * receive path does (mm/memcg_sock.h: never sleeping, forced when the
 * group is full); a chunk of bytes a caller queued is charged a page in
 * the caller's context. A socket's charges all go when it is freed.
 */
#include "fs/anon_inode.h"
#include "fs/file.h"
#include "fs/poll.h"
#include "kernel/panic.h"
#include "kernel/process.h"
#include "kernel/signal.h"
#include "lib/errno.h"
#include "lwip/err.h"
#include "lwip/netif.h"
#include "mm/memcg.h"
#include "mm/memcg_sock.h"
#include "mm/page_alloc.h"
#include "mm/slab.h"
#include "net/internal.h"
#include "net/socket_internal.h"

static struct dentry *socket_dentry;	/* [I] set at boot */
static const struct file_operations socket_fops;

/**
 * socket_init - make the inode every socket file opens.
 *
 * Context: boot, task context.
 */
void socket_init(void)
{
	socket_dentry = anon_inode_make("socket:", &socket_fops);
}

/**
 * sock_alloc - a new socket with one reference, unconnected, no pcb.
 * @family: AF_INET or AF_INET6
 * @type: SOCK_STREAM or SOCK_DGRAM
 * @gfp: GFP_KERNEL, or GFP_NOWAIT in the tcpip thread
 *
 * Context: task context; sleeps only if @gfp allows.
 * Return: the socket, or NULL without memory.
 */
struct sock *sock_alloc(int family, int type, gfp_t gfp)
{
	struct sock *sk = kzalloc(sizeof(*sk), gfp);

	if (!sk)
		return NULL;
	sk->refs = 1;
	sk->family = family;
	sk->type = type;
	sk->proto = type == SOCK_STREAM ? &sock_tcp_proto : &sock_udp_proto;
	init_waitqueue_head(&sk->wq);
	INIT_LIST_HEAD(&sk->txq);
	INIT_LIST_HEAD(&sk->accq);
	INIT_LIST_HEAD(&sk->acc_node);
	sk->sndbuf = type == SOCK_STREAM ? SOCK_TCP_SNDBUF : SOCK_UDP_BUF;
	sk->rcvbuf = type == SOCK_STREAM ? SOCK_TCP_RCVBUF : SOCK_UDP_BUF;
	return sk;
}

/* sock_get - one more reference on @sk. Context: any. */
void sock_get(struct sock *sk)
{
	__atomic_add_fetch(&sk->refs, 1, __ATOMIC_RELAXED);
}

/**
 * sock_put - drop a reference; the last frees the socket and gives back
 * its charges.
 * @sk: the socket
 *
 * By then the tcpip thread has freed its pbufs (the release, or lwIP's
 * last callback, ran there), so only our own pages are left.
 * Context: any task context that may free pages; no spinlocks held.
 */
void sock_put(struct sock *sk)
{
	struct sock_chunk *c, *n;

	if (__atomic_sub_fetch(&sk->refs, 1, __ATOMIC_ACQ_REL))
		return;
	if (sk->rx || sk->dg_count)
		panic("socket: freed with received data still queued");
	list_for_each_entry_safe(c, n, &sk->txq, node)
		sock_chunk_free(sk, c);
	sk->tx_unacked = 0;
	sock_account(sk);
	if (sk->memcg)
		memcg_put(sk->memcg);
	kfree(sk);
}

/**
 * sock_chunk_free - take @c off its queue, free its page and uncharge it.
 * @sk: its socket
 * @c: the chunk
 *
 * Context: the tcpip thread, or the socket's last reference.
 */
void sock_chunk_free(struct sock *sk, struct sock_chunk *c)
{
	list_del_init(&c->node);
	__atomic_store_n(&sk->tx_queued, sk->tx_queued - (c->len - c->off),
			 __ATOMIC_RELEASE);
	if (sk->memcg)
		memcg_sock_uncharge(sk->memcg, 1);
	sk->chunk_pages--;
	free_pages_addr(c, 0);
}

/**
 * sock_account - charge or uncharge @sk's memcg so that it pays the
 * pages of the bytes lwIP holds for the socket, no more, no less.
 * @sk: the socket
 *
 * Context: the tcpip thread (or the socket's last reference); never
 * sleeps.
 */
void sock_account(struct sock *sk)
{
	u32 bytes = sk->rx_bytes + sk->tx_unacked;
	unsigned int want = (bytes + PAGE_SIZE - 1) / PAGE_SIZE;

	if (!sk->memcg) {
		sk->net_pages = want;
		return;
	}
	if (want > sk->net_pages)
		memcg_sock_charge_atomic(sk->memcg, want - sk->net_pages);
	else if (want < sk->net_pages)
		memcg_sock_uncharge(sk->memcg, sk->net_pages - want);
	sk->net_pages = want;
}

/* sock_err_take - the pending error (SO_ERROR), cleared; 0 when none.
 * Context: any. */
int sock_err_take(struct sock *sk)
{
	return __atomic_exchange_n(&sk->err, 0, __ATOMIC_ACQ_REL);
}

/**
 * sock_wait - sleep until @ready(@sk), interruptibly.
 * @sk: the socket
 * @ready: the condition; the tcpip thread wakes sk->wq when it may
 *	have changed
 *
 * Linux's socket calls without a timeout return -ERESTARTSYS when a
 * signal ends the wait (sock_intr_errno()): restarted under SA_RESTART,
 * -EINTR otherwise.
 * Context: process context, may sleep.
 * Return: 0; -ERESTARTSYS.
 */
int sock_wait(struct sock *sk, bool (*ready)(struct sock *sk))
{
	return signal_wait_event(sk->wq, ready(sk));
}

/* sock_sigpipe - EPIPE on a send: Linux's sk_stream_error() sends
 * SIGPIPE to the caller unless MSG_NOSIGNAL (a kernel thread has no
 * process). Context: process context. */
void sock_sigpipe(int flags)
{
	struct process *p = process_current();

	if (p && !(flags & MSG_NOSIGNAL))
		process_kill(p, SIGPIPE);
}

/* sock_errno - Linux's errno for an lwIP error. Context: any. */
int sock_errno(int lwip_err)
{
	switch (lwip_err) {
	case ERR_OK:
		return 0;
	case ERR_MEM:
	case ERR_BUF:
		return -ENOMEM;
	case ERR_USE:
		return -EADDRINUSE;
	case ERR_RTE:
		return -ENETUNREACH;
	case ERR_ISCONN:
		return -EISCONN;
	case ERR_ALREADY:
		return -EALREADY;
	case ERR_RST:
		return -ECONNRESET;
	case ERR_ABRT:
		return -ECONNABORTED;
	case ERR_CLSD:
	case ERR_CONN:
		return -ENOTCONN;
	case ERR_TIMEOUT:
		return -ETIMEDOUT;
	default:
		return -EINVAL;
	}
}

/* sock_addr_is_local - may a socket bind @addr (host order): any,
 * loopback's, or an interface's? Context: the tcpip thread. */
bool sock_addr_is_local(u32 addr)
{
	struct netif *n;

	if (!addr || addr >> 24 == 127)
		return true;
	NETIF_FOREACH(n)
		if (lwip_ntohl(ip4_addr_get_u32(netif_ip4_addr(n))) == addr)
			return true;
	return false;
}

/**
 * sock_file - a file for @sk, taking over the caller's reference.
 * @sk: the socket
 * @flags: SOCK_NONBLOCK
 *
 * Context: task context, may sleep.
 * Return: the file, or NULL without memory (@sk's reference is still
 * the caller's then).
 */
struct file *sock_file(struct sock *sk, int flags)
{
	struct file *f = file_alloc_stream(socket_dentry,
					   O_RDWR | (flags & SOCK_NONBLOCK),
					   &socket_fops);

	if (!f)
		return NULL;
	f->private = sk;
	f->mode |= FMODE_NO_POS_LOCK;	/* a reader waits for a writer */
	return f;
}

/**
 * socket_create - a new socket file (socket(2)'s body; the kernel's
 * tests make theirs here).
 * @family: AF_INET or AF_INET6
 * @type: SOCK_STREAM or SOCK_DGRAM, with SOCK_NONBLOCK
 * @protocol: checked by the caller
 * @out: the file
 *
 * The socket belongs to current's memcg (memcg_sock_get_current()).
 * Context: task context, may sleep.
 * Return: 0; -ENOMEM.
 */
int socket_create(int family, int type, int protocol, struct file **out)
{
	struct sock *sk = sock_alloc(family, type & SOCK_TYPE_MASK,
				     GFP_KERNEL);
	struct sock_call call = { .ret = -ENOMEM };
	struct file *f;

	(void)protocol;
	if (!sk)
		return -ENOMEM;
	sk->memcg = memcg_sock_get_current();
	call.sk = sk;
	net_run(sk->type == SOCK_STREAM ? sock_tcp_new : sock_udp_new, &call);
	if (call.ret)
		goto out_put;
	f = sock_file(sk, type);
	if (!f) {
		net_run(sk->proto->release, sk);
		goto out_put;
	}
	*out = f;
	return 0;
out_put:
	sock_put(sk);
	return -ENOMEM;
}

/**
 * sock_of_file - the socket behind @f.
 * @f: an open file
 *
 * Context: any.
 * Return: the socket (valid while @f is), or NULL when @f is not one.
 */
struct sock *sock_of_file(struct file *f)
{
	return f->f_op == &socket_fops ? f->private : NULL;
}

/* sock_family - AF_INET or AF_INET6, as made. Context: any. */
int sock_family(const struct sock *sk)
{
	return sk->family;
}

/* sock_charged_pages - pages @sk's memcg pays for it now (tests). */
unsigned int sock_charged_pages(struct sock *sk)
{
	return __atomic_load_n(&sk->net_pages, __ATOMIC_RELAXED) +
	       __atomic_load_n(&sk->chunk_pages, __ATOMIC_RELAXED);
}

/* sock_window_clamps - times memory pressure shrank @sk's TCP window
 * (tests). */
u64 sock_window_clamps(struct sock *sk)
{
	return __atomic_load_n(&sk->wnd_clamps, __ATOMIC_RELAXED);
}

/* sock_drops - datagrams @sk dropped (tests). */
u64 sock_drops(struct sock *sk)
{
	return __atomic_load_n(&sk->drops, __ATOMIC_RELAXED);
}

static long socket_read(struct file *f, struct io_buf *io, loff_t *pos)
{
	(void)pos;
	return sock_recv(f->private, io, 0, NULL, f->flags & O_NONBLOCK);
}

static long socket_write(struct file *f, struct io_buf *io, loff_t *pos)
{
	(void)pos;
	return sock_send(f->private, io, 0, NULL, f->flags & O_NONBLOCK);
}

static unsigned int socket_poll(struct file *f, struct poll_table *pt)
{
	struct sock *sk = f->private;

	poll_wait(f, &sk->wq, pt);
	return sk->proto->poll(sk);
}

static void socket_release(struct file *f)
{
	struct sock *sk = f->private;

	net_run(sk->proto->release, sk);
	sock_put(sk);
}

static const struct file_operations socket_fops = {
	.read = socket_read,
	.write = socket_write,
	.release = socket_release,
	.poll = socket_poll,
};

/**
 * sock_bind - bind(2): give @sk the local address @a (port 0: any).
 * @sk: the socket
 * @a: the address
 *
 * Context: process context, may sleep.
 * Return: 0; -EINVAL (bound already, or not a new socket),
 * -EADDRNOTAVAIL (not an address of ours), -EADDRINUSE.
 */
int sock_bind(struct sock *sk, const struct sock_addr *a)
{
	return sk->proto->bind(sk, a);
}

/**
 * sock_listen - listen(2): take connections, @backlog + 1 waiting.
 * @sk: the socket
 * @backlog: clamped to 0..SOCK_MAX_BACKLOG
 *
 * Context: process context, may sleep.
 * Return: 0; -EINVAL (connected), -EOPNOTSUPP (UDP), -ENOMEM.
 */
int sock_listen(struct sock *sk, int backlog)
{
	return sk->proto->listen(sk, backlog);
}

/**
 * sock_accept - accept4(2): the first waiting connection as a new
 * socket file, charged to current's memcg.
 * @sk: a listening socket
 * @flags: SOCK_NONBLOCK for the new file
 * @nonblock: -EAGAIN instead of waiting
 * @out: the new file
 * @peer: its peer's address
 *
 * Context: process context, may sleep.
 * Return: 0; -EINVAL (not listening), -EOPNOTSUPP (UDP), -EAGAIN,
 * -ERESTARTSYS, -ENOMEM.
 */
int sock_accept(struct sock *sk, int flags, bool nonblock,
		struct file **out, struct sock_addr *peer)
{
	return sk->proto->accept(sk, flags, nonblock, out, peer);
}

/**
 * sock_connect - connect(2).
 * @sk: the socket
 * @a: the peer; NULL for AF_UNSPEC (a UDP socket forgets its peer)
 * @nonblock: TCP: -EINPROGRESS instead of waiting for the handshake
 *
 * Context: process context, may sleep.
 * Return: 0; -EISCONN, -EALREADY, -EINPROGRESS, -ECONNREFUSED,
 * -ERESTARTSYS, -EINVAL, -ENOMEM.
 */
int sock_connect(struct sock *sk, const struct sock_addr *a, bool nonblock)
{
	return sk->proto->connect(sk, a, nonblock);
}

/**
 * sock_send - sendto(2), sendmsg(2) and write(2) on a socket.
 * @sk: the socket
 * @io: the bytes
 * @flags: MSG_DONTWAIT, MSG_NOSIGNAL
 * @to: UDP's destination, or NULL for the connected peer
 * @nonblock: the file's O_NONBLOCK
 *
 * Context: process context, may sleep (a send waits for room in
 * SO_SNDBUF; its pages are charged, which may reclaim).
 * Return: bytes queued (TCP) or sent (UDP); -EPIPE (and SIGPIPE unless
 * MSG_NOSIGNAL), the pending error, -EAGAIN, -EDESTADDRREQ, -EMSGSIZE,
 * -EFAULT, -ERESTARTSYS, -ENOMEM.
 */
long sock_send(struct sock *sk, struct io_buf *io, int flags,
	       const struct sock_addr *to, bool nonblock)
{
	return sk->proto->send(sk, io, flags, to,
			       nonblock || (flags & MSG_DONTWAIT));
}

/**
 * sock_recv - recvfrom(2), recvmsg(2) and read(2) on a socket.
 * @sk: the socket
 * @io: where the bytes go
 * @flags: MSG_DONTWAIT, MSG_PEEK, MSG_WAITALL, MSG_TRUNC
 * @from: the sender (UDP), or NULL
 * @nonblock: the file's O_NONBLOCK
 *
 * Context: process context, may sleep.
 * Return: bytes (a datagram's whole length with MSG_TRUNC); 0 at EOF;
 * the pending error, -ENOTCONN, -EAGAIN, -EFAULT, -ERESTARTSYS.
 */
long sock_recv(struct sock *sk, struct io_buf *io, int flags,
	       struct sock_addr *from, bool nonblock)
{
	return sk->proto->recv(sk, io, flags, from,
			       nonblock || (flags & MSG_DONTWAIT));
}

/**
 * sock_shutdown - shutdown(2): SHUT_RD, SHUT_WR (FIN after what is
 * queued) or SHUT_RDWR.
 * @sk: the socket
 * @how: which
 *
 * Context: process context, may sleep.
 * Return: 0; -EINVAL (@how), -ENOTCONN.
 */
int sock_shutdown(struct sock *sk, int how)
{
	if (how < SHUT_RD || how > SHUT_RDWR)
		return -EINVAL;
	return sk->proto->shutdown(sk, how);
}

/**
 * sock_name - the socket's own address or its peer's
 * (getsockname(2), getpeername(2)).
 * @sk: the socket
 * @peer: the peer's
 * @out: the address (0.0.0.0:0 for an unbound socket's own)
 *
 * Context: process context, may sleep.
 * Return: 0; -ENOTCONN for the peer of an unconnected socket.
 */
int sock_name(struct sock *sk, bool peer, struct sock_addr *out)
{
	struct sock_call call = { .sk = sk, .arg = peer };

	net_run(sk->proto->name, &call);
	*out = call.addr;
	return call.ret;
}
