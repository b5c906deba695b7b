// SPDX-License-Identifier: MIT
/*
 * The file-system type registry (fs/fs_type.h), Linux's
 * register_filesystem()/get_fs_type() without modules: a list of
 * types, each name once. Invariant: a registered type is never
 * removed, so a pointer fs_type_get() returned stays valid.
 *
 * Locking: [r] types_lock (a leaf spinlock: the list only); [a] the
 * block-device hook, set once.
 */
#include "fs/fs_type.h"
#include "kernel/spinlock.h"
#include "lib/errno.h"
#include "lib/string.h"

static struct spinlock types_lock = SPINLOCK_INIT("fs_types");
static struct file_system_type *types;		/* [r] */
static fs_bdev_lookup_fn bdev_lookup;		/* [a] */

static struct file_system_type *find_locked(const char *name)
{
	struct file_system_type *t;

	for (t = types; t; t = t->next)
		if (!strcmp(t->name, name))
			return t;
	return NULL;
}

/**
 * register_filesystem - make @type mountable by its name.
 * @type: a type that lives for ever
 *
 * Context: any task context.
 * Return: 0; -EBUSY if a type of that name is registered.
 */
int register_filesystem(struct file_system_type *type)
{
	int r = 0;

	spin_lock(&types_lock);
	if (find_locked(type->name)) {
		r = -EBUSY;
	} else {
		type->next = types;
		types = type;
	}
	spin_unlock(&types_lock);
	return r;
}

/**
 * fs_type_get - the registered type @name.
 * @name: mount(2)'s type
 *
 * Context: any task context.
 * Return: the type, or NULL.
 */
struct file_system_type *fs_type_get(const char *name)
{
	struct file_system_type *t;

	spin_lock(&types_lock);
	t = find_locked(name);
	spin_unlock(&types_lock);
	return t;
}

/**
 * fs_type_magic - statfs's f_type of the file system type @name.
 * @name: sb->fstype
 *
 * Context: any task context.
 * Return: the magic number, 0 for a type not registered.
 */
unsigned long fs_type_magic(const char *name)
{
	struct file_system_type *t = fs_type_get(name);

	return t ? t->magic : 0;
}

/**
 * fs_set_bdev_lookup - the block layer's path-to-device lookup.
 * @fn: turns "/dev/..." into a block device, or returns an errno
 *
 * Context: init, once.
 */
void fs_set_bdev_lookup(fs_bdev_lookup_fn fn)
{
	__atomic_store_n(&bdev_lookup, fn, __ATOMIC_RELEASE);
}

/**
 * fs_lookup_bdev - the block device mount(2)'s source names.
 * @path: the source
 * @bdev: the device, the block layer's type
 *
 * Context: task context, may sleep.
 * Return: 0; -ENODEV while there is no block layer, or its errno.
 */
int fs_lookup_bdev(const char *path, void **bdev)
{
	fs_bdev_lookup_fn fn = __atomic_load_n(&bdev_lookup,
					       __ATOMIC_ACQUIRE);

	return fn ? fn(path, bdev) : -ENODEV;
}

/**
 * fs_option_next - the next comma-separated option of a mount's options.
 * @options: the rest of the options, advanced past what is returned
 *
 * Context: any.
 * Return: the option, NUL-terminated in place; NULL after the last one.
 * Empty options (",,") are skipped, as Linux skips them.
 */
char *fs_option_next(char **options)
{
	char *p = *options, *opt;

	while (p && *p == ',')
		p++;
	if (!p || !*p)
		return NULL;
	opt = p;
	while (*p && *p != ',')
		p++;
	if (*p)
		*p++ = 0;
	*options = p;
	return opt;
}
