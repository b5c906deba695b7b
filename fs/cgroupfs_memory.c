// SPDX-License-Identifier: MIT
/*
 * The memory controller's files in cgroup2 (fs/cgroupfs_internal.h):
 * each is a thin shell over mm/memcg.h's in-kernel API, which parses
 * what users write with Linux 6.1's rules and errnos. Sizes print in
 * bytes, an unlimited one as "max" (Linux's seq_puts_memcg_tunable()).
 *
 *   file                  root  child  text
 *   memory.current         -     yes   bytes charged
 *   memory.max             -     yes   limit; writes memcg_write_max()
 *   memory.high            -     yes   memcg_write_high()
 *   memory.min             -     yes   memcg_write_min()
 *   memory.low             -     yes   memcg_write_low()
 *   memory.reclaim        yes    yes   write-only: memcg_write_reclaim()
 *   memory.peak            -     yes   the usage's high watermark
 *   memory.events          -     yes   memcg_show_events(, false)
 *   memory.events.local    -     yes   memcg_show_events(, true)
 *   memory.stat           yes    yes   memcg_show_stat()
 *   memory.oom.group       -     yes   0/1, memcg_write_oom_group()
 *   memory.swap.current    -     yes   0: there is no swap
 *   memory.swap.max        -     yes   memcg_write_swap_max()
 *   oomlab.memory.oom_control
 *                         yes    yes   cgroup v1's memory.oom_control,
 *                                      an oomlab extension (see below)
 *   cgroup.event_control  yes    yes   write-only: cgroup v1's OOM
 *                                      notification through an eventfd
 *                                      (fs/cgroupfs_event.c)
 *
 * cgroup v2 has no oom_kill_disable; the charge-path designs before 5.16
 * need it, so cgroup v1's file is offered in every group under a name no
 * Linux program will mistake for a v2 file. Its text and its errnos are
 * v1's (mem_cgroup_oom_control_read/write(): the root refuses writes).
 * Every write returns the bytes written on success, as kernfs does.
 */
#include "fs/cgroupfs_internal.h"
#include "kernel/cgroup.h"
#include "lib/errno.h"
#include "mm/memcg.h"

typedef int (*memcg_writer)(struct memcg *m, const char *buf);

/* The memcg of @data's group with a reference on the group. */
static int memcg_of(void *data, struct cgroup **cg, struct memcg **m)
{
	int r = cgfs_get(data, cg);

	if (!r)
		*m = (*cg)->memcg;
	return r;
}

static void show_bytes(struct pseudo_buf *buf, long pages)
{
	pseudo_printf(buf, "%lu\n", (unsigned long)pages * PAGE_SIZE);
}

/* A limit: "max" when unlimited (PAGE_COUNTER_MAX), else bytes. */
static void show_limit(struct pseudo_buf *buf, long pages)
{
	if (pages >= PAGE_COUNTER_MAX)
		pseudo_printf(buf, "max\n");
	else
		show_bytes(buf, pages);
}

/* Text from one of memcg_show_*() appended to @buf. */
static void show_text(struct pseudo_buf *buf, int len)
{
	buf->len = MIN(buf->len + (size_t)len, buf->size - 1);
}

enum memcg_value {
	VAL_CURRENT,
	VAL_MAX,
	VAL_HIGH,
	VAL_MIN,
	VAL_LOW,
	VAL_PEAK,
	VAL_SWAP_CURRENT,
	VAL_SWAP_MAX,
	VAL_OOM_GROUP,
	VAL_EVENTS,
	VAL_EVENTS_LOCAL,
	VAL_STAT,
	VAL_OOM_CONTROL,
};

static void show_value(struct memcg *m, enum memcg_value v,
		       struct pseudo_buf *buf)
{
	char *at = buf->s + buf->len;
	size_t room = buf->size - buf->len;

	switch (v) {
	case VAL_CURRENT:
		show_bytes(buf, memcg_current(m));
		break;
	case VAL_MAX:
		show_limit(buf, page_counter_max(&m->memory));
		break;
	case VAL_HIGH:
		show_limit(buf, __atomic_load_n(&m->high, __ATOMIC_RELAXED));
		break;
	case VAL_MIN:
		show_limit(buf, __atomic_load_n(&m->min, __ATOMIC_RELAXED));
		break;
	case VAL_LOW:
		show_limit(buf, __atomic_load_n(&m->low, __ATOMIC_RELAXED));
		break;
	case VAL_PEAK:
		show_bytes(buf, page_counter_watermark(&m->memory));
		break;
	case VAL_SWAP_CURRENT:
		show_bytes(buf, 0);
		break;
	case VAL_SWAP_MAX:
		show_limit(buf, __atomic_load_n(&m->swap_max,
						__ATOMIC_RELAXED));
		break;
	case VAL_OOM_GROUP:
		pseudo_printf(buf, "%d\n",
			      __atomic_load_n(&m->oom_group, __ATOMIC_RELAXED));
		break;
	case VAL_EVENTS:
	case VAL_EVENTS_LOCAL:
		show_text(buf, memcg_show_events(m, v == VAL_EVENTS_LOCAL, at,
						 room));
		break;
	case VAL_STAT:
		show_text(buf, memcg_show_stat(m, at, room));
		break;
	case VAL_OOM_CONTROL:
		show_text(buf, memcg_show_oom_control(m, at, room));
		break;
	}
}

static int show(void *data, struct pseudo_buf *buf, enum memcg_value v)
{
	struct cgroup *cg;
	struct memcg *m;
	int r = memcg_of(data, &cg, &m);

	if (r)
		return r;
	show_value(m, v, buf);
	cgroup_put(cg);
	return 0;
}

static long write_value(void *data, const char *s, size_t len, memcg_writer fn)
{
	struct cgroup *cg;
	struct memcg *m;
	int r = memcg_of(data, &cg, &m);

	if (r)
		return r;
	r = fn(m, s);
	cgroup_put(cg);
	return r ? r : (long)len;
}

#define SHOW_FN(name, v)						\
static int name##_show(void *data, struct pseudo_buf *buf)		\
{									\
	return show(data, buf, v);					\
}
#define WRITE_FN(name, fn)						\
static long name##_write(void *data, const char *s, size_t len)	\
{									\
	return write_value(data, s, len, fn);					\
}

SHOW_FN(current, VAL_CURRENT)
SHOW_FN(max, VAL_MAX)
SHOW_FN(high, VAL_HIGH)
SHOW_FN(min, VAL_MIN)
SHOW_FN(low, VAL_LOW)
SHOW_FN(peak, VAL_PEAK)
SHOW_FN(swap_current, VAL_SWAP_CURRENT)
SHOW_FN(swap_max, VAL_SWAP_MAX)
SHOW_FN(oom_group, VAL_OOM_GROUP)
SHOW_FN(events, VAL_EVENTS)
SHOW_FN(events_local, VAL_EVENTS_LOCAL)
SHOW_FN(stat, VAL_STAT)
SHOW_FN(oom_control, VAL_OOM_CONTROL)
WRITE_FN(max, memcg_write_max)
WRITE_FN(high, memcg_write_high)
WRITE_FN(min, memcg_write_min)
WRITE_FN(low, memcg_write_low)
WRITE_FN(reclaim, memcg_write_reclaim)
WRITE_FN(swap_max, memcg_write_swap_max)
WRITE_FN(oom_group, memcg_write_oom_group)
WRITE_FN(oom_control, memcg_write_oom_control)

#define CHILD	(CGFS_ON_CHILD | CGFS_MEMORY)
#define BOTH	(CGFS_ON_ROOT | CGFS_ON_CHILD | CGFS_MEMORY)
#define RO(name, where, fn)						\
	{ name, 0444, where, { .show = fn##_show } }
#define RW(name, where, fn)						\
	{ name, 0644, where, { .show = fn##_show, .write = fn##_write } }
#define RO_NOTIFY(name, where, fn)					\
	{ name, 0444, where, { .show = fn##_show, .notify = true } }

const struct cgfs_file cgfs_memory_files[] = {
	RO("memory.current", CHILD, current),
	RW("memory.max", CHILD, max),
	RW("memory.high", CHILD, high),
	RW("memory.min", CHILD, min),
	RW("memory.low", CHILD, low),
	{ "memory.reclaim", 0200, BOTH, { .write = reclaim_write } },
	RO("memory.peak", CHILD, peak),
	RO_NOTIFY("memory.events", CHILD, events),
	RO_NOTIFY("memory.events.local", CHILD, events_local),
	RO("memory.stat", BOTH, stat),
	RW("memory.oom.group", CHILD, oom_group),
	RO("memory.swap.current", CHILD, swap_current),
	RW("memory.swap.max", CHILD, swap_max),
	RW("oomlab.memory.oom_control", BOTH, oom_control),
	{ "cgroup.event_control", 0222, BOTH,
	  { .write = cgfs_event_control_write } },
};
const size_t cgfs_nr_memory_files = ARRAY_SIZE(cgfs_memory_files);
