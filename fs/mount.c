// SPDX-License-Identifier: MIT
/*
 * The mount table and the namespace lock (fs/vfs.h, fs/mount.h). One
 * namespace: the root file system is the initramfs; at boot tmpfs is
 * mounted on /tmp, devtmpfs on /dev, proc on /proc, cgroup2 on
 * /sys/fs/cgroup and oomlab's switches on /sys/kernel/oomlab; mount(2)
 * adds more. A mount on a directory that is already a mounted root
 * stacks on it, as in Linux; a super block is mounted at most once.
 * Invariant: a mount point is a directory dentry of a mounted file
 * system, it holds the mounted root, and the root names its mount point
 * back; both links and the table entry change together, under the
 * namespace lock.
 *
 * Unmounting (Linux 6.1's do_umount()): a mount is busy when anything
 * but the tree holds one of its dentries (an open file, a cwd, a walk)
 * or another mount sits inside it: -EBUSY, unless MNT_DETACH, which
 * detaches it (and the mounts inside it) at once and leaves the open
 * files working until they close. The type's kill_sb() then drops the
 * tree (a tmpfs's files go with their last user), and the super block
 * is freed with its last inode (sb_put()). Each mount holds one
 * sb->active; a type without kill_sb (cgroup2, devtmpfs, oomlab) keeps
 * one more for ever.
 *
 * Locking: [n] namespace_lock (a mutex: file systems allocate under it).
 */
#include "fs/cgroupfs.h"
#include "fs/console.h"
#include "fs/devnodes.h"
#include "fs/eventfd.h"
#include "fs/inotify.h"
#include "fs/fs_types.h"
#include "fs/mount.h"
#include "fs/namei.h"
#include "fs/oomlabfs.h"
#include "fs/pipe.h"
#include "fs/sysfs_block.h"
#include "fs/proc.h"
#include "fs/rootfs.h"
#include "fs/slowfs.h"
#include "fs/tmpfs.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "lib/errno.h"
#include "lib/string.h"

static DEFINE_MUTEX(namespace_lock);
static struct dentry *root;			/* [I] after vfs_init() */
static struct mount mounts[MOUNT_MAX];		/* [n] */
static size_t nr_mounts;			/* [n] */
static unsigned int next_mount_id = 1;		/* [n] */

/* vfs_namespace_lock - hold the tree still. Context: may sleep. */
void vfs_namespace_lock(void)
{
	mutex_lock(&namespace_lock);
}

void vfs_namespace_unlock(void)
{
	mutex_unlock(&namespace_lock);
}

/* Return: the caller holds the namespace lock. Context: any. */
bool vfs_namespace_held(void)
{
	return mutex_owned(&namespace_lock);
}

/* Return: the root of the namespace ("/"), valid forever. Context: any. */
struct dentry *vfs_root(void)
{
	return root;
}

/* Context: [n]. Return: the table entry of @sb, or NULL. */
static struct mount *mount_of(struct super_block *sb)
{
	for (size_t i = 0; i < nr_mounts; i++)
		if (mounts[i].sb == sb)
			return &mounts[i];
	return NULL;
}

/* Put @sb on @mp and in the table. Context: [n] held. */
static int attach(struct super_block *sb, struct dentry *mp,
		  struct file_system_type *type, const char *source,
		  unsigned long flags)
{
	struct mount *m;
	int r;

	if (!S_ISDIR(mp->inode->mode))
		return -ENOTDIR;
	if (mp == sb->root || sb->root->mountpoint || sb->root == root)
		return -EBUSY;	/* mounted already, here or elsewhere */
	if (mp->mounted)
		return -EBUSY;
	if (nr_mounts == MOUNT_MAX)
		return -ENOSPC;
	m = &mounts[nr_mounts];
	memset(m, 0, sizeof(*m));
	r = vfs_path_name_locked(mp, m->path, sizeof(m->path));
	if (r < 0)
		return r == -ERANGE ? -ENAMETOOLONG : r;
	m->sb = sb;
	m->type = type;
	m->mountpoint = mp;
	m->flags = flags;
	m->id = next_mount_id++;
	strlcpy(m->source, source, sizeof(m->source));
	mp->mounted = dget(sb->root);
	sb->root->mountpoint = dget(mp);
	nr_mounts++;
	return 0;
}

/**
 * vfs_mount - mount @sb on the directory @path (at boot).
 * @sb: a file system with its root
 * @path: an absolute path to a directory
 *
 * Context: task context, may sleep; takes the namespace lock.
 * Return: 0; -ENOENT, -ENOTDIR, -EBUSY (@sb is mounted already),
 * -ENOSPC (the mount table is full).
 */
int vfs_mount(struct super_block *sb, const char *path)
{
	struct file_system_type *type;
	struct dentry *mp;
	int r = vfs_lookup(root, path, &mp);

	if (r)
		return r;
	vfs_namespace_lock();
	type = fs_type_get(sb->fstype);
	r = attach(sb, mp, type, sb->fstype, 0);
	/* A super block that outlives its mounts (no kill_sb) keeps its
	 * maker's reference: the mount takes one of its own. */
	if (!r && type && !type->kill_sb)
		__atomic_add_fetch(&sb->active, 1, __ATOMIC_RELAXED);
	vfs_namespace_unlock();
	dput(mp);
	return r;
}

/**
 * mount_new - mount(2) of a new file system of @type on @mp.
 * @mp: the target, followed to its top mount (a reference, kept)
 * @type: the type's name
 * @args: source, flags and options for the type
 *
 * Context: task context, may sleep; takes the namespace lock.
 * Return: 0; -ENODEV (no such type, no block layer), -EINVAL (an option
 * the type refuses), -ENOTDIR, -EBUSY, -ENOSPC, -ENOMEM.
 */
int mount_new(struct dentry *mp, const char *type,
	      struct fs_mount_args *args)
{
	struct file_system_type *t = fs_type_get(type);
	struct super_block *sb;
	int r;

	if (!t || !t->get_sb)
		return -ENODEV;
	r = t->requires_dev ? fs_lookup_bdev(args->source, &args->bdev) : 0;
	if (!r)
		r = t->get_sb(t, args, &sb);
	if (r)
		return r;
	vfs_namespace_lock();
	r = attach(sb, mp, t, args->source, args->flags);
	vfs_namespace_unlock();
	if (r && t->kill_sb) {
		vfs_namespace_lock();
		t->kill_sb(sb);
		vfs_namespace_unlock();
		dput(sb->root);
	}
	if (r)
		sb_put(sb);	/* get_sb()'s, for the mount that failed */
	return r;
}

/* The mount whose root is @d. Context: [n]. */
static struct mount *mount_at(struct dentry *d)
{
	struct mount *m = d->parent ? NULL : mount_of(d->inode->sb);

	return m && m->sb->root == d && m->type ? m : NULL;
}

/**
 * mount_remount - MS_REMOUNT: change the flags of the mount whose root
 * is @root; only MS_RDONLY changes what the file system does.
 * @root: the target (a reference, kept)
 * @flags: the new MS_* flags
 * @options: the type's options (accepted, not re-applied)
 *
 * Context: task context, may sleep; takes the namespace lock.
 * Return: 0; -EINVAL (@root is no mount's root, or the namespace's root,
 * which stays read-only: the initramfs).
 */
int mount_remount(struct dentry *root, unsigned long flags, char *options)
{
	struct mount *m;
	int r = -EINVAL;

	vfs_namespace_lock();
	m = mount_at(root);
	if (m) {
		m->flags = flags & ~(MS_REMOUNT | MS_RDONLY);
		__atomic_store_n(&m->sb->readonly, !!(flags & MS_RDONLY),
				 __ATOMIC_RELAXED);
		r = 0;
	}
	vfs_namespace_unlock();
	return r;
}

/**
 * mount_change_type - MS_SHARED, MS_PRIVATE, MS_SLAVE, MS_UNBINDABLE:
 * with one namespace nothing propagates, so only the target is checked.
 * @root: the target (a reference, kept)
 *
 * Context: task context, may sleep; takes the namespace lock.
 * Return: 0; -EINVAL when @root is not a mount's root (Linux's
 * do_change_type()).
 */
int mount_change_type(struct dentry *root_d)
{
	int r;

	vfs_namespace_lock();
	r = root_d == root || mount_at(root_d) ? 0 : -EINVAL;
	vfs_namespace_unlock();
	return r;
}

/* The next dentry of @top's tree after @d, depth first. Context: [n]. */
static struct dentry *tree_next(struct dentry *d, struct dentry *top)
{
	if (!list_empty(&d->children))
		return list_first_entry(&d->children, struct dentry, child);
	for (; d != top; d = d->parent)
		if (d->child.next != &d->parent->children)
			return list_entry(d->child.next, struct dentry,
					  child);
	return NULL;
}

/*
 * Anything but the tree holds a dentry of @m's file system: each
 * dentry's references are its linked name and its linked children's;
 * the root's are the super block's, the mount point's and the caller's
 * (@held). Context: [n].
 */
static bool tree_busy(struct mount *m, int held)
{
	struct dentry *top = m->sb->root, *d, *c;

	for (d = top; d; d = tree_next(d, top)) {
		int want = d->linked ? 1 : 0;

		list_for_each_entry(c, &d->children, child)
			want++;
		if (d == top)
			want += 2 + held;
		if (__atomic_load_n(&d->refs, __ATOMIC_RELAXED) != want)
			return true;
	}
	return false;
}

/* A mount whose mount point is in @m's file system. Context: [n]. */
static struct mount *mount_inside(struct mount *m)
{
	for (size_t i = nr_mounts; i-- > 0;)
		if (&mounts[i] != m &&
		    mounts[i].mountpoint->inode->sb == m->sb)
			return &mounts[i];
	return NULL;
}

/* Unlink every name of @top's tree, leaves first. Context: [n]. */
static void tree_kill(struct dentry *top)
{
	while (!list_empty(&top->children)) {
		struct dentry *d = list_first_entry(&top->children,
						    struct dentry, child);

		while (!list_empty(&d->children))
			d = list_first_entry(&d->children, struct dentry,
					     child);
		d_unlink(d);
	}
}

/* Take @m, and every mount inside it, off the tree. Context: [n]. */
static void detach(struct mount *m)
{
	struct mount *inner;
	struct super_block *sb = m->sb;
	struct file_system_type *type = m->type;
	struct dentry *mp = m->mountpoint;

	while ((inner = mount_inside(m)))
		detach(inner);
	m = mount_of(sb);	/* the table moved */
	mp->mounted = NULL;
	sb->root->mountpoint = NULL;
	dput(mp);
	dput(sb->root);		/* the mount point's reference */
	memmove(m, m + 1, (size_t)(&mounts[nr_mounts] - (m + 1)) *
		sizeof(*m));
	nr_mounts--;
	if (type->kill_sb) {
		type->kill_sb(sb);
		dput(sb->root);	/* the super block's */
	}
	sb_put(sb);		/* the mount's */
}

/**
 * kill_litter_super - a kill_sb() for a file system whose tree is its
 * only copy (tmpfs, proc, sysfs): unlink every name, so each file goes
 * with its last user, as Linux's kill_litter_super() does.
 * @sb: the unmounted super block
 *
 * Context: the namespace lock held.
 */
void kill_litter_super(struct super_block *sb)
{
	tree_kill(sb->root);
}

/**
 * mount_umount - umount2(2) of the mount whose root is @root.
 * @root: the target (a reference the caller holds: not counted as busy)
 * @flags: MNT_DETACH, MNT_FORCE (no effect beyond MNT_DETACH's absence)
 *
 * Context: task context, may sleep; takes the namespace lock.
 * Return: 0; -EINVAL (not a mount's root), -EBUSY (in use, or the
 * namespace's root).
 */
int mount_umount(struct dentry *root_d, int flags)
{
	struct mount *m;
	int r = 0;

	vfs_namespace_lock();
	m = mount_at(root_d);
	if (root_d == root)
		r = -EBUSY;
	else if (!m)
		r = -EINVAL;
	else if (!(flags & MNT_DETACH) && (mount_inside(m) ||
					   tree_busy(m, 1)))
		r = -EBUSY;
	if (!r)
		detach(m);
	vfs_namespace_unlock();
	return r;
}

/**
 * mount_id_of - statx's stx_mnt_id of @sb: its mount's id.
 * @sb: a super block
 * @flags: gets the mount's MS_* flags (statfs's f_flags), 0 if none
 *
 * Context: task context, may sleep; takes the namespace lock.
 * Return: the id, 0 when @sb is not mounted.
 */
unsigned int mount_id_of(struct super_block *sb, unsigned long *flags)
{
	struct mount *m;
	unsigned int id;

	vfs_namespace_lock();
	m = mount_of(sb);
	id = m ? m->id : 0;
	*flags = m ? m->flags : 0;
	vfs_namespace_unlock();
	return id;
}

/**
 * mount_table_show - call @fn for every mount, in mount order.
 * @fn: gets the mount and @arg
 * @arg: passed through
 *
 * Context: task context, may sleep; @fn runs under the namespace lock.
 */
void mount_table_show(void (*fn)(const struct mount *m, void *arg),
		      void *arg)
{
	vfs_namespace_lock();
	for (size_t i = 0; i < nr_mounts; i++)
		fn(&mounts[i], arg);
	vfs_namespace_unlock();
}

/* Mount a boot file system with Linux's usual flags for it. */
static void mount_or_panic(struct super_block *sb, const char *path,
			   unsigned long flags)
{
	int r = sb ? vfs_mount(sb, path) : -ENOMEM;

	if (r)
		panic("vfs: cannot mount %s on %s: %d",
		      sb ? sb->fstype : "?", path, r);
	vfs_namespace_lock();
	mount_of(sb)->flags = flags;
	vfs_namespace_unlock();
}

/**
 * vfs_init - the namespace: the initramfs at "/", then tmpfs at /tmp,
 * devtmpfs at /dev, proc at /proc, cgroup2 at /sys/fs/cgroup, oomlab's
 * switches at /sys/kernel/oomlab, slowfs at /slow, /sys/block, and the
 * console device behind every process's fds 0-2.
 *
 * Context: boot, task context, before the first process.
 */
void vfs_init(void)
{
	static const char *const mountpoints[] = {
		"tmp", "dev", "proc", "sys", "sys/fs", "sys/fs/cgroup",
		"sys/kernel", "sys/kernel/oomlab", "slow", "sys/block", "mnt",
		NULL,
	};
	const unsigned long pseudo = MS_NOSUID | MS_NODEV | MS_NOEXEC;
	struct super_block *sb;

	dcache_init();
	fs_types_init();
	sb = rootfs_create(mountpoints);
	if (!sb)
		panic("vfs: no memory for the root file system");
	root = sb->root;
	mounts[0] = (struct mount){ .sb = sb, .mountpoint = root,
				    .id = next_mount_id++,
				    .flags = MS_RDONLY };
	strlcpy(mounts[0].path, "/", sizeof(mounts[0].path));
	strlcpy(mounts[0].source, "rootfs", sizeof(mounts[0].source));
	nr_mounts = 1;
	mount_or_panic(tmpfs_create(), "/tmp", MS_NOSUID | MS_NODEV);
	mount_or_panic(devtmpfs_sb(), "/dev", MS_NOSUID);
	mount_or_panic(proc_create(), "/proc", pseudo);
	mount_or_panic(cgroup2_sb(), CGROUPFS_MOUNT, pseudo);
	cgroupfs_init();
	mount_or_panic(oomlabfs_create(), OOMLABFS_MOUNT, pseudo);
	mount_or_panic(slowfs_create(), SLOWFS_MOUNT, MS_NOSUID | MS_NODEV);
	mount_or_panic(sysfs_block_create(), SYSFS_BLOCK_MOUNT, pseudo);
	console_init();
	eventfd_init();
	inotify_init();
	pipe_init();
	devnodes_init();
	pr_info("vfs: rootfs on /, tmpfs on /tmp, devtmpfs on /dev, proc on "
		"/proc, cgroup2 on " CGROUPFS_MOUNT ", oomlab on "
		OOMLABFS_MOUNT ", slowfs on " SLOWFS_MOUNT "\n");
}
