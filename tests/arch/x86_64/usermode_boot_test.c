// SPDX-License-Identifier: MIT
/*
 * Ring 3 without processes: a bound kernel thread maps a code page and a
 * data page into a private address space and runs a few bytes of user
 * code with arch_user_run(). The code talks to the kernel through
 * test-only syscalls (armed only for that thread):
 *
 *   __NR_oomlab_test_ping  returns its argument + 1
 *   __NR_oomlab_test_exit  ends the excursion; its argument is the result
 *   __NR_oomlab_test_nop   returns 0 (the benchmark's round trip)
 *
 *   0x400000  code page, user R+X       0x600000  data page, user RW+NX
 *                                        (parameter at +0, stack below
 *                                         0x601000)
 *
 * A fault in user mode must end only the "process": arch_user_run()
 * returns -signal and the kernel carries on.
 */
#include <arch/cpu.h>
#include <arch/extable.h>
#include <arch/traps.h>
#include <arch/uaccess.h>
#include <arch/usermode.h>
#include "kernel/kthread.h"
#include "kernel/ktest.h"
#include "kernel/preempt.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "kernel/syscall.h"
#include "lib/errno.h"
#include "tests/arch/x86_64/usermode_test_as.h"

#define UM_CODE		0x400000UL
#define UM_DATA		0x600000UL
#define UM_STACK	(UM_DATA + PAGE_SIZE - 16)
#define UM_END_CODE	(USER_ADDR_END)	/* the page nothing may map */

/* The programs: arch/x86_64/usermode_progs.S. */
#define UM_PROG(name) extern const u8 name[], name##_end[]
UM_PROG(um_prog_roundtrip);
UM_PROG(um_prog_ud);
UM_PROG(um_prog_gp);
UM_PROG(um_prog_de);
UM_PROG(um_prog_null);
UM_PROG(um_prog_kernel_read);
UM_PROG(um_prog_enosys);
UM_PROG(um_prog_spin);
UM_PROG(um_prog_fsgs);
UM_PROG(um_prog_bench);
UM_PROG(um_prog_edge);

struct um_job {
	const u8 *code, *code_end;
	vaddr_t code_va;	/* UM_CODE, or where the code must end */
	u64 param;
	long result;
	bool setup_failed;
	u64 fs_after, gs_after;	/* the bases the thread saw afterwards */
	struct completion done;
};

static struct task *um_armed;	/* [a] the thread the test syscalls serve */

static bool um_is_armed(void)
{
	return __atomic_load_n(&um_armed, __ATOMIC_ACQUIRE) == current;
}

SYSCALL_DEFINE1(oomlab_test_ping, u64, v)
{
	return um_is_armed() ? (long)(v + 1) : -ENOSYS;
}

SYSCALL_DEFINE0(oomlab_test_nop)
{
	return um_is_armed() ? 0 : -ENOSYS;
}

SYSCALL_DEFINE1(oomlab_test_exit, long, code)
{
	struct arch_user_run *r;

	if (!um_is_armed() || !(r = arch_user_run_current()))
		return -ENOSYS;
	arch_user_run_leave(r, code);
}

static int um_thread_work(struct um_job *j);

/* Do the job, then wait for kthread_stop() as kthreads must. */
static int um_thread(void *arg)
{
	struct um_job *j = arg;

	um_thread_work(j);
	complete(&j->done);
	for (;;) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (kthread_should_stop())
			break;
		schedule();
	}
	__set_current_state(TASK_RUNNING);
	return 0;
}

static int um_thread_work(struct um_job *j)
{
	size_t len = (size_t)(j->code_end - j->code);
	vaddr_t page = ALIGN_DOWN(j->code_va, PAGE_SIZE);
	struct arch_user_run run;
	struct test_as as;
	u8 *code, *data;

	if (!test_as_init(&as)) {
		j->setup_failed = true;
		return 0;
	}
	code = test_as_map(&as, page, ARCH_PROT_READ | ARCH_PROT_EXEC);
	data = test_as_map(&as, UM_DATA, ARCH_PROT_READ | ARCH_PROT_WRITE);
	if (!code || !data) {
		test_as_destroy(&as);
		j->setup_failed = true;
		return 0;
	}
	memcpy(code + (j->code_va - page), j->code, len);
	*(u64 *)(data + PAGE_SIZE - 16) = j->param;
	*(u64 *)data = 0x1234;
	*(u64 *)(data + 8) = 0x56780000;
	test_as_load(&as);
	__atomic_store_n(&um_armed, current, __ATOMIC_RELEASE);
	j->result = arch_user_run(&run, j->code_va, UM_STACK);
	__atomic_store_n(&um_armed, NULL, __ATOMIC_RELEASE);
	j->fs_after = arch_get_fs_base();
	j->gs_after = arch_get_user_gs_base();
	arch_set_fs_base(0);
	arch_set_user_gs_base(0);
	test_as_unload(&as);
	test_as_destroy(&as);
	return 0;
}

/* Run @j in a kernel thread bound to this CPU; false if it could not. */
static bool um_run(struct ktest *t, struct um_job *j)
{
	struct task *k = kthread_create(um_thread, j, "um-test");

	if (!k) {
		KTEST_FAIL(t, "no memory for the test thread");
		return false;
	}
	kthread_bind(k, smp_processor_id());
	init_completion(&j->done);
	wake_up_process(k);
	wait_for_completion(&j->done);
	kthread_stop(k);
	if (j->setup_failed)
		KTEST_FAIL(t, "no memory for the test address space");
	return !j->setup_failed;
}

#define UM_JOB(prog)							\
	{ .code = prog, .code_end = prog##_end, .code_va = UM_CODE }

/*
 * Enter ring 3, make a syscall, get the right result back with RSP and
 * callee-saved registers intact, then leave through a second syscall.
 */
static void usermode_syscall_round_trip(struct ktest *t)
{
	struct um_job j = UM_JOB(um_prog_roundtrip);

	if (um_run(t, &j))
		KTEST_EXPECT_EQ(t, j.result, 1);
}

/*
 * #UD, #GP (hlt), #DE and a NULL read in ring 3 end the excursion with
 * SIGILL, SIGSEGV, SIGFPE, SIGSEGV; the kernel is fine and says why.
 */
static void usermode_faults_kill_only_the_process(struct ktest *t)
{
	struct um_job ud = UM_JOB(um_prog_ud), gp = UM_JOB(um_prog_gp);
	struct um_job de = UM_JOB(um_prog_de), pf = UM_JOB(um_prog_null);

	if (um_run(t, &ud))
		KTEST_EXPECT_EQ(t, ud.result, -SIGILL);
	if (um_run(t, &gp))
		KTEST_EXPECT_EQ(t, gp.result, -SIGSEGV);
	if (um_run(t, &de))
		KTEST_EXPECT_EQ(t, de.result, -SIGFPE);
	if (um_run(t, &pf))
		KTEST_EXPECT_EQ(t, pf.result, -SIGSEGV);
	KTEST_EXPECT(t, !fatal_signal_pending(current));
}

/* User code reading a kernel address gets SIGSEGV (a U=1 #PF). */
static void usermode_kernel_address_segv(struct ktest *t)
{
	struct um_job j = UM_JOB(um_prog_kernel_read);
	u64 faults = arch_trap_count(X86_TRAP_PF);

	j.param = (u64)&um_armed;
	if (um_run(t, &j))
		KTEST_EXPECT_EQ(t, j.result, -SIGSEGV);
	KTEST_EXPECT_EQ_U(t, arch_trap_count(X86_TRAP_PF), faults + 1);
}

/* An unknown syscall number returns -ENOSYS to user space. */
static void usermode_unknown_syscall_enosys(struct ktest *t)
{
	struct um_job j = UM_JOB(um_prog_enosys);

	if (um_run(t, &j))
		KTEST_EXPECT_EQ(t, j.result, -ENOSYS);
	KTEST_EXPECT_NULL(t, syscall_lookup(999));
	KTEST_EXPECT_NOT_NULL(t, syscall_lookup(__NR_arch_prctl));
}

/*
 * Spin in ring 3 for ~30 ms: timer interrupts (and maybe preemption)
 * enter from user mode, swap GS twice, and return to the loop.
 */
static void usermode_interrupts_from_ring3(struct ktest *t)
{
	struct um_job j = UM_JOB(um_prog_spin);
	u64 before = arch_this_cpu()->ticks;

	j.param = arch_tsc_khz() * 30;
	if (um_run(t, &j))
		KTEST_EXPECT_EQ(t, j.result, 1);
	ktest_log(t, "ticks on this CPU meanwhile: %llu",
		  (unsigned long long)(arch_this_cpu()->ticks - before));
}

/*
 * arch_prctl(ARCH_SET_FS/ARCH_SET_GS) from ring 3: %fs:0 and %gs:0 read
 * the data page (0x1234 + 0x56780000) after a spin with interrupts; the
 * kernel's GS stays its own throughout.
 */
static void usermode_fs_gs_base(struct ktest *t)
{
	struct um_job j = UM_JOB(um_prog_fsgs);

	if (!um_run(t, &j))
		return;
	KTEST_EXPECT_EQ(t, j.result, 0x56781234);
	KTEST_EXPECT_EQ_U(t, j.fs_after, UM_DATA);
	KTEST_EXPECT_EQ_U(t, j.gs_after, UM_DATA + 8);
	KTEST_EXPECT(t, arch_this_cpu()->self == arch_this_cpu());
	KTEST_EXPECT_EQ(t, arch_prctl(ARCH_SET_FS, USER_ADDR_END), -EPERM);
	KTEST_EXPECT_EQ(t, arch_prctl(0x1234, 0), -EINVAL);
}

/*
 * A syscall in the last bytes of the user half would SYSRET to the
 * non-canonical 0x800000000000: refused, the process gets SIGSEGV.
 */
static void usermode_noncanonical_return(struct ktest *t)
{
	struct um_job j = UM_JOB(um_prog_edge);

	j.code_va = UM_END_CODE + PAGE_SIZE - (um_prog_edge_end - um_prog_edge);
	if (um_run(t, &j))
		KTEST_EXPECT_EQ(t, j.result, -SIGSEGV);
}

/* SMEP: a kernel call into a user page faults (fixed up) - or SKIP. */
static void usermode_smep(struct ktest *t)
{
	struct test_as as;
	u8 *code;
	int ret;

	if (!arch_has_smep())
		KTEST_SKIP(t, "CPU without SMEP");
	KTEST_ASSERT(t, test_as_init(&as));
	code = test_as_map(&as, UM_CODE, ARCH_PROT_READ | ARCH_PROT_EXEC);
	if (code) {
		code[0] = 0xc3;	/* ret */
		preempt_disable();
		test_as_load(&as);
		ret = arch_probe_exec(UM_CODE);
		test_as_unload(&as);
		preempt_enable();
		KTEST_EXPECT_EQ(t, ret, -EFAULT);
	}
	test_as_destroy(&as);
}

/* SMAP: a plain kernel read of a user page faults; uaccess works. */
static void usermode_smap(struct ktest *t)
{
	struct test_as as;
	u64 v = 0, w = 0;
	u8 *data;
	int ret;

	if (!arch_has_smap())
		KTEST_SKIP(t, "CPU without SMAP");
	KTEST_ASSERT(t, test_as_init(&as));
	data = test_as_map(&as, UM_DATA, ARCH_PROT_READ | ARCH_PROT_WRITE);
	if (data) {
		*(u64 *)data = 42;
		preempt_disable();
		test_as_load(&as);
		ret = arch_probe_read_u64((void *)UM_DATA, &v);
		KTEST_EXPECT_EQ(t, get_user_u64(&w, (u64 *)UM_DATA), 0);
		test_as_unload(&as);
		preempt_enable();
		KTEST_EXPECT_EQ(t, ret, -EFAULT);
		KTEST_EXPECT_EQ_U(t, w, 42);
	}
	test_as_destroy(&as);
}

KTEST_SUITE(usermode,
	    KTEST_CASE(usermode_syscall_round_trip),
	    KTEST_CASE(usermode_faults_kill_only_the_process),
	    KTEST_CASE(usermode_kernel_address_segv),
	    KTEST_CASE(usermode_unknown_syscall_enosys),
	    KTEST_CASE(usermode_interrupts_from_ring3),
	    KTEST_CASE(usermode_fs_gs_base),
	    KTEST_CASE(usermode_noncanonical_return),
	    KTEST_CASE(usermode_smep),
	    KTEST_CASE(usermode_smap));

#define BENCH_SYSCALLS	20000

/* Syscall round trip: user rdtsc around BENCH_SYSCALLS nop syscalls. */
static void bench_syscall_round_trip(struct ktest *t)
{
	struct um_job j = UM_JOB(um_prog_bench);

	j.param = BENCH_SYSCALLS;
	if (!um_run(t, &j))
		return;
	KTEST_ASSERT_GT(t, j.result, 0);
	ktest_log(t, "bench %s: %llu %s", "syscall_round_trip",
		  (unsigned long long)j.result / BENCH_SYSCALLS,
		  "cycles/syscall");
}

KTEST_SUITE(bench_syscall, KTEST_CASE(bench_syscall_round_trip));
