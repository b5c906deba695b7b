// SPDX-License-Identifier: MIT
/*
 * cgctl: drive a memory cgroup through cgroup2's files exactly as on
 * Linux 6.1, checking every answer, so it passes unchanged on Linux and
 * on oomlab. In /sys/fs/cgroup: enable the memory controller for the
 * root's children, make the group "cgctl", set and read memory.max,
 * write the bad-input table to its files (Linux's errno, value
 * unchanged), move itself in (cgroup.procs, /proc/self/cgroup,
 * cgroup.events), touch 1 MiB and read memory.current, memory.peak,
 * memory.stat and memory.events, move back out and remove the group
 * (-EBUSY while inside, -ENODEV through a file still open after).
 * FOR OOMLAB TESTS.
 *
 * A machine where this process may not change the cgroup root (a
 * sandbox: read-only or delegated /sys/fs/cgroup) cannot run it; cgctl
 * then prints "cgctl: skip reason=..." and exits 0 without checking.
 *
 * Output: "cgctl: write file=F input=I result=R want=W" per table row,
 *         "cgctl: FAIL line=L what=... got=G want=W" per failed check,
 *         then "cgctl: result checks=N failed=F"; exit 0 when F == 0.
 */
#include <stdbool.h>
#include "rt/errno.h"
#include "rt/fs.h"
#include "rt/mem.h"
#include "rt/printf.h"
#include "rt/string.h"
#include "rt/sys.h"

#define ROOT	"/sys/fs/cgroup"
#define GROUP	ROOT "/cgctl"
#define TOUCH	(1UL << 20)

static unsigned long checks, failed;

static void expect(long got, long want, int line, const char *what)
{
	checks++;
	if (got == want)
		return;
	failed++;
	printf("cgctl: FAIL line=%d what=%s got=%ld want=%ld\n", line, what,
	       got, want);
}

static void expect_str(const char *got, const char *want, int line,
		       const char *what)
{
	checks++;
	if (!strcmp(got, want))
		return;
	failed++;
	printf("cgctl: FAIL line=%d what=%s got=\"%s\" want=\"%s\"\n", line,
	       what, got, want);
}

#define EXPECT(call, want) expect((long)(call), (long)(want), __LINE__, #call)
#define EXPECT_TRUE(cond) expect(!!(cond), 1, __LINE__, #cond)
#define EXPECT_STR(got, want) expect_str(got, want, __LINE__, #got)

static char text[4096];

/* The text of @path (NUL-terminated in a static buffer), or "" and the
 * errno as text. */
static const char *cat(const char *path)
{
	long fd = sys_open(path, O_RDONLY, 0), n, got = 0;

	if (fd < 0) {
		snprintf(text, sizeof(text), "%ld", fd);
		return text;
	}
	while ((n = sys_read(fd, text + got, sizeof(text) - 1 - got)) > 0)
		got += n;
	sys_close(fd);
	text[got] = 0;
	return text;
}

/* One write(2) of @s to @path. Return: its result, or open's error. */
static long put(const char *path, const char *s)
{
	long fd = sys_open(path, O_WRONLY, 0), r;

	if (fd < 0)
		return fd;
	r = sys_write(fd, s, strlen(s));
	sys_close(fd);
	return r;
}

/* The number after "@key " in @s, or -1. */
static long field(const char *s, const char *key)
{
	size_t len = strlen(key);
	long v = 0;

	for (; s && *s; s = strchr(s, '\n'), s = s ? s + 1 : s) {
		if (strncmp(s, key, len) || s[len] != ' ')
			continue;
		for (s += len + 1; *s >= '0' && *s <= '9'; s++)
			v = v * 10 + (*s - '0');
		return v;
	}
	return -1;
}

static long number(const char *s)
{
	long v = 0;

	for (; *s >= '0' && *s <= '9'; s++)
		v = v * 10 + (*s - '0');
	return v;
}

/* A write and what Linux 6.1 answers: result (0: all bytes), then the
 * file's text (NULL: not checked). */
struct row {
	const char *file, *input;
	long result;
	const char *after;
};

static const struct row table[] = {
	{ "memory.max", "abc", -EINVAL, "67108864\n" },
	{ "memory.max", "-1", -EINVAL, "67108864\n" },
	{ "memory.max", "64Mx", -EINVAL, "67108864\n" },
	{ "memory.max", "  64M  ", 0, "67108864\n" },
	{ "memory.max", "max\n", 0, "max\n" },
	{ "memory.max", "99999999999999999999", 0, "7766279631452237824\n" },
	{ "memory.max", "", 0, "0\n" },
	{ "memory.max", "max", 0, "max\n" },
	{ "memory.high", "abc", -EINVAL, "max\n" },
	{ "memory.high", "-1", -EINVAL, "max\n" },
	{ "memory.high", "max\n", 0, "max\n" },
	{ "memory.oom.group", "abc", -EINVAL, "0\n" },
	{ "memory.oom.group", "-1", -EINVAL, "0\n" },
	{ "memory.oom.group", "99999999999999999999", -ERANGE, "0\n" },
	{ "memory.oom.group", "max\n", -EINVAL, "0\n" },
	{ "memory.oom.group", "", -EINVAL, "0\n" },
	{ "memory.oom.group", "  1  ", 0, "1\n" },
	{ "memory.oom.group", "0\n", 0, "0\n" },
	{ "cgroup.procs", "abc", -EINVAL, "" },
	{ "cgroup.procs", "-1", -EINVAL, "" },
	{ "cgroup.procs", "99999999999999999999", -EINVAL, "" },
	{ "cgroup.procs", "", -EINVAL, "" },
	{ "cgroup.procs", "2147483647", -ESRCH, "" },
	{ "cgroup.subtree_control", "memory", -EINVAL, "\n" },
	{ "cgroup.subtree_control", "+nosuch", -EINVAL, "\n" },
	{ "cgroup.subtree_control", "+memory -memory", 0, "\n" },
};

/* @s with each newline written as \n, for a one-line report. */
static const char *escaped(const char *s)
{
	static char out[64];
	size_t n = 0;

	for (; *s && n + 3 < sizeof(out); s++) {
		if (*s == '\n')
			out[n++] = '\\', out[n++] = 'n';
		else
			out[n++] = *s;
	}
	out[n] = 0;
	return out;
}

static void bad_input(void)
{
	char path[96];

	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		const struct row *w = &table[i];
		long want = w->result ? w->result : (long)strlen(w->input);
		long got;

		snprintf(path, sizeof(path), "%s/%s", GROUP, w->file);
		got = put(path, w->input);
		printf("cgctl: write file=%s input=\"%s\" result=%ld want=%ld\n",
		       w->file, escaped(w->input), got, want);
		expect(got, want, __LINE__, w->file);
		if (w->after)
			expect_str(cat(path), w->after, __LINE__, w->file);
	}
}

/* memory.events: Linux's six keys in Linux's order. */
static void events_format(const char *s)
{
	static const char *const keys[] = { "low", "high", "max", "oom",
					    "oom_kill", "oom_group_kill" };

	for (size_t i = 0; i < 6; i++) {
		size_t len = strlen(keys[i]);

		EXPECT_TRUE(!strncmp(s, keys[i], len) && s[len] == ' ');
		s = strchr(s, '\n');
		if (!s)
			return;
		s++;
	}
	EXPECT(*s, 0);
}

static void inside(const char *pid)
{
	char want[64];
	long addr, current;

	snprintf(want, sizeof(want), "%s\n", pid);
	EXPECT(put(GROUP "/cgroup.procs", pid), strlen(pid));
	EXPECT_STR(cat("/proc/self/cgroup"), "0::/cgctl\n");
	EXPECT_STR(cat(GROUP "/cgroup.procs"), want);
	EXPECT_STR(cat(GROUP "/cgroup.events"), "populated 1\nfrozen 0\n");
	EXPECT(sys_rmdir(GROUP), -EBUSY);

	addr = mem_map_anon(TOUCH, 0);
	EXPECT_TRUE(addr > 0);
	if (addr <= 0)
		return;
	for (unsigned long off = 0; off < TOUCH; off += PAGE_SIZE)
		((volatile char *)addr)[off] = 1;
	current = number(cat(GROUP "/memory.current"));
	EXPECT_TRUE(current >= (long)TOUCH);
	EXPECT_TRUE(number(cat(GROUP "/memory.peak")) >= current);
	EXPECT_TRUE(field(cat(GROUP "/memory.stat"), "anon") >= (long)TOUCH);
	events_format(cat(GROUP "/memory.events"));
	EXPECT(field(cat(GROUP "/memory.events"), "oom_kill"), 0);
	EXPECT(sys_munmap((void *)addr, TOUCH), 0);
}

static bool may_run(void)
{
	long r = put(ROOT "/cgroup.subtree_control", "+memory");

	if (r < 0) {
		printf("cgctl: skip reason=subtree_control error=%ld\n", r);
		return false;
	}
	r = sys_mkdir(GROUP, 0755);
	if (r == -EACCES || r == -EPERM || r == -EROFS) {
		printf("cgctl: skip reason=mkdir error=%ld\n", r);
		return false;
	}
	EXPECT(r, 0);
	return true;
}

int main(int argc, char **argv, char **envp)
{
	char pid[24];
	long fd;

	if (!may_run())
		return 0;
	snprintf(pid, sizeof(pid), "%ld", sys_getpid());
	EXPECT(sys_mkdir(GROUP, 0755), -EEXIST);
	EXPECT_TRUE(strstr(cat(GROUP "/cgroup.controllers"), "memory"));
	EXPECT_STR(cat(GROUP "/memory.max"), "max\n");
	EXPECT(put(GROUP "/memory.max", "64M"), 3);
	EXPECT_STR(cat(GROUP "/memory.max"), "67108864\n");
	EXPECT_STR(cat(GROUP "/memory.current"), "0\n");
	EXPECT_STR(cat(GROUP "/cgroup.events"), "populated 0\nfrozen 0\n");
	bad_input();

	inside(pid);
	EXPECT(put(ROOT "/cgroup.procs", pid), strlen(pid));
	EXPECT_STR(cat("/proc/self/cgroup"), "0::/\n");
	EXPECT_STR(cat(GROUP "/cgroup.events"), "populated 0\nfrozen 0\n");

	fd = sys_open(GROUP "/memory.max", O_WRONLY, 0);
	EXPECT_TRUE(fd >= 0);
	EXPECT(sys_rmdir(GROUP), 0);
	EXPECT(sys_write(fd, "1M", 2), -ENODEV);
	sys_close(fd);
	EXPECT(sys_rmdir(GROUP), -ENOENT);
	EXPECT_STR(cat(GROUP "/memory.max"), "-2");
	printf("cgctl: result checks=%lu failed=%lu\n", checks, failed);
	return failed ? 1 : 0;
}
