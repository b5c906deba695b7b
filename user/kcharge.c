// SPDX-License-Identifier: MIT
/*
 * kcharge: make kernel allocations of accounted pages in this process's
 * context through /sys/kernel/oomlab/kernel_charge (oomlab only), for
 * the OOM scenarios of kernel charges: "N FLAGS" per write, the open
 * file holding the pages until it is closed at exit.
 *
 *   --fill          first fill the memory cgroup to its limit: 1-page
 *                   GFP_NOWAIT charges until one fails (no event, no
 *                   reclaim), then 1-page GFP_KERNEL|__GFP_NORETRY ones
 *                   until one fails (that drains every CPU's stock: the
 *                   group is then full for the charge under test), and
 *                   read the group's memory.events: the `max` events the
 *                   fill counted, for the caller to subtract
 *   --pages N --gfp FLAGS --times K
 *                   then K writes of "N FLAGS", stopping at the first
 *                   error
 *   --dying         write "N FLAGS dying": the kernel queues SIGKILL on
 *                   this process before charging (an exit path's
 *                   allocation); no result line follows, the process
 *                   dies at the end of the write
 *   --hold-ms H     keep the charges this long before exiting
 *
 * Output: "kcharge: start pid=P pages=N gfp=FLAGS times=K dying=0|1",
 *         "kcharge: filled pages=F max_events=M" with --fill,
 *         "kcharge: result charged=C/K errors=E error_names=ENOMEM|none"
 *         "kcharge: holding" with --hold-ms.
 * Exit status: 0 when every write succeeded, 1 otherwise, 2 for a bad
 * command line.
 */
#include <stdbool.h>
#include "rt/args.h"
#include "rt/errno.h"
#include "rt/fs.h"
#include "rt/mem.h"
#include "rt/printf.h"
#include "rt/string.h"
#include "rt/sys.h"
#include "rt/time.h"

#define KCHARGE_PATH	"/sys/kernel/oomlab/kernel_charge"

static struct kcharge_cfg {
	uint64_t pages, times, hold_ms;
	const char *gfp;
	bool fill, dying;
} cfg = { .pages = 1, .times = 1, .gfp = "GFP_KERNEL" };

static const struct arg_opt opts[] = {
	{ "pages", ARG_U64, &cfg.pages, "pages per charge" },
	{ "gfp", ARG_STR, &cfg.gfp, "gfp flags, '|'-separated names" },
	{ "times", ARG_U64, &cfg.times, "charges to make" },
	{ "fill", ARG_FLAG, &cfg.fill, "fill the group to its limit first" },
	{ "dying", ARG_FLAG, &cfg.dying,
	  "charge with SIGKILL already queued on this process" },
	{ "hold-ms", ARG_U64, &cfg.hold_ms, "keep the charges this long" },
	{ NULL },
};

/* One write of "@nr @gfp[ dying]". Return: 0 or the -errno. */
static long charge(int fd, uint64_t nr, const char *gfp, bool dying)
{
	char text[256];
	int len = snprintf(text, sizeof(text), "%lu %s%s", nr, gfp,
			   dying ? " dying" : "");
	long r = sys_write(fd, text, (size_t)len);

	return r < 0 ? r : 0;
}

/* Charge single pages with @gfp until one fails. Return: pages charged. */
static unsigned long charge_until_failure(int fd, const char *gfp)
{
	unsigned long n = 0;

	while (!charge(fd, 1, gfp, false))
		n++;
	return n;
}

/*
 * Nothing may fault once the group is full (a user fault would OOM):
 * make the stack the rest of the run uses resident first. The image is
 * loaded whole at exec.
 */
static void __attribute__((noinline)) prefault_stack(void)
{
	volatile char pad[8 * PAGE_SIZE];

	for (size_t i = 0; i < sizeof(pad); i += PAGE_SIZE)
		pad[i] = 0;
}

/* Read @path into @buf (NUL-terminated). Return: bytes, or -1. */
static long read_text(const char *path, char *buf, size_t size)
{
	long fd = sys_openat(AT_FDCWD, path, O_RDONLY, 0);
	long got = 0, n;

	if (fd < 0)
		return -1;
	while ((n = sys_read((int)fd, buf + got, size - 1 - got)) > 0)
		got += n;
	sys_close((int)fd);
	buf[got] = '\0';
	return got;
}

/* The `max` count of our group's memory.events; -1 if unreadable. */
static long group_max_events(void)
{
	char cg[128], path[192], events[512], *nl, *max;
	uint64_t v;

	if (read_text("/proc/self/cgroup", cg, sizeof(cg)) < 4 ||
	    strncmp(cg, "0::", 3))
		return -1;
	nl = strchr(cg, '\n');
	if (nl)
		*nl = '\0';
	snprintf(path, sizeof(path), "/sys/fs/cgroup%s/memory.events",
		 cg + 3);
	if (read_text(path, events, sizeof(events)) < 0)
		return -1;
	max = strstr(events, "\nmax ");
	if (!max)
		return -1;
	nl = strchr(max + 5, '\n');
	if (nl)
		*nl = '\0';
	return args_parse_u64(max + 5, &v) ? (long)v : -1;
}

static void fill(int fd)
{
	unsigned long nowait = charge_until_failure(fd, "GFP_NOWAIT");
	unsigned long noretry = charge_until_failure(fd,
					"GFP_KERNEL|__GFP_NORETRY");

	printf("kcharge: filled pages=%lu max_events=%ld\n",
	       nowait + noretry, group_max_events());
}

int main(int argc, char **argv, char **envp)
{
	uint64_t done = 0;
	long fd, r = 0;
	int err = 0;

	r = args_parse(argc, argv, opts,
		       "Charge kernel pages to this process's memory cgroup.");
	if (r)
		return r == ARGS_HELP ? 0 : 2;
	if (!cfg.pages || !cfg.times) {
		eprintf("kcharge: need pages > 0 and times > 0\n");
		return 2;
	}
	printf("kcharge: start pid=%ld pages=%lu gfp=%s times=%lu dying=%d\n",
	       sys_getpid(), cfg.pages, cfg.gfp, cfg.times, cfg.dying);
	fd = sys_openat(AT_FDCWD, KCHARGE_PATH, O_RDWR, 0);
	if (fd < 0) {
		eprintf("kcharge: open %s: %s\n", KCHARGE_PATH,
			errno_name((int)-fd));
		return 1;
	}
	prefault_stack();
	if (cfg.fill)
		fill((int)fd);
	while (done < cfg.times) {
		r = charge((int)fd, cfg.pages, cfg.gfp, cfg.dying);
		if (r)
			break;
		done++;
	}
	err = (int)-r;
	printf("kcharge: result charged=%lu/%lu errors=%d error_names=%s\n",
	       done, cfg.times, err ? 1 : 0, err ? errno_name(err) : "none");
	if (cfg.hold_ms) {
		printf("kcharge: holding\n");
		time_sleep_ns(cfg.hold_ms * NSEC_PER_MSEC);
	}
	sys_close((int)fd);
	return err ? 1 : 0;
}
