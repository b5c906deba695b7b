// SPDX-License-Identifier: MIT
/*
 * Network devices (net/netdev.h): registration, the per-device receive
 * thread with its budget, link state and counters. The receive thread
 * is where a frame leaves the driver: it is copied into an lwIP buffer
 * and queued to the tcpip thread (net/netif_eth.c), so a flood costs
 * the tcpip thread's mailbox slots and the thread's time slices, never
 * interrupt time.
 *
 * Locking: [b] boot: drivers register one at a time while probing,
 * before anything reads the table; [a] atomic afterwards.
 */
#include "kernel/cmdline.h"
#include "kernel/kthread.h"
#include "lib/errno.h"
#include "lib/format.h"
#include "net/internal.h"

#define NETDEV_MAX	8

static struct netdev *devices[NETDEV_MAX];	/* [b] */
static unsigned int nr_devices;			/* [b] then [a] */

static u64 rx_budget = NETDEV_BUDGET;		/* [a] */
KPARAM_UINT(net_rx_budget, "net.rx_budget", &rx_budget, 1, 256,
	    "frames a NIC's receive thread takes per poll round (64)");

/**
 * netdev_set_budget - frames per receive poll round, from the next
 * round on (net.rx_budget= at boot).
 * @budget: 1..256
 *
 * Context: any.
 * Return: the budget it replaced.
 */
unsigned int netdev_set_budget(unsigned int budget)
{
	return __atomic_exchange_n(&rx_budget, budget, __ATOMIC_RELAXED);
}

static unsigned int netdev_budget(void)
{
	return __atomic_load_n(&rx_budget, __ATOMIC_RELAXED);
}

void netdev_stat_add(u64 *counter, u64 n)
{
	__atomic_fetch_add(counter, n, __ATOMIC_RELAXED);
}

static bool netdev_take_kick(struct netdev *dev)
{
	return __atomic_exchange_n(&dev->kicked, false, __ATOMIC_ACQ_REL);
}

/*
 * One device's receive: poll rounds of net.rx_budget frames while they
 * keep coming (yielding between rounds, so a flood cannot starve the
 * CPU), then unmask the interrupt and sleep until the next one.
 */
static int netdev_thread(void *data)
{
	struct netdev *dev = data;
	unsigned int n, budget;

	for (;;) {
		wait_event_interruptible(dev->wait, netdev_take_kick(dev));
		do {
			budget = netdev_budget();
			n = dev->ops->poll(dev, budget);
			netdev_stat_add(&dev->stats.rx_polls, 1);
			if (n == budget) {
				netdev_stat_add(&dev->stats.rx_budget_spent, 1);
				yield();
			}
		} while (n == budget);
		dev->ops->irq_enable(dev);
	}
	return 0;
}

/**
 * netdev_register - name @dev ethN, give it an lwIP interface and a
 * receive thread.
 * @dev: filled in by the driver (mac, driver, ops, priv)
 *
 * The driver prints its own line with the name (Linux's drivers do).
 *
 * Context: a driver's probe at boot, may sleep.
 * Return: 0; -ENOSPC past NETDEV_MAX devices, -ENOMEM.
 */
int netdev_register(struct netdev *dev)
{
	int err;

	if (nr_devices == NETDEV_MAX)
		return -ENOSPC;
	snprintf(dev->name, sizeof(dev->name), "eth%u", nr_devices);
	init_waitqueue_head(&dev->wait);
	err = netif_eth_add(dev);
	if (err)
		return err;
	dev->thread = kthread_run(netdev_thread, dev, "%s-rx", dev->name);
	if (!dev->thread)
		return -ENOMEM;
	__atomic_store_n(&devices[nr_devices], dev, __ATOMIC_RELEASE);
	__atomic_store_n(&nr_devices, nr_devices + 1, __ATOMIC_RELEASE);
	return 0;
}

/**
 * netdev_schedule - wake @dev's receive thread.
 * @dev: the device, whose receive interrupt the caller has masked
 *
 * Context: any, interrupt handlers included.
 */
void netdev_schedule(struct netdev *dev)
{
	__atomic_store_n(&dev->kicked, true, __ATOMIC_RELEASE);
	wake_up(&dev->wait);
}

/**
 * netdev_receive - one received frame, up to the stack.
 * @dev: the device
 * @frame: the Ethernet frame without its FCS; copied before return
 * @len: its length
 *
 * A frame too short for an Ethernet header, or longer than the MTU
 * allows (a card may pass up to its buffer's size), is dropped and
 * counted in rx_length_errors, as Linux's drivers count them.
 *
 * Context: @dev's receive thread (its ->poll()).
 */
void netdev_receive(struct netdev *dev, const void *frame, size_t len)
{
	if (len < NETDEV_ETH_HLEN || len > NETDEV_FRAME_MAX) {
		netdev_stat_add(&dev->stats.rx_length_errors, 1);
		return;
	}
	netdev_stat_add(&dev->stats.rx_packets, 1);
	netdev_stat_add(&dev->stats.rx_bytes, len);
	netif_eth_input(dev, frame, len);
}

/**
 * netdev_set_link - the driver saw the link state; pass a change on.
 * @dev: the device
 * @up: carrier present
 *
 * Context: process context (probe or the receive thread).
 */
void netdev_set_link(struct netdev *dev, bool up)
{
	if (__atomic_exchange_n(&dev->link_up, up, __ATOMIC_ACQ_REL) == up)
		return;
	netif_eth_set_link(dev);
}

unsigned int netdev_count(void)
{
	return __atomic_load_n(&nr_devices, __ATOMIC_ACQUIRE);
}

struct netdev *netdev_get(unsigned int i)
{
	return i < netdev_count() ?
		__atomic_load_n(&devices[i], __ATOMIC_ACQUIRE) : NULL;
}

/**
 * netdev_all_tx_idle - whether every device has sent what it was given.
 *
 * Context: the tcpip thread (the transmit rings are its).
 * Return: true when no frame waits in any transmit ring.
 */
bool netdev_all_tx_idle(void)
{
	for (unsigned int i = 0; i < netdev_count(); i++) {
		struct netdev *dev = netdev_get(i);

		if (!dev->ops->tx_idle(dev))
			return false;
	}
	return true;
}
