// SPDX-License-Identifier: MIT
/*
 * diskbench: the storage loops of oomlab's bench_ext2_disk suite
 * (tests/fs/ext2_disk_bench_boot_test.c) from user space, for the Linux
 * column of `make bench`: on each named disk (an empty ext2 file system)
 * a 4 MiB file is written in 64 KiB writes and fsynced, the caches are
 * dropped (/proc/sys/vm/drop_caches), and the file is read twice in
 * 64 KiB reads, cold and warm. One line per figure, in the shape oomlab's
 * suites print:
 *
 *   # bench diskbench_DEV_write_fsync: 1.03 MB/s
 *   # bench diskbench_DEV_read_cold: ...
 *   # bench diskbench_DEV_read_warm: ...
 *
 * Then the page-cache fault rate on a file mapping: the file mapped
 * MAP_PRIVATE and read one byte a page (each page a read fault), cold
 * (the caches dropped first) and warm (cached, a fresh mapping), then the
 * same MAP_SHARED, in nanoseconds per page:
 *
 *   # bench diskbench_DEV_map_private_cold: 5230 ns/page
 *   # bench diskbench_DEV_map_private_warm: ...
 *   # bench diskbench_DEV_map_shared_cold: ...
 *   # bench diskbench_DEV_map_shared_warm: ...
 *
 * The same program runs on both kernels (on oomlab from the suite
 * bench_ext2_disk, with --dir /tmp: its root is the read-only initramfs).
 *
 * As Linux's /init (make bench's Linux boot): --modules loads the named
 * /lib/modules/NAME.ko in order (finit_module: Debian builds virtio-blk,
 * AHCI and ext4 as modules), /dev and /proc are mounted, each disk's
 * mount is retried until it is there (10 s at most), and --poweroff
 * ends the machine.
 *
 *   diskbench --disks vda,sda [--dir /mnt] [--modules a,b,...] [--poweroff]
 */
#include "rt/args.h"
#include "rt/errno.h"
#include "rt/fs.h"
#include "rt/printf.h"
#include "rt/string.h"
#include "rt/sys.h"
#include "rt/time.h"

#define DB_FILE		(4UL << 20)
#define DB_IO		(64UL << 10)
#define DB_PAGE		4096UL
#define DB_WAIT_NS	(10ULL * 1000000000)
#define DB_POLL_NS	(50ULL * 1000000)

/* Not in rt/syscall.h: only this program mounts and loads modules. */
#define SYS_MOUNT	165
#define SYS_UMOUNT2	166
#define SYS_FINIT_MODULE 313

static struct {
	const char *disks;
	const char *dir;
	const char *modules;
	bool poweroff;
} cfg = { .disks = "", .dir = "/mnt" };

static const struct arg_opt opts[] = {
	{ "disks", ARG_STR, &cfg.disks,
	  "comma-separated disks (/dev names) holding an empty ext2" },
	{ "dir", ARG_STR, &cfg.dir, "where DIR/DEV mount points are made" },
	{ "modules", ARG_STR, &cfg.modules,
	  "comma-separated modules to load from /lib/modules, in order" },
	{ "poweroff", ARG_FLAG, &cfg.poweroff,
	  "power the machine off at the end when pid 1 (Linux /init)" },
	{ NULL },
};

static char buf[DB_IO];

static long sys_mount(const char *src, const char *dir, const char *type)
{
	return syscall5(SYS_MOUNT, (long)src, (long)dir, (long)type, 0, 0);
}

/* The next word of the comma-separated *@list into @out; false at the
 * end. */
static bool next_word(const char **list, char *out, size_t size)
{
	const char *comma;
	size_t n;

	if (!*list || !**list)
		return false;
	comma = strchr(*list, ',');
	n = comma ? (size_t)(comma - *list) : strlen(*list);
	if (n >= size)
		n = size - 1;
	memcpy(out, *list, n);
	out[n] = 0;
	*list = comma ? comma + 1 : NULL;
	return true;
}

/* Load each module of the comma-separated @list. Return: failures. */
static int load_modules(const char *list)
{
	char name[48], path[96];
	int failed = 0;

	while (next_word(&list, name, sizeof(name))) {
		long fd, r;

		snprintf(path, sizeof(path), "/lib/modules/%s.ko", name);
		fd = sys_open(path, O_RDONLY | O_CLOEXEC, 0);
		r = fd < 0 ? fd : syscall3(SYS_FINIT_MODULE, fd, (long)"", 0);
		if (fd >= 0)
			sys_close((int)fd);
		if (r < 0 && r != -EEXIST) {
			eprintf("diskbench: %s: %s\n", path,
				errno_name((int)-r));
			failed++;
		}
	}
	return failed;
}

/* mount -t ext2 @src @dir, retried while @src is not there yet (Linux's
 * drivers probe in the background; oomlab's /dev has no block nodes, so
 * the mount is the test of a disk's presence that works on both). */
static long mount_when_there(const char *src, const char *dir)
{
	uint64_t end = time_now_ns() + DB_WAIT_NS;
	long r;

	while ((r = sys_mount(src, dir, "ext2")) == -ENOENT) {
		if (time_now_ns() > end)
			break;
		time_sleep_ns(DB_POLL_NS);
	}
	return r;
}

/* One pass over the file. Return: ns, or a negated errno. */
static long pass(int fd, bool write)
{
	uint64_t start = time_now_ns();

	for (long off = 0; off < (long)DB_FILE; off += DB_IO) {
		long n = write ? sys_write(fd, buf, DB_IO) :
				 sys_read(fd, buf, DB_IO);

		if (n != (long)DB_IO)
			return n < 0 ? n : -EIO;
	}
	return (long)(time_now_ns() - start);
}

static void report(const char *dev, const char *what, long ns)
{
	uint64_t v = ns > 0 ? (uint64_t)DB_FILE * 100000 / (uint64_t)ns : 0;

	printf("# bench diskbench_%s_%s: %lu.%02lu MB/s\n", dev, what,
	       v / 100, v % 100);
}

static long drop_caches(void)
{
	long fd = sys_open("/proc/sys/vm/drop_caches", O_WRONLY, 0);
	long r = fd < 0 ? fd : sys_write((int)fd, "3\n", 2);

	if (fd >= 0)
		sys_close((int)fd);
	return r < 0 ? r : 0;
}

/* Map the file with @flags and read a byte of each page. Return: ns,
 * or a negated errno. */
static long map_pass(int fd, int flags)
{
	uint64_t start = time_now_ns();
	long addr = sys_mmap(NULL, DB_FILE, PROT_READ, flags, fd, 0);
	unsigned long sum = 0;

	if (addr < 0 && addr > -4096)
		return addr;
	for (unsigned long off = 0; off < DB_FILE; off += DB_PAGE)
		sum += *(volatile const unsigned char *)(addr + (long)off);
	sys_munmap((void *)addr, DB_FILE);
	if (sum != (DB_FILE / DB_PAGE) * 0x5a)
		return -EIO;	/* not the bytes written */
	return (long)(time_now_ns() - start);
}

static void report_ns(const char *dev, const char *what, long ns)
{
	printf("# bench diskbench_%s_%s: %lu ns/page\n", dev, what,
	       (unsigned long)ns / (DB_FILE / DB_PAGE));
}

/* The fault-rate loops: cold and warm, private then shared. */
static long bench_map(const char *dev, int fd)
{
	static const struct { int flags; const char *cold, *warm; } kinds[] = {
		{ MAP_PRIVATE, "map_private_cold", "map_private_warm" },
		{ MAP_SHARED, "map_shared_cold", "map_shared_warm" },
	};

	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		long cold, warm, r = drop_caches();

		cold = r < 0 ? r : map_pass(fd, kinds[i].flags);
		warm = cold < 0 ? cold : map_pass(fd, kinds[i].flags);
		if (warm < 0)
			return warm;
		report_ns(dev, kinds[i].cold, cold);
		report_ns(dev, kinds[i].warm, warm);
	}
	return 0;
}

/* The file's loops on @file. Return: 0 or a negated errno. */
static long bench_file(const char *dev, const char *file)
{
	long w, s, cold, warm, r = 0;
	long fd = sys_open(file, O_CREAT | O_TRUNC | O_RDWR, 0644);
	uint64_t t;

	if (fd < 0)
		return fd;
	memset(buf, 0x5a, sizeof(buf));
	w = pass((int)fd, true);
	t = time_now_ns();
	s = sys_fsync((int)fd);
	t = time_now_ns() - t;
	if (w < 0 || s < 0) {
		r = w < 0 ? w : s;
		goto out;
	}
	report(dev, "write_fsync", w + (long)t);
	r = drop_caches();
	if (!r)
		r = sys_lseek((int)fd, 0, SEEK_SET);
	cold = r < 0 ? r : pass((int)fd, false);
	if (!r && cold >= 0)
		r = sys_lseek((int)fd, 0, SEEK_SET);
	warm = r < 0 || cold < 0 ? -EIO : pass((int)fd, false);
	if (cold < 0 || warm < 0) {
		r = cold < 0 ? cold : warm;
		goto out;
	}
	report(dev, "read_cold", cold);
	report(dev, "read_warm", warm);
	r = bench_map(dev, (int)fd);
out:
	sys_close((int)fd);
	sys_unlink(file);
	return r < 0 ? r : 0;
}

/* Mount /dev/@dev on DIR/@dev, run the loops, unmount. */
static long bench_disk(const char *dev)
{
	char src[48], dir[80], file[96];
	long r;

	snprintf(src, sizeof(src), "/dev/%s", dev);
	snprintf(dir, sizeof(dir), "%s/%s", cfg.dir, dev);
	snprintf(file, sizeof(file), "%s/big", dir);
	sys_mkdir(cfg.dir, 0755);
	sys_mkdir(dir, 0755);
	r = mount_when_there(src, dir);
	if (r < 0) {
		sys_rmdir(dir);
		return r;
	}
	r = bench_file(dev, file);
	syscall2(SYS_UMOUNT2, (long)dir, 0);
	sys_rmdir(dir);
	return r;
}

int main(int argc, char **argv, char **envp)
{
	const char *disks;
	char dev[16];
	int errors, r = args_parse(argc, argv, opts,
		"Time ext2 writes and reads through the page cache on disks.");

	if (r)
		return r == ARGS_HELP ? 0 : 2;
	if (sys_getpid() == 1) {	/* Linux's /init: nothing is mounted */
		sys_mount("devtmpfs", "/dev", "devtmpfs");
		sys_mkdir("/proc", 0555);
		sys_mount("proc", "/proc", "proc");
	}
	errors = load_modules(cfg.modules);
	for (disks = cfg.disks; next_word(&disks, dev, sizeof(dev));) {
		long e = bench_disk(dev);

		if (e < 0) {
			eprintf("diskbench: %s: %s\n", dev,
				errno_name((int)-e));
			errors++;
		}
	}
	printf("diskbench: done errors=%d\n", errors);
	if (cfg.poweroff && sys_getpid() == 1)
		sys_reboot(LINUX_REBOOT_CMD_POWER_OFF);
	return errors ? 1 : 0;
}
