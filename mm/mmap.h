/* SPDX-License-Identifier: MIT */
/*
 * The memory-mapping system calls' logic, on a struct mm and kernel
 * values, with Linux's flags, semantics and errnos: mmap, munmap,
 * mprotect, madvise, mlock/mlock2/munlock/mlockall/munlockall, mincore
 * and brk. The syscall layer copies arguments in and results out.
 *
 * Only anonymous memory exists: private (pages per mm) and shared (one
 * page set per mapping, shared by the threads of the mm). RLIMIT_MEMLOCK
 * and RLIMIT_AS bind as in Linux (mm/rlimit_vm.h); root's CAP_IPC_LOCK
 * lifts RLIMIT_MEMLOCK.
 */
#ifndef MM_MMAP_H
#define MM_MMAP_H

#include "lib/types.h"

struct file;
struct mm;

#define PROT_NONE		0x0
#define PROT_READ		0x1
#define PROT_WRITE		0x2
#define PROT_EXEC		0x4
#define PROT_GROWSDOWN		0x01000000
#define PROT_GROWSUP		0x02000000

#define MAP_SHARED		0x01
#define MAP_PRIVATE		0x02
#define MAP_SHARED_VALIDATE	0x03
#define MAP_TYPE		0x0f
#define MAP_FIXED		0x10
#define MAP_ANONYMOUS		0x20
#define MAP_GROWSDOWN		0x0100
#define MAP_DENYWRITE		0x0800
#define MAP_EXECUTABLE		0x1000
#define MAP_LOCKED		0x2000
#define MAP_NORESERVE		0x4000
#define MAP_POPULATE		0x8000
#define MAP_NONBLOCK		0x10000
#define MAP_STACK		0x20000
#define MAP_HUGETLB		0x40000
#define MAP_FIXED_NOREPLACE	0x100000

#define MADV_NORMAL		0
#define MADV_RANDOM		1
#define MADV_SEQUENTIAL		2
#define MADV_WILLNEED		3
#define MADV_DONTNEED		4
#define MADV_FREE		8
#define MADV_POPULATE_READ	22
#define MADV_POPULATE_WRITE	23

#define MLOCK_ONFAULT		0x01
#define MCL_CURRENT		1
#define MCL_FUTURE		2
#define MCL_ONFAULT		4

long do_mmap(struct mm *mm, vaddr_t addr, size_t len, unsigned long prot,
	     unsigned long flags, int fd, u64 off);
long do_mmap_file(struct mm *mm, vaddr_t addr, size_t len,
		  unsigned long prot, unsigned long flags, struct file *file,
		  u64 off);
int do_munmap(struct mm *mm, vaddr_t start, size_t len);
int do_mprotect(struct mm *mm, vaddr_t start, size_t len,
		unsigned long prot);
int do_madvise(struct mm *mm, vaddr_t start, size_t len, int advice);

/* msync(2) flags (Linux's values); do_msync() is in mm/msync.c. */
#define MS_ASYNC		1
#define MS_INVALIDATE		2
#define MS_SYNC			4
int do_msync(struct mm *mm, vaddr_t start, size_t len, int flags);
int do_mlock(struct mm *mm, vaddr_t start, size_t len);
int do_mlock2(struct mm *mm, vaddr_t start, size_t len, unsigned int flags);
int do_munlock(struct mm *mm, vaddr_t start, size_t len);
int do_mlockall(struct mm *mm, unsigned int flags);
int do_munlockall(struct mm *mm);
int do_mincore(struct mm *mm, vaddr_t start, size_t len, u8 *vec);
vaddr_t do_brk(struct mm *mm, vaddr_t brk);

void mmap_vm_account(struct mm *mm, unsigned long vm_flags, long npages);

#endif
