// SPDX-License-Identifier: MIT
/*
 * socktest: AF_INET sockets over 127.0.0.1 from user space, with the
 * results Linux gives, so the default run passes unchanged on Linux and
 * on oomlab:
 *   errnos    every failure of socket, socketpair, bind, listen, accept4,
 *             connect, send, recv, shutdown, getpeername, setsockopt
 *             and getsockopt this program can provoke, each Linux's
 *             errno, and a failed call changes nothing;
 *   tcp       an echo of 256 KiB (checksummed) through a listener,
 *             getsockname/getpeername on both ends, TCP_NODELAY and the
 *             buffer options;
 *   udp       datagrams keep their boundaries and senders, MSG_PEEK,
 *             MSG_TRUNC, a connected socket, sendmsg/recvmsg vectors;
 *   nonblock  -EAGAIN, -EINPROGRESS then POLLOUT and SO_ERROR 0, poll's
 *             POLLIN on data, on a pending connection, on EOF;
 *   backlog   three connections wait in a listener's queue and are
 *             accepted in the order they came;
 *   shutdown  SHUT_WR: the peer reads the data then EOF, our send is
 *             -EPIPE; SHUT_RD: our recv is 0;
 *   close     a close with unsent data still delivers all of it; a
 *             close with unread data resets the peer (-ECONNRESET).
 * Modes for oomlab's boot tests:
 *   --sigpipe   send on a reset connection without MSG_NOSIGNAL: SIGPIPE
 *               kills the process (it prints a line if it survives);
 *   --memcg DIR a server forked into cgroup DIR streams to us: DIR's
 *               memory.stat "sock" grows while we do not read, the
 *               stream arrives intact, and "sock" is 0 after the close;
 *   --bench-mib N [--bench-cgroup DIR]  time N MiB of loopback TCP
 *               from a forked server into this process, both in DIR
 *               (their sockets charged) or in the root (not charged).
 *
 * Output: "socktest: FAIL line=L what=... got=G want=W" per failed check,
 *         then "socktest: result checks=N failed=F"; exit 0 when F == 0.
 */
#include <stdbool.h>
#include <stdint.h>
#include "rt/args.h"
#include "rt/errno.h"
#include "rt/fs.h"
#include "rt/printf.h"
#include "rt/string.h"
#include "rt/sys.h"
#include "rt/syscall.h"
#include "rt/time.h"

enum {
	NR_poll = 7, NR_socket = 41, NR_connect = 42, NR_sendto = 44,
	NR_recvfrom = 45, NR_sendmsg = 46, NR_recvmsg = 47, NR_shutdown = 48,
	NR_bind = 49, NR_listen = 50, NR_getsockname = 51,
	NR_getpeername = 52, NR_socketpair = 53, NR_setsockopt = 54,
	NR_getsockopt = 55, NR_accept4 = 288, NR_pipe2 = 293,
};

#define AF_UNIX		1
#define AF_INET		2
#define AF_INET6	10
#define SOCK_STREAM	1
#define SOCK_DGRAM	2
#define SOCK_SEQPACKET	5
#define SOCK_NONBLOCK	04000
#define SOCK_CLOEXEC	02000000
#define IPPROTO_TCP	6
#define IPPROTO_UDP	17
#define SOL_SOCKET	1
#define SO_REUSEADDR	2
#define SO_TYPE		3
#define SO_ERROR	4
#define SO_SNDBUF	7
#define SO_RCVBUF	8
#define SO_ACCEPTCONN	30
#define TCP_NODELAY	1
#define MSG_PEEK	0x2
#define MSG_TRUNC	0x20
#define MSG_DONTWAIT	0x40
#define MSG_WAITALL	0x100
#define MSG_NOSIGNAL	0x4000
#define SHUT_RD		0
#define SHUT_WR		1
#define POLLIN		0x001
#define POLLOUT		0x004
#define POLLERR		0x008
#define POLLHUP		0x010
#define SIGPIPE		13

#ifndef EPIPE
#define EPIPE		32
#endif
#ifndef ENOTSOCK
#define ENOTSOCK	88
#define EDESTADDRREQ	89
#define EMSGSIZE	90
#define ENOPROTOOPT	92
#define EPROTONOSUPPORT	93
#define ESOCKTNOSUPPORT	94
#define EOPNOTSUPP	95
#define EAFNOSUPPORT	97
#define EADDRINUSE	98
#define EADDRNOTAVAIL	99
#define ECONNRESET	104
#define EISCONN		106
#define ENOTCONN	107
#define ECONNREFUSED	111
#define EALREADY	114
#define EINPROGRESS	115
#endif

#define LOOPBACK	0x7f000001
#define ECHO_BYTES	(256 * 1024)
#define STREAM_BYTES	(1024 * 1024)
#define WAIT_MS		10000
#define MIN(a, b)	((a) < (b) ? (a) : (b))

struct sockaddr_in {
	uint16_t family;
	uint16_t port;		/* network order */
	uint32_t addr;		/* network order */
	uint8_t zero[8];
};

struct pollfd {
	int fd;
	short events;
	short revents;
};

struct iovec {
	void *base;
	size_t len;
};

struct msghdr {
	void *name;
	int namelen;
	struct iovec *iov;
	size_t iovlen;
	void *control;
	size_t controllen;
	int flags;
};

static unsigned long checks, failed;

static void expect(long got, long want, int line, const char *what)
{
	checks++;
	if (got == want)
		return;
	failed++;
	printf("socktest: FAIL line=%d what=%s got=%ld want=%ld\n", line, what,
	       got, want);
}

#define EXPECT(call, want) expect((long)(call), (long)(want), __LINE__, #call)
#define EXPECT_TRUE(cond) expect(!!(cond), 1, __LINE__, #cond)

static uint16_t be16(uint16_t v)
{
	return (uint16_t)(v << 8 | v >> 8);
}

static uint32_t be32(uint32_t v)
{
	return be16((uint16_t)(v >> 16)) | (uint32_t)be16((uint16_t)v) << 16;
}

static struct sockaddr_in sin(uint32_t addr, uint16_t port)
{
	return (struct sockaddr_in){ .family = AF_INET, .port = be16(port),
				     .addr = be32(addr) };
}

static long sk_socket(int family, int type, int proto)
{
	return syscall3(NR_socket, family, type, proto);
}

static long sk_bind(int fd, const struct sockaddr_in *a, int len)
{
	return syscall3(NR_bind, fd, (long)a, len);
}

static long sk_connect(int fd, const struct sockaddr_in *a, int len)
{
	return syscall3(NR_connect, fd, (long)a, len);
}

static long sk_listen(int fd, int backlog)
{
	return syscall2(NR_listen, fd, backlog);
}

static long sk_accept4(int fd, struct sockaddr_in *a, int *len, int flags)
{
	return syscall4(NR_accept4, fd, (long)a, (long)len, flags);
}

static long sk_send(int fd, const void *buf, size_t n, int flags)
{
	return syscall6(NR_sendto, fd, (long)buf, (long)n, flags, 0, 0);
}

static long sk_sendto(int fd, const void *buf, size_t n, int flags,
		      const struct sockaddr_in *a)
{
	return syscall6(NR_sendto, fd, (long)buf, (long)n, flags, (long)a,
			sizeof(*a));
}

static long sk_recv(int fd, void *buf, size_t n, int flags)
{
	return syscall6(NR_recvfrom, fd, (long)buf, (long)n, flags, 0, 0);
}

static long sk_recvfrom(int fd, void *buf, size_t n, int flags,
			struct sockaddr_in *a, int *len)
{
	return syscall6(NR_recvfrom, fd, (long)buf, (long)n, flags, (long)a,
			(long)len);
}

static long sk_name(int nr, int fd, struct sockaddr_in *a)
{
	int len = sizeof(*a);
	long r = syscall3(nr, fd, (long)a, (long)&len);

	return r ? r : len;
}

static long sk_setint(int fd, int level, int name, int v)
{
	return syscall5(NR_setsockopt, fd, level, name, (long)&v, sizeof(v));
}

static long sk_getint(int fd, int level, int name)
{
	int v = -1, len = sizeof(v);
	long r = syscall5(NR_getsockopt, fd, level, name, (long)&v,
			  (long)&len);

	return r ? r : v;
}

static long sk_poll(int fd, short events, int timeout_ms)
{
	struct pollfd p = { .fd = fd, .events = events };
	long r = syscall3(NR_poll, (long)&p, 1, timeout_ms);

	return r < 0 ? r : p.revents;
}

static uint8_t pattern(uint32_t i)
{
	return (uint8_t)(i * 7 + (i >> 8));
}

/* A listener on 127.0.0.1:0; *port gets the port the kernel chose. */
static int listener(uint16_t *port, int backlog)
{
	struct sockaddr_in a = sin(LOOPBACK, 0);
	int fd = (int)sk_socket(AF_INET, SOCK_STREAM, 0);

	EXPECT(sk_bind(fd, &a, sizeof(a)), 0);
	EXPECT(sk_listen(fd, backlog), 0);
	EXPECT(sk_name(NR_getsockname, fd, &a), sizeof(a));
	*port = be16(a.port);
	return fd;
}

/* A connected pair over loopback: *cli connected, return: accepted. */
static int pair(int *cli)
{
	uint16_t port;
	int l = listener(&port, 1), s;
	struct sockaddr_in a = sin(LOOPBACK, port);

	*cli = (int)sk_socket(AF_INET, SOCK_STREAM, 0);
	EXPECT(sk_connect(*cli, &a, sizeof(a)), 0);
	s = (int)sk_accept4(l, NULL, NULL, 0);
	EXPECT_TRUE(s >= 0);
	sys_close(l);
	return s;
}

/* Read exactly @n bytes (or until EOF/error). Return: bytes read. */
static long read_all(int fd, uint8_t *buf, long n)
{
	long got = 0, r;

	while (got < n &&
	       (r = sk_recv(fd, buf + got, (size_t)(n - got), 0)) > 0)
		got += r;
	return got;
}

static void errnos_socket(void)
{
	int pipefd[2], sv[2];

	EXPECT(sk_socket(AF_INET, SOCK_STREAM, IPPROTO_UDP), -EPROTONOSUPPORT);
	EXPECT(sk_socket(AF_INET, SOCK_DGRAM, IPPROTO_TCP), -EPROTONOSUPPORT);
	EXPECT(sk_socket(AF_INET, SOCK_SEQPACKET, 0), -ESOCKTNOSUPPORT);
	EXPECT(sk_socket(AF_INET, SOCK_STREAM | 0x100, 0), -EINVAL);
	EXPECT(sk_socket(AF_INET, 0, 0), -ESOCKTNOSUPPORT);
	EXPECT(sk_socket(4242, SOCK_STREAM, 0), -EAFNOSUPPORT);
	EXPECT(syscall4(NR_socketpair, AF_INET, SOCK_STREAM, 0, (long)sv),
	       -EOPNOTSUPP);
	EXPECT(syscall2(NR_pipe2, (long)pipefd, 0), 0);
	EXPECT(sk_listen(pipefd[0], 1), -ENOTSOCK);
	EXPECT(sk_listen(999, 1), -EBADF);
	EXPECT(sk_getint(pipefd[0], SOL_SOCKET, SO_TYPE), -ENOTSOCK);
	sys_close(pipefd[0]);
	sys_close(pipefd[1]);
}

static void errnos_bind(void)
{
	struct sockaddr_in a = sin(LOOPBACK, 0), b;
	int fd = (int)sk_socket(AF_INET, SOCK_STREAM, 0);
	int fd2 = (int)sk_socket(AF_INET, SOCK_STREAM, 0);

	EXPECT(sk_bind(fd, &a, sizeof(a) - 1), -EINVAL);
	EXPECT(sk_bind(fd, &a, 200), -EINVAL);
	EXPECT(sk_bind(fd, (void *)8, sizeof(a)), -EFAULT);
	a.family = AF_INET6;
	EXPECT(sk_bind(fd, &a, sizeof(a)), -EAFNOSUPPORT);
	a = sin(0x01020304, 0);
	EXPECT(sk_bind(fd, &a, sizeof(a)), -EADDRNOTAVAIL);
	a = sin(LOOPBACK, 0);
	EXPECT(sk_bind(fd, &a, sizeof(a)), 0);
	EXPECT(sk_name(NR_getsockname, fd, &b), sizeof(b));
	EXPECT_TRUE(b.port != 0);
	EXPECT(sk_bind(fd, &a, sizeof(a)), -EINVAL);	/* bound already */
	EXPECT(sk_bind(fd2, &b, sizeof(b)), -EADDRINUSE);
	EXPECT(sk_name(NR_getpeername, fd, &b), -ENOTCONN);
	sys_close(fd);
	sys_close(fd2);
}

static void errnos_stream(void)
{
	struct sockaddr_in a = sin(LOOPBACK, 0);
	int fd = (int)sk_socket(AF_INET, SOCK_STREAM, 0);
	int u = (int)sk_socket(AF_INET, SOCK_DGRAM, 0);
	uint16_t port;
	int l, c, s;
	char x = 'x';

	EXPECT(sk_accept4(fd, NULL, NULL, 0), -EINVAL); /* no listen */
	EXPECT(sk_recv(fd, &x, 1, 0), -ENOTCONN);
	EXPECT(sk_send(fd, &x, 1, MSG_NOSIGNAL), -EPIPE);
	EXPECT(syscall2(NR_shutdown, fd, SHUT_WR), -ENOTCONN);
	EXPECT(syscall2(NR_shutdown, fd, 7), -EINVAL);
	EXPECT(sk_listen(u, 1), -EOPNOTSUPP);
	EXPECT(sk_accept4(u, NULL, NULL, 0), -EOPNOTSUPP);
	EXPECT(sk_send(u, &x, 1, 0), -EDESTADDRREQ);	/* yet bound: */
	EXPECT(sk_bind(u, &a, sizeof(a)), -EINVAL);	/* Linux autobinds */
	EXPECT(sk_setint(fd, SOL_SOCKET, 9999, 1), -ENOPROTOOPT);
	EXPECT(syscall5(NR_setsockopt, fd, SOL_SOCKET, SO_REUSEADDR,
			(long)&x, 1), -EINVAL);
	EXPECT(sk_getint(fd, 9999, 1), -EOPNOTSUPP);
	EXPECT(sk_getint(fd, 0, 9999), -ENOPROTOOPT);
	/* No TCP listener on the UDP socket's port: refused. */
	EXPECT(sk_name(NR_getsockname, u, &a), sizeof(a));
	a = sin(LOOPBACK, be16(a.port));
	EXPECT(sk_connect(fd, &a, sizeof(a)), -ECONNREFUSED);
	sys_close(fd);
	sys_close(u);
	l = listener(&port, 1);
	EXPECT(sk_accept4(l, NULL, NULL, 0x1), -EINVAL);	/* bad flags */
	a = sin(LOOPBACK, port);
	c = (int)sk_socket(AF_INET, SOCK_STREAM, 0);
	EXPECT(sk_connect(c, &a, sizeof(a)), 0);
	EXPECT(sk_connect(c, &a, sizeof(a)), -EISCONN);
	s = (int)sk_accept4(l, NULL, NULL, 0);
	EXPECT(sk_listen(c, 1), -EINVAL);		/* connected */
	EXPECT(sk_getint(l, SOL_SOCKET, SO_ACCEPTCONN), 1);
	EXPECT(sk_getint(c, SOL_SOCKET, SO_ACCEPTCONN), 0);
	sys_close(s);
	sys_close(c);
	sys_close(l);
}

static void tcp_echo(void)
{
	static uint8_t out[ECHO_BYTES], in[ECHO_BYTES];
	struct sockaddr_in a, b;
	long mismatches = 0, n;
	int c, s = pair(&c);

	for (uint32_t i = 0; i < ECHO_BYTES; i++)
		out[i] = pattern(i);
	EXPECT(sk_setint(c, IPPROTO_TCP, TCP_NODELAY, 1), 0);
	EXPECT(sk_getint(c, IPPROTO_TCP, TCP_NODELAY), 1);
	EXPECT(sk_getint(c, SOL_SOCKET, SO_TYPE), SOCK_STREAM);
	EXPECT(sk_setint(c, SOL_SOCKET, SO_SNDBUF, 65536), 0);
	EXPECT(sk_getint(c, SOL_SOCKET, SO_SNDBUF), 131072); /* doubled */
	EXPECT(sk_setint(c, SOL_SOCKET, SO_SNDBUF, 4 << 20), 0);
	EXPECT(sk_getint(c, SOL_SOCKET, SO_RCVBUF) > 0, 1);
	/* Client sends it all (256 KiB fits the default send buffer). */
	EXPECT(sk_send(c, out, ECHO_BYTES, 0), ECHO_BYTES);
	EXPECT(read_all(s, in, ECHO_BYTES), ECHO_BYTES);
	EXPECT(sk_send(s, in, ECHO_BYTES, 0), ECHO_BYTES);
	memset(in, 0, sizeof(in));
	EXPECT(read_all(c, in, ECHO_BYTES), ECHO_BYTES);
	for (uint32_t i = 0; i < ECHO_BYTES; i++)
		mismatches += in[i] != out[i];
	EXPECT(mismatches, 0);
	EXPECT(sk_name(NR_getsockname, c, &a), sizeof(a));
	EXPECT(sk_name(NR_getpeername, s, &b), sizeof(b));
	EXPECT(a.port, b.port);
	EXPECT(be32(b.addr), LOOPBACK);
	sys_close(c);
	n = sk_recv(s, in, 1, 0);
	EXPECT(n, 0);					/* EOF */
	sys_close(s);
}

static void udp_dgrams(void)
{
	static char big[70000];	/* past IPv4's largest datagram */
	struct sockaddr_in a = sin(LOOPBACK, 0), from, bto;
	int r = (int)sk_socket(AF_INET, SOCK_DGRAM, 0);
	int t = (int)sk_socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	char buf[64];
	int len = sizeof(from);
	struct iovec iov[2] = { { buf, 3 }, { buf + 3, 61 } };
	struct msghdr m = { .iov = iov, .iovlen = 2 };

	EXPECT(sk_bind(r, &a, sizeof(a)), 0);
	EXPECT(sk_name(NR_getsockname, r, &a), sizeof(a));
	EXPECT(sk_sendto(t, "hello", 5, 0, &a), 5);
	EXPECT(sk_sendto(t, "world!", 6, 0, &a), 6);
	EXPECT(sk_recv(r, buf, sizeof(buf), MSG_PEEK), 5);
	EXPECT(sk_recvfrom(r, buf, 3, MSG_TRUNC, &from, &len), 5);
	EXPECT(memcmp(buf, "hel", 3), 0);
	EXPECT(len, sizeof(from));
	EXPECT(sk_name(NR_getsockname, t, &bto), sizeof(bto));
	EXPECT(from.port, bto.port);		/* the sender's port */
	EXPECT(sk_recv(r, buf, sizeof(buf), 0), 6);	/* boundary held */
	EXPECT(memcmp(buf, "world!", 6), 0);
	EXPECT(sk_recv(r, buf, sizeof(buf), MSG_DONTWAIT), -EAGAIN);
	EXPECT(sk_connect(t, &a, sizeof(a)), 0);
	EXPECT(sk_send(t, "abcdef", 6, 0), 6);
	EXPECT(syscall3(NR_recvmsg, r, (long)&m, 0), 6);
	EXPECT(memcmp(buf, "abcdef", 6), 0);
	EXPECT(syscall3(NR_sendmsg, t, (long)&m, 0), 64);
	EXPECT(sk_recv(r, buf, sizeof(buf), 0), 64);
	EXPECT(sk_sendto(t, big, sizeof(big), 0, &a), -EMSGSIZE);
	sys_close(r);
	sys_close(t);
}

static void nonblocking(void)
{
	uint16_t port;
	int l = listener(&port, 2);
	struct sockaddr_in a = sin(LOOPBACK, port);
	int c = (int)sk_socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	int s;
	char x;

	EXPECT(sys_fcntl(l, 4 /* F_SETFL */, O_NONBLOCK), 0);
	EXPECT(sk_accept4(l, NULL, NULL, 0), -EAGAIN);
	EXPECT(sk_poll(l, POLLIN, 0), 0);	/* nobody yet */
	{
		long r = sk_connect(c, &a, sizeof(a));

		EXPECT_TRUE(r == -EINPROGRESS || r == 0);
	}
	EXPECT(sk_poll(c, POLLOUT, WAIT_MS), POLLOUT);
	EXPECT(sk_getint(c, SOL_SOCKET, SO_ERROR), 0);
	EXPECT(sk_poll(l, POLLIN, WAIT_MS), POLLIN);
	s = (int)sk_accept4(l, NULL, NULL, SOCK_NONBLOCK);
	EXPECT_TRUE(s >= 0);
	EXPECT(sk_recv(s, &x, 1, 0), -EAGAIN);
	EXPECT(sk_poll(s, POLLIN, 0), 0);
	EXPECT(sk_send(c, "z", 1, 0), 1);
	EXPECT(sk_poll(s, POLLIN, WAIT_MS), POLLIN);
	EXPECT(sk_recv(s, &x, 1, 0), 1);
	EXPECT(x, 'z');
	sys_close(c);
	EXPECT(sk_poll(s, POLLIN, WAIT_MS), POLLIN);	/* EOF: readable */
	EXPECT(sk_recv(s, &x, 1, 0), 0);
	sys_close(s);
	sys_close(l);
}

static void backlog(void)
{
	uint16_t port;
	int l = listener(&port, 4), c[3];
	struct sockaddr_in a = sin(LOOPBACK, port), me, peer;

	for (int i = 0; i < 3; i++) {
		c[i] = (int)sk_socket(AF_INET, SOCK_STREAM, 0);
		EXPECT(sk_connect(c[i], &a, sizeof(a)), 0);
	}
	for (int i = 0; i < 3; i++) {
		int len = sizeof(peer);
		int s = (int)sk_accept4(l, &peer, &len, SOCK_CLOEXEC);

		EXPECT_TRUE(s >= 0);
		EXPECT(len, sizeof(peer));
		EXPECT(sk_name(NR_getsockname, c[i], &me), sizeof(me));
		EXPECT(peer.port, me.port);	/* in arrival order */
		sys_close(s);
		sys_close(c[i]);
	}
	sys_close(l);
}

static void shutdown_close(void)
{
	static uint8_t buf[65536];
	int c, s = pair(&c);
	char x;

	EXPECT(sk_send(c, "abc", 3, 0), 3);
	EXPECT(syscall2(NR_shutdown, c, SHUT_WR), 0);
	EXPECT(sk_send(c, "d", 1, MSG_NOSIGNAL), -EPIPE);
	EXPECT(sk_recv(s, buf, sizeof(buf), MSG_WAITALL), 3); /* EOF */
	EXPECT(sk_recv(s, &x, 1, 0), 0);
	EXPECT(sk_send(s, "e", 1, 0), 1);		/* half open */
	EXPECT(sk_recv(c, &x, 1, 0), 1);
	EXPECT(syscall2(NR_shutdown, c, SHUT_RD), 0);
	EXPECT(sk_recv(c, &x, 1, 0), 0);
	sys_close(c);
	sys_close(s);

	/* Closed with 64 KiB unsent: all of it still arrives, then EOF. */
	s = pair(&c);
	for (uint32_t i = 0; i < sizeof(buf); i++)
		buf[i] = pattern(i);
	EXPECT(sk_send(c, buf, sizeof(buf), 0), sizeof(buf));
	sys_close(c);
	memset(buf, 0, sizeof(buf));
	EXPECT(read_all(s, buf, sizeof(buf)), sizeof(buf));
	EXPECT(buf[sizeof(buf) - 1], pattern(sizeof(buf) - 1));
	EXPECT(sk_recv(s, &x, 1, 0), 0);
	sys_close(s);

	/* Closed with unread bytes: the peer is reset. */
	s = pair(&c);
	EXPECT(sk_send(c, "unread", 6, 0), 6);
	EXPECT(sk_poll(s, POLLIN, WAIT_MS), POLLIN);
	sys_close(s);
	EXPECT(sk_poll(c, POLLIN, WAIT_MS) & (POLLIN | POLLERR) ? 1 : 0, 1);
	EXPECT(sk_recv(c, &x, 1, 0), -ECONNRESET);
	EXPECT(sk_send(c, "x", 1, MSG_NOSIGNAL), -EPIPE);
	sys_close(c);
}

/* SIGPIPE's default action ends us on a send to a reset connection. */
static int sigpipe(void)
{
	int c, s = pair(&c);
	char x;

	EXPECT(sk_send(c, "unread", 6, 0), 6);
	EXPECT(sk_poll(s, POLLIN, WAIT_MS), POLLIN);
	sys_close(s);
	EXPECT(sk_poll(c, POLLIN, WAIT_MS) & POLLIN, POLLIN);
	EXPECT(sk_recv(c, &x, 1, 0), -ECONNRESET);
	sk_send(c, "x", 1, 0);
	printf("socktest: survived SIGPIPE\n");
	return 1;
}

/* The value of @key ("sock ") in @dir's @file, or -1. */
static long cg_key(const char *dir, const char *file, const char *key)
{
	char path[256], buf[4096];
	uint64_t v;
	long n, fd;
	char *p, *e;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	fd = sys_open(path, O_RDONLY, 0);
	if (fd < 0)
		return -1;
	n = sys_read((int)fd, buf, sizeof(buf) - 1);
	sys_close((int)fd);
	if (n <= 0)
		return -1;
	buf[n] = 0;
	p = key ? strstr(buf, key) : buf;
	if (!p)
		return -1;
	p += key ? strlen(key) : 0;
	for (e = p; *e >= '0' && *e <= '9'; e++)
		;
	*e = 0;
	return args_parse_u64(p, &v) ? (long)v : -1;
}

static bool cg_write(const char *dir, const char *file, const char *val)
{
	char path[256];
	long fd, n;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	fd = sys_open(path, O_WRONLY, 0);
	if (fd < 0)
		return false;
	n = sys_write((int)fd, val, strlen(val));
	sys_close((int)fd);
	return n == (long)strlen(val);
}

/* The memory controller in @dir's parent's children (Linux's too). */
static bool enable_memory(const char *dir)
{
	char parent[256];
	char *slash;

	snprintf(parent, sizeof(parent), "%s", dir);
	slash = parent + strlen(parent);
	while (slash > parent && *slash != '/')
		slash--;
	*slash = 0;
	return cg_write(slash > parent ? parent : "/", "cgroup.subtree_control",
			"+memory");
}

/* Poll @dir's memory.stat until "sock" is at least @min bytes; bounded
 * (WAIT_MS): the value it reached. */
static long wait_sock(const char *dir, long min)
{
	struct timespec ten_ms = { 0, 10 * 1000 * 1000 };
	long v = -1;

	for (int i = 0; i < WAIT_MS / 10; i++) {
		v = cg_key(dir, "memory.stat", "sock ");
		if (v >= min)
			break;
		sys_nanosleep(&ten_ms, NULL);
	}
	return v;
}

/* The server (in @dir unless NULL): accept one connection, send @mib
 * times the STREAM_BYTES pattern, close. */
static __attribute__((noreturn)) void stream_server(const char *dir, int ctl,
						    uint64_t mib)
{
	static uint8_t out[STREAM_BYTES];
	uint16_t port;
	int l, s;

	if (dir && !cg_write(dir, "cgroup.procs", "0"))
		sys_exit(4);
	for (uint32_t i = 0; i < STREAM_BYTES; i++)
		out[i] = pattern(i);
	l = listener(&port, 1);
	sys_write(ctl, &port, sizeof(port));
	s = (int)sk_accept4(l, NULL, NULL, 0);
	for (uint64_t i = 0; i < mib; i++)
		EXPECT(sk_send(s, out, STREAM_BYTES, 0), STREAM_BYTES);
	sys_close(s);
	sys_close(l);
	sys_exit(failed ? 1 : 0);
}

/*
 * A server forked into @dir streams STREAM_BYTES to us. Its socket's
 * send queue is charged to @dir: memory.stat "sock" holds nearly all of
 * it while we do not read (memory.current with it), the bytes arrive
 * intact, and "sock" is back to 0 once the server closed and exited.
 */
static int memcg_stream(const char *dir)
{
	static uint8_t in[STREAM_BYTES];
	struct sockaddr_in a;
	long bad = 0, pid, sock;
	int ctl[2], c, status = -1;
	uint16_t port = 0;
	char x;

	EXPECT(enable_memory(dir), true);
	EXPECT(sys_mkdir(dir, 0755), 0);
	EXPECT(syscall2(NR_pipe2, (long)ctl, 0), 0);
	pid = sys_fork();
	if (!pid)
		stream_server(dir, ctl[1], 1);
	EXPECT(sys_read(ctl[0], &port, sizeof(port)), sizeof(port));
	a = sin(LOOPBACK, port);
	c = (int)sk_socket(AF_INET, SOCK_STREAM, 0);
	EXPECT(sk_connect(c, &a, sizeof(a)), 0);
	sock = wait_sock(dir, STREAM_BYTES - 128 * 1024);
	EXPECT_TRUE(sock >= STREAM_BYTES - 128 * 1024);
	EXPECT_TRUE(cg_key(dir, "memory.current", NULL) >= sock);
	printf("socktest: sock=%ld while the client did not read\n", sock);
	EXPECT(read_all(c, in, STREAM_BYTES), STREAM_BYTES);
	for (uint32_t i = 0; i < STREAM_BYTES; i++)
		bad += in[i] != pattern(i);
	EXPECT(bad, 0);
	EXPECT(sk_recv(c, &x, 1, 0), 0);
	EXPECT(sys_wait4((int)pid, &status, 0, NULL), pid);
	EXPECT(status, 0);
	EXPECT(cg_key(dir, "memory.stat", "sock "), 0);
	sys_close(c);
	sys_close(ctl[0]);
	sys_close(ctl[1]);
	EXPECT(sys_rmdir(dir), 0);
	printf("socktest: result checks=%lu failed=%lu\n", checks, failed);
	return failed ? 1 : 0;
}

/*
 * Loopback TCP into this process: a forked server sends @mib MiB, we read
 * them. With @dir both ends are in that group, so both sockets are
 * charged; without, both are in the root, which is never charged. Prints
 * "socktest: bench mib=N ns=T accounted=0|1".
 */
static int bench(uint64_t mib, const char *dir)
{
	static uint8_t in[STREAM_BYTES];
	uint64_t got = 0, t0;
	struct sockaddr_in a;
	int ctl[2], c, status = -1;
	uint16_t port = 0;
	long pid, r;

	if (dir) {
		EXPECT(enable_memory(dir), true);
		EXPECT(sys_mkdir(dir, 0755), 0);
		EXPECT(cg_write(dir, "cgroup.procs", "0"), true);
	}
	EXPECT(syscall2(NR_pipe2, (long)ctl, 0), 0);
	pid = sys_fork();
	if (!pid)
		stream_server(NULL, ctl[1], mib);
	EXPECT(sys_read(ctl[0], &port, sizeof(port)), sizeof(port));
	a = sin(LOOPBACK, port);
	c = (int)sk_socket(AF_INET, SOCK_STREAM, 0);
	t0 = time_now_ns();
	EXPECT(sk_connect(c, &a, sizeof(a)), 0);
	while ((r = sk_recv(c, in, sizeof(in), 0)) > 0)
		got += (uint64_t)r;
	printf("socktest: bench mib=%lu ns=%lu accounted=%d\n", got >> 20,
	       time_now_ns() - t0, dir != NULL);
	EXPECT(got, mib * STREAM_BYTES);
	EXPECT(sys_wait4((int)pid, &status, 0, NULL), pid);
	EXPECT(status, 0);
	sys_close(c);
	sys_close(ctl[0]);
	sys_close(ctl[1]);
	if (dir) {
		char root[256];

		snprintf(root, sizeof(root), "%s/..", dir);
		EXPECT(cg_write(root, "cgroup.procs", "0"), true);
		EXPECT(sys_rmdir(dir), 0);
	}
	printf("socktest: result checks=%lu failed=%lu\n", checks, failed);
	return failed ? 1 : 0;
}

int main(int argc, char **argv, char **envp);

int main(int argc, char **argv, char **envp)
{
	bool do_sigpipe = false;
	const char *memcg_dir = NULL, *bench_dir = NULL;
	uint64_t bench_mib = 0;
	const struct arg_opt opts[] = {
		{ "sigpipe", ARG_FLAG, &do_sigpipe, "die of SIGPIPE" },
		{ "memcg", ARG_STR, &memcg_dir,
		  "stream from a server in cgroup DIR (made and removed)" },
		{ "bench-mib", ARG_U64, &bench_mib,
		  "time N MiB of loopback TCP into this process" },
		{ "bench-cgroup", ARG_STR, &bench_dir,
		  "--bench-mib in cgroup DIR (made and removed): accounted" },
		{ NULL, 0, NULL, NULL },
	};
	int r = args_parse(argc, argv, opts, "AF_INET socket checks");

	if (r)
		return r == ARGS_HELP ? 0 : 2;
	if (do_sigpipe)
		return sigpipe();
	if (memcg_dir)
		return memcg_stream(memcg_dir);
	if (bench_mib)
		return bench(bench_mib, bench_dir);
	errnos_socket();
	errnos_bind();
	errnos_stream();
	tcp_echo();
	udp_dgrams();
	nonblocking();
	backlog();
	shutdown_close();
	printf("socktest: result checks=%lu failed=%lu\n", checks, failed);
	return failed ? 1 : 0;
}
