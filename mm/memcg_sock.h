/* SPDX-License-Identifier: MIT */
/*
 * Socket memory in memory cgroups (mm/memcg_sock.c), Linux 6.1's
 * mem_cgroup_sk_alloc(), mem_cgroup_charge_skmem(),
 * mem_cgroup_uncharge_skmem() and mem_cgroup_under_socket_pressure():
 * a socket belongs to the memcg of the task that made it (or accepted
 * it); the bytes it queues are charged to that memcg in pages and shown
 * as "sock" in memory.stat. net/ counts the bytes; mm/ only charges.
 *
 * Two kinds of charge, as Linux's gfp_memcg_charge() picks them:
 *   process context (a send)  GFP_KERNEL through the charge path of the
 *                             memcg design: it may reclaim and, at the
 *                             limit, OOM-kill as any kernel charge does
 *   the tcpip thread (receive, Linux's softirq)  never sleeps, never
 *                             OOM-kills: memcg_sock_charge_atomic()
 *
 * cgroup.memory=nosocket turns the accounting off (Linux's switch of the
 * same name): no socket gets a memcg.
 */
#ifndef MM_MEMCG_SOCK_H
#define MM_MEMCG_SOCK_H

#include "lib/types.h"
#include "mm/gfp.h"

struct memcg;

struct memcg *memcg_sock_get_current(void);
int memcg_sock_charge(struct memcg *m, unsigned int nr, gfp_t gfp);
bool memcg_sock_charge_atomic(struct memcg *m, unsigned int nr);
void memcg_sock_uncharge(struct memcg *m, unsigned int nr);
bool memcg_sock_under_pressure(const struct memcg *m);
u64 memcg_sock_pressure_events(void);
bool memcg_sock_accounting(void);

#endif
