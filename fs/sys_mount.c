// SPDX-License-Identifier: MIT
/*
 * mount(2) and umount2(2), with Linux 6.1's numbers, flags and errnos
 * (path_mount() and path_umount() in fs/namespace.c): the target is
 * looked up first (-ENOENT, -ENOTDIR...), then the flags decide:
 *
 *   MS_REMOUNT           the mount rooted at the target changes flags
 *                        (MS_RDONLY makes it read-only or writable)
 *   MS_SHARED ...        propagation: nothing to propagate with one
 *                        namespace; the target must be a mount's root
 *   MS_BIND, MS_MOVE     not supported: -EINVAL
 *   otherwise            a new mount of the named type (-ENODEV for a
 *                        type not registered, -EINVAL for none)
 *
 * The type's options (mount(2)'s data) are text, at most a page.
 */
#include <arch/uaccess.h>
#include "fs/mount.h"
#include "fs/namei.h"
#include "fs/sys_namei.h"
#include "kernel/syscall.h"
#include "lib/errno.h"
#include "mm/slab.h"

/* The strings mount(2) copies in, each NULL when the user gave none. */
struct mount_strings {
	char *source, *type, *options;
};

/*
 * A user string of at most @max bytes, or NULL for a NULL pointer. The
 * options (@cut) are cut at @max - 1 bytes, as Linux's
 * copy_mount_options() ends them within a page; a longer name is
 * -ENAMETOOLONG.
 */
static int string_in(const char __user *u, size_t max, bool cut, char **out)
{
	long n;

	*out = NULL;
	if (!u)
		return 0;
	*out = kmalloc(max, GFP_KERNEL);
	if (!*out)
		return -ENOMEM;
	n = strncpy_from_user(*out, u, max);
	if (n >= 0 && ((size_t)n < max || cut)) {
		(*out)[max - 1] = 0;
		return 0;
	}
	kfree(*out);
	*out = NULL;
	return n < 0 ? -EFAULT : -ENAMETOOLONG;
}

static void strings_put(struct mount_strings *s)
{
	kfree(s->source);
	kfree(s->type);
	kfree(s->options);
}

static int do_mount(struct path_call *c, struct dentry *target,
		    const char *path)
{
	const struct mount_strings *s = c->arg;
	unsigned long flags = (unsigned long)c->flags;
	struct fs_mount_args args = {
		.source = s->source ? s->source : "none",
		.flags = flags,
		.options = s->options,
	};
	struct dentry *mp;
	int r = vfs_lookup(target, path, &mp);

	if (r)
		return r;
	if (flags & MS_REMOUNT)
		r = mount_remount(mp, flags, s->options);
	else if (flags & MS_PROPAGATION)
		r = mount_change_type(mp);
	else if (flags & (MS_BIND | MS_MOVE))
		r = -EINVAL;
	else if (!s->type)
		r = -EINVAL;
	else
		r = mount_new(mp, s->type, &args);
	dput(mp);
	return r;
}

SYSCALL_DEFINE5(mount, const char __user *, source,
		const char __user *, target, const char __user *, type,
		unsigned long, flags, const void __user *, data)
{
	struct mount_strings s;
	struct path_call c = { .op = do_mount, .arg = &s };
	long r;

	if ((flags & MS_MGC_MSK) == MS_MGC_VAL)
		flags &= ~MS_MGC_MSK;
	c.flags = (int)(flags & ~MS_SILENT);
	s = (struct mount_strings){ NULL, NULL, NULL };
	r = string_in(source, PATH_MAX, false, &s.source);
	if (!r)
		r = string_in(type, PATH_MAX, false, &s.type);
	if (!r)
		r = string_in(data, PATH_MAX, true, &s.options);
	if (!r)
		r = sys_namei_call(AT_FDCWD, target, &c);
	strings_put(&s);
	return r;
}

static int do_umount(struct path_call *c, struct dentry *start,
		     const char *path)
{
	struct dentry *root;
	int r = vfs_lookup_at(start, path, !(c->flags & UMOUNT_NOFOLLOW),
			      &root);

	if (r)
		return r;
	/* Linux's do_umount(): MNT_EXPIRE is checked on the mount found. */
	if ((c->flags & MNT_EXPIRE) && (c->flags & (MNT_FORCE | MNT_DETACH)))
		r = -EINVAL;
	else
		r = mount_umount(root, c->flags);
	dput(root);
	return r;
}

/* Linux's ksys_umount(): unknown flags before the lookup. */
SYSCALL_DEFINE2(umount2, const char __user *, target, int, flags)
{
	struct path_call c = { .op = do_umount, .flags = flags };

	if (flags & ~(MNT_FORCE | MNT_DETACH | MNT_EXPIRE | UMOUNT_NOFOLLOW))
		return -EINVAL;
	return sys_namei_call(AT_FDCWD, target, &c);
}
