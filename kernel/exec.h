/* SPDX-License-Identifier: MIT */
/*
 * Spawning user processes from the kernel: a static ELF64 executable of
 * the initramfs becomes a new process (a fresh mm, its first thread) that
 * starts in user mode with the SysV initial stack (argc, argv, envp,
 * auxv). No fork and no execve(2) yet: only the kernel starts programs.
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

#include "kernel/process.h"
#include "lib/types.h"

#define EXEC_STACK_TOP		0x00007ffffffff000UL	/* MM_TASK_SIZE */
#define EXEC_STACK_INIT		(128UL << 10)	/* mapped at first */
#define EXEC_ARGS_MAX		8192		/* strings + vectors */

int exec_spawn(const char *path, const char *const *argv,
	       const char *const *envp, struct process_output *out,
	       int *pid);

/* process_spawn - exec_spawn() without capturing the output. */
static inline int process_spawn(const char *path, const char *const *argv,
				const char *const *envp, int *pid)
{
	return exec_spawn(path, argv, envp, NULL, pid);
}

#endif
