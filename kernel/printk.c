// SPDX-License-Identifier: MIT
/*
 * printk: one lock serialises formatting, the ring buffer and the console
 * writes, so lines from different CPUs never interleave. After a panic the
 * lock is only tried, never waited for: the CPU that panicked may have
 * died holding it, and the panic message matters more than tidy output.
 */
#include "kernel/cmdline.h"
#include "kernel/printk.h"
#include "kernel/spinlock.h"
#include "kernel/time.h"
#include "lib/errno.h"
#include "lib/format.h"
#include "lib/string.h"

#define LOG_RING_SIZE	(64 * 1024)
#define LINE_MAX	1024

/* Locking: [p] printk_lock */
static struct spinlock printk_lock = SPINLOCK_INIT("printk");
static struct console *consoles;		/* [p] */
static char log_ring[LOG_RING_SIZE];		/* [p] */
static size_t log_ring_head;			/* [p] total bytes ever written */
static bool at_line_start = true;		/* [p] */
static bool timestamps = true;			/* [p] */
static bool in_panic;				/* [a] */
int console_loglevel = 8;			/* print everything by default */
KPARAM_UINT(loglevel, "loglevel", &console_loglevel, 0, 8,
	    "consoles show messages below this level (8: all, 0: none)");

void console_register(struct console *c)
{
	unsigned long flags = spin_lock_irqsave(&printk_lock);

	c->next = consoles;
	consoles = c;
	spin_unlock_irqrestore(&printk_lock, flags);
}

/**
 * console_set_enabled - let the console called @name print, or not.
 * @name: its name ("ttyS0", "tty0")
 * @on: false silences it (console=screen silences the serial line)
 *
 * Context: any; takes printk_lock. No such console: nothing changes.
 */
void console_set_enabled(const char *name, bool on)
{
	unsigned long flags = spin_lock_irqsave(&printk_lock);

	for (struct console *c = consoles; c; c = c->next)
		if (!strcmp(c->name, name))
			c->disabled = !on;
	spin_unlock_irqrestore(&printk_lock, flags);
}

void printk_set_timestamps(bool on)
{
	timestamps = on;
}

/* From now on printk never waits for its lock (see the header comment). */
void printk_enter_panic(void)
{
	__atomic_store_n(&in_panic, true, __ATOMIC_SEQ_CST);
}

static void emit(const char *s, size_t len, int level)
{
	for (size_t i = 0; i < len; i++)
		log_ring[(log_ring_head + i) % LOG_RING_SIZE] = s[i];
	log_ring_head += len;
	if (level >= console_loglevel)
		return;
	for (struct console *c = consoles; c; c = c->next)
		if (!c->disabled)
			c->write(s, len);
}

static void emit_timestamp(int level)
{
	char stamp[32];
	u64 ns = ktime_get_ns();
	int n = snprintf(stamp, sizeof(stamp), "[%5llu.%06llu] ",
			 (unsigned long long)(ns / 1000000000),
			 (unsigned long long)(ns / 1000 % 1000000));

	emit(stamp, (size_t)n, level);
}

static void emit_lines(const char *text, size_t len, int level)
{
	while (len) {
		const char *nl = memchr(text, '\n', len);
		size_t chunk = nl ? (size_t)(nl - text) + 1 : len;

		if (at_line_start && timestamps)
			emit_timestamp(level);
		emit(text, chunk, level);
		at_line_start = nl != NULL;
		text += chunk;
		len -= chunk;
	}
}

static bool printk_lock_acquire(void)
{
	if (!__atomic_load_n(&in_panic, __ATOMIC_RELAXED)) {
		spin_lock(&printk_lock);
		return true;
	}
	for (int i = 0; i < 1000000; i++)
		if (spin_trylock(&printk_lock))
			return true;
	return false;
}

int vprintk(const char *fmt, va_list ap)
{
	char line[LINE_MAX];
	int level = LOGLEVEL_DEFAULT;
	unsigned long flags;
	bool locked;
	int n;

	if (fmt[0] == KERN_SOH[0] && fmt[1] >= '0' && fmt[1] <= '7') {
		level = fmt[1] - '0';
		fmt += 2;
	}
	n = vsnprintf(line, sizeof(line), fmt, ap);
	if (n >= (int)sizeof(line))
		n = sizeof(line) - 1;
	flags = arch_irq_save();
	locked = printk_lock_acquire();
	emit_lines(line, (size_t)n, level);
	if (locked)
		spin_unlock(&printk_lock);
	arch_irq_restore(flags);
	return n;
}

int printk(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintk(fmt, ap);
	va_end(ap);
	return n;
}

/**
 * printk_ring_read - copy the newest @size bytes of the log into @buf.
 * @buf: destination
 * @size: its size
 *
 * Context: any; takes printk_lock.
 * Return: the number of bytes copied.
 */
size_t printk_ring_read(char *buf, size_t size)
{
	unsigned long flags = spin_lock_irqsave(&printk_lock);
	size_t avail = MIN(log_ring_head, (size_t)LOG_RING_SIZE);
	size_t n = MIN(avail, size);
	size_t start = log_ring_head - n;

	for (size_t i = 0; i < n; i++)
		buf[i] = log_ring[(start + i) % LOG_RING_SIZE];
	spin_unlock_irqrestore(&printk_lock, flags);
	return n;
}

/**
 * printk_ring_read_at - copy the log from byte @pos on (bytes counted
 * since boot: the ring's first byte is 0), for /dev/kmsg.
 * @pos: where to start; set to the oldest byte still held if @pos was
 *	overwritten
 * @buf: destination
 * @size: its size
 *
 * Context: any; takes printk_lock.
 * Return: the bytes copied (0 at the log's end), or -EPIPE when @pos
 * had been overwritten (nothing is copied then).
 */
long printk_ring_read_at(u64 *pos, char *buf, size_t size)
{
	unsigned long flags = spin_lock_irqsave(&printk_lock);
	u64 oldest = log_ring_head - MIN(log_ring_head, (size_t)LOG_RING_SIZE);
	long n = -EPIPE;

	if (*pos < oldest) {
		*pos = oldest;
	} else {
		n = (long)MIN(size, log_ring_head - MIN(*pos, log_ring_head));
		for (long i = 0; i < n; i++)
			buf[i] = log_ring[(*pos + i) % LOG_RING_SIZE];
	}
	spin_unlock_irqrestore(&printk_lock, flags);
	return n;
}

/* Open a new window at @now if the current one is over; the CPU that
 * opens it reports what the old one dropped. */
static void ratelimit_roll(struct ratelimit_state *rs, u64 now)
{
	u64 begin = __atomic_load_n(&rs->begin_ns, __ATOMIC_ACQUIRE);
	u64 stamp = now + 1;	/* time reads 0 before calibration */
	unsigned int missed;

	if (begin && stamp - begin < rs->interval_ns)
		return;
	if (!__atomic_compare_exchange_n(&rs->begin_ns, &begin, stamp,
					 false, __ATOMIC_ACQ_REL,
					 __ATOMIC_RELAXED))
		return;
	missed = __atomic_exchange_n(&rs->missed, 0, __ATOMIC_RELAXED);
	__atomic_store_n(&rs->printed, 0, __ATOMIC_RELEASE);
	if (missed)
		printk(KERN_WARNING "%s: %u callbacks suppressed\n", rs->where,
		       missed);
}

/**
 * printk_ratelimit_ok - may one more message go out under @rs?
 * @rs: the call site's state (see printk_ratelimited())
 *
 * Linux's __ratelimit(): @rs->burst messages per window, the rest counted
 * as missed and reported when the next window opens.
 * Context: any but under printk_lock (it may print the suppressed line).
 * Return: true to print the message, false to drop it.
 */
bool printk_ratelimit_ok(struct ratelimit_state *rs)
{
	ratelimit_roll(rs, ktime_get_ns());
	/* Checked before the add, so a flood cannot wrap the count. */
	if (__atomic_load_n(&rs->printed, __ATOMIC_RELAXED) < rs->burst &&
	    __atomic_fetch_add(&rs->printed, 1, __ATOMIC_RELAXED) < rs->burst)
		return true;
	__atomic_fetch_add(&rs->missed, 1, __ATOMIC_RELAXED);
	return false;
}
