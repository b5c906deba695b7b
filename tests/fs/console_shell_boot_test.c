// SPDX-License-Identifier: MIT
/*
 * busybox's sh (the initramfs's /bin/sh, Debian's busybox-static) on
 * oomlab, and the console's input path: bytes go in through
 * console_receive(), the entry point the serial port's receive thread
 * calls, so what is typed here is what a user types on the serial line.
 *
 *   script   one `sh -c` script with a pipe, redirections both ways, a
 *            command substitution, a background job waited for by pid,
 *            and one killed by job number (`kill %1`): the shell prints
 *            a line for each ("p=A B", "s=sub", "c=r", "w=0", "k=143"),
 *            the same lines busybox sh prints on Linux (what its
 *            children print reaches the log, not the capture: the
 *            substitutions bring it back to the shell);
 *   jobs     a background sleep stopped by SIGTSTP shows "T" in
 *            /proc/<pid>/stat, and SIGCONT lets it finish (exit 0);
 *            another, stopped by SIGSTOP, still dies of SIGKILL (137);
 *   typed    "hello\n" typed on the console, then `sh -c 'read l; echo
 *            got=$l'` reads it: "got=hello";
 *   intr     ^C typed while `sh -c 'sleep 30; echo after'` is the
 *            console's foreground group: the sleep dies of SIGINT and
 *            so does the shell, which caught it and, as on Linux, ends
 *            itself by it once its child is reaped (a sleep left an
 *            orphan is reaped here: without a pid 1 the kernel reaps
 *            orphans by pid).
 *
 * busybox is in the users' ISO's initramfs only (build/oomlab.iso; its
 * first entry runs these with the other boot tests:
 * `tools/oomlab-run.py run --iso build/oomlab.iso`); under the runner's
 * ISO, which has no /bin/busybox, every case skips.
 *
 * Each case leaves the console as the boot tests have it: no input
 * attached (reads are end of file), no foreground group; and drops the
 * page cache busybox was read into (each applet's name is a file of its
 * own), so the page counters balance.
 */
#include "fs/console.h"
#include "fs/tty.h"
#include "kernel/initramfs.h"
#include "kernel/ktest.h"
#include "mm/vmscan.h"
#include "tests/kernel/user_run.h"

#define SH_TIMEOUT_MS	20000	/* generous: TCG on a loaded host */

static struct user_run sh;

#define NEED_BUSYBOX(t)							\
	do {								\
		if (!initramfs_lookup("/bin/busybox"))			\
			KTEST_SKIP(t, "no /bin/busybox: the users' ISO " \
				   "has it");				\
	} while (0)

/* The console as the boot tests have it: EOF on read, nothing typed. */
static void console_reset(void)
{
	struct tty *tty = console_tty_get();
	unsigned long flags;

	tty_attach_input(tty, false);
	flags = spin_lock_irqsave(&tty->lock);
	tty->pgrp = 0;
	tty->edit_len = 0;
	tty->rtail = tty->rhead;
	tty->ends_tail = tty->ends_head;
	spin_unlock_irqrestore(&tty->lock, flags);
	vmscan_drop_caches();
}

static void console_shell_script(struct ktest *t)
{
	static const char script[] =
		"p=$(echo a b | tr a-z A-Z); echo \"p=$p\"; "
		"x=$(echo sub); echo \"s=$x\"; "
		"echo r > /tmp/sh_t; c=$(cat < /tmp/sh_t); echo \"c=$c\"; "
		"rm /tmp/sh_t; "
		"sleep 1 & wait $!; echo \"w=$?\"; "
		"sleep 30 & kill %1; wait %1; echo \"k=$?\"";

	NEED_BUSYBOX(t);

	user_run(t, &sh, SH_TIMEOUT_MS, "/bin/sh", "-c", script, NULL);
	console_reset();
	KTEST_EXPECT(t, user_exited(&sh, 0));
	KTEST_EXPECT_NOT_NULL(t, user_line(sh.out, "p=A B"));
	KTEST_EXPECT_NOT_NULL(t, user_line(sh.out, "s=sub"));
	KTEST_EXPECT_NOT_NULL(t, user_line(sh.out, "c=r"));
	KTEST_EXPECT_NOT_NULL(t, user_line(sh.out, "w=0"));
	KTEST_EXPECT_NOT_NULL(t, user_line(sh.out, "k=143"));
}

/* `stopped PID`: poll (bounded, no sleep) until PID's state is T. */
#define SH_STOPPED							\
	"stopped() { i=0; while [ $i -lt 100000 ] && "			\
	"[ \"$(cut -d' ' -f3 /proc/$1/stat)\" != T ]; do i=$((i+1)); "	\
	"done; cut -d' ' -f3 /proc/$1/stat; }; "

static void console_shell_jobs(struct ktest *t)
{
	static const char script[] = SH_STOPPED
		"sleep 2 & p=$!; kill -TSTP $p; echo \"t=$(stopped $p)\"; "
		"kill -CONT $p; wait $p; echo \"c=$?\"; "
		"sleep 30 & q=$!; kill -STOP $q; echo \"s=$(stopped $q)\"; "
		"kill -KILL $q; wait $q; echo \"k=$?\"";

	NEED_BUSYBOX(t);

	user_run(t, &sh, SH_TIMEOUT_MS, "/bin/sh", "-c", script, NULL);
	console_reset();
	KTEST_EXPECT(t, user_exited(&sh, 0));
	KTEST_EXPECT_NOT_NULL(t, user_line(sh.out, "t=T"));
	KTEST_EXPECT_NOT_NULL(t, user_line(sh.out, "c=0"));
	KTEST_EXPECT_NOT_NULL(t, user_line(sh.out, "s=T"));
	KTEST_EXPECT_NOT_NULL(t, user_line(sh.out, "k=137"));
}

static void console_shell_typed(struct ktest *t)
{
	NEED_BUSYBOX(t);
	console_reset();
	tty_attach_input(console_tty_get(), true);
	console_receive("hello\n", 6);
	user_run(t, &sh, SH_TIMEOUT_MS, "/bin/sh", "-c",
		 "read l; echo \"got=$l\"", NULL);
	console_reset();
	KTEST_EXPECT(t, user_exited(&sh, 0));
	KTEST_EXPECT_NOT_NULL(t, user_line(sh.out, "got=hello"));
}

/* The live processes of group @pgid but its leader, into @pids (at most
 * @max). Return: how many. */
static int group_members(int pgid, int *pids, int max)
{
	struct process *p;
	int n = 0;

	process_list_lock();
	for_each_process(p)
		if (p->pgid == pgid && p->tgid != pgid && n < max)
			pids[n++] = p->tgid;
	process_list_unlock();
	return n;
}

/* Reap what is left of process group @pgid but its leader (the sleep,
 * when the shell died before it could reap it): each must have died of
 * @sig. */
static void reap_group(struct ktest *t, int pgid, int sig)
{
	int pids[8], status;
	int n = group_members(pgid, pids, ARRAY_SIZE(pids));

	for (int i = 0; i < n; i++) {
		if (process_wait_timeout(pids[i], &status,
					 (long)msecs_to_jiffies(SH_TIMEOUT_MS))) {
			KTEST_FAIL(t, "pid %d did not end: killed", pids[i]);
			process_kill_pid(pids[i], SIGKILL);
			process_wait(pids[i], &status);
		}
		KTEST_EXPECT_EQ(t, status, wait_status_signaled(sig));
	}
}

static void console_shell_intr(struct ktest *t)
{
	struct tty *tty = console_tty_get();
	unsigned long flags;
	int sleeper;

	NEED_BUSYBOX(t);

	console_reset();
	tty_attach_input(console_tty_get(), true);
	if (user_start(t, &sh, (const char *const[]){
			       "/bin/sh", "-c", "sleep 30; echo after",
			       NULL }))
		goto out;
	/* ^C before the shell forked the sleep would leave it running:
	 * the shell catches SIGINT and acts on it once its child ends. */
	KTEST_EXPECT(t, ktest_wait_until(t, group_members(sh.pid, &sleeper, 1),
					 SH_TIMEOUT_MS));
	flags = spin_lock_irqsave(&tty->lock);
	tty->pgrp = sh.pid;		/* spawned: its own group */
	spin_unlock_irqrestore(&tty->lock, flags);
	console_receive("\003", 1);
	if (process_wait_timeout(sh.pid, &sh.status,
				 (long)msecs_to_jiffies(SH_TIMEOUT_MS))) {
		KTEST_FAIL(t, "sh did not end: killed");
		process_kill_pid(sh.pid, SIGKILL);
		process_wait(sh.pid, &sh.status);
	}
	KTEST_EXPECT_EQ(t, sh.status, wait_status_signaled(SIGINT));
	reap_group(t, sh.pid, SIGINT);
	ktest_wait_tasks(t, sh.tasks_before, KTEST_WAIT_MS);
	KTEST_EXPECT_NULL(t, user_line(sh.out, "after"));
out:
	console_reset();
}

KTEST_SUITE(console_shell,
	    KTEST_CASE(console_shell_script),
	    KTEST_CASE(console_shell_jobs),
	    KTEST_CASE(console_shell_typed),
	    KTEST_CASE(console_shell_intr));
