// SPDX-License-Identifier: MIT
/*
 * glimits: resource limits, identity and system information through
 * glibc, each check an expectation that Linux 6.1 meets as root (the
 * native check runs this same binary on the host). Run as root with the
 * default limits; it changes its own credentials, so each part that
 * needs root to be undone runs last.
 *
 *   getrlimit/setrlimit/prlimit errnos: bad resource, soft > hard,
 *     raising a hard limit after dropping CAP_SYS_RESOURCE, NOFILE above
 *     nr_open even as root;
 *   RLIMIT_NOFILE: open() past the soft limit fails with EMFILE;
 *   RLIMIT_AS: an mmap() and a brk past it fail with ENOMEM;
 *   RLIMIT_MEMLOCK: as root (CAP_IPC_LOCK) mlock() ignores it; after
 *     capset() drops CAP_IPC_LOCK, mlock() past it fails with ENOMEM,
 *     MAP_LOCKED with EAGAIN, mlockall(MCL_CURRENT) with ENOMEM, and with
 *     the limit 0 mlock() fails with EPERM; without CAP_SYS_RESOURCE
 *     the hard limit cannot be raised again (EPERM);
 *   identity: root's ids, seteuid() remembered and undone, setgroups()
 *     and getgroups(), umask() applied to a file created;
 *   RLIMIT_NPROC: binds only once every uid is 1000 (root is exempt):
 *     pthread_create() past it fails with EAGAIN;
 *   a limit one thread sets is the limit of every thread;
 *   sysinfo()/getrusage()/times(): totalram equal to /proc/meminfo's
 *     MemTotal, maxrss covering what was touched and kept after munmap.
 *
 * Output: "glimits: FAIL <what> ..." per failed check, then
 *   glimits: result checks=N failed=F
 * Exit status: 0 when failed=0, 1 otherwise.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/capability.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/fsuid.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/times.h>
#include <unistd.h>

#define MIB (1024UL * 1024)

static int checks, failed;

static void check(int ok, const char *what, long got)
{
	checks++;
	if (!ok) {
		failed++;
		printf("glimits: FAIL %s got=%ld errno=%d\n", what, got, errno);
	}
}

/* A call that must fail with @err. */
static void check_err(long r, int err, const char *what)
{
	check(r == -1 && errno == err, what, r);
}

static void rlimit_errnos(void)
{
	struct rlimit rl = { 0, 0 }, big = { 10, 5 };

	check(getrlimit(RLIMIT_STACK, &rl) == 0 && rl.rlim_cur == 8 * MIB,
	      "RLIMIT_STACK soft 8 MiB", (long)rl.rlim_cur);
	check(getrlimit(RLIMIT_CORE, &rl) == 0, "getrlimit core", 0);
	check_err(syscall(SYS_getrlimit, 16, &rl), EINVAL,
		  "getrlimit bad resource");
	check_err(setrlimit(RLIMIT_NOFILE, &big), EINVAL, "soft > hard");
	check_err(syscall(SYS_prlimit64, 0, 99, NULL, &rl), EINVAL,
		  "prlimit64 bad resource");
	rl = (struct rlimit){ 1024, 2UL << 20 };
	check_err(setrlimit(RLIMIT_NOFILE, &rl), EPERM,
		  "NOFILE hard above nr_open");
	check(prlimit(0, RLIMIT_NOFILE, NULL, &rl) == 0 && rl.rlim_cur > 0,
	      "prlimit read", (long)rl.rlim_cur);
}

static void nofile_enforced(void)
{
	struct rlimit old, rl;
	int fds[8], n = 0, fd;

	getrlimit(RLIMIT_NOFILE, &old);
	fd = open("/proc/self/status", O_RDONLY);
	check(fd >= 0, "open", fd);
	rl = (struct rlimit){ (rlim_t)fd + 3, old.rlim_max };
	check(setrlimit(RLIMIT_NOFILE, &rl) == 0, "setrlimit NOFILE", 0);
	while (n < 8 && (fds[n] = open("/proc/self/status", O_RDONLY)) >= 0)
		n++;
	check(n == 2, "two more fds below the limit", n);
	check_err(n < 8 ? fds[n] : 0, EMFILE, "open past RLIMIT_NOFILE");
	check_err(dup2(fd, fd + 5), EBADF, "dup2 to an fd past the limit");
	while (n--)
		close(fds[n]);
	close(fd);
	check(setrlimit(RLIMIT_NOFILE, &old) == 0, "NOFILE restored", 0);
}

static void as_enforced(void)
{
	struct rlimit old, rl;
	void *p, *brk0 = sbrk(0);

	getrlimit(RLIMIT_AS, &old);
	/* Room for what is mapped now plus 16 MiB, no more. */
	rl = (struct rlimit){ 0, old.rlim_max };
	p = mmap(NULL, 64 * MIB, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1,
		 0);
	check(p != MAP_FAILED, "mmap 64 MiB unlimited", 0);
	munmap(p, 64 * MIB);
	rl.rlim_cur = 48 * MIB;		/* the binary and stack: far less */
	check(setrlimit(RLIMIT_AS, &rl) == 0, "setrlimit AS", 0);
	p = mmap(NULL, 64 * MIB, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1,
		 0);
	check(p == MAP_FAILED && errno == ENOMEM, "mmap past RLIMIT_AS",
	      (long)p);
	check(sbrk(64 * MIB) == (void *)-1 && errno == ENOMEM,
	      "brk past RLIMIT_AS", 0);
	check(sbrk(0) == brk0, "brk unchanged", 0);
	check(setrlimit(RLIMIT_AS, &old) == 0, "AS restored", 0);
}

/* libcap's probe: no data, any version; the kernel's is written back. */
static void capget_probe(void)
{
	struct __user_cap_header_struct h = { 0x12345678, 0 };
	struct __user_cap_data_struct d[2];

	check(syscall(SYS_capget, &h, NULL) == 0 &&
	      h.version == _LINUX_CAPABILITY_VERSION_3, "capget probe",
	      (long)h.version);
	h.version = 0x12345678;
	check_err(syscall(SYS_capget, &h, d), EINVAL, "capget bad version");
	check(syscall(SYS_capget, &h, d) == 0 && d[0].effective & 1,
	      "capget as root", 0);
}

/* A thread's view of RLIMIT_NOFILE. */
static void *thread_limits(void *arg)
{
	struct rlimit *rl = arg;

	getrlimit(RLIMIT_NOFILE, rl);
	return NULL;
}

static int caps_set(unsigned int drop)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2];

	if (syscall(SYS_capget, &h, d))
		return -1;
	d[drop / 32].effective &= ~(1U << drop % 32);
	d[drop / 32].permitted &= ~(1U << drop % 32);
	return (int)syscall(SYS_capset, &h, d);
}

/* As root first (the limit does not apply), then without CAP_IPC_LOCK. */
static void memlock_enforced(void)
{
	struct rlimit rl = { 64 * 1024, 64 * 1024 };
	size_t len = 256 * 1024;
	char *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	void *q;

	check(setrlimit(RLIMIT_MEMLOCK, &rl) == 0, "setrlimit MEMLOCK", 0);
	check(mlock(p, len) == 0, "root mlock past the limit", 0);
	munlock(p, len);
	check(caps_set(CAP_IPC_LOCK) == 0, "capset drops CAP_IPC_LOCK", 0);
	check(mlock(p, 64 * 1024) == 0, "mlock within the limit", 0);
	check_err(mlock(p, len), ENOMEM, "mlock past RLIMIT_MEMLOCK");
	munlock(p, len);
	q = mmap(NULL, len, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_LOCKED, -1, 0);
	check(q == MAP_FAILED && errno == EAGAIN, "MAP_LOCKED past the limit",
	      (long)q);
	check_err(mlockall(MCL_CURRENT), ENOMEM, "mlockall past the limit");
	rl = (struct rlimit){ 0, 0 };
	check(setrlimit(RLIMIT_MEMLOCK, &rl) == 0, "MEMLOCK 0", 0);
	check_err(mlock(p, 4096), EPERM, "mlock with MEMLOCK 0");
	check(caps_set(CAP_SYS_RESOURCE) == 0, "capset drops SYS_RESOURCE", 0);
	rl = (struct rlimit){ 64 * 1024, 64 * 1024 };
	check_err(setrlimit(RLIMIT_MEMLOCK, &rl), EPERM,
		  "raise hard MEMLOCK without CAP_SYS_RESOURCE");
	munmap(p, len);
}

static void identity(void)
{
	gid_t groups[4] = { 7, 5, 6 };
	uid_t r, e, s;
	struct stat st;
	int fd;

	check(getuid() == 0 && geteuid() == 0 && getgid() == 0 &&
	      getegid() == 0, "root ids", (long)getuid());
	check(setgroups(3, groups) == 0, "setgroups", 0);
	check(getgroups(0, NULL) == 3, "getgroups count", getgroups(0, NULL));
	check(getgroups(4, groups) == 3 && groups[0] == 5 && groups[2] == 7,
	      "getgroups sorted", (long)groups[0]);
	check_err(getgroups(1, groups), EINVAL, "getgroups too small");
	check(umask(027) == 022, "umask default 022", 0);
	unlink("/tmp/glimits.umask");
	fd = open("/tmp/glimits.umask", O_CREAT | O_WRONLY, 0666);
	check(fd >= 0 && fstat(fd, &st) == 0 && (st.st_mode & 0777) == 0640,
	      "umask applied at create", (long)(st.st_mode & 0777));
	close(fd);
	unlink("/tmp/glimits.umask");
	umask(022);
	check(seteuid(1000) == 0 && geteuid() == 1000 && getuid() == 0,
	      "seteuid 1000", (long)geteuid());
	getresuid(&r, &e, &s);
	check(r == 0 && e == 1000 && s == 0, "getresuid after seteuid",
	      (long)s);
	check_err(setgroups(0, NULL), EPERM, "setgroups as euid 1000");
	check(seteuid(0) == 0 && geteuid() == 0, "seteuid back to 0", 0);
	check(setfsuid(1234) == 0 && setfsuid(-1) == 1234, "setfsuid", 0);
	setfsuid(0);
}

/*
 * Last: with every uid 1000, root's ids and capabilities are gone, and
 * RLIMIT_NPROC binds (no other process runs as uid 1000 here).
 */
static void setuid_drops_root(void)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2];
	struct rlimit one = { 1, 1 }, rl;
	pthread_t th;

	check(setresuid(1000, 1000, 1000) == 0, "setresuid 1000", 0);
	check(syscall(SYS_capget, &h, d) == 0 && !d[0].effective &&
	      !d[0].permitted, "no caps after setuid", (long)d[0].permitted);
	check_err(setuid(0), EPERM, "setuid 0 again");
	check_err(setresuid(-1, 0, -1), EPERM, "seteuid 0 again");
	check(setrlimit(RLIMIT_NPROC, &one) == 0, "RLIMIT_NPROC 1", 0);
	check(pthread_create(&th, NULL, thread_limits, &rl) == EAGAIN,
	      "no second thread past RLIMIT_NPROC", 0);
}

/* /proc/meminfo's MemTotal in KiB, or 0. */
static unsigned long meminfo_total_kib(void)
{
	unsigned long kib = 0;
	char line[128];
	FILE *f = fopen("/proc/meminfo", "r");

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "MemTotal: %lu kB", &kib) == 1)
			break;
	if (f)
		fclose(f);
	return kib;
}

/* A limit set by one thread is every thread's (one set per process). */
static void limits_shared_by_threads(void)
{
	struct rlimit old, rl = { 0, 0 }, seen = { 0, 0 };
	pthread_t th;

	getrlimit(RLIMIT_NOFILE, &old);
	rl = (struct rlimit){ 77, old.rlim_max };
	setrlimit(RLIMIT_NOFILE, &rl);
	check(pthread_create(&th, NULL, thread_limits, &seen) == 0 &&
	      pthread_join(th, NULL) == 0 && seen.rlim_cur == 77,
	      "a thread sees the limit", (long)seen.rlim_cur);
	setrlimit(RLIMIT_NOFILE, &old);
}

static void sysinfo_sane(void)
{
	struct sysinfo si = { 0 };
	struct rusage ru;
	struct tms t;
	volatile char *p;
	long got;

	check(sysinfo(&si) == 0 && si.mem_unit == 1 && si.totalram > 16 * MIB &&
	      si.freeram > 0 && si.freeram < si.totalram && si.procs > 0,
	      "sysinfo", (long)si.mem_unit);
	check(si.totalram / 1024 == meminfo_total_kib(),
	      "sysinfo totalram is MemTotal", (long)(si.totalram / 1024));
	p = mmap(NULL, 8 * MIB, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	for (size_t i = 0; p != MAP_FAILED && i < 8 * MIB; i += 4096)
		p[i] = 1;
	got = getrusage(RUSAGE_SELF, &ru) ? -1 : ru.ru_maxrss;
	check(got >= 8 * 1024, "maxrss covers 8 MiB touched", got);
	munmap((void *)p, 8 * MIB);
	got = getrusage(RUSAGE_SELF, &ru) ? -1 : ru.ru_maxrss;
	check(got >= 8 * 1024, "maxrss keeps the peak after munmap", got);
	check(getrusage(RUSAGE_CHILDREN, &ru) == 0, "RUSAGE_CHILDREN", 0);
	check_err(getrusage(7, &ru), EINVAL, "getrusage bad who");
	check(times(&t) != (clock_t)-1, "times", 0);
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	rlimit_errnos();
	nofile_enforced();
	limits_shared_by_threads();
	as_enforced();
	sysinfo_sane();
	identity();
	capget_probe();
	memlock_enforced();
	setuid_drops_root();
	printf("glimits: result checks=%d failed=%d\n", checks, failed);
	return failed ? 1 : 0;
}
