// SPDX-License-Identifier: MIT
/*
 * kernel_main: the boot sequence as a table of contents. Each step's
 * comment says why it sits where it does.
 */
#include <arch/cpu.h>
#include <arch/layout.h>
#include <arch/pat.h>
#include <arch/smp.h>
#include <arch/string.h>
#include "drivers/fbcon.h"
#include "block/blkdev.h"
#include "block/ramdisk.h"
#include "drivers/e1000.h"
#include "drivers/pci.h"
#include "drivers/ahci.h"
#include "drivers/virtio_blk.h"
#include "drivers/virtio_net.h"
#include "drivers/uart16550.h"
#include "fs/mount_cmdline.h"
#include "fs/vfs.h"
#include "kernel/cmdline.h"
#include "kernel/crash.h"
#include "kernel/irqsoff.h"
#include "kernel/ktest.h"
#include "kernel/multiboot2.h"
#include "kernel/panic.h"
#include "kernel/percpu.h"
#include "kernel/pidfd.h"
#include "kernel/printk.h"
#include "kernel/process_init.h"
#include "kernel/sched.h"
#include "kernel/shutdown.h"
#include "kernel/time.h"
#include "mm/memcg.h"
#include "mm/mm_init.h"
#include "mm/oom.h"
#include "mm/page_writeback.h"
#include "net/net.h"
#include "net/socket.h"

static struct boot_info boot_info;

void kernel_main(u32 magic, u64 boot_info_phys);

static void boot_info_init(u32 magic, u64 phys)
{
	char err[160];

	/* The boot page tables map the low 4 GiB at DIRECT_MAP_BASE, where
	 * every multiboot2 loader puts its information. */
	if (multiboot2_parse(magic, (void *)(DIRECT_MAP_BASE + phys), phys,
			     &boot_info, err, sizeof(err)))
		panic("bad multiboot2 boot information: %s", err);
	multiboot2_set_boot_info(&boot_info);
}

void kernel_main(u32 magic, u64 boot_info_phys)
{
	bool passed;

	percpu_init_cpu(0, 0);		/* GS first: locks and printk use it */
	uart16550_init();		/* console: everything else reports */
	time_init();			/* boot is time zero */
	pr_info("oomlab: booting\n");
	arch_cpu_init();		/* exceptions are reported from here on */
	arch_string_init();		/* mem* by CPUID, before mm clears pages */
	boot_info_init(magic, boot_info_phys);
	cmdline_parse(boot_info.cmdline); /* before anyone reads a param */
	arch_pat_init();		/* memory types ("nopat"), before mm */
	multiboot2_print(&boot_info);
	arch_tsc_calibrate();		/* real printk timestamps from here on */
	mm_init(&boot_info);		/* memblock, direct map, buddy, slab */
	fbcon_init(&boot_info);		/* the log on screen, if there is one */
	sched_init();			/* this flow becomes CPU 0's first task */
	smp_init(&boot_info);		/* ACPI, APICs, tick, APs; irqs on */
	irqsoff_init();			/* latency tracking, now that it ticks */
	mm_init_late();			/* the rest of mem_map, in a kthread */
	memcg_init();			/* memcg.max=: groups before any test */
	oom_init();			/* /proc/<pid>/oom_score's formula */
	blk_init();			/* kblockd, before any block driver */
	ramdisk_init();			/* ram0: ramdisk.size= KiB */
	pci_init();			/* every PCI function, before drivers */
	virtio_blk_init();		/* vda...: binds virtio-blk functions */
	ahci_init();			/* sda...: SATA disks behind AHCI HBAs */
	net_init();			/* lwIP's tcpip thread, loopback */
	e1000_init();			/* eth0...: binds 82540EM functions */
	virtio_net_init();		/* ethN...: binds virtio-net functions */
	net_up();			/* DHCP or net.ip=, netconsole */
	vfs_init();			/* /: the initramfs; /tmp, /proc */
	mount_cmdline_init();		/* root=/dev/NAME: the disk on /mnt */
	writeback_init();		/* the flusher of dirty page cache */
	pidfd_init();			/* pidfds' inode, before any process */
	socket_init();			/* sockets' inode, before any process */
	crash_inject();			/* crash=...: the runner's self-tests */
	if (process_init_wanted())
		process_init_run();	/* rdinit=: pid 1, never returns */
	passed = ktest_run_all();
	irqsoff_report();		/* the boot's longest irqs-off stretches */
	net_shutdown();			/* netconsole's last lines out */
	machine_end(passed ? MACHINE_END_PASS : MACHINE_END_FAIL);
}
