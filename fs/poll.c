// SPDX-License-Identifier: MIT
/*
 * poll(2), ppoll(2), select(2) and pselect6(2) (fs/poll.h) with Linux
 * 6.1's semantics (fs/select.c there): POLLNVAL for a poll fd that is
 * not open, -EBADF for such a select fd, POLLERR and POLLHUP reported
 * whether asked for or not, a negative fd ignored; select, ppoll and
 * pselect6 write the time left back to the caller's timeout.
 *
 * The wait: one look at every file with a poll table (each file hands
 * over its wait queues), then the task queues itself on all of them in
 * FS_WAIT_STATE, looks again without the table and sleeps only if that
 * second look finds nothing. An event after the queueing either shows
 * in the second look or wakes the sleep; f_op->poll() must not sleep,
 * since the task state is already set during the second look.
 *
 * Locking: the poll table and the items are the caller's alone.
 */
#include <arch/uaccess.h>
#include "fs/fdtable.h"
#include "fs/file.h"
#include "fs/fs_process.h"
#include "fs/poll.h"
#include "kernel/panic.h"
#include "kernel/syscall.h"
#include "kernel/task.h"
#include "kernel/time.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "mm/slab.h"

/* Linux's RLIMIT_NOFILE default: poll(2) with more fds is -EINVAL. */
#define POLL_MAX_FDS		1024
/* Wait queues one file hands to poll_wait() at most (a pipe: two). */
#define POLL_QUEUES_PER_FILE	2
/* Timeouts above this many seconds wait forever (no jiffies overflow). */
#define POLL_MAX_SECONDS	(1LL << 30)

/* select(2)'s sets, as Linux's POLLIN_SET, POLLOUT_SET and POLLEX_SET. */
#define SELECT_IN	(POLLRDNORM | POLLRDBAND | POLLIN | POLLHUP | POLLERR)
#define SELECT_OUT	(POLLWRBAND | POLLWRNORM | POLLOUT | POLLERR)
#define SELECT_EX	POLLPRI

struct poll_table_entry {
	struct wait_queue_head *wq;
	struct wait_queue_entry we;
};

struct poll_table {
	struct poll_table_entry *entries;
	unsigned int nr, max;
};

/* One fd being waited for. */
struct poll_item {
	struct file *file;	/* a reference; NULL: POLLNVAL or ignored */
	bool nval;		/* the fd was not open */
	unsigned int events;	/* asked for */
	unsigned int revents;	/* found */
};

/*
 * ppoll's and pselect6's signal mask, read and checked as Linux does
 * (a size other than 8 is -EINVAL). It has no effect until signal
 * handlers exist: the signals code then installs it around the sleep
 * (Linux's set_user_sigmask()).
 */
struct poll_sigmask {
	bool given;
	u64 mask;
};

/**
 * poll_wait - hand @wq to the poller (from a file's f_op->poll()).
 * @file: the file being polled
 * @wq: a wait queue woken when @file's readiness may change
 * @pt: the poll table, or NULL when the poller only looks
 *
 * Context: any; does not sleep.
 */
void poll_wait(struct file *file, struct wait_queue_head *wq,
	       struct poll_table *pt)
{
	(void)file;
	if (!pt)
		return;
	if (WARN_ON(pt->nr == pt->max))
		return;
	pt->entries[pt->nr++].wq = wq;
}

/**
 * vfs_poll - @file's readiness (POLL* bits).
 * @file: the file
 * @pt: a poll table to hand wait queues to, or NULL
 *
 * Context: any task context; does not sleep.
 * Return: f_op->poll()'s bits, or DEFAULT_POLLMASK without one.
 */
unsigned int vfs_poll(struct file *file, struct poll_table *pt)
{
	if (!file->f_op || !file->f_op->poll)
		return DEFAULT_POLLMASK;
	return file->f_op->poll(file, pt);
}

/* One look at every item. Return: how many have revents. */
static int poll_scan(struct poll_item *items, unsigned int n,
		     struct poll_table *pt)
{
	int ready = 0;

	for (unsigned int i = 0; i < n; i++) {
		struct poll_item *it = &items[i];

		if (it->nval)
			it->revents = POLLNVAL;
		else if (it->file)
			it->revents = vfs_poll(it->file, pt) &
				      (it->events | POLLERR | POLLHUP);
		else
			it->revents = 0;
		if (it->revents)
			ready++;
	}
	return ready;
}

static void poll_queue_all(struct poll_table *pt)
{
	for (unsigned int i = 0; i < pt->nr; i++) {
		init_wait_entry(&pt->entries[i].we, 0);
		prepare_to_wait(pt->entries[i].wq, &pt->entries[i].we,
				FS_WAIT_STATE);
	}
}

static void poll_dequeue_all(struct poll_table *pt)
{
	for (unsigned int i = 0; i < pt->nr; i++)
		finish_wait(pt->entries[i].wq, &pt->entries[i].we);
}

/*
 * Wait until an item is ready, *@timeout jiffies run out (< 0: never)
 * or a fatal signal comes; *@timeout is left with the jiffies left.
 * Return: the number of ready items, 0 on timeout, -EINTR, -ENOMEM.
 */
static int poll_items(struct poll_item *items, unsigned int n, long *timeout)
{
	struct poll_table pt = { .max = n * POLL_QUEUES_PER_FILE };
	int ready;

	pt.entries = kmalloc(pt.max * sizeof(*pt.entries) ?: 1, GFP_KERNEL);
	if (!pt.entries)
		return -ENOMEM;
	for (;;) {
		pt.nr = 0;
		ready = poll_scan(items, n, &pt);
		if (ready || !*timeout)
			break;
		poll_queue_all(&pt);
		ready = poll_scan(items, n, NULL);
		if (!ready && signal_pending_state(FS_WAIT_STATE, current))
			ready = -EINTR;
		else if (!ready && *timeout < 0)
			schedule();
		else if (!ready)
			*timeout = schedule_timeout(*timeout);
		poll_dequeue_all(&pt);
		if (ready)
			break;
	}
	kfree(pt.entries);
	return ready;
}

static void poll_put_items(struct poll_item *items, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++)
		if (items[i].file)
			fput(items[i].file);
	kfree(items);
}

/* Linux's struct timespec and struct timeval on x86_64. */
struct poll_timespec {
	s64 sec;
	s64 nsec;
};

/*
 * Jiffies for @sec + @nsec, rounded up, plus one: the first tick may
 * come at once, and Linux never ends a poll before its timeout. -1
 * (forever) past the cap; 0 stays 0 (just look).
 */
static long poll_jiffies(s64 sec, s64 nsec)
{
	u64 ns;

	if (sec >= POLL_MAX_SECONDS)
		return -1;
	ns = (u64)sec * NSEC_PER_SEC + (u64)nsec;
	if (!ns)
		return 0;
	return (long)((ns * time_hz() + NSEC_PER_SEC - 1) / NSEC_PER_SEC) + 1;
}

static void poll_time_left(long left, s64 unit_ns, struct poll_timespec *ts)
{
	u64 ns = left > 0 ? (u64)left * NSEC_PER_SEC / time_hz() : 0;

	ts->sec = (s64)(ns / NSEC_PER_SEC);
	ts->nsec = (s64)(ns % NSEC_PER_SEC) / unit_ns;
}

/*
 * Read a timespec (@unit_ns 1) or timeval (1000) into jiffies; NULL is
 * forever. Return: 0, -EFAULT, or -EINVAL for a negative or
 * non-normalised time.
 */
static int poll_get_timeout(const struct poll_timespec __user *uts,
			    s64 unit_ns, long *timeout)
{
	struct poll_timespec ts;

	*timeout = -1;
	if (!uts)
		return 0;
	if (copy_from_user(&ts, uts, sizeof(ts)))
		return -EFAULT;
	if (ts.sec < 0 || ts.nsec < 0 ||
	    ts.nsec >= (s64)NSEC_PER_SEC / unit_ns)
		return -EINVAL;
	*timeout = poll_jiffies(ts.sec, ts.nsec * unit_ns);
	return 0;
}

/* Write the time left back, as Linux does; a fault there is ignored
 * (Linux's poll_select_finish(): the result matters more). */
static void poll_put_timeout(struct poll_timespec __user *uts, s64 unit_ns,
			     long left)
{
	struct poll_timespec ts;

	if (!uts || left < 0)
		return;
	poll_time_left(left, unit_ns, &ts);
	(void)copy_to_user(uts, &ts, sizeof(ts));
}

/* ppoll's and pselect6's mask: 0, -EFAULT or -EINVAL (size not 8). */
static int poll_get_sigmask(const u64 __user *umask, size_t size,
			    struct poll_sigmask *sm)
{
	sm->given = umask != NULL;
	if (!umask)
		return 0;
	if (size != sizeof(sm->mask))
		return -EINVAL;
	return copy_from_user(&sm->mask, umask, size) ? -EFAULT : 0;
}

/* Linux's struct pollfd. */
struct pollfd {
	int fd;
	short events;
	short revents;
};

static long do_poll(struct pollfd __user *ufds, unsigned int nfds,
		    long *timeout, const struct poll_sigmask *sm)
{
	struct pollfd *fds = NULL;
	struct poll_item *items;
	long r;

	(void)sm;
	if (nfds > POLL_MAX_FDS)
		return -EINVAL;
	items = kzalloc(nfds * sizeof(*items) ?: 1, GFP_KERNEL);
	fds = kmalloc(nfds * sizeof(*fds) ?: 1, GFP_KERNEL);
	r = -ENOMEM;
	if (!items || !fds)
		goto out;
	r = -EFAULT;
	if (copy_from_user(fds, ufds, nfds * sizeof(*fds)))
		goto out;
	for (unsigned int i = 0; i < nfds; i++) {
		items[i].events = (unsigned short)fds[i].events;
		if (fds[i].fd < 0)
			continue;
		items[i].file = fs_fget(fds[i].fd);
		items[i].nval = !items[i].file;
	}
	r = poll_items(items, nfds, timeout);
	if (r < 0)
		goto out;
	for (unsigned int i = 0; i < nfds; i++)
		fds[i].revents = (short)items[i].revents;
	if (copy_to_user(ufds, fds, nfds * sizeof(*fds)))
		r = -EFAULT;
out:
	if (items)
		poll_put_items(items, nfds);
	kfree(fds);
	return r;
}

SYSCALL_DEFINE3(poll, struct pollfd __user *, ufds, unsigned int, nfds,
		int, timeout_ms)
{
	long timeout = timeout_ms < 0 ? -1 : poll_jiffies(timeout_ms / 1000,
			(s64)(timeout_ms % 1000) * 1000000);

	return do_poll(ufds, nfds, &timeout, NULL);
}

SYSCALL_DEFINE5(ppoll, struct pollfd __user *, ufds, unsigned int, nfds,
		struct poll_timespec __user *, tsp, const u64 __user *, sigmask,
		size_t, sigsetsize)
{
	struct poll_sigmask sm;
	long timeout, r;

	r = poll_get_timeout(tsp, 1, &timeout);
	if (!r)
		r = poll_get_sigmask(sigmask, sigsetsize, &sm);
	if (r)
		return r;
	r = do_poll(ufds, nfds, &timeout, &sm);
	poll_put_timeout(tsp, 1, timeout);
	return r;
}

#define SELECT_WORDS	(FDTABLE_SIZE / 64)

/* select's three sets; a NULL user set reads as empty. */
struct select_sets {
	u64 in[SELECT_WORDS], out[SELECT_WORDS], ex[SELECT_WORDS];
};

static bool fd_isset(const u64 *set, int fd)
{
	return set[fd / 64] & (1ULL << (fd % 64));
}

static void fd_set_bit(u64 *set, int fd)
{
	set[fd / 64] |= 1ULL << (fd % 64);
}

static int select_copy_in(u64 *set, const u64 __user *uset, size_t bytes)
{
	memset(set, 0, SELECT_WORDS * sizeof(u64));
	return uset && copy_from_user(set, uset, bytes) ? -EFAULT : 0;
}

static int select_copy_out(u64 __user *uset, const u64 *set, size_t bytes)
{
	return uset && copy_to_user(uset, set, bytes) ? -EFAULT : 0;
}

/* The items for the fds set in @s. Return: their count, or -EBADF. */
static int select_items(const struct select_sets *s, int nfds,
			struct poll_item *items)
{
	int n = 0;

	for (int fd = 0; fd < nfds; fd++) {
		unsigned int ev = (fd_isset(s->in, fd) ? SELECT_IN : 0) |
				  (fd_isset(s->out, fd) ? SELECT_OUT : 0) |
				  (fd_isset(s->ex, fd) ? SELECT_EX : 0);

		if (!ev)
			continue;
		items[n].file = fs_fget(fd);
		if (!items[n].file)
			return -EBADF;
		items[n++].events = ev;
	}
	return n;
}

/* Turn the ready items back into sets. Return: bits set, as Linux. */
static int select_results(struct select_sets *s, int nfds,
			  const struct poll_item *items)
{
	struct select_sets asked = *s;
	int bits = 0, n = 0;

	memset(s, 0, sizeof(*s));
	for (int fd = 0; fd < nfds; fd++) {
		const struct poll_item *it = &items[n];
		bool any = fd_isset(asked.in, fd) || fd_isset(asked.out, fd) ||
			   fd_isset(asked.ex, fd);

		if (!any)
			continue;
		n++;
		if (fd_isset(asked.in, fd) && (it->revents & SELECT_IN)) {
			fd_set_bit(s->in, fd);
			bits++;
		}
		if (fd_isset(asked.out, fd) && (it->revents & SELECT_OUT)) {
			fd_set_bit(s->out, fd);
			bits++;
		}
		if (fd_isset(asked.ex, fd) && (it->revents & SELECT_EX)) {
			fd_set_bit(s->ex, fd);
			bits++;
		}
	}
	return bits;
}

static long do_select(int nfds, u64 __user *uin, u64 __user *uout,
		      u64 __user *uex, long *timeout,
		      const struct poll_sigmask *sm)
{
	struct select_sets *s;
	struct poll_item *items;
	size_t bytes;
	long r;
	int n;

	(void)sm;
	if (nfds < 0)
		return -EINVAL;
	nfds = MIN(nfds, FDTABLE_SIZE);		/* Linux: max_fds */
	bytes = (size_t)(nfds + 63) / 64 * sizeof(u64);
	s = kmalloc(sizeof(*s), GFP_KERNEL);
	items = kzalloc(nfds * sizeof(*items) ?: 1, GFP_KERNEL);
	r = -ENOMEM;
	if (!s || !items)
		goto out;
	r = select_copy_in(s->in, uin, bytes) ?:
	    select_copy_in(s->out, uout, bytes) ?:
	    select_copy_in(s->ex, uex, bytes);
	if (r)
		goto out;
	n = select_items(s, nfds, items);
	r = n < 0 ? n : poll_items(items, (unsigned int)n, timeout);
	if (r < 0)
		goto out;
	r = select_results(s, nfds, items);
	if (select_copy_out(uin, s->in, bytes) ||
	    select_copy_out(uout, s->out, bytes) ||
	    select_copy_out(uex, s->ex, bytes))
		r = -EFAULT;
out:
	if (items)
		poll_put_items(items, (unsigned int)MAX(nfds, 0));
	kfree(s);
	return r;
}

SYSCALL_DEFINE5(select, int, nfds, u64 __user *, inp, u64 __user *, outp,
		u64 __user *, exp, struct poll_timespec __user *, tvp)
{
	long timeout, r;

	r = poll_get_timeout(tvp, 1000, &timeout);
	if (r)
		return r;
	r = do_select(nfds, inp, outp, exp, &timeout, NULL);
	poll_put_timeout(tvp, 1000, timeout);
	return r;
}

/* pselect6's sixth argument (Linux's struct sigset_argpack). */
struct select_sigarg {
	const u64 __user *mask;
	size_t size;
};

SYSCALL_DEFINE6(pselect6, int, nfds, u64 __user *, inp, u64 __user *, outp,
		u64 __user *, exp, struct poll_timespec __user *, tsp,
		const struct select_sigarg __user *, sig)
{
	struct select_sigarg arg = { 0 };
	struct poll_sigmask sm;
	long timeout, r;

	r = poll_get_timeout(tsp, 1, &timeout);
	if (!r && sig && copy_from_user(&arg, sig, sizeof(arg)))
		r = -EFAULT;
	if (!r)
		r = poll_get_sigmask(arg.mask, arg.size, &sm);
	if (r)
		return r;
	r = do_select(nfds, inp, outp, exp, &timeout, &sm);
	poll_put_timeout(tsp, 1, timeout);
	return r;
}
