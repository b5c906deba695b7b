// SPDX-License-Identifier: MIT
/*
 * exectest: execve(2), execveat(2), "#!" scripts and process groups as a
 * program sees them. Runs unchanged on Linux (tests/user/native_check.py
 * compares the "show" lines). The first argument is the mode:
 *
 *   show [ARG...]     print argc, every argv and envp string, the stable
 *                     auxv entries, the comm and pid == tid; exit 7
 *   exec PATH [ARG...]  execve(PATH, {PATH, ARG...}, environ); on failure
 *                     print "exectest: exec failed errno=E", exit 1
 *   errors            execve's failures, each leaving the caller running:
 *                     "exectest: errno NAME=E" lines, then "errors done"
 *   e2big             an argument of MAX_ARG_STRLEN bytes, and 2 MiB of
 *                     arguments in all: both -E2BIG; then 131071 bytes
 *                     work ("e2big done" first)
 *   cloexec           fds 3 (plain) and 4 (O_CLOEXEC) open, then exec
 *                     "fds": it prints which are open
 *   fds               "exectest: fd3=R fd4=R" (F_GETFD's result or -errno)
 *   thread            a second thread execs "show" while the main thread
 *                     waits forever: the pid stays, the main thread dies
 *   mem MIB           touch MIB MiB, print "touched rss=N" (pages, from
 *                     /proc/self/stat), open /sys/kernel/oomlab/hold
 *                     (an oomlab test holds it there), exec "wait"
 *   scripts           writes "#!" scripts to /tmp and execs them; see
 *                     script_chain()
 *   chain N           exec /tmp/exectest-sN (a chain of N scripts)
 *   at dir|fd         execveat()'s errors, then /bin/exectest "show" by
 *                     a name under fd 3 (/bin), or by fd 4 (the file)
 *                     with AT_EMPTY_PATH
 *   loop N            exec itself N times (the benchmark): counts down in
 *                     argv, exits 0 at 0
 *   wait [ARG...]     print "exectest: waiting rss=N", sleep until killed
 *   pgrp              setsid/setpgid/getpgid/getsid results and errnos,
 *                     for itself (a group leader) and for a CLONE_VM
 *                     child (not one)
 */
#include "rt/errno.h"
#include "rt/fs.h"
#include "rt/printf.h"
#include "rt/string.h"
#include "rt/sys.h"
#include "rt/thread.h"

#define AT_FDCWD	(-100)
#define AT_EMPTY_PATH	0x1000
#define MAX_ARG_STRLEN	131072
#define SELF		"/bin/exectest"

static char **environ_;

static long sys_execve(const char *path, char *const *argv, char *const *envp)
{
	return syscall3(SYS_execve, (long)path, (long)argv, (long)envp);
}

static long sys_execveat(int fd, const char *path, char *const *argv,
			 char *const *envp, int flags)
{
	return syscall5(SYS_execveat, fd, (long)path, (long)argv, (long)envp,
			flags);
}

/* The auxv entries whose values do not depend on the kernel or the CPU. */
static void show_auxv(char **envp)
{
	static const struct { unsigned long key; const char *name; } keys[] = {
		{ 6, "AT_PAGESZ" }, { 17, "AT_CLKTCK" }, { 4, "AT_PHENT" },
		{ 5, "AT_PHNUM" }, { 9, "AT_ENTRY" }, { 11, "AT_UID" },
		{ 12, "AT_EUID" }, { 13, "AT_GID" }, { 14, "AT_EGID" },
		{ 23, "AT_SECURE" }, { 7, "AT_BASE" }, { 8, "AT_FLAGS" },
	};
	unsigned long *aux;
	char **e = envp;

	while (*e)
		e++;
	for (aux = (unsigned long *)(e + 1); aux[0]; aux += 2) {
		for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
			if (keys[i].key == aux[0])
				printf("exectest: auxv %s=%lu\n", keys[i].name,
				       aux[1]);
		if (aux[0] == 15)
			printf("exectest: auxv AT_PLATFORM=%s\n",
			       (const char *)aux[1]);
		if (aux[0] == 31)
			printf("exectest: auxv AT_EXECFN=%s\n",
			       (const char *)aux[1]);
		if (aux[0] == 25)
			printf("exectest: auxv AT_RANDOM above sp=%d\n",
			       aux[1] > (unsigned long)envp);
		if (aux[0] == 3)
			printf("exectest: auxv AT_PHDR set=%d\n", aux[1] != 0);
	}
}

/* The comm: field 2 of /proc/self/stat, without its parentheses. */
static void show_comm(void)
{
	char buf[512], *open, *close;
	long fd = sys_open("/proc/self/stat", O_RDONLY, 0), n;

	n = fd < 0 ? -1 : sys_read((int)fd, buf, sizeof(buf) - 1);
	sys_close((int)fd);
	if (n <= 0)
		return;
	buf[n] = 0;
	open = strchr(buf, '(');
	for (close = buf + n; close > buf && *close != ')'; close--)
		;
	if (!open || close <= open)
		return;
	*close = 0;
	printf("exectest: comm=%s\n", open + 1);
}

static int show(int argc, char **argv, char **envp)
{
	printf("exectest: argc=%d\n", argc);
	for (int i = 0; i < argc; i++)
		printf("exectest: argv[%d]=%s\n", i, argv[i]);
	for (int i = 0; envp[i]; i++)
		printf("exectest: envp[%d]=%s\n", i, envp[i]);
	show_auxv(envp);
	show_comm();
	printf("exectest: pid==tid %d\n", sys_getpid() == sys_gettid());
	return 7;
}

static int do_exec(int argc, char **argv)
{
	long r = sys_execve(argv[0], argv, environ_);

	printf("exectest: exec failed errno=%ld\n", -r);
	return 1;
}

static void report(const char *name, long r)
{
	printf("exectest: errno %s=%ld\n", name, r < 0 ? -r : 0);
}

static int errors(void)
{
	char *argv[] = { "x", NULL };
	char *bad_argv[] = { "x", (char *)8, NULL };
	int fd;

	report("enoent", sys_execve("/bin/nonexistent", argv, environ_));
	report("eacces_dir", sys_execve("/bin", argv, environ_));
	report("enotdir", sys_execve(SELF "/x", argv, environ_));
	report("efault_path", sys_execve((char *)8, argv, environ_));
	report("efault_argv", sys_execve(SELF, (char **)8, environ_));
	report("efault_string", sys_execve(SELF, bad_argv, environ_));
	report("efault_before_enoent",
	       sys_execve("/bin/nonexistent", bad_argv, environ_));
	report("empty_path", sys_execve("", argv, environ_));
	report("einval_flags",
	       sys_execveat(AT_FDCWD, SELF, argv, environ_, 0x4));
	report("ebadf", sys_execveat(99, "x", argv, environ_, 0));
	fd = (int)sys_open("/tmp/exectest-noexec", O_CREAT | O_WRONLY, 0644);
	sys_write(fd, "\177ELF", 4);
	sys_close(fd);
	report("eacces_mode",
	       sys_execve("/tmp/exectest-noexec", argv, environ_));
	fd = (int)sys_open("/tmp/exectest-junk", O_CREAT | O_WRONLY, 0755);
	sys_write(fd, "junk, not a program\n", 20);
	sys_close(fd);
	report("enoexec", sys_execve("/tmp/exectest-junk", argv, environ_));
	fd = (int)sys_open("/tmp/exectest-badelf", O_CREAT | O_WRONLY, 0755);
	sys_write(fd, "\177ELF\002\001\001", 7);
	sys_close(fd);
	report("enoexec_elf",
	       sys_execve("/tmp/exectest-badelf", argv, environ_));
	printf("exectest: errors done\n");
	return 0;
}

static char big[2 * MAX_ARG_STRLEN + 16];

static int e2big(void)
{
	char *argv[24] = { "x", big, NULL };
	char *one[] = { "x", big, NULL };
	long r;

	memset(big, 'a', MAX_ARG_STRLEN);	/* with its NUL: one too many */
	report("e2big_string", sys_execve(SELF, one, environ_));
	big[MAX_ARG_STRLEN - 1] = 0;		/* 131071 + NUL: fits */
	for (int i = 1; i < 17; i++)		/* 16 x 128 KiB: > 2 MiB */
		argv[i] = big;
	argv[17] = NULL;
	report("e2big_total", sys_execve(SELF, argv, environ_));
	printf("exectest: e2big done\n");
	one[0] = SELF;
	one[1] = "show";
	argv[0] = SELF;
	argv[1] = "show";
	argv[2] = big;
	argv[3] = NULL;
	r = sys_execve(SELF, argv, environ_);
	printf("exectest: exec failed errno=%ld\n", -r);
	return 1;
}

static int cloexec(void)
{
	char *argv[] = { SELF, "fds", NULL };
	long a = sys_open("/proc/self/status", O_RDONLY, 0);
	long b = sys_open("/proc/self/status", O_RDONLY | O_CLOEXEC, 0);

	if (a != 3 || b != 4) {
		printf("exectest: fds %ld %ld, not 3 4\n", a, b);
		return 1;
	}
	return do_exec(2, argv);
}

static int fds(void)
{
	printf("exectest: fd3=%ld fd4=%ld\n", sys_fcntl(3, 1 /* F_GETFD */, 0),
	       sys_fcntl(4, 1, 0));
	return 0;
}

static int exec_show_thread(void *arg)
{
	char *argv[] = { SELF, "show", "from-thread", NULL };

	(void)arg;
	sys_execve(SELF, argv, environ_);
	printf("exectest: thread exec failed\n");
	sys_exit_group(1);
}

/* Sleep until killed. */
static __attribute__((noreturn)) void wait_forever(void)
{
	static int never;

	for (;;)
		sys_futex(&never, 0 /* FUTEX_WAIT */, 0, NULL, NULL, 0);
}

static int thread(void)
{
	struct tcb *t;

	printf("exectest: thread pid=%ld\n", sys_getpid());
	if (thread_create(&t, exec_show_thread, NULL, 0) < 0)
		return 1;
	wait_forever();
}

/* Field 24 (rss, pages) of /proc/self/stat. */
static long stat_rss(void)
{
	char buf[512], *p;
	long fd = sys_open("/proc/self/stat", O_RDONLY, 0), n, v = 0;
	int field = 2;

	n = fd < 0 ? -1 : sys_read((int)fd, buf, sizeof(buf) - 1);
	sys_close((int)fd);
	if (n <= 0)
		return -1;
	buf[n] = 0;
	for (p = buf + n; p > buf && *p != ')'; p--)
		;
	for (; *p && field < 24; p++)
		field += *p == ' ';
	while (*p >= '0' && *p <= '9')
		v = v * 10 + *p++ - '0';
	return v;
}

static int mem(const char *mib)
{
	char *argv[] = { SELF, "wait", NULL };
	long n = 0, len;
	char *m;

	while (*mib >= '0' && *mib <= '9')
		n = n * 10 + *mib++ - '0';
	len = n << 20;
	m = (char *)sys_mmap(NULL, len, 3, 0x22 /* PRIVATE|ANON */, -1, 0);
	for (long i = 0; i < len; i += 4096)
		m[i] = 1;
	printf("exectest: touched rss=%ld\n", stat_rss());
	/* Sleeps until a kernel test releases it (a missing file: no wait). */
	sys_open("/sys/kernel/oomlab/hold", O_RDONLY, 0);
	return do_exec(2, argv);
}

/* Write @text to @path as an executable file. */
static void write_script(const char *path, const char *text)
{
	long fd = sys_open(path, O_CREAT | O_WRONLY | O_TRUNC, 0755);

	sys_write((int)fd, text, strlen(text));
	sys_close((int)fd);
}

/*
 * /tmp/exectest-s1 starts exectest in "show" mode with one argument
 * holding a space; each /tmp/exectest-sK (K > 1) has /tmp/exectest-s(K-1)
 * as its interpreter, so running sN goes through N scripts.
 */
static void script_chain(int n)
{
	char path[64], text[96];

	write_script("/tmp/exectest-s1", "#!" SELF "  show  two words \n");
	for (int k = 2; k <= n; k++) {
		snprintf(path, sizeof(path), "/tmp/exectest-s%d", k);
		snprintf(text, sizeof(text), "#!/tmp/exectest-s%d\n", k - 1);
		write_script(path, text);
	}
}

static int scripts(void)
{
	char *argv[] = { "/tmp/exectest-s6", "arg", NULL };

	script_chain(6);
	report("eloop", sys_execve("/tmp/exectest-s6", argv, environ_));
	write_script("/tmp/exectest-nointerp", "#!\n");
	report("enoexec_script",
	       sys_execve("/tmp/exectest-nointerp", argv, environ_));
	write_script("/tmp/exectest-missing", "#!/bin/missing\n");
	report("enoent_interp",
	       sys_execve("/tmp/exectest-missing", argv, environ_));
	printf("exectest: scripts done\n");
	argv[0] = "/tmp/exectest-s2";
	return do_exec(2, argv);
}

/*
 * execveat(): a relative name under a directory fd, then the fd of the
 * file itself (AT_EMPTY_PATH); first their errors.
 */
static int at(const char *how)
{
	char *argv[] = { SELF, "show", (char *)how, NULL };
	long dir = sys_open("/bin", O_RDONLY, 0);
	long file = sys_open(SELF, O_RDONLY, 0);

	if (dir != 3 || file != 4) {
		printf("exectest: fds %ld %ld, not 3 4\n", dir, file);
		return 1;
	}
	report("at_empty_no_flag", sys_execveat(4, "", argv, environ_, 0));
	report("at_file_as_dir",
	       sys_execveat(4, "exectest", argv, environ_, 0));
	report("at_missing", sys_execveat(3, "missing", argv, environ_, 0));
	if (!strcmp(how, "dir"))
		sys_execveat(3, "exectest", argv, environ_, 0);
	else
		sys_execveat(4, "", argv, environ_, AT_EMPTY_PATH);
	printf("exectest: execveat failed\n");
	return 1;
}

static int loop(const char *count)
{
	char num[24], *argv[] = { SELF, "loop", num, NULL };
	long n = 0;

	while (*count >= '0' && *count <= '9')
		n = n * 10 + *count++ - '0';
	if (n <= 0)
		return 0;
	snprintf(num, sizeof(num), "%ld", n - 1);
	return do_exec(3, argv);
}

static long id_call(int nr, long a, long b)
{
	return syscall2(nr, a, b);
}

long thread_clone(unsigned long flags, void *sp, int *ptid, int *ctid,
		  void *tls);

#define CLONE_VM		0x00000100
#define CLONE_CHILD_CLEARTID	0x00200000
#define SIGCHLD			17
#define CHILD_STACK		(4 * 4096)

/* What the clone child found, in the memory it shares with the parent. */
static volatile long child_res[7];

/* A clone child (not a group leader): setsid() and setpgid() that work.
 * Raw system calls only: it shares the parent's TLS. */
static int pgrp_child(void *arg)
{
	long parent_pgid = (long)arg, pid = sys_getpid();

	child_res[0] = id_call(SYS_getsid, 0, 0) == id_call(SYS_getsid,
							     parent_pgid, 0);
	child_res[1] = id_call(SYS_setpgid, 0, 0);		/* 0 */
	child_res[2] = id_call(SYS_getpgrp, 0, 0) == pid;
	child_res[3] = id_call(SYS_setpgid, 0, parent_pgid);	/* 0 again */
	child_res[6] = id_call(SYS_setpgid, 0, 999999);	/* no group: EPERM */
	child_res[4] = id_call(SYS_setsid, 0, 0) == pid;
	child_res[5] = id_call(SYS_setpgid, 0, parent_pgid);	/* -EPERM */
	return 0;
}

/* Run pgrp_child() in a CLONE_VM process and wait (bounded) for it. */
static int pgrp_clone(void)
{
	static char stack[CHILD_STACK] __attribute__((aligned(16)));
	static int ctid = 1;
	struct timespec ts = { .tv_sec = 0, .tv_nsec = 10000000 };
	void **sp = (void **)(stack + CHILD_STACK - 16);
	long r;

	sp[0] = (void *)pgrp_child;
	sp[1] = (void *)id_call(SYS_getpgrp, 0, 0);
	r = thread_clone(CLONE_VM | SIGCHLD | CLONE_CHILD_CLEARTID, sp, NULL,
			 &ctid, NULL);
	if (r < 0)
		return (int)r;
	for (int i = 0; i < 1000 && ctid; i++)
		sys_futex(&ctid, 0 /* FUTEX_WAIT */, 1, &ts, NULL, 0);
	if (ctid)
		return -ETIMEDOUT;
	sys_wait4((int)r, NULL, 0, NULL);	/* reap it: no init does */
	printf("exectest: child same_session=%ld setpgid0=%ld leader=%ld "
	       "rejoin=%ld no_group=%ld setsid=%ld "
	       "setpgid_other_session=%ld\n",
	       child_res[0], -child_res[1], child_res[2], -child_res[3],
	       -child_res[6], child_res[4], -child_res[5]);
	return 0;
}

static int pgrp(void)
{
	long pid = sys_getpid();

	printf("exectest: pgrp leader=%d\n",
	       id_call(SYS_getpgrp, 0, 0) == pid);
	printf("exectest: sid leader=%d\n", id_call(SYS_getsid, 0, 0) == pid);
	printf("exectest: getpgid self=%d\n",
	       id_call(SYS_getpgid, pid, 0) == pid);
	report("setsid_leader", id_call(SYS_setsid, 0, 0));
	report("setpgid_leader", id_call(SYS_setpgid, 0, 0));
	report("setpgid_neg", id_call(SYS_setpgid, 0, -1));
	report("setpgid_other", id_call(SYS_setpgid, 999999, 0));
	report("getpgid_none", id_call(SYS_getpgid, 999999, 0));
	report("getsid_none", id_call(SYS_getsid, 999999, 0));
	report("clone", pgrp_clone());
	printf("exectest: pgrp done\n");
	return 0;
}

int main(int argc, char **argv, char **envp);

int main(int argc, char **argv, char **envp)
{
	const char *mode = argc > 1 ? argv[1] : "";

	environ_ = envp;
	if (!strncmp(mode, "show", 4))	/* "show ..." from a script too */
		return show(argc, argv, envp);
	if (!strcmp(mode, "exec") && argc > 2)
		return do_exec(argc - 2, argv + 2);
	if (!strcmp(mode, "errors"))
		return errors();
	if (!strcmp(mode, "e2big"))
		return e2big();
	if (!strcmp(mode, "cloexec"))
		return cloexec();
	if (!strcmp(mode, "fds"))
		return fds();
	if (!strcmp(mode, "thread"))
		return thread();
	if (!strcmp(mode, "mem") && argc > 2)
		return mem(argv[2]);
	if (!strcmp(mode, "scripts"))
		return scripts();
	if (!strcmp(mode, "at") && argc > 2)
		return at(argv[2]);
	if (!strcmp(mode, "loop") && argc > 2)
		return loop(argv[2]);
	if (!strcmp(mode, "pgrp"))
		return pgrp();
	if (!strcmp(mode, "wait")) {
		printf("exectest: waiting rss=%ld\n", stat_rss());
		wait_forever();
	}
	printf("exectest: unknown mode\n");
	return 2;
}
