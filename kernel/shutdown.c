// SPDX-License-Identifier: MIT
/*
 * The last thing the kernel does. Under QEMU isa-debug-exit carries the
 * status to the host runner; where that device is absent (real hardware)
 * we halt, or reboot when the command line asked for it so that a test
 * farm's next job can start.
 */
#include "kernel/cmdline.h"
#include "kernel/printk.h"
#include "kernel/shutdown.h"

static unsigned int end_action = END_HALT;	/* [I] after boot */
static const char *const end_action_names[] = { "halt", "reboot", NULL };
KPARAM_ENUM(ktest_end, "ktest.end", &end_action, end_action_names,
	    "what to do when the run ends outside QEMU: halt or reboot");

/**
 * machine_end - stop the machine, reporting @status.
 * @status: MACHINE_END_PASS, _FAIL or _PANIC
 *
 * Context: any; never returns.
 */
__noreturn void machine_end(int status)
{
	arch_debug_exit(status);
	if (end_action == END_REBOOT) {
		pr_emerg("reboot: Restarting system\n");
		arch_reboot();
	}
	pr_emerg("reboot: System halted\n");
	arch_halt_forever();
}
