// SPDX-License-Identifier: MIT
/*
 * Trap entry and dispatch: int3 is logged and returns; the IDT routes
 * every vector to its stub with the right IST slot; registered handlers
 * run with a correct trap frame (the NMI on its IST stack); a vector with
 * no handler is logged and ignored; a backtrace taken inside a handler
 * walks on into the interrupted code.
 */
#include <arch/cpu.h>
#include <arch/gdt.h>
#include <arch/idt.h>
#include <arch/irq.h>
#include <arch/traps.h>
#include "kernel/backtrace.h"
#include "kernel/ksyms.h"
#include "kernel/ktest.h"
#include "kernel/preempt.h"
#include "kernel/sched.h"
#include "lib/errno.h"
#include "lib/format.h"
#include "lib/string.h"
#include "tests/kernel/log_capture.h"

#define TEST_VECTOR		0xf0
#define TEST_VECTOR_UNUSED	0xf1
#define TEST_VECTOR_TRACE	0xf2
#define TEST_VECTOR_LEAF	0xf3

/* What the test handlers saw; reset by traps_test_reset(). */
static struct {
	unsigned int calls;
	u64 vector, cs, frame, rip;
	u64 trace[BACKTRACE_MAX_FRAMES];
	size_t ntrace;
} seen;

static void traps_test_reset(void)
{
	memset(&seen, 0, sizeof(seen));
}

static void traps_test_handler(struct trap_frame *f)
{
	seen.calls++;
	seen.vector = f->vector;
	seen.cs = f->cs;
	seen.frame = (u64)f;
	seen.rip = f->rip;
}

static void traps_test_trace_handler(struct trap_frame *f)
{
	seen.calls++;
	seen.ntrace = backtrace_save(arch_frame_pointer(), seen.trace,
				     ARRAY_SIZE(seen.trace));
}

static void traps_test_print_handler(struct trap_frame *f)
{
	seen.calls++;
	backtrace_print_from(f->rip, f->rsp, f->rbp);
}

static bool sym_is(u64 addr, const char *name)
{
	const char *sym = ksym_lookup(addr, NULL, NULL);

	return sym && !strcmp(sym, name);
}

/* int3 counts one #BP, logs where it was, and execution continues. */
static void traps_int3_returns(struct ktest *t)
{
	u64 before = arch_trap_count(X86_TRAP_BP);
	struct log_capture cap;

	log_capture_begin(&cap);
	arch_breakpoint();
	arch_breakpoint();
	log_capture_end(&cap);
	KTEST_EXPECT_EQ(t, arch_trap_count(X86_TRAP_BP), before + 2);
	KTEST_EXPECT(t, log_capture_contains(
				"int3: breakpoint at traps_int3_returns+"));
}

/*
 * IDTR covers 256 gates; each gate leads to isr_stub_<vector>; #DF, NMI
 * and #MC use IST slots 1, 2, 3 and nothing else does; only #BP is DPL 3.
 */
static void traps_idt_gates(struct ktest *t)
{
	struct desc_ptr p = idt_read_idtr();
	unsigned int ist, dpl;
	char want[24];

	KTEST_EXPECT_EQ(t, p.limit, 256 * 16 - 1);
	for (unsigned int v = 0; v < X86_NR_VECTORS; v++) {
		u64 h = idt_gate_info(v, &ist, &dpl);
		unsigned int want_ist = v == X86_TRAP_DF  ? IST_DOUBLE_FAULT :
					v == X86_TRAP_NMI ? IST_NMI :
					v == X86_TRAP_MC  ? IST_MACHINE_CHECK :
							    0;

		snprintf(want, sizeof(want), "isr_stub_%u", v);
		if (!KTEST_EXPECT(t, sym_is(h, want)) ||
		    !KTEST_EXPECT_EQ(t, ist, want_ist) ||
		    !KTEST_EXPECT_EQ(t, dpl, v == X86_TRAP_BP ? 3 : 0)) {
			ktest_log(t, "vector %u", v);
			return;
		}
	}
}

/* Registration accepts 32-255 and the NMI, nothing else. */
static void traps_irq_set_handler_range(struct ktest *t)
{
	KTEST_EXPECT_EQ(t, arch_irq_set_handler(X86_TRAP_PF,
						traps_test_handler), -EINVAL);
	KTEST_EXPECT_EQ(t, arch_irq_set_handler(31, traps_test_handler),
			-EINVAL);
	KTEST_EXPECT_EQ(t, arch_irq_set_handler(256, traps_test_handler),
			-EINVAL);
	KTEST_EXPECT_EQ(t, arch_irq_set_handler(TEST_VECTOR, NULL), 0);
	KTEST_EXPECT_NULL(t, arch_irq_handler(TEST_VECTOR));
}

/* int $0xf0 reaches the registered handler with the kernel's CS. */
static void traps_irq_handler_called(struct ktest *t)
{
	u64 before = arch_trap_count(TEST_VECTOR);

	traps_test_reset();
	KTEST_ASSERT_EQ(t, arch_irq_set_handler(TEST_VECTOR,
						traps_test_handler), 0);
	ARCH_SOFT_INT(TEST_VECTOR);
	arch_irq_set_handler(TEST_VECTOR, NULL);
	KTEST_EXPECT_EQ(t, seen.calls, 1);
	KTEST_EXPECT_EQ(t, seen.vector, TEST_VECTOR);
	KTEST_EXPECT_EQ(t, seen.cs, GDT_KERNEL_CS);
	KTEST_EXPECT(t, sym_is(seen.rip, "traps_irq_handler_called"));
	KTEST_EXPECT_EQ(t, arch_trap_count(TEST_VECTOR), before + 1);
}

/* A vector nobody registered is counted, logged (naming the CPU it hit,
 * wherever earlier suites left the test task) and ignored. */
static void traps_unexpected_interrupt_returns(struct ktest *t)
{
	u64 before = arch_trap_count(TEST_VECTOR_UNUSED);
	struct log_capture cap;
	char want[64];
	unsigned int cpu;

	log_capture_begin(&cap);
	preempt_disable();
	cpu = smp_processor_id();
	ARCH_SOFT_INT(TEST_VECTOR_UNUSED);
	preempt_enable();
	log_capture_end(&cap);
	snprintf(want, sizeof(want),
		 "unexpected interrupt: vector 241 on CPU %u", cpu);
	KTEST_EXPECT_EQ(t, arch_trap_count(TEST_VECTOR_UNUSED), before + 1);
	KTEST_EXPECT(t, log_capture_contains(want));
}

/*
 * int $2 enters through the NMI gate, so the CPU switches to IST slot 2:
 * the trap frame lies inside this CPU's NMI stack (preemption off: the
 * stack read and the int run on one CPU).
 *
 *   ist_stacks + 1 * IST_STACK_SIZE  <  frame  <  ist[IST_NMI - 1]
 */
static void traps_nmi_runs_on_ist(struct ktest *t)
{
	u64 top;

	traps_test_reset();
	KTEST_ASSERT_EQ(t, arch_irq_set_handler(X86_TRAP_NMI,
						traps_test_handler), 0);
	preempt_disable();
	top = gdt_cpu(smp_processor_id())->tss.ist[IST_NMI - 1];
	ARCH_SOFT_INT(X86_TRAP_NMI);
	preempt_enable();
	arch_irq_set_handler(X86_TRAP_NMI, NULL);
	KTEST_ASSERT_EQ(t, seen.calls, 1);
	KTEST_EXPECT_EQ(t, seen.vector, X86_TRAP_NMI);
	KTEST_EXPECT_LT(t, seen.frame, top);
	KTEST_EXPECT_GE(t, seen.frame, top - IST_STACK_SIZE);
}

/*
 * A backtrace inside a handler passes the entry code's frame and reaches
 * the function that was interrupted, then that function's caller. The
 * victim calls a function so that it has a frame of its own: GCC gives a
 * leaf that needs no stack no frame even with -fno-omit-frame-pointer,
 * and a walk from inside such a leaf skips the leaf's caller.
 */
static volatile int traps_test_sink;	/* defeats tail calls */

static __attribute__((noinline, noclone)) void traps_trace_helper(void)
{
	traps_test_sink++;
}

static __attribute__((noinline, noclone)) void traps_trace_victim(void)
{
	ARCH_SOFT_INT(TEST_VECTOR_TRACE);
	traps_trace_helper();
	traps_test_sink++;
}

static void traps_backtrace_through_trap(struct ktest *t)
{
	bool victim = false, caller = false;

	traps_test_reset();
	KTEST_ASSERT_EQ(t, arch_irq_set_handler(TEST_VECTOR_TRACE,
						traps_test_trace_handler), 0);
	traps_trace_victim();
	traps_test_sink++;
	arch_irq_set_handler(TEST_VECTOR_TRACE, NULL);
	KTEST_ASSERT_EQ(t, seen.calls, 1);
	for (size_t i = 0; i < seen.ntrace; i++) {
		victim |= sym_is(seen.trace[i] - 1, "traps_trace_victim");
		caller |= sym_is(seen.trace[i] - 1,
				 "traps_backtrace_through_trap");
	}
	KTEST_EXPECT(t, victim);
	KTEST_EXPECT(t, caller);
}

/*
 * A trap in a leaf with no frame of its own: RBP still points at the
 * caller's caller, but the oops trace finds the caller through the return
 * address at RSP ("? traps_backtrace_frameless_leaf+...").
 */
static __attribute__((noinline, noclone)) void traps_trace_leaf(void)
{
	ARCH_SOFT_INT(TEST_VECTOR_LEAF);
}

static void traps_backtrace_frameless_leaf(struct ktest *t)
{
	struct log_capture cap;

	traps_test_reset();
	KTEST_ASSERT_EQ(t, arch_irq_set_handler(TEST_VECTOR_LEAF,
						traps_test_print_handler), 0);
	log_capture_begin(&cap);
	traps_trace_leaf();
	log_capture_end(&cap);
	traps_test_sink++;
	arch_irq_set_handler(TEST_VECTOR_LEAF, NULL);
	KTEST_ASSERT_EQ(t, seen.calls, 1);
	KTEST_EXPECT(t, log_capture_contains("] traps_trace_leaf+0x"));
	KTEST_EXPECT(t,
		     log_capture_contains("traps_backtrace_frameless_leaf+0x"));
}

KTEST_SUITE(traps,
	    KTEST_CASE(traps_int3_returns),
	    KTEST_CASE(traps_idt_gates),
	    KTEST_CASE(traps_irq_set_handler_range),
	    KTEST_CASE(traps_irq_handler_called),
	    KTEST_CASE(traps_unexpected_interrupt_returns),
	    KTEST_CASE(traps_nmi_runs_on_ist),
	    KTEST_CASE(traps_backtrace_through_trap),
	    KTEST_CASE(traps_backtrace_frameless_leaf));
