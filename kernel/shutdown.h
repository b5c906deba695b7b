/* SPDX-License-Identifier: MIT */
/* Ending the kernel's run: QEMU exit status, or halt/reboot on hardware. */
#ifndef KERNEL_SHUTDOWN_H
#define KERNEL_SHUTDOWN_H

#include <arch/cpu.h>
#include "lib/types.h"

enum machine_end_action {	/* the values of ktest.end= */
	END_HALT,
	END_REBOOT,
};

__noreturn void machine_end(int status);

#endif
