// SPDX-License-Identifier: MIT
/*
 * spin: runs in user mode and never enters the kernel again, for the
 * kill-kick test: after its one line it makes no system call and touches
 * no new page, so only an interrupt brings it into the kernel, where a
 * pending SIGKILL ends it. It never exits by itself.
 *
 * Output (stdout): "spin: running pid=P", once, before the loop.
 */
#include "rt/printf.h"
#include "rt/sys.h"

int main(int argc, char **argv, char **envp);

int main(int argc, char **argv, char **envp)
{
	volatile unsigned long laps = 0;

	printf("spin: running pid=%ld\n", sys_getpid());
	for (;;)
		laps++;
}
