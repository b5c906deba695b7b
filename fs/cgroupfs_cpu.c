// SPDX-License-Identifier: MIT
/*
 * The cpu controller's files (kernel/cgroup_cpu.h), with Linux 6.1's
 * formats and errnos. The settings are accepted and read back, not
 * enforced by the scheduler; cpu.stat's usage is real.
 *
 *   cpu.weight       "100\n"; takes 1 .. 10000 (kstrtoull() base 0 of
 *                    the raw text: -EINVAL for junk, -ERANGE outside)
 *   cpu.weight.nice  "0\n"; takes -20 .. 19 (kstrtoll(): -EINVAL for
 *                    junk, -ERANGE outside); sets the weight of that nice
 *                    value, and reads back the nice value nearest the
 *                    weight
 *   cpu.max          "max 100000\n" (quota and period in us); takes
 *                    "QUOTA [PERIOD]", QUOTA a number or "max", as
 *                    Linux's cpu_period_quota_parse() reads it; -EINVAL
 *                    for text it cannot read or values out of bounds
 *   cpu.stat         usage_usec, user_usec, system_usec, and where the
 *                    controller is on, nr_periods, nr_throttled,
 *                    throttled_usec, nr_bursts, burst_usec (always 0)
 *
 * The first three are on every group but the root while its parent's
 * cgroup.subtree_control has "cpu"; cpu.stat is on every group, the root
 * too, as Linux's core file. oomlab's scheduler does not split user
 * from system time: user_usec is the whole usage and system_usec 0.
 */
#include "fs/cgroupfs_internal.h"
#include "kernel/cgroup.h"
#include "lib/errno.h"
#include "lib/kstrtox.h"
#include "lib/string.h"

#define NSEC_PER_USEC	1000ULL
/* sscanf()'s "%20s": the longest quota token Linux reads (U64_MAX). */
#define QUOTA_TOKEN_MAX	20

/**
 * cgfs_cpu_weight_show - cpu.weight's text.
 * @data: the file's group id
 * @buf: the output
 *
 * Context: task context, may sleep.
 * Return: 0; -ENODEV once the group is removed.
 */
int cgfs_cpu_weight_show(void *data, struct pseudo_buf *buf)
{
	struct cgroup *cg;
	int r = cgfs_get(data, &cg);

	if (r)
		return r;
	pseudo_printf(buf, "%llu\n",
		      (unsigned long long)cgroup_cpu_weight(cg));
	cgroup_put(cg);
	return 0;
}

/**
 * cgfs_cpu_weight_write - a write to cpu.weight (Linux's write_u64
 * handler: kstrtoull() base 0 of the raw text).
 * @data: the file's group id
 * @s: the text, NUL-terminated
 * @len: its length
 *
 * Context: task context, may sleep.
 * Return: @len; -EINVAL (not a number), -ERANGE (outside 1 .. 10000),
 * -ENODEV (removed); nothing changed on failure.
 */
long cgfs_cpu_weight_write(void *data, const char *s, size_t len)
{
	struct cgroup *cg;
	u64 weight;
	int r = kstrtoull(s, 0, &weight);

	if (r)
		return r;
	r = cgfs_get(data, &cg);
	if (r)
		return r;
	r = cgroup_cpu_set_weight(cg, weight);
	cgroup_put(cg);
	return r ? r : (long)len;
}

/**
 * cgfs_cpu_nice_show - cpu.weight.nice's text.
 * @data: the file's group id
 * @buf: the output
 *
 * Context: task context, may sleep.
 * Return: 0; -ENODEV once the group is removed.
 */
int cgfs_cpu_nice_show(void *data, struct pseudo_buf *buf)
{
	struct cgroup *cg;
	int r = cgfs_get(data, &cg);

	if (r)
		return r;
	pseudo_printf(buf, "%d\n", cgroup_cpu_nice(cg));
	cgroup_put(cg);
	return 0;
}

/**
 * cgfs_cpu_nice_write - a write to cpu.weight.nice (Linux's write_s64
 * handler: kstrtoll() base 0).
 * @data: the file's group id
 * @s: the text, NUL-terminated
 * @len: its length
 *
 * Context: task context, may sleep.
 * Return: @len; -EINVAL (not a number), -ERANGE (outside -20 .. 19),
 * -ENODEV (removed); nothing changed on failure.
 */
long cgfs_cpu_nice_write(void *data, const char *s, size_t len)
{
	struct cgroup *cg;
	s64 nice;
	int r = kstrtoll(s, 0, &nice);

	if (r)
		return r;
	r = cgfs_get(data, &cg);
	if (r)
		return r;
	r = cgroup_cpu_set_nice(cg, nice);
	cgroup_put(cg);
	return r ? r : (long)len;
}

/**
 * cgfs_cpu_max_show - cpu.max's text: "max" or the quota, then the
 * period, in us (Linux's cpu_period_quota_print()).
 * @data: the file's group id
 * @buf: the output
 *
 * Context: task context, may sleep.
 * Return: 0; -ENODEV once the group is removed.
 */
int cgfs_cpu_max_show(void *data, struct pseudo_buf *buf)
{
	struct cgroup *cg;
	u64 quota, period;
	int r = cgfs_get(data, &cg);

	if (r)
		return r;
	cgroup_cpu_max(cg, &quota, &period);
	if (quota == CGROUP_CPU_QUOTA_MAX)
		pseudo_printf(buf, "max");
	else
		pseudo_printf(buf, "%llu",
			      (unsigned long long)(quota / NSEC_PER_USEC));
	pseudo_printf(buf, " %llu\n",
		      (unsigned long long)(period / NSEC_PER_USEC));
	cgroup_put(cg);
	return 0;
}

static bool is_space(char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* sscanf()'s "%llu" at *@s past white space: the digits there, wrapping
 * as the kernel's does. Return: whether there was a digit. */
static bool scan_u64(const char **s, u64 *v)
{
	const char *p = *s;

	while (is_space(*p))
		p++;
	if (!is_digit(*p))
		return false;
	for (*v = 0; is_digit(*p); p++)
		*v = *v * 10 + (u64)(*p - '0');
	*s = p;
	return true;
}

/*
 * cpu.max's text as Linux 6.1's cpu_period_quota_parse() reads it with
 * sscanf(buf, "%20s %llu"): a token of at most 20 non-blank bytes (the
 * quota: digits, read as far as they go, or "max"), then optionally a
 * period; anything after is ignored. Both are in us. @period_ns holds
 * the current period on entry and keeps it when none is given.
 * Return: 0; -EINVAL.
 */
static int parse_max(const char *s, u64 *quota_ns, u64 *period_ns)
{
	char tok[QUOTA_TOKEN_MAX + 1];
	const char *q = tok;
	size_t n = 0;
	u64 v;

	while (is_space(*s))
		s++;
	while (n < QUOTA_TOKEN_MAX && *s && !is_space(*s))
		tok[n++] = *s++;
	tok[n] = 0;
	if (!n)
		return -EINVAL;
	if (scan_u64(&s, &v))
		*period_ns = v * NSEC_PER_USEC;
	if (scan_u64(&q, &v))
		*quota_ns = v * NSEC_PER_USEC;
	else if (!strcmp(tok, "max"))
		*quota_ns = CGROUP_CPU_QUOTA_MAX;
	else
		return -EINVAL;
	return 0;
}

/**
 * cgfs_cpu_max_write - a write to cpu.max (Linux 6.1's cpu_max_write()).
 * @data: the file's group id
 * @s: the text, NUL-terminated
 * @len: its length
 *
 * Context: task context, may sleep.
 * Return: @len; -EINVAL (unreadable, or out of cgroup_cpu_set_max()'s
 * bounds), -ENODEV (removed); nothing changed on failure.
 */
long cgfs_cpu_max_write(void *data, const char *s, size_t len)
{
	struct cgroup *cg;
	u64 quota, period;
	int r = cgfs_get(data, &cg);

	if (r)
		return r;
	cgroup_cpu_max(cg, &quota, &period);
	r = parse_max(s, &quota, &period);
	if (!r)
		r = cgroup_cpu_set_max(cg, quota, period);
	cgroup_put(cg);
	return r ? r : (long)len;
}

/**
 * cgfs_cpu_stat_show - cpu.stat's text (Linux 6.1's cpu_stat_show()).
 * @data: the file's group id
 * @buf: the output
 *
 * Context: task context, may sleep.
 * Return: 0; -ENODEV once the group is removed.
 */
int cgfs_cpu_stat_show(void *data, struct pseudo_buf *buf)
{
	unsigned long long usec;
	struct cgroup *cg;
	bool cpu_on;
	int r = cgfs_get_cpu(data, &cg, &cpu_on);

	if (r)
		return r;
	usec = cgroup_cpu_usage_ns(cg) / NSEC_PER_USEC;
	pseudo_printf(buf, "usage_usec %llu\nuser_usec %llu\nsystem_usec 0\n",
		      usec, usec);
	if (cpu_on)
		pseudo_printf(buf, "nr_periods 0\nnr_throttled 0\n"
			      "throttled_usec 0\nnr_bursts 0\nburst_usec 0\n");
	cgroup_put(cg);
	return 0;
}
