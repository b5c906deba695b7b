// SPDX-License-Identifier: MIT
/*
 * fork(2), vfork(2), clone3(2) and clone(2)'s processes: Linux's
 * kernel_clone(), with copy_process()'s checks in its order.
 *
 *   CLONE_THREAD   a thread of the caller's process
 *   CLONE_VM       a process on the caller's mm (kernel/process_clone.c)
 *   neither        fork: a process on a copy of the caller's mm, its
 *                  pages shared copy-on-write (mm/fork.c)
 * A new process gets a copy of the caller's fd table (the same open
 * files), its cwd, memory cgroup and oom_score_adj; every new thread its
 * caller's FPU state and registers, with 0 in rax. The caller becomes
 * the process's parent: wait4()/waitid() (kernel/sys_wait.c) reap it,
 * and its end is told to the parent (process_notify_parent()).
 *
 * An orphan (its parent ended first) is reparented to pid 1 when one
 * runs (rdinit=, kernel/process_init.h), which reaps it with wait4().
 * Without a pid 1 (the boot tests) it goes to the kernel: every process
 * the kernel started is reaped by a kernel waiter through process_wait(),
 * and so is an orphan, by its pid. Reaping orphans automatically would
 * take the status from the kernel tests that wait for a child after its
 * parent is gone.
 *
 * CLONE_VFORK: the parent sleeps (killably) until the child releases the
 * mm - its exit, or an execve, which calls process_vfork_done() once it
 * has switched the child to its new mm.
 *
 * CLONE_INTO_CGROUP (clone3): the new process starts in the group of a
 * cgroup2 directory fd instead of its parent's, as if the parent had
 * written its pid to that group's cgroup.procs before it ran, with the
 * errnos of Linux 6.1's cgroup_css_set_fork(). A new thread starts in
 * its creator's group: naming another one is -EOPNOTSUPP (Linux also
 * takes a threaded group of the same domain; oomlab does not).
 *
 * Every new process is checked against a cgroup.kill running at the
 * same time (cgroup_fork_kill_check(), kernel/cgroup_kill.c).
 *
 * CLONE_NEWCGROUP: the new process starts in a new cgroup namespace
 * rooted at the caller's group (kernel/cgroup_ns.h). CLONE_FILES for a
 * CLONE_VM process: it shares the caller's fd table (fs/fdtable.h).
 *
 * Flags Linux has but oomlab does not implement are -EINVAL as an
 * unsupported request: the other namespaces, CLONE_PARENT,
 * CLONE_PTRACE, CLONE_CLEAR_SIGHAND, clone3's set_tid, CLONE_FS for a
 * process (its cwd is its own) and CLONE_FILES for a fork (its table is
 * a copy).
 *
 * Locking: child->parent and child_events under the process list lock
 * ([L], process_list_lock()); vfork_done under the child's p->lock.
 */
#include <arch/fpu.h>
#include <arch/syscall.h>
#include <arch/uaccess.h>
#include <arch/usermode.h>
#include "fs/cgroupfs.h"
#include "fs/fdtable.h"
#include "fs/file.h"
#include "fs/fs_process.h"
#include "kernel/cgroup.h"
#include "kernel/cgroup_ns.h"
#include "kernel/completion.h"
#include "kernel/panic.h"
#include "kernel/pidfd.h"
#include "kernel/process.h"
#include "kernel/process_fork.h"
#include "kernel/process_init.h"
#include "kernel/process_internal.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "kernel/syscall.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "mm/fork.h"
#include "mm/mm.h"
#include "mm/slab.h"

#define CLONE_TID_FLAGS							\
	(CLONE_SETTLS | CLONE_PARENT_SETTID | CLONE_CHILD_SETTID |	\
	 CLONE_CHILD_CLEARTID)
#define CLONE_THREAD_MAY						\
	(CLONE_VM | CLONE_SIGHAND | CLONE_THREAD | CLONE_FS |		\
	 CLONE_FILES | CLONE_SYSVSEM | CLONE_TID_FLAGS | CLONE_INTO_CGROUP)
#define CLONE_PROCESS_MAY						\
	(CLONE_VM | CLONE_SIGHAND | CLONE_SYSVSEM | CLONE_VFORK |	\
	 CLONE_PIDFD | CLONE_TID_FLAGS | CLONE_INTO_CGROUP |		\
	 CLONE_NEWCGROUP | CLONE_FILES)

/* clone3's struct clone_args, by version (include/uapi/linux/sched.h). */
struct clone_args {
	u64 flags, pidfd, child_tid, parent_tid, exit_signal;
	u64 stack, stack_size, tls, set_tid, set_tid_size, cgroup;
};

#define CLONE_ARGS_SIZE_VER0	64
#define CLONE_ARGS_SIZE_VER2	88
#define MAX_PID_NS_LEVEL	32

/* What a new thread starts from; freed by the thread. */
struct fork_start {
	struct trap_frame frame;	/* the caller's, returning 0 */
	u64 flags;
	u64 child_tid;
};

/* The new thread: its tid words, then user mode with the caller's frame. */
static int fork_child_entry(void *arg)
{
	struct fork_start s = *(struct fork_start *)arg;
	struct uthread *ut = uthread_of(current);

	kfree(arg);
	if (s.flags & CLONE_CHILD_CLEARTID)
		ut->clear_child_tid = s.child_tid;
	if (s.flags & CLONE_CHILD_SETTID)
		(void)put_user((u32)current->tid,
			       (u32 __user *)(uintptr_t)s.child_tid);
	syscall_exit_to_user(&s.frame);		/* a kill may end it here */
	arch_enter_user_frame(&s.frame);
}

/* Linux 6.1's copy_process() and kernel_clone() checks, in their order,
 * then what oomlab does not implement. */
static int clone_check(const struct clone_request *req)
{
	u64 flags = req->flags;

	if ((flags & CLONE_PIDFD) && (flags & CLONE_PARENT_SETTID) &&
	    req->pidfd == req->parent_tid)
		return -EINVAL;		/* kernel_clone(): one pointer */
	if ((flags & (CLONE_NEWNS | CLONE_FS)) == (CLONE_NEWNS | CLONE_FS))
		return -EINVAL;
	if ((flags & (CLONE_NEWUSER | CLONE_FS)) ==
	    (CLONE_NEWUSER | CLONE_FS))
		return -EINVAL;
	if ((flags & CLONE_THREAD) && !(flags & CLONE_SIGHAND))
		return -EINVAL;
	if ((flags & CLONE_SIGHAND) && !(flags & CLONE_VM))
		return -EINVAL;
	if ((flags & CLONE_PIDFD) && (flags & (CLONE_DETACHED | CLONE_THREAD)))
		return -EINVAL;
	if (flags & ~(flags & CLONE_THREAD ? CLONE_THREAD_MAY :
					     CLONE_PROCESS_MAY))
		return -EINVAL;		/* not implemented here */
	if ((flags & (CLONE_FILES | CLONE_VM)) == CLONE_FILES)
		return -EINVAL;		/* a fork's table is a copy here */
	return 0;
}

/* Give @child the caller's open files under the same fd numbers. */
static void fork_files(struct process *parent, struct process *child)
{
	for (int fd = 0; fd < FDTABLE_SIZE; fd++)
		fd_close(child->files, fd);	/* its own console fds */
	for (int fd = 0; fd < FDTABLE_SIZE; fd++) {
		struct file *f = fd_get(parent->files, fd);
		int cloexec;

		if (!f)
			continue;
		cloexec = fd_get_cloexec(parent->files, fd);
		/* Every lower fd is taken or was free in the parent too. */
		if (fd_install(child->files, f, fd, cloexec > 0) != fd)
			WARN_ON(1);
	}
}

/* A process on a copy of current's mm, with one thread, not started. */
static int fork_process(struct process *parent, struct fork_start *s,
			struct task **out)
{
	struct process *child;
	struct mm *mm;
	int r = fork_mm(current->mm, &mm);

	if (r)
		return r;
	child = process_create(parent->name, mm, NULL);
	if (!child) {
		mmput(mm);
		return -ENOMEM;
	}
	fork_files(parent, child);
	fs_process_set_cwd(child, fs_process_cwd(parent));
	process_inherit(child, parent);
	r = process_thread_create(child, fork_child_entry, s, out);
	if (r < 0) {
		child->mm = NULL;	/* never ran: nobody else sees it */
		mmput(mm);
		process_destroy(child);
		return r;
	}
	mm_fork_owner(mm, *out);	/* the child pays from now on */
	return r;
}

/* Make @parent the parent of the new process of @t. */
static void fork_link_parent(struct process *parent, struct task *t,
			     int exit_signal)
{
	struct process *child = uthread_of(t)->proc;

	child->exit_signal = exit_signal;
	process_list_lock();
	child->parent = parent;
	process_list_unlock();
}

/* CLONE_PIDFD: a pidfd for the child in the caller's table, at @uaddr. */
static int fork_pidfd(struct task *t, u64 uaddr)
{
	struct process *child = uthread_of(t)->proc;
	int fd;

	process_get(child);
	fd = pidfd_install(fs_files(), child, 0);
	if (fd < 0) {
		process_put(child);
		return fd;
	}
	(void)put_user(fd, (int __user *)(uintptr_t)uaddr);
	return fd;
}

/* CLONE_NEWCGROUP's namespace, made before the child (Linux's
 * copy_namespaces(): -EPERM without CAP_SYS_ADMIN); *@out NULL without. */
static int fork_new_cgroup_ns(const struct clone_request *req,
			      struct cgroup_ns **out)
{
	*out = NULL;
	return req->flags & CLONE_NEWCGROUP ? cgroup_ns_new(out) : 0;
}

/* What the new process @child shares or gets in place of its creator's:
 * the fd table (CLONE_FILES), a new cgroup namespace (@ns, taken). */
static void fork_share(const struct clone_request *req,
		       struct process *parent, struct process *child,
		       struct cgroup_ns *ns)
{
	if (req->flags & CLONE_THREAD)
		return;
	if (req->flags & CLONE_FILES)
		fs_process_share_files(child, parent);
	if (ns)
		cgroup_ns_install(child, ns);
}

/* The vfork parent's sleep until the child lets the mm go. */
static void fork_vfork_wait(struct task *t, struct completion *done)
{
	struct process *child = uthread_of(t)->proc;
	int r;

	cgroup_enter_frozen();		/* a freeze need not wait for it */
	r = wait_for_completion_killable(done);
	cgroup_leave_frozen();
	if (!r)
		return;
	/* Killed: the child must not complete a completion on our stack. */
	spin_lock(&child->lock);
	child->vfork_done = NULL;
	spin_unlock(&child->lock);
}

/* The child as the caller's thread sees it once made (TASK_NEW): its
 * TLS, FPU state, and (Linux's copy_process()) the blocked mask and -
 * unless it shares the mm without vfork - the alternate signal stack. */
static void fork_setup_child(struct task *t, const struct clone_request *req)
{
	struct signal_thread *me = &uthread_of(current)->sig;
	struct signal_thread *sig = &uthread_of(t)->sig;

	t->uarch.fs_base = req->flags & CLONE_SETTLS ? req->tls :
						       arch_get_fs_base();
	t->uarch.gs_base = arch_get_user_gs_base();
	arch_fpu_copy_current(t->uarch.fpu);
	sig->blocked = me->blocked;
	if ((req->flags & (CLONE_VM | CLONE_VFORK)) != CLONE_VM)
		sig->altstack = me->altstack;
}

/* Make the child of @req: a thread, a CLONE_VM process or a fork. */
static int fork_create(struct process *p, const struct clone_request *req,
		       struct fork_start *s, struct task **t)
{
	if (req->flags & CLONE_THREAD)
		return process_thread_create(p, fork_child_entry, s, t);
	if (req->flags & CLONE_VM)
		return process_clone_vm(p, fork_child_entry, s, t);
	return fork_process(p, s, t);
}

/*
 * CLONE_INTO_CGROUP's group, with a reference: Linux 6.1's
 * cgroup_css_set_fork() checks in their order (-EBADF: @req->cgroup is
 * not an open cgroup2 directory; -ENOENT: removed; -EBUSY: it gives the
 * memory controller to its children; -EOPNOTSUPP: a thread into another
 * group than its process's).
 */
static int fork_into_cgroup(const struct clone_request *req,
			    struct cgroup **out)
{
	struct file *f = fd_get(fs_files(), req->cgroup);
	struct cgroup *own;
	int r;

	if (!f)
		return -EBADF;
	r = cgroupfs_dir_cgroup(f, out);
	fput(f);
	if (r || !(req->flags & CLONE_THREAD))
		return r;
	own = cgroup_get_task(current);
	if (own != *out) {
		cgroup_put(*out);
		r = -EOPNOTSUPP;
	}
	cgroup_put(own);
	return r;
}

/* fork_create() in the group the child starts in, which a cgroup.kill
 * running meanwhile does not miss (kernel/cgroup_kill.c). */
static int fork_create_in_cgroup(struct process *p,
				 const struct clone_request *req,
				 struct fork_start *s, struct task **t)
{
	struct cgroup *cg;
	unsigned int seq;
	int r = 0;

	if (req->flags & CLONE_INTO_CGROUP)
		r = fork_into_cgroup(req, &cg);
	else
		cg = cgroup_get_task(current);
	if (r)
		return r;
	seq = cgroup_kill_seq(cg);
	if (!(req->flags & CLONE_THREAD))
		current->clone_into = cg;	/* cgroup_process_init() */
	r = fork_create(p, req, s, t);
	current->clone_into = NULL;
	if (r >= 0 && !(req->flags & CLONE_THREAD))
		cgroup_fork_kill_check(uthread_of(*t)->proc, cg, seq);
	cgroup_put(cg);
	return r;
}

/**
 * process_clone - make the thread or process @req asks for and start it
 * (Linux's kernel_clone()).
 * @req: the request (clone, clone3, fork, vfork)
 *
 * Context: a process thread in a system call (its frame is the child's
 * start), may sleep; a CLONE_VFORK caller sleeps killably until the
 * child releases its mm.
 * Return: the child's tid (a process's pid); -EINVAL for a flag
 * combination Linux rejects or oomlab does not implement; -EPERM for a
 * CLONE_SETTLS base outside user space; -EFAULT for a CLONE_PIDFD
 * address that cannot take the fd; -EAGAIN past a thread limit;
 * -ENOMEM; -EINTR when killed waiting for the mm lock at fork;
 * CLONE_INTO_CGROUP's -EBADF, -ENOENT, -EBUSY and -EOPNOTSUPP
 * (fork_into_cgroup()). On failure no child is left.
 */
long process_clone(const struct clone_request *req)
{
	struct process *p = process_current();
	struct completion vfork_done;
	struct cgroup_ns *ns = NULL;
	struct fork_start *s;
	struct task *t;
	int r = clone_check(req);

	if (r)
		return r;
	if (!p || !current->mm)
		return -ENOSYS;
	if ((req->flags & CLONE_SETTLS) && !arch_user_addr_ok(req->tls))
		return -EPERM;
	if ((req->flags & CLONE_PIDFD) &&
	    !access_ok((void __user *)(uintptr_t)req->pidfd, sizeof(int)))
		return -EFAULT;
	s = kmalloc(sizeof(*s), GFP_KERNEL);
	if (!s)
		return -ENOMEM;
	s->frame = *syscall_regs();
	arch_syscall_set_return(&s->frame, 0);
	if (req->stack)
		arch_user_frame_set_sp(&s->frame, req->stack);
	s->flags = req->flags;
	s->child_tid = req->child_tid;
	r = fork_new_cgroup_ns(req, &ns);
	if (!r)
		r = fork_create_in_cgroup(p, req, s, &t);
	if (r < 0) {
		cgroup_ns_put(ns);
		kfree(s);
		return r;
	}
	fork_share(req, p, uthread_of(t)->proc, ns);
	fork_setup_child(t, req);
	if (!(req->flags & CLONE_THREAD))
		fork_link_parent(p, t, req->exit_signal);
	if (req->flags & CLONE_PIDFD)
		fork_pidfd(t, req->pidfd);
	if (req->flags & CLONE_PARENT_SETTID)
		(void)put_user((u32)r,
			       (u32 __user *)(uintptr_t)req->parent_tid);
	if (req->flags & CLONE_VFORK) {
		init_completion(&vfork_done);
		/* The child is not running yet: no lock needed. */
		uthread_of(t)->proc->vfork_done = &vfork_done;
		task_get(t);
	}
	wake_up_process(t);
	if (req->flags & CLONE_VFORK) {
		fork_vfork_wait(t, &vfork_done);
		task_put(t);
	}
	return r;
}

SYSCALL_DEFINE0(fork)
{
	return process_clone(&(struct clone_request){ .exit_signal = SIGCHLD });
}

SYSCALL_DEFINE0(vfork)
{
	return process_clone(&(struct clone_request){
		.flags = CLONE_VFORK | CLONE_VM, .exit_signal = SIGCHLD });
}

/* clone3's argument block: Linux's copy_struct_from_user() rules (a
 * larger struct is fine if the bytes we do not know are zero). */
static int clone3_copy_args(struct clone_args *args,
			    const void __user *uargs, size_t size)
{
	size_t known = sizeof(*args);
	u8 tail;

	if (size > PAGE_SIZE)
		return -E2BIG;
	if (size < CLONE_ARGS_SIZE_VER0)
		return -EINVAL;
	memset(args, 0, sizeof(*args));
	if (copy_from_user(args, uargs, MIN(size, known)))
		return -EFAULT;
	for (size_t i = known; i < size; i++) {
		if (copy_from_user(&tail, (const u8 __user *)uargs + i, 1))
			return -EFAULT;
		if (tail)
			return -E2BIG;
	}
	return 0;
}

/* Linux 6.1's copy_clone_args_from_user() and clone3_args_valid()
 * checks on @args (@size: the struct's size), in their order. */
static int clone3_check(const struct clone_args *args, size_t size)
{
	if (args->set_tid_size > MAX_PID_NS_LEVEL)
		return -EINVAL;
	if (!args->set_tid && args->set_tid_size)
		return -EINVAL;
	if (args->set_tid && !args->set_tid_size)
		return -EINVAL;
	if (args->exit_signal & ~CLONE_CSIGNAL ||
	    args->exit_signal > SIGRTMAX)
		return -EINVAL;
	if ((args->flags & CLONE_INTO_CGROUP) &&
	    (args->cgroup > 0x7fffffff || size < CLONE_ARGS_SIZE_VER2))
		return -EINVAL;
	if (args->flags & ~(0xffffffffULL | CLONE_CLEAR_SIGHAND |
			    CLONE_INTO_CGROUP))
		return -EINVAL;
	if (args->flags & (CLONE_DETACHED | (CLONE_CSIGNAL & ~CLONE_NEWTIME)))
		return -EINVAL;
	if ((args->flags & (CLONE_SIGHAND | CLONE_CLEAR_SIGHAND)) ==
	    (CLONE_SIGHAND | CLONE_CLEAR_SIGHAND))
		return -EINVAL;
	if ((args->flags & CLONE_THREAD) && args->exit_signal)
		return -EINVAL;
	if (!args->stack != !args->stack_size)
		return -EINVAL;
	if (args->stack && !access_ok((void __user *)(uintptr_t)args->stack,
				      args->stack_size))
		return -EINVAL;
	if (args->set_tid)
		return -EINVAL;		/* set_tid: not implemented */
	return 0;
}

SYSCALL_DEFINE2(clone3, const void __user *, uargs, size_t, size)
{
	struct clone_args args;
	int r = clone3_copy_args(&args, uargs, size);

	if (!r)
		r = clone3_check(&args, size);
	if (r)
		return r;
	return process_clone(&(struct clone_request){
		.flags = args.flags,
		.pidfd = args.pidfd,
		.child_tid = args.child_tid,
		.parent_tid = args.parent_tid,
		.exit_signal = (int)args.exit_signal,
		.stack = args.stack ? args.stack + args.stack_size : 0,
		.tls = args.tls,
		.cgroup = (int)args.cgroup,
	});
}

/**
 * process_vfork_done - @p has released the mm it was cloned with: a
 * parent sleeping in vfork() runs on (Linux's mm_release() completing
 * vfork_done). Called at the process's end and by execve once the new
 * mm is in place.
 * @p: the child process
 *
 * Context: task context; takes @p->lock (the parent's completion is
 * completed under it, so a killed parent that gave up cannot return
 * and free it meanwhile).
 */
void process_vfork_done(struct process *p)
{
	spin_lock(&p->lock);
	if (p->vfork_done) {
		complete(p->vfork_done);
		p->vfork_done = NULL;
	}
	spin_unlock(&p->lock);
}

/**
 * process_notify_parent - @child has ended: SIGCHLD to its parent (when
 * that is its exit signal: other clone exit signals are not sent yet),
 * and wake the parent's wait4() and waitid() callers. The one place a
 * child's end reaches its parent.
 * @child: a process whose `exited` is set
 *
 * Context: process_list_lock() held (child->parent is [L]).
 */
void process_notify_parent(struct process *child)
{
	struct process *parent = child->parent;

	if (!parent)
		return;
	if (child->exit_signal == SIGCHLD)
		signal_notify_parent(parent, child->tgid, child->exit_status);
	parent->child_events++;
	wake_up_all(&parent->child_wq);
}

/**
 * process_fork_exit - @p's last thread is gone: its children go to pid
 * 1, or without one become orphans (the kernel reaps them, see the top
 * of this file), and its parent is told.
 * @p: the process, `exited` set
 *
 * Context: process_list_lock() held, from before `exited` was set: a
 * waiter reaps (and may free) @p only after it is dropped.
 */
void process_fork_exit(struct process *p)
{
	struct process *reaper = process_init_reaper(p);
	struct process *q;

	/* Linux's forget_original_parent(): a child that is already a
	 * zombie is told to its new parent, which reaps it. */
	for_each_process(q) {
		if (q->parent != p)
			continue;
		q->parent = reaper;
		if (reaper && q->exited)
			process_notify_parent(q);
	}
	ptrace_tracer_exit(p);		/* its tracees run on */
	process_notify_parent(p);
}
