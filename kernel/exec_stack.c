// SPDX-License-Identifier: MIT
/*
 * The SysV x86_64 initial stack as Linux 6.1 lays it out (fs/exec.c
 * copies the strings, binfmt_elf.c's create_elf_tables() the rest), in a
 * buffer that stands for the user range [top - buflen, top):
 *
 *   top ->  8 zero bytes (end marker)
 *           execfn string (AT_EXECFN)
 *           envp strings, argv strings (argv[0] lowest; each NUL-ended)
 *           (down to a 16-byte boundary)
 *           "x86_64" (AT_PLATFORM)
 *           16 AT_RANDOM bytes
 *           (pad: the vectors below end on a 16-byte boundary)
 *           auxv pairs ... AT_NULL 0
 *           envp[0] .. envp[envc - 1], NULL
 *           argv[0] .. argv[argc - 1], NULL
 *   sp ->   argc                               sp % 16 == 0 (psABI 3.4.1)
 *
 * The auxv keys come in Linux's order, less what oomlab has no use for:
 * AT_SYSINFO_EHDR (no vDSO: glibc then makes real syscalls for the time)
 * and AT_MINSIGSTKSZ (no signal frames yet).
 *
 * Invariant: nothing is written outside the buffer; a layout that does
 * not fit is -E2BIG and leaves no promise about the buffer's contents.
 */
#include "kernel/exec_stack.h"
#include "lib/errno.h"
#include "lib/string.h"

struct stack_writer {
	u8 *buf;
	u64 base;		/* user address of buf[0] */
	u64 pos;		/* user address of the lowest byte used */
};

/* Put @len bytes just below pos; return their user address, 0 if full. */
static u64 push_bytes(struct stack_writer *w, const void *p, size_t len)
{
	if (w->pos - w->base < len)
		return 0;
	w->pos -= len;
	memcpy(w->buf + (w->pos - w->base), p, len);
	return w->pos;
}

static u64 push_string(struct stack_writer *w, const char *s)
{
	return push_bytes(w, s, strlen(s) + 1);
}

static size_t count_strings(const char *const *v)
{
	size_t n = 0;

	while (v && v[n])
		n++;
	return n;
}

/* Push every string of @v, the last first, so that v[0] ends lowest. */
static int push_vector(struct stack_writer *w, const char *const *v, size_t n)
{
	for (size_t i = n; i-- > 0;)
		if (!push_string(w, v[i]))
			return -E2BIG;
	return 0;
}

/* Store @v at @slot (the buffer may be unaligned); return the next slot. */
static u8 *put_word(u8 *slot, u64 v)
{
	memcpy(slot, &v, sizeof(v));
	return slot + sizeof(v);
}

/* Store at @slot the user addresses of @v's n strings, which lie end to
 * end from user address @ua; then a NULL. Return: the slot after. */
static u8 *put_pointers(u8 *slot, const char *const *v, size_t n, u64 *ua)
{
	for (size_t i = 0; i < n; i++) {
		slot = put_word(slot, *ua);
		*ua += strlen(v[i]) + 1;
	}
	return put_word(slot, 0);
}

static size_t fill_auxv(u64 *aux, const struct exec_auxv_info *info,
			u64 random, u64 platform, u64 execfn)
{
	size_t n = 0;

#define AUX(k, v) do { aux[n++] = (k); aux[n++] = (v); } while (0)
	AUX(AT_HWCAP, info->hwcap);
	AUX(AT_PAGESZ, 4096);
	AUX(AT_CLKTCK, 100);		/* USER_HZ */
	if (info->phdr)
		AUX(AT_PHDR, info->phdr);
	AUX(AT_PHENT, info->phent);
	AUX(AT_PHNUM, info->phnum);
	AUX(AT_BASE, 0);		/* no interpreter */
	AUX(AT_FLAGS, 0);
	AUX(AT_ENTRY, info->entry);
	AUX(AT_UID, 0);
	AUX(AT_EUID, 0);
	AUX(AT_GID, 0);
	AUX(AT_EGID, 0);
	AUX(AT_SECURE, 0);
	AUX(AT_RANDOM, random);
	AUX(AT_HWCAP2, info->hwcap2);
	if (execfn)
		AUX(AT_EXECFN, execfn);
	AUX(AT_PLATFORM, platform);
	AUX(AT_NULL, 0);
#undef AUX
	return n;
}

/**
 * exec_stack_build - lay out the initial stack of a new process.
 * @buf: kernel buffer standing for user memory [@top - @buflen, @top)
 * @buflen: its size
 * @top: user address just above the stack (16-byte aligned)
 * @argv: NULL-terminated argument strings (NULL: none)
 * @envp: NULL-terminated environment strings (NULL: none)
 * @info: the auxv facts about the program
 * @sp: set to the initial stack pointer (the address of argc)
 *
 * The caller copies [*@sp, @top) of the buffer to user space.
 *
 * Context: any; pure.
 * Return: 0; -E2BIG when there are more than EXEC_MAX_STRINGS strings or
 * the layout does not fit in @buflen; -EINVAL when @top is not aligned.
 */
int exec_stack_build(void *buf, size_t buflen, u64 top,
		     const char *const *argv, const char *const *envp,
		     const struct exec_auxv_info *info, u64 *sp)
{
	struct stack_writer w = { buf, top - buflen, top };
	size_t argc = count_strings(argv), envc = count_strings(envp);
	u64 aux[EXEC_AUXV_MAX * 2], random, platform, execfn = 0, zero = 0;
	u64 strings, nwords;
	u8 *slot;
	size_t naux;

	if (top % 16 || buflen > top)
		return -EINVAL;
	if (argc + envc > EXEC_MAX_STRINGS)
		return -E2BIG;
	if (!push_bytes(&w, &zero, sizeof(zero)))
		return -E2BIG;
	if (info->execfn && !(execfn = push_string(&w, info->execfn)))
		return -E2BIG;
	if (push_vector(&w, envp, envc) || push_vector(&w, argv, argc))
		return -E2BIG;
	strings = w.pos;		/* argv[0]'s string */
	w.pos = ALIGN_DOWN(w.pos, 16);
	if (w.pos < w.base)
		return -E2BIG;
	if (!(platform = push_string(&w, "x86_64")) ||
	    !(random = push_bytes(&w, info->random, sizeof(info->random))))
		return -E2BIG;
	naux = fill_auxv(aux, info, random, platform, execfn);
	/* argc, argv + NULL, envp + NULL, auxv */
	nwords = 1 + (argc + 1) + (envc + 1) + naux;
	if (w.pos - w.base < nwords * 8 + 15)
		return -E2BIG;
	w.pos = ALIGN_DOWN(w.pos - nwords * 8, 16);
	slot = put_word((u8 *)buf + (w.pos - w.base), argc);
	slot = put_pointers(slot, argv, argc, &strings);
	slot = put_pointers(slot, envp, envc, &strings);
	memcpy(slot, aux, naux * 8);
	*sp = w.pos;
	return 0;
}
