/* SPDX-License-Identifier: MIT */
/*
 * Per-task x87/MMX/SSE/AVX state: the registers ring 3 may change that
 * the general-purpose trap frame does not hold.
 *
 * Eager switching: a user task's state lives in the CPU's registers while
 * it runs, and in its struct arch_fpu while it is switched out. The
 * scheduler's switch (arch_user_switch()) saves the outgoing task's
 * registers and loads the incoming one's; a task without an area (a
 * kernel thread: it never runs user code) neither saves nor loads, so
 * the registers keep the last user task's state until the next user task
 * loads its own. The kernel itself never touches these registers: it is
 * built with -mgeneral-regs-only and no kernel path saves, uses and
 * restores them - so a task's state can only change in user mode.
 *
 * The image is XSAVE's standard format (x87, SSE and, where the CPU has
 * it, AVX: XCR0) on CPUs with XSAVE, FXSAVE's 512 bytes otherwise. Both
 * start with the same legacy region, so FCW, FSW and MXCSR sit at the
 * same offsets in either.
 *
 * Who has an area: tasks made by task_create_user() (every thread of a
 * user process: exec's first thread and clone's). It starts as Linux's
 * initial state (FCW 0x37f, MXCSR 0x1f80, everything else zero), which
 * is what a freshly exec'd program sees; clone overwrites it with the
 * parent's registers (arch_fpu_copy_current()).
 *
 * Locking: [t] the task itself while it runs (the registers), the
 * scheduler while it is switched out (the image); [I] set at CPU
 * bring-up.
 */
#ifndef ARCH_FPU_H
#define ARCH_FPU_H

#include "lib/types.h"

/* XCR0 / XSTATE_BV components oomlab enables (when the CPU has them). */
#define XFEATURE_MASK_X87	(1ULL << 0)
#define XFEATURE_MASK_SSE	(1ULL << 1)
#define XFEATURE_MASK_AVX	(1ULL << 2)

/* Linux's initial control words (FPU_CW_DEFAULT... in Linux's fpu code). */
#define FPU_FCW_DEFAULT		0x037f	/* all masked, 64-bit, nearest */
#define FPU_MXCSR_DEFAULT	0x1f80	/* all masked, nearest */

/* The legacy region of an FXSAVE/XSAVE image, as far as oomlab reads it. */
struct arch_fxregs {
	u16 fcw;		/* x87 control word */
	u16 fsw;		/* x87 status word */
	u16 ftw;		/* abridged tag word */
	u16 fop;
	u64 fip;
	u64 fdp;
	u32 mxcsr;
	u32 mxcsr_mask;
	u8 rest[512 - 32];	/* st/mm, xmm registers, reserved */
};

struct arch_fpu {
	/*
	 * The last math fault's signal code (FPE_*), where the signal frame
	 * will read it once user signal handlers exist; [t].
	 */
	int trap_si_code;
	/* The register image; XSAVE needs 64-byte alignment; [t]. */
	union {
		struct arch_fxregs fx;
		u8 bytes[512];
	} image __aligned(64);
	/* XSAVE's header and extended components follow (arch_fpu_size()). */
};

void arch_fpu_init_cpu(void);
size_t arch_fpu_size(void);
u64 arch_fpu_features(void);
bool arch_fpu_has_xsave(void);
void arch_fpu_init(struct arch_fpu *fpu);
void arch_fpu_copy_current(struct arch_fpu *dst);
void arch_fpu_save_current(struct arch_fpu *fpu);
void arch_fpu_load_current(const struct arch_fpu *fpu);
void arch_fpu_reset_current(struct arch_fpu *fpu);
void arch_fpu_switch(struct arch_fpu *prev, struct arch_fpu *next);
int arch_fpu_exception_code(const struct arch_fpu *fpu, unsigned int trap_nr);
int arch_fpu_math_trap(struct arch_fpu *fpu, unsigned int trap_nr);

#endif
