// SPDX-License-Identifier: MIT
/*
 * Socket benchmarks (explicit-only: ktest.filter=bench_*): loopback TCP
 * into a user process (/bin/socktest --bench-mib: a forked server sends,
 * the process reads), with both sockets in the root group, which is never
 * charged, and in a child group, where every queued page is charged and
 * uncharged: the ratio is what socket accounting costs (Linux's
 * cgroup.memory=nosocket turns it off the same way for every group).
 * Figures only: the assertions are that every byte arrived.
 */
#include "kernel/ktest.h"
#include "tests/kernel/user_run.h"

#define BENCH_SOCK_MIB		"16"
#define BENCH_SOCK_WAIT_MS	180000

static struct user_run run;

/* Run the benchmark; its time in ns, 0 on failure. */
static u64 bench_sock_run(struct ktest *t, const char *cgroup)
{
	u64 ns = 0;

	if (user_run(t, &run, BENCH_SOCK_WAIT_MS, "/bin/socktest",
		     "--bench-mib", BENCH_SOCK_MIB,
		     cgroup ? "--bench-cgroup" : NULL, cgroup, NULL))
		return 0;
	KTEST_EXPECT(t, user_exited(&run, 0));
	KTEST_EXPECT(t, user_field(run.out, "socktest: bench", "ns=", &ns));
	if (ktest_failed(t))
		ktest_log(t, "socktest:\n%s", run.out);
	return ns;
}

static void bench_sock_tcp_user(struct ktest *t)
{
	u64 plain = bench_sock_run(t, NULL);
	u64 charged = bench_sock_run(t, "/sys/fs/cgroup/bench_sock");
	u64 bytes = 16ULL << 20;

	if (!plain || !charged)
		return;
	ktest_log(t, "bench sock_tcp_user: %llu MB/s",
		  (unsigned long long)(bytes * 1000000000ULL / plain >> 20));
	ktest_log(t, "bench sock_tcp_user_accounted: %llu MB/s",
		  (unsigned long long)(bytes * 1000000000ULL / charged >> 20));
	ktest_log(t, "bench sock_accounting_cost: %llu%% (accounted time / "
		  "unaccounted time)",
		  (unsigned long long)(charged * 100 / plain));
}

KTEST_SUITE(bench_sock,
	KTEST_CASE(bench_sock_tcp_user));
