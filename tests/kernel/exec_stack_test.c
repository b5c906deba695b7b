// SPDX-License-Identifier: MIT
/*
 * exec_stack_build() layouts, read back the way user/rt/start.c reads
 * them: sp is 16-byte aligned for every argc/envc parity, argc and the
 * argv/envp pointers lead to the right strings, auxv carries AT_PHDR,
 * AT_PHNUM, AT_ENTRY, AT_PAGESZ and AT_RANDOM (16 bytes inside the
 * stack), everything lies in [sp, top), and too little room is -E2BIG.
 */
#include "kernel/exec_stack.h"
#include "kernel/ktest.h"
#include "lib/errno.h"
#include "lib/string.h"

#define TOP		0x7ffffffff000ULL
#define BUFLEN		2048

static u8 stack[BUFLEN];

static const struct exec_auxv_info info = {
	.phdr = 0x400040, .phent = 56, .phnum = 5, .entry = 0x401234,
	.random = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 },
	.execfn = "/bin/hog",
};

static const char *const *info_argv(void)
{
	static const char *const argv[] = { "/bin/hog", "--threads=2", NULL };

	return argv;
}

/* The buffer byte that stands for user address @ua. */
static void *at(u64 ua)
{
	return stack + (ua - (TOP - BUFLEN));
}

static u64 word(u64 ua)
{
	u64 v;

	memcpy(&v, at(ua), 8);
	return v;
}

static bool in_stack(u64 ua, u64 sp)
{
	return ua >= sp && ua < TOP;
}

static u64 auxv_get(u64 auxp, u64 key)
{
	for (; word(auxp) != AT_NULL; auxp += 16)
		if (word(auxp) == key)
			return word(auxp + 8);
	return ~0ULL;
}

/* Check one layout; return the auxv address for more checks. */
static u64 check_layout(struct ktest *t, u64 sp, const char *const *argv,
			size_t argc, const char *const *envp, size_t envc)
{
	u64 p = sp;

	KTEST_EXPECT_EQ(t, sp % 16, 0);
	KTEST_EXPECT(t, in_stack(sp, sp));
	KTEST_EXPECT_EQ(t, word(p), argc);
	p += 8;
	for (size_t i = 0; i < argc; i++, p += 8) {
		KTEST_EXPECT(t, in_stack(word(p), sp));
		KTEST_EXPECT_STREQ(t, (char *)at(word(p)), argv[i]);
	}
	KTEST_EXPECT_EQ(t, word(p), 0);
	p += 8;
	for (size_t i = 0; i < envc; i++, p += 8) {
		KTEST_EXPECT(t, in_stack(word(p), sp));
		KTEST_EXPECT_STREQ(t, (char *)at(word(p)), envp[i]);
	}
	KTEST_EXPECT_EQ(t, word(p), 0);
	return p + 8;
}

/* argc 0..3 with envc 0..2: both parities of the word count. */
static void exec_stack_layouts(struct ktest *t)
{
	static const char *const args[] = { "hog", "--mib=4", "x", NULL };
	static const char *const envs[] = { "A=1", "OOMLAB=yes", NULL };
	const char *argv[4], *envp[3];

	for (size_t argc = 0; argc <= 3; argc++) {
		for (size_t envc = 0; envc <= 2; envc++) {
			u64 sp, auxp, rnd;

			memcpy(argv, args, argc * sizeof(char *));
			argv[argc] = NULL;
			memcpy(envp, envs, envc * sizeof(char *));
			envp[envc] = NULL;
			memset(stack, 0xa5, sizeof(stack));
			KTEST_ASSERT_EQ(t, exec_stack_build(stack, BUFLEN, TOP,
							    argv, envp, &info,
							    &sp), 0);
			auxp = check_layout(t, sp, argv, argc, envp, envc);
			KTEST_EXPECT_EQ(t, auxv_get(auxp, AT_PHDR), 0x400040);
			KTEST_EXPECT_EQ(t, auxv_get(auxp, AT_PHENT), 56);
			KTEST_EXPECT_EQ(t, auxv_get(auxp, AT_PHNUM), 5);
			KTEST_EXPECT_EQ(t, auxv_get(auxp, AT_ENTRY), 0x401234);
			KTEST_EXPECT_EQ(t, auxv_get(auxp, AT_PAGESZ), 4096);
			KTEST_EXPECT_EQ(t, auxv_get(auxp, AT_UID), 0);
			KTEST_EXPECT_STREQ(t,
				(char *)at(auxv_get(auxp, AT_EXECFN)),
				"/bin/hog");
			rnd = auxv_get(auxp, AT_RANDOM);
			KTEST_ASSERT(t, in_stack(rnd, sp) &&
					in_stack(rnd + 15, sp));
			KTEST_EXPECT_EQ(t, memcmp(at(rnd), info.random, 16), 0);
			if (ktest_failed(t)) {
				ktest_log(t, "argc %zu envc %zu", argc, envc);
				return;
			}
		}
	}
}

/* NULL argv/envp mean empty vectors; AT_PHDR 0 is left out. */
static void exec_stack_empty_and_no_phdr(struct ktest *t)
{
	struct exec_auxv_info i2 = info;
	u64 sp, auxp;

	i2.phdr = 0;
	i2.execfn = NULL;
	KTEST_ASSERT_EQ(t, exec_stack_build(stack, BUFLEN, TOP, NULL, NULL,
					    &i2, &sp), 0);
	auxp = check_layout(t, sp, NULL, 0, NULL, 0);
	KTEST_EXPECT_EQ(t, auxv_get(auxp, AT_PHDR), ~0ULL);
	KTEST_EXPECT_EQ(t, auxv_get(auxp, AT_EXECFN), ~0ULL);
	KTEST_EXPECT_EQ(t, auxv_get(auxp, AT_ENTRY), 0x401234);
}

/* Every buffer size too small is -E2BIG, never a write outside it; so are
 * too many strings and a misaligned top. */
static void exec_stack_too_big(struct ktest *t)
{
	static const char *argv[EXEC_MAX_STRINGS + 2];
	u64 sp, need;
	size_t bad = 0;

	KTEST_ASSERT_EQ(t, exec_stack_build(stack, BUFLEN, TOP, info_argv(),
					    NULL, &info, &sp), 0);
	need = TOP - sp;
	for (u64 len = 0; len < need; len++) {
		/* Build at the very start of stack[] so ASan sees an
		 * underflow as a read before the array. */
		if (exec_stack_build(stack + BUFLEN - len, len, TOP,
				     info_argv(), NULL, &info, &sp) != -E2BIG)
			bad++;
	}
	KTEST_EXPECT_EQ(t, bad, 0);
	for (size_t i = 0; i <= EXEC_MAX_STRINGS; i++)
		argv[i] = "a";
	KTEST_EXPECT_EQ(t, exec_stack_build(stack, BUFLEN, TOP, argv, NULL,
					    &info, &sp), -E2BIG);
	KTEST_EXPECT_EQ(t, exec_stack_build(stack, BUFLEN, TOP + 8, NULL,
					    NULL, &info, &sp), -EINVAL);
}

KTEST_SUITE(exec_stack,
	    KTEST_CASE(exec_stack_layouts),
	    KTEST_CASE(exec_stack_empty_and_no_phdr),
	    KTEST_CASE(exec_stack_too_big));
