// SPDX-License-Identifier: MIT
/*
 * efault: every pointer argument of every system call oomlab implements,
 * given bad pointers - NULL, an unmapped user page, a PROT_NONE page, a
 * kernel-half address and a non-canonical one - must fail with EFAULT
 * (and never kill the process or the kernel). FOR OOMLAB TESTS.
 *
 * Calls whose Linux contract does not check the pointer are checked for
 * exactly that: set_tid_address() returns the tid whatever it gets, and
 * read(0) with a user-range buffer is end of file before any byte moves.
 * clone()'s parent/child tid pointers are written without checking in
 * Linux, so they are not here. A write or getrandom that runs into an
 * unmapped page returns the bytes before it.
 *
 * Output: "efault: FAIL line=L what=... got=R" per failed check, then
 *         "efault: result checks=N failed=F"; exit 0 when F == 0.
 */
#include <stdbool.h>
#include "rt/errno.h"
#include "rt/printf.h"
#include "rt/sys.h"

#define PR_SET_NAME 15
#define PR_GET_NAME 16

static unsigned long checks, failed;

static void expect(long got, long want, int line, const char *what)
{
	checks++;
	if (got == want)
		return;
	failed++;
	printf("efault: FAIL line=%d what=%s got=%ld want=%ld\n", line, what,
	       got, want);
}

#define EXPECT(call, want) expect((call), (want), __LINE__, #call)

static int word;

int main(int argc, char **argv, char **envp)
{
	void *unmapped, *noaccess;
	char *page;
	long m, tid = sys_gettid();
	uint64_t bad[5];
	struct timespec ts = { 0, 1000 };
	unsigned char vec[4];

	m = sys_mmap(NULL, 3 * PAGE_SIZE, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (syscall_failed(m)) {
		printf("efault: FAIL setup mmap=%ld\n", m);
		return 1;
	}
	page = (char *)m;
	noaccess = page + PAGE_SIZE;
	unmapped = page + 2 * PAGE_SIZE;
	if (sys_mprotect(noaccess, PAGE_SIZE, PROT_NONE) ||
	    sys_munmap(unmapped, PAGE_SIZE)) {
		printf("efault: FAIL setup\n");
		return 1;
	}
	bad[0] = 0;
	bad[1] = (uint64_t)unmapped;
	bad[2] = (uint64_t)noaccess;
	bad[3] = 0xffff800000001000ULL;
	bad[4] = 0x0000800000000000ULL;

	for (int i = 0; i < 5; i++) {
		void *b = (void *)bad[i];
		bool user = i < 3;

		/* read(0): a kernel-half buffer fails access_ok; a user one
		 * reads end of file without touching it. */
		EXPECT(sys_read(0, b, 16), user ? 0 : -EFAULT);
		EXPECT(sys_write(1, b, 16), -EFAULT);
		EXPECT(sys_write(2, b, 1), -EFAULT);
		EXPECT(sys_mincore(page, PAGE_SIZE, b), -EFAULT);
		EXPECT(sys_clock_gettime(CLOCK_MONOTONIC, b), -EFAULT);
		EXPECT(sys_clock_gettime(CLOCK_REALTIME, b), -EFAULT);
		EXPECT(sys_nanosleep(b, NULL), -EFAULT);
		EXPECT(sys_futex(b, FUTEX_WAIT, 0, NULL, NULL, 0), -EFAULT);
		EXPECT(sys_futex(b, FUTEX_WAIT | FUTEX_PRIVATE_FLAG, 0, &ts,
				 NULL, 0), -EFAULT);
		if (b)	/* NULL is "no timeout": it would wait forever */
			EXPECT(sys_futex(&word, FUTEX_WAIT, 0, b, NULL, 0),
			       -EFAULT);
		EXPECT(sys_futex(b, FUTEX_WAKE, 1, NULL, NULL, 0), -EFAULT);
		EXPECT(sys_getrandom(b, 16, 0), -EFAULT);
		EXPECT(sys_uname(b), -EFAULT);
		EXPECT(sys_prctl(PR_SET_NAME, (unsigned long)b, 0, 0, 0),
		       -EFAULT);
		EXPECT(sys_prctl(PR_GET_NAME, (unsigned long)b, 0, 0, 0),
		       -EFAULT);
		EXPECT(sys_arch_prctl(ARCH_GET_FS, (unsigned long)b), -EFAULT);
		EXPECT(sys_arch_prctl(ARCH_GET_GS, (unsigned long)b), -EFAULT);
		EXPECT(sys_set_tid_address(b), tid);
	}
	sys_set_tid_address(NULL);

	/* Valid pointers still work after all that. */
	EXPECT(sys_mincore(page, PAGE_SIZE, vec), 0);
	EXPECT(sys_clock_gettime(CLOCK_MONOTONIC, &ts), 0);
	/* A buffer running into the PROT_NONE page: the bytes before it. */
	EXPECT(sys_getrandom(page + PAGE_SIZE - 8, 16, 0), 8);
	EXPECT(sys_prctl(PR_SET_NAME, (unsigned long)"efault-ok", 0, 0, 0),
	       0);
	printf("efault: result checks=%lu failed=%lu\n", checks, failed);
	return failed ? 1 : 0;
}
