// SPDX-License-Identifier: MIT
/*
 * pid 1: with rdinit=PATH on the command line the kernel runs the
 * initramfs program PATH as the first user process, pid 1, on the
 * serial console as its terminal, instead of the boot tests (as Linux
 * runs rdinit=, "/init" by default, from an initramfs). Without it
 * nothing here happens and the boot tests run, as they always did.
 *
 * What Linux gives the global init, and this does:
 *   - pid 1 (kernel threads take 2 and up: task.c keeps 1 for it);
 *   - a "#!" script as PATH runs under its interpreter, as execve() does;
 *   - environment HOME=/ and TERM=linux (Linux's envp_init[]);
 *   - SIGNAL_UNKILLABLE: a signal whose action is the default is dropped
 *     when it is sent, SIGKILL and SIGSTOP from user space included
 *     (Linux's sig_task_ignored()); only a handler it installed runs;
 *   - the OOM killer never picks it (oom_unkillable_task()'s
 *     is_global_init());
 *   - orphans are reparented to it (find_child_reaper()), and it reaps
 *     them with wait4();
 *   - its end is a panic, "Attempted to kill init! exitcode=0x...".
 *
 * Locking: [I] set before pid 1's first thread runs; [a] claim_pending.
 */
#include "drivers/uart16550.h"
#include "fs/console.h"
#include "kernel/binfmt_script.h"
#include "kernel/cmdline.h"
#include "kernel/exec.h"
#include "kernel/initramfs.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/process.h"
#include "kernel/process_init.h"
#include "lib/errno.h"
#include "lib/string.h"

#define INIT_ARGS	4	/* interpreter, its argument, script, NULL */

static char rdinit[128];
KPARAM_STRING(rdinit, "rdinit", rdinit,
	      "run this initramfs program as pid 1 instead of the boot tests");

static struct process *init_process;	/* [I] NULL: none runs */
static bool claim_pending;		/* [a] the next process is pid 1 */

/**
 * process_init_wanted - did the command line ask for a pid 1?
 *
 * Context: any, after cmdline_parse().
 * Return: true with rdinit= given.
 */
bool process_init_wanted(void)
{
	return rdinit[0] != 0;
}

/**
 * process_init_claim - is @p, whose first thread is being made, pid 1?
 * @p: a process with no tgid yet
 *
 * Context: process_lock held (process_thread_create()).
 * Return: true once, for the process process_init_run() spawns.
 */
bool process_init_claim(struct process *p)
{
	if (!__atomic_exchange_n(&claim_pending, false, __ATOMIC_RELAXED))
		return false;
	init_process = p;
	return true;
}

/**
 * process_is_init - is @p the global init (Linux's is_global_init())?
 * @p: a process
 *
 * Context: any.
 * Return: true for pid 1 while it runs.
 */
bool process_is_init(const struct process *p)
{
	return p && p == init_process;
}

/**
 * process_init_reaper - who adopts the children of @dying.
 * @dying: a process whose last thread is gone
 *
 * Context: process_list_lock() held.
 * Return: pid 1, or NULL (no init, or init itself is dying: the kernel
 * reaps the orphans by pid then, as it always did).
 */
struct process *process_init_reaper(const struct process *dying)
{
	return init_process && init_process != dying ? init_process : NULL;
}

/* argv for @path: a "#!" script's interpreter first, as execve() runs
 * it. Return: the program to spawn, or an errno. */
static int init_argv(const char *path, const char **argv, char *line)
{
	const struct initramfs_file *f = initramfs_lookup(path);
	struct binfmt_script s;
	int i = 0;

	if (!f)
		return -ENOENT;
	memset(line, 0, BINPRM_BUF_SIZE);
	memcpy(line, f->data, MIN(f->size, (size_t)BINPRM_BUF_SIZE - 1));
	if (binfmt_script_parse(line, &s)) {
		argv[0] = path;
		argv[1] = NULL;
		return 0;
	}
	argv[i++] = s.name;
	if (s.arg)
		argv[i++] = s.arg;
	argv[i++] = path;
	argv[i] = NULL;
	return 0;
}

/**
 * process_init_run - run rdinit= as pid 1 on the serial terminal; never
 * returns: pid 1's end is a panic.
 *
 * Context: the boot task, after vfs_init(); process_init_wanted().
 */
void process_init_run(void)
{
	static const char *const envp[] = { "HOME=/", "TERM=linux", NULL };
	static char line[BINPRM_BUF_SIZE];
	const char *argv[INIT_ARGS];
	int r, pid, status;

	r = init_argv(rdinit, argv, line);
	if (r)
		panic("No working init found: %s: %d", rdinit, r);
	console_attach_terminal(uart16550_write);
	r = uart16550_rx_start(console_receive);
	if (r)
		pr_err("init: no console input: %d\n", r);
	__atomic_store_n(&claim_pending, true, __ATOMIC_RELAXED);
	r = process_spawn(argv[0], argv, envp, &pid);
	if (r)
		panic("No working init found: %s: %d", rdinit, r);
	pr_info("init: %s is pid %d\n", rdinit, pid);
	r = process_wait(pid, &status);
	if (r)
		panic("init: cannot wait for pid %d: %d", pid, r);
	panic("Attempted to kill init! exitcode=0x%08x", status);
}
