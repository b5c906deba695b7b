/* SPDX-License-Identifier: MIT */
/* Symbolized stack traces from frame pointers and the embedded symbol table. */
#ifndef KERNEL_BACKTRACE_H
#define KERNEL_BACKTRACE_H

#include "lib/types.h"

#define BACKTRACE_MAX_FRAMES	32

size_t backtrace_save(u64 frame_pointer, u64 *out, size_t max);
size_t backtrace_save_from(u64 ip, u64 sp, u64 frame_pointer, u64 *out,
			   size_t max);
void backtrace_print(u64 frame_pointer);
void backtrace_print_from(u64 ip, u64 sp, u64 frame_pointer);

#endif
