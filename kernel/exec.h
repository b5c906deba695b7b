/* SPDX-License-Identifier: MIT */
/*
 * Spawning user processes from the kernel: a static ELF64 executable of
 * the initramfs becomes a new process (a fresh mm, its first thread) that
 * starts in user mode with the SysV initial stack (argc, argv, envp,
 * auxv). A process replaces its own image with execve(2)
 * (kernel/sys_exec.c); both build the new address space with
 * exec_image_load().
 *
 * Layout of a new address space (Linux's, without randomization):
 *
 *   0x400000 ..            the program's PT_LOAD segments
 *   PAGE_ALIGN(end) ..     the heap (brk), growing up
 *   mm->mmap_base ..       mmap() area, growing down
 *   EXEC_STACK_TOP - 128K  the stack VMA (VM_GROWSDOWN, up to
 *   .. EXEC_STACK_TOP      MM_STACK_LIMIT), argv/envp/auxv at its top
 */
#ifndef KERNEL_EXEC_H
#define KERNEL_EXEC_H

#include "kernel/elf.h"
#include "kernel/process.h"
#include "lib/types.h"

struct dentry;
struct file;

#define EXEC_STACK_TOP		0x00007ffffffff000UL	/* MM_TASK_SIZE */
#define EXEC_STACK_INIT		(128UL << 10)	/* mapped at first */
#define EXEC_ARGS_MAX		8192		/* strings + vectors */
#define EXEC_RECORD_ARGS	4096		/* argv bytes /proc shows */

/* An executable to load: its parsed headers and where its bytes are. */
struct exec_image {
	struct elf_image elf;
	const u8 *data;		/* the whole file in memory, or NULL: */
	struct file *file;	/* read it through the VFS */
};

/* What /proc shows of a process's program (exec_record_new()). */
struct exec_record {
	size_t path_len;	/* with its NUL */
	size_t args_len;	/* argv strings, each NUL-terminated */
	char data[];		/* the path, then the arguments */
};

int exec_image_load(const struct exec_image *img, const char *const *argv,
		    const char *const *envp, const char *execfn,
		    size_t args_max, u64 *sp);
const char *exec_basename(const char *path);
struct exec_record *exec_record_new(const char *path,
				    const char *const *argv);
int process_exe_path(struct process *p, char *buf, size_t size);
int exec_cmdline(struct process *p, char *buf, size_t size);

/*
 * Where other mechanisms plug into execve() (kernel/sys_exec.c calls
 * both, after the point of no return):
 *   exec_mm_released    the process let go of its old mm: a parent
 *                       sleeping in vfork() runs again (fork's
 *                       process_vfork_done())
 *   exec_reset_signals  caught signals go back to their default action
 *                       (ignored ones stay ignored), as Linux's
 *                       flush_signal_handlers() (signal_exec_reset())
 */
static inline void exec_mm_released(struct process *p)
{
	process_vfork_done(p);
}

static inline void exec_reset_signals(struct process *p)
{
	signal_exec_reset(p);
}

int exec_spawn_at(struct dentry *cwd, const char *path,
		  const char *const *argv, const char *const *envp,
		  struct process_output *out, int *pid);

/* exec_spawn - exec_spawn_at() in the root directory. */
static inline int exec_spawn(const char *path, const char *const *argv,
			     const char *const *envp,
			     struct process_output *out, int *pid)
{
	return exec_spawn_at(NULL, path, argv, envp, out, pid);
}

/* process_spawn - exec_spawn() without capturing the output. */
static inline int process_spawn(const char *path, const char *const *argv,
				const char *const *envp, int *pid)
{
	return exec_spawn(path, argv, envp, NULL, pid);
}

#endif
