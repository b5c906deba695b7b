/* SPDX-License-Identifier: MIT */
/*
 * Kernel access to user memory. Every user pointer the kernel follows
 * goes through these routines: they check the range lies in the user
 * half (access_ok), open SMAP for exactly the access (stac/clac, when the
 * CPU has SMAP), and turn a fault into an error through the exception
 * table instead of an oops. A fault on a user page that is valid but not
 * present first goes to the mm fault handler (demand paging); only what
 * mm cannot resolve becomes an error.
 *
 * Contracts are Linux's:
 *   copy_from_user, copy_to_user, clear_user   bytes NOT copied (0: all)
 *   strncpy_from_user                          length, or -EFAULT
 *   get_user_*, put_user_*                     0, or -EFAULT
 *   get_user(x, p), put_user(x, p)             0, or -EFAULT; by the
 *                                              size of *p (4 or 8 bytes)
 *
 * Context for all: process context; may sleep (the fault handler may),
 * unless called with interrupts or preemption off, or between
 * pagefault_disable() and pagefault_enable(), in which case a
 * not-present page is simply -EFAULT.
 *
 * Never under a spinlock or a lock another process may wait for: the
 * fault handler sleeps on the caller's mmap_lock, which one of its own
 * threads may hold for seconds. Read with faults disabled under such a
 * lock; on -EFAULT drop it, fault the page in with a plain access, and
 * retry (Linux's futex does so; kernel/futex.c here).
 */
#ifndef ARCH_UACCESS_H
#define ARCH_UACCESS_H

#include <arch/usermode.h>
#include "kernel/preempt.h"
#include "lib/types.h"

#ifndef __user
#define __user		/* a user-space pointer: only through uaccess */
#endif

/*
 * access_ok - may [@ptr, @ptr + @len) be a user range? True when it lies
 * below USER_ADDR_END without wrapping; says nothing about mappings.
 */
static inline bool access_ok(const void __user *ptr, size_t len)
{
	u64 a = (u64)ptr;

	return a <= USER_ADDR_END && len <= USER_ADDR_END - a;
}

/*
 * pagefault_disable - until pagefault_enable(), a uaccess routine that
 * meets a not-present page returns -EFAULT at once instead of handling
 * the fault (which may sleep). The fault handler declines kernel-mode
 * faults while the preempt count is raised, so this is a preempt count:
 * the name says why it is taken. Nests. Context: any task context.
 */
static inline void pagefault_disable(void)
{
	preempt_disable();
}

static inline void pagefault_enable(void)
{
	preempt_enable();
}

unsigned long copy_from_user(void *to, const void __user *from,
			     unsigned long n);
unsigned long copy_to_user(void __user *to, const void *from,
			   unsigned long n);
unsigned long clear_user(void __user *to, unsigned long n);
long strncpy_from_user(char *dst, const char __user *src, long count);
int get_user_u32(u32 *val, const u32 __user *ptr);
int get_user_u64(u64 *val, const u64 __user *ptr);
int put_user_u32(u32 val, u32 __user *ptr);
int put_user_u64(u64 val, u64 __user *ptr);
int arch_futex_cmpxchg_user(u32 __user *uaddr, u32 old, u32 new, u32 *cur);

/* Other sizes: a link error (as in Linux, a bad size must not build). */
int __uaccess_bad_size(void);

/* Linux's generic forms: the access size comes from the pointer type. */
#define get_user(x, ptr)						\
	({								\
		int __gu_err;						\
		u64 __gu_v = 0;						\
		if (sizeof(*(ptr)) == 8) {				\
			__gu_err = get_user_u64(&__gu_v,		\
					(const u64 __user *)(ptr));	\
		} else if (sizeof(*(ptr)) == 4) {			\
			u32 __gu_v32;					\
			__gu_err = get_user_u32(&__gu_v32,		\
					(const u32 __user *)(ptr));	\
			__gu_v = __gu_v32;				\
		} else {						\
			__gu_err = __uaccess_bad_size();		\
		}							\
		(x) = (__typeof__(*(ptr)))__gu_v;			\
		__gu_err;						\
	})

#define put_user(x, ptr)						\
	({								\
		u64 __pu_v = (u64)(x);					\
		sizeof(*(ptr)) == 8 ?					\
			put_user_u64(__pu_v, (u64 __user *)(ptr)) :	\
		sizeof(*(ptr)) == 4 ?					\
			put_user_u32((u32)__pu_v, (u32 __user *)(ptr)) : \
			__uaccess_bad_size();				\
	})

#endif
