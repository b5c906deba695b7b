// SPDX-License-Identifier: MIT
/*
 * setsockopt(2) and getsockopt(2) (Linux 6.1's sock_setsockopt(),
 * sock_getsockopt(), do_tcp_setsockopt()): SOL_SOCKET's SO_REUSEADDR,
 * SO_TYPE, SO_ERROR, SO_SNDBUF, SO_RCVBUF, SO_ACCEPTCONN, SO_PROTOCOL,
 * SO_DOMAIN, and TCP_NODELAY. A value shorter than an int is -EINVAL,
 * an option nobody knows -ENOPROTOOPT; a get of fewer bytes than an int
 * gets the int's first bytes, as Linux's.
 *
 * SO_SNDBUF and SO_RCVBUF store twice the value, clamped (Linux's
 * bookkeeping overhead): the send limit is SO_SNDBUF, exactly. TCP's
 * receive side is bounded by lwIP's window (TCP_WND) whatever SO_RCVBUF
 * says; UDP's by SO_RCVBUF.
 */
#include <arch/uaccess.h>
#include "fs/file.h"
#include "fs/fs_process.h"
#include "kernel/syscall.h"
#include "lib/errno.h"
#include "net/internal.h"
#include "net/socket_internal.h"

#define SOL_SOCKET	1
#define SO_REUSEADDR	2
#define SO_TYPE		3
#define SO_ERROR	4
#define SO_SNDBUF	7
#define SO_RCVBUF	8
#define SO_ACCEPTCONN	30
#define SO_PROTOCOL	38
#define SO_DOMAIN	39
#define TCP_NODELAY	1

static int buf_size(int v, int min)
{
	long doubled = 2L * (v < 0 ? 0 : v);

	return (int)MAX((long)min, MIN(doubled, (long)SOCK_BUF_MAX));
}

static int set_opt(struct sock *sk, int level, int name, int v)
{
	if (level == IPPROTO_TCP && sk->type == SOCK_STREAM &&
	    name == TCP_NODELAY) {
		__atomic_store_n(&sk->nodelay, !!v, __ATOMIC_RELAXED);
		net_run(sk->proto->set_nodelay, sk);
		return 0;
	}
	if (level != SOL_SOCKET)
		return -ENOPROTOOPT;
	switch (name) {
	case SO_REUSEADDR:
		__atomic_store_n(&sk->reuseaddr, !!v, __ATOMIC_RELAXED);
		return 0;
	case SO_SNDBUF:
		__atomic_store_n(&sk->sndbuf, buf_size(v, SOCK_MIN_SNDBUF),
				 __ATOMIC_RELAXED);
		wake_up_all(&sk->wq);	/* a writer may fit now */
		return 0;
	case SO_RCVBUF:
		__atomic_store_n(&sk->rcvbuf, buf_size(v, SOCK_MIN_RCVBUF),
				 __ATOMIC_RELAXED);
		return 0;
	}
	return -ENOPROTOOPT;
}

/* The option's value now; -ENOPROTOOPT for one nobody knows. */
static int get_opt(struct sock *sk, int level, int name, int *v)
{
	if (level == IPPROTO_TCP && sk->type == SOCK_STREAM &&
	    name == TCP_NODELAY) {
		*v = __atomic_load_n(&sk->nodelay, __ATOMIC_RELAXED);
		return 0;
	}
	if (level != SOL_SOCKET)	/* ip_getsockopt(): not SOL_IP's */
		return level == IPPROTO_IP ? -ENOPROTOOPT : -EOPNOTSUPP;
	switch (name) {
	case SO_REUSEADDR:
		*v = __atomic_load_n(&sk->reuseaddr, __ATOMIC_RELAXED);
		return 0;
	case SO_TYPE:
		*v = sk->type;
		return 0;
	case SO_ERROR:
		*v = sock_err_take(sk);
		return 0;
	case SO_SNDBUF:
		*v = __atomic_load_n(&sk->sndbuf, __ATOMIC_RELAXED);
		return 0;
	case SO_RCVBUF:
		*v = __atomic_load_n(&sk->rcvbuf, __ATOMIC_RELAXED);
		return 0;
	case SO_ACCEPTCONN:
		*v = sock_read_int(&sk->state) == SOCK_LISTENING;
		return 0;
	case SO_PROTOCOL:
		*v = sk->type == SOCK_STREAM ? IPPROTO_TCP : IPPROTO_UDP;
		return 0;
	case SO_DOMAIN:
		*v = sk->family;
		return 0;
	}
	return -ENOPROTOOPT;
}

static struct sock *opt_fget(int fd, struct file **f, long *err)
{
	struct sock *sk;

	*f = fs_fget(fd);
	*err = -EBADF;
	if (!*f)
		return NULL;
	sk = sock_of_file(*f);
	*err = -ENOTSOCK;
	if (!sk)
		fput(*f);
	return sk;
}

SYSCALL_DEFINE5(setsockopt, int, fd, int, level, int, name,
		const void __user *, uval, int, len)
{
	struct file *f;
	long r;
	struct sock *sk = opt_fget(fd, &f, &r);
	int v;

	if (!sk)
		return r;
	r = -EINVAL;
	if (len < (int)sizeof(int))
		goto out_put;
	r = -EFAULT;
	if (get_user(v, (const int __user *)uval))
		goto out_put;
	r = set_opt(sk, level, name, v);
out_put:
	fput(f);
	return r;
}

SYSCALL_DEFINE5(getsockopt, int, fd, int, level, int, name,
		void __user *, uval, int __user *, ulen)
{
	struct file *f;
	long r;
	struct sock *sk = opt_fget(fd, &f, &r);
	int len, v;

	if (!sk)
		return r;
	r = -EFAULT;
	if (get_user(len, ulen))
		goto out_put;
	r = -EINVAL;
	if (len < 0)
		goto out_put;
	r = get_opt(sk, level, name, &v);
	if (r)
		goto out_put;
	len = MIN(len, (int)sizeof(v));
	r = -EFAULT;
	if (copy_to_user(uval, &v, (size_t)len) || put_user(len, ulen))
		goto out_put;
	r = 0;
out_put:
	fput(f);
	return r;
}
