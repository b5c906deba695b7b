/* SPDX-License-Identifier: MIT */
/* Ending the kernel's run: QEMU exit status, or halt/reboot on hardware. */
#ifndef KERNEL_SHUTDOWN_H
#define KERNEL_SHUTDOWN_H

#include <arch/cpu.h>
#include "lib/types.h"

enum machine_end_action {
	END_HALT,
	END_REBOOT,
};

void machine_end_set_action(enum machine_end_action action);
__noreturn void machine_end(int status);

#endif
