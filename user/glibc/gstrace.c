// SPDX-License-Identifier: MIT
/*
 * gstrace: a minimal strace, a syscall counter on ptrace(2), built with
 * glibc; every check an expectation Linux 6.1 meets (the native check
 * runs this same binary on the host).
 *
 *   counter  a child asks to be traced (PTRACE_TRACEME), stops itself
 *            with SIGSTOP (a signal-delivery stop: 0x137f), then makes a
 *            fixed run of raw syscalls and exits; the tracer resumes it
 *            with PTRACE_SYSCALL and PTRACE_O_TRACESYSGOOD, counts each
 *            syscall-entry stop (status 0x857f, RAX -ENOSYS there,
 *            orig_rax the number) and reads results at the exit stops
 *            (getpid's pid, write's -EBADF); it peeks a word of the
 *            child's memory, pokes another, turns one getppid into a
 *            getpid with PTRACE_SETREGS, and sees the exit event
 *            (PTRACE_O_TRACEEXIT, GETEVENTMSG) before the exit status
 *            that tells what the child saw
 *   seize    a running child is seized, interrupted (SIGTRAP |
 *            PTRACE_EVENT_STOP << 8, with a siginfo), detached, and runs
 *            on until killed
 *   tracer   a sibling seizes and interrupts a child blocked in read(2),
 *   exit     then exits: the tracee is detached, its read restarts and
 *            sees the tracer's end of the pipe closed, and it reports
 *            on another pipe (read with a bounded poll)
 *   errnos   attaching to itself or to a traced child (EPERM), to no one
 *            (ESRCH), an unknown request (EIO), INTERRUPT after TRACEME
 *            (EIO), CONT to a running tracee (ESRCH)
 *
 * Output: gstrace: counts getpid=G getppid=P write=W exit_group=E other=O
 *         gstrace: FAIL what=W got=V   (per failed check)
 *         gstrace: result checks=N failed=F
 * Exit status: 0 when failed=0, else 1.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>

#define SECRET		0x1122334455667788UL
#define POKED		0x55UL
#define SAW_POKE	1	/* the child's exit code bits */
#define SAW_REWRITE	2
#define EXIT_BASE	0x40

static int checks, failed;
static volatile unsigned long secret = SECRET;
static volatile unsigned long poked;

static void check(int ok, const char *what, long got)
{
	checks++;
	if (!ok) {
		failed++;
		printf("gstrace: FAIL what=%s got=%#lx\n", what, got);
	}
}

/* The traced child's run: what it saw goes into its exit code. */
static void counted_child(void)
{
	long me, code = EXIT_BASE;

	if (ptrace(PTRACE_TRACEME, 0, NULL, NULL))
		syscall(SYS_exit_group, 1);
	me = syscall(SYS_getpid);
	syscall(SYS_kill, me, SIGSTOP);
	syscall(SYS_getpid);
	if (poked == POKED)
		code |= SAW_POKE;
	if (syscall(SYS_getppid) == me)	/* the tracer made it getpid */
		code |= SAW_REWRITE;
	syscall(SYS_getppid);
	syscall(SYS_getppid);
	syscall(SYS_write, -1, "x", 1);
	syscall(SYS_exit_group, code);
}

struct counts {
	int getpid, getppid, write, exit_group, other;
};

static void count(struct counts *c, long nr)
{
	if (nr == SYS_getpid)
		c->getpid++;
	else if (nr == SYS_getppid)
		c->getppid++;
	else if (nr == SYS_write)
		c->write++;
	else if (nr == SYS_exit_group)
		c->exit_group++;
	else
		c->other++;
}

/* At the first syscall entry: peek, poke, siginfo. */
static void first_entry(pid_t pid)
{
	siginfo_t si;
	long v;

	errno = 0;
	v = ptrace(PTRACE_PEEKDATA, pid, (void *)&secret, NULL);
	check(errno == 0 && (unsigned long)v == SECRET, "peekdata", v);
	check(!ptrace(PTRACE_POKEDATA, pid, (void *)&poked, (void *)POKED),
	      "pokedata", errno);
	check(!ptrace(PTRACE_GETSIGINFO, pid, NULL, &si) &&
	      si.si_signo == SIGTRAP && si.si_code == (SIGTRAP | 0x80),
	      "getsiginfo_syscall", si.si_code);
}

/* One syscall stop: count at entry, check results at exit. */
static void syscall_stop(pid_t pid, struct counts *c, int *entries,
			 int *in_call, long *nr)
{
	struct user_regs_struct r;

	if (ptrace(PTRACE_GETREGS, pid, NULL, &r)) {
		check(0, "getregs", errno);
		return;
	}
	if (!*in_call) {
		*nr = (long)r.orig_rax;
		count(c, *nr);
		check((long)r.rax == -ENOSYS, "entry_rax_enosys", (long)r.rax);
		if (++*entries == 1)
			first_entry(pid);
		if (*nr == SYS_getppid && c->getppid == 1) {
			r.orig_rax = SYS_getpid;
			check(!ptrace(PTRACE_SETREGS, pid, NULL, &r),
			      "setregs", errno);
		}
	} else if (*nr == SYS_getpid) {
		check((long)r.rax == pid, "getpid_result", (long)r.rax);
	} else if (*nr == SYS_write) {
		check((long)r.rax == -EBADF, "write_ebadf", (long)r.rax);
	}
	*in_call = !*in_call;
}

/* The exit event, then the end. */
static void exit_event(pid_t pid, int status)
{
	unsigned long msg = 0;
	int want = EXIT_BASE | SAW_POKE | SAW_REWRITE;

	check(status >> 16 == PTRACE_EVENT_EXIT, "exit_event", status);
	check(!ptrace(PTRACE_GETEVENTMSG, pid, NULL, &msg) &&
	      msg == (unsigned long)(want << 8), "eventmsg", (long)msg);
	check(!ptrace(PTRACE_CONT, pid, NULL, NULL), "cont_exit", errno);
	check(waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	      WEXITSTATUS(status) == want, "exit_status", status);
}

static void counter(void)
{
	struct counts c = { 0 };
	int status, entries = 0, in_call = 0;
	long nr = -1;
	pid_t pid = fork();

	if (pid == 0)
		counted_child();
	check(waitpid(pid, &status, 0) == pid && WIFSTOPPED(status) &&
	      WSTOPSIG(status) == SIGSTOP && status >> 16 == 0,
	      "sigstop_stop", status);
	check(ptrace(PTRACE_INTERRUPT, pid, NULL, NULL) == -1 &&
	      errno == EIO, "interrupt_not_seized", errno);
	check(ptrace(PTRACE_ATTACH, pid, NULL, NULL) == -1 && errno == EPERM,
	      "attach_traced", errno);
	check(!ptrace(PTRACE_SETOPTIONS, pid, NULL,
		      (void *)(PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACEEXIT)),
	      "setoptions", errno);
	for (;;) {
		if (ptrace(PTRACE_SYSCALL, pid, NULL, NULL) ||
		    waitpid(pid, &status, 0) != pid || !WIFSTOPPED(status)) {
			check(0, "syscall_loop", status);
			return;
		}
		if (status >> 8 == (SIGTRAP | PTRACE_EVENT_EXIT << 8))
			break;
		check(WSTOPSIG(status) == (SIGTRAP | 0x80), "sysgood", status);
		syscall_stop(pid, &c, &entries, &in_call, &nr);
	}
	printf("gstrace: counts getpid=%d getppid=%d write=%d exit_group=%d "
	       "other=%d\n", c.getpid, c.getppid, c.write, c.exit_group,
	       c.other);
	exit_event(pid, status);
}

static void seize(void)
{
	siginfo_t si;
	int status;
	pid_t pid = fork();

	if (pid == 0)
		for (;;)
			pause();
	check(!ptrace(PTRACE_SEIZE, pid, NULL, NULL), "seize", errno);
	check(ptrace(PTRACE_CONT, pid, NULL, NULL) == -1 && errno == ESRCH,
	      "cont_running", errno);
	check(!ptrace(PTRACE_INTERRUPT, pid, NULL, NULL), "interrupt", errno);
	check(waitpid(pid, &status, 0) == pid && WIFSTOPPED(status) &&
	      WSTOPSIG(status) == SIGTRAP &&
	      status >> 16 == PTRACE_EVENT_STOP, "interrupt_stop", status);
	check(!ptrace(PTRACE_GETSIGINFO, pid, NULL, &si) &&
	      si.si_signo == SIGTRAP &&
	      si.si_code == (SIGTRAP | PTRACE_EVENT_STOP << 8),
	      "interrupt_siginfo", si.si_code);
	check(!ptrace(PTRACE_DETACH, pid, NULL, NULL), "detach", errno);
	check(waitpid(pid, &status, WNOHANG) == 0, "runs_after_detach",
	      status);
	kill(pid, SIGKILL);
	check(waitpid(pid, &status, 0) == pid && WIFSIGNALED(status) &&
	      WTERMSIG(status) == SIGKILL, "killed", status);
}

/* The tracee: block until the tracer's end of @alive closes, say so. */
static void outlive(int alive, int fd)
{
	ssize_t n;
	char c;

	/* Linux restarts the read after the stop; oomlab's pipes return
	 * EINTR to a signal or trap without a handler (fs/poll.h). */
	while ((n = read(alive, &c, 1)) < 0 && errno == EINTR)
		;
	if (n != 0 || write(fd, "r", 1) != 1)
		_exit(1);
	_exit(0);
}

/* The tracer (a sibling, not the parent): stop @pid, then exit. */
static void dying_tracer(pid_t pid)
{
	int status;

	if (ptrace(PTRACE_SEIZE, pid, NULL, NULL) ||
	    ptrace(PTRACE_INTERRUPT, pid, NULL, NULL) ||
	    waitpid(pid, &status, __WALL) != pid || !WIFSTOPPED(status))
		_exit(1);
	_exit(0);
}

static void tracer_exit(void)
{
	struct pollfd pfd;
	int alive[2], res[2], status;
	pid_t tracee, tracer;
	char c = 0;
	int n;

	if (pipe(alive) || pipe(res)) {
		check(0, "pipe", errno);
		return;
	}
	tracee = fork();
	if (tracee == 0) {
		close(alive[1]);
		outlive(alive[0], res[1]);
	}
	tracer = fork();
	if (tracer == 0)
		dying_tracer(tracee);
	close(alive[0]);
	close(alive[1]);
	close(res[1]);
	check(waitpid(tracer, &status, 0) == tracer && WIFEXITED(status) &&
	      WEXITSTATUS(status) == 0, "tracer_stopped_it", status);
	pfd = (struct pollfd){ .fd = res[0], .events = POLLIN };
	n = poll(&pfd, 1, 20000);
	check(n == 1 && read(res[0], &c, 1) == 1 && c == 'r',
	      "detached_runs", n < 0 ? -errno : c);
	n = waitpid(tracee, &status, 0);
	check(n == tracee && WIFEXITED(status) && WEXITSTATUS(status) == 0,
	      "detached_exits", n < 0 ? -errno : status);
	close(res[0]);
}

static void errnos(void)
{
	check(ptrace(PTRACE_ATTACH, getpid(), NULL, NULL) == -1 &&
	      errno == EPERM, "attach_self", errno);
	check(ptrace(PTRACE_ATTACH, 0x3fffff00, NULL, NULL) == -1 &&
	      errno == ESRCH, "attach_nobody", errno);
	check(ptrace(PTRACE_CONT, 0x3fffff00, NULL, NULL) == -1 &&
	      errno == ESRCH, "cont_nobody", errno);
	check(ptrace(PTRACE_SEIZE, getpid(), (void *)1, NULL) == -1 &&
	      errno == EIO, "seize_addr", errno);
	check(ptrace(0x7777, getpid(), NULL, NULL) == -1 && errno == ESRCH,
	      "unknown_untraced", errno);
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	counter();
	seize();
	tracer_exit();
	errnos();
	printf("gstrace: result checks=%d failed=%d\n", checks, failed);
	return failed ? 1 : 0;
}
