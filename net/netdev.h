/* SPDX-License-Identifier: MIT */
/*
 * Network devices (net/netdev.c): what a NIC driver sees of the network
 * stack, with no lwIP in it. A driver fills a struct netdev and
 * registers it; the device is named ethN, gets a receive thread and an
 * lwIP interface (net/netif_eth.c). Receive is interrupt-driven with a
 * budget, as Linux's NAPI: the interrupt handler masks the NIC's
 * receive interrupt and calls netdev_schedule(); the device's thread
 * calls ->poll() for at most NETDEV_BUDGET frames at a time, yields
 * between rounds while frames keep coming, and calls ->irq_enable()
 * once a round comes back short. Frames go up through netdev_receive().
 *
 * Locking: [I] set before netdev_register(); [a] atomic; [t] the
 * device's receive thread; [x] the tcpip thread (transmit).
 */
#ifndef NET_NETDEV_H
#define NET_NETDEV_H

#include "kernel/wait.h"
#include "lib/types.h"

#define NETDEV_BUDGET	64	/* frames per poll round: net.rx_budget=
				 * and netdev_set_budget() change it */
#define NETDEV_MTU	1500
#define NETDEV_ETH_HLEN	14	/* destination, source, type */
#define NETDEV_FRAME_MAX (NETDEV_MTU + NETDEV_ETH_HLEN)	/* without the FCS */
#define NETDEV_NAME_LEN	8

struct netdev;

struct netdev_ops {
	/* Queue one frame (the device adds the FCS). Copies @frame.
	 * Return: 0, or -EBUSY when the transmit ring is full. [x] */
	int (*xmit)(struct netdev *dev, const void *frame, size_t len);
	/* Pass up to @budget received frames to netdev_receive(); note a
	 * link change with netdev_set_link(). Return: frames passed. [t] */
	unsigned int (*poll)(struct netdev *dev, unsigned int budget);
	/* Unmask the interrupts the handler masked. [t] */
	void (*irq_enable)(struct netdev *dev);
	/* Has the device taken every frame queued so far off the transmit
	 * ring? (Before the machine stops: QEMU's virtio-net sends later,
	 * from its main loop, and would lose the last frames.) [x] */
	bool (*tx_idle)(struct netdev *dev);
};

/* Counters, as Linux's /proc/net/dev has them. */
struct netdev_stats {
	u64 rx_packets, rx_bytes;	/* [a] */
	u64 tx_packets, tx_bytes;	/* [a] */
	u64 rx_dropped;			/* [a] no memory or full queue */
	u64 tx_dropped;			/* [a] ring full */
	u64 rx_missed;			/* [a] the NIC had no buffer */
	u64 rx_errors;			/* [a] frames flagged bad */
	u64 rx_length_errors;		/* [a] frames dropped for their
					 * length: no room for an Ethernet
					 * header, or past NETDEV_FRAME_MAX
					 * (Linux's rx_length_errors) */
	u64 rx_polls, rx_budget_spent;	/* [a] rounds; rounds that used
					 * the whole budget */
};

struct netdev {
	char name[NETDEV_NAME_LEN];	/* [I] after register: "eth0" */
	u8 mac[6];			/* [I] */
	const char *driver;		/* [I] "e1000" */
	const struct netdev_ops *ops;	/* [I] */
	void *priv;			/* [I] the driver's */
	bool link_up;			/* [a] netdev_set_link()'s last */
	u32 ipv4_addr;			/* [a] host order; 0: none yet */
	bool kicked;			/* [a] netdev_schedule() since the
					 * thread last looked */
	struct wait_queue_head wait;	/* the receive thread sleeps here */
	struct task *thread;		/* [I] the receive thread */
	void *netif;			/* [I] net/netif_eth.c's */
	struct netdev_stats stats;
};

int netdev_register(struct netdev *dev);
void netdev_schedule(struct netdev *dev);
void netdev_receive(struct netdev *dev, const void *frame, size_t len);
void netdev_set_link(struct netdev *dev, bool up);
unsigned int netdev_count(void);
struct netdev *netdev_get(unsigned int i);
bool netdev_all_tx_idle(void);
void netdev_stat_add(u64 *counter, u64 n);
unsigned int netdev_set_budget(unsigned int budget);

#endif
