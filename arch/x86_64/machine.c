// SPDX-License-Identifier: MIT
/*
 * Ending a run. Under QEMU the isa-debug-exit device turns a port write
 * into the emulator's exit status; it is only written when CPUID says we
 * run under QEMU, because on a real board port 0xf4 may belong to
 * something else. On hardware we halt, or reboot when asked.
 */
#include <arch/cpu.h>
#include <arch/io.h>
#include "lib/string.h"

#define DEBUG_EXIT_PORT	0xf4
#define CPUID_HYPERVISOR_BIT	(1U << 31)
#define RESET_CONTROL_PORT	0xcf9
#define KBD_CONTROLLER_PORT	0x64

static bool running_under_qemu(void)
{
	struct cpuid_regs r = arch_cpuid(1, 0);
	char vendor[13];

	if (!(r.ecx & CPUID_HYPERVISOR_BIT))
		return false;
	r = arch_cpuid(0x40000000, 0);
	memcpy(vendor, &r.ebx, 4);
	memcpy(vendor + 4, &r.ecx, 4);
	memcpy(vendor + 8, &r.edx, 4);
	vendor[12] = '\0';
	return !strcmp(vendor, "TCGTCGTCGTCG") ||
	       !memcmp(vendor, "KVMKVMKVM", 9);
}

/**
 * arch_debug_exit - end a QEMU run with @status through isa-debug-exit.
 * @status: one of MACHINE_END_*
 *
 * Context: any. Returns when not under QEMU or the device is absent.
 */
void arch_debug_exit(int status)
{
	if (running_under_qemu())
		arch_outb(DEBUG_EXIT_PORT, (u8)status);
}

__noreturn void arch_halt_forever(void)
{
	for (;;) {
		arch_irq_disable();
		arch_halt();
	}
}

/* PCI reset control first, then the keyboard controller's reset line. */
__noreturn void arch_reboot(void)
{
	arch_irq_disable();
	arch_outb(RESET_CONTROL_PORT, 0x06);
	for (int i = 0; i < 100000; i++)
		arch_io_delay();
	arch_outb(KBD_CONTROLLER_PORT, 0xfe);
	for (int i = 0; i < 100000; i++)
		arch_io_delay();
	arch_halt_forever();
}
