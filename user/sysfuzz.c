// SPDX-License-Identifier: MIT
/*
 * sysfuzz: random system calls with random and boundary arguments, from a
 * seed, to shake oomlab's system call layer. FOR OOMLAB ONLY: it refuses to
 * run on a kernel that calls itself Linux without "oomlab" in its release
 * or version string, and the native check never starts it.
 *
 * What keeps it from harming its host (and itself):
 *  - Calls that destroy or change mappings (munmap, mprotect, madvise,
 *    mlock, MAP_FIXED) only get ranges inside the arena, a PROT_NONE
 *    reservation it owns, or addresses no call can succeed on (at or
 *    above TASK_SIZE, non-canonical, unaligned for calls that check).
 *    Arena ranges start in its second quarter and are at most a quarter
 *    long, so they never leave it. The arena is reset every RESET_EVERY
 *    calls. Other successful mmap()s are unmapped at once.
 *  - Pointers the kernel writes through point into scratch, pages
 *    followed by a PROT_NONE guard page, or at addresses that fault.
 *  - No call can block for long: read() gets a kernel-half buffer or a
 *    zero length, futex waits either mismatch or carry a short timeout,
 *    sleeps are at most a millisecond, getrandom() never waits for
 *    entropy.
 *  - Signals go only to itself (kill(getpid())), its own thread (tgkill)
 *    or nowhere (invalid arguments); signal 0 or ones ignored by default.
 *  - No fork, exec or file system calls: read/write only on fds 0-2 (and
 *    -1) and only with bad buffers or a zero length; clone only with flag
 *    sets every kernel must reject (a child, if one appears, exits).
 *  - With --procs N, also fork, vfork, clone and clone3 with random flag
 *    sets (never CLONE_VM without CLONE_VFORK: a child never runs beside
 *    its parent on one stack; a TLS base only one the kernel refuses),
 *    execve of paths that cannot run, wait4/waitid (always WNOHANG),
 *    pipe2 (both ends closed again), poll (a millisecond at most) and
 *    rt_sigaction (SIG_DFL or SIG_IGN only). Every child exits after a
 *    millisecond; before the first call sysfuzz sets RLIMIT_NPROC to N
 *    and leaves root (uid FUZZ_UID), so the kernel, not sysfuzz, bounds
 *    its processes; at the end it reaps every child.
 *  - With --sockets, also the socket calls (socket, socketpair, bind,
 *    listen, accept4, connect, sendto, recvfrom, sendmsg, recvmsg,
 *    shutdown, setsockopt, getsockopt, getsockname, getpeername) on
 *    fds 0-2, -1, 999 and two sockets of its own, a TCP and a UDP one,
 *    both non-blocking, as every socket it makes; sends and receives
 *    carry MSG_DONTWAIT and MSG_NOSIGNAL, so none waits and none raises
 *    SIGPIPE. Sockets a call made are closed at once.
 *  - Calls that change its own state are undone at once: set_tid_address,
 *    arch_prctl(ARCH_SET_FS).
 *
 * Output (stdout):
 *   sysfuzz: start pid=P seed=S count=N arena_mib=M
 *   sysfuzz: call n=I NAME a0 a1 a2 a3 a4 a5     (with --trace, before)
 *   sysfuzz: ret n=I NAME R ENAME                 (with --trace, after)
 *   sysfuzz: stat call=NAME n=N ok=K ENAME=C ...  (one per call used)
 *   sysfuzz: result seed=S count=N ok=K failed=F clone_created=C
 *            canary=ok|bad elapsed_ns=NS children=P
 *            (P: children made by the --procs calls, all reaped)
 * Exit status: 0 when canary=ok and clone_created=0; 1 otherwise; 2 bad
 * command line; 3 refused to run on Linux.
 */
#include <stdbool.h>
#include "rt/args.h"
#include "rt/errno.h"
#include "rt/printf.h"
#include "rt/rand.h"
#include "rt/string.h"
#include "rt/sys.h"
#include "rt/tcb.h"
#include "rt/time.h"

#define SCRATCH_LEN (2 * PAGE_SIZE)	/* then one PROT_NONE guard page */
#define RESET_EVERY 256
#define MAX_ERRNO_STAT 134
#define TASK_SIZE 0x00007ffffffff000ULL
#define PR_SET_VMA 0x53564d41

/* --procs: the process calls' numbers and flags (Linux's). */
#define SYS_poll_nr 7
#define SYS_pipe2_nr 293
#define SYS_setuid_nr 105
#define SYS_prlimit64_nr 302
#define RLIMIT_NPROC 6
#define FUZZ_UID 4243
#define CLONE_PIDFD 0x00001000ULL
#define CLONE_VFORK 0x00004000ULL
#define CLONE_CHILD_SETTID 0x01000000ULL
#define CLONE_INTO_CGROUP 0x200000000ULL
#define FZ_WNOHANG 0x1
#define FZ_WEXITED 0x4
#define FZ_WALL 0x40000000
#define FZ_O_NONBLOCK 04000
#define FZ_O_CLOEXEC 02000000
#define SIGCHLD_NR 17
#define SA_RESTORER_FLAG 0x04000000
#define ARGS_OFF 1024	/* clone_args, pollfds, sigaction: past the
			 * 64 bytes out_ptr() hands out */

static struct {
	uint64_t seed, count, arena_mib, procs;
	bool trace, sockets;
} cfg = { .seed = 1, .count = 1000, .arena_mib = 16 };

static const struct arg_opt opts[] = {
	{ "seed", ARG_U64, &cfg.seed, "seed of the random stream" },
	{ "count", ARG_U64, &cfg.count, "system calls to make" },
	{ "arena-mib", ARG_U64, &cfg.arena_mib, "arena size, 4..128 MiB" },
	{ "trace", ARG_FLAG, &cfg.trace, "print every call and its result" },
	{ "procs", ARG_U64, &cfg.procs,
	  "fork/exec/wait/pipe/poll/sigaction calls too, RLIMIT_NPROC N" },
	{ "sockets", ARG_FLAG, &cfg.sockets, "the socket calls too" },
	{ NULL },
};

static struct rand rng;
static char *arena, *scratch;
static uint64_t arena_len, quarter, initial_brk;
static bool future_locked;	/* mlockall(MCL_FUTURE) in force */
static unsigned long clone_created;
static unsigned long children;	/* --procs: children its calls made */
static struct tcb *self_tcb;
static uint64_t canary[64];

#define PICK(...)                                                    \
	pick((const uint64_t[]){ __VA_ARGS__ },                      \
	     sizeof((const uint64_t[]){ __VA_ARGS__ }) / sizeof(uint64_t))

static uint64_t pick(const uint64_t *v, size_t n)
{
	return v[rand_below(&rng, n)];
}

static bool chance(unsigned int one_in)
{
	return rand_below(&rng, one_in) == 0;
}

/*
 * An address with the sign bit set: kernel half or non-canonical. Even a
 * kernel whose access_ok() only tests the sign bit (Linux since 6.x) turns
 * it away before doing anything, such as waiting for input.
 */
static uint64_t kernel_addr(void)
{
	return PICK(0xffff800000000000ULL, 0xffffffff80000000ULL,
		    0xfffffffffffff000ULL, 0x8000000000000000ULL);
}

/* An address no call can succeed on: at or above TASK_SIZE. */
static uint64_t bad_addr(void)
{
	return PICK(TASK_SIZE, 0x0000800000000000ULL, kernel_addr());
}

/* A start in the arena's second quarter, now and then unaligned. */
static uint64_t arena_addr(void)
{
	uint64_t off = rand_below(&rng, quarter);

	if (!chance(8))
		off &= ~(PAGE_SIZE - 1);
	return (uint64_t)arena + quarter + off;
}

/* A length that keeps an arena_addr() range inside the arena. */
static uint64_t arena_len_arg(void)
{
	switch (rand_below(&rng, 4)) {
	case 0:
		return PICK(0, 1, PAGE_SIZE - 1, PAGE_SIZE, PAGE_SIZE + 1,
			    2 * PAGE_SIZE);
	case 1:
		return quarter;
	default:
		return rand_below(&rng, quarter + 1);
	}
}

/* Any length, boundaries included: only for calls that cannot do harm. */
static uint64_t any_len(void)
{
	if (chance(2))
		return arena_len_arg();
	return PICK(SIZE_MAX, SIZE_MAX - PAGE_SIZE + 1, 1ULL << 47,
		    1ULL << 62, 0x7fffffff, 0x80000000, rand_next(&rng));
}

/* An address range a destructive call may be given. */
static void target(uint64_t *addr, uint64_t *len)
{
	switch (rand_below(&rng, 8)) {
	case 0:
		*addr = bad_addr();
		*len = any_len();
		break;
	case 1:
		*addr = 0;	/* nothing is mapped at 0 */
		*len = PICK(0, 1, PAGE_SIZE);
		break;
	default:
		*addr = arena_addr();
		*len = arena_len_arg();
		break;
	}
}

/* A pointer the kernel may write through, or one that faults. */
static uint64_t out_ptr(void)
{
	uint64_t end = (uint64_t)scratch + SCRATCH_LEN;

	switch (rand_below(&rng, 6)) {
	case 0:
		return 0;
	case 1:
		return bad_addr();
	case 2:
		return end - PICK(1, 8, 16, 64, 100);	/* into the guard */
	case 3:
		return end;	/* the guard page itself */
	default:
		return (uint64_t)scratch + (rand_below(&rng, 64) & ~7ULL);
	}
}

/* A timespec in scratch (offset @off) the kernel will read. */
static uint64_t timespec_arg(size_t off, long sec, long nsec)
{
	struct timespec *ts = (struct timespec *)(scratch + off);

	ts->tv_sec = sec;
	ts->tv_nsec = nsec;
	return (uint64_t)ts;
}

/* Generators: fill a[0..5] with the arguments of one call. */

static void gen_read(uint64_t *a)
{
	a[0] = PICK(0, 1, 2, (uint64_t)-1);
	if (chance(2)) {
		a[1] = kernel_addr();	/* fails access_ok(): never waits */
		a[2] = PICK(1, 16, PAGE_SIZE, any_len());
	} else {
		a[1] = out_ptr();
		a[2] = 0;	/* returns before waiting for input */
	}
}

static void gen_write(uint64_t *a)
{
	a[0] = PICK(0, 1, 2, (uint64_t)-1);
	a[1] = PICK(0, bad_addr(), (uint64_t)scratch + SCRATCH_LEN);
	a[2] = chance(4) ? 0 : PICK(1, 16, PAGE_SIZE, any_len());
}

static void gen_mmap(uint64_t *a)
{
	static const uint64_t extra[] = { MAP_POPULATE, MAP_LOCKED,
					  MAP_NORESERVE, MAP_NONBLOCK,
					  MAP_STACK, MAP_GROWSDOWN,
					  MAP_HUGETLB, MAP_FIXED_NOREPLACE };
	uint64_t flags = PICK(MAP_PRIVATE, MAP_SHARED, 0, 3);
	bool fixed = chance(4);

	if (!chance(8))
		flags |= MAP_ANONYMOUS;
	for (size_t i = 0; i < sizeof(extra) / sizeof(extra[0]); i++)
		if (chance(6))
			flags |= extra[i];
	if (chance(16))
		flags |= 1ULL << rand_below(&rng, 32);
	flags &= ~(uint64_t)MAP_FIXED;
	if (fixed) {
		a[0] = arena_addr();
		a[1] = arena_len_arg();
		flags |= MAP_FIXED;
	} else {
		a[0] = PICK(0, arena_addr(), rand_next(&rng) & (TASK_SIZE - 1),
			    bad_addr());
		a[1] = any_len();
		if ((flags & (MAP_POPULATE | MAP_LOCKED)) || future_locked)
			a[1] = arena_len_arg();	/* bound what gets populated */
	}
	a[2] = rand_below(&rng, 8);
	if (chance(8))
		a[2] |= PICK(PROT_GROWSDOWN, 0x02000000, 1ULL << 20);
	a[3] = flags;
	a[4] = PICK((uint64_t)-1, (uint64_t)-1, (uint64_t)-1, 1000, 0x7fffffff);
	a[5] = PICK(0, 0, PAGE_SIZE, 1, (uint64_t)-PAGE_SIZE,
		    rand_next(&rng) & ~(PAGE_SIZE - 1));
}

static void gen_range(uint64_t *a)
{
	target(&a[0], &a[1]);
}

static void gen_mprotect(uint64_t *a)
{
	target(&a[0], &a[1]);
	a[2] = rand_below(&rng, 8);
	if (chance(8))
		a[2] |= PICK(PROT_GROWSDOWN, 0x02000000,
			     1ULL << rand_below(&rng, 32));
}

static void gen_madvise(uint64_t *a)
{
	target(&a[0], &a[1]);
	if (chance(4)) {
		a[2] = rand_below(&rng, 128);
		if (a[2] == 100 || a[2] == 101)	/* HWPOISON, SOFT_OFFLINE */
			a[2] = MADV_NORMAL;
	} else {
		a[2] = PICK(MADV_NORMAL, MADV_WILLNEED, MADV_DONTNEED,
			    MADV_FREE, MADV_HUGEPAGE, MADV_NOHUGEPAGE,
			    MADV_COLD, MADV_PAGEOUT, MADV_POPULATE_READ,
			    MADV_POPULATE_WRITE);
	}
}

static void gen_mlock2(uint64_t *a)
{
	target(&a[0], &a[1]);
	a[2] = PICK(0, MLOCK_ONFAULT, 2, rand_next(&rng) & 0xffffffff);
}

static void gen_mlockall(uint64_t *a)
{
	a[0] = PICK(0, MCL_CURRENT, MCL_FUTURE, MCL_CURRENT | MCL_FUTURE,
		    MCL_CURRENT | MCL_ONFAULT, MCL_FUTURE | MCL_ONFAULT,
		    MCL_ONFAULT, 8, rand_next(&rng) & 0xffffffff);
}

static void gen_mincore(uint64_t *a)
{
	target(&a[0], &a[1]);
	a[2] = out_ptr();	/* the guard page bounds the vector */
}

static void gen_brk(uint64_t *a)
{
	uint64_t grow = future_locked ? quarter : 1ULL << 40;

	a[0] = PICK(0, initial_brk, initial_brk + PAGE_SIZE,
		    initial_brk + rand_below(&rng, grow),
		    initial_brk - PAGE_SIZE, bad_addr());
}

static void gen_none(uint64_t *a)
{
}

static void gen_set_tid_address(uint64_t *a)
{
	a[0] = out_ptr();
}

static void gen_futex(uint64_t *a)
{
	int *word = (int *)(scratch + 512);
	uint64_t op;

	*word = (int)rand_next(&rng);
	a[0] = PICK((uint64_t)word, (uint64_t)word + 1, 0, bad_addr());
	a[2] = (uint32_t)*word + 1;	/* waits see a changed value */
	a[3] = PICK(0, timespec_arg(768, 0, 1000), out_ptr());
	a[4] = PICK((uint64_t)(scratch + 520), 0, bad_addr());
	a[5] = PICK(0, 0xffffffff, 1, rand_next(&rng) & 0xffffffff);
	switch (rand_below(&rng, 6)) {
	case 0:		/* FUTEX_WAIT, value matches: a 1 us timeout */
		op = FUTEX_WAIT;
		a[2] = *word;
		a[3] = timespec_arg(768, 0, 1000);
		break;
	case 1:		/* FUTEX_WAIT_BITSET: absolute timeout in the past */
		op = 9;
		a[3] = timespec_arg(768, 0, 0);
		if (chance(2))
			a[2] = *word;
		if (chance(4))
			op |= 256;	/* FUTEX_CLOCK_REALTIME */
		break;
	case 2:
		op = PICK(FUTEX_WAIT, FUTEX_WAKE, 10 /* WAKE_BITSET */);
		break;
	case 3:
		op = PICK(3 /* REQUEUE */, 4 /* CMP_REQUEUE */,
			  5 /* WAKE_OP */);
		a[3] = PICK(0, 1, 0x7fffffff);	/* val2: a count */
		break;
	default:	/* beyond the last op: ENOSYS */
		op = 14 + rand_below(&rng, 114);
		break;
	}
	if (chance(2))
		op |= FUTEX_PRIVATE_FLAG;
	a[1] = op;
}

static void gen_nanosleep(uint64_t *a)
{
	/* At most 1 ms, or invalid; each candidate has its own slot. */
	a[0] = PICK(timespec_arg(256, 0, (long)rand_below(&rng, 1000000)),
		    timespec_arg(272, 0, 1000000000),
		    timespec_arg(288, -1, 0), timespec_arg(304, 0, -1), 0,
		    bad_addr(), (uint64_t)scratch + SCRATCH_LEN - 8);
	a[1] = out_ptr();
}

static void gen_clock_gettime(uint64_t *a)
{
	a[0] = PICK(rand_below(&rng, 12), rand_below(&rng, 64), (uint64_t)-1,
		    (uint64_t)-2, -rand_below(&rng, 1 << 16),
		    rand_next(&rng) & 0xffffffff);
	a[1] = out_ptr();
}

static void gen_kill(uint64_t *a)
{
	a[0] = sys_getpid();	/* only ever this process */
	a[1] = PICK(0, SIGCHLD, SIGURG, SIGWINCH, 65, (uint64_t)-1);
}

static void gen_tgkill(uint64_t *a)
{
	a[0] = sys_getpid();
	a[1] = sys_gettid();	/* only ever this thread */
	a[2] = PICK(0, SIGCHLD, SIGURG, SIGWINCH, 65, (uint64_t)-1);
	if (chance(4))
		a[0] = PICK(0, (uint64_t)-1);	/* EINVAL */
	else if (chance(4))
		a[1] = PICK(0, (uint64_t)-1);	/* EINVAL */
}

static void gen_getrandom(uint64_t *a)
{
	a[0] = out_ptr();
	a[1] = PICK(0, 1, 16, 256, PAGE_SIZE, rand_below(&rng, 3 * PAGE_SIZE));
	/* Every set either has GRND_NONBLOCK or GRND_INSECURE, or is bad. */
	a[2] = PICK(GRND_NONBLOCK, GRND_NONBLOCK | GRND_RANDOM, 4, 4 | 2, 8,
		    GRND_NONBLOCK | (1ULL << rand_below(&rng, 32)));
}

static void gen_ptr(uint64_t *a)
{
	a[0] = out_ptr();
}

static void gen_prctl(uint64_t *a)
{
	switch (rand_below(&rng, 9)) {
	case 0:
		a[0] = 15;	/* PR_SET_NAME: reads 16 bytes */
		a[1] = chance(2) ? (uint64_t)scratch : out_ptr();
		break;
	case 1:
		a[0] = PICK(16 /* PR_GET_NAME */, 2 /* PR_GET_PDEATHSIG */);
		a[1] = out_ptr();
		break;
	case 2:
		a[0] = PICK(41 /* PR_SET_THP_DISABLE */, 42 /* GET */);
		a[1] = PICK(0, 1, 2);
		if (chance(4))
			a[2] = rand_next(&rng);
		break;
	case 3:
		a[0] = PICK(29 /* PR_SET_TIMERSLACK */, 30 /* GET */);
		a[1] = PICK(0, 1, 50000, rand_next(&rng));
		break;
	case 4:
		a[0] = PICK(4 /* PR_SET_DUMPABLE */, 3 /* GET */);
		a[1] = PICK(0, 1, 2, 3);
		break;
	case 5:
		a[0] = PR_SET_VMA;
		a[1] = PICK(0 /* PR_SET_VMA_ANON_NAME */, 1);
		target(&a[2], &a[3]);
		a[4] = PICK(0, (uint64_t)scratch, out_ptr());
		break;
	case 6:
		a[0] = 1;	/* PR_SET_PDEATHSIG */
		a[1] = PICK(0, SIGCHLD, 65);
		break;
	case 7:
		a[0] = PICK(37 /* GET_CHILD_SUBREAPER */, 39 /* GET_NNP */);
		a[1] = out_ptr();
		break;
	default:
		a[0] = 1000 + rand_below(&rng, 1000);	/* EINVAL */
		a[1] = rand_next(&rng);
		break;
	}
}

static void gen_arch_prctl(uint64_t *a)
{
	switch (rand_below(&rng, 5)) {
	case 0:
		a[0] = PICK(ARCH_GET_FS, ARCH_GET_GS);
		a[1] = out_ptr();
		break;
	case 1:
		a[0] = ARCH_SET_GS;	/* the runtime does not use GS */
		a[1] = PICK(0, rand_next(&rng) & (TASK_SIZE - 1), bad_addr());
		break;
	case 2:
		a[0] = ARCH_SET_FS;	/* must fail: undone if it does not */
		a[1] = bad_addr();
		break;
	case 3:
		a[0] = 0x1000 + rand_below(&rng, 0x30);
		if (a[0] == ARCH_SET_FS)
			a[0] = ARCH_GET_FS;
		a[1] = out_ptr();	/* some codes write through it */
		break;
	default:
		a[0] = PICK(0, 0xffff, 0xffffffff);
		a[1] = out_ptr();
		break;
	}
}

static void gen_clone(uint64_t *a)
{
	/* Flag sets Linux rejects with EINVAL; none has CLONE_VM. */
	a[0] = PICK(CLONE_SIGHAND, CLONE_THREAD, CLONE_THREAD | CLONE_SIGHAND,
		    CLONE_FS | CLONE_NEWNS,
		    0x1000 /* PIDFD */ | CLONE_PARENT_SETTID);
}

/* --procs generators. */

/* Flags of a clone the kernel may grant: CLONE_VM only with CLONE_VFORK
 * (the child runs on the parent's stack while the parent sleeps), a TLS
 * base only the kernel refuses. */
static uint64_t child_flags(void)
{
	static const uint64_t bits[] = {
		CLONE_VM | CLONE_VFORK, CLONE_VFORK, CLONE_PARENT_SETTID,
		CLONE_CHILD_SETTID, CLONE_CHILD_CLEARTID, CLONE_PIDFD,
		CLONE_SETTLS, CLONE_SIGHAND, CLONE_THREAD, CLONE_FS,
		CLONE_FILES, CLONE_NEWNS, CLONE_SYSVSEM, CLONE_INTO_CGROUP,
		1ULL << 40,
	};
	uint64_t f = 0;

	for (size_t i = 0; i < sizeof(bits) / sizeof(bits[0]); i++)
		if (chance(4))
			f |= bits[i];
	return f;
}

static void gen_clone_any(uint64_t *a)
{
	a[0] = child_flags() | PICK(0, SIGCHLD_NR, SIGCHLD_NR, 64, 65, 255);
	a[2] = out_ptr();
	a[3] = out_ptr();
	a[4] = PICK(kernel_addr(), TASK_SIZE + PAGE_SIZE);
}

/* Linux's struct clone_args (VER2, 88 bytes). */
struct fuzz_clone_args {
	uint64_t flags, pidfd, child_tid, parent_tid, exit_signal;
	uint64_t stack, stack_size, tls, set_tid, set_tid_size, cgroup;
};

static void gen_clone3(uint64_t *a)
{
	struct fuzz_clone_args *c = (void *)(scratch + ARGS_OFF);

	*c = (struct fuzz_clone_args){
		.flags = child_flags(),
		.pidfd = out_ptr(),
		.child_tid = out_ptr(),
		.parent_tid = out_ptr(),
		.exit_signal = PICK(0, SIGCHLD_NR, 64, 65, 1ULL << 32),
		.stack_size = PICK(0, 0, PAGE_SIZE),
		.tls = kernel_addr(),
		.set_tid_size = PICK(0, 0, 1),
		.cgroup = PICK(0, 3, 1ULL << 40),
	};
	a[0] = PICK((uint64_t)c, (uint64_t)c, bad_addr(), kernel_addr());
	a[1] = PICK(0, 63, 64, 80, 88, 88, 96, PAGE_SIZE, PAGE_SIZE + 1);
}

static void gen_execve(uint64_t *a)
{
	a[0] = PICK(bad_addr(), kernel_addr(), (uint64_t)"",
		    (uint64_t)"/nonexistent/prog", (uint64_t)"/bin",
		    (uint64_t)"/bin/true/x");
	a[1] = PICK(0, bad_addr(), kernel_addr(), out_ptr());
	a[2] = PICK(0, bad_addr(), kernel_addr(), out_ptr());
}

static void gen_wait4(uint64_t *a)
{
	a[0] = PICK(-1ULL, 0, 1, (uint64_t)sys_getpid(), 99999,
		    0xffffffff80000000ULL);
	a[1] = PICK(0, out_ptr());
	a[2] = FZ_WNOHANG | PICK(0, FZ_WALL, 0x2, FZ_WEXITED, 0x80000000);
	a[3] = PICK(0, 0, out_ptr());
}

static void gen_waitid(uint64_t *a)
{
	a[0] = PICK(0 /* P_ALL */, 1 /* P_PID */, 2 /* P_PGID */,
		    3 /* P_PIDFD */, 7);
	a[1] = PICK(0, 1, (uint64_t)sys_getpid(), 99999, -1ULL);
	a[2] = PICK(0, out_ptr());
	a[3] = FZ_WNOHANG | PICK(FZ_WEXITED, 0, FZ_WEXITED | 0x80000000,
				 0x2, FZ_WEXITED | 0x01000000 /* NOWAIT */);
	a[4] = PICK(0, 0, out_ptr());
}

static void gen_pipe2(uint64_t *a)
{
	a[0] = out_ptr();
	a[1] = PICK(0, FZ_O_CLOEXEC, FZ_O_NONBLOCK,
		    FZ_O_CLOEXEC | FZ_O_NONBLOCK, 040000 /* O_DIRECT */,
		    0x4000000);
}

static void gen_poll(uint64_t *a)
{
	int32_t *fds = (int32_t *)(scratch + ARGS_OFF);

	for (int i = 0; i < 8; i++) {
		fds[2 * i] = (int32_t)PICK(0, 1, 2, -1, 999, 1 << 30);
		fds[2 * i + 1] = (int32_t)rand_below(&rng, 1 << 16);
	}
	a[0] = PICK((uint64_t)fds, (uint64_t)fds, 0, bad_addr());
	a[1] = PICK(0, 1, 3, 8, 1 << 20, 0xffffffff);
	a[2] = PICK(0, 0, 1);	/* ms: never a long wait */
}

/* Linux's struct kernel_sigaction. */
struct fuzz_sigaction {
	uint64_t handler, flags, restorer, mask;
};

static void gen_rt_sigaction(uint64_t *a)
{
	struct fuzz_sigaction *act = (void *)(scratch + ARGS_OFF);

	*act = (struct fuzz_sigaction){
		.handler = PICK(0 /* SIG_DFL */, 1 /* SIG_IGN */),
		.flags = PICK(0, SA_RESTORER_FLAG, 0xffffffff),
		.mask = rand_next(&rng),
	};
	a[0] = PICK(0, 1 + rand_below(&rng, 64), 9, 19, 65, -1ULL);
	a[1] = PICK(0, (uint64_t)act, (uint64_t)act, bad_addr());
	a[2] = PICK(0, out_ptr());
	a[3] = PICK(8, 8, 0, 16);
}

/* --sockets: Linux's numbers and the flags that keep calls from waiting. */
#define SYS_socket_nr 41
#define FZ_AF_INET 2
#define FZ_SOCK_STREAM 1
#define FZ_SOCK_DGRAM 2
#define FZ_MSG_DONTWAIT 0x40
#define FZ_MSG_NOSIGNAL 0x4000

static int fuzz_socks[2] = { -1, -1 };	/* TCP, UDP: non-blocking */

static uint64_t sock_fd(void)
{
	return PICK(0, 1, 2, -1ULL, 999, (uint64_t)fuzz_socks[0],
		    (uint64_t)fuzz_socks[0], (uint64_t)fuzz_socks[1],
		    (uint64_t)fuzz_socks[1]);
}

static uint64_t sock_type(void)
{
	return PICK(1, 2, 3, 5, 0, 11, 0x100 | 1) | FZ_O_NONBLOCK |
	       PICK(0, FZ_O_CLOEXEC);
}

/* A socket address in scratch: IPv4 or IPv6, loopback or any. */
static uint64_t sock_addr(void)
{
	uint8_t *sa = (uint8_t *)scratch + ARGS_OFF;

	memset(sa, 0, 128);
	sa[0] = (uint8_t)PICK(2, 2, 10, 0, 1, 255);
	sa[2] = (uint8_t)rand_below(&rng, 256);
	sa[3] = (uint8_t)rand_below(&rng, 256);
	if (chance(2)) {
		sa[4] = 127;
		sa[7] = 1;
	}
	if (sa[0] == 10 && chance(2))
		sa[23] = 1;			/* ::1 */
	return PICK((uint64_t)sa, (uint64_t)sa, 0, bad_addr());
}

/* An int in scratch holding an address length, for the kernel to
 * read and write back. */
static uint64_t sock_len_ptr(void)
{
	int32_t *len = (int32_t *)(scratch + ARGS_OFF + 512);

	*len = (int32_t)PICK(0, 16, 28, 128, 1, -1, 1 << 20);
	return PICK((uint64_t)len, (uint64_t)len, 0, bad_addr());
}

static void gen_socket(uint64_t *a)
{
	a[0] = PICK(2, 2, 10, 1, 0, 16, 46, -1ULL);
	a[1] = sock_type();
	a[2] = PICK(0, 0, 6, 17, 255, -1ULL);
	a[3] = out_ptr();			/* socketpair's */
}

static void gen_sock_addr(uint64_t *a)
{
	a[0] = sock_fd();
	a[1] = sock_addr();
	a[2] = PICK(0, 16, 16, 28, 128, 129, 15, -1ULL);
}

static void gen_listen(uint64_t *a)
{
	a[0] = sock_fd();
	a[1] = PICK(0, 1, 128, 1 << 20, -1ULL);
}

static void gen_accept4(uint64_t *a)
{
	a[0] = sock_fd();
	a[1] = PICK(0, out_ptr(), bad_addr());
	a[2] = sock_len_ptr();
	a[3] = PICK(0, FZ_O_NONBLOCK, FZ_O_CLOEXEC, 1, -1ULL);
}

static void gen_sock_io(uint64_t *a)
{
	a[0] = sock_fd();
	a[1] = PICK((uint64_t)scratch, (uint64_t)scratch, 0, bad_addr());
	a[2] = PICK(0, 1, 100, SCRATCH_LEN / 2, 70000);
	a[3] = (rand_next(&rng) & PICK(0, 0x2 | 0x20 | 0x100, -1ULL)) |
	       FZ_MSG_DONTWAIT | FZ_MSG_NOSIGNAL;
	a[4] = sock_addr();
	a[5] = PICK(16, 28, 0, 200);
}

static void gen_recvfrom(uint64_t *a)
{
	gen_sock_io(a);
	a[4] = PICK(0, out_ptr());
	a[5] = sock_len_ptr();
}

/* struct user_msghdr and its iovecs in scratch. */
static void gen_sock_msg(uint64_t *a)
{
	uint64_t *msg = (uint64_t *)(scratch + ARGS_OFF + 640);
	uint64_t *iov = msg + 8;

	for (int i = 0; i < 4; i++) {
		iov[2 * i] = PICK((uint64_t)scratch, 0, bad_addr());
		iov[2 * i + 1] = PICK(0, 10, 1000, -1ULL);
	}
	msg[0] = sock_addr();			/* name */
	msg[1] = PICK(0, 16, 28, -1ULL);	/* namelen */
	msg[2] = PICK((uint64_t)iov, (uint64_t)iov, 0, bad_addr());
	msg[3] = PICK(0, 1, 4, 1025);		/* iovlen */
	msg[4] = msg[5] = msg[6] = 0;
	a[0] = sock_fd();
	a[1] = PICK((uint64_t)msg, (uint64_t)msg, 0, bad_addr());
	a[2] = (rand_next(&rng) & 0x122) | FZ_MSG_DONTWAIT | FZ_MSG_NOSIGNAL;
}

static void gen_shutdown(uint64_t *a)
{
	a[0] = sock_fd();
	a[1] = PICK(0, 1, 2, 3, -1ULL);
}

static void gen_sockopt(uint64_t *a)
{
	int32_t *v = (int32_t *)(scratch + ARGS_OFF + 520);

	*v = (int32_t)PICK(0, 1, 4096, 1 << 30, -1);
	a[0] = sock_fd();
	a[1] = PICK(0, 1, 6, 17, 41, -1ULL);
	a[2] = PICK(1, 2, 3, 4, 7, 8, 30, 38, 39, 9999,
		    rand_below(&rng, 64));
	a[3] = PICK((uint64_t)v, (uint64_t)v, 0, bad_addr());
	a[4] = PICK(4, 4, 0, 1, 8, -1ULL);	/* setsockopt's length */
}

static void gen_getsockopt(uint64_t *a)
{
	gen_sockopt(a);
	a[4] = sock_len_ptr();
}

static void gen_sock_name(uint64_t *a)
{
	a[0] = sock_fd();
	a[1] = PICK(out_ptr(), out_ptr(), 0, bad_addr());
	a[2] = sock_len_ptr();
}

/* After-hooks: undo what a successful call changed. */

static void after_mmap(const uint64_t *a, long ret)
{
	if (!syscall_failed(ret) && !(a[3] & MAP_FIXED))
		sys_munmap((void *)ret, a[1]);
}

/* A grown heap could be populated by a later mlockall(MCL_CURRENT). */
static void after_brk(const uint64_t *a, long ret)
{
	sys_brk((void *)initial_brk);
}

static void after_mlockall(const uint64_t *a, long ret)
{
	if (!ret)
		future_locked = a[0] & MCL_FUTURE;
}

static void after_munlockall(const uint64_t *a, long ret)
{
	if (!ret)
		future_locked = false;
}

static void after_set_tid_address(const uint64_t *a, long ret)
{
	sys_set_tid_address(NULL);
}

static void after_arch_prctl(const uint64_t *a, long ret)
{
	if (a[0] == ARCH_SET_FS && !ret)
		sys_arch_prctl(ARCH_SET_FS, (unsigned long)self_tcb);
}

static void after_clone(const uint64_t *a, long ret)
{
	if (!ret)
		sys_exit(0);	/* a child a kernel should not have made */
	if (ret > 0)
		clone_created++;
}

/* A child of a --procs call lives a millisecond, so that the next fork
 * may find RLIMIT_NPROC reached, and exits; its parent counts it. */
static void after_child(const uint64_t *a, long ret)
{
	const struct timespec ms = { .tv_sec = 0, .tv_nsec = 1000000 };

	if (!ret) {
		sys_nanosleep(&ms, NULL);
		sys_exit(0);
	}
	if (ret > 0)
		children++;
}

/* pipe2 made two fds: close them. */
static void after_pipe2(const uint64_t *a, long ret)
{
	const int32_t *fds = (const int32_t *)a[0];

	if (ret)
		return;
	syscall1(SYS_close, fds[0]);
	syscall1(SYS_close, fds[1]);
}

/* A socket (socket(), accept4()) or a pair (socketpair()): close. */
static void after_sock_fd(const uint64_t *a, long ret)
{
	if (ret >= 0)
		syscall1(SYS_close, ret);
}

static void after_socketpair(const uint64_t *a, long ret)
{
	const int32_t *fds = (const int32_t *)a[3];

	if (ret)
		return;
	syscall1(SYS_close, fds[0]);
	syscall1(SYS_close, fds[1]);
}

struct fuzz_call {
	const char *name;
	int nr;
	void (*gen)(uint64_t *a);
	void (*after)(const uint64_t *a, long ret);
	unsigned long n, ok, other;
	unsigned int errs[MAX_ERRNO_STAT];
};

/* Calls without an after-hook pass NULL. */
#define CALL(call, gen_fn, after_fn)                                   \
	{ .name = #call, .nr = SYS_##call, .gen = gen_fn, .after = after_fn }

static struct fuzz_call calls[] = {
	CALL(read, gen_read, NULL),
	CALL(write, gen_write, NULL),
	CALL(mmap, gen_mmap, after_mmap),
	CALL(munmap, gen_range, NULL),
	CALL(mprotect, gen_mprotect, NULL),
	CALL(madvise, gen_madvise, NULL),
	CALL(mlock, gen_range, NULL),
	CALL(mlock2, gen_mlock2, NULL),
	CALL(munlock, gen_range, NULL),
	CALL(mlockall, gen_mlockall, after_mlockall),
	CALL(munlockall, gen_none, after_munlockall),
	CALL(mincore, gen_mincore, NULL),
	CALL(brk, gen_brk, after_brk),
	CALL(clone, gen_clone, after_clone),
	CALL(getpid, gen_none, NULL),
	CALL(gettid, gen_none, NULL),
	CALL(set_tid_address, gen_set_tid_address, after_set_tid_address),
	CALL(futex, gen_futex, NULL),
	CALL(sched_yield, gen_none, NULL),
	CALL(nanosleep, gen_nanosleep, NULL),
	CALL(clock_gettime, gen_clock_gettime, NULL),
	CALL(kill, gen_kill, NULL),
	CALL(tgkill, gen_tgkill, NULL),
	CALL(getrandom, gen_getrandom, NULL),
	CALL(uname, gen_ptr, NULL),
	CALL(prctl, gen_prctl, NULL),
	CALL(arch_prctl, gen_arch_prctl, after_arch_prctl),
};

#define NCALLS (sizeof(calls) / sizeof(calls[0]))

#define PCALL(call, nr_, gen_fn, after_fn)                             \
	{ .name = #call, .nr = nr_, .gen = gen_fn, .after = after_fn }

/* With --procs, drawn with the calls above. */
static struct fuzz_call proc_calls[] = {
	PCALL(fork, SYS_fork, gen_none, after_child),
	PCALL(vfork, SYS_vfork, gen_none, after_child),
	PCALL(clone, SYS_clone, gen_clone_any, after_child),
	PCALL(clone3, SYS_clone3, gen_clone3, after_child),
	PCALL(execve, SYS_execve, gen_execve, NULL),
	PCALL(wait4, SYS_wait4, gen_wait4, NULL),
	PCALL(waitid, SYS_waitid, gen_waitid, NULL),
	PCALL(pipe2, SYS_pipe2_nr, gen_pipe2, after_pipe2),
	PCALL(poll, SYS_poll_nr, gen_poll, NULL),
	PCALL(rt_sigaction, SYS_rt_sigaction, gen_rt_sigaction, NULL),
};

#define NPROC_CALLS (sizeof(proc_calls) / sizeof(proc_calls[0]))

/* With --sockets, drawn with the calls above. */
static struct fuzz_call sock_calls[] = {
	PCALL(socket, 41, gen_socket, after_sock_fd),
	PCALL(socketpair, 53, gen_socket, after_socketpair),
	PCALL(bind, 49, gen_sock_addr, NULL),
	PCALL(connect, 42, gen_sock_addr, NULL),
	PCALL(listen, 50, gen_listen, NULL),
	PCALL(accept4, 288, gen_accept4, after_sock_fd),
	PCALL(sendto, 44, gen_sock_io, NULL),
	PCALL(recvfrom, 45, gen_recvfrom, NULL),
	PCALL(sendmsg, 46, gen_sock_msg, NULL),
	PCALL(recvmsg, 47, gen_sock_msg, NULL),
	PCALL(shutdown, 48, gen_shutdown, NULL),
	PCALL(setsockopt, 54, gen_sockopt, NULL),
	PCALL(getsockopt, 55, gen_getsockopt, NULL),
	PCALL(getsockname, 51, gen_sock_name, NULL),
	PCALL(getpeername, 52, gen_sock_name, NULL),
};

#define NSOCK_CALLS (sizeof(sock_calls) / sizeof(sock_calls[0]))
#define NALL_CALLS (NCALLS + NPROC_CALLS + NSOCK_CALLS)

/* The @i-th call of all three tables. */
static struct fuzz_call *call_at(uint64_t i)
{
	if (i < NCALLS)
		return &calls[i];
	if (i < NCALLS + NPROC_CALLS)
		return &proc_calls[i - NCALLS];
	return &sock_calls[i - NCALLS - NPROC_CALLS];
}

/* The call to make next: from both tables with --procs. */
static struct fuzz_call *next_call(void)
{
	uint64_t n = NCALLS + (cfg.procs ? NPROC_CALLS : 0);
	uint64_t i = rand_below(&rng, n + (cfg.sockets ? NSOCK_CALLS : 0));

	return call_at(i < n ? i : NCALLS + NPROC_CALLS + (i - n));
}

/* --procs: RLIMIT_NPROC, then leave root, which it does not bind. */
static long limit_procs(void)
{
	uint64_t lim[2] = { cfg.procs, cfg.procs };
	long r = syscall4(SYS_prlimit64_nr, 0, RLIMIT_NPROC, (long)lim, 0);

	return r ? r : syscall1(SYS_setuid_nr, FUZZ_UID);
}

/* Reap every child (each exits at once, so each wait is short). */
static void reap_children(void)
{
	while (sys_wait4(-1, NULL, FZ_WALL, NULL) > 0)
		;
}

/* Replace the whole arena by a fresh PROT_NONE reservation. */
static long arena_reset(void)
{
	return sys_mmap(arena, arena_len, PROT_NONE,
			MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE |
				(arena ? MAP_FIXED : 0),
			-1, 0);
}

static long setup(void)
{
	long r;

	quarter = arena_len / 4;
	r = arena_reset();
	if (syscall_failed(r))
		return r;
	arena = (char *)r;
	r = sys_mmap(NULL, SCRATCH_LEN + PAGE_SIZE, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (syscall_failed(r))
		return r;
	scratch = (char *)r;
	r = sys_mprotect(scratch + SCRATCH_LEN, PAGE_SIZE, PROT_NONE);
	if (r < 0)
		return r;
	initial_brk = sys_brk(NULL);
	self_tcb = tcb_self();
	for (size_t i = 0; i < sizeof(canary) / sizeof(canary[0]); i++)
		canary[i] = ~i * 0x9e3779b97f4a7c15ULL;
	return 0;
}

static bool canary_ok(void)
{
	for (size_t i = 0; i < sizeof(canary) / sizeof(canary[0]); i++)
		if (canary[i] != ~i * 0x9e3779b97f4a7c15ULL)
			return false;
	return true;
}

static void count(struct fuzz_call *c, long ret)
{
	c->n++;
	if (!syscall_failed(ret))
		c->ok++;
	else if (-ret < MAX_ERRNO_STAT)
		c->errs[-ret]++;
	else
		c->other++;
}

static void print_stats(void)
{
	char line[PRINTF_BUF];

	for (size_t i = 0; i < NALL_CALLS; i++) {
		struct fuzz_call *c = call_at(i);
		size_t used;

		if (!c->n)
			continue;
		used = snprintf(line, sizeof(line),
				"sysfuzz: stat call=%s n=%lu ok=%lu", c->name,
				c->n, c->ok);
		for (int e = 1; e < MAX_ERRNO_STAT && used < sizeof(line); e++)
			if (c->errs[e])
				used += snprintf(line + used,
						 sizeof(line) - used, " %s=%u",
						 errno_name(e), c->errs[e]);
		if (c->other && used < sizeof(line))
			snprintf(line + used, sizeof(line) - used, " other=%lu",
				 c->other);
		printf("%s\n", line);
	}
}

/* The guard against running on a real Linux host. */
static bool on_plain_linux(void)
{
	struct utsname u;

	if (sys_uname(&u) < 0)
		return false;
	return !strcmp(u.sysname, "Linux") && !strstr(u.release, "oomlab") &&
	       !strstr(u.version, "oomlab");
}

int main(int argc, char **argv, char **envp)
{
	unsigned long ok = 0;
	uint64_t a[6], t0;
	long r;

	r = args_parse(argc, argv, opts,
		       "Random system calls, for oomlab only (not Linux).");
	if (r)
		return r == ARGS_HELP ? 0 : 2;
	if (cfg.arena_mib < 4 || cfg.arena_mib > 128) {
		eprintf("sysfuzz: --arena-mib must be 4..128\n");
		return 2;
	}
	if (on_plain_linux()) {
		eprintf("sysfuzz: this is Linux, not oomlab: not running\n");
		return 3;
	}
	arena_len = cfg.arena_mib << 20;
	r = setup();
	if (r < 0) {
		printf("sysfuzz: FAIL setup error=%s\n", errno_name(r));
		return 1;
	}
	if (cfg.procs && (r = limit_procs())) {
		printf("sysfuzz: FAIL procs error=%s\n", errno_name(r));
		return 1;
	}
	if (cfg.sockets) {
		fuzz_socks[0] = (int)syscall3(SYS_socket_nr, FZ_AF_INET,
					      FZ_SOCK_STREAM | FZ_O_NONBLOCK, 0);
		fuzz_socks[1] = (int)syscall3(SYS_socket_nr, FZ_AF_INET,
					      FZ_SOCK_DGRAM | FZ_O_NONBLOCK, 0);
	}
	rand_seed(&rng, cfg.seed);
	printf("sysfuzz: start pid=%ld seed=%lu count=%lu arena_mib=%lu\n",
	       sys_getpid(), cfg.seed, cfg.count, cfg.arena_mib);
	t0 = time_now_ns();
	for (uint64_t i = 0; i < cfg.count; i++) {
		struct fuzz_call *c = next_call();

		if (i && !(i % RESET_EVERY))
			arena_reset();
		memset(a, 0, sizeof(a));
		c->gen(a);
		if (cfg.trace)
			printf("sysfuzz: call n=%lu %s 0x%lx 0x%lx 0x%lx 0x%lx "
			       "0x%lx 0x%lx\n", i, c->name, a[0], a[1], a[2],
			       a[3], a[4], a[5]);
		r = syscall6(c->nr, a[0], a[1], a[2], a[3], a[4], a[5]);
		if (c->after)
			c->after(a, r);
		count(c, r);
		ok += !syscall_failed(r);
		if (cfg.trace)
			printf("sysfuzz: ret n=%lu %s %ld %s\n", i, c->name, r,
			       syscall_failed(r) ? errno_name(r) : "-");
	}
	reap_children();
	print_stats();
	printf("sysfuzz: result seed=%lu count=%lu ok=%lu failed=%lu "
	       "clone_created=%lu canary=%s elapsed_ns=%lu children=%lu\n",
	       cfg.seed, cfg.count, ok, cfg.count - ok, clone_created,
	       canary_ok() ? "ok" : "bad", time_now_ns() - t0, children);
	return canary_ok() && !clone_created ? 0 : 1;
}
