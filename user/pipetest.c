// SPDX-License-Identifier: MIT
/*
 * pipetest: pipes, poll/select, readv/writev and the /dev nodes from
 * user space, with the results Linux gives, so that the default run
 * passes unchanged on Linux and on oomlab:
 *   pipes    pipe2 flags and EFAULT (no fd left behind), FIONREAD, S_IFIFO,
 *            EOF, O_NONBLOCK -EAGAIN, a full pipe holding exactly 64 KiB,
 *            WRITERS threads writing records of REC bytes (at most
 *            PIPE_BUF: each arrives whole, each writer's in order) through
 *            a pipe they fill many times over;
 *   poll     POLLIN/POLLOUT/POLLHUP/POLLERR/POLLNVAL on pipes, eventfd,
 *            /dev/null and a regular file, timeouts (never shorter than
 *            asked), a sleeper woken by a writer thread; ppoll and
 *            pselect6 write the time left back; select's sets, -EBADF
 *            and -EINVAL;
 *   devices  st_rdev of the memory devices, their read/write semantics,
 *            ioctl -ENOTTY on files that are not terminals;
 *   iov      writev then readv through a pipe;
 *   restart  a child blocked reading a pipe is stopped and continued:
 *            its read goes on and returns the byte written after
 *            (Linux restarts it: -ERESTARTSYS without a handler).
 * Modes for oomlab's boot tests:
 *   --sigpipe          write to a pipe without a reader: SIGPIPE kills
 *                      the process (it prints a line if it survives);
 *   --tty              the terminal ioctls on fd 0 (oomlab's console);
 *   --pollfile PATH    read PATH, print "pipetest: polling", poll it for
 *                      POLLPRI (--timeout-ms, default 10000) and print
 *                      the revents and the text read again.
 *
 * Output: "pipetest: FAIL line=L what=... got=G want=W" per failed check,
 *         then "pipetest: result checks=N failed=F"; exit 0 when F == 0.
 */
#include <stdbool.h>
#include <stdint.h>
#include "rt/args.h"
#include "rt/errno.h"
#include "rt/fs.h"
#include "rt/printf.h"
#include "rt/string.h"
#include "rt/signal.h"
#include "rt/sys.h"
#include "rt/syscall.h"
#include "rt/thread.h"
#include "rt/time.h"

/* Linux x86_64 numbers of the calls this program adds. */
enum {
	NR_poll = 7, NR_ioctl = 16, NR_readv = 19, NR_writev = 20,
	NR_select = 23, NR_pselect6 = 270, NR_ppoll = 271, NR_pipe2 = 293,
};

#define POLLIN		0x001
#define POLLPRI		0x002
#define POLLOUT		0x004
#define POLLERR		0x008
#define POLLHUP		0x010
#define POLLNVAL	0x020
#define POLLRDNORM	0x040
#define POLLWRNORM	0x100

#define FIONREAD	0x541b
#define TCGETS		0x5401
#define TCSETS		0x5402
#define TIOCGPGRP	0x540f
#define TIOCSPGRP	0x5410
#define TIOCGWINSZ	0x5413
#define TIOCSWINSZ	0x5414
#define ICANON		0000002
#define ECHO		0000010
#define VERASE		2
#define S_IFIFO		0010000
#define S_IFCHR		0020000
#ifndef ENOTTY
#define ENOTTY		25
#endif

#define PIPE_BYTES	65536	/* Linux's default pipe size */
#define WRITERS		4
#define REC		1000	/* not a divisor of a page: merges */
#define RECS		128	/* per writer: 8 pipes full in all */
#define MIN(a, b)	((a) < (b) ? (a) : (b))

struct pollfd {
	int fd;
	short events;
	short revents;
};

struct timespec_k {
	long sec, nsec;
};

struct iovec {
	void *base;
	size_t len;
};

struct termios {
	uint32_t iflag, oflag, cflag, lflag;
	uint8_t line, cc[19];
};

struct winsize {
	uint16_t row, col, xpixel, ypixel;
};

static unsigned long checks, failed;

static void expect(long got, long want, int line, const char *what)
{
	checks++;
	if (got == want)
		return;
	failed++;
	printf("pipetest: FAIL line=%d what=%s got=%ld want=%ld\n", line,
	       what, got, want);
}

#define EXPECT(call, want) expect((long)(call), (long)(want), __LINE__, #call)
#define EXPECT_TRUE(cond) expect(!!(cond), 1, __LINE__, #cond)

static long sys_pipe2(int *fds, int flags)
{
	return syscall2(NR_pipe2, (long)fds, flags);
}

static long sys_ioctl(int fd, unsigned long cmd, void *arg)
{
	return syscall3(NR_ioctl, fd, (long)cmd, (long)arg);
}

static long sys_poll(struct pollfd *fds, unsigned long n, int ms)
{
	return syscall3(NR_poll, (long)fds, (long)n, ms);
}

/* poll one fd for @events with @ms; Return: its revents, or the error. */
static long poll1(int fd, short events, int ms)
{
	struct pollfd p = { fd, events, 0 };
	long r = sys_poll(&p, 1, ms);

	return r < 0 ? r : p.revents;
}

static uint64_t now_ms(void)
{
	return time_now_ns() / 1000000;
}

static void pipes_basic(void)
{
	int fds[2], fd2[2];
	char buf[8] = { 0 };
	struct stat st;
	unsigned int n = 99;
	long first;

	EXPECT(sys_pipe2(fds, 1), -EINVAL);	/* not a pipe2 flag */
	first = sys_dup(0);			/* the lowest free fd */
	sys_close((int)first);
	EXPECT(sys_pipe2((int *)8, 0), -EFAULT);
	EXPECT(sys_dup(0), first);		/* nothing was left open */
	sys_close((int)first);
	EXPECT(sys_pipe2(fds, 0), 0);
	EXPECT(sys_fstat(fds[0], &st), 0);
	EXPECT(st.st_mode & S_IFMT, S_IFIFO);
	EXPECT(sys_write(fds[1], "hello", 5), 5);
	EXPECT(sys_ioctl(fds[0], FIONREAD, &n), 0);
	EXPECT(n, 5);
	EXPECT(sys_read(fds[0], buf, sizeof(buf)), 5);
	EXPECT(memcmp(buf, "hello", 5), 0);
	EXPECT(sys_lseek(fds[0], 0, SEEK_SET), -ESPIPE);
	EXPECT(sys_read(fds[1], buf, 1), -EBADF);
	EXPECT(sys_write(fds[0], buf, 1), -EBADF);
	EXPECT(sys_close(fds[1]), 0);
	EXPECT(sys_read(fds[0], buf, sizeof(buf)), 0);	/* EOF */
	EXPECT(sys_close(fds[0]), 0);

	EXPECT(sys_pipe2(fd2, O_NONBLOCK | O_CLOEXEC), 0);
	EXPECT(sys_fcntl(fd2[0], F_GETFD, 0), FD_CLOEXEC);
	EXPECT(sys_fcntl(fd2[1], F_GETFL, 0), O_WRONLY | O_NONBLOCK);
	EXPECT(sys_read(fd2[0], buf, 1), -EAGAIN);
	sys_close(fd2[0]);
	sys_close(fd2[1]);
}

/* A non-blocking pipe takes exactly PIPE_BYTES in page-sized writes. */
static void pipes_full(void)
{
	static char page[4096];
	long total = 0, r;
	int fds[2];

	EXPECT(sys_pipe2(fds, O_NONBLOCK), 0);
	while ((r = sys_write(fds[1], page, sizeof(page))) > 0)
		total += r;
	EXPECT(r, -EAGAIN);
	EXPECT(total, PIPE_BYTES);
	EXPECT(sys_write(fds[1], page, 1), -EAGAIN);
	EXPECT(poll1(fds[1], POLLOUT, 0), 0);
	EXPECT(sys_read(fds[0], page, sizeof(page)), sizeof(page));
	EXPECT(poll1(fds[1], POLLOUT, 0), POLLOUT);
	sys_close(fds[0]);
	sys_close(fds[1]);
}

struct writer {
	int fd;
	int id;
	long errors;
};

/* Records of REC bytes: byte 0 the writer, bytes 1-2 the sequence, the
 * rest the writer again. */
static int writer_fn(void *arg)
{
	struct writer *w = arg;
	char rec[REC];

	memset(rec, 'A' + w->id, sizeof(rec));
	for (int i = 0; i < RECS; i++) {
		rec[1] = (char)(i & 0xff);
		rec[2] = (char)(i >> 8);
		if (sys_write(w->fd, rec, sizeof(rec)) != sizeof(rec))
			w->errors++;
	}
	return 0;
}

/* Check one record: whole (one writer's bytes) and in order. */
static bool record_ok(const char *rec, int *next)
{
	int id = rec[0] - 'A', seq;

	if (id < 0 || id >= WRITERS)
		return false;
	for (int i = 3; i < REC; i++)
		if (rec[i] != rec[0])
			return false;
	seq = (uint8_t)rec[1] | (uint8_t)rec[2] << 8;
	if (seq != next[id])
		return false;
	next[id]++;
	return true;
}

static void pipes_writers(void)
{
	static struct writer w[WRITERS];
	static char rec[REC];
	struct tcb *t[WRITERS];
	int fds[2], next[WRITERS] = { 0 }, bad = 0, recs = 0;
	size_t have = 0;
	long r;

	EXPECT(sys_pipe2(fds, 0), 0);
	for (int i = 0; i < WRITERS; i++) {
		w[i] = (struct writer){ .fd = fds[1], .id = i };
		EXPECT_TRUE(thread_create(&t[i], writer_fn, &w[i], 0) >= 0);
	}
	/* Odd-sized reads, so records straddle them. */
	while (recs < WRITERS * RECS &&
	       (r = sys_read(fds[0], rec + have, MIN(REC - have, 777))) > 0) {
		have += (size_t)r;
		if (have < REC)
			continue;
		bad += !record_ok(rec, next);
		recs++;
		have = 0;
	}
	for (int i = 0; i < WRITERS; i++) {
		thread_join(t[i], NULL);
		EXPECT(w[i].errors, 0);
		EXPECT(next[i], RECS);
	}
	EXPECT(recs, WRITERS * RECS);
	EXPECT(bad, 0);
	sys_close(fds[1]);
	EXPECT(sys_read(fds[0], rec, 1), 0);
	sys_close(fds[0]);
}

static int late_writer(void *arg)
{
	sys_write(*(int *)arg, "x", 1);
	return 0;
}

static void poll_pipes(void)
{
	int fds[2];
	struct tcb *t;
	uint64_t t0;

	EXPECT(sys_pipe2(fds, 0), 0);
	EXPECT(poll1(fds[0], POLLIN, 0), 0);
	EXPECT(poll1(fds[1], POLLOUT, 0), POLLOUT);
	EXPECT(poll1(fds[1], POLLIN | POLLOUT | POLLWRNORM, 0),
	       POLLOUT | POLLWRNORM);
	t0 = now_ms();
	EXPECT(poll1(fds[0], POLLIN, 50), 0);
	/* Never shorter than asked; the slack is for an emulator whose
	 * timer ticks and clock drift apart. */
	EXPECT_TRUE(now_ms() - t0 >= 40);
	/* A sleeper woken by a thread's write. */
	EXPECT_TRUE(thread_create(&t, late_writer, &fds[1], 0) >= 0);
	EXPECT(poll1(fds[0], POLLIN, -1), POLLIN);
	thread_join(t, NULL);
	EXPECT(poll1(fds[0], POLLIN | POLLRDNORM, 0), POLLIN | POLLRDNORM);
	EXPECT(sys_close(fds[1]), 0);
	/* Data and no writer: both; then only the hangup. */
	EXPECT(poll1(fds[0], POLLIN, 0), POLLIN | POLLHUP);
	EXPECT(sys_read(fds[0], &t0, 1), 1);
	EXPECT(poll1(fds[0], POLLIN, 0), POLLHUP);
	EXPECT(poll1(fds[0], 0, 0), POLLHUP);	/* reported unasked */
	sys_close(fds[0]);

	EXPECT(sys_pipe2(fds, 0), 0);
	sys_close(fds[0]);
	EXPECT(poll1(fds[1], POLLOUT, 0), POLLOUT | POLLERR);
	sys_close(fds[1]);
	EXPECT(poll1(fds[1], POLLIN, 0), POLLNVAL);
	EXPECT(poll1(-1, POLLIN, 0), 0);	/* ignored */
}

static void poll_files(void)
{
	struct pollfd p[3];
	long null = sys_open("/dev/null", O_RDWR, 0);
	long reg = sys_open("/proc/self/status", O_RDONLY, 0);
	long efd = sys_eventfd2(0, EFD_NONBLOCK);
	uint64_t one = 1;

	EXPECT_TRUE(null >= 0 && reg >= 0 && efd >= 0);
	p[0] = (struct pollfd){ (int)null, POLLIN | POLLOUT, 0 };
	p[1] = (struct pollfd){ (int)reg, POLLIN | POLLOUT, 0 };
	p[2] = (struct pollfd){ (int)efd, POLLIN | POLLOUT, 0 };
	EXPECT(sys_poll(p, 3, 0), 3);
	EXPECT(p[0].revents, POLLIN | POLLOUT);
	EXPECT(p[1].revents, POLLIN | POLLOUT);
	EXPECT(p[2].revents, POLLOUT);		/* count 0: no POLLIN */
	EXPECT(sys_write((int)efd, &one, 8), 8);
	EXPECT(poll1((int)efd, POLLIN, 0), POLLIN);
	EXPECT(sys_poll(p, 100000000, 0), -EINVAL);	/* past any limit */
	EXPECT(sys_poll((struct pollfd *)8, 1, 0), -EFAULT);
	sys_close((int)null);
	sys_close((int)reg);
	sys_close((int)efd);
}

static void poll_timeouts(void)
{
	struct timespec_k ts = { 0, 20000000 }, tv = { 0, 10000 };
	uint64_t fdsets[3][1] = { { 0 } };
	struct { const uint64_t *mask; size_t size; } sig;
	uint64_t mask = 0;
	struct pollfd p;
	int fds[2];

	EXPECT(sys_pipe2(fds, 0), 0);
	p = (struct pollfd){ fds[0], POLLIN, 0 };
	EXPECT(syscall5(NR_ppoll, (long)&p, 1, (long)&ts, 0, 8), 0);
	EXPECT(ts.sec, 0);			/* the time left: none */
	EXPECT(ts.nsec, 0);
	EXPECT(syscall5(NR_ppoll, (long)&p, 1, 0, (long)&mask, 4), -EINVAL);
	ts = (struct timespec_k){ 0, 1000000000 };
	EXPECT(syscall5(NR_ppoll, (long)&p, 1, (long)&ts, 0, 8), -EINVAL);

	/* select: the read set of an empty pipe times out, tv goes to 0. */
	fdsets[0][0] = 1ULL << fds[0];
	EXPECT(syscall5(NR_select, fds[0] + 1, (long)fdsets[0], 0, 0,
			(long)&tv), 0);
	EXPECT(fdsets[0][0], 0);
	EXPECT(tv.sec * 1000000 + tv.nsec, 0);
	EXPECT(sys_write(fds[1], "x", 1), 1);
	fdsets[0][0] = 1ULL << fds[0];
	fdsets[1][0] = 1ULL << fds[1];
	EXPECT(syscall5(NR_select, fds[1] + 1, (long)fdsets[0],
			(long)fdsets[1], 0, 0), 2);
	EXPECT(fdsets[0][0], 1ULL << fds[0]);
	EXPECT(fdsets[1][0], 1ULL << fds[1]);
	fdsets[0][0] = 1ULL << 60;		/* not open */
	EXPECT(syscall5(NR_select, 61, (long)fdsets[0], 0, 0, 0), -EBADF);
	EXPECT(syscall5(NR_select, -1, 0, 0, 0, 0), -EINVAL);

	/* pselect6 with a signal mask: ready at once. */
	sig.mask = &mask;
	sig.size = 8;
	ts = (struct timespec_k){ 1, 0 };
	fdsets[0][0] = 1ULL << fds[0];
	EXPECT(syscall6(NR_pselect6, fds[0] + 1, (long)fdsets[0], 0, 0,
			(long)&ts, (long)&sig), 1);
	sig.size = 4;
	EXPECT(syscall6(NR_pselect6, fds[0] + 1, (long)fdsets[0], 0, 0,
			(long)&ts, (long)&sig), -EINVAL);
	sys_close(fds[0]);
	sys_close(fds[1]);
}

/* The device at @path: a character device @major:@minor. */
static void device_is(const char *path, unsigned int major,
		      unsigned int minor)
{
	struct stat st;

	EXPECT(sys_stat(path, &st), 0);
	EXPECT(st.st_mode & S_IFMT, S_IFCHR);
	EXPECT(st.st_rdev, (major << 8) | minor);
}

static void devices(void)
{
	static char buf[256];
	struct termios tio;
	long fd;

	device_is("/dev/null", 1, 3);
	device_is("/dev/zero", 1, 5);
	device_is("/dev/full", 1, 7);
	device_is("/dev/random", 1, 8);
	device_is("/dev/urandom", 1, 9);
	device_is("/dev/kmsg", 1, 11);
	device_is("/dev/tty", 5, 0);

	fd = sys_open("/dev/null", O_RDWR, 0);
	EXPECT(sys_read((int)fd, buf, sizeof(buf)), 0);
	EXPECT(sys_write((int)fd, buf, sizeof(buf)), sizeof(buf));
	EXPECT(sys_ioctl((int)fd, TCGETS, &tio), -ENOTTY);
	sys_close((int)fd);

	fd = sys_open("/dev/zero", O_RDWR, 0);
	memset(buf, 1, sizeof(buf));
	EXPECT(sys_read((int)fd, buf, sizeof(buf)), sizeof(buf));
	EXPECT(buf[0] | buf[100] | buf[255], 0);
	EXPECT(sys_write((int)fd, buf, 10), 10);
	sys_close((int)fd);

	fd = sys_open("/dev/full", O_RDWR, 0);
	EXPECT(sys_write((int)fd, buf, 10), -ENOSPC);
	buf[7] = 1;
	EXPECT(sys_read((int)fd, buf, 8), 8);
	EXPECT(buf[7], 0);
	sys_close((int)fd);

	fd = sys_open("/dev/urandom", O_RDONLY, 0);
	memset(buf, 0, sizeof(buf));
	EXPECT(sys_read((int)fd, buf, 64), 64);
	EXPECT_TRUE(memcmp(buf, buf + 64, 64) != 0);	/* not all zero */
	sys_close((int)fd);
}

#define WUNTRACED	2
#define RESTART_WAIT_MS	10000	/* bounds the wait for the child's read */

/* The state letter of /proc/@pid/stat (after the comm's last ')'), or
 * 0 when unreadable. */
static char proc_state(long pid)
{
	char path[40], buf[256], *p;
	long fd, n;

	snprintf(path, sizeof(path), "/proc/%ld/stat", pid);
	fd = sys_open(path, O_RDONLY, 0);
	n = fd < 0 ? -1 : sys_read((int)fd, buf, sizeof(buf) - 1);
	if (fd >= 0)
		sys_close((int)fd);
	if (n <= 0)
		return 0;
	buf[n] = 0;
	for (p = buf + n; p > buf && *p != ')'; p--)
		;
	return p > buf && p[1] == ' ' ? p[2] : 0;
}

/* A child asleep in read() of an empty pipe: SIGSTOP (reported to
 * wait4 with WUNTRACED), SIGCONT, then one byte written: the read,
 * interrupted by the stop, is made again and returns it. */
static void pipes_restart(void)
{
	uint64_t end = now_ms() + RESTART_WAIT_MS;
	int fds[2], status = -1;
	long pid;
	char c;

	EXPECT(sys_pipe2(fds, 0), 0);
	pid = sys_fork();
	if (pid == 0) {
		long n = sys_read(fds[0], &c, 1);

		sys_exit_group(n == 1 && c == 'x' ? 0 : n < 0 ? (int)-n : 99);
	}
	EXPECT(pid > 0, 1);
	if (pid <= 0)
		return;
	while (proc_state(pid) != 'S' && now_ms() < end)
		sys_sched_yield();
	EXPECT(proc_state(pid), 'S');
	EXPECT(sys_kill((int)pid, SIGSTOP), 0);
	EXPECT(sys_wait4((int)pid, &status, WUNTRACED, NULL), pid);
	EXPECT(status, 0x137f);			/* stopped by SIGSTOP */
	EXPECT(sys_kill((int)pid, SIGCONT), 0);
	EXPECT(sys_write(fds[1], "x", 1), 1);
	EXPECT(sys_wait4((int)pid, &status, 0, NULL), pid);
	EXPECT(status, 0);		/* 4 << 8: the read got -EINTR */
	sys_close(fds[0]);
	sys_close(fds[1]);
}

static void iov(void)
{
	char a[3] = "abc", b[5] = "defgh", x[4], y[8];
	struct iovec out[3] = { { a, 3 }, { NULL, 0 }, { b, 5 } };
	struct iovec in[2] = { { x, 4 }, { y, 8 } };
	int fds[2];

	EXPECT(sys_pipe2(fds, 0), 0);
	EXPECT(syscall3(NR_writev, fds[1], (long)out, 3), 8);
	EXPECT(syscall3(NR_readv, fds[0], (long)in, 2), 8);
	EXPECT(memcmp(x, "abcd", 4), 0);
	EXPECT(memcmp(y, "efgh", 4), 0);
	EXPECT(syscall3(NR_writev, fds[1], (long)out, -1), -EINVAL);
	EXPECT(syscall3(NR_writev, fds[1], (long)out, 1025), -EINVAL);
	sys_close(fds[0]);
	sys_close(fds[1]);
}

/* A write with no reader: SIGPIPE's default action ends the process. */
static int sigpipe(void)
{
	int fds[2];
	long r;

	if (sys_pipe2(fds, 0))
		return 2;
	sys_close(fds[0]);
	r = sys_write(fds[1], "x", 1);
	printf("pipetest: sigpipe survived write=%ld\n", r);
	return 1;
}

/* fd 0 is oomlab's console: a terminal with Linux's first settings. */
static void tty(void)
{
	struct termios tio, raw;
	struct winsize ws, big = { 30, 100, 0, 0 };
	unsigned int n = 7;
	int pgrp = -1, me = (int)sys_getpid(), bad = -1;
	struct stat st;

	EXPECT(sys_fstat(0, &st), 0);
	EXPECT(st.st_rdev, (5 << 8) | 1);
	EXPECT(sys_ioctl(0, TCGETS, &tio), 0);
	EXPECT(tio.lflag & (ICANON | ECHO), ICANON | ECHO);
	EXPECT(tio.cc[VERASE], 0177);
	raw = tio;
	raw.lflag &= ~(uint32_t)(ICANON | ECHO);
	EXPECT(sys_ioctl(0, TCSETS, &raw), 0);
	EXPECT(sys_ioctl(0, TCGETS, &raw), 0);
	EXPECT(raw.lflag & (ICANON | ECHO), 0);
	EXPECT(sys_ioctl(0, TCSETS, &tio), 0);
	EXPECT(sys_ioctl(0, TIOCGWINSZ, &ws), 0);
	EXPECT(ws.row, 25);
	EXPECT(ws.col, 80);
	EXPECT(sys_ioctl(0, TIOCSWINSZ, &big), 0);
	EXPECT(sys_ioctl(0, TIOCGWINSZ, &ws), 0);
	EXPECT(ws.col, 100);
	ws = (struct winsize){ 25, 80, 0, 0 };
	EXPECT(sys_ioctl(0, TIOCSWINSZ, &ws), 0);
	EXPECT(sys_ioctl(0, TIOCSPGRP, &me), 0);
	EXPECT(sys_ioctl(0, TIOCGPGRP, &pgrp), 0);
	EXPECT(pgrp, me);
	EXPECT(sys_ioctl(0, TIOCSPGRP, &bad), -EINVAL);
	EXPECT(sys_ioctl(0, TCGETS, (void *)8), -EFAULT);
	EXPECT(sys_ioctl(0, 0x5499, NULL), -ENOTTY);
	EXPECT(sys_ioctl(0, FIONREAD, &n), 0);
	EXPECT(n, 0);
	EXPECT(sys_read(0, &n, 1), 0);		/* no input: EOF */
	EXPECT(poll1(1, POLLOUT, 0), POLLOUT);
}

static int pollfile(const char *path, uint64_t timeout_ms)
{
	static char buf[1024];
	long fd = sys_open(path, O_RDONLY, 0), n, r;
	struct pollfd p;

	if (fd < 0) {
		printf("pipetest: open %s: %s\n", path, errno_name((int)-fd));
		return 1;
	}
	n = sys_pread64((int)fd, buf, sizeof(buf) - 1, 0);
	p = (struct pollfd){ (int)fd, POLLPRI, 0 };
	printf("pipetest: polling %s bytes=%ld\n", path, n);
	r = sys_poll(&p, 1, (int)timeout_ms);
	n = sys_pread64((int)fd, buf, sizeof(buf) - 1, 0);
	buf[n > 0 ? n : 0] = 0;
	for (char *s = buf; *s; s++)
		if (*s == '\n')
			*s = ' ';
	printf("pipetest: pollfile r=%ld revents=0x%x text=%s\n", r,
	       (unsigned int)(unsigned short)p.revents, buf);
	sys_close((int)fd);
	return r == 1 ? 0 : 1;
}

int main(int argc, char **argv, char **envp);

int main(int argc, char **argv, char **envp)
{
	bool do_sigpipe = false, do_tty = false;
	const char *poll_path = NULL;
	uint64_t timeout_ms = 10000;
	const struct arg_opt opts[] = {
		{ "sigpipe", ARG_FLAG, &do_sigpipe, "die of SIGPIPE" },
		{ "tty", ARG_FLAG, &do_tty, "fd 0's terminal ioctls" },
		{ "pollfile", ARG_STR, &poll_path, "poll PATH for POLLPRI" },
		{ "timeout-ms", ARG_U64, &timeout_ms, "--pollfile's bound" },
		{ NULL, 0, NULL, NULL },
	};
	int r = args_parse(argc, argv, opts, "pipes, poll and /dev checks");

	if (r)
		return r == ARGS_HELP ? 0 : 2;
	if (do_sigpipe)
		return sigpipe();
	if (poll_path)
		return pollfile(poll_path, timeout_ms);
	if (do_tty) {
		tty();
	} else {
		pipes_basic();
		pipes_full();
		pipes_writers();
		poll_pipes();
		poll_files();
		poll_timeouts();
		devices();
		iov();
		pipes_restart();
	}
	printf("pipetest: result checks=%lu failed=%lu\n", checks, failed);
	return failed ? 1 : 0;
}
