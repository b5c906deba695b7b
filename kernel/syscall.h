/* SPDX-License-Identifier: MIT */
/*
 * The syscall layer: Linux x86_64 numbers, arguments and errnos.
 *
 * Each syscall lives in its subsystem's file and registers itself with
 * SYSCALL_DEFINEn() (n = argument count, 0..6), which puts a descriptor
 * into the linker section "syscall_table":
 *
 *	SYSCALL_DEFINE3(write, unsigned int, fd, const char __user *, buf,
 *			size_t, count)
 *	{
 *		...
 *		return count;
 *	}
 *
 * The number comes from __NR_<name> (<arch/unistd.h>). The body returns a
 * long: a result, or a negative errno, which user space sees in the
 * ABI's result register. Arguments arrive as the six u64 argument
 * registers of the ABI (<arch/syscall.h>) cast to the declared types; a
 * handler that needs the whole frame (clone, rt_sigreturn later) uses
 * syscall_regs().
 *
 * The first syscall builds a direct-indexed table from the section;
 * two handlers for one number stop the kernel then. A number without a
 * handler returns -ENOSYS and is logged once.
 *
 * Return to user mode (syscall_exit_to_user()): a pending fatal signal
 * ends the process there (kernel/process.c: every thread of the group
 * leaves), need_resched reschedules.
 */
#ifndef KERNEL_SYSCALL_H
#define KERNEL_SYSCALL_H

#include <arch/traps.h>
#include <arch/unistd.h>
#include "lib/types.h"

#ifndef __user
#define __user		/* a user-space pointer: only through uaccess */
#endif

/* Numbers the table covers: Linux's, and oomlab's test-only ones. */
#define SYSCALL_TABLE_SIZE	1024

typedef long (*syscall_fn)(const u64 *args);

struct syscall_desc {
	unsigned int nr;
	const char *name;
	syscall_fn fn;
};

#define SC_DECL1(t, a) t a
#define SC_DECL2(t, a, ...) t a, SC_DECL1(__VA_ARGS__)
#define SC_DECL3(t, a, ...) t a, SC_DECL2(__VA_ARGS__)
#define SC_DECL4(t, a, ...) t a, SC_DECL3(__VA_ARGS__)
#define SC_DECL5(t, a, ...) t a, SC_DECL4(__VA_ARGS__)
#define SC_DECL6(t, a, ...) t a, SC_DECL5(__VA_ARGS__)
#define SC_CAST1(i, t, a) (t)(args)[i]
#define SC_CAST2(i, t, a, ...) (t)(args)[i], SC_CAST1(i + 1, __VA_ARGS__)
#define SC_CAST3(i, t, a, ...) (t)(args)[i], SC_CAST2(i + 1, __VA_ARGS__)
#define SC_CAST4(i, t, a, ...) (t)(args)[i], SC_CAST3(i + 1, __VA_ARGS__)
#define SC_CAST5(i, t, a, ...) (t)(args)[i], SC_CAST4(i + 1, __VA_ARGS__)
#define SC_CAST6(i, t, a, ...) (t)(args)[i], SC_CAST5(i + 1, __VA_ARGS__)

#define SYSCALL_REGISTER(sname, snr, entry)				\
	static const struct syscall_desc __syscall_desc_##sname		\
		__attribute__((used, section("syscall_table"),		\
			       aligned(8))) = { snr, #sname, entry }

#define SYSCALL_DEFINE0(sname)						\
	static long sys_##sname(void);					\
	static long sys_##sname##_entry(const u64 *args)		\
	{								\
		(void)args;						\
		return sys_##sname();					\
	}								\
	SYSCALL_REGISTER(sname, __NR_##sname, sys_##sname##_entry);	\
	static long sys_##sname(void)

#define SYSCALL_DEFINEx(x, sname, ...)					\
	static long sys_##sname(SC_DECL##x(__VA_ARGS__));		\
	static long sys_##sname##_entry(const u64 *args)		\
	{								\
		return sys_##sname(SC_CAST##x(0, __VA_ARGS__));		\
	}								\
	SYSCALL_REGISTER(sname, __NR_##sname, sys_##sname##_entry);	\
	static long sys_##sname(SC_DECL##x(__VA_ARGS__))

#define SYSCALL_DEFINE1(sname, ...) SYSCALL_DEFINEx(1, sname, __VA_ARGS__)
#define SYSCALL_DEFINE2(sname, ...) SYSCALL_DEFINEx(2, sname, __VA_ARGS__)
#define SYSCALL_DEFINE3(sname, ...) SYSCALL_DEFINEx(3, sname, __VA_ARGS__)
#define SYSCALL_DEFINE4(sname, ...) SYSCALL_DEFINEx(4, sname, __VA_ARGS__)
#define SYSCALL_DEFINE5(sname, ...) SYSCALL_DEFINEx(5, sname, __VA_ARGS__)
#define SYSCALL_DEFINE6(sname, ...) SYSCALL_DEFINEx(6, sname, __VA_ARGS__)

void syscall_dispatch(struct trap_frame *regs);
long syscall_invoke(unsigned long nr, const u64 args[6]);
struct trap_frame *syscall_regs(void);
void syscall_exit_to_user(struct trap_frame *regs);
const struct syscall_desc *syscall_lookup(unsigned long nr);

#endif
