// SPDX-License-Identifier: MIT
/*
 * Socket memory charged to memory cgroups (mm/memcg_sock.h), as Linux
 * 6.1 does it on cgroup v2: a socket's queued bytes are charged in pages
 * to its memcg through the ordinary charge path and counted in
 * memory.stat's "sock" (MEMCG_SOCK), so memory.current, the limit and
 * the OOM killer see them as any other charge.
 *
 * The receive side runs in the tcpip thread, Linux's softirq: there
 * 6.1's gfp_memcg_charge() is GFP_ATOMIC, which cannot reclaim, and
 * try_charge_memcg() forces an atomic charge over the limit (__GFP_HIGH
 * at its nomem label, since 5.18) rather than fail or OOM-kill. Linux
 * learns that the group is short through vmpressure(), which marks the
 * memcg's socket_pressure for a second (HZ) when reclaim struggles; TCP
 * then stops growing its windows and buffers. Here the atomic charge
 * first tries within the limit; when that fails it marks the pressure
 * itself for the same second and forces the charge, so nothing received
 * is lost to accounting and nothing is killed. What a socket does under
 * pressure is net/'s choice (net/socket_tcp.c: it refuses new segments
 * while its reader has data left, and lwIP drops and counts them).
 *
 * Locking: [a] memcg->socket_pressure and the counters here.
 */
#include "kernel/cgroup.h"
#include "kernel/cmdline.h"
#include "kernel/ktest.h"
#include "kernel/task.h"
#include "kernel/time.h"
#include "mm/memcg.h"
#include "mm/memcg_sock.h"

/* How long a failed atomic charge keeps a group under socket pressure:
 * Linux's vmpressure() sets jiffies + HZ. */
#define MEMCG_SOCK_PRESSURE_NS	1000000000ULL

enum { MEMCG_SOCK_ON, MEMCG_SOCK_OFF };
static const char *const memcg_sock_modes[] = { "socket", "nosocket", NULL };
static unsigned int memcg_sock_mode;
KPARAM_ENUM(cgroup_memory, "cgroup.memory", &memcg_sock_mode,
	    memcg_sock_modes,
	    "nosocket: do not charge socket memory to memory cgroups");

static long memcg_sock_pages;		/* [a] charged now, every memcg */
static u64 memcg_sock_pressures;	/* [a] atomic charges that failed */

/**
 * memcg_sock_get_current - the memcg a socket made (or accepted) by
 * current belongs to (Linux's mem_cgroup_sk_alloc()).
 *
 * The root group is never charged, so its sockets get none, as Linux's;
 * nor does any socket under cgroup.memory=nosocket.
 * Context: task context.
 * Return: the memcg with a reference (memcg_put()), or NULL.
 */
struct memcg *memcg_sock_get_current(void)
{
	struct memcg *m;

	if (memcg_sock_mode == MEMCG_SOCK_OFF)
		return NULL;
	m = memcg_get_from_current();
	if (memcg_is_root(m)) {
		memcg_put(m);
		return NULL;
	}
	return m;
}

static void memcg_sock_account(struct memcg *m, long nr)
{
	memcg_stat_add(m, MEMCG_SOCK, nr);
	__atomic_add_fetch(&memcg_sock_pages, nr, __ATOMIC_RELAXED);
}

/**
 * memcg_sock_charge - charge @nr pages of a socket's buffers from
 * process context (Linux's mem_cgroup_charge_skmem() with GFP_KERNEL).
 * @m: the socket's memcg (the socket holds a reference)
 * @nr: pages
 * @gfp: GFP_KERNEL, or with __GFP_NOFAIL to force the charge as Linux's
 *	__sk_mem_raise_allocated() does for a stream socket at its sndbuf
 *
 * The uncharge is memcg_sock_uncharge().
 * Context: task context, may sleep (reclaim, OOM); no spinlocks held.
 * Return: 0; -ENOMEM when the group cannot make room.
 */
int memcg_sock_charge(struct memcg *m, unsigned int nr, gfp_t gfp)
{
	int err = memcg_charge(m, gfp, nr);

	if (err) {
		__atomic_store_n(&m->socket_pressure,
				 ktime_get_ns() + MEMCG_SOCK_PRESSURE_NS,
				 __ATOMIC_RELAXED);
		return err;
	}
	memcg_sock_account(m, nr);
	return 0;
}

/**
 * memcg_sock_charge_atomic - charge @nr pages of received data from the
 * tcpip thread (Linux's mem_cgroup_charge_skmem() with GFP_ATOMIC).
 * @m: the socket's memcg
 * @nr: pages
 *
 * Never sleeps, never OOM-kills, never fails: a charge that does not fit
 * under the limit marks @m under socket pressure and is forced.
 * Context: any task context; no sleeping.
 * Return: true when it fit; false when it was forced (@m is under
 * pressure now). Either way the uncharge is memcg_sock_uncharge().
 */
bool memcg_sock_charge_atomic(struct memcg *m, unsigned int nr)
{
	bool fit = !memcg_charge(m, GFP_NOWAIT | __GFP_NOWARN, nr);

	if (!fit) {
		__atomic_store_n(&m->socket_pressure,
				 ktime_get_ns() + MEMCG_SOCK_PRESSURE_NS,
				 __ATOMIC_RELAXED);
		__atomic_add_fetch(&memcg_sock_pressures, 1, __ATOMIC_RELAXED);
		memcg_charge(m, GFP_NOWAIT | __GFP_NOFAIL, nr);
	}
	memcg_sock_account(m, nr);
	return fit;
}

/**
 * memcg_sock_uncharge - give back @nr pages charged by
 * memcg_sock_charge() or memcg_sock_charge_atomic() (Linux's
 * mem_cgroup_uncharge_skmem()).
 * @m: the memcg
 * @nr: pages
 *
 * Context: any, no sleeping.
 */
void memcg_sock_uncharge(struct memcg *m, unsigned int nr)
{
	memcg_sock_account(m, -(long)nr);
	memcg_uncharge(m, nr);
}

/**
 * memcg_sock_under_pressure - whether @m or an ancestor had a socket
 * charge fail within the last second (Linux's
 * mem_cgroup_under_socket_pressure()).
 * @m: the memcg
 *
 * Context: any.
 * Return: true under pressure.
 */
bool memcg_sock_under_pressure(const struct memcg *m)
{
	u64 now = ktime_get_ns();

	for (; m; m = m->parent)
		if (__atomic_load_n(&m->socket_pressure, __ATOMIC_RELAXED) >
		    now)
			return true;
	return false;
}

/* memcg_sock_accounting - false under cgroup.memory=nosocket. */
bool memcg_sock_accounting(void)
{
	return memcg_sock_mode == MEMCG_SOCK_ON;
}

/* memcg_sock_pressure_events - atomic charges forced so far. */
u64 memcg_sock_pressure_events(void)
{
	return __atomic_load_n(&memcg_sock_pressures, __ATOMIC_RELAXED);
}

/* Socket pages still charged: every socket a case made is gone after it. */
static u64 memcg_sock_outstanding(void)
{
	return (u64)__atomic_load_n(&memcg_sock_pages, __ATOMIC_RELAXED);
}

KTEST_INVARIANT(memcg_sock_pages, memcg_sock_outstanding);
