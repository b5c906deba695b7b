// SPDX-License-Identifier: MIT
/*
 * CPU exceptions: what happens after entry.S has built a trap frame.
 *
 *   vector >= 32, NMI   registered handler (<arch/irq.h>), else logged
 *   #BP (int3)          kernel: logged, execution continues after the int3
 *   user #PF            decoded into FAULT_FLAG_*, handed to mm_fault_user(),
 *                       which resolves it or sends the signal
 *   user #MF, #XM       SIGFPE with Linux's si_code (none if spurious)
 *   other user faults   logged, the process gets a fatal signal
 *   kernel #PF on a     in a uaccess routine that may sleep: mm first
 *     user address      (demand paging), then the fixup
 *   kernel #PF/#GP/#SS  on an exception table instruction: resume at fixup
 *   anything else       oops report (Linux's shape), then panic(); a
 *                       fault in a kernel stack's guard page (usually a
 *                       #DF: see show_stack_overflow) is named an overflow
 *
 * Whatever came from user mode leaves through syscall_exit_to_user()
 * (a pending fatal signal, need_resched), except what ran on an IST stack.
 * A user fault never oopses the kernel.
 *
 * The report never trusts the faulting context: it runs on the
 * exception's stack (an IST stack for #DF, NMI and #MC, so even a
 * corrupted kernel RSP gets a report), reads stack frames only through
 * probe reads, and an exception raised while reporting ends the machine
 * with a one-line note instead of recursing.
 */
#include <arch/cpu.h>
#include <arch/extable.h>
#include <arch/fpu.h>
#include <arch/gdt.h>
#include <arch/idt.h>
#include <arch/irq.h>
#include <arch/percpu.h>
#include <arch/traps.h>
#include <arch/usermode.h>
#include "kernel/backtrace.h"
#include "kernel/irqsoff.h"
#include "kernel/kstack.h"
#include "kernel/lockdep.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/sched.h"
#include "kernel/preempt.h"
#include "kernel/shutdown.h"
#include "kernel/signal.h"
#include "kernel/syscall.h"
#include "mm/fault.h"
#include "kernel/task.h"

struct trap_desc {
	const char *mnemonic;
	const char *name;
};

static const struct trap_desc trap_descs[X86_NR_EXCEPTIONS] = {
	[X86_TRAP_DE] = { "DE", "divide error" },
	[X86_TRAP_DB] = { "DB", "debug" },
	[X86_TRAP_NMI] = { "NMI", "non-maskable interrupt" },
	[X86_TRAP_BP] = { "BP", "int3" },
	[X86_TRAP_OF] = { "OF", "overflow" },
	[X86_TRAP_BR] = { "BR", "bounds" },
	[X86_TRAP_UD] = { "UD", "invalid opcode" },
	[X86_TRAP_NM] = { "NM", "device not available" },
	[X86_TRAP_DF] = { "DF", "double fault" },
	[9] = { "CSO", "coprocessor segment overrun" },
	[X86_TRAP_TS] = { "TS", "invalid TSS" },
	[X86_TRAP_NP] = { "NP", "segment not present" },
	[X86_TRAP_SS] = { "SS", "stack segment" },
	[X86_TRAP_GP] = { "GP", "general protection fault" },
	[X86_TRAP_PF] = { "PF", "page fault" },
	[X86_TRAP_MF] = { "MF", "coprocessor error" },
	[X86_TRAP_AC] = { "AC", "alignment check" },
	[X86_TRAP_MC] = { "MC", "machine check" },
	[X86_TRAP_XF] = { "XF", "SIMD floating-point exception" },
	[X86_TRAP_VE] = { "VE", "virtualization exception" },
	[X86_TRAP_CP] = { "CP", "control protection fault" },
	[28] = { "HV", "hypervisor injection" },
	[29] = { "VC", "VMM communication" },
	[30] = { "SX", "security exception" },
};

/* Boot CPU's #DF, NMI and #MC stacks; other CPUs get theirs allocated. */
static u8 boot_ist_stacks[IST_COUNT * IST_STACK_SIZE] __aligned(PAGE_SIZE);

/* Per-vector counts; [a]. Per-CPU counts belong in struct percpu (SMP). */
static u64 trap_counts[X86_NR_VECTORS];

/**
 * arch_cpu_init - the boot CPU's descriptor tables: GDT, TSS, IDT.
 *
 * Context: boot, once, interrupts off. CPU exceptions are reported from
 * here on; percpu_init_cpu() must have run (reports print the CPU id).
 */
void arch_cpu_init(void)
{
	gdt_init_cpu(0, boot_ist_stacks);
	idt_init();
	idt_load();
	pr_info("traps: GDT, TSS (IST: #DF, NMI, #MC) and IDT loaded\n");
}

/**
 * arch_trap_name - the name of CPU exception @vector.
 * @vector: any vector
 *
 * Context: any.
 * Return: "page fault" etc., "interrupt" for vectors 32-255, "reserved".
 */
const char *arch_trap_name(unsigned int vector)
{
	if (vector >= X86_NR_EXCEPTIONS)
		return "interrupt";
	return trap_descs[vector].name ? trap_descs[vector].name : "reserved";
}

static const char *trap_mnemonic(unsigned int vector)
{
	const char *m = trap_descs[vector].mnemonic;

	return m ? m : "??";
}

/**
 * arch_trap_count - how many times @vector has been taken since boot.
 * @vector: 0-255
 *
 * Context: any.
 * Return: the count (fixed-up faults included), 0 for a bad vector.
 */
u64 arch_trap_count(unsigned int vector)
{
	if (vector >= X86_NR_VECTORS)
		return 0;
	return __atomic_load_n(&trap_counts[vector], __ATOMIC_RELAXED);
}

static unsigned int trap_cpu(void)
{
	return arch_this_cpu()->cpu;
}

static void show_page_fault(const struct trap_frame *f, u64 cr2)
{
	u64 err = f->error_code;

	pr_emerg("BUG: unable to handle page fault for address: %016llx\n",
		 (unsigned long long)cr2);
	pr_emerg("#PF: %s %s in %s mode\n",
		 err & X86_PF_USER ? "user" : "supervisor",
		 err & X86_PF_INSTR ? "instruction fetch" :
		 err & X86_PF_WRITE ? "write access" : "read access",
		 trap_from_user(f) ? "user" : "kernel");
	pr_emerg("#PF: error_code(0x%04llx) - %s [P=%d W=%d U=%d R=%d I=%d]\n",
		 (unsigned long long)err,
		 err & X86_PF_PROT ? "permissions violation" :
				     "not-present page",
		 !!(err & X86_PF_PROT), !!(err & X86_PF_WRITE),
		 !!(err & X86_PF_USER), !!(err & X86_PF_RSVD),
		 !!(err & X86_PF_INSTR));
}

static void show_regs(const struct trap_frame *f, u64 cr2)
{
#define R(x) ((unsigned long long)(x))
	pr_emerg("RIP: %04llx:%pS\n", R(f->cs), (void *)f->rip);
	pr_emerg("RSP: %04llx:%016llx EFLAGS: %08llx\n", R(f->ss), R(f->rsp),
		 R(f->rflags));
	pr_emerg("RAX: %016llx RBX: %016llx RCX: %016llx\n", R(f->rax),
		 R(f->rbx), R(f->rcx));
	pr_emerg("RDX: %016llx RSI: %016llx RDI: %016llx\n", R(f->rdx),
		 R(f->rsi), R(f->rdi));
	pr_emerg("RBP: %016llx R08: %016llx R09: %016llx\n", R(f->rbp),
		 R(f->r8), R(f->r9));
	pr_emerg("R10: %016llx R11: %016llx R12: %016llx\n", R(f->r10),
		 R(f->r11), R(f->r12));
	pr_emerg("R13: %016llx R14: %016llx R15: %016llx\n", R(f->r13),
		 R(f->r14), R(f->r15));
	pr_emerg("CS:  %04llx SS: %04llx CR0: %016llx\n", R(f->cs), R(f->ss),
		 R(arch_read_cr0()));
	pr_emerg("CR2: %016llx CR3: %016llx CR4: %016llx\n", R(cr2),
		 R(arch_read_cr3()), R(arch_read_cr4()));
#undef R
}

/*
 * Who was running, in Linux's words. Nothing here trusts `current`: it
 * may be garbage after the very bug being reported, so its pid is
 * probe-read and its name goes through %s, which probes too.
 */
static void show_current(void)
{
	struct task *t = arch_current();
	u64 pid;

	if (arch_probe_read_u64(&t->pid, &pid)) {
		pr_emerg("CPU: %u PID: ? Comm: ? (current %p unreadable)\n",
			 trap_cpu(), (void *)t);
		return;
	}
	pr_emerg("CPU: %u PID: %d Comm: %.*s\n", trap_cpu(), (int)(u32)pid,
		 TASK_COMM_LEN - 1, t->name);
}

/*
 * A fault in the guard below a kernel stack is an overflow. It usually
 * arrives as a double fault: the #PF could not push its frame on the
 * exhausted stack, and #DF runs on its IST stack with CR2 still naming
 * the guard. A frame big enough to jump into the guard gets a plain #PF.
 */
static bool show_stack_overflow(const struct trap_frame *f, u64 cr2)
{
	unsigned int v = (unsigned int)f->vector;
	vaddr_t lo, hi;

	if (v != X86_TRAP_PF && v != X86_TRAP_DF)
		return false;
	if (!kstack_guard_hit(cr2, &lo, &hi) &&
	    !(v == X86_TRAP_DF && kstack_guard_hit(f->rsp, &lo, &hi)))
		return false;
	pr_emerg("BUG: kernel stack overflow: guard page hit at %016llx "
		 "(stack %016llx-%016llx)\n", (unsigned long long)cr2,
		 (unsigned long long)lo, (unsigned long long)hi);
	return true;
}

/* The report of a fatal exception, then panic(). */
static __noreturn void die(struct trap_frame *f)
{
	unsigned int v = (unsigned int)f->vector;
	u64 cr2 = arch_read_cr2();	/* before anything can fault again */
	int depth = oops_begin();
	bool overflow;

	if (depth > 1) {
		/* The report (or panic) faulted: say so once, then stop. */
		if (depth < 4)
			pr_emerg("Exception #%s (vector %u) at %pS while "
				 "reporting a crash; stopping\n",
				 trap_mnemonic(v), v, (void *)f->rip);
		machine_end(MACHINE_END_PANIC);
	}
	overflow = show_stack_overflow(f, cr2);
	if (v == X86_TRAP_PF)
		show_page_fault(f, cr2);
	if (v == X86_TRAP_DF)
		pr_emerg("PANIC: double fault: an exception could not be "
			 "delivered; RSP %016llx may be bad (stack overflow?)\n",
			 (unsigned long long)f->rsp);
	pr_emerg("%s: %04llx [#1] CPU: %u\n",
		 v == X86_TRAP_PF ? "Oops" : arch_trap_name(v),
		 (unsigned long long)f->error_code, trap_cpu());
	pr_emerg("Exception: #%s (%s), vector %u, error code 0x%llx, %s mode\n",
		 trap_mnemonic(v), arch_trap_name(v), v,
		 (unsigned long long)f->error_code,
		 trap_from_user(f) ? "user" : "kernel");
	show_current();
	show_regs(f, cr2);
	backtrace_print_from(f->rip, f->rsp, f->rbp);
	pr_emerg("---[ end trace ]---\n");
	panic("Fatal exception #%s (%s)%s", trap_mnemonic(v), arch_trap_name(v),
	      overflow ? ": kernel stack overflow" : "");
}

/* A kernel access that may fault (probe read, user copy) has a fixup. */
static bool fixup_exception(struct trap_frame *f)
{
	const struct exception_table_entry *e;

	if (trap_from_user(f))
		return false;
	if (f->vector != X86_TRAP_PF && f->vector != X86_TRAP_GP &&
	    f->vector != X86_TRAP_SS)
		return false;
	e = extable_search(f->rip);
	if (!e)
		return false;
	f->rip = e->fixup;
	return true;
}

static void handle_interrupt(struct trap_frame *f)
{
	arch_irq_handler_fn fn = arch_irq_handler((unsigned int)f->vector);

	if (fn) {
		lockdep_hardirq_enter();
		fn(f);
		lockdep_hardirq_exit();
		return;
	}
	if (f->vector == X86_TRAP_NMI)
		pr_emerg("NMI received for unknown reason on CPU %u at %pS\n",
			 trap_cpu(), (void *)f->rip);
	else
		pr_warn("unexpected interrupt: vector %llu on CPU %u at %pS\n",
			(unsigned long long)f->vector, trap_cpu(),
			(void *)f->rip);
}

/* Linux's signal for a user-mode exception (no handlers: all fatal). */
static int user_trap_signal(unsigned int v)
{
	switch (v) {
	case X86_TRAP_DE:
	case X86_TRAP_MF:
	case X86_TRAP_XF:
		return SIGFPE;
	case X86_TRAP_UD:
		return SIGILL;
	case X86_TRAP_DB:
	case X86_TRAP_BP:
		return SIGTRAP;
	case X86_TRAP_AC:
		return SIGBUS;
	default:
		return SIGSEGV;
	}
}

/*
 * #DE, #MF, #XM: record the SIGFPE's si_code in the task's FPU area, as
 * Linux's math_error() computes it. Return: true for a spurious #MF/#XM
 * (no unmasked exception flagged), which Linux ignores. A task without
 * an area (a kernel test's user excursion) records nothing.
 */
static bool user_math_trap_spurious(unsigned int v)
{
	struct arch_fpu *fpu = current->uarch.fpu;

	if (v != X86_TRAP_DE && v != X86_TRAP_MF && v != X86_TRAP_XF)
		return false;
	return fpu && !arch_fpu_math_trap(fpu, v);
}

/* A user-mode exception other than a page fault: the process dies. */
static void user_trap(struct trap_frame *f)
{
	unsigned int v = (unsigned int)f->vector;
	u64 ip = v == X86_TRAP_BP ? f->rip - 1 : f->rip;

	if (user_math_trap_spurious(v))
		return;
	signal_report_fault("trap %s ip:%llx sp:%llx error:%llx",
			    arch_trap_name(v), (unsigned long long)ip,
			    (unsigned long long)f->rsp,
			    (unsigned long long)f->error_code);
	signal_force_fatal(user_trap_signal(v));
}

extern const char arch_probe_exec_ret[], arch_probe_exec_fault[];

/* A fetch fault in arch_probe_exec()'s call: pop it, return -EFAULT. */
static bool fixup_probe_exec(struct trap_frame *f)
{
	u64 ret;

	if (!(f->error_code & X86_PF_INSTR) ||
	    arch_probe_read_u64((const void *)f->rsp, &ret) ||
	    ret != (u64)arch_probe_exec_ret)
		return false;
	f->rsp += 8;
	f->rip = (u64)arch_probe_exec_fault;
	return true;
}

/* The access a #PF error code describes, as FAULT_FLAG_* bits. */
static unsigned int pf_fault_flags(unsigned long error_code, bool user)
{
	unsigned int flags = 0;

	if (error_code & X86_PF_WRITE)
		flags |= FAULT_FLAG_WRITE;
	if (error_code & X86_PF_INSTR)
		flags |= FAULT_FLAG_INSTRUCTION;
	if (user)
		flags |= FAULT_FLAG_USER;
	return flags;
}

/*
 * Hand a #PF on a user address to mm with interrupts on (it may sleep).
 * Return: whether the access may be retried.
 */
static bool pf_to_mm(struct trap_frame *f, u64 addr,
		     const struct fault_regs *regs)
{
	unsigned int flags = pf_fault_flags(f->error_code, trap_from_user(f));
	bool retry;

	arch_irq_enable();
	retry = mm_fault_user(addr, flags, regs);
	arch_irq_disable();
	return retry;
}

/*
 * A uaccess routine touched a user page that is not there yet: mm may
 * map it if the interrupted code could sleep (interrupts were on, no
 * preemption disabled). Return: whether the access may be retried.
 */
static bool pf_uaccess(struct trap_frame *f, u64 addr)
{
	if (addr >= USER_ADDR_END || (f->error_code & X86_PF_INSTR) ||
	    (f->error_code & X86_PF_RSVD) || !extable_search(f->rip))
		return false;
	if (!(f->rflags & X86_RFLAGS_IF) || preempt_count())
		return false;
	return pf_to_mm(f, addr, NULL);
}

/*
 * Return: true if the #PF was dealt with (resolved, or turned into a
 * signal by mm); false for a kernel fault, which the fixup or die()
 * handles.
 */
static bool do_page_fault(struct trap_frame *f)
{
	u64 addr = arch_read_cr2();	/* before anything can fault again */

	if (trap_from_user(f)) {
		struct fault_regs regs = { .ip = f->rip, .sp = f->rsp,
					   .error_code = f->error_code };

		/* Reserved bits set: corrupt tables, not an mm question. */
		if (f->error_code & X86_PF_RSVD)
			return false;
		pf_to_mm(f, addr, &regs);
		return true;	/* resolved, or the exit work acts on it */
	}
	if (fixup_probe_exec(f))
		return true;
	return pf_uaccess(f, addr);
}

/* Vectors that run on an IST stack, where nothing may sleep. */
static bool trap_on_ist(unsigned int v)
{
	return v == X86_TRAP_NMI || v == X86_TRAP_DF || v == X86_TRAP_MC;
}

static void __trap_dispatch(struct trap_frame *f)
{
	unsigned int v = (unsigned int)f->vector;

	__atomic_add_fetch(&trap_counts[v & 0xff], 1, __ATOMIC_RELAXED);
	if (v >= X86_NR_EXCEPTIONS || v == X86_TRAP_NMI) {
		handle_interrupt(f);
		return;
	}
	if (v == X86_TRAP_PF && do_page_fault(f))
		return;
	if (trap_from_user(f) && v != X86_TRAP_MC && v != X86_TRAP_DF) {
		user_trap(f);
		return;
	}
	if (v == X86_TRAP_BP) {
		/* RIP is past the one-byte int3. */
		pr_info("int3: breakpoint at %pS\n", (void *)(f->rip - 1));
		return;
	}
	if (fixup_exception(f))
		return;
	die(f);
}

/*
 * Tell the latency tracker (kernel/irqsoff.h) that the gate turned
 * interrupts off, when the trapped code had them on: the stretch is the
 * interrupt handler's, or this trap's.
 */
static void trap_irqsoff_enter(const struct trap_frame *f)
{
	unsigned int v = (unsigned int)f->vector;
	arch_irq_handler_fn fn = v >= IRQ_VECTOR_FIRST ? arch_irq_handler(v)
						       : NULL;

	if (arch_irqs_disabled_flags(f->rflags))
		return;
	if (fn)
		irqsoff_hardirqs_off_at((unsigned long)fn);
	else
		irqsoff_hardirqs_off();
}

/**
 * trap_dispatch - handle one trap; called by entry.S for every vector.
 * @f: the trap frame on the stack; changes to it take effect on return
 *
 * Context: interrupts off (all IDT gates are interrupt gates), on the
 * interrupted stack or the vector's IST stack; kernel GS. Handlers may
 * enable interrupts (the page fault handler does, to sleep) but return
 * with them off. From user mode, the exit work runs last (it may
 * schedule, or end the task); into kernel code, the interrupted task is
 * preempted if its slice is over and it holds no preempt count.
 */
void trap_dispatch(struct trap_frame *f)
{
	trap_irqsoff_enter(f);
	__trap_dispatch(f);
	if (trap_on_ist((unsigned int)f->vector))
		goto out;	/* NMI, #DF, #MC: not on the task's own stack */
	if (trap_from_user(f))
		syscall_exit_to_user(f);
	else
		/* kernel preemption */
		sched_preempt_irq(!arch_irqs_disabled_flags(f->rflags));
out:
	arch_irq_disable();
	if (!arch_irqs_disabled_flags(f->rflags))
		irqsoff_hardirqs_on();	/* iretq turns them back on */
}

/* crash= helpers: the instructions C cannot be trusted to emit. */

void arch_crash_divide_error(void)
{
	__asm__ volatile("xorl %%ecx, %%ecx\n\t"
			 "movl $1, %%eax\n\t"
			 "xorl %%edx, %%edx\n\t"
			 "divl %%ecx"
			 ::: "rax", "rcx", "rdx", "memory");
}

void arch_crash_invalid_opcode(void)
{
	__asm__ volatile("ud2" ::: "memory");
}

/*
 * Point RSP at an unmapped page and push: the #PF cannot be delivered on
 * that stack, so the CPU raises #DF, which runs on its IST stack.
 */
__noreturn void arch_crash_double_fault(void)
{
	u64 bad_rsp = ARCH_UNMAPPED_KERNEL_ADDR + PAGE_SIZE / 2;

	__asm__ volatile("movq %0, %%rsp\n\t"
			 "pushq $0"
			 : : "r"(bad_rsp) : "memory");
	__builtin_unreachable();
}

/*
 * An empty IDT: the #UD cannot be delivered (#GP), nor can that (#DF), nor
 * that: the CPU shuts down. QEMU resets, or exits under -no-reboot.
 */
__noreturn void arch_crash_triple_fault(void)
{
	struct desc_ptr empty = { .limit = 0, .base = 0 };

	__asm__ volatile("lidt %0\n\t"
			 "ud2"
			 : : "m"(empty) : "memory");
	__builtin_unreachable();
}
