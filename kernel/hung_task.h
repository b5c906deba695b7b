/* SPDX-License-Identifier: MIT */
/*
 * Hung-task detector: a kernel thread (khungtaskd) scans every task and
 * reports one that has slept in TASK_UNINTERRUPTIBLE (not killable) for
 * longer than hung_task_timeout= seconds, as Linux does:
 *   "INFO: task NAME:PID blocked for more than N seconds."
 * followed by its stack; once per sleep, at most hung_task_warnings
 * times in all.
 *
 * Tests: hung_task_set_timeout_ms() lowers the limit,
 * hung_task_set_quiet(true) replaces the report by a KTAP diagnostic line
 * the runner does not treat as a failure, and hung_task_reported() tells
 * whether a given sleeper was reported (tests wait for it with
 * ktest_wait_until()).
 */
#ifndef KERNEL_HUNG_TASK_H
#define KERNEL_HUNG_TASK_H

#include "lib/types.h"

void hung_task_init(void);
void hung_task_set_timeout_ms(u64 ms);
void hung_task_set_quiet(bool quiet);
struct task;
bool hung_task_reported(struct task *t);

#endif
