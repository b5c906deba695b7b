// SPDX-License-Identifier: MIT
/*
 * Per-task x87/MMX/SSE/AVX state (<arch/fpu.h>): CPU set-up (CR0, CR4,
 * XCR0), eager save and restore on every switch between user tasks, the
 * initial image, clone's copy and the signal code of a math fault.
 *
 * Invariant: while a user task runs, its state is in the registers and
 * nowhere else; while it is switched out, its image holds it. So the
 * registers are read (saved) only from the task that owns them: by the
 * switch on its way out, by clone in the parent, by a math fault in the
 * faulting task.
 *
 * Locking: see <arch/fpu.h>; xfeatures and image_size are [I] (written
 * by the boot CPU before any other CPU or any user task runs).
 */
#include <arch/cpu.h>
#include <arch/fpu.h>
#include <arch/layout.h>
#include <arch/percpu.h>
#include <arch/traps.h>
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/signal.h"
#include "lib/string.h"

#define CR0_MP			(1UL << 1)	/* WAIT/FWAIT honours TS */
#define CR0_EM			(1UL << 2)	/* x87 emulation: #NM */
#define CR0_TS			(1UL << 3)	/* lazy switching: #NM */
#define CR0_NE			(1UL << 5)	/* x87 errors raise #MF */
#define CR4_OSFXSR		(1UL << 9)	/* FXSAVE, SSE allowed */
#define CR4_OSXMMEXCPT		(1UL << 10)	/* SSE errors raise #XM */
#define CR4_OSXSAVE		(1UL << 18)	/* XSAVE, XGETBV/XSETBV */
#define CPUID1_ECX_XSAVE	(1U << 26)
#define CPUID_LEAF_XSTATE	0xd

/* x87 status / MXCSR exception flags; the masks sit at the same bits of
 * FCW and, shifted left by 7, of MXCSR. */
#define FPU_EX_INVALID		0x001
#define FPU_EX_DENORMAL		0x002
#define FPU_EX_ZERODIV		0x004
#define FPU_EX_OVERFLOW		0x008
#define FPU_EX_UNDERFLOW	0x010
#define FPU_EX_PRECISION	0x020
#define MXCSR_MASK_SHIFT	7

#define FPU_WANTED_FEATURES \
	(XFEATURE_MASK_X87 | XFEATURE_MASK_SSE | XFEATURE_MASK_AVX)

static u64 xfeatures;			/* [I] XCR0; 0: FXSAVE only */
static u32 image_size = sizeof(struct arch_fxregs);	/* [I] */
static bool set_up;			/* [I] the boot CPU has been here */

static inline void write_cr0(u64 v)
{
	__asm__ volatile("mov %0, %%cr0" : : "r"(v) : "memory");
}

static inline void write_cr4(u64 v)
{
	__asm__ volatile("mov %0, %%cr4" : : "r"(v) : "memory");
}

static inline void xsetbv(u32 reg, u64 v)
{
	__asm__ volatile("xsetbv"
			 : : "c"(reg), "a"((u32)v), "d"((u32)(v >> 32)));
}

/* The boot CPU decides what is switched; other CPUs enable the same. */
static void xstate_setup_boot(void)
{
	struct cpuid_regs x = arch_cpuid(CPUID_LEAF_XSTATE, 0);
	u64 supported = x.eax | (u64)x.edx << 32;

	xfeatures = supported & FPU_WANTED_FEATURES;
	xsetbv(0, xfeatures);
	/* EBX: the image size for the components enabled in XCR0 now. */
	image_size = arch_cpuid(CPUID_LEAF_XSTATE, 0).ebx;
	/* task_create_user() gives each task one page. */
	BUG_ON(arch_fpu_size() > PAGE_SIZE);
}

/**
 * arch_fpu_init_cpu - let ring 3 use x87/SSE/AVX with per-task state.
 *
 * CR0: no emulation, no lazy-switch trap (TS, EM clear), MP set so that
 * WAIT follows TS, and NE set so that a pending unmasked x87 exception
 * raises #MF (with NE clear it would go to the legacy FERR# pin and be
 * lost). CR4: FXSAVE/SSE, #XM for SSE exceptions, and XSAVE where CPUID
 * has it, with XCR0 = what the CPU has of x87|SSE|AVX. The registers are
 * then put in their initial state.
 *
 * Context: CPU bring-up (arch_user_init_cpu()), interrupts off; the boot
 * CPU first.
 */
void arch_fpu_init_cpu(void)
{
	bool has_xsave = arch_cpuid(1, 0).ecx & CPUID1_ECX_XSAVE;
	u32 mxcsr = FPU_MXCSR_DEFAULT;
	u64 cr4 = arch_read_cr4() | CR4_OSFXSR | CR4_OSXMMEXCPT;

	write_cr0((arch_read_cr0() & ~(CR0_EM | CR0_TS)) | CR0_MP | CR0_NE);
	if (has_xsave)
		cr4 |= CR4_OSXSAVE;
	write_cr4(cr4);
	if (!set_up && has_xsave)
		xstate_setup_boot();
	else if (xfeatures)
		xsetbv(0, xfeatures);
	__asm__ volatile("fninit\n\tldmxcsr %0" : : "m"(mxcsr));
	if (!set_up)
		pr_info("fpu: %s, features %#llx, context size %u bytes\n",
			xfeatures ? "xsave" : "fxsave",
			(unsigned long long)arch_fpu_features(), image_size);
	set_up = true;
}

/* Context: any. Return: bytes to allocate for one struct arch_fpu. */
size_t arch_fpu_size(void)
{
	return offsetof(struct arch_fpu, image) + image_size;
}

/* Context: any. Return: the components switched (XCR0's bits). */
u64 arch_fpu_features(void)
{
	return xfeatures ? xfeatures : XFEATURE_MASK_X87 | XFEATURE_MASK_SSE;
}

/* Context: any. Return: whether the image is XSAVE's (else FXSAVE's). */
bool arch_fpu_has_xsave(void)
{
	return xfeatures != 0;
}

/**
 * arch_fpu_init - make @fpu the state of a freshly exec'd program.
 * @fpu: arch_fpu_size() bytes, 64-byte aligned
 *
 * Linux's initial state: FCW 0x37f (every x87 exception masked, 64-bit
 * precision, round to nearest), MXCSR 0x1f80 (every SSE exception
 * masked, round to nearest), registers zero, x87 stack empty. For XRSTOR
 * the header is zero: every component in its initial configuration.
 *
 * Context: any; @fpu is not in use.
 */
void arch_fpu_init(struct arch_fpu *fpu)
{
	BUG_ON((uintptr_t)&fpu->image % 64);
	memset(fpu, 0, arch_fpu_size());
	fpu->image.fx.fcw = FPU_FCW_DEFAULT;
	fpu->image.fx.mxcsr = FPU_MXCSR_DEFAULT;
}

/* The running task's registers into @fpu's image. */
static void fpu_save(struct arch_fpu *fpu)
{
	if (xfeatures)
		__asm__ volatile("xsave64 %0"
				 : "+m"(fpu->image)
				 : "a"(~0U), "d"(~0U)
				 : "memory");
	else
		__asm__ volatile("fxsave64 %0" : "=m"(fpu->image) : : "memory");
}

static void fpu_restore(const struct arch_fpu *fpu)
{
	if (xfeatures)
		__asm__ volatile("xrstor64 %0"
				 : : "m"(fpu->image), "a"(~0U), "d"(~0U)
				 : "memory");
	else
		__asm__ volatile("fxrstor64 %0" : : "m"(fpu->image) : "memory");
}

/**
 * arch_fpu_save_current - the running task's registers into @fpu.
 * @fpu: the running task's own area
 *
 * For a signal frame, which copies the image out: the registers stay
 * what they are, so a switch at any point saves the same state again.
 * Context: the task owning @fpu, preemption on or off.
 */
void arch_fpu_save_current(struct arch_fpu *fpu)
{
	fpu_save(fpu);
}

/**
 * arch_fpu_load_current - make @fpu's image the running task's registers.
 * @fpu: the running task's own area, its image just rewritten (signal
 *	 delivery, rt_sigreturn); the caller has checked that the CPU
 *	 accepts it
 *
 * Context: the task owning @fpu, interrupts off (a switch in between
 * would save the old registers over the new image).
 */
void arch_fpu_load_current(const struct arch_fpu *fpu)
{
	fpu_restore(fpu);
}

/**
 * arch_fpu_copy_current - clone: the child starts with the parent's state.
 * @dst: the new thread's area (from arch_fpu_init()), not yet running
 *
 * Context: the parent (the running task, a user thread in a syscall).
 */
void arch_fpu_copy_current(struct arch_fpu *dst)
{
	fpu_save(dst);
	dst->trap_si_code = 0;
}

/**
 * arch_fpu_reset_current - execve: the running task's registers go back to
 * the initial state a new program starts with (arch_fpu_init()).
 * @fpu: the running task's area
 *
 * Interrupts are off across the reset so that a switch away cannot save
 * the old registers over the fresh image half-way.
 * Context: the task itself, a user thread in a syscall.
 */
void arch_fpu_reset_current(struct arch_fpu *fpu)
{
	unsigned long flags = arch_irq_save();

	arch_fpu_init(fpu);
	fpu_restore(fpu);
	arch_irq_restore(flags);
}

/**
 * arch_fpu_switch - save the outgoing task's registers, load the next's.
 * @prev: the outgoing task's area, NULL for a kernel thread
 * @next: the incoming task's area, NULL for a kernel thread (the
 *	  registers are then left as they are: nothing reads them until a
 *	  user task loads its own)
 *
 * Context: the scheduler's switch path (arch_user_switch()), interrupts
 * off, on the outgoing task's stack.
 */
void arch_fpu_switch(struct arch_fpu *prev, struct arch_fpu *next)
{
	if (prev)
		fpu_save(prev);
	if (next)
		fpu_restore(next);
}

/**
 * arch_fpu_exception_code - the si_code of the SIGFPE for a math fault.
 * @fpu: the faulting task's saved image
 * @trap_nr: X86_TRAP_MF (x87) or X86_TRAP_XF (SSE)
 *
 * The exceptions both flagged and unmasked, by priority: invalid
 * operation, divide by zero, overflow, underflow or denormal, precision
 * (the order of Linux's fpu__exception_code()).
 *
 * Context: any.
 * Return: FPE_FLTINV, FPE_FLTDIV, FPE_FLTOVF, FPE_FLTUND or FPE_FLTRES;
 * 0 when nothing unmasked is flagged (a spurious trap: no signal).
 */
int arch_fpu_exception_code(const struct arch_fpu *fpu, unsigned int trap_nr)
{
	u32 err;

	if (trap_nr == X86_TRAP_MF) {
		err = fpu->image.fx.fsw & ~fpu->image.fx.fcw;
	} else {
		u32 mxcsr = fpu->image.fx.mxcsr;

		err = mxcsr & ~(mxcsr >> MXCSR_MASK_SHIFT);
	}
	if (err & FPU_EX_INVALID)
		return FPE_FLTINV;
	if (err & FPU_EX_ZERODIV)
		return FPE_FLTDIV;
	if (err & FPU_EX_OVERFLOW)
		return FPE_FLTOVF;
	if (err & (FPU_EX_DENORMAL | FPU_EX_UNDERFLOW))
		return FPE_FLTUND;
	if (err & FPU_EX_PRECISION)
		return FPE_FLTRES;
	return 0;
}

/**
 * arch_fpu_math_trap - a user #DE, #MF or #XM: record the SIGFPE's code.
 * @fpu: the faulting (running) task's area
 * @trap_nr: X86_TRAP_DE, X86_TRAP_MF or X86_TRAP_XF
 *
 * For #MF/#XM the registers are saved first, so the image (which a
 * signal frame will copy) and the code describe the fault; the pending
 * x87 exception stays pending, as in Linux.
 *
 * Context: the trap handler of the faulting task, interrupts off.
 * Return: the si_code now in @fpu->trap_si_code (FPE_INTDIV for #DE);
 * 0 for a spurious #MF/#XM, which raises no signal.
 */
int arch_fpu_math_trap(struct arch_fpu *fpu, unsigned int trap_nr)
{
	int code = FPE_INTDIV;

	if (trap_nr != X86_TRAP_DE) {
		fpu_save(fpu);
		code = arch_fpu_exception_code(fpu, trap_nr);
	}
	if (code)
		fpu->trap_si_code = code;
	return code;
}
