// SPDX-License-Identifier: MIT
/*
 * Mounting a disk from the kernel command line, in Linux's words:
 * root=/dev/NAME names the block device, rootfstype= its type (ext2,
 * the only disk file system here, is the default), and the mount is
 * read-only unless rw is given (Linux mounts the root read-only first,
 * too; ro is accepted and is the default). Linux would make that disk
 * "/"; oomlab's root is the initramfs, which holds the programs the
 * boot tests run, so the disk is mounted on /mnt instead, where
 * /proc/mounts shows it ("/dev/sda /mnt ext2 rw 0 0"). rootwait is
 * accepted and changes nothing: every disk driver has probed before
 * this runs.
 *
 * A bad value (a name without /dev/, a device the block layer does not
 * know, a file system that does not mount) prints what went wrong and
 * leaves /mnt empty, the default; the boot goes on, as every parameter's.
 */
#include "fs/fs_type.h"
#include "fs/mount.h"
#include "fs/mount_cmdline.h"
#include "fs/namei.h"
#include "kernel/cmdline.h"
#include "kernel/printk.h"
#include "lib/errno.h"
#include "lib/string.h"

static char root_dev[64];
KPARAM_STRING(root, "root", root_dev,
	      "block device to mount on /mnt at boot (/dev/NAME)");

static const char *const rootfs_types[] = { "ext2", NULL };
static unsigned int rootfs_type;
KPARAM_ENUM(rootfstype, "rootfstype", &rootfs_type, rootfs_types,
	    "file system type of root= (ext2)");

static bool root_rw;
KPARAM_BOOL(root_rw, "rw", &root_rw, "mount root= read-write");
static bool root_ro = true;
KPARAM_BOOL(root_ro, "ro", &root_ro, "mount root= read-only (default)");
static bool root_wait;
KPARAM_BOOL(rootwait, "rootwait", &root_wait,
	    "accepted: disks are probed before root= is mounted");

/**
 * mount_cmdline - mount block device @dev on /mnt, as root= does.
 * @dev: "/dev/NAME"
 * @type: a file-system type ("ext2")
 * @rw: read-write rather than read-only
 *
 * On failure says why and leaves /mnt as it was.
 * Context: task context, may sleep.
 * Return: 0; -EINVAL (@dev is not /dev/NAME), or mount_new()'s errno
 * (-ENOENT: no such device, -EINVAL: no @type on it, -ENODEV, -EBUSY).
 */
int mount_cmdline(const char *dev, const char *type, bool rw)
{
	struct fs_mount_args args = { .source = dev };
	struct dentry *mp;
	int r;

	if (strncmp(dev, "/dev/", 5) || !dev[5]) {
		pr_warn("root=%s: not a /dev/NAME block device; nothing "
			"mounted on " MOUNT_CMDLINE_DIR "\n", dev);
		return -EINVAL;
	}
	if (!rw)
		args.flags |= MS_RDONLY;
	r = vfs_lookup(vfs_root(), MOUNT_CMDLINE_DIR, &mp);
	if (!r) {
		r = mount_new(mp, type, &args);
		dput(mp);
	}
	if (r) {
		pr_warn("root=%s: cannot mount it as %s (%d); nothing mounted "
			"on " MOUNT_CMDLINE_DIR "\n", dev, type, r);
		return r;
	}
	pr_info("VFS: Mounted root (%s filesystem) %s on device %s at "
		MOUNT_CMDLINE_DIR "\n", type, rw ? "read-write" : "readonly",
		dev);
	return 0;
}

/**
 * mount_cmdline_init - mount root= on /mnt, if the command line has it.
 *
 * Context: boot, task context, after vfs_init() and the disk drivers.
 */
void mount_cmdline_init(void)
{
	if (root_dev[0])
		mount_cmdline(root_dev, rootfs_types[rootfs_type], root_rw);
}
