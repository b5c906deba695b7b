// SPDX-License-Identifier: MIT
/*
 * A process sharing its creator's mm (Linux's clone(CLONE_VM) without
 * CLONE_THREAD): a process of its own - its pid, fd table, cwd, exit and
 * wait status - whose one thread runs on the creator's address space.
 * It starts in the creator's memory cgroup, process group and session
 * with the creator's oom_score_adj (Linux copies signal->oom_score_adj
 * at fork), and the
 * mm keeps its owner: the creator's first thread pays for its pages.
 *
 * The mm is shared by mm_users: every process holding it put its own
 * reference at its end, so the pages stay until the last sharer is
 * gone. The OOM killer sees such processes through their mm: killing
 * one kills every process sharing it (mm/oom_kill.c), and one whose mm
 * is shared with a live process is not "about to free it" on its own.
 *
 * Its creator becomes its parent (kernel/process_fork.c sets the link),
 * which reaps it with wait4()/waitid(); a kernel waiter on its pid
 * (process_wait()) may too. The fd table holds the standard fds only:
 * the creator's other fds are not copied, which is why clone() refuses
 * CLONE_FILES and CLONE_FS for a process.
 */
#include "kernel/cgroup_ns.h"
#include "kernel/process.h"
#include "kernel/process_group.h"
#include "kernel/process_internal.h"
#include "lib/string.h"
#include "mm/mm.h"

/**
 * process_inherit - what a child process takes over from @parent at its
 * creation, whatever else it shares: oom_score_adj, the resource limits,
 * the credentials, the process group and session, and the signal
 * handlers, nothing pending (Linux's
 * copy_signal(), copy_creds() and copy_sighand(): oomlab refuses
 * CLONE_SIGHAND for a process, so the table is always a copy).
 * @child: the new process, not yet running
 * @parent: the creating process
 *
 * Context: process context; takes @parent->lock.
 */
void process_inherit(struct process *child, struct process *parent)
{
	child->oom_score_adj = __atomic_load_n(&parent->oom_score_adj,
					       __ATOMIC_RELAXED);
	rlimit_copy(&child->rlim, &parent->rlim);
	spin_lock(&parent->lock);
	child->cred = parent->cred;
	memcpy(child->sig.action, parent->sig.action, sizeof(child->sig.action));
	spin_unlock(&parent->lock);
	cgroup_ns_inherit(child, parent);
	process_group_inherit(child, parent);
}

/**
 * process_clone_vm - a new process on @parent's mm, with one thread
 * running @fn(@arg), not yet started.
 * @parent: the calling thread's process
 * @fn: the thread body (see process_thread_create())
 * @arg: passed to @fn
 * @out: set to the new task (TASK_NEW); the caller finishes it and
 *       starts it with wake_up_process()
 *
 * Context: a thread of @parent, task context, may sleep.
 * Return: the new process's pid (its thread's tid); -EAGAIN past a
 * thread limit; -ENOMEM. On failure nothing is left.
 */
int process_clone_vm(struct process *parent, int (*fn)(void *), void *arg,
		     struct task **out)
{
	struct mm *mm = current->mm;
	struct process *child;
	int r;

	mmget(mm);
	child = process_create(parent->name, mm, NULL);
	if (!child) {
		mmput(mm);
		return -ENOMEM;
	}
	process_inherit(child, parent);
	r = process_thread_create(child, fn, arg, out);
	if (r < 0) {
		child->mm = NULL;	/* never ran: nobody else sees it */
		mmput(mm);
		process_destroy(child);
	}
	return r;
}
