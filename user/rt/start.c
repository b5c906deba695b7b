// SPDX-License-Identifier: MIT
/*
 * Start-up: from the SysV initial stack to main(). The initial stack is
 *
 *   sp -> argc
 *         argv[0] .. argv[argc - 1], NULL
 *         envp[0] .. , NULL
 *         auxv: (type, value) pairs up to (AT_NULL, 0)
 *
 * The runtime keeps envp and auxv for start_getenv() and start_auxv().
 * Invariant: before main() runs, %fs:0 points at the main thread's tcb.
 */
#include <stdint.h>
#include "rt/start.h"
#include "rt/string.h"
#include "rt/sys.h"
#include "rt/tcb.h"

#define PT_TLS 7

/* The fields of an ELF64 program header that start-up reads. */
struct elf64_phdr {
	uint32_t p_type;
	uint32_t p_flags;
	uint64_t p_offset;
	uint64_t p_vaddr;
	uint64_t p_paddr;
	uint64_t p_filesz;
	uint64_t p_memsz;
	uint64_t p_align;
};

static char **start_envp;
static unsigned long *start_auxvp;

/**
 * start_auxv - look up an auxiliary vector entry.
 * @type: an AT_* key.
 *
 * Return: its value, or 0 when the kernel did not pass it.
 */
unsigned long start_auxv(unsigned long type)
{
	unsigned long *a;

	for (a = start_auxvp; a && a[0] != AT_NULL; a += 2)
		if (a[0] == type)
			return a[1];
	return 0;
}

/**
 * start_getenv - find an environment variable.
 * @name: its name, without '='.
 *
 * Return: a pointer to its value in the initial stack, or NULL.
 */
char *start_getenv(const char *name)
{
	size_t len = strlen(name);
	char **e;

	for (e = start_envp; e && *e; e++)
		if (!strncmp(*e, name, len) && (*e)[len] == '=')
			return *e + len + 1;
	return NULL;
}

/**
 * exit - end the process: every thread, with status @code.
 * @code: the exit status (the low 8 bits reach the parent).
 */
void exit(int code)
{
	sys_exit_group(code);
}

static void die(const char *msg)
{
	sys_write(2, msg, strlen(msg));
	sys_exit_group(127);
}

/* ELF TLS would need a TLS block below each tcb: refuse it, loudly. */
static void check_no_elf_tls(void)
{
	const struct elf64_phdr *ph = (void *)start_auxv(AT_PHDR);
	unsigned long n = start_auxv(AT_PHNUM);
	unsigned long ent = start_auxv(AT_PHENT);

	if (!ph || ent != sizeof(*ph))
		return;
	for (unsigned long i = 0; i < n; i++)
		if (ph[i].p_type == PT_TLS)
			die("rt: __thread variables are not supported\n");
}

/**
 * start_main - C entry point, called by _start.
 * @sp: the initial stack pointer the kernel gave the process.
 *
 * Context: the only thread; %fs is not set up yet.
 */
__attribute__((noreturn, used)) void start_main(unsigned long *sp);
void start_main(unsigned long *sp)
{
	int argc = (int)sp[0];
	char **argv = (char **)(sp + 1);
	char **e;

	start_envp = argv + argc + 1;
	for (e = start_envp; *e; e++)
		;
	start_auxvp = (unsigned long *)(e + 1);
	check_no_elf_tls();
	if (tcb_init_main() < 0)
		die("rt: arch_prctl(ARCH_SET_FS) failed\n");
	exit(main(argc, argv, start_envp));
}
