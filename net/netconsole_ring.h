/* SPDX-License-Identifier: MIT */
/*
 * netconsole's line queue (net/netconsole_ring.c): the console writer
 * (printk, under printk_lock, in any context) cuts its output into
 * lines and pushes each with the next sequence number; the sender (the
 * tcpip thread) pops them in order. Pushing never waits and never
 * allocates: a full queue drops the line and counts it, and the
 * receiver sees the hole in the sequence numbers. Single producer,
 * single consumer, no lock between them; pure, so the host tests run it.
 *
 * Records go out in Linux's extended netconsole format (what Linux's
 * netconsole sends with its "+" option), "LEVEL,SEQ,USEC,-;TEXT\n";
 * our console hook does not see a line's level, so LEVEL is always 6
 * (the default); USEC is when the line was queued.
 *
 * Locking: [p] the producer (printk_lock); [c] the consumer (one sender
 * at a time); [a] atomic: head is written by the producer, tail by the
 * consumer, each read by the other.
 */
#ifndef NET_NETCONSOLE_RING_H
#define NET_NETCONSOLE_RING_H

#include "lib/types.h"

#define NC_SLOTS	1024	/* a power of two */
#define NC_LINE_MAX	400	/* longer lines are cut there */
#define NC_LEVEL	6
#define NC_RECORD_MAX	(NC_LINE_MAX + 48)	/* header, text, '\n' */

struct nc_record {
	u64 seq;
	u64 usec;
	u16 len;
	char text[NC_LINE_MAX];
};

struct nc_ring {
	struct nc_record slot[NC_SLOTS];	/* [p] at head, [c] below */
	u64 head;		/* [a] records pushed */
	u64 tail;		/* [a] records popped */
	u64 next_seq;		/* [p] */
	u64 dropped;		/* [a] lines lost to a full queue */
	struct nc_record line;	/* [p] the line being assembled */
};

void nc_ring_write(struct nc_ring *r, const char *s, size_t len, u64 usec);
bool nc_ring_pop(struct nc_ring *r, struct nc_record *out);
size_t nc_ring_format(const struct nc_record *rec, char *buf, size_t size);
u64 nc_ring_dropped(const struct nc_ring *r);
bool nc_ring_empty(const struct nc_ring *r);

#endif
