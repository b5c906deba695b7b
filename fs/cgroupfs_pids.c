// SPDX-License-Identifier: MIT
/*
 * The pids controller's files (kernel/cgroup_pids.h), on every group but
 * the root while its parent's cgroup.subtree_control has "pids":
 *
 *   pids.max      "max\n" or N; takes "max" or 0 .. 4194304 as Linux
 *                 6.1's pids_max_write() (strstrip(), kstrtoll() base 0:
 *                 -EINVAL for a negative or too large value or junk,
 *                 -ERANGE past a long long)
 *   pids.current  threads in the group and below
 *   pids.events   "max N": forks refused for this group
 */
#include "fs/cgroupfs_internal.h"
#include "kernel/cgroup.h"
#include "kernel/cgroup_pids.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "mm/memcg_parse.h"

#define PIDS_WRITE_MAX	64	/* longer than any number kstrtoll takes */
#define PIDS_LLONG_MAX	0x7fffffffffffffffULL	/* kstrtoll()'s range */

static bool pids_space(char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

/* pids.max's value: CGROUP_PIDS_MAX for "max". Return: 0 or an errno. */
static int pids_parse_max(const char *s, long *max)
{
	char buf[PIDS_WRITE_MAX + 1];
	size_t len = strlen(s);
	bool neg;
	u64 v;
	int r;

	while (len && pids_space(*s)) {
		s++;
		len--;
	}
	while (len && pids_space(s[len - 1]))
		len--;
	if (len > PIDS_WRITE_MAX)
		return -EINVAL;
	memcpy(buf, s, len);
	buf[len] = 0;
	if (!strcmp(buf, "max")) {
		*max = CGROUP_PIDS_MAX;
		return 0;
	}
	neg = buf[0] == '-';
	r = memcg_parse_u64(buf + neg, &v);
	if (r)
		return r;
	if (v > PIDS_LLONG_MAX + neg)
		return -ERANGE;
	if ((neg && v) || v >= (u64)CGROUP_PIDS_MAX)
		return -EINVAL;
	*max = (long)v;
	return 0;
}

/**
 * cgfs_pids_max_show - pids.max's text.
 * @data: the file's group id
 * @buf: where the text goes
 *
 * Context: task context, may sleep. Return: 0; -ENODEV (group removed).
 */
int cgfs_pids_max_show(void *data, struct pseudo_buf *buf)
{
	struct cgroup *cg;
	int r = cgfs_get(data, &cg);
	long max;

	if (r)
		return r;
	max = cgroup_pids_max(cg);
	if (max == CGROUP_PIDS_MAX)
		pseudo_printf(buf, "max\n");
	else
		pseudo_printf(buf, "%ld\n", max);
	cgroup_put(cg);
	return 0;
}

/**
 * cgfs_pids_max_write - set pids.max; a bad value changes nothing.
 * @data: the file's group id
 * @s: what was written, NUL-terminated
 * @len: its length
 *
 * Context: task context, may sleep.
 * Return: @len; -EINVAL, -ERANGE (see the top of this file); -ENODEV.
 */
long cgfs_pids_max_write(void *data, const char *s, size_t len)
{
	struct cgroup *cg;
	long max;
	int r = cgfs_get(data, &cg);

	if (r)
		return r;
	r = pids_parse_max(s, &max);
	if (!r)
		r = cgroup_pids_set_max(cg, max);
	cgroup_put(cg);
	return r ? r : (long)len;
}

/* pids.current. Context: task context. Return: 0; -ENODEV. */
int cgfs_pids_current_show(void *data, struct pseudo_buf *buf)
{
	struct cgroup *cg;
	int r = cgfs_get(data, &cg);

	if (r)
		return r;
	pseudo_printf(buf, "%ld\n", cgroup_pids_current(cg));
	cgroup_put(cg);
	return 0;
}

/* pids.events. Context: task context. Return: 0; -ENODEV. */
int cgfs_pids_events_show(void *data, struct pseudo_buf *buf)
{
	struct cgroup *cg;
	int r = cgfs_get(data, &cg);

	if (r)
		return r;
	pseudo_printf(buf, "max %ld\n", cgroup_pids_events_max(cg));
	cgroup_put(cg);
	return 0;
}
