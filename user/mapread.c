// SPDX-License-Identifier: MIT
/*
 * mapread: map a whole file of --bytes N with one shared mapping and go
 * through it twice, for the reclaim tests: a process in a memory cgroup
 * smaller than the file keeps every page of it mapped, so only reclaim
 * that unmaps cold mapped pages (and faults them back later) lets it
 * finish.
 *
 * The file is first written with write(2) - the pattern, or zeros for
 * --write - and fsynced. Then, through the mapping:
 *   default   two passes reading every byte;
 *   --write   a pass writing the pattern, then one reading it; fsync,
 *             and the file read back with pread(2);
 *   --mlock   mlock(2) of the whole mapping first (every page faulted in
 *             and locked), then the two reading passes.
 * Byte i of the pattern is (i * 7 + i / 4096) mod 256.
 *
 * Output (stdout): "mapread: pass 1 done" after the first pass, then one
 * line,
 *   mapread: bytes=N bad=B error=E
 * B: bytes that differed from the pattern, over every pass; E: 0, or the
 * step that failed and its errno name (open, write, fsync, mmap, mlock,
 * read).
 * Exit status: 0 when every step succeeded and B is 0, 1 otherwise.
 */
#include <stdint.h>
#include "rt/args.h"
#include "rt/errno.h"
#include "rt/fs.h"
#include "rt/printf.h"
#include "rt/sys.h"

#define PAGE		4096

static uint8_t buf[65536];

static uint8_t pattern_byte(uint64_t i)
{
	return (uint8_t)(i * 7 + i / PAGE);
}

/* @bytes of the pattern (or zeros), on the disk. Return: NULL or the
 * failed step. */
static const char *fill(int fd, uint64_t bytes, bool zeros, long *err)
{
	for (uint64_t done = 0; done < bytes;) {
		uint64_t n = bytes - done < sizeof(buf) ? bytes - done :
							  sizeof(buf);

		for (uint64_t i = 0; i < n; i++)
			buf[i] = zeros ? 0 : pattern_byte(done + i);
		*err = sys_write(fd, buf, n);
		if (*err != (long)n)
			return "write";
		done += n;
	}
	*err = sys_fsync(fd);
	return *err ? "fsync" : NULL;
}

/* Bytes of @p that differ from the pattern. */
static uint64_t check(const volatile uint8_t *p, uint64_t bytes)
{
	uint64_t bad = 0;

	for (uint64_t i = 0; i < bytes; i++)
		bad += p[i] != pattern_byte(i);
	return bad;
}

static void write_pattern(volatile uint8_t *p, uint64_t bytes)
{
	for (uint64_t i = 0; i < bytes; i++)
		p[i] = pattern_byte(i);
}

/* Bytes of the file, read with pread(2), that differ from the pattern. */
static const char *read_back(int fd, uint64_t bytes, uint64_t *bad,
			     long *err)
{
	for (uint64_t pos = 0; pos < bytes; pos += (uint64_t)*err) {
		*err = sys_pread64(fd, buf, sizeof(buf), (long)pos);
		if (*err <= 0)
			return "read";
		for (long i = 0; i < *err; i++)
			*bad += buf[i] != pattern_byte(pos + (uint64_t)i);
	}
	*err = 0;
	return NULL;
}

/* The two passes through one mapping of the whole file. */
static const char *passes(int fd, uint64_t bytes, bool write, bool lock,
			  uint64_t *bad, long *err)
{
	volatile uint8_t *p;

	*err = sys_mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
			0);
	if (syscall_failed(*err))
		return "mmap";
	p = (volatile uint8_t *)*err;
	*err = lock ? sys_mlock((const void *)p, bytes) : 0;
	if (*err) {
		sys_munmap((void *)p, bytes);
		return "mlock";
	}
	if (write)
		write_pattern(p, bytes);
	else
		*bad += check(p, bytes);
	printf("mapread: pass 1 done\n");
	*bad += check(p, bytes);
	sys_munmap((void *)p, bytes);
	if (!write)
		return NULL;
	*err = sys_fsync(fd);
	if (*err)
		return "fsync";
	return read_back(fd, bytes, bad, err);
}

int main(int argc, char **argv, char **envp);

int main(int argc, char **argv, char **envp)
{
	const char *path = NULL, *failed = NULL;
	uint64_t bytes = 0, bad = 0;
	bool write = false, lock = false;
	const struct arg_opt opts[] = {
		{ "path", ARG_STR, &path, "the file (created or truncated)" },
		{ "bytes", ARG_U64, &bytes, "its size (pages)" },
		{ "write", ARG_FLAG, &write, "write the pattern through it" },
		{ "mlock", ARG_FLAG, &lock, "mlock the whole mapping" },
		{ NULL, 0, NULL, NULL },
	};
	long fd, err = 0;
	int ok;

	ok = args_parse(argc, argv, opts, "Go through a mapped file twice.");
	if (ok || !path || !bytes || bytes % PAGE)
		return ok == ARGS_HELP ? 0 : 2;
	fd = sys_open(path, O_CREAT | O_TRUNC | O_RDWR, 0644);
	if (fd < 0) {
		failed = "open";
		err = fd;
	}
	if (!failed)
		failed = fill((int)fd, bytes, write, &err);
	if (!failed)
		failed = passes((int)fd, bytes, write, lock, &bad, &err);
	if (fd >= 0)
		sys_close((int)fd);
	printf("mapread: bytes=%llu bad=%llu error=%s%s%s\n",
	       (unsigned long long)bytes, (unsigned long long)bad,
	       failed ? failed : "0", failed ? ":" : "",
	       failed ? errno_name((int)-err) : "");
	return failed || bad ? 1 : 0;
}
