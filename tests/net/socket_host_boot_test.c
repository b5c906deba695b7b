// SPDX-License-Identifier: MIT
/*
 * A user TCP server in a memory cgroup receiving a stream from the host
 * over the NIC (runner only: a boot with a card and net.hostrx_test=1;
 * tools/oomlab/tcpsend.py is the sender). /bin/gtcprecv-glibc listens
 * on HOSTRX_PORT; when it says so, the case logs "# tcp_rx_ready PORT
 * BYTES" and the host connects to its forwarded port and sends BYTES of
 * tcp_stream_byte()'s pattern, then ends the stream. The server reports
 * the bytes and their FNV-1a checksum, which the case compares with the
 * pattern's.
 *
 *   stream  the server holds its reads: memory.stat "sock" of its group
 *           grows with the buffered bytes (and memory.current with it);
 *           released, it reads the whole stream intact; "sock" is 0
 *           once it closed;
 *   limit   the server's group is put at its limit before the stream
 *           starts: every receive charge fails and is forced, the group
 *           is under socket pressure and over its limit by at most a
 *           window, the server's window shrinks, nothing is
 *           OOM-killed, and once it reads the stream is intact and the
 *           group back at 0.
 *
 * The limit is deterministic although memcg charges go through a
 * per-CPU stock (pages charged ahead, taken without looking at the
 * limit): the server joins its group only after faulting in everything
 * it will touch, so the group pays for its sockets and nothing else;
 * the case drains every CPU's stock before it reads memory.current and
 * sets memory.max to it, so the first receive charge is the first to
 * meet the limit.
 *
 * bench_sock_host (explicit-only: ktest.filter=bench_sock_host*) times
 * the same server reading HOSTRX_BENCH_BYTES, in the root group (never
 * charged) and in a child group (every received page charged and
 * uncharged), alternating, and keeps each side's best: on a loaded
 * host the best of several runs is what the code costs.
 */
#include "fs/cgroupfs.h"
#include "fs/fdtable.h"
#include "fs/file.h"
#include "fs/namei.h"
#include "fs/vfs.h"
#include "kernel/cgroup.h"
#include "kernel/cmdline.h"
#include "kernel/ktest.h"
#include "lib/format.h"
#include "lwip/opt.h"
#include "mm/memcg.h"
#include "mm/memcg_sock.h"
#include "net/netdev.h"
#include "net/socket.h"
#include "tests/kernel/user_run.h"
#include "tests/net/tcp_stream.h"

#define HOSTRX_PORT		7070
#define HOSTRX_STREAM_CG	CGROUPFS_MOUNT "/hostrx_stream"
#define HOSTRX_LIMIT_CG		CGROUPFS_MOUNT "/hostrx_limit"
#define HOSTRX_BENCH_CG		CGROUPFS_MOUNT "/hostrx_bench"
#define HOSTRX_STREAM_BYTES	(1U << 20)
#define HOSTRX_LIMIT_BYTES	(512U << 10)
#define HOSTRX_BENCH_BYTES	(4U << 20)
#define HOSTRX_BENCH_ROUNDS	5
/* lwIP's receive window in pages, rounded up: what a reader that does
 * not read can have queued (6). */
#define HOSTRX_WND_PAGES	((long)((TCP_WND + PAGE_SIZE - 1) / PAGE_SIZE))
/* "sock" while the reader holds: most of a window. */
#define HOSTRX_HELD_PAGES	4
#define HOSTRX_WAIT_MS		60000
#define HOSTRX_DHCP_WAIT_MS	30000
#define FNV_BASIS		0x811c9dc5U
#define FNV_PRIME		16777619U

static bool hostrx_test;
KPARAM_BOOL(net_hostrx_test, "net.hostrx_test", &hostrx_test,
	    "run socket_host: the host streams TCP into a user server "
	    "(runner only)");

static struct user_run run;

/* The card, once it has an address; NULL (and the case skips) without
 * net.hostrx_test=1 or a card. */
static struct netdev *hostrx_nic(struct ktest *t)
{
	struct netdev *dev = netdev_get(0);

	if (!hostrx_test || !dev)
		return NULL;
	if (!ktest_wait_until(t, __atomic_load_n(&dev->ipv4_addr,
						 __ATOMIC_ACQUIRE),
			      HOSTRX_DHCP_WAIT_MS))
		return NULL;
	return dev;
}

/* The checksum gtcprecv must report for @bytes of the pattern. */
static u32 hostrx_fnv(u32 bytes)
{
	u32 h = FNV_BASIS;

	for (u32 i = 0; i < bytes; i++)
		h = (h ^ tcp_stream_byte(i)) * FNV_PRIME;
	return h;
}

/* Start the server (in the cgroup directory @group unless NULL, holding
 * its reads with @hold) and wait until it listens. Return: true when it
 * listens; false (the case failed) otherwise. */
static bool hostrx_start(struct ktest *t, const char *group, bool hold)
{
	static char port[8];
	const char *argv[8] = { "/bin/gtcprecv-glibc", "--port", port };
	int n = 3;

	snprintf(port, sizeof(port), "%u", HOSTRX_PORT);
	if (group) {
		argv[n++] = "--cgroup";
		argv[n++] = group;
	}
	if (hold)
		argv[n++] = "--hold";
	if (user_start(t, &run, argv))
		return false;
	if (!user_wait_line(&run, "gtcprecv: listening", KTEST_WAIT_MS)) {
		KTEST_FAIL(t, "gtcprecv never listened:\n%s", run.out);
		user_wait(t, &run, KTEST_WAIT_MS);
		return false;
	}
	return true;
}

/* Tell the host to send @bytes to the listening server. */
static void hostrx_announce(u32 bytes)
{
	printk("# tcp_rx_ready %u %u\n", HOSTRX_PORT, bytes);
}

/* Wait for the server's end; expect @bytes intact. Return: its time
 * from accept() to the end of the stream in ns, 0 on failure. */
static u64 hostrx_finish(struct ktest *t, u32 bytes)
{
	u64 got = 0, fnv = 0, ns = 0;

	user_wait(t, &run, HOSTRX_WAIT_MS);
	KTEST_EXPECT(t, user_exited(&run, 0));
	KTEST_EXPECT(t, user_field(run.out, "gtcprecv: result", "bytes=",
				   &got));
	KTEST_EXPECT(t, user_field(run.out, "gtcprecv: result", "fnv=", &fnv));
	KTEST_EXPECT(t, user_field(run.out, "gtcprecv: result", "ns=", &ns));
	KTEST_EXPECT_EQ_U(t, got, bytes);
	KTEST_EXPECT_EQ_U(t, fnv, hostrx_fnv(bytes));
	if (ktest_failed(t)) {
		ktest_log(t, "gtcprecv:\n%s", run.out);
		return 0;
	}
	return ns;
}

/* The server's accepted socket, with a reference (fput()); NULL when
 * it is gone. */
static struct file *hostrx_sock_file(struct ktest *t)
{
	struct process *p = process_get_by_pid(run.pid, PROCESS_ALIVE);
	struct file *f = NULL;
	u64 fd = 0;

	if (!user_field(run.out, "gtcprecv: accepted", "fd=", &fd))
		KTEST_FAIL(t, "no fd in gtcprecv's accepted line");
	else if (p)
		f = fd_get(p->files, (int)fd);
	if (p)
		process_put(p);
	KTEST_EXPECT_NOT_NULL(t, f);
	return f;
}

/* Let a holding server read: SIGUSR1, queued as kill(2) queues it (the
 * server has it blocked and waits for it). */
static void hostrx_release(struct ktest *t)
{
	struct process *p = process_get_by_pid(run.pid, PROCESS_ALIVE);

	if (!p)
		return;
	KTEST_EXPECT_EQ(t, signal_send_process(p, &(struct signal_entry){
						   .signo = SIGUSR1,
						   .code = SI_KERNEL }),
			0);
	process_put(p);
}

static long hostrx_sock_pages(const struct memcg *m)
{
	return memcg_stat_read(m, MEMCG_SOCK);
}

/*
 * A cgroup for the server, made and removed through the VFS as mkdir(2)
 * and rmdir(2) do: the server opens its cgroup.procs by path, and a
 * group removed behind the VFS's back would leave that path's dentries
 * cached. Return: the group with a reference, or NULL (the case failed).
 */
static struct cgroup *hostrx_group(struct ktest *t, const char *dir)
{
	struct cgroup *cg;

	if (!KTEST_EXPECT_EQ(t, vfs_mkdir(vfs_root(), dir, 0755), 0))
		return NULL;
	cg = cgroup_lookup(dir + strlen(CGROUPFS_MOUNT));
	KTEST_EXPECT_NOT_NULL(t, cg);
	return cg;
}

/* After the server: its sockets uncharged, the group empty, removed. */
static void hostrx_group_end(struct ktest *t, struct cgroup *cg,
			     const char *dir)
{
	struct memcg *m = cg->memcg;

	ktest_wait_until(t, hostrx_sock_pages(m) == 0, KTEST_WAIT_MS);
	memcg_drain_all_stock(m);
	KTEST_EXPECT_EQ_U(t, memcg_current(m), 0);
	cgroup_put(cg);
	KTEST_EXPECT_EQ(t, vfs_rmdir(vfs_root(), dir), 0);
}

static void socket_host_stream(struct ktest *t)
{
	struct cgroup *cg;
	long held;

	if (!hostrx_nic(t))
		KTEST_SKIP(t, "no NIC or no net.hostrx_test=1");
	cg = hostrx_group(t, HOSTRX_STREAM_CG);
	if (!cg)
		return;
	if (!hostrx_start(t, HOSTRX_STREAM_CG, true))
		goto out;
	hostrx_announce(HOSTRX_STREAM_BYTES);
	if (ktest_wait_until(t, hostrx_sock_pages(cg->memcg) >=
				     HOSTRX_HELD_PAGES,
			     HOSTRX_WAIT_MS)) {
		held = hostrx_sock_pages(cg->memcg);
		ktest_log(t, "sock %ld bytes while the reader held",
			  held * PAGE_SIZE);
		KTEST_EXPECT_LE(t, held, HOSTRX_WND_PAGES);
		KTEST_EXPECT_GE(t, memcg_current(cg->memcg), held);
	}
	hostrx_release(t);
	hostrx_finish(t, HOSTRX_STREAM_BYTES);
out:
	hostrx_group_end(t, cg, HOSTRX_STREAM_CG);
}

/* Put @m at its limit: memory.max is what it holds now, stock drained. */
static long hostrx_at_limit(struct ktest *t, struct memcg *m)
{
	char max[24];
	long limit;

	memcg_drain_all_stock(m);
	limit = memcg_current(m);
	snprintf(max, sizeof(max), "%ld", limit * (long)PAGE_SIZE);
	KTEST_EXPECT_EQ(t, memcg_write_max(m, max), 0);
	return limit;
}

static void socket_host_limit(struct ktest *t)
{
	u64 pressure = memcg_sock_pressure_events();
	struct file *f = NULL;
	struct cgroup *cg;
	struct memcg *m;
	long limit;

	if (!hostrx_nic(t))
		KTEST_SKIP(t, "no NIC or no net.hostrx_test=1");
	cg = hostrx_group(t, HOSTRX_LIMIT_CG);
	if (!cg)
		return;
	m = cg->memcg;
	if (!hostrx_start(t, HOSTRX_LIMIT_CG, true))
		goto out;
	limit = hostrx_at_limit(t, m);
	hostrx_announce(HOSTRX_LIMIT_BYTES);
	if (user_wait_line(&run, "gtcprecv: accepted", HOSTRX_WAIT_MS))
		f = hostrx_sock_file(t);
	if (ktest_wait_until(t, memcg_sock_pressure_events() > pressure &&
				     hostrx_sock_pages(m) >= HOSTRX_HELD_PAGES,
			     HOSTRX_WAIT_MS)) {
		long over = memcg_current(m) - limit;

		ktest_log(t, "limit %ld pages, %ld over it while the reader "
			  "held (sock %ld)", limit, over,
			  hostrx_sock_pages(m));
		KTEST_EXPECT_GT(t, over, 0);
		KTEST_EXPECT_LE(t, over, HOSTRX_WND_PAGES);
	}
	hostrx_release(t);
	hostrx_finish(t, HOSTRX_LIMIT_BYTES);
	if (f)
		KTEST_EXPECT_GT(t, sock_window_clamps(sock_of_file(f)), 0);
	/* Linux 6.1's try_charge_memcg() raises MEMCG_MAX on a forced
	 * charge; the older designs' charge paths do not. */
	if (memcg_get_design() == MEMCG_DESIGN_MOD)
		KTEST_EXPECT_GT(t, memcg_event_read(m, MEMCG_MAX, false), 0);
	KTEST_EXPECT_EQ(t, memcg_event_read(m, MEMCG_OOM, false), 0);
	KTEST_EXPECT_EQ(t, memcg_event_read(m, MEMCG_OOM_KILL, false), 0);
	ktest_log(t, "memory.events max %ld, socket pressure events %llu",
		  memcg_event_read(m, MEMCG_MAX, false),
		  (unsigned long long)(memcg_sock_pressure_events() -
				       pressure));
out:
	if (f)
		fput(f);
	hostrx_group_end(t, cg, HOSTRX_LIMIT_CG);
}

KTEST_SUITE(socket_host,
	KTEST_CASE(socket_host_stream),
	KTEST_CASE(socket_host_limit));

/* One timed run into the server in @group (NULL: the root). Return: its
 * ns, 0 on failure. */
static u64 hostrx_bench_run(struct ktest *t, const char *group)
{
	if (!hostrx_start(t, group, false))
		return 0;
	hostrx_announce(HOSTRX_BENCH_BYTES);
	return hostrx_finish(t, HOSTRX_BENCH_BYTES);
}

static void hostrx_bench_log(struct ktest *t, const char *name,
			     const char *driver, u64 ns)
{
	u64 kbps = (u64)HOSTRX_BENCH_BYTES * 1000000ULL / (ns / 1000 + 1);

	ktest_log(t, "bench %s_%s: %llu.%03llu MB/s", name, driver,
		  (unsigned long long)(kbps / 1000000),
		  (unsigned long long)(kbps / 1000 % 1000));
}

static void bench_sock_host_rx(struct ktest *t)
{
	struct netdev *dev = hostrx_nic(t);
	u64 plain = ~0ULL, charged = ~0ULL;
	struct cgroup *cg;

	if (!dev)
		KTEST_SKIP(t, "no NIC or no net.hostrx_test=1");
	cg = hostrx_group(t, HOSTRX_BENCH_CG);
	if (!cg)
		return;
	for (int i = 0; i < HOSTRX_BENCH_ROUNDS && !ktest_failed(t); i++) {
		u64 a = hostrx_bench_run(t, NULL);
		u64 b = hostrx_bench_run(t, HOSTRX_BENCH_CG);

		ktest_log(t, "round %d: root group %llu ms, child group %llu ms",
			  i + 1, (unsigned long long)(a / 1000000),
			  (unsigned long long)(b / 1000000));
		plain = a ? MIN(plain, a) : plain;
		charged = b ? MIN(charged, b) : charged;
	}
	hostrx_group_end(t, cg, HOSTRX_BENCH_CG);
	if (ktest_failed(t))
		return;
	hostrx_bench_log(t, "sock_host_rx", dev->driver, plain);
	hostrx_bench_log(t, "sock_host_rx_accounted", dev->driver, charged);
	ktest_log(t, "bench sock_host_rx_cost_%s: %llu %% (accounted time / "
		  "unaccounted time, best of %d each)", dev->driver,
		  (unsigned long long)(charged * 100 / plain),
		  HOSTRX_BENCH_ROUNDS);
}

KTEST_SUITE(bench_sock_host,
	KTEST_CASE(bench_sock_host_rx));
