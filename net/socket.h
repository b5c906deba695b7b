/* SPDX-License-Identifier: MIT */
/*
 * Sockets for user programs (net/socket*.c): AF_INET (and AF_INET6 with
 * IPv4 addresses only, see net/socket_addr.c) SOCK_STREAM and
 * SOCK_DGRAM on lwIP, as files of the VFS. The syscalls are Linux's
 * (net/socket_syscalls.c); the kernel's tests open sockets through the
 * same calls below.
 *
 * Every lwIP call is made in the tcpip thread (net_run() for a caller's
 * request, lwIP's callbacks for what arrives); a caller only sleeps on
 * the socket's wait queue and copies between its memory and pages.
 * A socket's queued bytes are charged to the memory cgroup of the task
 * that made or accepted it (mm/memcg_sock.h).
 */
#ifndef NET_SOCKET_H
#define NET_SOCKET_H

#include "lib/types.h"

/* Linux's values (include/linux/socket.h, include/linux/net.h). */
#define AF_UNSPEC	0
#define AF_UNIX		1
#define AF_INET		2
#define AF_INET6	10
#define SOCK_STREAM	1
#define SOCK_DGRAM	2
#define SOCK_RAW	3
#define SOCK_TYPE_MASK	0xf
#define SOCK_NONBLOCK	00004000	/* O_NONBLOCK */
#define SOCK_CLOEXEC	02000000	/* O_CLOEXEC */
#define IPPROTO_IP	0
#define IPPROTO_TCP	6
#define IPPROTO_UDP	17

#define MSG_PEEK	0x2
#define MSG_TRUNC	0x20
#define MSG_DONTWAIT	0x40
#define MSG_WAITALL	0x100
#define MSG_NOSIGNAL	0x4000
#define MSG_CMSG_CLOEXEC 0x40000000

#define SHUT_RD		0
#define SHUT_WR		1
#define SHUT_RDWR	2

struct file;
struct sock;
struct io_buf;

/* A socket address the kernel understands: IPv4, host byte order. */
struct sock_addr {
	u32 addr;
	u16 port;
};

void socket_init(void);
int socket_create(int family, int type, int protocol, struct file **out);
struct sock *sock_of_file(struct file *f);
int sock_bind(struct sock *sk, const struct sock_addr *a);
int sock_listen(struct sock *sk, int backlog);
int sock_accept(struct sock *sk, int flags, bool nonblock,
		struct file **out, struct sock_addr *peer);
int sock_connect(struct sock *sk, const struct sock_addr *a,
		 bool nonblock);
long sock_send(struct sock *sk, struct io_buf *io, int flags,
	       const struct sock_addr *to, bool nonblock);
long sock_recv(struct sock *sk, struct io_buf *io, int flags,
	       struct sock_addr *from, bool nonblock);
int sock_shutdown(struct sock *sk, int how);
int sock_name(struct sock *sk, bool peer, struct sock_addr *out);
int sock_family(const struct sock *sk);

/* For tests: bytes charged to the socket's memcg now, pages. */
unsigned int sock_charged_pages(struct sock *sk);
u64 sock_drops(struct sock *sk);
u64 sock_window_clamps(struct sock *sk);

#endif
