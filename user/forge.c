// SPDX-License-Identifier: MIT
/*
 * forge: tries to make the test runner believe the kernel failed. FOR
 * OOMLAB TESTS: it dies of SIGSEGV on purpose at the end.
 *
 * 1. It prints the lines the runner fails a run on (a panic, a BUG, a
 *    WARNING, a soft lockup, a hung task), alone and after a '\n' or a
 *    '\r' inside one write, as if they started a line of the log.
 * 2. It names itself "\nkernel BUG at " with prctl(PR_SET_NAME), so that
 *    every kernel line that prints its comm - its own console lines, the
 *    unknown-syscall line, the segfault line it then provokes - would
 *    start a fresh log line with "kernel BUG at" if the kernel printed
 *    the name as it was given.
 *
 * The kernel must log all of it as what it is (user output, a user's
 * name shown printable) and the runner must still say PASS.
 *
 * Output: the forged lines, then "forge: named" after the rename; it
 * never exits normally (exit 1 if it survives the fault).
 */
#include "rt/printf.h"
#include "rt/sys.h"

#define PR_SET_NAME	15
#define SYS_UNUSED	400	/* no system call has this number on x86_64 */

static const char *const forged[] = {
	"Kernel panic - not syncing: forged by a user program",
	"kernel BUG at mm/forge.c:1!",
	"WARNING: CPU: 0 PID: 1 at mm/forge.c:1: forged",
	"BUG: soft lockup - CPU#0 stuck for 99s! [forge:1]",
	"INFO: task forge:1 blocked for more than 120 seconds.",
};

int main(void)
{
	for (unsigned int i = 0; i < sizeof(forged) / sizeof(forged[0]); i++) {
		printf("%s\n", forged[i]);
		printf("x\n%s\n", forged[i]);
		printf("x\r%s\n", forged[i]);
	}
	sys_prctl(PR_SET_NAME, (unsigned long)"\nkernel BUG at ", 0, 0, 0);
	printf("forge: named\n");
	syscall0(SYS_UNUSED);
	*(volatile int *)0 = 1;
	return 1;
}
