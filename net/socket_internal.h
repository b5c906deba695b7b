/* SPDX-License-Identifier: MIT */
/*
 * What the socket files share (net/socket.c, socket_tcp.c,
 * socket_udp.c, socket_syscalls.c, socket_opt.c): struct sock and its
 * protocol operations.
 *
 * A socket's lwIP side (its pcb, what lwIP delivered, what it was
 * given) is touched only in the tcpip thread, so it needs no lock of
 * ours: a caller hands its request over with net_run() and sleeps on
 * sk->wq until the tcpip thread's callbacks change what it waits for.
 * The few fields a caller reads to decide whether to wait (or poll) are
 * written in the tcpip thread and read atomically.
 *
 * Memory: the bytes a caller sends wait in pages of the socket's own
 * (struct sock_chunk, charged one page each when written) until lwIP's
 * send buffer takes them; what lwIP holds for the socket (received
 * pbufs not yet read, sent bytes not yet acknowledged) is charged in
 * pages too, by the tcpip thread (sock_account()). All of it is
 * uncharged as it is consumed, acknowledged or freed.
 *
 * Lifetime: a reference for the file and one while lwIP may call back
 * with the socket as its argument (the pcb's); the last one frees it.
 *
 * Locking: [I] immutable once the file exists; [x] the tcpip thread
 * only; [x,a] written in the tcpip thread, read atomically anywhere;
 * [a] atomic.
 */
#ifndef NET_SOCKET_INTERNAL_H
#define NET_SOCKET_INTERNAL_H

#include "kernel/wait.h"
#include "lib/list.h"
#include "lwip/err.h"
#include "lwip/opt.h"
#include "net/socket.h"

struct memcg;
struct pbuf;

enum sock_state {
	SOCK_UNCONNECTED,	/* new, or a UDP socket without a peer */
	SOCK_LISTENING,
	SOCK_CONNECTING,
	SOCK_CONNECTED,
	SOCK_CLOSED,		/* was connected; lwIP let go of the pcb */
};

/* Linux's defaults: tcp_wmem[2] (what a bulk sender's sndbuf grows to),
 * tcp_rmem[1], and net.core.[rw]mem_default for UDP. */
#define SOCK_TCP_SNDBUF		(4 << 20)
#define SOCK_TCP_RCVBUF		131072
#define SOCK_UDP_BUF		212992
/* SO_SNDBUF/SO_RCVBUF: Linux doubles the value and clamps it to these
 * (2 * net.core.[rw]mem_max; SOCK_MIN_SNDBUF, SOCK_MIN_RCVBUF). */
#define SOCK_BUF_MAX		(2 * 212992)
#define SOCK_MIN_SNDBUF		4608
#define SOCK_MIN_RCVBUF		2304
#define SOCK_MAX_BACKLOG	4096		/* net.core.somaxconn */
#define SOCK_DGRAM_QUEUE	64		/* datagrams a socket holds */
#define SOCK_UDP_MAX		65507		/* IPv4's largest */
/* TCP's receive window under memory pressure: two segments. */
#define SOCK_TCP_PRESSURE_WND	(2 * TCP_MSS)

/* Bytes a caller wrote, waiting for lwIP's send buffer: one page. */
struct sock_chunk {
	struct list_head node;		/* [x] on sk->txq */
	u32 off, len;			/* [x] data[off, len): unsent */
	u8 data[];
};

#define SOCK_CHUNK_DATA	(PAGE_SIZE - sizeof(struct sock_chunk))

/* A received datagram: lwIP's pbuf and where it came from. */
struct sock_dgram {
	struct pbuf *p;
	struct sock_addr from;
};

struct sock_proto {
	int (*bind)(struct sock *sk, const struct sock_addr *a);
	int (*listen)(struct sock *sk, int backlog);
	int (*accept)(struct sock *sk, int flags, bool nonblock,
		      struct file **out, struct sock_addr *peer);
	int (*connect)(struct sock *sk, const struct sock_addr *a,
		       bool nonblock);
	long (*send)(struct sock *sk, struct io_buf *io, int flags,
		     const struct sock_addr *to, bool nonblock);
	long (*recv)(struct sock *sk, struct io_buf *io, int flags,
		     struct sock_addr *from, bool nonblock);
	int (*shutdown)(struct sock *sk, int how);
	unsigned int (*poll)(struct sock *sk);
	void (*release)(void *sk);	/* in the tcpip thread */
	void (*name)(void *call);	/* in the tcpip thread */
	void (*set_nodelay)(void *sk);	/* in the tcpip thread */
};

struct sock {
	int refs;			/* [a] the file's, the pcb's */
	const struct sock_proto *proto;	/* [I] */
	int family;			/* [I] AF_INET or AF_INET6 */
	int type;			/* [I] SOCK_STREAM or SOCK_DGRAM */
	struct memcg *memcg;		/* [x] with a reference; NULL: not
					 * accounted. Set before the file
					 * exists (at socket() or accept()),
					 * fixed after */
	struct wait_queue_head wq;	/* readers, writers, accepters,
					 * connecters, pollers */
	void *pcb;			/* [x] tcp_pcb or udp_pcb; NULL once
					 * lwIP freed it */
	int state;			/* [x,a] enum sock_state */
	int err;			/* [x,a] pending error (SO_ERROR) */
	bool shut_rd, shut_wr;		/* [x,a] shutdown(2) */
	bool peer_fin;			/* [x,a] the peer sent FIN */
	bool fin_sent;			/* [x] lwIP told to send FIN */
	bool orphan;			/* [x] its file is closed; lwIP
					 * still sends what it queued */
	bool bound;			/* [x] bind() or an autobind */
	/* Receive: TCP's bytes in order, UDP's datagrams. */
	struct pbuf *rx;		/* [x] TCP: every byte not yet read */
	u32 rx_off;			/* [x] of rx's first pbuf, read */
	u32 rx_bytes;			/* [x,a] bytes received, unread */
	u32 wnd_withheld;		/* [x] TCP window not given back
					 * under memory pressure */
	u64 wnd_clamps;			/* [a] times it grew */
	struct sock_dgram dgrams[SOCK_DGRAM_QUEUE];	/* [x] a ring */
	u32 dg_head, dg_count;		/* [x,a] its first, its length */
	/* Send: TCP's pages of bytes lwIP has not taken yet. */
	struct list_head txq;		/* [x] struct sock_chunk */
	u32 tx_queued;			/* [x,a] bytes on txq */
	u32 tx_unacked;			/* [x,a] sent, not yet acked */
	unsigned int chunk_pages;	/* [x,a] chunks, each charged a page */
	unsigned int net_pages;		/* [x,a] pages charged for
					 * rx_bytes
					 * and tx_unacked */
	/* Listening: connections lwIP made, not yet accepted. */
	struct list_head accq;		/* [x] struct sock.acc_node */
	struct list_head acc_node;	/* [x] on the listener's accq */
	int backlog;			/* [x] */
	int acc_len;			/* [x,a] */
	/* Options: read by the tcpip thread, set by setsockopt(). */
	int sndbuf, rcvbuf;		/* [a] bytes */
	bool reuseaddr, nodelay;	/* [a] */
	u64 drops;			/* [a] datagrams or connections
					 * dropped: a full queue, or memory
					 * pressure */
};

extern const struct sock_proto sock_tcp_proto;
extern const struct sock_proto sock_udp_proto;

/* TCP's receive side (net/socket_tcp_recv.c). */
struct tcp_pcb;
err_t sock_tcp_received(void *arg, struct tcp_pcb *pcb, struct pbuf *p,
			err_t err);
long sock_tcp_recv(struct sock *sk, struct io_buf *io, int flags,
		   struct sock_addr *from, bool nonblock);

/* socket(2)'s pcb, in the tcpip thread: call->ret 0 or -ENOMEM. */
void sock_tcp_new(void *call);
void sock_udp_new(void *call);

/* A request for net_run(): the socket, an address, a result. */
struct sock_call {
	struct sock *sk;
	struct sock_addr addr;
	int arg;
	int ret;
	void *ptr;
};

struct sock *sock_alloc(int family, int type, gfp_t gfp);
void sock_get(struct sock *sk);
void sock_put(struct sock *sk);
struct file *sock_file(struct sock *sk, int flags);
void sock_account(struct sock *sk);
void sock_chunk_free(struct sock *sk, struct sock_chunk *c);
int sock_err_take(struct sock *sk);
int sock_wait(struct sock *sk, bool (*ready)(struct sock *sk));
void sock_sigpipe(int flags);
int sock_errno(int lwip_err);
bool sock_addr_is_local(u32 addr);

static inline int sock_read_int(const int *v)
{
	return __atomic_load_n(v, __ATOMIC_ACQUIRE);
}

static inline void sock_set_int(int *v, int n)
{
	__atomic_store_n(v, n, __ATOMIC_RELEASE);
}

static inline bool sock_flag(const bool *f)
{
	return __atomic_load_n(f, __ATOMIC_ACQUIRE);
}

static inline void sock_set_flag(bool *f)
{
	__atomic_store_n(f, true, __ATOMIC_RELEASE);
}

#endif
