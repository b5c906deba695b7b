// SPDX-License-Identifier: MIT
/*
 * execve(2) and execveat(2) from user programs (user/exectest.c), judged
 * by what the new program prints and how the process ends:
 *   - a program execs another: the second's output and exit code (7)
 *   - argv, envp and the auxv as the new program sees them, its comm
 *   - execveat() by a name under a directory fd, and by the file's fd
 *   - fds: a plain one survives exec, an O_CLOEXEC one is closed
 *   - exec from a second thread: the other thread dies, the pid stays
 *   - each failure (ENOENT, EACCES, ENOTDIR, EFAULT, EINVAL, EBADF,
 *     ENOEXEC, E2BIG) leaves the caller running to report it
 *   - "#!" scripts: a chain through two scripts, six is -ELOOP
 *   - the old address space is released: its memory cgroup's
 *     memory.current drops, the new program's rss is small
 * Every case ends with the process reaped and the counters balanced (the
 * ktest invariants): exec reads its files through the page cache, and
 * the cases write scripts to /tmp, so each case drops both at its end.
 */
#include "fs/namei.h"
#include "fs/oomlab_hold.h"
#include "kernel/cgroup.h"
#include "kernel/ktest.h"
#include "lib/format.h"
#include "mm/memcg.h"
#include "mm/vmscan.h"
#include "tests/kernel/user_run.h"

static struct user_run run;

#define RUN(t, ...) user_run(t, &run, 20000, "/bin/exectest", __VA_ARGS__)

static bool has_line(const char *line)
{
	return user_line(run.out, line) != NULL;
}

/* Log the output of a failed case; drop what exectest left in /tmp and
 * the page cache. */
static void log_out(struct ktest *t)
{
	static const char *const files[] = {
		"noexec", "junk", "badelf", "nointerp", "missing", "s1", "s2",
		"s3", "s4", "s5", "s6",
	};
	char path[48];

	if (ktest_failed(t))
		ktest_log(t, "status %#x output:\n%s", run.status, run.out);
	for (size_t i = 0; i < ARRAY_SIZE(files); i++) {
		snprintf(path, sizeof(path), "/tmp/exectest-%s", files[i]);
		vfs_unlink(vfs_root(), path);	/* -ENOENT: not made here */
	}
	vmscan_drop_caches();
}

/* exec "show": the second program's lines and exit code 7, argv as given. */
static void sys_exec_replaces_image(struct ktest *t)
{
	RUN(t, "exec", "/bin/exectest", "show", "a b", "c", NULL);
	KTEST_EXPECT(t, user_exited(&run, 7));
	KTEST_EXPECT(t, has_line("exectest: argc=4"));
	KTEST_EXPECT(t, has_line("exectest: argv[0]=/bin/exectest"));
	KTEST_EXPECT(t, has_line("exectest: argv[2]=a b"));
	KTEST_EXPECT(t, has_line("exectest: argv[3]=c"));
	KTEST_EXPECT(t, has_line("exectest: envp[0]=OOMLAB=1"));
	KTEST_EXPECT(t, has_line("exectest: auxv AT_PAGESZ=4096"));
	KTEST_EXPECT(t, has_line("exectest: auxv AT_CLKTCK=100"));
	KTEST_EXPECT(t, has_line("exectest: auxv AT_PHENT=56"));
	KTEST_EXPECT(t, has_line("exectest: auxv AT_PHDR set=1"));
	KTEST_EXPECT(t, has_line("exectest: auxv AT_SECURE=0"));
	KTEST_EXPECT(t, has_line("exectest: auxv AT_RANDOM above sp=1"));
	KTEST_EXPECT(t, has_line("exectest: auxv AT_PLATFORM=x86_64"));
	KTEST_EXPECT(t,
			  has_line("exectest: auxv AT_EXECFN=/bin/exectest"));
	KTEST_EXPECT(t, has_line("exectest: comm=exectest"));
	KTEST_EXPECT(t, has_line("exectest: pid==tid 1"));
	log_out(t);
}

/*
 * execveat(): "exectest" under a /bin fd, and the file's own fd with
 * AT_EMPTY_PATH. AT_EXECFN and the comm come from the "/dev/fd/N" name
 * Linux makes up (so the comm of an fd exec is the fd's number).
 */
static void sys_exec_execveat(struct ktest *t)
{
	static const char *const errors[] = {
		"exectest: errno at_empty_no_flag=2",
		"exectest: errno at_file_as_dir=20",
		"exectest: errno at_missing=2",
	};

	RUN(t, "at", "dir", NULL);
	KTEST_EXPECT(t, user_exited(&run, 7));
	for (size_t i = 0; i < ARRAY_SIZE(errors); i++)
		KTEST_EXPECT(t, has_line(errors[i]));
	KTEST_EXPECT(t, has_line("exectest: argv[2]=dir"));
	KTEST_EXPECT(t,
		     has_line("exectest: auxv AT_EXECFN=/dev/fd/3/exectest"));
	KTEST_EXPECT(t, has_line("exectest: comm=exectest"));
	log_out(t);
	RUN(t, "at", "fd", NULL);
	KTEST_EXPECT(t, user_exited(&run, 7));
	KTEST_EXPECT(t, has_line("exectest: argv[2]=fd"));
	KTEST_EXPECT(t, has_line("exectest: auxv AT_EXECFN=/dev/fd/4"));
	KTEST_EXPECT(t, has_line("exectest: comm=4"));
	log_out(t);
}

static void sys_exec_cloexec(struct ktest *t)
{
	RUN(t, "cloexec", NULL);
	KTEST_EXPECT(t, user_exited(&run, 0));
	/* F_GETFD: 0 for the plain fd; the O_CLOEXEC one is gone. */
	KTEST_EXPECT(t, has_line("exectest: fd3=0 fd4=-9"));
	log_out(t);
}

/* The exec'ing thread outlives the main one and takes the pid. */
static void sys_exec_from_thread(struct ktest *t)
{
	RUN(t, "thread", NULL);
	KTEST_EXPECT(t, user_exited(&run, 7));
	KTEST_EXPECT(t, has_line("exectest: argv[2]=from-thread"));
	KTEST_EXPECT(t, has_line("exectest: pid==tid 1"));
	log_out(t);
}

static void sys_exec_errors(struct ktest *t)
{
	static const char *const want[] = {
		"enoent=2", "eacces_dir=13", "enotdir=20", "efault_path=14",
		"efault_argv=14", "efault_string=14",
		"efault_before_enoent=14", "empty_path=2", "einval_flags=22",
		"ebadf=9", "eacces_mode=13", "enoexec=8", "enoexec_elf=8",
	};
	char line[64];

	RUN(t, "errors", NULL);
	KTEST_EXPECT(t, user_exited(&run, 0));
	KTEST_EXPECT(t, has_line("exectest: errors done"));
	for (size_t i = 0; i < ARRAY_SIZE(want); i++) {
		snprintf(line, sizeof(line), "exectest: errno %s", want[i]);
		if (!has_line(line))
			ktest_fail_at(t, __FILE__, __LINE__, "missing \"%s\"",
				      line);
	}
	log_out(t);
}

/* Too long a string, too much in all: -E2BIG; then 128 KiB works. */
static void sys_exec_e2big(struct ktest *t)
{
	RUN(t, "e2big", NULL);
	KTEST_EXPECT(t, has_line("exectest: errno e2big_string=7"));
	KTEST_EXPECT(t, has_line("exectest: errno e2big_total=7"));
	KTEST_EXPECT(t, user_exited(&run, 7));
	KTEST_EXPECT(t, has_line("exectest: argc=3"));
	log_out(t);
}

/*
 * /tmp/exectest-s2 -> /tmp/exectest-s1 -> exectest: argv becomes
 * {exectest, "show  two words", s1, s2, "arg"}; a chain of six scripts
 * is -ELOOP, "#!" alone -ENOEXEC, a missing interpreter -ENOENT.
 */
static void sys_exec_scripts(struct ktest *t)
{
	RUN(t, "scripts", NULL);
	KTEST_EXPECT(t, has_line("exectest: errno eloop=40"));
	KTEST_EXPECT(t, has_line("exectest: errno enoexec_script=8"));
	KTEST_EXPECT(t, has_line("exectest: errno enoent_interp=2"));
	KTEST_EXPECT(t, user_exited(&run, 7));
	KTEST_EXPECT(t, has_line("exectest: argv[0]=/bin/exectest"));
	KTEST_EXPECT(t, has_line("exectest: argv[1]=show  two words"));
	KTEST_EXPECT(t, has_line("exectest: argv[2]=/tmp/exectest-s1"));
	KTEST_EXPECT(t, has_line("exectest: argv[3]=/tmp/exectest-s2"));
	KTEST_EXPECT(t, has_line("exectest: argv[4]=arg"));
	log_out(t);
}

/* The memory cgroup exectest runs in: the spawner's, so this thread
 * moves there for the spawn (as a shell moves itself before a fork). */
static struct cgroup *exec_cg;

static int spawn_in_group(struct ktest *t, const char *const *argv)
{
	int r;

	if (!KTEST_EXPECT_EQ(t, cgroup_create(&cgroup_root, "exectest",
					      &exec_cg), 0))
		return -1;
	cgroup_attach_kthread(current, exec_cg);
	r = user_start(t, &run, argv);
	cgroup_attach_kthread(current, &cgroup_root);
	return r;
}

/* What /proc shows of the program exec started: exe and cmdline. */
static void check_record(struct ktest *t)
{
	struct process *p = process_get_by_pid(run.pid, PROCESS_ALIVE);
	char buf[64];

	if (!KTEST_EXPECT_NOT_NULL(t, p))
		return;
	KTEST_EXPECT_EQ(t, process_exe_path(p, buf, sizeof(buf)), 13);
	KTEST_EXPECT_STREQ(t, buf, "/bin/exectest");
	KTEST_EXPECT_EQ(t, exec_cmdline(p, buf, sizeof(buf)), 19);
	KTEST_EXPECT(t, !memcmp(buf, "/bin/exectest\0wait\0", 19));
	KTEST_EXPECT_STREQ(t, p->name, "exectest");
	process_put(p);
}

/*
 * 16 MiB touched, then exec: the group's memory.current drops by the old
 * image's pages once the exec is done, and the new program's rss is a
 * few pages; /proc's exe and cmdline are the new program's.
 *
 *   touch 16 MiB -> "touched" -> held in the kernel   (current: >= 16 MiB)
 *   released -> execve("wait") -> "waiting"            (current: < 1 MiB)
 */
static void sys_exec_frees_old_mm(struct ktest *t)
{
	long held, after;
	u64 rss = ~0ULL;

	if (spawn_in_group(t, (const char *const[]){ "/bin/exectest", "mem",
						     "16", NULL }))
		goto out;
	KTEST_EXPECT(t, user_wait_line(&run, "exectest: touched", 10000));
	KTEST_EXPECT(t, user_wait_state(&run, TASK_UNINTERRUPTIBLE, 10000));
	held = memcg_current(exec_cg->memcg);
	oomlab_hold_release();
	KTEST_EXPECT(t, user_wait_line(&run, "exectest: waiting", 10000));
	after = memcg_current(exec_cg->memcg);
	ktest_log(t, "memory.current %ld -> %ld pages", held, after);
	KTEST_EXPECT_GE(t, held, 16 * 256);
	KTEST_EXPECT_LT(t, after, 256);
	KTEST_EXPECT(t, user_field(run.out, "exectest: waiting", "rss=",
				   &rss));
	KTEST_EXPECT_LT(t, rss, 64);
	check_record(t);
	process_kill_pid(run.pid, SIGKILL);
	user_wait(t, &run, 10000);
out:
	log_out(t);
	if (exec_cg) {
		KTEST_EXPECT_EQ(t, cgroup_remove(exec_cg), 0);
		cgroup_put(exec_cg);	/* cgroup_create()'s reference */
	}
	exec_cg = NULL;
}

KTEST_SUITE(sys_exec,
	    KTEST_CASE(sys_exec_replaces_image),
	    KTEST_CASE(sys_exec_execveat),
	    KTEST_CASE(sys_exec_cloexec),
	    KTEST_CASE(sys_exec_from_thread),
	    KTEST_CASE(sys_exec_errors),
	    KTEST_CASE(sys_exec_e2big),
	    KTEST_CASE(sys_exec_scripts),
	    KTEST_CASE(sys_exec_frees_old_mm));
