/* SPDX-License-Identifier: MIT */
/*
 * The lock order of the whole kernel, written once. Outermost first; a
 * lock may be taken while holding the locks above it on its branch, never
 * the reverse. Code that has to go against the
 * order uses a trylock and says so (the trylock is not checked: it cannot
 * wait). Debug builds check every acquisition against the ranks below
 * (kernel/lockdep.h); docs/locking.md says how to check this table
 * against the dependencies a run records (lockdep.dump=1).
 *
 *   file->pos_lock                 (mutex "file"; the file position)
 *    inotify                       (mutex; an inotify instance's watches
 *                                   and events: a watched notify file's
 *                                   show() runs under it: fs/inotify.c)
 *    namespace_lock                (mutex; the dentry tree, mounts)
 *     inode->lock                  (mutex "inode"; a file's size and
 *                                   pages: copies to user memory fault
 *                                   under it)
 *      filemap_rmap                (mutex; which mms map a file: writeback
 *                                   write-protects their entries under
 *                                   it, taking each one's mmap_lock;
 *                                   reclaim only trylocks it, and each
 *                                   mmap_lock under it, as it may hold
 *                                   an mmap_lock or a file's lock)
 *      cgroupfs_mutex              (cgroup2's directory entries and
 *                                   subtree_control: fs/cgroupfs.c)
 *       cgroup_mutex               (the cgroup tree: create, remove, move)
 *        pipe->lock                (mutex "pipe"; a pipe's ring: copies
 *                                   to user memory fault, and a buffer's
 *                                   charge may reclaim, under it)
 *   process->console.lock          (mutex "user_console"; output lines)
 *   netconsole_lock                (mutex; whether netconsole sends: its
 *                                   holder waits for the tcpip thread)
 *     mm->mmap_lock                (rwsem; faults read, mmap write)
 *     ext2_bdev_mounts             (mutex; the ext2 block-device mounts
 *                                   whose buffers umount frees:
 *                                   fs/ext2_bdev.c)
 *      ext2                        (mutex; one ext2 mount's image and
 *                                   inodes: fs/ext2_vfs.c; a fault reads
 *                                   a mapped file's page under mmap_lock)
 *       mm->notifier_lock          (rwsem "mmu_notifier"; notifier callbacks)
 *        oom_lock                  (mutex; one OOM kill at a time: a
 *                                   charger in a fault holds mmap_lock)
 *         process_lock             ("process_list": the process list)
 *           process->lock          ("process")
 *             mirror->lock         (the mirror test driver)
 *               tlb_lock           ("tlb_shootdown")
 *                futex bucket lock ("futex_bucket"; never touches user
 *                                   memory: faults happen outside it)
 *                memcg_oom_events (cgroup v1 OOM listeners: an eventfd
 *                                   is signalled under it)
 *                 wait_queue_head.lock, mutex.wait_lock, rwsem.wait_lock
 *                 (memcg_oom_waitq: woken from an uncharge, no lock held)
 *                   task->pi_lock  (wakeups: try_to_wake_up)
 *                     runqueue.lock  (two at once: lower CPU first,
 *                                     the second spin_lock_nested(, 1))
 *                      itimer->lock (a process's ITIMER_REAL: its
 *                                    expiry re-arms the timer under it)
 *                       timer_base.lock
 *                         kstack_lock
 *                          ext2_bcache_list (the ext2 metadata caches:
 *                          drop_caches frees their clean blocks)
 *                           ext2_bcache (one mount's cached blocks,
 *                           taken under "ext2" or by a drop: kfree()
 *                           under it)
 *                           kmem_cache.lock (slab)
 *                             mm->shared_lock ("mm_shared")
 *                               user page tables' arch_pt.lock ("user_pt")
 *                                 kernel_pt.lock (its table_alloc takes
 *                                                 the zone lock)
 *                                   zone->lock
 *                                    page_cache (filemap_lock: every
 *                                    mapping's pages and every memcg's
 *                                    file LRU; reclaim walks memcg_tree
 *                                    under it)
 *                                     leaves: tasklist_lock, the
 *                                     initramfs, getrandom, syscall
 *                                     table, user-run, ioapic, lockstat,
 *                                     futex-init and SMP call-queue
 *                                     locks, a process's fd table,
 *                                     cgroup_link (task/process ->
 *                                     cgroup), cgroup_pids (the pids
 *                                     controller's counts), memcg_tree (memcgs, their
 *                                     OOM lock), memcg_obj_stock,
 *                                     oom_reaper (the
 *                                     reaper's queue), pci_conf (config
 *                                     ports), the block layer's
 *                                     blk_devices, blk_queue and
 *                                     blk_done (a driver's interrupt
 *                                     handler takes blk_done after
 *                                     dropping its own virtio_blk or
 *                                     ahci),
 *                                     fs_types (the file-system type
 *                                     registry), a tty's input
 *                                     (fs/tty.c), lwIP's port:
 *                                     net_mbox (a mailbox's ring),
 *                                     net_protect (SYS_ARCH_PROTECT),
 *                                     net_rand (net/port/sys_arch.c),
 *                                     uart_rx (the serial port's
 *                                     receive ring: its interrupt
 *                                     takes nothing else)
 *                                       printk_lock (printk from anywhere)
 *
 * Each line is a rank: a lock may be taken only while every lock held
 * has a lower rank (one exception: a second lock of the same class with
 * a higher subclass). The mmu-notifier side of the graph is why mmap_lock
 * sits above every spinlock: notifier callbacks and faults take the
 * page-table, slab and zone locks under it.
 *
 * A lock class is ranked by its name (the name given to SPINLOCK_INIT(),
 * spin_lock_init() and friends) below; a class missing here is checked
 * by the dependency graph only, as the tests' own locks are.
 */
#ifndef KERNEL_LOCK_ORDER_H
#define KERNEL_LOCK_ORDER_H

#include "lib/string.h"

/* X(rank, class name), outermost first; one rank may list many names. */
#define LOCK_ORDER(X, N)						\
	X(LOCK_RANK_FILE_POS)		N("file")			\
	X(LOCK_RANK_INOTIFY)		N("inotify")			\
	X(LOCK_RANK_VFS_NAMESPACE)	N("namespace_lock")		\
	X(LOCK_RANK_INODE)		N("inode")			\
	X(LOCK_RANK_FILEMAP_RMAP)	N("filemap_rmap")		\
	X(LOCK_RANK_CGROUPFS)		N("cgroupfs_mutex")		\
	X(LOCK_RANK_CGROUP)		N("cgroup_mutex")		\
	X(LOCK_RANK_PIPE)		N("pipe")			\
	X(LOCK_RANK_USER_CONSOLE)	N("user_console")		\
	X(LOCK_RANK_NETCONSOLE)		N("netconsole_lock")		\
	X(LOCK_RANK_MMAP)		N("mmap_lock")			\
	X(LOCK_RANK_EXT2_BDEV_MOUNTS)	N("ext2_bdev_mounts")		\
	X(LOCK_RANK_EXT2)		N("ext2")			\
	X(LOCK_RANK_MMU_NOTIFIER)	N("mmu_notifier")		\
	X(LOCK_RANK_OOM)		N("oom_lock")			\
	X(LOCK_RANK_PROCESS_LIST)	N("process_list")		\
	X(LOCK_RANK_PROCESS)		N("process")			\
	X(LOCK_RANK_MIRROR)		N("mirror")			\
	X(LOCK_RANK_TLB_SHOOTDOWN)	N("tlb_shootdown")		\
	X(LOCK_RANK_FUTEX_BUCKET)	N("futex_bucket")		\
	X(LOCK_RANK_MEMCG_OOM_EVENTS)	N("memcg_oom_events")		\
	X(LOCK_RANK_WAIT)		N("waitqueue")			\
					N("mutex.wait_lock")		\
					N("rwsem.wait_lock")		\
					N("task_free_wq")		\
					N("memcg_oom_waitq")		\
	X(LOCK_RANK_PI)			N("pi_lock")			\
	X(LOCK_RANK_RUNQUEUE)		N("runqueue")			\
	X(LOCK_RANK_ITIMER)		N("itimer")			\
	X(LOCK_RANK_TIMER_BASE)		N("timer_base")			\
	X(LOCK_RANK_KSTACK)		N("kstack")			\
	X(LOCK_RANK_EXT2_BCACHE_LIST)	N("ext2_bcache_list")		\
	X(LOCK_RANK_EXT2_BCACHE)	N("ext2_bcache")		\
	X(LOCK_RANK_SLAB)		N("kmem_cache")			\
	X(LOCK_RANK_MM_SHARED)		N("mm_shared")			\
	X(LOCK_RANK_USER_PT)		N("user_pt")			\
	X(LOCK_RANK_KERNEL_PT)		N("kernel_pt")			\
	X(LOCK_RANK_ZONE)		N("zone")			\
	X(LOCK_RANK_PAGE_CACHE)		N("page_cache")			\
	X(LOCK_RANK_LEAF)		N("tasklist")			\
					N("initramfs")			\
					N("getrandom")			\
					N("syscall_table")		\
					N("user_run")			\
					N("ioapic")			\
					N("lockstat")			\
					N("futex_init")			\
					N("call_queue")			\
					N("files")			\
					N("cgroup_link")		\
					N("cgroup_pids")		\
					N("memcg_tree")			\
					N("memcg_obj_stock")		\
					N("oom_reaper")			\
					N("pci_conf")			\
					N("blk_devices")		\
					N("blk_queue")			\
					N("blk_done")			\
					N("virtio_blk")			\
					N("ahci")			\
					N("fs_types")			\
					N("tty")			\
					N("net_mbox")			\
					N("net_protect")		\
					N("net_rand")			\
					N("uart_rx")			\
	X(LOCK_RANK_PRINTK)		N("printk")

#define LOCK_ORDER_ENUM(rank)	rank,
#define LOCK_ORDER_NONE(name)

enum lock_rank {
	LOCK_RANK_NONE,		/* not in the table: the graph checks it */
	LOCK_ORDER(LOCK_ORDER_ENUM, LOCK_ORDER_NONE)
	LOCK_RANK_NR
};

/* The rank of the lock class @name, or LOCK_RANK_NONE. */
static inline enum lock_rank lock_order_rank(const char *name)
{
	enum lock_rank rank = LOCK_RANK_NONE;

#define LOCK_ORDER_SET(r)	rank = (r);
#define LOCK_ORDER_MATCH(n)	if (!strcmp(name, n)) return rank;
	LOCK_ORDER(LOCK_ORDER_SET, LOCK_ORDER_MATCH)
#undef LOCK_ORDER_SET
#undef LOCK_ORDER_MATCH
	return LOCK_RANK_NONE;
}

#endif
