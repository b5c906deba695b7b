// SPDX-License-Identifier: MIT
/*
 * User mode, the CPU side (<arch/usermode.h>): the syscall MSRs, SMEP,
 * SMAP and UMIP, the x87/SSE set-up (<arch/fpu.h>), the kernel stack for
 * entries from ring 3, per-task FS/GS bases and x87/SSE registers, and
 * user excursions for kernel tests.
 *
 * Invariant: while a CPU runs kernel code, GS_BASE is its per-CPU area
 * and KERNEL_GS_BASE is the user GS base of the task on it; FS_BASE is
 * that task's (the kernel never uses FS).
 *
 * Locking: [I] set on each CPU at bring-up; [r] run_lock.
 */
#include <arch/cpu.h>
#include <arch/fpu.h>
#include <arch/gdt.h>
#include <arch/percpu.h>
#include <arch/syscall.h>
#include <arch/uaccess.h>
#include <arch/usermode.h>
#include "kernel/spinlock.h"
#include "kernel/syscall.h"
#include "kernel/task.h"
#include "lib/errno.h"

#define MSR_EFER		0xc0000080
#define MSR_STAR		0xc0000081
#define MSR_LSTAR		0xc0000082
#define MSR_SFMASK		0xc0000084
#define MSR_FS_BASE		0xc0000100
#define MSR_KERNEL_GS_BASE	0xc0000102
#define EFER_SCE		(1UL << 0)
#define CR4_UMIP		(1UL << 11)
#define CR4_SMEP		(1UL << 20)
#define CR4_SMAP		(1UL << 21)
#define CPUID7_EBX_SMEP		(1U << 7)
#define CPUID7_EBX_SMAP		(1U << 20)
#define CPUID7_ECX_UMIP		(1U << 2)

_Static_assert(__builtin_offsetof(struct percpu, kernel_stack_top) ==
		       PERCPU_KERNEL_STACK_TOP, "syscall.S per-CPU offset");

void arch_syscall_entry(void);					/* syscall.S */
long arch_user_run_enter(struct arch_user_run *r, vaddr_t entry,
			 vaddr_t user_stack);			/* syscall.S */
__noreturn void arch_user_run_resume(struct arch_user_run *r, long val);

bool arch_smap_enabled;		/* [I] read by entry.S and uaccess */
static bool smep_enabled;	/* [I] */
static bool umip_enabled;	/* [I] */


/* Excursions in progress ([r]): a handful at most, one per task. */
static struct arch_user_run *runs;
static struct spinlock run_lock = SPINLOCK_INIT("user_run");

static inline void write_cr4(u64 v)
{
	__asm__ volatile("mov %0, %%cr4" : : "r"(v) : "memory");
}

/**
 * arch_user_init_cpu - make the calling CPU ready to run user code.
 *
 * SYSCALL enters at arch_syscall_entry with the kernel's CS/SS (STAR
 * bits 47:32) and masks IF, DF, TF, AC, NT and IOPL; SYSRET takes the
 * user's from STAR bits 63:48 (SS = +8, CS = +16, see <arch/gdt.h>).
 * SMEP and SMAP are turned on when CPUID has them, and so is UMIP:
 * without it ring 3 reads the GDT and IDT bases (sgdt, sidt, sldt, str,
 * smsw), which say where kernel data lies. Then ring 3 gets x87/SSE/AVX
 * with per-task state (arch_fpu_init_cpu()).
 *
 * Context: CPU bring-up (gdt_init_cpu()), interrupts off.
 */
void arch_user_init_cpu(void)
{
	u64 star = (u64)(GDT_SYSRET_BASE | 3) << 48 |
		   (u64)GDT_KERNEL_CS << 32;
	struct cpuid_regs r = { 0 };
	u64 cr4 = arch_read_cr4();

	arch_wrmsr(MSR_STAR, star);
	arch_wrmsr(MSR_LSTAR, (u64)arch_syscall_entry);
	arch_wrmsr(MSR_SFMASK, X86_RFLAGS_TF | X86_RFLAGS_IF | X86_RFLAGS_DF |
				       X86_RFLAGS_AC | X86_RFLAGS_NT |
				       X86_RFLAGS_IOPL);
	arch_wrmsr(MSR_EFER, arch_rdmsr(MSR_EFER) | EFER_SCE);
	arch_wrmsr(MSR_FS_BASE, 0);
	if (arch_cpuid(0, 0).eax >= 7)
		r = arch_cpuid(7, 0);
	if (r.ebx & CPUID7_EBX_SMEP) {
		cr4 |= CR4_SMEP;
		smep_enabled = true;
	}
	if (r.ebx & CPUID7_EBX_SMAP) {
		cr4 |= CR4_SMAP;
		arch_smap_enabled = true;
	}
	if (r.ecx & CPUID7_ECX_UMIP) {
		cr4 |= CR4_UMIP;
		umip_enabled = true;
	}
	write_cr4(cr4);
	arch_fpu_init_cpu();
}

/* Context: any. Return: whether kernel fetches from user pages fault. */
bool arch_has_smep(void)
{
	return smep_enabled;
}

/* Context: any. Return: whether kernel data accesses to user pages
 * fault outside the uaccess routines. */
bool arch_has_smap(void)
{
	return arch_smap_enabled;
}

/* Context: any. Return: whether sgdt/sidt/sldt/str/smsw fault in ring 3. */
bool arch_has_umip(void)
{
	return umip_enabled;
}

/**
 * arch_set_kernel_stack - the stack entries from user mode land on.
 * @top: one past the highest byte of the running task's kernel stack,
 *	 16-byte aligned
 *
 * Sets TSS.rsp0 (interrupts, exceptions) and percpu->kernel_stack_top
 * (syscall). The scheduler calls it for the next task on every switch,
 * after making it current: a task in arch_user_run() gets the stack top
 * of its excursion instead.
 *
 * Context: interrupts off, on the CPU that will run the task (current).
 */
void arch_set_kernel_stack(u64 top)
{
	struct percpu *p = arch_this_cpu();

	/* A task in a user excursion enters the kernel below its caller. */
	if (unlikely(__atomic_load_n(&runs, __ATOMIC_RELAXED))) {
		struct arch_user_run *r = arch_user_run_current();

		if (r)
			top = r->stack_top;
	}
	p->kernel_stack_top = top;
	gdt_set_kernel_stack(p->cpu, top);
}

/**
 * arch_user_switch - save one task's user FS/GS bases and x87/SSE/AVX
 * registers, load another's.
 * @prev: the state of the task being switched out
 * @next: the state of the task being switched in
 *
 * Context: the scheduler's switch path, interrupts off, kernel GS.
 */
void arch_user_switch(struct arch_user_state *prev,
		      const struct arch_user_state *next)
{
	prev->fs_base = arch_rdmsr(MSR_FS_BASE);
	prev->gs_base = arch_rdmsr(MSR_KERNEL_GS_BASE);
	if (next->fs_base != prev->fs_base)
		arch_wrmsr(MSR_FS_BASE, next->fs_base);
	if (next->gs_base != prev->gs_base)
		arch_wrmsr(MSR_KERNEL_GS_BASE, next->gs_base);
	arch_fpu_switch(prev->fpu, next->fpu);
}

/* Context: the task itself. Return: its FS base. */
u64 arch_get_fs_base(void)
{
	return arch_rdmsr(MSR_FS_BASE);
}

/* Context: the task itself, in the kernel. Return: its user GS base. */
u64 arch_get_user_gs_base(void)
{
	return arch_rdmsr(MSR_KERNEL_GS_BASE);
}

/**
 * arch_set_fs_base - set the running task's FS base (its TLS pointer).
 * @base: a user-half address
 *
 * Context: the task itself.
 * Return: 0, or -EPERM outside the user half (Linux's errno).
 */
int arch_set_fs_base(u64 base)
{
	if (!arch_user_addr_ok(base))
		return -EPERM;
	arch_wrmsr(MSR_FS_BASE, base);
	return 0;
}

/**
 * arch_set_user_gs_base - set the GS base the task will see in user mode.
 * @base: a user-half address
 *
 * Context: the task itself, in the kernel (the user's GS base is the
 * inactive one, in KERNEL_GS_BASE).
 * Return: 0, or -EPERM outside the user half.
 */
int arch_set_user_gs_base(u64 base)
{
	if (!arch_user_addr_ok(base))
		return -EPERM;
	arch_wrmsr(MSR_KERNEL_GS_BASE, base);
	return 0;
}

/**
 * arch_prctl - the x86_64 arch_prctl() syscall's work.
 * @code: ARCH_SET_FS, ARCH_GET_FS, ARCH_SET_GS or ARCH_GET_GS
 * @addr: the base to set, or where to store the base (user pointer)
 *
 * Context: process context of the task itself.
 * Return: 0; -EPERM for a base outside the user half; -EFAULT for a bad
 * @addr on GET; -EINVAL for another code.
 */
long arch_prctl(int code, u64 addr)
{
	switch (code) {
	case ARCH_SET_FS:
		return arch_set_fs_base(addr);
	case ARCH_SET_GS:
		return arch_set_user_gs_base(addr);
	case ARCH_GET_FS:
		return put_user_u64(arch_get_fs_base(), (u64 __user *)addr);
	case ARCH_GET_GS:
		return put_user_u64(arch_get_user_gs_base(),
				    (u64 __user *)addr);
	default:
		return -EINVAL;
	}
}

SYSCALL_DEFINE2(arch_prctl, int, code, u64, addr)
{
	return arch_prctl(code, addr);
}

/**
 * arch_enter_user_frame - enter user mode with the registers of @frame:
 * a thread made by clone() starts with its parent's syscall frame, RAX 0
 * and its own stack pointer.
 * @frame: the user register state, anywhere in kernel memory (this
 *	   task's stack included); CS/SS must be the user selectors
 *
 * The frame is copied to the top of the running task's kernel stack,
 * where entries from user mode build theirs, and restored from there by
 * the common return path (sysret for an unchanged syscall frame, iret
 * otherwise).
 * Context: the task itself, its mm loaded, interrupts on or off, no locks
 * held; the caller did the return-to-user work. Does not return.
 */
__noreturn void arch_enter_user_frame(const struct trap_frame *frame)
{
	u64 n = sizeof(*frame) / 8, top;
	u64 src = (u64)frame + sizeof(*frame) - 8, dst;

	arch_irq_disable();
	top = arch_kernel_stack_top() - sizeof(*frame);
	dst = top + sizeof(*frame) - 8;
	/*
	 * Backwards: @frame may lie just below the destination, overlapping
	 * it. Nothing touches the stack between the copy and the jump (the
	 * copy may overwrite this function's own frame).
	 */
	__asm__ volatile("std\n\t"
			 "rep movsq\n\t"
			 "cld\n\t"
			 "mov %[top], %%rsp\n\t"
			 "jmp arch_return_to_user"
			 : "+S"(src), "+D"(dst), "+c"(n)
			 : [top] "r"(top)
			 : "memory");
	__builtin_unreachable();
}

/**
 * arch_user_run - run user code until it hands control back.
 * @r: the excursion's state, owned by the caller until this returns
 * @entry: user RIP to start at (mapped in the current page tables)
 * @user_stack: user RSP
 *
 * The user code runs with interrupts on, on the calling task's stack
 * below this frame. It ends when a syscall handler calls
 * arch_user_run_leave() or when the "process" would die of a fatal
 * signal (the value is then -signal and the task's kill is consumed).
 *
 * Context: process context of a task bound to one CPU, may sleep.
 * Return: the value given to arch_user_run_leave(), or -signal.
 */
long arch_user_run(struct arch_user_run *r, vaddr_t entry, vaddr_t user_stack)
{
	unsigned long flags;
	long ret;

	r->owner = current;
	r->signal = 0;
	r->prev_stack_top = arch_kernel_stack_top();	/* see there */
	r->stack_top = r->prev_stack_top;	/* until it enters */
	flags = spin_lock_irqsave(&run_lock);
	r->next = runs;
	runs = r;
	spin_unlock_irqrestore(&run_lock, flags);

	ret = arch_user_run_enter(r, entry, user_stack);
	if (r->signal)
		__atomic_store_n(&current->kill_pending, false,
				 __ATOMIC_RELEASE);
	return ret;
}

/**
 * arch_user_run_leave - end the running task's excursion.
 * @r: its state
 * @val: what arch_user_run() returns
 *
 * Context: the excursion's task, in the kernel (a syscall handler or the
 * return-to-user path); does not return.
 */
__noreturn void arch_user_run_leave(struct arch_user_run *r, long val)
{
	struct arch_user_run **pp;

	arch_irq_disable();
	if (val < 0 && !r->signal && fatal_signal_pending(current))
		r->signal = (int)-val;
	spin_lock(&run_lock);
	for (pp = &runs; *pp != r; pp = &(*pp)->next)
		;
	*pp = r->next;
	spin_unlock(&run_lock);
	arch_set_kernel_stack(r->prev_stack_top);
	arch_user_run_resume(r, val);
}

/**
 * arch_user_run_current - the running task's excursion, if any.
 *
 * Context: any context of the task.
 * Return: its state, or NULL if the task is not in arch_user_run().
 */
struct arch_user_run *arch_user_run_current(void)
{
	unsigned long flags = spin_lock_irqsave(&run_lock);
	struct arch_user_run *r = runs;

	while (r && r->owner != current)
		r = r->next;
	spin_unlock_irqrestore(&run_lock, flags);
	return r;
}
