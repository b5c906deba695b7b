// SPDX-License-Identifier: MIT
/*
 * Dirty accounting, dirty limits and the flusher (see
 * mm/page_writeback.h). Invariant: the machine's Dirty and Writeback
 * counts are the sums of every memcg's file_dirty and file_writeback;
 * both change only beside a page flag, under filemap_lock
 * (mm/filemap.c), and both are 0 between tests (a ktest invariant).
 */
#include "fs/vfs.h"
#include "kernel/ktest.h"
#include "kernel/kthread.h"
#include "kernel/panic.h"
#include "kernel/task.h"
#include "kernel/time.h"
#include "kernel/timer.h"
#include "lib/errno.h"
#include "mm/filemap.h"
#include "mm/page_alloc.h"
#include "mm/page_writeback.h"

/* Linux's dirty_throttle_control pause, and reclaim_throttle()'s
 * VMSCAN_THROTTLE_WRITEBACK timeout: a tenth of a second. */
#define WRITEBACK_WAIT_MS	100

struct list_head writeback_dirty_mappings =
	LIST_HEAD_INIT(writeback_dirty_mappings);
DECLARE_WAIT_QUEUE_HEAD(writeback_wq);
static DECLARE_WAIT_QUEUE_HEAD(flusher_wq);

static unsigned int tunables[NR_WRITEBACK_TUNABLES] = {	/* [a] */
	[DIRTY_EXPIRE_CENTISECS] = 3000,
	[DIRTY_WRITEBACK_CENTISECS] = 500,
	[DIRTY_RATIO] = 20,
	[DIRTY_BACKGROUND_RATIO] = 10,
};
static unsigned long nr_dirty, nr_writeback;	/* [a] pages */
static unsigned long pages_written;	/* [a] writeback ends, ever */
static bool flusher_kicked;		/* [a] write everything now */
static u64 flusher_pass;		/* [p] the pass being made */
static struct inode *flusher_pinned;	/* [p] the file the flusher holds */
/* [a] the memcg whose files go first in the next pass; compared with
 * mapping->wb_memcg, never dereferenced */
static struct memcg *flusher_memcg;
static struct task *flusher;		/* [I] after writeback_init() */

/* The value of tunable @t. Context: any. */
unsigned int writeback_tunable(enum writeback_tunable t)
{
	return __atomic_load_n(&tunables[t], __ATOMIC_RELAXED);
}

/**
 * writeback_set_tunable - write a /proc/sys/vm dirty sysctl, with Linux
 * 6.1's ranges: a ratio 0..100, dirty_expire_centisecs 0..INT_MAX
 * (proc_dointvec_minmax()), dirty_writeback_centisecs any int, kept
 * unsigned as Linux's dirty_writeback_interval is (plain proc_dointvec():
 * -1 is a period of 2^32 - 1 centiseconds).
 * @t: which
 * @value: the new value
 *
 * A new flusher period takes effect at once (Linux's
 * dirty_writeback_centisecs_handler() wakes the flusher).
 * Context: task context.
 * Return: 0; -EINVAL out of range (nothing changes).
 */
int writeback_set_tunable(enum writeback_tunable t, int value)
{
	bool ratio = t == DIRTY_RATIO || t == DIRTY_BACKGROUND_RATIO;

	if (t != DIRTY_WRITEBACK_CENTISECS &&
	    (value < 0 || (ratio && value > 100)))
		return -EINVAL;
	__atomic_store_n(&tunables[t], (unsigned int)value, __ATOMIC_RELAXED);
	if (t == DIRTY_WRITEBACK_CENTISECS)
		wake_up(&flusher_wq);
	return 0;
}

/**
 * writeback_count - @nr more pages in state @item (MEMCG_FILE_DIRTY or
 * MEMCG_FILE_WRITEBACK) machine-wide.
 * @item: the state
 * @nr: pages, negative when leaving it
 *
 * Context: filemap_lock held (the flag changes beside it).
 */
void writeback_count(enum memcg_stat_item item, long nr)
{
	unsigned long *c = item == MEMCG_FILE_DIRTY ? &nr_dirty : &nr_writeback;

	__atomic_add_fetch(c, (unsigned long)nr, __ATOMIC_RELAXED);
}

/* Dirty pages (/proc/meminfo Dirty). Context: any. */
unsigned long writeback_nr_dirty(void)
{
	return __atomic_load_n(&nr_dirty, __ATOMIC_RELAXED);
}

/* Pages under writeback (/proc/meminfo Writeback). Context: any. */
unsigned long writeback_nr_writeback(void)
{
	return __atomic_load_n(&nr_writeback, __ATOMIC_RELAXED);
}

/* A page's writeback ended: wake whoever waits for progress. Context:
 * task context, no spinlock held. */
void writeback_page_done(void)
{
	__atomic_add_fetch(&pages_written, 1, __ATOMIC_RELAXED);
	if (wq_has_sleeper(&writeback_wq))
		wake_up_all(&writeback_wq);
}

static u64 centisecs_to_jiffies(unsigned int cs)
{
	return (u64)cs * time_hz() / 100;
}

/* Memory the dirty limits are a share of (global_dirtyable_memory()). */
static unsigned long dirtyable_pages(void)
{
	return nr_free_pages() + filemap_nr_pages();
}

static unsigned long share(unsigned long pages, enum writeback_tunable t)
{
	return pages / 100 * writeback_tunable(t) +
	       pages % 100 * writeback_tunable(t) / 100;
}

/* @m's dirtyable memory: its file pages and its headroom, at most @all. */
static unsigned long memcg_dirtyable(struct memcg *m, unsigned long all)
{
	long max = (long)__atomic_load_n(&m->memory.max, __ATOMIC_RELAXED);
	long room = max - memcg_current(m);
	unsigned long n = (unsigned long)memcg_stat_read(m, MEMCG_FILE) +
			  (unsigned long)(room > 0 ? room : 0);

	return n < all ? n : all;
}

/* Is @m (the root: the machine) over its dirty limit? */
static bool over_dirty_limit(struct memcg *m)
{
	unsigned long all = dirtyable_pages();

	if (writeback_nr_dirty() + writeback_nr_writeback() >
	    share(all, DIRTY_RATIO))
		return true;
	if (memcg_is_root(m))
		return false;
	return (unsigned long)(memcg_stat_read(m, MEMCG_FILE_DIRTY) +
			       memcg_stat_read(m, MEMCG_FILE_WRITEBACK)) >
	       share(memcg_dirtyable(m, all), DIRTY_RATIO);
}

static void flusher_kick(void)
{
	__atomic_store_n(&flusher_kicked, true, __ATOMIC_RELAXED);
	wake_up(&flusher_wq);
}

/**
 * balance_dirty_pages - throttle a writer that just dirtied a page of
 * @mapping (Linux's balance_dirty_pages_ratelimited()).
 * @mapping: the file written
 *
 * Past the background threshold the flusher is kicked. Past the dirty
 * limit of the machine or of the writer's memory cgroup the writer
 * writes back its own file: it holds the file's lock for the whole
 * write(), so the flusher could not, and Linux before 3.2 did the same
 * (writeback_inodes_wb() from balance_dirty_pages()). Linux 6.1 instead
 * sleeps while the flusher works. Still over (other files' pages), it
 * waits at most WRITEBACK_WAIT_MS for the flusher.
 * Context: task context, may sleep; [f] of @mapping held.
 */
void balance_dirty_pages(struct address_space *mapping)
{
	struct memcg *m;

	if (writeback_nr_dirty() > share(dirtyable_pages(),
					 DIRTY_BACKGROUND_RATIO))
		flusher_kick();
	m = memcg_get_from_mm(current->mm);
	if (over_dirty_limit(m)) {
		filemap_writeback(mapping);
		if (over_dirty_limit(m)) {
			writeback_kick_memcg(m);
			wait_event_timeout(writeback_wq, !over_dirty_limit(m),
					   msecs_to_jiffies(WRITEBACK_WAIT_MS));
		}
	}
	memcg_put(m);
}

/* Rounds of WRITEBACK_WAIT_MS a task dirtying through a mapping waits
 * at most while over a limit: five seconds in all (Linux waits for as
 * long as it takes, killably). */
#define WRITEBACK_MAPPED_ROUNDS	50

/**
 * balance_dirty_pages_mapped - throttle a task that just dirtied a page
 * of @mm's through a shared mapping (Linux 6.1's
 * fault_dirty_shared_page() calls balance_dirty_pages_ratelimited()).
 * @mm: the address space faulted: its memcg's limit applies
 *
 * Past the background threshold the flusher is kicked. Past the dirty
 * limit of the machine or of @mm's memory cgroup the flusher is
 * kicked for that memcg's files first and the task sleeps until the
 * dirty pages are back under the limit, as Linux 6.1's IO-less
 * balance_dirty_pages() does - for at most WRITEBACK_MAPPED_ROUNDS
 * pauses, and not once it is dying. So a cgroup dirtying a mapping at
 * its memory.max keeps clean pages for its charges' reclaim instead of
 * filling itself with dirty ones that reclaim must skip.
 * Context: task context, may sleep; no lock held (the flusher's
 * write-protection takes the mmap_lock of every mm mapping the file).
 */
void balance_dirty_pages_mapped(struct mm *mm)
{
	struct memcg *m;

	if (writeback_nr_dirty() > share(dirtyable_pages(),
					 DIRTY_BACKGROUND_RATIO))
		flusher_kick();
	m = memcg_get_from_mm(mm);
	for (int i = 0; i < WRITEBACK_MAPPED_ROUNDS && over_dirty_limit(m) &&
			!fatal_signal_pending(current);
	     i++) {
		writeback_kick_memcg(m);
		wait_event_timeout(writeback_wq, !over_dirty_limit(m),
				   msecs_to_jiffies(WRITEBACK_WAIT_MS));
	}
	memcg_put(m);
}

/**
 * writeback_kick_memcg - @m has too many dirty pages (its writer is
 * throttled, or its reclaim met them): start writing, the files @m
 * dirtied first. Linux 6.1's cgroup writeback gives each memcg its own
 * writeback context (mem_cgroup_wb_stats() and balance_dirty_pages()
 * on the memcg's wb); here the one flusher makes a pass over the files
 * whose dirtying memcg (mapping->wb_memcg) is @m before its pass over
 * every dirty file.
 * @m: the memcg; the root: no preference
 *
 * Context: any; no spinlock held.
 */
void writeback_kick_memcg(struct memcg *m)
{
	if (!memcg_is_root(m))
		__atomic_store_n(&flusher_memcg, m, __ATOMIC_RELAXED);
	flusher_kick();
}

/**
 * writeback_throttle_reclaim - reclaim of @m freed too little and dirty
 * or under-writeback pages remain there: kick the flusher and, when the
 * reclaimer may wait on file systems, wait for progress (Linux 6.1's
 * reclaim_throttle(VMSCAN_THROTTLE_WRITEBACK): at most a tenth of a
 * second).
 * @m: the memcg reclaimed
 * @gfp: the reclaimer's flags: without __GFP_FS (a file system's own
 *	 write path, which may hold the lock the flusher needs) it never
 *	 waits
 *
 * Context: task context when @gfp allows blocking; no spinlock held.
 * Return: true when it waited, so another pass may find clean pages.
 */
bool writeback_throttle_reclaim(struct memcg *m, gfp_t gfp)
{
	unsigned long written = __atomic_load_n(&pages_written,
						__ATOMIC_RELAXED);

	if (!memcg_stat_read(m, MEMCG_FILE_DIRTY) &&
	    !memcg_stat_read(m, MEMCG_FILE_WRITEBACK))
		return false;
	writeback_kick_memcg(m);
	if (!(gfp & __GFP_FS) || !gfpflags_allow_blocking(gfp))
		return false;
	wait_event_timeout(writeback_wq,
			   __atomic_load_n(&pages_written, __ATOMIC_RELAXED) !=
				   written,
			   msecs_to_jiffies(WRITEBACK_WAIT_MS));
	return true;
}

/*
 * The next dirty mapping of this pass (of @sb, NULL: any) first dirtied
 * at least @age jiffies ago, its inode pinned; or NULL. Context: [p].
 */
static struct address_space *next_dirty(u64 pass, struct super_block *sb,
					u64 age, const struct memcg *m)
{
	struct address_space *a;
	u64 now = time_jiffies();

	list_for_each_entry(a, &writeback_dirty_mappings, dirty_link)
		if (a->wb_pass != pass && (!sb || a->inode->sb == sb) &&
		    (!m || a->wb_memcg == m) &&
		    now - a->dirtied_when >= age && igrab(a->inode)) {
			a->wb_pass = pass;
			return a;
		}
	return NULL;
}

/* Does the flusher hold a file of @sb (NULL: any)? */
static bool flusher_holds(struct super_block *sb)
{
	bool held;

	spin_lock(&filemap_lock);
	held = flusher_pinned && (!sb || flusher_pinned->sb == sb);
	spin_unlock(&filemap_lock);
	return held;
}

/*
 * Write back every file of @sb (NULL: all) dirty for @age jiffies and,
 * with @m, dirtied by @m; the flusher's pass (@flusher) says which file
 * it holds, so that a sync can wait for it.
 */
static int writeback_pass(struct super_block *sb, u64 age, bool flusher,
			  const struct memcg *m)
{
	struct address_space *a;
	int first = 0;
	u64 pass;

	spin_lock(&filemap_lock);
	pass = ++flusher_pass;
	spin_unlock(&filemap_lock);
	for (;;) {
		int err;

		spin_lock(&filemap_lock);
		a = next_dirty(pass, sb, age, m);
		if (a && flusher)
			flusher_pinned = a->inode;
		spin_unlock(&filemap_lock);
		if (!a)
			return first;
		err = a->a_ops->writepages(a);
		if (err && !first)
			first = err;
		iput(a->inode);
		if (!flusher)
			continue;
		spin_lock(&filemap_lock);
		flusher_pinned = NULL;
		spin_unlock(&filemap_lock);
		wake_up_all(&writeback_wq);
	}
}

/**
 * writeback_sync - write back every dirty file of @sb, or of every file
 * system, and wait, also for a file the flusher is writing (sync(2),
 * syncfs(2), umount: Linux's sync_inodes_sb()). When it returns, the
 * flusher holds no file of @sb: its last reference may have evicted it.
 * @sb: the file system, or NULL
 *
 * Context: task context, may sleep; no lock the file system's writeback
 * or eviction takes.
 * Return: 0, or the first writeback error met.
 */
int writeback_sync(struct super_block *sb)
{
	int r = writeback_pass(sb, 0, false, NULL);

	wait_event(writeback_wq, !flusher_holds(sb));
	return r;
}

/* Kicked, stopped, or a new period to sleep by. */
static bool flusher_should_wake(unsigned int period)
{
	return __atomic_load_n(&flusher_kicked, __ATOMIC_RELAXED) ||
	       writeback_tunable(DIRTY_WRITEBACK_CENTISECS) != period ||
	       kthread_should_stop();
}

/*
 * Sleep for one period, or with periodic writeback off (0) until kicked:
 * interruptibly then, as an idle thread, not a blocked one, for the
 * hung-task detector.
 */
static void flusher_sleep(unsigned int period)
{
	if (period)
		wait_event_timeout(flusher_wq, flusher_should_wake(period),
				   (long)centisecs_to_jiffies(period));
	else
		wait_event_interruptible(flusher_wq,
					 flusher_should_wake(period));
}

/* The flusher: a pass over a throttled memcg's files first, then a
 * periodic pass for expired files, a full one when kicked or over the
 * background threshold (Linux's wb_workfn()). */
static int flusher_thread(void *unused)
{
	(void)unused;
	while (!kthread_should_stop()) {
		unsigned int period = writeback_tunable(
			DIRTY_WRITEBACK_CENTISECS);
		struct memcg *first;
		u64 expire;
		bool all;

		flusher_sleep(period);
		all = __atomic_exchange_n(&flusher_kicked, false,
					  __ATOMIC_RELAXED) ||
		      writeback_nr_dirty() >
			      share(dirtyable_pages(), DIRTY_BACKGROUND_RATIO);
		expire = centisecs_to_jiffies(
			writeback_tunable(DIRTY_EXPIRE_CENTISECS));
		first = __atomic_exchange_n(&flusher_memcg, NULL,
					    __ATOMIC_RELAXED);
		if (first)
			writeback_pass(NULL, 0, true, first);
		if (all || period)
			writeback_pass(NULL, all ? 0 : expire, true, NULL);
	}
	return 0;
}

/**
 * writeback_init - start the flusher thread.
 *
 * Context: boot, task context.
 */
void writeback_init(void)
{
	flusher = kthread_run(flusher_thread, NULL, "flush");
	if (!flusher)
		panic("writeback: no memory for the flusher thread");
}

/* Pages dirty or under writeback: 0 between tests (everything synced). */
static u64 writeback_pages_outstanding(void)
{
	return writeback_nr_dirty() + writeback_nr_writeback();
}

KTEST_INVARIANT(writeback_pages, writeback_pages_outstanding);
