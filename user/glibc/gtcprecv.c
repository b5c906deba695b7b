// SPDX-License-Identifier: MIT
/*
 * gtcprecv: a TCP server that takes one stream and reports its length,
 * its FNV-1a checksum and how long it took, the same on Linux and on
 * oomlab. A peer elsewhere (the host, through QEMU's port forwarding)
 * sends the stream; the caller knows what was sent and compares.
 *
 *   gtcprecv --port P [--cgroup DIR] [--hold]
 *
 *   --cgroup DIR  join cgroup DIR (cgroup.procs) once every page this
 *                 program will touch is faulted in: the group is then
 *                 charged for the sockets and nothing else, so a caller
 *                 can put the group at its limit and know that a page
 *                 fault will not make it OOM-kill us
 *   --hold        after accept(), read nothing until SIGUSR1 (at most
 *                 HOLD_S seconds): the stream waits in the socket's
 *                 receive queue, charged to the group, meanwhile
 *
 * Output (stdout, line-buffered; the caller acts on the first two):
 *   gtcprecv: listening port=P
 *   gtcprecv: accepted fd=N
 *   gtcprecv: FAIL what=W err=E         (per failure)
 *   gtcprecv: result bytes=N fnv=H ns=T failed=F
 * ns is from accept() to the peer's end of stream.
 * Exit status: 0 when failed=0, else 1.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define RX_BUF		65536
#define HOLD_S		120
#define STACK_TOUCH	32768
#define FNV_BASIS	0x811c9dc5U
#define FNV_PRIME	16777619U

static uint8_t rx[RX_BUF];
static char out_buf[4096];
static int failed;

static void fail(const char *what, int err)
{
	failed++;
	printf("gtcprecv: FAIL what=%s err=%d\n", what, err);
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

/* Fault in the stack the calls below will use, before joining a group
 * that may sit at its limit. */
static void touch_stack(void)
{
	volatile char pad[STACK_TOUCH];

	for (size_t i = 0; i < sizeof(pad); i += 4096)
		pad[i] = 0;
}

static void join(const char *dir)
{
	char path[512];
	int fd;

	snprintf(path, sizeof(path), "%s/cgroup.procs", dir);
	fd = open(path, O_WRONLY);
	if (fd < 0 || write(fd, "0", 1) != 1)
		fail("join cgroup", errno);
	if (fd >= 0)
		close(fd);
}

static int listen_on(uint16_t port)
{
	struct sockaddr_in a = { .sin_family = AF_INET,
				 .sin_port = htons(port),
				 .sin_addr.s_addr = htonl(INADDR_ANY) };
	int one = 1, fd = socket(AF_INET, SOCK_STREAM, 0);

	if (fd < 0) {
		fail("socket", errno);
		return -1;
	}
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
	    bind(fd, (struct sockaddr *)&a, sizeof(a)) || listen(fd, 1)) {
		fail("bind/listen", errno);
		close(fd);
		return -1;
	}
	return fd;
}

/* Wait for SIGUSR1 (blocked since main's start), bounded. */
static void hold(void)
{
	struct timespec limit = { HOLD_S, 0 };
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	if (sigtimedwait(&set, NULL, &limit) != SIGUSR1)
		fail("hold: no SIGUSR1", errno);
}

/* Read @fd to its end: the bytes and their FNV-1a checksum. */
static uint64_t drain(int fd, uint32_t *fnv)
{
	uint64_t got = 0;
	ssize_t n;

	*fnv = FNV_BASIS;
	while ((n = read(fd, rx, sizeof(rx))) > 0) {
		for (ssize_t i = 0; i < n; i++)
			*fnv = (*fnv ^ rx[i]) * FNV_PRIME;
		got += (uint64_t)n;
	}
	if (n < 0)
		fail("read", errno);
	return got;
}

static int serve(uint16_t port, const char *dir, int do_hold)
{
	uint64_t bytes, t0;
	uint32_t fnv = 0;
	int l, s;

	memset(rx, 0, sizeof(rx));
	touch_stack();
	if (dir)
		join(dir);
	l = listen_on(port);
	if (l < 0)
		return 1;
	printf("gtcprecv: listening port=%u\n", port);
	s = accept(l, NULL, NULL);
	t0 = now_ns();
	close(l);
	if (s < 0) {
		fail("accept", errno);
		return 1;
	}
	printf("gtcprecv: accepted fd=%d\n", s);
	if (do_hold)
		hold();
	bytes = drain(s, &fnv);
	printf("gtcprecv: result bytes=%llu fnv=%u ns=%llu failed=%d\n",
	       (unsigned long long)bytes, fnv,
	       (unsigned long long)(now_ns() - t0), failed);
	close(s);
	return failed ? 1 : 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "port", required_argument, NULL, 'p' },
		{ "cgroup", required_argument, NULL, 'c' },
		{ "hold", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *dir = NULL;
	long port = 0;
	int do_hold = 0, c;
	sigset_t usr1;

	setvbuf(stdout, out_buf, _IOLBF, sizeof(out_buf));
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'p')
			port = strtol(optarg, NULL, 10);
		else if (c == 'c')
			dir = optarg;
		else if (c == 'h')
			do_hold = 1;
		else
			return 2;
	}
	if (port <= 0 || port > 65535) {
		fprintf(stderr, "usage: gtcprecv --port P [--cgroup DIR] "
				"[--hold]\n");
		return 2;
	}
	/* Blocked before anyone can send it: it is only ever waited for. */
	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	sigprocmask(SIG_BLOCK, &usr1, NULL);
	return serve((uint16_t)port, dir, do_hold);
}
