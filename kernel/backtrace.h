/* SPDX-License-Identifier: MIT */
/* Symbolized stack traces from frame pointers and the embedded symbol table. */
#ifndef KERNEL_BACKTRACE_H
#define KERNEL_BACKTRACE_H

#include "lib/types.h"

void backtrace_print(u64 frame_pointer);

#endif
