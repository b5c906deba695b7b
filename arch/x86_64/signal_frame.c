// SPDX-License-Identifier: MIT
/*
 * x86_64 signal frames (<arch/signal_frame.h>): Linux's struct
 * rt_sigframe on the user stack, the handler's registers, and the
 * checked restore of rt_sigreturn.
 *
 * Layout, from the interrupted RSP down (Linux's get_sigframe()): the
 * 128-byte red zone is skipped (or the altstack's top is used), then the
 * FPU state, 64-byte aligned as XSAVE needs, then the frame itself, at
 * an address that is 16-byte aligned minus 8 - what a `call` leaves, so
 * the handler sees the ABI's alignment with pretcode as its return
 * address.
 *
 * The FPU state is the task's registers as XSAVE (or FXSAVE) writes
 * them; with XSAVE, the software-reserved bytes of the legacy region
 * carry FP_XSTATE_MAGIC1 and the sizes, and FP_XSTATE_MAGIC2 follows the
 * image, which is how a reader tells the extended format (Linux's
 * save_sw_bytes()). The handler then starts with the initial FPU state,
 * as on Linux.
 *
 * A forged frame must not crash the kernel: rt_sigreturn accepts only
 * the user code and stack selectors, and an FPU image that XRSTOR /
 * FXRSTOR cannot fault on (MXCSR reserved bits clear, an XSAVE header
 * with known components, standard format, reserved bytes zero); anything
 * else is -EINVAL and the caller kills the task with SIGSEGV. A RIP
 * outside the user half is refused by the return to user mode itself.
 */
#include <arch/cpu.h>
#include <arch/fpu.h>
#include <arch/gdt.h>
#include <arch/signal_frame.h>
#include <arch/uaccess.h>
#include <arch/usermode.h>
#include "kernel/task.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "mm/gfp.h"
#include "mm/page_alloc.h"

#define RED_ZONE		128
#define FP_XSTATE_MAGIC1	0x46505853U
#define FP_XSTATE_MAGIC2	0x46505845U
#define FP_XSTATE_MAGIC2_SIZE	4
#define FP_SW_BYTES_OFFSET	464	/* in the 512-byte legacy region */
#define XSAVE_HEADER_OFFSET	512
#define XSAVE_HEADER_SIZE	64
#define XFEATURE_MASK_FPSSE	(XFEATURE_MASK_X87 | XFEATURE_MASK_SSE)
#define UC_FP_XSTATE		0x1
#define UC_SIGCONTEXT_SS	0x2
#define UC_STRICT_RESTORE_SS	0x4
#define MXCSR_MASK_DEFAULT	0x0000ffbfU

/* RFLAGS bits a handler's sigreturn may change (Linux's FIX_EFLAGS). */
#define RFLAGS_USER_CHANGEABLE	0x50dd5UL	/* AC OF DF TF SF ZF AF PF CF RF */
#define X86_RFLAGS_DF_BIT	(1UL << 10)

/* struct sigcontext (x86_64), 256 bytes. */
struct sigcontext {
	u64 r8, r9, r10, r11, r12, r13, r14, r15;
	u64 rdi, rsi, rbp, rbx, rdx, rax, rcx, rsp, rip, eflags;
	u16 cs, gs, fs, ss;
	u64 err, trapno, oldmask, cr2;
	u64 fpstate;		/* user address of the FPU state, or 0 */
	u64 reserved1[8];
};

/* stack_t */
struct user_stack {
	u64 ss_sp;
	s32 ss_flags;
	s32 pad;
	u64 ss_size;
};

struct ucontext {
	u64 uc_flags;
	u64 uc_link;
	struct user_stack uc_stack;
	struct sigcontext uc_mcontext;
	u64 uc_sigmask;
};

struct rt_sigframe {
	u64 pretcode;
	struct ucontext uc;
	struct signal_info info;
};

/* struct _fpx_sw_bytes, in the legacy region's software bytes. */
struct fpx_sw_bytes {
	u32 magic1;
	u32 extended_size;	/* the whole state, MAGIC2 included */
	u64 xfeatures;
	u32 xstate_size;	/* the XSAVE image, MAGIC2 excluded */
	u32 padding[7];
};

_Static_assert(sizeof(struct sigcontext) == 256, "Linux's sigcontext");
_Static_assert(sizeof(struct ucontext) == 304, "Linux's ucontext");
_Static_assert(offsetof(struct rt_sigframe, info) == 312,
	       "Linux's rt_sigframe");
_Static_assert(sizeof(struct fpx_sw_bytes) == 48, "Linux's _fpx_sw_bytes");

static size_t fpu_image_size(void)
{
	return arch_fpu_size() - offsetof(struct arch_fpu, image);
}

/* Bytes of FPU state in a frame: the image, and MAGIC2 with XSAVE. */
static size_t fpu_frame_size(void)
{
	return fpu_image_size() +
	       (arch_fpu_has_xsave() ? FP_XSTATE_MAGIC2_SIZE : 0);
}

/* Context: the running task. Return: where its interrupted code's RSP is. */
u64 arch_signal_user_sp(const struct trap_frame *regs)
{
	return regs->rsp;
}

/* Return: the syscall number of a frame that entered by `syscall` and
 * was not yet restarted or replaced by rt_sigreturn, else -1. */
long arch_signal_syscall_nr(const struct trap_frame *regs)
{
	if (regs->vector != TRAP_VECTOR_SYSCALL || regs->error_code == ~0ULL)
		return -1;
	return (long)regs->error_code;
}

/* Return: the syscall's result in a frame arch_signal_syscall_nr() knows. */
long arch_signal_syscall_result(const struct trap_frame *regs)
{
	return (long)regs->rax;
}

void arch_signal_set_result(struct trap_frame *regs, long val)
{
	regs->rax = (u64)val;
}

/* Make the return execute syscall @nr again: back over the two bytes of
 * the `syscall` instruction. Context: the running task's frame. */
void arch_signal_restart(struct trap_frame *regs, long nr)
{
	regs->rax = (u64)nr;
	regs->rip -= 2;
}

/* The frame no longer belongs to a syscall: no restart (Linux's orig_ax
 * = -1 in rt_sigreturn). */
void arch_signal_forget_syscall(struct trap_frame *regs)
{
	regs->error_code = ~0ULL;
}

static void sigcontext_fill(struct sigcontext *sc, const struct trap_frame *r,
			    u64 oldmask, u64 fpstate)
{
	*sc = (struct sigcontext){
		.r8 = r->r8, .r9 = r->r9, .r10 = r->r10, .r11 = r->r11,
		.r12 = r->r12, .r13 = r->r13, .r14 = r->r14, .r15 = r->r15,
		.rdi = r->rdi, .rsi = r->rsi, .rbp = r->rbp, .rbx = r->rbx,
		.rdx = r->rdx, .rax = r->rax, .rcx = r->rcx, .rsp = r->rsp,
		.rip = r->rip, .eflags = r->rflags,
		.cs = (u16)r->cs, .ss = (u16)r->ss,
		.err = r->vector == TRAP_VECTOR_SYSCALL ? 0 : r->error_code,
		.trapno = r->vector == TRAP_VECTOR_SYSCALL ? 0 : r->vector,
		.oldmask = oldmask,
		.fpstate = fpstate,
	};
}

/* Write the task's FPU registers at @buf (64-byte aligned user memory)
 * in the signal format. Return: 0 or -EFAULT. */
static int fpu_to_frame(u64 buf)
{
	struct arch_fpu *fpu = current->uarch.fpu;
	size_t size = fpu_image_size();
	struct fpx_sw_bytes sw = {
		.magic1 = FP_XSTATE_MAGIC1,
		.extended_size = (u32)fpu_frame_size(),
		.xfeatures = arch_fpu_features(),
		.xstate_size = (u32)size,
	};
	u64 bv;

	arch_fpu_save_current(fpu);
	if (copy_to_user((void __user *)buf, &fpu->image, size))
		return -EFAULT;
	if (!arch_fpu_has_xsave())
		return 0;
	/* Linux sets FP and SSE in the header for legacy readers. */
	memcpy(&bv, (u8 *)&fpu->image + XSAVE_HEADER_OFFSET, sizeof(bv));
	bv |= XFEATURE_MASK_FPSSE;
	if (copy_to_user((void __user *)(buf + FP_SW_BYTES_OFFSET), &sw,
			 sizeof(sw)) ||
	    put_user_u64(bv, (u64 __user *)(buf + XSAVE_HEADER_OFFSET)) ||
	    put_user_u32(FP_XSTATE_MAGIC2, (u32 __user *)(buf + size)))
		return -EFAULT;
	return 0;
}

/* The handler starts with the initial FPU state (Linux's
 * fpu__clear_user_states()). */
static void fpu_reset_for_handler(void)
{
	struct arch_fpu *fpu = current->uarch.fpu;
	unsigned long flags = arch_irq_save();

	arch_fpu_init(fpu);
	arch_fpu_load_current(fpu);
	arch_irq_restore(flags);
}

/**
 * arch_signal_frame_setup - build the frame for @s and enter the handler.
 * @regs: the user frame the task returns with; on success it runs the
 *	  handler: RIP the handler, RSP the frame, RDI the signal, RSI the
 *	  siginfo, RDX the ucontext, RAX 0, DF and TF clear
 * @s: the signal, handler and masks
 *
 * Context: the running task, interrupts on, may fault (and sleep).
 * Return: 0; -EFAULT when the frame cannot be written (the caller forces
 * SIGSEGV, as Linux's force_sigsegv()), with @regs unchanged.
 */
int arch_signal_frame_setup(struct trap_frame *regs,
			    const struct arch_signal_setup *s)
{
	u64 sp = s->stack_top ? s->stack_top : regs->rsp - RED_ZONE;
	u64 fp_buf = (sp - fpu_frame_size()) & ~63ULL;
	u64 frame_addr = ((fp_buf - sizeof(struct rt_sigframe)) & ~15ULL) - 8;
	struct rt_sigframe f = { .pretcode = s->action->restorer };

	if (!arch_user_addr_ok(frame_addr) || fp_buf > USER_ADDR_END ||
	    frame_addr > fp_buf)
		return -EFAULT;
	f.uc.uc_flags = UC_SIGCONTEXT_SS | UC_STRICT_RESTORE_SS |
			(arch_fpu_has_xsave() ? UC_FP_XSTATE : 0);
	f.uc.uc_stack = (struct user_stack){
		.ss_sp = s->uc_stack.sp,
		.ss_flags = (s32)s->uc_stack.flags,
		.ss_size = s->uc_stack.size,
	};
	sigcontext_fill(&f.uc.uc_mcontext, regs, s->saved_mask, fp_buf);
	f.uc.uc_sigmask = s->saved_mask;
	f.info = *s->info;
	if (fpu_to_frame(fp_buf) ||
	    copy_to_user((void __user *)frame_addr, &f, sizeof(f)))
		return -EFAULT;
	fpu_reset_for_handler();
	regs->rdi = (u64)s->sig;
	regs->rsi = frame_addr + offsetof(struct rt_sigframe, info);
	regs->rdx = frame_addr + offsetof(struct rt_sigframe, uc);
	regs->rax = 0;
	regs->rsp = frame_addr;
	regs->rip = s->action->handler;
	regs->rflags &= ~(X86_RFLAGS_DF_BIT | X86_RFLAGS_RF | X86_RFLAGS_TF);
	regs->cs = GDT_USER_CS;
	regs->ss = GDT_USER_DS;
	return 0;
}

/*
 * Is @img (an FPU image read from user memory) one XRSTOR/FXRSTOR takes
 * without a fault? A frame without the XSAVE magic words is taken as
 * FXSAVE-only, as Linux does: the header is rewritten to restore x87 and
 * SSE and put every other component in its initial state.
 */
static bool fpu_image_fix(u8 *img, u32 mxcsr_mask)
{
	struct arch_fxregs *fx = (struct arch_fxregs *)img;
	struct fpx_sw_bytes sw;
	size_t size = fpu_image_size();
	u64 *hdr = (u64 *)(img + XSAVE_HEADER_OFFSET);
	u32 magic2;

	if (fx->mxcsr & ~mxcsr_mask)
		return false;
	if (!arch_fpu_has_xsave())
		return true;
	memcpy(&sw, img + FP_SW_BYTES_OFFSET, sizeof(sw));
	memcpy(&magic2, img + size, sizeof(magic2));
	if (sw.magic1 != FP_XSTATE_MAGIC1 || magic2 != FP_XSTATE_MAGIC2 ||
	    sw.xstate_size != size) {
		memset(hdr, 0, XSAVE_HEADER_SIZE);
		hdr[0] = XFEATURE_MASK_FPSSE;
		return true;
	}
	if (hdr[0] & ~arch_fpu_features())
		return false;
	for (unsigned int i = 1; i < XSAVE_HEADER_SIZE / 8; i++)
		if (hdr[i])	/* compacted format, reserved bits */
			return false;
	return true;
}

/* Load the FPU state at user @buf (0: the initial state). Return: 0,
 * -EFAULT, -ENOMEM, or -EINVAL for an image the CPU would refuse. */
static int fpu_from_frame(u64 buf)
{
	struct arch_fpu *fpu = current->uarch.fpu;
	struct arch_fpu *tmp;
	unsigned long flags;
	u32 mxcsr_mask;
	int r = 0;

	if (!buf) {
		fpu_reset_for_handler();
		return 0;
	}
	if (buf % 64)
		return -EINVAL;
	tmp = __get_free_pages(GFP_KERNEL, 0);
	if (!tmp)
		return -ENOMEM;
	arch_fpu_save_current(fpu);	/* for the CPU's MXCSR mask */
	mxcsr_mask = fpu->image.fx.mxcsr_mask ?: MXCSR_MASK_DEFAULT;
	if (copy_from_user(&tmp->image, (const void __user *)buf,
			   fpu_frame_size()))
		r = -EFAULT;
	else if (!fpu_image_fix((u8 *)&tmp->image, mxcsr_mask))
		r = -EINVAL;
	if (!r) {
		flags = arch_irq_save();
		memcpy(&fpu->image, &tmp->image, fpu_image_size());
		arch_fpu_load_current(fpu);
		arch_irq_restore(flags);
	}
	free_pages_addr(tmp, 0);
	return r;
}

/**
 * arch_signal_frame_restore - rt_sigreturn: the registers from the frame.
 * @regs: the running task's user frame (RSP is just past pretcode)
 * @mask: gets uc_sigmask
 * @uc_stack: gets uc_stack, for the caller to re-apply
 *
 * Context: the running task in rt_sigreturn, interrupts on, may fault.
 * Return: 0, with @regs the interrupted state (no longer a syscall
 * frame: no restart); -EFAULT or -EINVAL for a frame that cannot be read
 * or is forged (the caller kills the task with SIGSEGV).
 */
int arch_signal_frame_restore(struct trap_frame *regs, u64 *mask,
			      struct signal_stack *uc_stack)
{
	u64 addr = regs->rsp - sizeof(u64);
	struct ucontext uc;
	struct sigcontext *sc = &uc.uc_mcontext;
	int r;

	if (copy_from_user(&uc, (const void __user *)(addr + sizeof(u64)),
			   sizeof(uc)))
		return -EFAULT;
	if ((sc->cs | 3) != GDT_USER_CS || (sc->ss | 3) != GDT_USER_DS)
		return -EINVAL;
	r = fpu_from_frame(sc->fpstate);
	if (r)
		return r;
	regs->r8 = sc->r8; regs->r9 = sc->r9; regs->r10 = sc->r10;
	regs->r11 = sc->r11; regs->r12 = sc->r12; regs->r13 = sc->r13;
	regs->r14 = sc->r14; regs->r15 = sc->r15; regs->rdi = sc->rdi;
	regs->rsi = sc->rsi; regs->rbp = sc->rbp; regs->rbx = sc->rbx;
	regs->rdx = sc->rdx; regs->rax = sc->rax; regs->rcx = sc->rcx;
	regs->rsp = sc->rsp; regs->rip = sc->rip;
	regs->rflags = (regs->rflags & ~RFLAGS_USER_CHANGEABLE) |
		       (sc->eflags & RFLAGS_USER_CHANGEABLE);
	regs->cs = GDT_USER_CS;
	regs->ss = GDT_USER_DS;
	arch_signal_forget_syscall(regs);
	*mask = uc.uc_sigmask;
	*uc_stack = (struct signal_stack){
		.sp = uc.uc_stack.ss_sp,
		.size = uc.uc_stack.ss_size,
		.flags = (u32)uc.uc_stack.ss_flags,
	};
	return 0;
}
