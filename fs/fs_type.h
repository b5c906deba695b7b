/* SPDX-License-Identifier: MIT */
/*
 * File-system types (fs/fs_type.c): what mount(2)'s type names. Each
 * type registers itself once with register_filesystem() and makes (or
 * hands out) the super block mount(2) attaches:
 *
 *	static struct file_system_type ext2_type = {
 *		.name = "ext2", .magic = EXT2_SUPER_MAGIC,
 *		.get_sb = ext2_get_sb, .requires_dev = true,
 *	};
 *	register_filesystem(&ext2_type);	(at its init)
 *
 * get_sb() gets mount(2)'s source, MS_* flags and option string (a
 * comma-separated copy it may cut up); an option it does not know is
 * -EINVAL, as in Linux. For a type with requires_dev, mount(2) first
 * turns the source into its block device (args->bdev) with
 * fs_lookup_bdev(): -ENODEV until the block layer sets the lookup with
 * fs_set_bdev_lookup().
 *
 * The boot types (fs/fs_types.c): tmpfs, devtmpfs, proc, sysfs, cgroup2;
 * rootfs, oomlab and anon_inodefs are known for statfs only.
 */
#ifndef FS_FS_TYPE_H
#define FS_FS_TYPE_H

#include "fs/vfs.h"

/* mount(2) flags: Linux's values. */
#define MS_RDONLY	0x1
#define MS_NOSUID	0x2
#define MS_NODEV	0x4
#define MS_NOEXEC	0x8
#define MS_REMOUNT	0x20
#define MS_NOATIME	0x400
#define MS_BIND		0x1000
#define MS_MOVE		0x2000
#define MS_REC		0x4000
#define MS_SILENT	0x8000
#define MS_UNBINDABLE	(1 << 17)
#define MS_PRIVATE	(1 << 18)
#define MS_SLAVE	(1 << 19)
#define MS_SHARED	(1 << 20)
#define MS_RELATIME	(1 << 21)
#define MS_STRICTATIME	(1 << 24)
#define MS_MGC_VAL	0xC0ED0000UL	/* old magic in the top 16 bits */
#define MS_MGC_MSK	0xffff0000UL
#define MS_PROPAGATION	(MS_SHARED | MS_PRIVATE | MS_SLAVE | MS_UNBINDABLE)

struct fs_mount_args {
	const char *source;		/* mount(2)'s source, never NULL */
	unsigned long flags;		/* MS_* */
	char *options;			/* may be cut up; NULL: none */
	void *bdev;			/* requires_dev: the source's device */
};

struct file_system_type {
	const char *name;
	unsigned long magic;		/* statfs's f_type */
	/* The super block to mount, with one sb->active for the mount;
	 * NULL: the type cannot be mounted (-ENODEV). */
	int (*get_sb)(struct file_system_type *type,
		      struct fs_mount_args *args, struct super_block **out);
	/* Options /proc/mounts shows after rw/ro ("size=1024k,mode=755"),
	 * NULL: none. Called under the namespace lock. */
	void (*show_options)(struct super_block *sb, char *buf, size_t size);
	/* Unmounted: drop what the tree holds (tmpfs: every name). NULL:
	 * the super block outlives its mounts (cgroup2, devtmpfs). */
	void (*kill_sb)(struct super_block *sb);
	bool requires_dev;		/* the source is a block device */
	struct file_system_type *next;	/* the registry's list */
};

typedef int (*fs_bdev_lookup_fn)(const char *path, void **bdev);

int register_filesystem(struct file_system_type *type);
struct file_system_type *fs_type_get(const char *name);
unsigned long fs_type_magic(const char *name);
void fs_set_bdev_lookup(fs_bdev_lookup_fn fn);
int fs_lookup_bdev(const char *path, void **bdev);
char *fs_option_next(char **options);
void fs_types_init(void);

#endif
