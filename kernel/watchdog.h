/* SPDX-License-Identifier: MIT */
/*
 * Soft-lockup watchdog: a CPU whose tick keeps finding it unable to
 * schedule (preemption disabled, not idle) for longer than
 * 2 * watchdog_thresh seconds is reported as Linux does:
 *   "BUG: soft lockup - CPU#N stuck for Ns! [NAME:PID]"
 * with the stack of the stuck code, once per episode.
 *
 * Tests: watchdog_set_thresh_ms() lowers the limit, watchdog_fired()
 * counts reports, and watchdog_set_quiet(true) replaces the report by a
 * KTAP diagnostic line that the runner does not treat as a failure.
 */
#ifndef KERNEL_WATCHDOG_H
#define KERNEL_WATCHDOG_H

#include "lib/types.h"

void watchdog_tick(unsigned int cpu, bool schedulable);
void watchdog_set_thresh_ms(u64 ms);
u64 watchdog_thresh_ms(void);
void watchdog_set_quiet(bool quiet);
u64 watchdog_fired(void);

#endif
