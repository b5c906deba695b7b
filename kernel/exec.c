// SPDX-License-Identifier: MIT
/*
 * Spawning a process from an initramfs executable (kernel/exec.h).
 *
 *   spawner (exec_spawn)               new process's first thread
 *   look up, elf_parse() the file
 *   mm_alloc(), process_create()
 *   process_thread_start() ----------> runs with the new mm loaded:
 *                                      mm_set_owner(mm, itself);
 *   wait for `loaded`                  do_mmap() each segment, copy the
 *                                      file bytes in (faults charge the
 *                                      new mm), zero the bss tail,
 *                                      mprotect() to the final rights;
 *                                      brk after the image; stack VMA;
 *                                      SysV stack built and copied out
 *   <--------------------------------- complete(`loaded`, result)
 *   0: return the pid                  arch_enter_user(entry, sp)
 *   error: reap it, return the error   error: exit (the spawner reaps)
 *
 * The loading happens in the new thread, not in the spawner, so that
 * every page of the image is faulted in and charged in the context of
 * the process that will own it, and charged to it: the thread is the
 * mm's owner from its first instruction. The spawner's argv/envp stay valid while
 * it waits, so they are used in place.
 *
 * The image is copied into private anonymous memory, not mapped from the
 * file: MADV_DONTNEED over a process's own code therefore zero-fills it
 * where Linux would read the file again. Left so on purpose until the
 * Unix layer's file-backed exec maps the image from its file.
 *
 * Locking: the exec_load context is the spawner's until the thread
 * starts, then the thread's until it completes `loaded` (after which it
 * never touches it again).
 */
#include <arch/cpu.h>
#include <arch/uaccess.h>
#include "fs/file.h"
#include "fs/fs_process.h"
#include "fs/vfs.h"
#include "kernel/completion.h"
#include "kernel/elf.h"
#include "kernel/exec.h"
#include "kernel/exec_stack.h"
#include "kernel/initramfs.h"
#include "kernel/panic.h"
#include "kernel/process.h"
#include "kernel/sys_misc.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "mm/mm.h"
#include "mm/mmap.h"
#include "mm/slab.h"

struct exec_load {
	const char *path;
	struct exec_image img;
	const char *const *argv, *const *envp;
	struct completion loaded;
	int result;			/* 0 or a negative errno */
};

/* Copy the file bytes [off, off + len) of @img to user address @dst. */
static int copy_image(const struct exec_image *img, vaddr_t dst, u64 off,
		      u64 len)
{
	struct io_buf io = { (char *)dst, len, true };
	loff_t pos = (loff_t)off;
	long n;

	if (img->data)
		return copy_to_user((void __user *)dst, img->data + off, len) ?
			       -EFAULT : 0;
	n = vfs_read(img->file, &io, &pos);
	if (n < 0)
		return (int)n;
	return (u64)n == len ? 0 : -EIO;	/* the file shrank */
}

/* Map one segment read-write, fill it, then give it its real rights. */
static int load_segment(struct mm *mm, const struct exec_image *img,
			const struct elf_segment *s)
{
	vaddr_t start = ALIGN_DOWN(s->vaddr, PAGE_SIZE);
	vaddr_t end = ALIGN_UP(s->vaddr + s->memsz, PAGE_SIZE);
	vaddr_t file_end = s->vaddr + s->filesz;
	vaddr_t zero_end = ALIGN_UP(file_end, PAGE_SIZE);
	long addr;
	int r;

	addr = do_mmap(mm, start, end - start, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1,
		       0);
	if (addr < 0)
		return (int)addr;
	r = copy_image(img, s->vaddr, s->offset, s->filesz);
	if (r)
		return r;
	/* The bss tail in the last file page; whole bss pages above it are
	 * fresh demand-zero pages already. */
	if (zero_end > s->vaddr + s->memsz)
		zero_end = s->vaddr + s->memsz;
	if (zero_end > file_end &&
	    clear_user((void __user *)file_end, zero_end - file_end))
		return -EFAULT;
	return do_mprotect(mm, start, end - start, s->prot);
}

/* The initial stack: a growsdown VMA and argc/argv/envp/auxv on top,
 * built in a kernel buffer of @args_max bytes first. */
static int setup_stack(const struct exec_image *img,
		       const char *const *argv, const char *const *envp,
		       const char *execfn, size_t args_max, u64 *sp)
{
	struct exec_auxv_info info = {
		.phdr = img->elf.phdr_addr, .phent = img->elf.phent,
		.phnum = img->elf.phnum, .entry = img->elf.entry,
		.hwcap = arch_cpuid(1, 0).edx, .execfn = execfn,
	};
	u64 base = EXEC_STACK_TOP - args_max;
	size_t size = MAX(EXEC_STACK_INIT,
			  ALIGN_UP(args_max, PAGE_SIZE) + PAGE_SIZE);
	long addr;
	u8 *buf;
	int r;

	addr = do_mmap(current->mm, EXEC_STACK_TOP - size, size,
		       PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE |
			       MAP_GROWSDOWN, -1, 0);
	if (addr < 0)
		return (int)addr;
	buf = kmalloc(args_max, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	sys_misc_random_bytes(info.random, sizeof(info.random));
	r = exec_stack_build(buf, args_max, EXEC_STACK_TOP, argv, envp, &info,
			     sp);
	if (!r && copy_to_user((void __user *)*sp, buf + (*sp - base),
			       EXEC_STACK_TOP - *sp))
		r = -EFAULT;
	kfree(buf);
	return r;
}

/**
 * exec_image_load - build the running process's new address space: the
 * image's segments, the heap after them, the stack with its arguments.
 * @img: the parsed image and where its bytes come from
 * @argv: NULL-terminated arguments (argv[0] included), or NULL
 * @envp: NULL-terminated environment, or NULL
 * @execfn: AT_EXECFN's string (the name exec was given)
 * @args_max: bytes the initial stack's layout may take (its buffer)
 * @sp: set to the initial stack pointer
 *
 * Every page is faulted in, and charged, by the calling thread, in the
 * mm it has loaded (fresh and empty: nothing is mapped at the image's
 * addresses).
 * Context: a process thread with its new mm loaded, may sleep.
 * Return: 0; -E2BIG (the layout does not fit @args_max); -ENOMEM;
 * -EFAULT or the file's read error.
 */
int exec_image_load(const struct exec_image *img, const char *const *argv,
		    const char *const *envp, const char *execfn,
		    size_t args_max, u64 *sp)
{
	struct mm *mm = current->mm;
	int r;

	for (unsigned int i = 0; i < img->elf.nseg; i++) {
		r = load_segment(mm, img, &img->elf.seg[i]);
		if (r)
			return r;
	}
	mmap_write_lock(mm);
	mm->start_brk = mm->brk = img->elf.hi;
	mmap_write_unlock(mm);
	return setup_stack(img, argv, envp, execfn, args_max, sp);
}

/* The first thread of a spawned process. */
static int exec_thread(void *arg)
{
	struct exec_load *l = arg;
	u64 entry = l->img.elf.entry, sp = 0;
	int r;

	/* Before the first page: the process's first thread pays for all. */
	mm_set_owner(current->mm, current);
	r = exec_image_load(&l->img, l->argv, l->envp, l->path, EXEC_ARGS_MAX,
			    &sp);
	l->result = r;
	complete(&l->loaded);	/* @l is the spawner's again */
	if (r)
		return 127;
	process_exit_if_killed();
	arch_enter_user(entry, sp);
}

/**
 * exec_basename - the last component of @path (Linux's kbasename()).
 * @path: a path
 *
 * Context: any. Return: a pointer into @path.
 */
const char *exec_basename(const char *path)
{
	const char *slash = path;

	for (const char *c = path; *c; c++)
		if (*c == '/')
			slash = c + 1;
	return slash;
}

/**
 * exec_spawn_at - start the initramfs program @path as a new process
 * whose working directory is @cwd.
 * @cwd: a directory (the process takes a reference of its own), or NULL
 *       for the root
 * @path: e.g. "/bin/hog"; its last component becomes the process's comm
 * @argv: NULL-terminated arguments (argv[0] included), or NULL
 * @envp: NULL-terminated environment, or NULL
 * @out: where to copy the process's stdout/stderr bytes besides the log
 *       (it must stay valid until the process is reaped), or NULL
 * @pid: set to the new process's id on success
 *
 * Returns once the program is loaded and about to run in user mode. The
 * caller must reap it with process_wait() (or process_wait_timeout()).
 * Context: task context, may sleep.
 * Return: 0; -ENOENT (no such file); -EACCES (not a regular file);
 * -ENOEXEC (not a valid static x86_64 executable); -E2BIG (arguments do
 * not fit EXEC_ARGS_MAX or EXEC_MAX_STRINGS); -ENOMEM; the loader's
 * mmap/copy error (the half-built process is reaped then).
 */
int exec_spawn_at(struct dentry *cwd, const char *path,
		  const char *const *argv, const char *const *envp,
		  struct process_output *out, int *pid)
{
	const struct initramfs_file *f = initramfs_lookup(path);
	struct exec_load *l;
	struct process *p;
	struct mm *mm;
	int r, tid, status;

	if (!f)
		return -ENOENT;
	if (!initramfs_is_reg(f))
		return -EACCES;
	l = kzalloc(sizeof(*l), GFP_KERNEL);
	if (!l)
		return -ENOMEM;
	r = elf_parse(f->data, f->size, &l->img.elf);
	if (r)
		goto out_free;
	l->path = path;
	l->img.data = f->data;
	l->argv = argv;
	l->envp = envp;
	init_completion(&l->loaded);
	r = -ENOMEM;
	mm = mm_alloc();
	if (!mm)
		goto out_free;
	p = process_create(exec_basename(path), mm, out);
	if (!p) {
		mmput(mm);
		goto out_free;
	}
	p->exec = exec_record_new(path, argv);	/* NULL: /proc shows none */
	/* Before its first thread runs: nothing it does sees the root. */
	if (cwd)
		fs_process_set_cwd(p, dget(cwd));
	tid = process_thread_start(p, exec_thread, l);
	if (tid < 0) {
		/* No thread ever ran: nobody else knows the process. */
		r = tid;
		p->mm = NULL;
		mmput(mm);
		process_destroy(p);
		goto out_free;
	}
	wait_for_completion(&l->loaded);
	r = l->result;
	if (r) {
		/*
		 * The thread failed its load and is on its way out. Wait for
		 * the end uninterruptibly - it is bounded, and a killable
		 * wait would leave the process unreaped (leaked) when the
		 * spawner is killed - then reap it. Nobody else knows @tid,
		 * so @p stays ours until reaped.
		 */
		wait_event(p->exit_wq,
			   __atomic_load_n(&p->exited, __ATOMIC_ACQUIRE));
		WARN_ON(process_wait(tid, &status));
	} else {
		*pid = tid;
	}
out_free:
	kfree(l);
	return r;
}

/**
 * exec_record_new - what /proc shows of an exec: the executable's path
 * and the arguments, up to EXEC_RECORD_ARGS bytes of them.
 * @path: the executable's absolute path
 * @argv: NULL-terminated arguments, or NULL
 *
 * Context: task context, may sleep.
 * Return: the record (kfree() it: process_put() does), or NULL without
 * memory.
 */
struct exec_record *exec_record_new(const char *path,
				    const char *const *argv)
{
	size_t path_len = strlen(path) + 1, args_len = 0, n;
	struct exec_record *rec;

	for (size_t i = 0; argv && argv[i]; i++)
		args_len += strlen(argv[i]) + 1;
	args_len = MIN(args_len, (size_t)EXEC_RECORD_ARGS);
	rec = kmalloc(sizeof(*rec) + path_len + args_len, GFP_KERNEL);
	if (!rec)
		return NULL;
	rec->path_len = path_len;
	rec->args_len = args_len;
	memcpy(rec->data, path, path_len);
	for (size_t i = 0, at = 0; argv && argv[i] && at < args_len; i++) {
		n = MIN(strlen(argv[i]) + 1, args_len - at);
		memcpy(rec->data + path_len + at, argv[i], n);
		at += n;
	}
	return rec;
}

/* Copy the path (or the arguments) of @p's record into @buf, up to @size
 * bytes; return how many, or -ENOENT without a record. */
static int record_read(struct process *p, bool args, char *buf, size_t size)
{
	const struct exec_record *rec;
	int n = -ENOENT;

	spin_lock(&p->lock);
	rec = p->exec;
	if (rec) {
		n = (int)MIN(size, args ? rec->args_len : rec->path_len);
		memcpy(buf, rec->data + (args ? rec->path_len : 0), n);
	}
	spin_unlock(&p->lock);
	return n;
}

/**
 * process_exe_path - the path of the program @p runs (/proc/<pid>/exe).
 * @p: a process the caller holds a reference on
 * @buf: where the NUL-terminated path goes (cut to @size)
 * @size: its size (> 0)
 *
 * Context: task context; takes p->lock.
 * Return: the path's length without the NUL; -ENOENT when @p runs no
 * program (a process of kernel threads).
 */
int process_exe_path(struct process *p, char *buf, size_t size)
{
	int n = record_read(p, false, buf, size);

	if (n <= 0)
		return n;
	buf[n - 1] = 0;
	return (int)strlen(buf);
}

/**
 * exec_cmdline - the arguments @p was started with, each NUL-terminated,
 * as /proc/<pid>/cmdline shows them.
 * @p: a process the caller holds a reference on
 * @buf: where they go
 * @size: its size
 *
 * Context: task context; takes p->lock.
 * Return: bytes stored; 0 for a process with no program.
 */
int exec_cmdline(struct process *p, char *buf, size_t size)
{
	int n = record_read(p, true, buf, size);

	return n < 0 ? 0 : n;
}
