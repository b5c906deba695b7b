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
	struct console *next;
};

void console_register(struct console *c);
int printk(const char *fmt, ...) __printf(1, 2);
int vprintk(const char *fmt, va_list ap);
void printk_set_timestamps(bool on);
void printk_enter_panic(void);
size_t printk_ring_read(char *buf, size_t size);

#define pr_emerg(...)	printk(KERN_EMERG __VA_ARGS__)
#define pr_err(...)	printk(KERN_ERR __VA_ARGS__)
#define pr_warn(...)	printk(KERN_WARNING __VA_ARGS__)
#define pr_notice(...)	printk(KERN_NOTICE __VA_ARGS__)
#define pr_info(...)	printk(KERN_INFO __VA_ARGS__)
#define pr_debug(...)	printk(KERN_DEBUG __VA_ARGS__)

extern int console_loglevel;

#endif
