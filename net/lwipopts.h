/* SPDX-License-Identifier: MIT */
/*
 * lwIP's configuration for oomlab (lwIP 2.1.3 reads this file from its
 * opt.h). The stack runs as one kernel thread, the tcpip thread: every
 * other context talks to it through its mailbox (NO_SYS 0, no core
 * lock), so no lwIP state is shared between CPUs.
 *
 * Memory: every lwIP object, packet buffers included, comes from
 * lwIP's own heap (MEMP_MEM_MALLOC: no separate pools), and the heap is
 * one block of MEM_SIZE taken from the page allocator when the stack
 * starts (net/port/sys_arch.c). Nothing on the packet path allocates
 * from the kernel's allocators, so a flood or a stuck peer can take at
 * most MEM_SIZE, a failed allocation is a packet lwIP drops and counts
 * (lwip_stats.mem.err), and the kernel's own page and slab counters do
 * not move while packets come and go. Socket memory will be charged to
 * memory cgroups the way Linux does it, which does not depend on who
 * allocated the bytes: Linux adds a socket's buffer sizes to the
 * owner's memcg (mem_cgroup_charge_skmem(), the "sock" counter) when
 * they are queued and subtracts them when they are freed; here the same
 * accounting will be done on lwIP's buffers as a socket queues them.
 */
#ifndef NET_LWIPOPTS_H
#define NET_LWIPOPTS_H

/* Freestanding: our own string.h/stdlib.h, no limits/ctype/inttypes. */
#define LWIP_NO_LIMITS_H	1
#define LWIP_NO_CTYPE_H		1
#define LWIP_NO_INTTYPES_H	1
#define LWIP_PROVIDE_ERRNO	1

/* The tcpip thread and its mailbox; nothing takes a core lock. */
#define NO_SYS				0
#define LWIP_TCPIP_CORE_LOCKING		0
#define LWIP_TCPIP_CORE_LOCKING_INPUT	0
#define SYS_LIGHTWEIGHT_PROT		1
#define LWIP_COMPAT_MUTEX		1
#define TCPIP_THREAD_NAME		"tcpip"
#define TCPIP_THREAD_STACKSIZE		0	/* kthreads: one size */
#define TCPIP_THREAD_PRIO		0	/* one scheduling class */
#define TCPIP_MBOX_SIZE			256
#define LWIP_NETCONN			0	/* sockets come later */
#define LWIP_SOCKET			0
#define SO_REUSE			1	/* SO_REUSEADDR (net/socket_tcp.c) */

/* Memory: one heap from the page allocator (see the header); 4 KiB
 * below 1 MiB leaves room for the heap's own headers in a 1 MiB block. */
#define MEM_LIBC_MALLOC		0
#define MEMP_MEM_MALLOC		1
#define MEM_ALIGNMENT		8
#define MEM_SIZE		(1024 * 1024 - 4096)
#define LWIP_RAM_HEAP_POINTER	net_port_heap

/* Protocols: IPv4 over Ethernet, ARP, ICMP, DHCP, raw, UDP, TCP. */
#define LWIP_IPV4		1
#define LWIP_IPV6		0
#define LWIP_ARP		1
#define LWIP_ETHERNET		1
#define LWIP_ICMP		1
#define LWIP_RAW		1
#define LWIP_UDP		1
#define LWIP_TCP		1
#define LWIP_DHCP		1
#define LWIP_AUTOIP		0
#define LWIP_IGMP		0
#define LWIP_DNS		0
/* The ARP probe of an offered address costs seconds under TCG and the
 * only DHCP server we meet (QEMU's) hands out distinct addresses. */
#define DHCP_DOES_ARP_CHECK	0
#define IP_REASSEMBLY		1
#define IP_FRAG			1

/* TCP sized for a 1500-byte Ethernet. */
#define TCP_MSS			1460
#define TCP_WND			(16 * TCP_MSS)
#define TCP_SND_BUF		(16 * TCP_MSS)
#define TCP_SND_QUEUELEN	(4 * TCP_SND_BUF / TCP_MSS)
#define LWIP_TCP_SACK_OUT	0
#define LWIP_WND_SCALE		0

/* Interfaces: loopback (127.0.0.1) and one netif per NIC. */
#define LWIP_HAVE_LOOPIF		1
#define LWIP_NETIF_LOOPBACK		1
#define LWIP_LOOPBACK_MAX_PBUFS		64
#define LWIP_SINGLE_NETIF		0
#define LWIP_NETIF_STATUS_CALLBACK	1
#define LWIP_NETIF_LINK_CALLBACK	1
#define LWIP_NETIF_HOSTNAME		1
#define LWIP_NETIF_API			0
#define ETH_PAD_SIZE			0
#define PBUF_POOL_BUFSIZE		1536

/* Counters: drops and errors per protocol (lwip_stats). */
#define LWIP_STATS		1
#define LWIP_STATS_LARGE	1	/* 32-bit: a flood wraps 16 bits */
#define LWIP_STATS_DISPLAY	0
#define MEM_STATS		1	/* heap use, peak and failures */
#define MEMP_STATS		0	/* no pools */
#define SYS_STATS		0

#define LWIP_RAND()		net_port_rand()

#endif
