// SPDX-License-Identifier: MIT
/*
 * oomnotify: cgroup v1's OOM notification, used as a Linux program uses
 * it: make an eventfd, open the group's OOM control file, write
 * "<eventfd> <control fd>" to the group's cgroup.event_control, then
 * block in read(2) on the eventfd, which returns how many OOMs of the
 * group's hierarchy happened since the last read.
 *
 *   oomnotify --group DIR [--control NAME] [--count N]
 *
 * DIR is the group's directory; NAME its OOM control file:
 * oomlab.memory.oom_control on oomlab (the default), memory.oom_control
 * in a Linux cgroup v1 memory hierarchy. Linux 6.1 has no
 * cgroup.event_control in cgroup v2 at all: on a v2-only host this
 * program can only skip.
 *
 * Output (stdout), one line each:
 *   oomnotify: listening            registered; OOMs count from here
 *   oomnotify: oom total=T          after each read, T OOMs so far
 *   oomnotify: skip no cgroup.event_control in DIR
 *   oomnotify: error step=S error=E (E an errno name)
 * Exit status 0 after N notifications (default 1) or a skip, 1 on an
 * error, 2 for a bad command line.
 */
#include <stdint.h>
#include "rt/args.h"
#include "rt/errno.h"
#include "rt/fs.h"
#include "rt/printf.h"
#include "rt/string.h"
#include "rt/sys.h"

static int fail(const char *step, long err)
{
	printf("oomnotify: error step=%s error=%s\n", step,
	       errno_name((int)-err));
	return 1;
}

/* Register @efd for @group's OOMs through the file @control. */
static int listen(const char *group, const char *control, int efd)
{
	char path[256], line[32];
	long cfd, ctl, r;

	snprintf(path, sizeof(path), "%s/cgroup.event_control", group);
	ctl = sys_open(path, O_WRONLY, 0);
	if (ctl == -ENOENT) {
		printf("oomnotify: skip no cgroup.event_control in %s\n",
		       group);
		return -1;
	}
	if (ctl < 0)
		return fail("open_event_control", ctl);
	snprintf(path, sizeof(path), "%s/%s", group, control);
	cfd = sys_open(path, O_RDONLY, 0);
	if (cfd < 0)
		return fail("open_control", cfd);
	snprintf(line, sizeof(line), "%d %ld", efd, cfd);
	r = sys_write((int)ctl, line, strlen(line));
	if (r < 0)
		return fail("write_event_control", r);
	/* The registration holds what it needs: both fds may close. */
	sys_close((int)cfd);
	sys_close((int)ctl);
	return 0;
}

int main(int argc, char **argv, char **envp);

int main(int argc, char **argv, char **envp)
{
	const char *group = NULL, *control = "oomlab.memory.oom_control";
	uint64_t count = 1, total = 0, v;
	const struct arg_opt opts[] = {
		{ "group", ARG_STR, &group, "the group's directory" },
		{ "control", ARG_STR, &control, "its OOM control file" },
		{ "count", ARG_U64, &count, "notifications to wait for" },
		{ NULL, 0, NULL, NULL },
	};
	long efd, r;

	r = args_parse(argc, argv, opts, "wait for cgroup v1 OOM events");
	if (r == ARGS_HELP)
		return 0;
	if (r || !group) {
		eprintf("usage: oomnotify --group DIR [--control NAME] "
			"[--count N]\n");
		return 2;
	}
	efd = sys_eventfd2(0, EFD_CLOEXEC);
	if (efd < 0)
		return fail("eventfd2", efd);
	r = listen(group, control, (int)efd);
	if (r)
		return r > 0 ? 1 : 0;
	printf("oomnotify: listening\n");
	while (total < count) {
		r = sys_read((int)efd, &v, sizeof(v));
		if (r != sizeof(v))
			return fail("read", r < 0 ? r : -EIO);
		total += v;
		printf("oomnotify: oom total=%llu\n", (unsigned long long)total);
	}
	return 0;
}
