// SPDX-License-Identifier: MIT
/*
 * The memory system calls: thin wrappers around mm's do_*() functions
 * (mm/mmap.h), which hold Linux's semantics and errnos. This file adds
 * what needs user memory: mincore's vector is filled a chunk at a time
 * in a kernel page and copied out. A task without an mm (a kernel test's
 * user excursion) gets -EINVAL, since it has nothing to map into.
 */
#include <arch/uaccess.h>
#include "kernel/syscall.h"
#include "kernel/task.h"
#include "lib/errno.h"
#include "mm/mm.h"
#include "mm/mmap.h"
#include "mm/page_alloc.h"

#define NO_MM	(-EINVAL)

SYSCALL_DEFINE6(mmap, u64, addr, u64, len, u64, prot, u64, flags, int, fd,
		u64, off)
{
	if (!current->mm)
		return NO_MM;
	if (off & (PAGE_SIZE - 1))
		return -EINVAL;
	return do_mmap(current->mm, addr, len, prot, flags, fd, off);
}

SYSCALL_DEFINE2(munmap, u64, addr, u64, len)
{
	return current->mm ? do_munmap(current->mm, addr, len) : NO_MM;
}

SYSCALL_DEFINE3(mprotect, u64, addr, u64, len, u64, prot)
{
	return current->mm ? do_mprotect(current->mm, addr, len, prot) : NO_MM;
}

SYSCALL_DEFINE3(madvise, u64, addr, u64, len, int, advice)
{
	return current->mm ? do_madvise(current->mm, addr, len, advice) :
			     NO_MM;
}

SYSCALL_DEFINE2(mlock, u64, addr, u64, len)
{
	return current->mm ? do_mlock(current->mm, addr, len) : NO_MM;
}

SYSCALL_DEFINE3(mlock2, u64, addr, u64, len, unsigned int, flags)
{
	return current->mm ? do_mlock2(current->mm, addr, len, flags) : NO_MM;
}

SYSCALL_DEFINE2(munlock, u64, addr, u64, len)
{
	return current->mm ? do_munlock(current->mm, addr, len) : NO_MM;
}

SYSCALL_DEFINE1(mlockall, int, flags)
{
	return current->mm ? do_mlockall(current->mm, (unsigned int)flags) :
			     NO_MM;
}

SYSCALL_DEFINE0(munlockall)
{
	return current->mm ? do_munlockall(current->mm) : NO_MM;
}

SYSCALL_DEFINE1(brk, u64, brk)
{
	return current->mm ? (long)do_brk(current->mm, brk) : NO_MM;
}

/*
 * Linux's order of checks: an unaligned start is -EINVAL, a range outside
 * user space -ENOMEM, a vector that cannot hold one byte per page
 * -EFAULT; then the vector is filled a page of bytes (PAGE_SIZE pages of
 * memory) at a time, and a fault copying it out is -EFAULT.
 */
SYSCALL_DEFINE3(mincore, u64, start, u64, len, u8 __user *, vec)
{
	struct mm *mm = current->mm;
	u64 pages, done = 0;
	u8 *buf;
	long r = 0;

	if (!mm)
		return NO_MM;
	if (start & (PAGE_SIZE - 1))
		return -EINVAL;
	if (!access_ok((void __user *)start, len))
		return -ENOMEM;
	pages = len / PAGE_SIZE + (len % PAGE_SIZE != 0);
	if (!access_ok(vec, pages))
		return -EFAULT;
	buf = __get_free_pages(GFP_KERNEL, 0);
	if (!buf)
		return -EAGAIN;
	while (done < pages) {
		u64 n = pages - done < PAGE_SIZE ? pages - done : PAGE_SIZE;

		r = do_mincore(mm, start + done * PAGE_SIZE, n * PAGE_SIZE,
			       buf);
		if (r)
			break;
		if (copy_to_user(vec + done, buf, n)) {
			r = -EFAULT;
			break;
		}
		done += n;
	}
	free_pages_addr(buf, 0);
	return r;
}
