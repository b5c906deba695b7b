// SPDX-License-Identifier: MIT
/*
 * kernel_main: the boot sequence as a table of contents. Each step's
 * comment says why it sits where it does.
 */
#include <arch/cpu.h>
#include <arch/layout.h>
#include "drivers/uart16550.h"
#include "kernel/cmdline.h"
#include "kernel/ktest.h"
#include "kernel/multiboot2.h"
#include "kernel/panic.h"
#include "kernel/percpu.h"
#include "kernel/printk.h"
#include "kernel/shutdown.h"
#include "kernel/time.h"

/* INTEGRATION: subsystems still being written are weak until they land. */
void arch_cpu_init(void) __attribute__((weak));
struct boot_info;
void mm_init(const struct boot_info *bi) __attribute__((weak));
void crash_inject(void) __attribute__((weak));
void sched_init(void) __attribute__((weak));
void smp_init(const struct boot_info *bi) __attribute__((weak));
int multiboot2_parse(u32 magic, const void *info, paddr_t info_phys,
		     struct boot_info *bi, char *err, size_t errlen)
	__attribute__((weak));
unsigned int cmdline_parse(const char *cmdline) __attribute__((weak));
void multiboot2_print(const struct boot_info *bi) __attribute__((weak));

static struct boot_info boot_info;

void kernel_main(u32 magic, u64 boot_info_phys);

static void boot_info_init(u32 magic, u64 phys)
{
	char err[160];

	if (!multiboot2_parse)
		return;
	/* The boot page tables map the low 4 GiB at DIRECT_MAP_BASE, where
	 * every multiboot2 loader puts its information. */
	if (multiboot2_parse(magic, (void *)(DIRECT_MAP_BASE + phys), phys,
			     &boot_info, err, sizeof(err)))
		panic("bad multiboot2 boot information: %s", err);
	multiboot2_set_boot_info(&boot_info);
}

void kernel_main(u32 magic, u64 boot_info_phys)
{
	uart16550_init();		/* console first: everything else reports */
	percpu_init_cpu(0, 0);		/* GS: this_cpu() works from here */
	time_init();			/* boot is time zero */
	pr_info("oomlab: booting\n");
	if (arch_cpu_init)
		arch_cpu_init();	/* exceptions are reported from here on */
	boot_info_init(magic, boot_info_phys);
	if (cmdline_parse)
		cmdline_parse(boot_info.cmdline); /* before anyone reads a param */
	if (multiboot2_print)
		multiboot2_print(&boot_info);
	arch_tsc_calibrate();		/* real printk timestamps from here on */
	if (mm_init)
		mm_init(&boot_info);	/* memblock, direct map, buddy, slab */
	if (sched_init)
		sched_init();		/* this flow becomes CPU 0's first task */
	if (smp_init)
		smp_init(&boot_info);	/* ACPI, APICs, tick, APs; irqs on */
	if (crash_inject)
		crash_inject();		/* crash=...: the runner's self-tests */
	machine_end(ktest_run_all() ? MACHINE_END_PASS : MACHINE_END_FAIL);
}
