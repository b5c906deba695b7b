// SPDX-License-Identifier: MIT
/*
 * uaccess: copies from and to user space return Linux's results for good
 * pointers, and never oops on bad ones - kernel addresses, unmapped and
 * non-canonical user addresses, ranges that run off a mapped page.
 *
 *   0x400000  +------------------+  mapped, user RW (UA_PAGE)
 *             |        ...   XXX |  <- ranges that start here (XXX) and
 *   0x401000  +------------------+     run on into the unmapped page
 *             |   not mapped     |     copy only the mapped part
 *   0x402000  +------------------+
 *
 * Each test loads a private address space with preemption off and puts
 * the kernel's back before it ends (tests/arch/x86_64/usermode_test_as.h).
 * mm's fault handler is not asked: with preemption off a missing page is
 * -EFAULT at once.
 */
#include <arch/traps.h>
#include <arch/uaccess.h>
#include "kernel/ktest.h"
#include "kernel/preempt.h"
#include "lib/errno.h"
#include "tests/arch/x86_64/usermode_test_as.h"

#define UA_PAGE		0x400000UL
#define UA_HOLE		(UA_PAGE + PAGE_SIZE)

struct ua_env {
	struct test_as as;
	u8 *page;	/* kernel alias of UA_PAGE */
};

static bool ua_setup(struct ktest *t, struct ua_env *e)
{
	if (!test_as_init(&e->as)) {
		KTEST_FAIL(t, "no memory for the test page tables");
		return false;
	}
	e->page = test_as_map(&e->as, UA_PAGE,
			      ARCH_PROT_READ | ARCH_PROT_WRITE);
	if (!e->page) {
		test_as_destroy(&e->as);
		KTEST_FAIL(t, "no memory for the test page");
		return false;
	}
	preempt_disable();
	test_as_load(&e->as);
	return true;
}

static void ua_teardown(struct ua_env *e)
{
	test_as_unload(&e->as);
	preempt_enable();
	test_as_destroy(&e->as);
}

/* A mapped user page: every routine moves all bytes and returns 0. */
static void uaccess_good_user_page(struct ktest *t)
{
	u8 buf[64], back[64];
	struct ua_env e;
	u32 v32 = 0;
	u64 v64 = 0;

	if (!ua_setup(t, &e))
		return;
	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = (u8)(i * 7 + 1);
	KTEST_EXPECT_EQ_U(t, copy_to_user((void *)UA_PAGE, buf, 64), 0);
	KTEST_EXPECT_EQ_U(t, copy_from_user(back, (void *)UA_PAGE, 64), 0);
	KTEST_EXPECT_EQ(t, memcmp(buf, back, 64), 0);
	KTEST_EXPECT_EQ(t, memcmp(buf, e.page, 64), 0);
	KTEST_EXPECT_EQ(t, put_user_u32(0xdeadbeef, (u32 *)(UA_PAGE + 64)),
			0);
	KTEST_EXPECT_EQ(t, get_user_u32(&v32, (u32 *)(UA_PAGE + 64)), 0);
	KTEST_EXPECT_EQ_U(t, v32, 0xdeadbeef);
	KTEST_EXPECT_EQ(t, put_user_u64(0x0123456789abcdefULL,
					(u64 *)(UA_PAGE + 72)), 0);
	KTEST_EXPECT_EQ(t, get_user_u64(&v64, (u64 *)(UA_PAGE + 72)), 0);
	KTEST_EXPECT_EQ_U(t, v64, 0x0123456789abcdefULL);
	KTEST_EXPECT_EQ(t, put_user(7, (u32 *)(UA_PAGE + 80)), 0);
	KTEST_EXPECT_EQ(t, get_user(v32, (u32 *)(UA_PAGE + 80)), 0);
	KTEST_EXPECT_EQ_U(t, v32, 7);
	KTEST_EXPECT_EQ(t, put_user(~0ULL, (u64 *)(UA_PAGE + 88)), 0);
	KTEST_EXPECT_EQ(t, get_user(v64, (u64 *)(UA_PAGE + 88)), 0);
	KTEST_EXPECT_EQ_U(t, v64, ~0ULL);
	KTEST_EXPECT_EQ_U(t, clear_user((void *)UA_PAGE, 16), 0);
	KTEST_EXPECT_EQ(t, e.page[0] | e.page[15], 0);
	KTEST_EXPECT_EQ(t, e.page[16], buf[16]);
	ua_teardown(&e);
}

/*
 * Kernel addresses are refused by access_ok before any access: no fault
 * is taken, nothing is read or written, the whole count is returned.
 */
static void uaccess_kernel_address(struct ktest *t)
{
	static u64 secret = 0x5ec4e75ec4e7ULL;
	u64 faults = arch_trap_count(X86_TRAP_PF), v = 1;
	u8 buf[8] = { 0 };
	char s[8];

	KTEST_EXPECT_EQ_U(t, copy_from_user(buf, &secret, 8), 8);
	KTEST_EXPECT_EQ(t, buf[0], 0);
	KTEST_EXPECT_EQ_U(t, copy_to_user(&secret, buf, 8), 8);
	KTEST_EXPECT_EQ_U(t, secret, 0x5ec4e75ec4e7ULL);
	KTEST_EXPECT_EQ_U(t, clear_user(&secret, 8), 8);
	KTEST_EXPECT_EQ(t, get_user_u64(&v, &secret), -EFAULT);
	KTEST_EXPECT_EQ_U(t, v, 0);
	KTEST_EXPECT_EQ(t, put_user_u64(0, &secret), -EFAULT);
	KTEST_EXPECT_EQ(t, strncpy_from_user(s, (const char *)&secret, 8),
			-EFAULT);
	KTEST_EXPECT_EQ_U(t, secret, 0x5ec4e75ec4e7ULL);
	KTEST_EXPECT_EQ_U(t, arch_trap_count(X86_TRAP_PF), faults);
}

/*
 * Non-canonical addresses and ranges that wrap or cross USER_ADDR_END
 * are refused; a valid start does not make a too-long range valid.
 */
static void uaccess_noncanonical_and_wrap(struct ktest *t)
{
	u8 buf[16];
	u32 v;

	KTEST_EXPECT_EQ_U(t, copy_from_user(buf, (void *)0x0000800000000000UL,
					    8), 8);
	KTEST_EXPECT_EQ_U(t, copy_to_user((void *)0x8000000000000000UL, buf,
					  8), 8);
	KTEST_EXPECT_EQ(t, get_user_u32(&v, (u32 *)0xffff7ffffffff000UL),
			-EFAULT);
	KTEST_EXPECT(t, !access_ok((void *)(USER_ADDR_END - 8), 16));
	KTEST_EXPECT(t, access_ok((void *)(USER_ADDR_END - 8), 8));
	KTEST_EXPECT(t, !access_ok((void *)UA_PAGE, ~0UL));
	KTEST_EXPECT(t, access_ok(NULL, 0));
	KTEST_EXPECT_EQ_U(t, copy_to_user((void *)UA_PAGE, buf, ~0UL - 4),
			  ~0UL - 4);
}

/*
 * Unmapped user addresses fault and are fixed up: one #PF per call, the
 * full count (or -EFAULT) comes back, the kernel buffer is zeroed.
 */
static void uaccess_unmapped_user(struct ktest *t)
{
	u8 buf[32];
	struct ua_env e;
	u64 faults, v = 7;

	if (!ua_setup(t, &e))
		return;
	memset(buf, 0xaa, sizeof(buf));
	faults = arch_trap_count(X86_TRAP_PF);
	KTEST_EXPECT_EQ_U(t, copy_from_user(buf, (void *)UA_HOLE, 32), 32);
	KTEST_EXPECT_EQ(t, buf[0] | buf[31], 0);
	KTEST_EXPECT_EQ_U(t, copy_to_user(NULL, buf, 32), 32);
	KTEST_EXPECT_EQ(t, get_user_u64(&v, (u64 *)UA_HOLE), -EFAULT);
	KTEST_EXPECT_EQ_U(t, v, 0);
	KTEST_EXPECT_EQ(t, put_user_u32(1, (u32 *)0x1000), -EFAULT);
	KTEST_EXPECT_EQ_U(t, arch_trap_count(X86_TRAP_PF), faults + 4);
	ua_teardown(&e);
}

/*
 * A range starting 100 bytes before the hole copies exactly those 100
 * bytes: 300 asked, 200 not copied; the tail of the kernel buffer reads
 * zero. A u64 straddling the boundary is -EFAULT.
 */
static void uaccess_partial_copy(struct ktest *t)
{
	u8 buf[300], back[300];
	struct ua_env e;
	u64 v;

	if (!ua_setup(t, &e))
		return;
	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = (u8)(i + 1);
	KTEST_EXPECT_EQ_U(t, copy_to_user((void *)(UA_HOLE - 100), buf, 300),
			  200);
	KTEST_EXPECT_EQ(t, memcmp(e.page + PAGE_SIZE - 100, buf, 100), 0);
	memset(back, 0xaa, sizeof(back));
	KTEST_EXPECT_EQ_U(t, copy_from_user(back, (void *)(UA_HOLE - 100),
					    300), 200);
	KTEST_EXPECT_EQ(t, memcmp(back, buf, 100), 0);
	KTEST_EXPECT_EQ(t, back[100] | back[299], 0);
	KTEST_EXPECT_EQ_U(t, clear_user((void *)(UA_HOLE - 10), 50), 40);
	KTEST_EXPECT_EQ(t, e.page[PAGE_SIZE - 1], 0);
	KTEST_EXPECT_EQ(t, e.page[PAGE_SIZE - 11], buf[89]);
	KTEST_EXPECT_EQ(t, get_user_u64(&v, (u64 *)(UA_HOLE - 4)), -EFAULT);
	KTEST_EXPECT_EQ(t, put_user_u64(1, (u64 *)(UA_HOLE - 4)), -EFAULT);
	ua_teardown(&e);
}

/*
 * strncpy_from_user: the length for a terminated string; count when no
 * NUL comes first; -EFAULT when the string runs into the hole.
 */
static void uaccess_strncpy(struct ktest *t)
{
	struct ua_env e;
	char s[16];

	if (!ua_setup(t, &e))
		return;
	memcpy(e.page, "hello", 6);
	KTEST_EXPECT_EQ(t, strncpy_from_user(s, (char *)UA_PAGE, 16), 5);
	KTEST_EXPECT_STREQ(t, s, "hello");
	KTEST_EXPECT_EQ(t, strncpy_from_user(s, (char *)UA_PAGE, 3), 3);
	KTEST_EXPECT_EQ(t, strncpy_from_user(s, (char *)UA_PAGE, 0), 0);
	memset(e.page + PAGE_SIZE - 4, 'x', 4);
	KTEST_EXPECT_EQ(t, strncpy_from_user(s, (char *)(UA_HOLE - 4), 16),
			-EFAULT);
	KTEST_EXPECT_EQ(t, strncpy_from_user(s, (char *)(UA_HOLE - 4), 4), 4);
	ua_teardown(&e);
}

KTEST_SUITE(uaccess,
	    KTEST_CASE(uaccess_good_user_page),
	    KTEST_CASE(uaccess_kernel_address),
	    KTEST_CASE(uaccess_noncanonical_and_wrap),
	    KTEST_CASE(uaccess_unmapped_user),
	    KTEST_CASE(uaccess_partial_copy),
	    KTEST_CASE(uaccess_strncpy));
