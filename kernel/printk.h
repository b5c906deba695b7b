/* SPDX-License-Identifier: MIT */
/*
 * Kernel log: printk() formats a message, stamps each line with
 * "[seconds.micros] " from the TSC, keeps it in a ring buffer and writes it
 * to every registered console whose level filter lets it through.
 */
#ifndef KERNEL_PRINTK_H
#define KERNEL_PRINTK_H

#include <stdarg.h>
#include "lib/types.h"

#define KERN_SOH	"\001"
#define KERN_EMERG	KERN_SOH "0"
#define KERN_ALERT	KERN_SOH "1"
#define KERN_CRIT	KERN_SOH "2"
#define KERN_ERR	KERN_SOH "3"
#define KERN_WARNING	KERN_SOH "4"
#define KERN_NOTICE	KERN_SOH "5"
#define KERN_INFO	KERN_SOH "6"
#define KERN_DEBUG	KERN_SOH "7"
#define LOGLEVEL_DEFAULT 6	/* a message without a level is INFO */

struct console {
	const char *name;
	void (*write)(const char *s, size_t len);
	bool disabled;		/* [p] console=: the user turned it off */
	struct console *next;
};

void console_register(struct console *c);
void console_set_enabled(const char *name, bool on);
int printk(const char *fmt, ...) __printf(1, 2);
int vprintk(const char *fmt, va_list ap);
void printk_set_timestamps(bool on);
void printk_enter_panic(void);
size_t printk_ring_read(char *buf, size_t size);
long printk_ring_read_at(u64 *pos, char *buf, size_t size);

/*
 * Rate limiting of messages a user can trigger (Linux's
 * printk_ratelimited(), DEFAULT_RATELIMIT_INTERVAL 5 * HZ and
 * DEFAULT_RATELIMIT_BURST 10): at most @burst messages per @interval_ms
 * window from one call site; the first message of the next window is
 * preceded by "<where>: N callbacks suppressed" when some were dropped.
 *
 * Locking: [a] atomic. No lock, so it works from any context; at a
 * window's edge racing CPUs may let one message each over the burst.
 */
struct ratelimit_state {
	const char *where;		/* [I] named in the suppressed line */
	u64 interval_ns;		/* [I] */
	unsigned int burst;		/* [I] */
	u64 begin_ns;			/* [a] window start + 1 ns; 0: none */
	unsigned int printed;		/* [a] messages let through in it */
	unsigned int missed;		/* [a] messages dropped in it */
};

#define RATELIMIT_INTERVAL_MS	5000
#define RATELIMIT_BURST		10

#define RATELIMIT_STATE_INIT(name, interval_ms, burst_)			\
	{ .where = (name), .interval_ns = (u64)(interval_ms) * 1000000,	\
	  .burst = (burst_) }

bool printk_ratelimit_ok(struct ratelimit_state *rs);

/* printk() unless this call site already printed its burst lately. */
#define printk_ratelimited(...)						\
	({								\
		static struct ratelimit_state _rs = RATELIMIT_STATE_INIT( \
			__func__, RATELIMIT_INTERVAL_MS, RATELIMIT_BURST); \
		printk_ratelimit_ok(&_rs) ? printk(__VA_ARGS__) : 0;	\
	})

#define pr_emerg(...)	printk(KERN_EMERG __VA_ARGS__)
#define pr_err(...)	printk(KERN_ERR __VA_ARGS__)
#define pr_warn(...)	printk(KERN_WARNING __VA_ARGS__)
#define pr_notice(...)	printk(KERN_NOTICE __VA_ARGS__)
#define pr_info(...)	printk(KERN_INFO __VA_ARGS__)
#define pr_debug(...)	printk(KERN_DEBUG __VA_ARGS__)

#define pr_err_ratelimited(...)	printk_ratelimited(KERN_ERR __VA_ARGS__)
#define pr_warn_ratelimited(...) printk_ratelimited(KERN_WARNING __VA_ARGS__)
#define pr_info_ratelimited(...) printk_ratelimited(KERN_INFO __VA_ARGS__)

extern int console_loglevel;

#endif
