// SPDX-License-Identifier: MIT
/*
 * kernel_main: the boot sequence as a table of contents. Each step's
 * comment says why it sits where it does.
 */
#include <arch/cpu.h>
#include "drivers/uart16550.h"
#include "kernel/ktest.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/shutdown.h"
#include "kernel/time.h"

#define MULTIBOOT2_BOOTLOADER_MAGIC 0x36d76289

void kernel_main(u32 magic, u64 boot_info_phys);

void kernel_main(u32 magic, u64 boot_info_phys)
{
	uart16550_init();		/* console first: everything else reports */
	pr_info("oomlab: booting\n");
	if (magic != MULTIBOOT2_BOOTLOADER_MAGIC)
		panic("not loaded by a multiboot2 loader (magic %#x)", magic);
	(void)boot_info_phys;
	time_init();			/* boot is time zero... */
	arch_tsc_calibrate();		/* ...and printk can count from it */
	machine_end(ktest_run_all() ? MACHINE_END_PASS : MACHINE_END_FAIL);
}
