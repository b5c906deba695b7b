// SPDX-License-Identifier: MIT
/*
 * The socket system calls (Linux 6.1's net/socket.c): socket,
 * socketpair, bind, listen, accept, accept4, connect, sendto, recvfrom,
 * sendmsg, recvmsg, shutdown, getsockname and getpeername, with Linux's
 * argument checks in Linux's order: a bad fd is -EBADF, a file that is
 * no socket -ENOTSOCK, an address length past struct sockaddr_storage
 * -EINVAL, a bad pointer -EFAULT. setsockopt and getsockopt are in
 * net/socket_opt.c.
 *
 * Deviations: AF_UNIX does not exist (socket() and socketpair() say
 * -EAFNOSUPPORT), nor SOCK_RAW (-ESOCKTNOSUPPORT, where Linux gives
 * root a raw socket); no control messages (msg_controllen comes back
 * 0).
 */
#include <arch/uaccess.h>
#include "fs/fdtable.h"
#include "fs/file.h"
#include "fs/fs_process.h"
#include "kernel/signal.h"
#include "kernel/syscall.h"
#include "lib/errno.h"
#include "mm/slab.h"
#include "net/socket_addr.h"
#include "net/socket_internal.h"

#define SOCK_MAX_TYPE	11		/* Linux's SOCK_MAX */
#define NPROTO		46		/* Linux's AF_MAX */
#define UIO_MAXIOV	1024

struct iovec {
	void __user *iov_base;
	size_t iov_len;
};

/* struct user_msghdr, x86_64. */
struct msghdr_user {
	void __user *msg_name;
	int msg_namelen;
	struct iovec __user *msg_iov;
	size_t msg_iovlen;
	void __user *msg_control;
	size_t msg_controllen;
	unsigned int msg_flags;
};

/**
 * sock_fget - the socket behind fd @fd (Linux's sockfd_lookup()).
 * @fd: the descriptor
 * @f: its file, with a reference (fput() it)
 * @err: -EBADF or -ENOTSOCK when there is none
 *
 * Context: process context.
 * Return: the socket, or NULL.
 */
static struct sock *sock_fget(int fd, struct file **f, long *err)
{
	struct sock *sk;

	*f = fs_fget(fd);
	*err = -EBADF;
	if (!*f)
		return NULL;
	sk = sock_of_file(*f);
	*err = -ENOTSOCK;
	if (!sk) {
		fput(*f);
		return NULL;
	}
	return sk;
}

/* A user's address for @sk; @not_v4 is the errno for an IPv6 address
 * nobody here can have. AF_UNSPEC gives *@unspec (connect() only). */
static int addr_in(struct sock *sk, const void __user *uaddr, int len,
		   struct sock_addr *a, int not_v4, bool *unspec)
{
	u8 buf[SOCKADDR_MAX_LEN];
	int r;

	if (len < 0 || len > SOCKADDR_MAX_LEN)
		return -EINVAL;
	if (copy_from_user(buf, uaddr, (size_t)len))
		return -EFAULT;
	if (unspec && len >= 2 && buf[0] == AF_UNSPEC && !buf[1]) {
		*unspec = true;
		return 0;
	}
	r = sock_addr_parse(sock_family(sk), buf, (u32)len, a);
	return r == SOCK_ADDR_NOT_V4 ? not_v4 : r;
}

/* Linux's move_addr_to_user(): at most *@ulen bytes, then the length. */
static int addr_out(struct sock *sk, const struct sock_addr *a,
		    void __user *uaddr, int __user *ulen)
{
	u8 buf[SOCKADDR_IN6_LEN];
	u32 klen;
	int len;

	if (!uaddr)
		return 0;
	if (get_user(len, ulen))
		return -EFAULT;
	if (len < 0)
		return -EINVAL;
	klen = sock_addr_format(sock_family(sk), a, buf);
	if (copy_to_user(uaddr, buf, MIN((u32)len, klen)))
		return -EFAULT;
	return put_user(klen, ulen) ? -EFAULT : 0;
}

/* socket()'s and socketpair()'s checks, Linux's __sock_create() and
 * inet_create() order. */
static int sock_check(int family, int type, int protocol)
{
	int kind = type & SOCK_TYPE_MASK;

	if (type & ~(SOCK_TYPE_MASK | SOCK_NONBLOCK | SOCK_CLOEXEC))
		return -EINVAL;
	if (family < 0 || family >= NPROTO)
		return -EAFNOSUPPORT;
	if (kind >= SOCK_MAX_TYPE)
		return -EINVAL;
	if (family != AF_INET && family != AF_INET6)
		return -EAFNOSUPPORT;
	if (kind == SOCK_STREAM)
		return protocol == IPPROTO_IP || protocol == IPPROTO_TCP ?
		       0 : -EPROTONOSUPPORT;
	if (kind == SOCK_DGRAM)
		return protocol == IPPROTO_IP || protocol == IPPROTO_UDP ?
		       0 : -EPROTONOSUPPORT;
	return -ESOCKTNOSUPPORT;
}

static long fd_of(struct file *f, int flags)
{
	struct files_struct *files = fs_files();
	int fd;

	if (!files) {
		fput(f);
		return -EBADF;
	}
	fd = fd_install(files, f, 0, flags & SOCK_CLOEXEC);
	if (fd < 0)
		fput(f);
	return fd;
}

SYSCALL_DEFINE3(socket, int, family, int, type, int, protocol)
{
	struct file *f;
	int r = sock_check(family, type, protocol);

	if (r)
		return r;
	r = socket_create(family, type, protocol, &f);
	return r ? r : fd_of(f, type);
}

SYSCALL_DEFINE4(socketpair, int, family, int, type, int, protocol,
		int __user *, sv)
{
	int r = sock_check(family, type, protocol);

	return r ? r : -EOPNOTSUPP;	/* inet's sock_no_socketpair() */
}

SYSCALL_DEFINE3(bind, int, fd, const void __user *, uaddr, int, len)
{
	struct sock_addr a;
	struct file *f;
	long r;
	struct sock *sk = sock_fget(fd, &f, &r);

	if (!sk)
		return r;
	r = addr_in(sk, uaddr, len, &a, -EADDRNOTAVAIL, NULL);
	if (!r)
		r = sock_bind(sk, &a);
	fput(f);
	return r;
}

SYSCALL_DEFINE2(listen, int, fd, int, backlog)
{
	struct file *f;
	long r;
	struct sock *sk = sock_fget(fd, &f, &r);

	if (!sk)
		return r;
	r = sock_listen(sk, backlog);
	fput(f);
	return r;
}

SYSCALL_DEFINE4(accept4, int, fd, void __user *, uaddr, int __user *, ulen,
		int, flags)
{
	struct sock_addr peer;
	struct file *f, *nf;
	long r;
	struct sock *sk;

	if (flags & ~(SOCK_CLOEXEC | SOCK_NONBLOCK))
		return -EINVAL;
	sk = sock_fget(fd, &f, &r);
	if (!sk)
		return r;
	r = sock_accept(sk, flags, f->flags & O_NONBLOCK, &nf, &peer);
	if (!r) {
		r = addr_out(sock_of_file(nf), &peer, uaddr, ulen);
		if (r)
			fput(nf);	/* Linux: the connection is lost */
		else
			r = fd_of(nf, flags);
	}
	fput(f);
	return r;
}

SYSCALL_DEFINE3(accept, int, fd, void __user *, uaddr, int __user *, ulen)
{
	return sys_accept4(fd, uaddr, ulen, 0);
}

SYSCALL_DEFINE3(connect, int, fd, const void __user *, uaddr, int, len)
{
	bool unspec = false;
	struct sock_addr a;
	struct file *f;
	long r;
	struct sock *sk = sock_fget(fd, &f, &r);

	if (!sk)
		return r;
	r = addr_in(sk, uaddr, len, &a, -ENETUNREACH, &unspec);
	if (!r)
		r = sock_connect(sk, unspec ? NULL : &a,
				 f->flags & O_NONBLOCK);
	fput(f);
	return r;
}

/* One send of @io: sendto(2), write(2) and sendmsg(2) end here. */
static long send_io(int fd, struct io_buf *io, int flags,
		    const void __user *uaddr, int len)
{
	struct sock_addr a;
	struct file *f;
	long r;
	struct sock *sk = sock_fget(fd, &f, &r);

	if (!sk)
		return r;
	r = uaddr ? addr_in(sk, uaddr, len, &a, -ENETUNREACH, NULL) : 0;
	if (!r)
		r = sock_send(sk, io, flags, uaddr ? &a : NULL,
			      f->flags & O_NONBLOCK);
	fput(f);
	return r;
}

SYSCALL_DEFINE6(sendto, int, fd, const void __user *, buf, size_t, n,
		unsigned int, flags, const void __user *, uaddr, int, len)
{
	struct io_buf io = { .base = (char *)buf, .len = n, .user = true };

	if (n > INT32_MAX)
		io.len = INT32_MAX;
	if (!access_ok(buf, io.len))
		return -EFAULT;
	return send_io(fd, &io, (int)flags, uaddr, len);
}

/* One receive into @io: recvfrom(2), read(2), recvmsg(2). */
static long recv_io(int fd, struct io_buf *io, int flags,
		    void __user *uaddr, int __user *ulen)
{
	struct sock_addr from;
	struct file *f;
	long r;
	struct sock *sk = sock_fget(fd, &f, &r);

	if (!sk)
		return r;
	r = sock_recv(sk, io, flags, &from, f->flags & O_NONBLOCK);
	if (r >= 0 && uaddr && sk->type == SOCK_DGRAM) {
		long e = addr_out(sk, &from, uaddr, ulen);

		r = e ? e : r;
	} else if (r >= 0 && ulen && uaddr && put_user(0, ulen)) {
		r = -EFAULT;	/* a stream has no sender: length 0 */
	}
	fput(f);
	return r;
}

SYSCALL_DEFINE6(recvfrom, int, fd, void __user *, buf, size_t, n,
		unsigned int, flags, void __user *, uaddr, int __user *, ulen)
{
	struct io_buf io = { .base = buf, .len = n, .user = true };

	if (n > INT32_MAX)
		io.len = INT32_MAX;
	if (!access_ok(buf, io.len))
		return -EFAULT;
	return recv_io(fd, &io, (int)flags, uaddr, ulen);
}

/* The message header and its vector, checked (Linux's
 * copy_msghdr_from_user()). Return: the vector (kfree() it) or NULL
 * with *@err set. */
static struct iovec *msg_get(const struct msghdr_user __user *umsg,
			     struct msghdr_user *msg, size_t *total,
			     long *err)
{
	struct iovec *iov;

	*err = -EFAULT;
	if (copy_from_user(msg, umsg, sizeof(*msg)))
		return NULL;
	*err = -EMSGSIZE;
	if (msg->msg_iovlen > UIO_MAXIOV)
		return NULL;
	*err = -EINVAL;
	if (msg->msg_namelen < 0)
		return NULL;
	msg->msg_namelen = MIN(msg->msg_namelen, SOCKADDR_MAX_LEN);
	*err = -ENOMEM;
	iov = kmalloc(msg->msg_iovlen * sizeof(*iov) ?: 1, GFP_KERNEL);
	if (!iov)
		return NULL;
	*err = -EFAULT;
	if (copy_from_user(iov, msg->msg_iov,
			   msg->msg_iovlen * sizeof(*iov)))
		goto out_free;
	*err = -EINVAL;
	*total = 0;
	for (size_t i = 0; i < msg->msg_iovlen; i++) {
		if (iov[i].iov_len > INT32_MAX - *total)
			goto out_free;
		*total += iov[i].iov_len;
		if (!access_ok(iov[i].iov_base, iov[i].iov_len)) {
			*err = -EFAULT;
			goto out_free;
		}
	}
	*err = 0;
	return iov;
out_free:
	kfree(iov);
	return NULL;
}

/* A datagram is one send: gather the vector into a kernel copy. */
static long send_gather(int fd, const struct iovec *iov, size_t cnt,
			size_t total, int flags, const struct msghdr_user *m)
{
	struct io_buf io = { .len = total };
	size_t off = 0;
	long r = -EMSGSIZE;

	if (total > SOCK_UDP_MAX)
		return r;
	io.base = kmalloc(total ?: 1, GFP_KERNEL);
	if (!io.base)
		return -ENOMEM;
	r = -EFAULT;
	for (size_t i = 0; i < cnt; off += iov[i].iov_len, i++)
		if (copy_from_user(io.base + off, iov[i].iov_base,
				   iov[i].iov_len))
			goto out_free;
	r = send_io(fd, &io, flags, m->msg_name, m->msg_namelen);
out_free:
	kfree(io.base);
	return r;
}

SYSCALL_DEFINE3(sendmsg, int, fd, const struct msghdr_user __user *, umsg,
		unsigned int, flags)
{
	struct msghdr_user m;
	size_t total, done = 0;
	struct iovec *iov;
	struct file *f;
	long r;
	struct sock *sk = sock_fget(fd, &f, &r);

	if (!sk)
		return r;
	iov = msg_get(umsg, &m, &total, &r);
	if (!iov)
		goto out_put;
	if (sk->type == SOCK_DGRAM) {
		r = send_gather(fd, iov, m.msg_iovlen, total, (int)flags, &m);
		goto out_free;
	}
	for (size_t i = 0; i < m.msg_iovlen; i++) {
		struct io_buf io = { .base = iov[i].iov_base,
				     .len = iov[i].iov_len, .user = true };

		r = io.len ? send_io(fd, &io, (int)flags, NULL, 0) : 0;
		if (r < 0)
			break;
		done += (size_t)r;
		if ((size_t)r < io.len)
			break;
	}
	r = done ? (long)done : r;
out_free:
	kfree(iov);
out_put:
	fput(f);
	return r;
}

/* A datagram lands in a kernel copy, then across the vector. */
static long recv_scatter(int fd, const struct iovec *iov, size_t cnt,
			 size_t total, int flags, struct msghdr_user *m,
			 int __user *ulen)
{
	struct io_buf io = { .len = MIN(total, (size_t)SOCK_UDP_MAX) };
	size_t off = 0;
	long r;

	io.base = kmalloc(io.len ?: 1, GFP_KERNEL);
	if (!io.base)
		return -ENOMEM;
	r = recv_io(fd, &io, flags | MSG_TRUNC, m->msg_name, ulen);
	if (r < 0)
		goto out_free;
	if ((size_t)r > io.len)
		m->msg_flags |= MSG_TRUNC;
	for (size_t i = 0; i < cnt && off < MIN((size_t)r, io.len); i++) {
		size_t n = MIN(iov[i].iov_len, MIN((size_t)r, io.len) - off);

		if (copy_to_user(iov[i].iov_base, io.base + off, n)) {
			r = -EFAULT;
			goto out_free;
		}
		off += n;
	}
	if (!(flags & MSG_TRUNC))
		r = (long)off;
out_free:
	kfree(io.base);
	return r;
}

SYSCALL_DEFINE3(recvmsg, int, fd, struct msghdr_user __user *, umsg,
		unsigned int, flags)
{
	struct msghdr_user m;
	size_t total, done = 0;
	struct iovec *iov;
	struct file *f;
	long r;
	struct sock *sk = sock_fget(fd, &f, &r);

	if (!sk)
		return r;
	iov = msg_get(umsg, &m, &total, &r);
	if (!iov)
		goto out_put;
	m.msg_flags = 0;
	if (sk->type == SOCK_DGRAM) {
		r = recv_scatter(fd, iov, m.msg_iovlen, total, (int)flags, &m,
				 m.msg_name ? &umsg->msg_namelen : NULL);
	} else {
		for (size_t i = 0; i < m.msg_iovlen; i++) {
			struct io_buf io = { .base = iov[i].iov_base,
					     .len = iov[i].iov_len,
					     .user = true };

			if (!io.len)
				continue;
			r = recv_io(fd, &io, (int)flags |
				    (done ? MSG_DONTWAIT : 0), NULL, NULL);
			if (r <= 0)
				break;
			done += (size_t)r;
			if ((size_t)r < io.len)
				break;
		}
		r = done ? (long)done : r;
		if (m.msg_name && put_user(0, &umsg->msg_namelen))
			r = -EFAULT;
	}
	if (r >= 0 && (put_user(m.msg_flags, &umsg->msg_flags) ||
		       put_user(0UL, &umsg->msg_controllen)))
		r = -EFAULT;
	kfree(iov);
out_put:
	fput(f);
	return r;
}

SYSCALL_DEFINE2(shutdown, int, fd, int, how)
{
	struct file *f;
	long r;
	struct sock *sk = sock_fget(fd, &f, &r);

	if (!sk)
		return r;
	r = sock_shutdown(sk, how);
	fput(f);
	return r;
}

static long name_of(int fd, void __user *uaddr, int __user *ulen, bool peer)
{
	struct sock_addr a;
	struct file *f;
	long r;
	struct sock *sk = sock_fget(fd, &f, &r);

	if (!sk)
		return r;
	r = sock_name(sk, peer, &a);
	if (!r)
		r = addr_out(sk, &a, uaddr, ulen);
	fput(f);
	return r;
}

SYSCALL_DEFINE3(getsockname, int, fd, void __user *, uaddr,
		int __user *, ulen)
{
	return name_of(fd, uaddr, ulen, false);
}

SYSCALL_DEFINE3(getpeername, int, fd, void __user *, uaddr,
		int __user *, ulen)
{
	return name_of(fd, uaddr, ulen, true);
}
