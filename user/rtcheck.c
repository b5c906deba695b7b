// SPDX-License-Identifier: MIT
/*
 * rtcheck: self-test of the user runtime and of the system calls it rests
 * on: formatting, parsing, strings, errno names, mmap/munmap/mincore,
 * clocks, thread create/join, and per-thread error state (every thread
 * records a different errno at the same time and must read back its own).
 * It is also the smallest first program for a kernel learning the Linux
 * ABI: deterministic, a second or less, nothing but the runtime's calls.
 *
 * Output (stdout):
 *   rtcheck: FAIL line=L what            (one per failed check)
 *   rtcheck: result checks=N failed=F
 * Exit status: 0 when failed=0, 1 otherwise.
 */
#include "rt/args.h"
#include "rt/errno.h"
#include "rt/mem.h"
#include "rt/printf.h"
#include "rt/string.h"
#include "rt/sys.h"
#include "rt/thread.h"
#include "rt/time.h"

#define NTHREADS 4

static unsigned long checks, failed;

#define CHECK(cond) check(!!(cond), __LINE__, #cond)

static void check(bool ok, int line, const char *what)
{
	__atomic_add_fetch(&checks, 1, __ATOMIC_RELAXED);
	if (ok)
		return;
	__atomic_add_fetch(&failed, 1, __ATOMIC_RELAXED);
	printf("rtcheck: FAIL line=%d %s\n", line, what);
}

static bool formats(const char *want, const char *fmt, ...)
{
	char buf[64];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	return n == (int)strlen(want) && !strcmp(buf, want);
}

static void check_printf(void)
{
	char small[4];

	CHECK(formats("-42|42|2a|2A", "%d|%u|%x|%X", -42, 42u, 42u, 42u));
	CHECK(formats("[  7][7  ][007]", "[%3d][%-3d][%03d]", 7, 7, 7));
	CHECK(formats("-9223372036854775808", "%ld", (long)(1ULL << 63)));
	CHECK(formats("18446744073709551615", "%lu", ~0UL));
	CHECK(formats("0x1000|ab|(null)|%", "%p|%.2s|%s|%%", (void *)0x1000,
		      "abc", (char *)NULL));
	CHECK(formats("[ -5]", "[%*d]", 3, -5));
	CHECK(snprintf(small, sizeof(small), "%s", "truncated") == 9 &&
	      !strcmp(small, "tru"));
}

static void check_strings(void)
{
	char buf[16] = "abcdefgh";
	uint64_t v = 0;

	memmove(buf + 2, buf, 6);
	CHECK(!memcmp(buf, "ababcdef", 8));
	memmove(buf, buf + 2, 6);
	CHECK(!memcmp(buf, "abcdefef", 8));
	CHECK(strstr("hello oomlab", "oomlab") && !strstr("abc", "abd"));
	CHECK(strchr("abc", 'c') && !strchr("abc", 'z'));
	CHECK(strcmp("a", "b") < 0 && !strncmp("abx", "aby", 2));
	CHECK(args_parse_u64("18446744073709551615", &v) && v == ~0ULL);
	CHECK(!args_parse_u64("18446744073709551616", &v));
	CHECK(args_parse_u64("0x1F", &v) && v == 31);
	CHECK(!args_parse_u64("", &v) && !args_parse_u64("12a", &v));
	CHECK(!strcmp(errno_name(ENOMEM), "ENOMEM") &&
	      !strcmp(errno_name(-EINVAL), "EINVAL") &&
	      !strcmp(errno_name(4000), "EUNKNOWN"));
}

static void check_memory(void)
{
	long m = mem_map_anon(4 * PAGE_SIZE, 0);
	char *p = (char *)m;
	unsigned char vec[1];

	CHECK(!syscall_failed(m));
	if (syscall_failed(m))
		return;
	CHECK(mem_resident_pages(p, 4 * PAGE_SIZE) == 0);
	p[0] = 1;
	p[2 * PAGE_SIZE] = 1;
	CHECK(mem_resident_pages(p, 4 * PAGE_SIZE) == 2);
	CHECK(sys_munmap(p, 4 * PAGE_SIZE) == 0);
	CHECK(sys_mincore(p, PAGE_SIZE, vec) == -ENOMEM);
	CHECK(sys_munmap(p + 1, PAGE_SIZE) == -EINVAL);
	CHECK(sys_mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1,
		       0) == -EINVAL);
	CHECK(sys_write(-1, "x", 1) == -EBADF);
}

static void check_time(void)
{
	uint64_t t0 = time_now_ns(), t1;

	CHECK(t0 != 0);
	CHECK(time_sleep_ns(2 * NSEC_PER_MSEC) == 0);
	t1 = time_now_ns();
	CHECK(t1 >= t0 + 2 * NSEC_PER_MSEC);
}

/* Each thread fails one call its own way; all fail before any checks. */
static int arrived;

static int errno_thread(void *arg)
{
	long i = (long)arg;
	struct tcb *self = tcb_self();
	unsigned long fs = 0;
	int want[NTHREADS] = { EINVAL, EBADF, ENOMEM, EINVAL };

	if (self->self != self || self->tid != sys_gettid())
		return 1;
	if (sys_arch_prctl(ARCH_GET_FS, (unsigned long)&fs) || fs != (unsigned long)self)
		return 2;
	if (i == 0)
		errno_record(sys_munmap((void *)(PAGE_SIZE + 1), 1));
	else if (i == 1)
		errno_record(sys_write(-1, "", 0));
	else if (i == 2)
		errno_record(sys_mincore(NULL, PAGE_SIZE, (void *)&fs));
	else
		errno_record(sys_mprotect((void *)1, PAGE_SIZE, PROT_READ));
	__atomic_add_fetch(&arrived, 1, __ATOMIC_ACQ_REL);
	while (__atomic_load_n(&arrived, __ATOMIC_ACQUIRE) < NTHREADS)
		sys_sched_yield();
	if (errno_get() != want[i] || self->nerr != 1)
		return 3;
	return 100 + (int)i;
}

static void check_threads(void)
{
	struct tcb *t[NTHREADS], copy;
	long tid;
	int n = 0;

	for (long i = 0; i < NTHREADS; i++) {
		tid = thread_create(&t[i], errno_thread, (void *)i, 0);
		CHECK(tid > 0 && tid != sys_getpid());
		if (tid <= 0)
			break;
		n++;
	}
	for (int i = 0; i < n; i++) {
		CHECK(thread_join(t[i], &copy) == 100 + i);
		CHECK(copy.tid == 0 && copy.first_err == copy.err);
	}
	CHECK(tcb_self()->nerr == 0 && errno_get() == 0);
	CHECK(sys_gettid() == sys_getpid());
}

int main(int argc, char **argv, char **envp)
{
	static const struct arg_opt opts[] = { { NULL } };
	int r = args_parse(argc, argv, opts, "Self-test of the user runtime.");

	if (r)
		return r == ARGS_HELP ? 0 : 2;
	check_printf();
	check_strings();
	check_memory();
	check_time();
	check_threads();
	printf("rtcheck: result checks=%lu failed=%lu\n", checks, failed);
	return failed ? 1 : 0;
}
