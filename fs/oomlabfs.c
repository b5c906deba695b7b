// SPDX-License-Identifier: MIT
/*
 * oomlab's switches at /sys/kernel/oomlab (fs/oomlabfs.h), for a
 * scenario that runs every design in one boot:
 *
 *   file          read                              write
 *   memcg_design  "pre v419rfc v419 [v419plus] mod\n" a name: the memory
 *                                                   cgroup charge path's
 *                                                   design (as memcg.design=)
 *   oom_reaper    "none rp414 ... [rpmod] oomlab
"  a name: the OOM
 *                                                   reaper's design for
 *                                                   victims killed from now
 *                                                   on (as oom.reaper=)
 *   hold          open sleeps until the kernel      -
 *                 releases it (fs/oomlab_hold.c)
 *
 * and kernel_charge (fs/oomlab_kcharge.c), a test's kernel allocation
 * in the writer's context.
 *
 * A new switch is a line of oomlab_switches[], with its getter, its
 * setter and its names. A write is stripped of white space around
 * (strstrip(), as elv_iosched_store() does); an unknown name is -EINVAL
 * and changes nothing.
 *
 * Locking: none of its own; each setter keeps its value consistent.
 */
#include "fs/oomlab_hold.h"
#include "fs/oomlab_kcharge.h"
#include "fs/oomlabfs.h"
#include "fs/pseudo.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "mm/memcg.h"
#include "mm/memcg_design.h"
#include "mm/oom_reaper.h"

/* One switch: its choices, the current one, and how to set it. */
struct oomlab_switch {
	const char *name;
	const char *const *choices;	/* NULL-terminated */
	int (*get)(void);
	void (*set)(int choice);
};

static int memcg_design_get(void)
{
	return memcg_get_design();
}

static void memcg_design_set(int choice)
{
	memcg_set_design(choice);
}

static int oom_reaper_get(void)
{
	return oom_reaper_get_design();
}

static void oom_reaper_set(int choice)
{
	oom_reaper_set_design(choice);
}

static const struct oomlab_switch oomlab_switches[] = {
	{ "memcg_design", memcg_design_names, memcg_design_get,
	  memcg_design_set },
	{ "oom_reaper", oom_reaper_design_names, oom_reaper_get,
	  oom_reaper_set },
};

static int switch_show(void *data, struct pseudo_buf *buf)
{
	const struct oomlab_switch *sw = data;
	int cur = sw->get();

	for (int i = 0; sw->choices[i]; i++)
		pseudo_printf(buf, i == cur ? "%s[%s]" : "%s%s",
			      i ? " " : "", sw->choices[i]);
	pseudo_printf(buf, "\n");
	return 0;
}

static bool is_space(char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

static long switch_write(void *data, const char *s, size_t len)
{
	const struct oomlab_switch *sw = data;
	size_t start = 0, end = len;

	while (start < end && is_space(s[start]))
		start++;
	while (end > start && is_space(s[end - 1]))
		end--;
	for (int i = 0; sw->choices[i]; i++) {
		if (strlen(sw->choices[i]) == end - start &&
		    !strncmp(sw->choices[i], s + start, end - start)) {
			sw->set(i);
			return (long)len;
		}
	}
	return -EINVAL;
}

static const struct pseudo_file_ops switch_ops = {
	.show = switch_show,
	.write = switch_write,
};

/**
 * oomlabfs_create - the file system of oomlab's switches.
 *
 * Context: boot, task context.
 * Return: its super block, or NULL without memory.
 */
struct super_block *oomlabfs_create(void)
{
	struct super_block *sb = pseudo_fs_create("oomlab", NULL, NULL);
	int r = 0;

	if (!sb)
		return NULL;
	vfs_namespace_lock();
	for (size_t i = 0; i < ARRAY_SIZE(oomlab_switches) && !r; i++)
		r = pseudo_add_file(sb->root, oomlab_switches[i].name, 0644,
				    &switch_ops, (void *)&oomlab_switches[i]);
	if (!r)
		r = oomlab_kcharge_add(sb->root);
	if (!r)
		r = pseudo_add_file(sb->root, "hold", 0444, &oomlab_hold_ops,
				    NULL);
	vfs_namespace_unlock();
	return r ? NULL : sb;
}
