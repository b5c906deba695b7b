// SPDX-License-Identifier: MIT
/*
 * netconsole's line queue (net/netconsole_ring.h): lines in, records
 * out, in order, with the sequence number of every line, sent or lost.
 */
#include "lib/format.h"
#include "lib/string.h"
#include "net/netconsole_ring.h"

/* The assembled line is complete: queue it, or count it lost. */
static void push_line(struct nc_ring *r)
{
	u64 head = r->head;
	u64 tail = __atomic_load_n(&r->tail, __ATOMIC_ACQUIRE);

	r->line.seq = r->next_seq++;
	if (head - tail == NC_SLOTS) {
		__atomic_fetch_add(&r->dropped, 1, __ATOMIC_RELAXED);
	} else {
		r->slot[head % NC_SLOTS] = r->line;
		__atomic_store_n(&r->head, head + 1, __ATOMIC_RELEASE);
	}
	r->line.len = 0;
}

/**
 * nc_ring_write - the console's output: cut it into lines and queue them.
 * @r: the queue
 * @s: console output; a line may come in several calls
 * @len: its length
 * @usec: now, stamped on a line when its first byte arrives
 *
 * Context: the producer only (printk_lock held); any context; never
 * waits.
 */
void nc_ring_write(struct nc_ring *r, const char *s, size_t len, u64 usec)
{
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\n') {
			push_line(r);
			continue;
		}
		if (r->line.len == 0)
			r->line.usec = usec;
		if (r->line.len < NC_LINE_MAX)
			r->line.text[r->line.len++] = s[i];
	}
}

/**
 * nc_ring_pop - take the oldest queued line.
 * @r: the queue
 * @out: the record
 *
 * Context: the consumer only.
 * Return: false when the queue is empty.
 */
bool nc_ring_pop(struct nc_ring *r, struct nc_record *out)
{
	u64 tail = r->tail;

	if (tail == __atomic_load_n(&r->head, __ATOMIC_ACQUIRE))
		return false;
	*out = r->slot[tail % NC_SLOTS];
	__atomic_store_n(&r->tail, tail + 1, __ATOMIC_RELEASE);
	return true;
}

/**
 * nc_ring_format - a record as one datagram's payload.
 * @rec: the record
 * @buf: the payload
 * @size: its size, at least NC_RECORD_MAX
 *
 * Context: any.
 * Return: the payload's length.
 */
size_t nc_ring_format(const struct nc_record *rec, char *buf, size_t size)
{
	int n = snprintf(buf, size, "%d,%llu,%llu,-;", NC_LEVEL,
			 (unsigned long long)rec->seq,
			 (unsigned long long)rec->usec);
	size_t len = (size_t)n;

	if (len + rec->len + 1 > size)
		return 0;
	memcpy(buf + len, rec->text, rec->len);
	len += rec->len;
	buf[len++] = '\n';
	return len;
}

u64 nc_ring_dropped(const struct nc_ring *r)
{
	return __atomic_load_n(&r->dropped, __ATOMIC_RELAXED);
}

bool nc_ring_empty(const struct nc_ring *r)
{
	return __atomic_load_n(&r->head, __ATOMIC_ACQUIRE) ==
	       __atomic_load_n(&r->tail, __ATOMIC_ACQUIRE);
}
