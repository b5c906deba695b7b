// SPDX-License-Identifier: MIT
/*
 * User memory access (<arch/uaccess.h>). Copies are one `rep movsb` or
 * `rep stosb` in the exception table: a fault leaves RCX at the bytes
 * not done, the trap code first asks mm to bring the page in (the CPU
 * then restarts the instruction where it stopped), and only if that
 * fails resumes after the instruction - so the count left in RCX is the
 * exact "bytes not copied". Single loads and stores have fixups that
 * return -EFAULT. SMAP is opened around each access and nothing else.
 */
#include <arch/extable.h>
#include <arch/uaccess.h>
#include "lib/errno.h"
#include "lib/string.h"

extern bool arch_smap_enabled;	/* usermode.c */

static inline void uaccess_begin(void)
{
	if (arch_smap_enabled)
		__asm__ volatile("stac" ::: "memory", "cc");
}

static inline void uaccess_end(void)
{
	if (arch_smap_enabled)
		__asm__ volatile("clac" ::: "memory", "cc");
}

static unsigned long raw_copy(void *to, const void *from, unsigned long n)
{
	uaccess_begin();
	__asm__ volatile("1:	rep movsb\n"
			 "2:\n\t"
			 EX_TABLE(1b, 2b)
			 : "+c"(n), "+D"(to), "+S"(from)
			 :
			 : "memory");
	uaccess_end();
	return n;
}

/**
 * copy_from_user - copy @n bytes from user space into the kernel.
 * @to: kernel destination
 * @from: user source
 * @n: bytes
 *
 * On a partial copy the rest of @to is zeroed, as in Linux, so that no
 * stale kernel data is used by mistake.
 *
 * Context: see <arch/uaccess.h>.
 * Return: the number of bytes NOT copied; 0 on success, @n when @from
 * is not a user range.
 */
unsigned long copy_from_user(void *to, const void __user *from,
			     unsigned long n)
{
	unsigned long left = n;

	if (access_ok(from, n))
		left = raw_copy(to, (const void *)from, n);
	if (left)
		memset((u8 *)to + (n - left), 0, left);
	return left;
}

/**
 * copy_to_user - copy @n bytes from the kernel to user space.
 * @to: user destination
 * @from: kernel source
 * @n: bytes
 *
 * Context: see <arch/uaccess.h>.
 * Return: the number of bytes NOT copied; 0 on success.
 */
unsigned long copy_to_user(void __user *to, const void *from, unsigned long n)
{
	if (!access_ok(to, n))
		return n;
	return raw_copy((void *)to, from, n);
}

/**
 * clear_user - zero @n bytes of user memory.
 * @to: user destination
 * @n: bytes
 *
 * Context: see <arch/uaccess.h>.
 * Return: the number of bytes NOT zeroed; 0 on success.
 */
unsigned long clear_user(void __user *to, unsigned long n)
{
	void *d = (void *)to;

	if (!access_ok(to, n))
		return n;
	uaccess_begin();
	__asm__ volatile("1:	rep stosb\n"
			 "2:\n\t"
			 EX_TABLE(1b, 2b)
			 : "+c"(n), "+D"(d)
			 : "a"(0)
			 : "memory");
	uaccess_end();
	return n;
}

/* One user load/store of @type with an -EFAULT fixup. */
#define UACCESS_LOAD(type, insn, val, ptr)				\
	({								\
		int __err = 0;						\
		type __v;						\
		__asm__ volatile("1:	" insn " (%[p]), %[v]\n"	\
				 "2:\n\t"				\
				 ".pushsection .text.fixup, \"ax\"\n"	\
				 "3:	movl %[ef], %[err]\n\t"		\
				 "xorl %k[v], %k[v]\n\t"		\
				 "jmp 2b\n\t"				\
				 ".popsection\n\t"			\
				 EX_TABLE(1b, 3b)			\
				 : [err] "+r"(__err), [v] "=q"(__v)	\
				 : [p] "r"(ptr), [ef] "i"(-EFAULT)	\
				 : "memory");				\
		*(val) = __v;						\
		__err;							\
	})

#define UACCESS_STORE(insn, val, ptr)					\
	({								\
		int __err = 0;						\
		__asm__ volatile("1:	" insn " %[v], (%[p])\n"	\
				 "2:\n\t"				\
				 ".pushsection .text.fixup, \"ax\"\n"	\
				 "3:	movl %[ef], %[err]\n\t"		\
				 "jmp 2b\n\t"				\
				 ".popsection\n\t"			\
				 EX_TABLE(1b, 3b)			\
				 : [err] "+r"(__err)			\
				 : [v] "r"(val), [p] "r"(ptr),		\
				   [ef] "i"(-EFAULT)			\
				 : "memory");				\
		__err;							\
	})

/**
 * strncpy_from_user - copy a NUL-terminated string from user space.
 * @dst: kernel buffer of at least @count bytes
 * @src: user string
 * @count: most bytes to copy, the NUL included
 *
 * Context: see <arch/uaccess.h>.
 * Return: the string's length (the NUL copied too) if it is shorter than
 * @count; @count if no NUL came first (@dst is then not terminated);
 * -EFAULT if a byte could not be read or the string runs out of the
 * user half.
 */
long strncpy_from_user(char *dst, const char __user *src, long count)
{
	u64 a = (u64)src;
	long max, i;
	int err = 0;

	if (count <= 0)
		return 0;
	if (a >= USER_ADDR_END)
		return -EFAULT;
	max = (u64)count < USER_ADDR_END - a ? count :
					       (long)(USER_ADDR_END - a);
	uaccess_begin();
	for (i = 0; i < max; i++) {
		u8 c;

		err = UACCESS_LOAD(u8, "movb", &c, (const u8 *)src + i);
		if (err)
			break;
		dst[i] = (char)c;
		if (!c)
			break;
	}
	uaccess_end();
	if (err)
		return -EFAULT;
	if (i < max)
		return i;
	return max < count ? -EFAULT : count;
}

/**
 * get_user_u32 - read a u32 from user space.
 * @val: where it goes (0 on failure)
 * @ptr: user address
 *
 * Context: see <arch/uaccess.h>.
 * Return: 0, or -EFAULT.
 */
int get_user_u32(u32 *val, const u32 __user *ptr)
{
	int err;

	*val = 0;
	if (!access_ok(ptr, sizeof(*ptr)))
		return -EFAULT;
	uaccess_begin();
	err = UACCESS_LOAD(u32, "movl", val, ptr);
	uaccess_end();
	return err;
}

/**
 * get_user_u64 - read a u64 from user space.
 * @val: where it goes (0 on failure)
 * @ptr: user address
 *
 * Context: see <arch/uaccess.h>.
 * Return: 0, or -EFAULT.
 */
int get_user_u64(u64 *val, const u64 __user *ptr)
{
	int err;

	*val = 0;
	if (!access_ok(ptr, sizeof(*ptr)))
		return -EFAULT;
	uaccess_begin();
	err = UACCESS_LOAD(u64, "movq", val, ptr);
	uaccess_end();
	return err;
}

/**
 * put_user_u32 - write a u32 to user space.
 * @val: the value
 * @ptr: user address
 *
 * Context: see <arch/uaccess.h>.
 * Return: 0, or -EFAULT.
 */
int put_user_u32(u32 val, u32 __user *ptr)
{
	int err;

	if (!access_ok(ptr, sizeof(*ptr)))
		return -EFAULT;
	uaccess_begin();
	err = UACCESS_STORE("movl", val, ptr);
	uaccess_end();
	return err;
}

/**
 * put_user_u64 - write a u64 to user space.
 * @val: the value
 * @ptr: user address
 *
 * Context: see <arch/uaccess.h>.
 * Return: 0, or -EFAULT.
 */
int put_user_u64(u64 val, u64 __user *ptr)
{
	int err;

	if (!access_ok(ptr, sizeof(*ptr)))
		return -EFAULT;
	uaccess_begin();
	err = UACCESS_STORE("movq", val, ptr);
	uaccess_end();
	return err;
}

/**
 * arch_futex_cmpxchg_user - compare and exchange a user futex word
 * atomically (Linux's futex_atomic_cmpxchg_inatomic()).
 * @uaddr: 4-byte aligned user address
 * @old: the value expected
 * @new: the value to store if it is there
 * @cur: set to the value found (@old when the exchange happened)
 *
 * Context: see <arch/uaccess.h>.
 * Return: 0, or -EFAULT.
 */
int arch_futex_cmpxchg_user(u32 __user *uaddr, u32 old, u32 new, u32 *cur)
{
	int err = 0;

	if (!access_ok(uaddr, sizeof(*uaddr)))
		return -EFAULT;
	uaccess_begin();
	__asm__ volatile("1:	lock cmpxchgl %[n], (%[p])\n"
			 "2:\n\t"
			 ".pushsection .text.fixup, \"ax\"\n"
			 "3:	movl %[ef], %[err]\n\t"
			 "jmp 2b\n\t"
			 ".popsection\n\t"
			 EX_TABLE(1b, 3b)
			 : [err] "+r"(err), "+a"(old)
			 : [n] "r"(new), [p] "r"(uaddr), [ef] "i"(-EFAULT)
			 : "memory", "cc");
	uaccess_end();
	*cur = old;
	return err;
}
