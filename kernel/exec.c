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
#include <arch/uaccess.h>
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
	const struct initramfs_file *file;
	struct elf_image img;
	const char *const *argv, *const *envp;
	struct completion loaded;
	int result;			/* 0 or a negative errno */
};

/* Map one segment read-write, fill it, then give it its real rights. */
static int load_segment(struct mm *mm, const u8 *image,
			const struct elf_segment *s)
{
	vaddr_t start = ALIGN_DOWN(s->vaddr, PAGE_SIZE);
	vaddr_t end = ALIGN_UP(s->vaddr + s->memsz, PAGE_SIZE);
	vaddr_t file_end = s->vaddr + s->filesz;
	vaddr_t zero_end = ALIGN_UP(file_end, PAGE_SIZE);
	long addr;

	addr = do_mmap(mm, start, end - start, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1,
		       0);
	if (addr < 0)
		return (int)addr;
	if (copy_to_user((void __user *)s->vaddr, image + s->offset,
			 s->filesz))
		return -EFAULT;
	/* The bss tail in the last file page; whole bss pages above it are
	 * fresh demand-zero pages already. */
	if (zero_end > s->vaddr + s->memsz)
		zero_end = s->vaddr + s->memsz;
	if (zero_end > file_end &&
	    clear_user((void __user *)file_end, zero_end - file_end))
		return -EFAULT;
	return do_mprotect(mm, start, end - start, s->prot);
}

/* The initial stack: a growsdown VMA and argc/argv/envp/auxv on top. */
static int setup_stack(struct exec_load *l, u64 *sp)
{
	struct exec_auxv_info info = {
		.phdr = l->img.phdr_addr, .phent = l->img.phent,
		.phnum = l->img.phnum, .entry = l->img.entry,
		.execfn = l->path,
	};
	u64 base = EXEC_STACK_TOP - EXEC_ARGS_MAX;
	long addr;
	u8 *buf;
	int r;

	addr = do_mmap(current->mm, EXEC_STACK_TOP - EXEC_STACK_INIT,
		       EXEC_STACK_INIT, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE |
			       MAP_GROWSDOWN, -1, 0);
	if (addr < 0)
		return (int)addr;
	buf = kmalloc(EXEC_ARGS_MAX, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	sys_misc_random_bytes(info.random, sizeof(info.random));
	r = exec_stack_build(buf, EXEC_ARGS_MAX, EXEC_STACK_TOP, l->argv,
			     l->envp, &info, sp);
	if (!r && copy_to_user((void __user *)*sp, buf + (*sp - base),
			       EXEC_STACK_TOP - *sp))
		r = -EFAULT;
	kfree(buf);
	return r;
}

/* Build the address space of the running (new) process. */
static int load_image(struct exec_load *l, u64 *sp)
{
	struct mm *mm = current->mm;
	int r;

	for (unsigned int i = 0; i < l->img.nseg; i++) {
		r = load_segment(mm, l->file->data, &l->img.seg[i]);
		if (r)
			return r;
	}
	mmap_write_lock(mm);
	mm->start_brk = mm->brk = l->img.hi;
	mmap_write_unlock(mm);
	return setup_stack(l, sp);
}

/* The first thread of a spawned process. */
static int exec_thread(void *arg)
{
	struct exec_load *l = arg;
	u64 entry = l->img.entry, sp = 0;
	int r;

	/* Before the first page: the process's first thread pays for all. */
	mm_set_owner(current->mm, current);
	r = load_image(l, &sp);
	l->result = r;
	complete(&l->loaded);	/* @l is the spawner's again */
	if (r)
		return 127;
	process_exit_if_killed();
	arch_enter_user(entry, sp);
}

static const char *basename(const char *path)
{
	const char *slash = path;

	for (const char *c = path; *c; c++)
		if (*c == '/')
			slash = c + 1;
	return slash;
}

/**
 * exec_spawn - start the initramfs program @path as a new process.
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
int exec_spawn(const char *path, const char *const *argv,
	       const char *const *envp, struct process_output *out,
	       int *pid)
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
	r = elf_parse(f->data, f->size, &l->img);
	if (r)
		goto out_free;
	l->path = path;
	l->file = f;
	l->argv = argv;
	l->envp = envp;
	init_completion(&l->loaded);
	r = -ENOMEM;
	mm = mm_alloc();
	if (!mm)
		goto out_free;
	p = process_create(basename(path), mm, out);
	if (!p) {
		mmput(mm);
		goto out_free;
	}
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
