/* SPDX-License-Identifier: MIT */
/*
 * Sampling profiler. While a session runs, every CPU's timer tick records
 * what it interrupted: the task's name, the interrupted instruction and,
 * for kernel code, the return addresses of the frame-pointer chain above
 * it; a tick that interrupted user mode records only "[user]". At the end
 * the samples are grouped by stack and printed as folded stacks
 * ("task;outer;...;leaf count", the shape flamegraph.pl reads), one line
 * per distinct stack.
 *
 * One session at a time: profile_start(), the work to measure,
 * profile_stop(), then read (profile_for_each(), profile_print()) and
 * profile_release().
 */
#ifndef KERNEL_PROFILE_H
#define KERNEL_PROFILE_H

#include "kernel/task.h"
#include "lib/types.h"

#define PROFILE_DEPTH	16	/* the interrupted ip and 15 callers */
#define PROFILE_USER_IP	1	/* ip[] entry: a user-space address */

/*
 * One tick's sample. ip[0] is the interrupted instruction, ip[1..] are
 * return addresses, innermost first. profile_stop() rewrites every entry
 * to the start of its function (PROFILE_USER_IP: a user address, where a
 * kernel stack under a system call or user fault ends; 0: anything else
 * outside the kernel's text), so samples that differ only in offsets
 * compare equal.
 */
struct profile_sample {
	char comm[TASK_COMM_LEN];	/* the interrupted task */
	bool user;			/* the tick interrupted user mode */
	u8 depth;			/* entries used in ip[]; 0 when user */
	u64 ip[PROFILE_DEPTH];
};

void profile_tick(u64 ip, u64 sp, u64 frame_pointer, bool user);
int profile_start(void);
void profile_stop(void);
u64 profile_nr_samples(void);
u64 profile_nr_dropped(void);
void profile_for_each(void (*fn)(const struct profile_sample *s, void *arg),
		      void *arg);
void profile_print(const char *prefix);
void profile_release(void);

#endif
