// SPDX-License-Identifier: MIT
/*
 * The memory cgroup files as an in-kernel API: each memcg_write_*() takes
 * the bytes a user would write to the file and does what Linux 6.1's
 * handler does with them (parsing in mm/memcg_parse.c, same errnos);
 * each memcg_show_*() prints the file's text. The cgroup file system
 * will call these; scenario code and the kernel command line
 * (memcg.max=/a:64M,/a/b:16M) use them now.
 *
 *   memory.max          memcg_write_max()     memory.current  memcg_current()
 *   memory.high         memcg_write_high()    memory.peak     watermark
 *   memory.swap.max     memcg_write_swap_max()
 *   memory.min          memcg_write_min()     memory.low  memcg_write_low()
 *   memory.reclaim      memcg_write_reclaim() (the root too)
 *   memory.oom.group    memcg_write_oom_group()
 *   memory.events       memcg_show_events(, false)
 *   memory.events.local memcg_show_events(, true)
 *   memory.stat         memcg_show_stat()
 *   memory.oom_control  memcg_write_oom_control() (v1: "0"/"1" sets
 *                       oom_kill_disable), memcg_show_oom_control()
 *                       ("oom_kill_disable N\nunder_oom N\noom_kill N\n")
 * The root has none of the limit or protection files: writing them is
 * -EINVAL.
 */
#include "kernel/cgroup.h"
#include "kernel/cmdline.h"
#include "kernel/printk.h"
#include "kernel/task.h"
#include "lib/errno.h"
#include "lib/format.h"
#include "lib/string.h"
#include "mm/memcg.h"
#include "mm/memcg_design.h"
#include "mm/memcg_parse.h"
#include "mm/oom.h"
#include "mm/vmscan.h"

/*
 * Bring @m under its new max (Linux's memory_max_write() loop): drain the
 * stocks once, reclaim while the budget of passes that free nothing
 * lasts, then OOM-kill one task per pass, counting oom each time, until
 * under, no victim, or a signal.
 */
static void memcg_shrink_to_max(struct memcg *m)
{
	unsigned int retries = memcg_design_retries(memcg_get_design());
	bool drained = false;

	while (page_counter_read(&m->memory) > page_counter_max(&m->memory)) {
		unsigned long over = page_counter_read(&m->memory) -
				     page_counter_max(&m->memory);

		if (signal_pending(current))
			break;
		if (!drained) {
			memcg_drain_all_stock(m);
			drained = true;
			continue;
		}
		if (retries) {
			if (!memcg_reclaim(m, over, GFP_KERNEL))
				retries--;
			continue;
		}
		memcg_memory_event(m, MEMCG_OOM);
		if (!mem_cgroup_out_of_memory(m, GFP_KERNEL, 0))
			break;
	}
}

/**
 * memcg_write_max - write @buf to @m's memory.max.
 * @m: a non-root memcg
 * @buf: "max", or a size ("64M", "123", "0x1000"), white space around
 *
 * Lowering the limit below the usage reclaims and OOM-kills until the
 * group fits (or nothing more can be done); the write succeeds anyway.
 * Context: task context, may sleep.
 * Return: 0; -EINVAL (bad value, or the root).
 */
int memcg_write_max(struct memcg *m, const char *buf)
{
	unsigned long max;
	int err = memcg_parse_pages(buf, &max);

	if (err || memcg_is_root(m))
		return err ? err : -EINVAL;
	page_counter_set_max(&m->memory, max);
	memcg_shrink_to_max(m);
	memcg_oom_recover(m);
	return 0;
}

/* Shared by the files that only store a size. */
static int memcg_write_pages(struct memcg *m, const char *buf, long *where)
{
	unsigned long pages;
	int err = memcg_parse_pages(buf, &pages);

	if (err || memcg_is_root(m))
		return err ? err : -EINVAL;
	__atomic_store_n(where, pages, __ATOMIC_RELAXED);
	return 0;
}

/*
 * Bring @m under a new high of @high pages by reclaim only (never a
 * kill). Linux 4.19's memory_high_write() reclaims once; 6.1's (and
 * 5.15's: V419PLUS) drains the stocks, then reclaims until under, a
 * signal, another write of high, or the budget of passes that free
 * nothing is spent.
 */
static void memcg_shrink_to_high(struct memcg *m, long high)
{
	enum memcg_design d = memcg_get_design();
	unsigned int retries = memcg_design_retries(d);
	bool drained = false;
	long usage;

	if (d <= MEMCG_DESIGN_V419) {
		usage = page_counter_read(&m->memory);
		if (usage > high)
			memcg_reclaim(m, usage - high, GFP_KERNEL);
		return;
	}
	while ((usage = page_counter_read(&m->memory)) > high) {
		if (__atomic_load_n(&m->high, __ATOMIC_RELAXED) != high ||
		    signal_pending(current))
			break;
		if (!drained) {
			memcg_drain_all_stock(m);
			drained = true;
			continue;
		}
		if (!memcg_reclaim(m, usage - high, GFP_KERNEL) && !retries--)
			break;
	}
}

/**
 * memcg_write_high - write @buf to @m's memory.high; a high below the
 * usage reclaims clean page cache down to it (never kills). Charges
 * over it are reclaimed and throttled on return to user space
 * (mm/memcg_high.c).
 * @m: a non-root memcg
 * @buf: as memcg_write_max()
 *
 * Context: task context, may sleep. Return: 0; -EINVAL.
 */
int memcg_write_high(struct memcg *m, const char *buf)
{
	int err = memcg_write_pages(m, buf, &m->high);

	if (!err)
		memcg_shrink_to_high(m, __atomic_load_n(&m->high,
							__ATOMIC_RELAXED));
	return err;
}

/**
 * memcg_write_swap_max - write @buf to memory.swap.max (there is no swap:
 * stored and shown only).
 * @m: a non-root memcg
 * @buf: as memcg_write_max()
 *
 * Context: any. Return: 0; -EINVAL.
 */
int memcg_write_swap_max(struct memcg *m, const char *buf)
{
	return memcg_write_pages(m, buf, &m->swap_max);
}

/**
 * memcg_write_min - write @buf to memory.min: reclaim never takes the
 * pages under @m's effective min (mm/memcg_protection.c).
 * @m: a non-root memcg
 * @buf: as memcg_write_max()
 *
 * Context: any. Return: 0; -EINVAL.
 */
int memcg_write_min(struct memcg *m, const char *buf)
{
	return memcg_write_pages(m, buf, &m->min);
}

/**
 * memcg_write_low - write @buf to memory.low: reclaim takes the pages
 * under @m's effective low only when nothing else is left.
 * @m: a non-root memcg
 * @buf: as memcg_write_max()
 *
 * Context: any. Return: 0; -EINVAL.
 */
int memcg_write_low(struct memcg *m, const char *buf)
{
	return memcg_write_pages(m, buf, &m->low);
}

/*
 * memory.reclaim's size (Linux 6.1's page_counter_memparse(buf, "")):
 * white space around; nothing at all means every page, and "max" is no
 * size. 6.1 takes no other argument (swappiness= came later).
 */
static int parse_reclaim_size(const char *buf, unsigned long *pages)
{
	while (*buf == ' ' || (*buf >= '\t' && *buf <= '\r'))
		buf++;
	if (!*buf) {
		*pages = PAGE_COUNTER_MAX;
		return 0;
	}
	if (!strncmp(buf, "max", 3))
		return -EINVAL;
	return memcg_parse_pages(buf, pages);
}

/**
 * memcg_write_reclaim - write @buf to memory.reclaim: reclaim that much
 * from @m's subtree (Linux 6.1's memory_reclaim()), honouring memory.min
 * and memory.low below @m.
 * @m: any memcg, the root too
 * @buf: a size, "N[KMGTPE]"
 *
 * Each round asks try_to_free_mem_cgroup_pages() for what is still
 * missing; MAX_RECLAIM_RETRIES (16) rounds that free nothing beyond the
 * first end it. It may free more than asked (a round frees at least
 * VMSCAN_BATCH pages), as Linux's does.
 * Context: task context, may sleep.
 * Return: 0; -EINVAL (bad size); -EAGAIN (could not free it all);
 * -EINTR (a signal).
 */
int memcg_write_reclaim(struct memcg *m, const char *buf)
{
	unsigned int retries = memcg_design_retries(MEMCG_DESIGN_MOD);
	unsigned long want, done = 0, got;
	int err = parse_reclaim_size(buf, &want);

	if (err)
		return err;
	while (done < want) {
		if (signal_pending(current))
			return -EINTR;
		got = try_to_free_mem_cgroup_pages(m, want - done, GFP_KERNEL);
		if (!got && !retries--)
			return -EAGAIN;
		done += got;
	}
	return 0;
}

/**
 * memcg_write_oom_group - write @buf to memory.oom.group.
 * @m: a non-root memcg
 * @buf: "0" or "1" (kstrtoint() syntax)
 *
 * Context: any. Return: 0; -EINVAL; -ERANGE.
 */
int memcg_write_oom_group(struct memcg *m, const char *buf)
{
	int v;
	int err = memcg_parse_int(buf, &v);

	if (err)
		return err;
	if ((v != 0 && v != 1) || memcg_is_root(m))
		return -EINVAL;
	__atomic_store_n(&m->oom_group, v, __ATOMIC_RELAXED);
	return 0;
}

/**
 * memcg_write_oom_control - write @buf to cgroup v1's memory.oom_control:
 * set oom_kill_disable; clearing it wakes the tasks waiting for an OOM.
 * @m: a non-root memcg
 * @buf: "0" or "1" (kstrtoull() syntax, not stripped)
 *
 * Context: any. Return: 0; -EINVAL (other values, the root); -ERANGE.
 */
int memcg_write_oom_control(struct memcg *m, const char *buf)
{
	u64 v;
	int err = memcg_parse_u64(buf, &v);

	if (err)
		return err;
	if (v > 1 || memcg_is_root(m))
		return -EINVAL;
	__atomic_store_n(&m->oom_kill_disable, v, __ATOMIC_RELAXED);
	if (!v)
		memcg_oom_recover(m);
	return 0;
}

static const char *const memcg_event_names[MEMCG_NR_EVENTS] = {
	"low", "high", "max", "oom", "oom_kill", "oom_group_kill",
};

static const char *const memcg_stat_names[MEMCG_NR_STAT] = {
	"anon", "file", "kernel", "pagetables", "sock", "file_mapped",
	"file_dirty", "file_writeback",
};

/**
 * memcg_show_events - memory.events (or memory.events.local) as text.
 * @m: the memcg
 * @local: memory.events.local
 * @buf: output
 * @size: its size
 *
 * Context: any. Return: the length (snprintf()).
 */
int memcg_show_events(const struct memcg *m, bool local, char *buf,
		      size_t size)
{
	int len = 0;

	for (int i = 0; i < MEMCG_NR_EVENTS; i++)
		len += snprintf(buf + MIN((size_t)len, size),
				size - MIN((size_t)len, size), "%s %ld\n",
				memcg_event_names[i],
				memcg_event_read(m, i, local));
	return len;
}

/* memory.stat's LRU sizes, after the charge counters (pages). */
static const char *const memcg_lru_names[] = {
	"inactive_anon", "active_anon", "inactive_file", "active_file",
};

/* memory.stat's reclaim counters, last (counts, not bytes). */
static const char *const memcg_vmscan_names[VMSCAN_NR_EVENTS] = {
	"pgscan", "pgsteal", "pgrefill", "pgactivate", "pgdeactivate",
};

/*
 * @m's LRU sizes in memcg_lru_names' order. The anon lists are counts
 * (mm/vmscan.h): every anonymous page is inactive, and so is every
 * tmpfs page, which Linux keeps on the anon lists (shmem): file pages
 * not on a file list.
 */
static void memcg_lru_sizes(const struct memcg *m, long sizes[4])
{
	long inactive = vmscan_lru_pages(m, LRU_INACTIVE_FILE);
	long active = vmscan_lru_pages(m, LRU_ACTIVE_FILE);
	long shmem = memcg_stat_read(m, MEMCG_FILE) - inactive - active;

	sizes[0] = memcg_stat_read(m, MEMCG_ANON) + MAX(shmem, 0L);
	sizes[1] = 0;
	sizes[2] = inactive;
	sizes[3] = active;
}

/* snprintf() at @len of @buf's @size, clamped. */
#define STAT_PRINTF(buf, size, len, ...)				\
	snprintf((buf) + MIN((size_t)(len), (size)),			\
		 (size) - MIN((size_t)(len), (size)), __VA_ARGS__)

/**
 * memcg_show_stat - memory.stat as text: the charge counters and the
 * LRU sizes in bytes, then the reclaim counters.
 * @m: the memcg (its subtree counts)
 * @buf: output
 * @size: its size
 *
 * Context: any that may take memcg_tree_lock. Return: the length.
 */
int memcg_show_stat(const struct memcg *m, char *buf, size_t size)
{
	long lru[ARRAY_SIZE(memcg_lru_names)];
	int len = 0;

	for (int i = 0; i < MEMCG_NR_STAT; i++)
		len += STAT_PRINTF(buf, size, len, "%s %ld\n",
				   memcg_stat_names[i],
				   memcg_stat_read(m, i) * (long)PAGE_SIZE);
	memcg_lru_sizes(m, lru);
	for (size_t i = 0; i < ARRAY_SIZE(memcg_lru_names); i++)
		len += STAT_PRINTF(buf, size, len, "%s %ld\n",
				   memcg_lru_names[i], lru[i] * (long)PAGE_SIZE);
	for (int i = 0; i < VMSCAN_NR_EVENTS; i++)
		len += STAT_PRINTF(buf, size, len, "%s %ld\n",
				   memcg_vmscan_names[i],
				   vmscan_event_read(m, i));
	return len;
}

/**
 * memcg_show_oom_control - cgroup v1's memory.oom_control as text.
 * @m: the memcg
 * @buf: output
 * @size: its size
 *
 * Context: any. Return: the length.
 */
int memcg_show_oom_control(const struct memcg *m, char *buf, size_t size)
{
	return snprintf(buf, size, "oom_kill_disable %d\nunder_oom %d\n"
			"oom_kill %ld\n",
			__atomic_load_n(&m->oom_kill_disable, __ATOMIC_RELAXED),
			__atomic_load_n(&m->under_oom, __ATOMIC_RELAXED) > 0,
			memcg_event_read(m, MEMCG_OOM_KILL, true));
}

/**
 * memcg_set_max_path - create the groups of @path that are missing (as
 * mkdir -p) and write @value to the last one's memory.max.
 * @path: "/a/b"
 * @value: as memcg_write_max()
 *
 * Context: task context, may sleep.
 * Return: 0; an errno of cgroup_create() or memcg_write_max().
 */
int memcg_set_max_path(const char *path, const char *value)
{
	struct cgroup *cg = cgroup_lookup("/"), *next;
	char name[CGROUP_NAME_LEN];
	const char *s = path;
	int err = 0;

	while (!err && *s) {
		const char *slash = strchr(s, '/');
		size_t len = slash ? (size_t)(slash - s) : strlen(s);

		if (len >= sizeof(name)) {
			err = -ENAMETOOLONG;
			break;
		}
		memcpy(name, s, len);
		name[len] = '\0';
		s += len + (slash ? 1 : 0);
		if (!len)
			continue;
		err = cgroup_create(cg, name, &next);
		if (err == -EEXIST) {
			char sub[CGROUP_PATH_MAX];

			snprintf(sub, sizeof(sub), "%.*s",
				 (int)(s - path), path);
			next = cgroup_lookup(sub);
			err = next ? 0 : -ENOENT;
		}
		cgroup_put(cg);
		cg = err ? NULL : next;
	}
	if (!err)
		err = memcg_write_max(cg->memcg, value);
	if (cg)
		cgroup_put(cg);
	return err;
}

static char memcg_max_param[CGROUP_PATH_MAX];
KPARAM_STRING(memcg_max, "memcg.max", memcg_max_param,
	      "memory cgroups to create with a memory.max: /a:64M,/a/b:16M");

/**
 * memcg_set_max_list - memcg_set_max_path() for each "PATH:VALUE" of a
 * comma-separated @list (memcg.max='s syntax); a bad entry is reported
 * and skipped, as a bad parameter is.
 * @list: e.g. "/a:64M,/a/b:16M" (restored after use)
 *
 * Context: task context, may sleep.
 * Return: the number of entries that failed.
 */
int memcg_set_max_list(char *list)
{
	char *entry = list;
	int failed = 0;

	while (*entry) {
		char *comma = strchr(entry, ',');
		char *colon;
		int err = -EINVAL;

		if (comma)
			*comma = '\0';
		colon = strchr(entry, ':');
		if (colon && entry[0] == '/') {
			*colon = '\0';
			err = memcg_set_max_path(entry, colon + 1);
			*colon = ':';
		}
		if (err) {
			pr_warn("memcg.max: '%s' ignored (%d)\n", entry, err);
			failed++;
		}
		if (!comma)
			break;
		*comma = ',';
		entry = comma + 1;
	}
	return failed;
}

/**
 * memcg_init - create the groups memcg.max= names, before anything runs.
 *
 * Context: boot, task context.
 */
void memcg_init(void)
{
	memcg_set_max_list(memcg_max_param);
}
