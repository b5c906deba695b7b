// SPDX-License-Identifier: MIT
/*
 * Sockets (net/socket*.c) from user space and from the kernel, over
 * loopback:
 *
 *   user_checks  /bin/socktest's Linux-portable checks (every errno case,
 *                a TCP echo, UDP datagrams, non-blocking calls and poll,
 *                an accept queue, shutdown, close with data pending) all
 *                pass, as they do on Linux;
 *   sigpipe      a send on a reset connection kills the sender with
 *                SIGPIPE;
 *   glibc        /bin/gsock-glibc: glibc's getaddrinfo() finds
 *                "localhost" in /etc/hosts, and an AF_INET6 listener on
 *                :: takes an IPv4 client (what Linux's test_memcg_sock
 *                does), as on Linux;
 *   memcg_stream a server in a memory cgroup streams 1 MiB to a reader
 *                that waits: memory.stat "sock" holds nearly all of it
 *                and memory.current with it; the bytes arrive intact;
 *                "sock" is 0 after the close;
 *   sysfuzz      /bin/sysfuzz --sockets: thousands of random socket
 *                calls (and the usual ones) leave the kernel standing,
 *                the program's memory intact and nothing charged;
 *   limit        a receiver in a group whose memory.max is 0 (at its
 *                limit from the first byte) gets 256 KiB: its receive
 *                charges are forced, the group is put under socket
 *                pressure and the window shrinks, nothing is OOM-killed,
 *                and once the reader drains the stream is intact and
 *                the group back at 0.
 */
#include "fs/file.h"
#include "kernel/cgroup.h"
#include "kernel/ktest.h"
#include "kernel/signal.h"
#include "kernel/task.h"
#include "lib/errno.h"
#include "mm/memcg.h"
#include "mm/memcg_sock.h"
#include "mm/vmscan.h"
#include "net/socket.h"
#include "tests/kernel/user_run.h"

#define LIMIT_PORT	7001
#define LIMIT_BYTES	(256 * 1024)
#define LOOPBACK	0x7f000001

static struct user_run run;

static void socket_user_checks(struct ktest *t)
{
	if (user_run(t, &run, 6 * KTEST_WAIT_MS, "/bin/socktest", NULL))
		return;
	KTEST_EXPECT(t, user_exited(&run, 0));
	KTEST_EXPECT_NOT_NULL(t, strstr(run.out, "failed=0"));
	if (ktest_failed(t))
		ktest_log(t, "socktest:\n%s", run.out);
}

static void socket_sigpipe(struct ktest *t)
{
	if (user_run(t, &run, KTEST_WAIT_MS, "/bin/socktest", "--sigpipe",
		     NULL))
		return;
	KTEST_EXPECT_EQ(t, run.status, wait_status_signaled(SIGPIPE));
	KTEST_EXPECT_NULL(t, strstr(run.out, "survived"));
}

static void socket_glibc(struct ktest *t)
{
	KTEST_ASSERT_EQ(t, user_run_checks(t, &run, 6 * KTEST_WAIT_MS,
					   "/bin/gsock-glibc", "gsock: result",
					   20), 0);
	if (ktest_failed(t))
		ktest_log(t, "gsock-glibc:\n%s", run.out);
	vmscan_drop_caches();	/* /etc/hosts' and nsswitch.conf's pages */
}

static void socket_memcg_stream(struct ktest *t)
{
	if (user_run(t, &run, 6 * KTEST_WAIT_MS, "/bin/socktest", "--memcg",
		     "/sys/fs/cgroup/socktest", NULL))
		return;
	KTEST_EXPECT(t, user_exited(&run, 0));
	if (ktest_failed(t))
		ktest_log(t, "socktest --memcg:\n%s", run.out);
}

static void socket_sysfuzz(struct ktest *t)
{
	if (user_run(t, &run, 6 * KTEST_WAIT_MS, "/bin/sysfuzz", "--sockets",
		     "--count", "4000", "--seed", "7", NULL))
		return;
	KTEST_EXPECT(t, user_exited(&run, 0));
	KTEST_EXPECT_NOT_NULL(t, strstr(run.out, "canary=ok"));
	KTEST_EXPECT_NOT_NULL(t, strstr(run.out, "stat call=accept4"));
	if (ktest_failed(t))
		ktest_log(t, "sysfuzz --sockets:\n%s", run.out);
}

static u8 limit_byte(u32 i)
{
	return (u8)(i * 13 + (i >> 9));
}

/* A connected pair: *@srv accepted by a task in @cg, *@cli in the root. */
static bool limit_pair(struct ktest *t, struct cgroup *cg, struct file **srv,
		       struct file **cli)
{
	struct sock_addr a = { LOOPBACK, LIMIT_PORT }, peer;
	struct file *lf;
	long r = -1;

	KTEST_EXPECT_EQ(t, cgroup_attach_kthread(current, cg), 0);
	if (!KTEST_EXPECT_EQ(t, socket_create(AF_INET, SOCK_STREAM, 0, &lf),
			     0))
		goto out_root;
	KTEST_EXPECT_EQ(t, sock_bind(sock_of_file(lf), &a), 0);
	KTEST_EXPECT_EQ(t, sock_listen(sock_of_file(lf), 1), 0);
	cgroup_attach_kthread(current, &cgroup_root);
	if (!KTEST_EXPECT_EQ(t, socket_create(AF_INET, SOCK_STREAM, 0, cli),
			     0)) {
		fput(lf);
		return false;
	}
	r = sock_connect(sock_of_file(*cli), &a, true);
	KTEST_EXPECT(t, r == -EINPROGRESS || r == 0);	/* 0: done */
	r = -1;
	cgroup_attach_kthread(current, cg);	/* accept()'s memcg pays */
	ktest_wait_until(t, (r = sock_accept(sock_of_file(lf), 0, true, srv,
					     &peer)) != -EAGAIN,
			 KTEST_WAIT_MS);
	KTEST_EXPECT_EQ(t, r, 0);
	fput(lf);
out_root:
	cgroup_attach_kthread(current, &cgroup_root);
	return r == 0;
}

/* Read @n bytes from @f, never blocking without a bound. */
static u32 limit_drain(struct ktest *t, struct file *f, u8 *buf, u32 n)
{
	struct sock *sk = sock_of_file(f);
	u32 got = 0;
	long r = 0;

	while (got < n && r >= 0) {
		struct io_buf io = { .base = (char *)buf + got,
				     .len = n - got };

		if (!ktest_wait_until(t, (r = sock_recv(sk, &io, 0, NULL,
							true)) != -EAGAIN,
				      KTEST_WAIT_MS))
			break;
		got += r > 0 ? (u32)r : 0;
		if (!r)
			break;
	}
	return got;
}

static void socket_limit(struct ktest *t)
{
	static u8 out[LIMIT_BYTES], in[LIMIT_BYTES];
	u64 pressure = memcg_sock_pressure_events();
	struct io_buf io = { .base = (char *)out, .len = LIMIT_BYTES };
	struct file *srv = NULL, *cli = NULL;
	struct cgroup *cg;
	struct memcg *m;
	u32 bad = 0;

	for (u32 i = 0; i < LIMIT_BYTES; i++)
		out[i] = limit_byte(i);
	KTEST_ASSERT_EQ(t, cgroup_create(&cgroup_root, "sock_limit", &cg), 0);
	m = cg->memcg;
	if (!limit_pair(t, cg, &srv, &cli))
		goto out;
	memcg_drain_all_stock(m);
	KTEST_EXPECT_EQ(t, memcg_write_max(m, "0"), 0);
	KTEST_EXPECT_EQ(t, sock_send(sock_of_file(cli), &io, 0, NULL, false),
			LIMIT_BYTES);
	ktest_wait_until(t, memcg_sock_pressure_events() > pressure,
			 KTEST_WAIT_MS);
	KTEST_EXPECT_EQ(t, limit_drain(t, srv, in, LIMIT_BYTES), LIMIT_BYTES);
	for (u32 i = 0; i < LIMIT_BYTES; i++)
		bad += in[i] != out[i];
	KTEST_EXPECT_EQ(t, bad, 0);
	KTEST_EXPECT_GT(t, sock_window_clamps(sock_of_file(srv)), 0);
	KTEST_EXPECT_EQ(t, memcg_event_read(m, MEMCG_OOM, false), 0);
	KTEST_EXPECT_EQ(t, memcg_event_read(m, MEMCG_OOM_KILL, false), 0);
out:
	if (srv)
		fput(srv);
	if (cli)
		fput(cli);
	memcg_drain_all_stock(m);
	KTEST_EXPECT_EQ(t, memcg_stat_read(m, MEMCG_SOCK), 0);
	KTEST_EXPECT_EQ_U(t, memcg_current(m), 0);
	KTEST_EXPECT_EQ(t, cgroup_remove(cg), 0);
	cgroup_put(cg);
}

KTEST_SUITE(socket,
	KTEST_CASE(socket_user_checks),
	KTEST_CASE(socket_sigpipe),
	KTEST_CASE(socket_glibc),
	KTEST_CASE(socket_memcg_stream),
	KTEST_CASE(socket_sysfuzz),
	KTEST_CASE(socket_limit));
