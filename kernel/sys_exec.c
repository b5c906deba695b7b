// SPDX-License-Identifier: MIT
/*
 * execve(2) and execveat(2): the calling process replaces its program,
 * in the steps and with the errnos of Linux 6.1's fs/exec.c:
 *
 *   copy the path, then argv and envp into the kernel  -EFAULT, -E2BIG
 *   open the file (may_open's MAY_EXEC)                 -ENOENT, -EACCES..
 *   read its head; "#!": splice the interpreter into   -ENOEXEC, -ELOOP
 *     argv and start over with it (binfmt_script.h)
 *   parse the ELF headers, allocate the new mm          -ENOEXEC, -ENOMEM
 *   kill the other threads and wait for them (Linux's de_thread(); the
 *     caller takes the leader's ids)
 *   ---- point of no return: a failure from here kills with SIGSEGV ----
 *   swap in the new mm and put the old one (its pages and charges go
 *     with the last reference); close the close-on-exec fds; reset the
 *     caught signals, the FPU and the TLS bases; comm = the file name's
 *     last component; load the image and its stack; enter user mode
 *
 * Until the point of no return a failure changes nothing the caller can
 * see (the other threads may be gone: as in Linux, whose de_thread()
 * comes after its point of no return, that is only for a kill).
 *
 * The argument limit is Linux's: the strings, counting the file name,
 * plus a pointer per string, at most a quarter of RLIMIT_STACK (8 MiB
 * here, fixed), each string at most MAX_ARG_STRLEN bytes with its NUL.
 * An empty argv gets "" as argv[0], as 6.1 adds it. The memory cgroup
 * stays the caller's: the new mm is charged to it from its first page.
 *
 * Locking: everything here is the calling thread's own until
 * exec_kill_threads() publishes exec_task under the process's lock.
 */
#include <arch/fpu.h>
#include <arch/uaccess.h>
#include <arch/usermode.h>
#include "fs/fdtable.h"
#include "fs/file.h"
#include "fs/fs_process.h"
#include "fs/namei.h"
#include "fs/permission.h"
#include "fs/sys_namei.h"
#include "kernel/binfmt_script.h"
#include "kernel/exec.h"
#include "kernel/exec_stack.h"
#include "kernel/futex_robust.h"
#include "kernel/process.h"
#include "kernel/signal.h"
#include "kernel/syscall.h"
#include "lib/errno.h"
#include "lib/format.h"
#include "lib/string.h"
#include "mm/mm.h"
#include "mm/slab.h"

#define AT_FDCWD		(-100)
#define AT_SYMLINK_NOFOLLOW	0x100
#define AT_EMPTY_PATH		0x1000

#define MAX_ARG_STRLEN		(32 * PAGE_SIZE)	/* with the NUL */
#define EXEC_ARG_LIMIT		(MM_STACK_LIMIT / 4)
#define EXEC_HEAD_SIZE		PAGE_SIZE	/* ELF headers must fit */
#define EXEC_NAME_MAX		(PATH_MAX + 32)	/* "/dev/fd/N/" + path */

/* The new program's arguments as they are built (Linux's linux_binprm). */
struct exec_args {
	char *strings;		/* every string, NUL-terminated, end to end */
	size_t used, cap;	/* bytes of strings, and of the buffer */
	size_t budget;		/* bytes the strings may take */
	size_t *argv, *envp;	/* offsets in strings */
	size_t argc, envc, argv_cap;
	char *filename;		/* AT_EXECFN and comm: the name as given */
	size_t interp;		/* offset in strings of argv's name for the
				 * file a script is: the file name first */
	bool path_inaccessible;	/* fd-relative name of a close-on-exec fd */
};

static int strings_grow(struct exec_args *a, size_t need)
{
	size_t cap = MAX(a->cap * 2, (size_t)PAGE_SIZE);
	char *s;

	while (cap < need)
		cap *= 2;
	s = kmalloc(cap, GFP_KERNEL);
	if (!s)
		return -ENOMEM;
	memcpy(s, a->strings, a->used);
	kfree(a->strings);
	a->strings = s;
	a->cap = cap;
	return 0;
}

/* Append a kernel string; return its offset or a negative errno. */
static long add_kernel_string(struct exec_args *a, const char *s)
{
	size_t len = strlen(s) + 1, at = a->used;

	if (len > MAX_ARG_STRLEN || len > a->budget - a->used)
		return -E2BIG;
	if (a->used + len > a->cap && strings_grow(a, a->used + len))
		return -ENOMEM;
	memcpy(a->strings + at, s, len);
	a->used += len;
	return (long)at;
}

/* Append a user string, copied in pieces as the buffer grows. */
static long add_user_string(struct exec_args *a, const char __user *s)
{
	size_t at = a->used, len = 0;
	long n;

	for (;;) {
		size_t room = a->cap - a->used;

		if (!room) {
			if (strings_grow(a, a->used + 1))
				return -ENOMEM;
			continue;
		}
		n = strncpy_from_user(a->strings + a->used, s + len,
				      (long)room);
		if (n < 0)
			return -EFAULT;
		len += (size_t)n;
		if ((size_t)n < room)
			break;			/* the NUL was copied */
		a->used += (size_t)n;
		if (len >= MAX_ARG_STRLEN || a->used >= a->budget)
			return -E2BIG;
	}
	a->used = at;
	if (len + 1 > MAX_ARG_STRLEN || len + 1 > a->budget - a->used)
		return -E2BIG;
	a->used += len + 1;
	return (long)at;
}

/* Linux's count(): the pointers of a user vector up to its NULL. */
static long count_user(const char __user *const __user *v)
{
	long n = 0;
	u64 ptr;

	if (!v)
		return 0;
	for (;; n++) {
		if (get_user(ptr, (const u64 __user *)(v + n)))
			return -EFAULT;
		if (!ptr)
			return n;
		if ((u64)n * sizeof(void *) >= EXEC_ARG_LIMIT)
			return -E2BIG;
		if (fatal_signal_pending(current))
			return -EINTR;
	}
}

/* Copy the @n strings of user vector @v; their offsets go to @offs. */
static int copy_user_vector(struct exec_args *a,
			    const char __user *const __user *v, size_t n,
			    size_t *offs)
{
	u64 ptr;
	long at;

	for (size_t i = 0; i < n; i++) {
		if (get_user(ptr, (const u64 __user *)(v + i)))
			return -EFAULT;
		at = add_user_string(a, (const char __user *)(uintptr_t)ptr);
		if (at < 0)
			return (int)at;
		offs[i] = (size_t)at;
	}
	return 0;
}

/* Linux's do_execveat_common() up to the file: count, limit, copy. */
static int args_copy(struct exec_args *a,
		     const char __user *const __user *uargv,
		     const char __user *const __user *uenvp)
{
	long argc = count_user(uargv), envc;
	size_t ptrs;
	int r;

	if (argc < 0)
		return (int)argc;
	envc = count_user(uenvp);
	if (envc < 0)
		return (int)envc;
	if ((size_t)argc + (size_t)envc > EXEC_MAX_STRINGS)
		return -E2BIG;
	ptrs = ((size_t)MAX(argc, 1) + (size_t)envc) * sizeof(void *);
	if (EXEC_ARG_LIMIT <= ptrs)
		return -E2BIG;
	a->budget = EXEC_ARG_LIMIT - ptrs;
	/* Room for a script's three more strings in argv. */
	a->argv_cap = (size_t)MAX(argc, 1) + 3 * BINFMT_MAX_DEPTH;
	a->argv = kmalloc(a->argv_cap * sizeof(size_t), GFP_KERNEL);
	a->envp = kmalloc(MAX(envc, 1) * sizeof(size_t), GFP_KERNEL);
	if (!a->argv || !a->envp)
		return -ENOMEM;
	/* At offset 0: a->interp's first value. */
	if (add_kernel_string(a, a->filename) < 0)
		return -E2BIG;
	r = copy_user_vector(a, uenvp, (size_t)envc, a->envp);
	if (!r)
		r = copy_user_vector(a, uargv, (size_t)argc, a->argv);
	if (r)
		return r;
	a->envc = (size_t)envc;
	a->argc = (size_t)argc;
	if (!a->argc) {
		long at = add_kernel_string(a, "");

		if (at < 0)
			return (int)at;
		a->argv[a->argc++] = (size_t)at;
	}
	return 0;
}

/*
 * A script: argv[0] gives way to the interpreter, its argument and the
 * script's name, so "./s x" with "#!/bin/i -a" runs "/bin/i -a ./s x".
 */
static int args_splice_script(struct exec_args *a,
			      const struct binfmt_script *sc)
{
	long name, arg = 0, script;

	/* Linux's order, each counted against the limit. */
	script = add_kernel_string(a, a->strings + a->interp);
	if (script < 0)
		return (int)script;
	if (sc->arg) {
		arg = add_kernel_string(a, sc->arg);
		if (arg < 0)
			return (int)arg;
	}
	name = add_kernel_string(a, sc->name);
	if (name < 0)
		return (int)name;
	memmove(a->argv + 2 + !!sc->arg, a->argv + 1,
		(a->argc - 1) * sizeof(size_t));
	a->argc += 1 + !!sc->arg;
	a->argv[0] = (size_t)name;
	if (sc->arg)
		a->argv[1] = (size_t)arg;
	a->argv[1 + !!sc->arg] = (size_t)script;
	a->interp = (size_t)name;
	return 0;
}

/* A vector of pointers into the strings, for exec_stack_build(). */
static const char **args_vector(struct exec_args *a, const size_t *offs,
				size_t n)
{
	const char **v = kmalloc((n + 1) * sizeof(*v), GFP_KERNEL);

	if (!v)
		return NULL;
	for (size_t i = 0; i < n; i++)
		v[i] = a->strings + offs[i];
	v[n] = NULL;
	return v;
}

static void args_free(struct exec_args *a)
{
	kfree(a->strings);
	kfree(a->argv);
	kfree(a->envp);
	kfree(a->filename);
}

/*
 * Linux's do_open_execat(): the flags, the walk, then may_open() with
 * MAY_EXEC - a directory or any other non-regular file is -EACCES, and
 * so is a file the caller may not execute (fs/permission.h: root too
 * needs one x bit of the three). An empty path is @dirfd's own file.
 */
static int exec_open(int dirfd, const char *path, int flags,
		     struct file **out)
{
	struct dentry *start, *d;
	u32 mode;
	int r;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	r = sys_namei_start(dirfd, path, &start);
	if (r)
		return r;
	if (path[0]) {
		r = vfs_lookup(start, path, &d);
		dput(start);
		if (r)
			return r;
	} else {
		d = start;
	}
	mode = d->inode->mode;
	r = S_ISREG(mode) ? permission_inode(d->inode, MAY_EXEC) : -EACCES;
	if (!r)
		r = file_open(d, O_RDONLY, out);
	dput(d);
	return r;
}

/* bprm->filename: the name for AT_EXECFN, comm and a script's argv. */
static int exec_filename(struct exec_args *a, int dirfd, const char *path)
{
	struct files_struct *files = fs_files();

	a->filename = kmalloc(EXEC_NAME_MAX, GFP_KERNEL);
	if (!a->filename)
		return -ENOMEM;
	if (path[0] == '/' || dirfd == AT_FDCWD) {
		strlcpy(a->filename, path, EXEC_NAME_MAX);
	} else if (!path[0]) {
		snprintf(a->filename, EXEC_NAME_MAX, "/dev/fd/%d", dirfd);
	} else {
		snprintf(a->filename, EXEC_NAME_MAX, "/dev/fd/%d/%s", dirfd,
			 path);
		/* Gone once the fd closes at exec: a script could not be
		 * read by its interpreter (Linux's
		 * BINPRM_FLAGS_PATH_INACCESSIBLE). */
		a->path_inaccessible = fd_get_cloexec(files, dirfd) > 0;
	}
	return 0;
}

/* Read the head of @f into @head (EXEC_HEAD_SIZE bytes, zero-padded). */
static long read_head(struct file *f, char *head)
{
	struct io_buf io = { head, EXEC_HEAD_SIZE, false };
	loff_t pos = 0;

	memset(head, 0, EXEC_HEAD_SIZE);
	return vfs_read(f, &io, &pos);
}

/*
 * Linux's exec_binprm(): follow "#!" lines until an ELF image; the sixth
 * interpreter asked for is -ELOOP. On success *@fp is the ELF file.
 */
static int exec_find_image(struct exec_args *a, struct file **fp,
			   char *head, struct exec_image *img)
{
	struct binfmt_script sc;
	struct file *next;
	long n;
	int r;

	for (int depth = 0;; depth++) {
		if (depth > BINFMT_MAX_DEPTH)
			return -ELOOP;
		n = read_head(*fp, head);
		if (n < 0)
			return (int)n;
		r = binfmt_script_parse(head, &sc);
		if (r) {
			img->file = *fp;
			return elf_parse_head(head, (size_t)n,
					      (u64)__atomic_load_n(
						      &(*fp)->inode->size,
						      __ATOMIC_RELAXED),
					      &img->elf);
		}
		if (a->path_inaccessible)
			return -ENOENT;
		r = args_splice_script(a, &sc);
		if (r)
			return r;
		r = exec_open(AT_FDCWD, a->strings + a->interp, 0, &next);
		if (r)
			return r;
		fput(*fp);
		*fp = next;
	}
}

/*
 * Linux's de_thread(): every other thread is killed and waited for; the
 * caller then holds the process's ids (a non-leader takes the leader's
 * pid, so getpid() and gettid() agree). Return: 0, or -EINTR when the
 * caller is killed meanwhile (the process is dying then anyway).
 */
static int exec_kill_threads(struct process *p)
{
	struct uthread *ut;
	int r;

	spin_lock(&p->lock);
	if (p->group_exit) {
		spin_unlock(&p->lock);
		return -EINTR;
	}
	p->exec_task = current;
	list_for_each_entry(ut, &p->threads, node) {
		if (ut->task == current)
			continue;
		task_kill(ut->task);
		signal_kick(ut->task);
	}
	spin_unlock(&p->lock);
	r = wait_event_killable(p->exit_wq, __atomic_load_n(
		&p->nr_threads, __ATOMIC_ACQUIRE) == 1);
	spin_lock(&p->lock);
	p->exec_task = NULL;
	if (!r) {
		current->pid = p->tgid;
		current->tid = p->tgid;
	}
	spin_unlock(&p->lock);
	return r ? -EINTR : 0;
}

/* Linux's do_close_on_exec(). */
static void close_on_exec(void)
{
	struct files_struct *files = fs_files();

	for (int fd = 0; fd < FDTABLE_SIZE; fd++)
		if (fd_get_cloexec(files, fd) > 0)
			fd_close(files, fd);
}

/* The new mm replaces the old one, whose last reference goes here. */
static void exec_swap_mm(struct process *p, struct mm *mm)
{
	struct mm *old = current->mm;

	preempt_disable();
	spin_lock(&p->lock);
	p->mm = mm;
	current->mm = mm;
	spin_unlock(&p->lock);
	mm_switch(old, mm);
	preempt_enable();
	mmput(old);
	exec_mm_released(p);
	mm_set_owner(mm, current);
}

/* What a new program starts with besides its memory. */
static void exec_reset_state(struct process *p, struct exec_record *rec,
			     const char *comm)
{
	struct exec_record *old;

	close_on_exec();
	exec_reset_signals(p);
	arch_fpu_reset_current(current->uarch.fpu);
	arch_set_fs_base(0);
	arch_set_user_gs_base(0);
	uthread_of(current)->clear_child_tid = 0;
	spin_lock(&p->lock);
	old = p->exec;
	p->exec = rec;
	strlcpy(p->name, comm, sizeof(p->name));
	strlcpy(current->name, comm, sizeof(current->name));
	spin_unlock(&p->lock);
	kfree(old);
}

/* The old image's robust locks go to their next owners, as at an exit
 * (Linux 6.1's exec_mm_release() -> futex_exec_release()): the new image
 * never unlocks them. Its old mm is still in place. */
static void exec_release_robust(struct uthread *ut)
{
	if (ut->robust_list)
		futex_exit_robust_list(ut->robust_list);
	ut->robust_list = 0;
}

/* The image is found and parsed: from here on the old program is gone. */
static int exec_commit(struct exec_args *a, struct exec_image *img,
		       struct exec_record *rec, struct mm *mm, u64 *sp)
{
	struct process *p = process_current();
	const char **argv = args_vector(a, a->argv, a->argc);
	const char **envp = args_vector(a, a->envp, a->envc);
	int r = -ENOMEM;

	if (!argv || !envp)
		goto out;
	r = exec_kill_threads(p);
	if (r)
		goto out;
	/* Point of no return. */
	exec_release_robust(uthread_of(current));
	exec_swap_mm(p, mm);
	exec_reset_state(p, rec, exec_basename(a->filename));
	r = exec_image_load(img, argv, envp, a->filename,
			    a->used + (a->argc + a->envc) * sizeof(void *) +
				    PAGE_SIZE,
			    sp);
	if (r)
		process_force_signal(SIGSEGV);
	kfree(argv);
	kfree(envp);
	return r;
out:
	kfree(argv);
	kfree(envp);
	kfree(rec);
	mmput(mm);
	return r;
}

/* The record of what runs now: the image's own path (the name given,
 * for a file no longer linked anywhere) and the args. */
static struct exec_record *exec_record_of(struct exec_args *a,
					  struct file *f)
{
	const char **argv = args_vector(a, a->argv, a->argc);
	struct exec_record *rec = NULL;
	char *path = kmalloc(PATH_MAX, GFP_KERNEL);

	if (path && vfs_path_name(f->dentry, path, PATH_MAX) < 0)
		strlcpy(path, a->filename, PATH_MAX);
	if (argv && path)
		rec = exec_record_new(path, argv);
	kfree(path);
	kfree(argv);
	return rec;
}

static long do_execveat(int dirfd, const char __user *upath,
			const char __user *const __user *uargv,
			const char __user *const __user *uenvp, int flags)
{
	struct exec_args a = { 0 };
	struct exec_image img = { 0 };
	struct exec_record *rec;
	struct file *f = NULL;
	struct mm *mm;
	char *path = kmalloc(PATH_MAX, GFP_KERNEL), *head = NULL;
	u64 sp = 0, entry = 0;
	long r;

	if (!path)
		return -ENOMEM;
	if (!process_current()) {	/* a kernel test's user excursion */
		kfree(path);
		return -ENOSYS;
	}
	r = strncpy_from_user(path, upath, PATH_MAX);
	if (r < 0 || r == PATH_MAX) {
		r = r < 0 ? -EFAULT : -ENAMETOOLONG;
		goto out;
	}
	r = -ENOENT;
	if (!path[0] && !(flags & AT_EMPTY_PATH))
		goto out;
	r = exec_filename(&a, dirfd, path);
	if (!r)
		r = args_copy(&a, uargv, uenvp);
	if (!r)
		r = exec_open(dirfd, path, flags, &f);
	if (r)
		goto out;
	head = kmalloc(EXEC_HEAD_SIZE, GFP_KERNEL);
	r = head ? exec_find_image(&a, &f, head, &img) : -ENOMEM;
	if (r)
		goto out;
	r = -ENOMEM;
	rec = exec_record_of(&a, f);
	mm = rec ? mm_alloc() : NULL;
	if (!mm) {
		kfree(rec);
		goto out;
	}
	r = exec_commit(&a, &img, rec, mm, &sp);
	entry = img.elf.entry;
out:
	if (f)
		fput(f);
	kfree(head);
	kfree(path);
	args_free(&a);
	if (r)
		return r;
	process_exit_if_killed();
	arch_enter_user(entry, sp);
}

SYSCALL_DEFINE3(execve, const char __user *, path,
		const char __user *const __user *, argv,
		const char __user *const __user *, envp)
{
	return do_execveat(AT_FDCWD, path, argv, envp, 0);
}

SYSCALL_DEFINE5(execveat, int, dirfd, const char __user *, path,
		const char __user *const __user *, argv,
		const char __user *const __user *, envp, int, flags)
{
	return do_execveat(dirfd, path, argv, envp, flags);
}
