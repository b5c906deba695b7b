/* SPDX-License-Identifier: MIT */
/*
 * crash=: fail on purpose, in one of several ways, just before the boot
 * tests run. The host runner boots each mode to prove that it recognises
 * every way a run can go wrong (panic, hang, reset, failed test).
 */
#ifndef KERNEL_CRASH_H
#define KERNEL_CRASH_H

enum crash_mode {	/* the values of crash=, in crash_mode_names order */
	CRASH_NONE,
	CRASH_PANIC,
	CRASH_HANG,
	CRASH_PAGE_FAULT,
	CRASH_DOUBLE_FAULT,
	CRASH_TRIPLE_FAULT,
	CRASH_DIVIDE_ERROR,
	CRASH_INVALID_OPCODE,
	CRASH_BUG,
	CRASH_WARN,
	CRASH_STACK_OVERFLOW,
	CRASH_NR_MODES,
};

void crash_inject(void);

#endif
