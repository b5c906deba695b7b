/* SPDX-License-Identifier: MIT */
/*
 * Signals: Linux x86_64's structures (struct kernel_sigaction, siginfo_t,
 * stack_t, ucontext_t with its sigcontext and FPU state) and typed
 * wrappers for the signal system calls. Signal sets are the kernel's:
 * one 64-bit word, bit (sig - 1).
 *
 * sig_handle() installs a handler the way glibc does: with SA_RESTORER
 * and sig_restorer (rt/sigreturn.S) as where it returns.
 */
#ifndef USER_RT_SIGNAL_H
#define USER_RT_SIGNAL_H

#include <stdint.h>
#include "rt/syscall.h"

#define SIGHUP 1
#define SIGINT 2
#define SIGUSR1 10
#define SIGSEGV 11
#define SIGUSR2 12
#define SIGALRM 14
#define SIGTERM 15
#define SIGCONT 18
#define SIGSTOP 19
#define SIGRTMIN 32

#define SIG_DFL ((uintptr_t)0)
#define SIG_IGN ((uintptr_t)1)
#define SA_SIGINFO 0x00000004UL
#define SA_RESTORER 0x04000000UL
#define SA_ONSTACK 0x08000000UL
#define SA_RESTART 0x10000000UL
#define SA_NODEFER 0x40000000UL
#define SA_RESETHAND 0x80000000UL
#define SIG_BLOCK 0
#define SIG_UNBLOCK 1
#define SIG_SETMASK 2
#define SS_ONSTACK 1
#define SS_DISABLE 2
#define MINSIGSTKSZ 2048
#define SI_USER 0
#define SI_KERNEL 0x80
#define SI_QUEUE (-1)
#define SI_TKILL (-6)
#define ITIMER_REAL 0

#define SIGBIT(sig) (1ULL << ((sig) - 1))

typedef uint64_t ksigset_t;

struct ksigaction {
	uintptr_t handler;
	unsigned long flags;
	uintptr_t restorer;
	ksigset_t mask;
};

typedef struct {
	int si_signo;
	int si_errno;
	int si_code;
	int pad0;
	union {
		struct {
			int pid;
			uint32_t uid;
			uint64_t value;
		} kill;
		uint8_t raw[112];
	};
} ksiginfo_t;

typedef struct {
	void *ss_sp;
	int ss_flags;
	uint64_t ss_size;
} kstack_t;

struct ksigcontext {
	uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
	uint64_t rdi, rsi, rbp, rbx, rdx, rax, rcx, rsp, rip, eflags;
	uint16_t cs, gs, fs, ss;
	uint64_t err, trapno, oldmask, cr2;
	uint64_t fpstate;
	uint64_t reserved1[8];
};

struct kucontext {
	uint64_t uc_flags;
	struct kucontext *uc_link;
	kstack_t uc_stack;
	struct ksigcontext uc_mcontext;
	ksigset_t uc_sigmask;
};

/* The legacy FXSAVE region the FPU state starts with. */
struct kfpstate {
	uint16_t cwd, swd, twd, fop;
	uint64_t rip, rdp;
	uint32_t mxcsr, mxcsr_mask;
	uint32_t st_space[32];
	uint32_t xmm_space[64];
	uint32_t padding[12];
	uint32_t sw_reserved[12];	/* _fpx_sw_bytes: magic1 first */
};

struct ktimeval {
	int64_t tv_sec, tv_usec;
};

struct kitimerval {
	struct ktimeval it_interval, it_value;
};

void sig_restorer(void);

static inline long sys_rt_sigaction(int sig, const struct ksigaction *act,
				    struct ksigaction *old, size_t size)
{
	return syscall4(SYS_rt_sigaction, sig, (long)act, (long)old,
			(long)size);
}

static inline long sys_rt_sigprocmask(int how, const ksigset_t *set,
				      ksigset_t *old, size_t size)
{
	return syscall4(SYS_rt_sigprocmask, how, (long)set, (long)old,
			(long)size);
}

static inline long sys_rt_sigpending(ksigset_t *set, size_t size)
{
	return syscall2(SYS_rt_sigpending, (long)set, (long)size);
}

static inline long sys_rt_sigsuspend(const ksigset_t *mask, size_t size)
{
	return syscall2(SYS_rt_sigsuspend, (long)mask, (long)size);
}

static inline long sys_rt_sigtimedwait(const ksigset_t *set, ksiginfo_t *info,
				       const void *timeout, size_t size)
{
	return syscall4(SYS_rt_sigtimedwait, (long)set, (long)info,
			(long)timeout, (long)size);
}

static inline long sys_rt_sigqueueinfo(int tgid, int sig,
				       const ksiginfo_t *info)
{
	return syscall3(SYS_rt_sigqueueinfo, tgid, sig, (long)info);
}

static inline long sys_sigaltstack(const kstack_t *ss, kstack_t *old)
{
	return syscall2(SYS_sigaltstack, (long)ss, (long)old);
}

static inline long sys_pause(void)
{
	return syscall0(SYS_pause);
}

static inline long sys_alarm(unsigned int seconds)
{
	return syscall1(SYS_alarm, seconds);
}

static inline long sys_setitimer(int which, const struct kitimerval *new,
				 struct kitimerval *old)
{
	return syscall3(SYS_setitimer, which, (long)new, (long)old);
}

static inline long sys_getitimer(int which, struct kitimerval *val)
{
	return syscall2(SYS_getitimer, which, (long)val);
}

static inline long sys_tkill(int tid, int sig)
{
	return syscall2(SYS_tkill, tid, sig);
}

static inline long sys_clock_nanosleep(int clock, int flags, const void *req,
				       void *rem)
{
	return syscall4(SYS_clock_nanosleep, clock, flags, (long)req,
			(long)rem);
}

/* Install @fn for @sig (SA_SIGINFO | SA_RESTORER | @flags) with
 * @mask blocked while it runs. Return: rt_sigaction's result. */
static inline long sig_handle(int sig,
			      void (*fn)(int, ksiginfo_t *, void *),
			      unsigned long flags, ksigset_t mask)
{
	struct ksigaction sa = {
		.handler = (uintptr_t)fn,
		.flags = SA_SIGINFO | SA_RESTORER | flags,
		.restorer = (uintptr_t)sig_restorer,
		.mask = mask,
	};

	return sys_rt_sigaction(sig, &sa, 0, sizeof(ksigset_t));
}

/* Block (SIG_BLOCK), unblock or set @set. Return: the mask before. */
static inline ksigset_t sig_mask(int how, ksigset_t set)
{
	ksigset_t old = 0;

	sys_rt_sigprocmask(how, &set, &old, sizeof(set));
	return old;
}

#endif
