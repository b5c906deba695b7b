// SPDX-License-Identifier: MIT
/*
 * mmapwrite: write a file of --bytes N through shared mappings, for the
 * writeback tests: the file is first written with zeros and fsynced,
 * then each window of --window bytes is mapped MAP_SHARED, filled with
 * the pattern through the mapping and unmapped; a final fsync, and the
 * file is read back. A writer in a memory cgroup dirties page-cache
 * pages charged to its group with no write(2) to throttle it: the fault
 * path must (and the test checks it is not OOM-killed).
 *
 * Byte i of the file is mmapwrite_byte(i) = (i * 13 + i / 4096) mod 256.
 *
 * Output (stdout): one line,
 *   mmapwrite: bytes=N error=E fnv=HEX
 * N: the file's size; E: 0, or the step that failed and its errno name
 * (open, write, fsync, mmap, read); HEX: FNV-1a, 64 bits, of the bytes
 * read back.
 * Exit status: 0 when every step succeeded, 1 otherwise.
 */
#include <stdint.h>
#include "rt/args.h"
#include "rt/errno.h"
#include "rt/fs.h"
#include "rt/printf.h"
#include "rt/sys.h"

#define FNV_OFFSET	0xcbf29ce484222325ULL
#define FNV_PRIME	0x100000001b3ULL
#define PAGE		4096

static char buf[65536];

static uint8_t mmapwrite_byte(uint64_t i)
{
	return (uint8_t)(i * 13 + i / PAGE);
}

/* @bytes of zeros, on the disk. Return: 0 or the failed step. */
static const char *zero_fill(int fd, uint64_t bytes, long *err)
{
	for (uint64_t done = 0; done < bytes;) {
		uint64_t n = bytes - done < sizeof(buf) ? bytes - done :
							  sizeof(buf);

		*err = sys_write(fd, buf, n);
		if (*err != (long)n)
			return "write";
		done += n;
	}
	*err = sys_fsync(fd);
	return *err ? "fsync" : NULL;
}

/* The pattern through one shared mapping per @window bytes. */
static const char *map_fill(int fd, uint64_t bytes, uint64_t window,
			    long *err)
{
	for (uint64_t off = 0; off < bytes; off += window) {
		uint64_t len = bytes - off < window ? bytes - off : window;
		uint8_t *p;

		*err = sys_mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED,
				fd, (long)off);
		if (syscall_failed(*err))
			return "mmap";
		p = (uint8_t *)*err;
		for (uint64_t i = 0; i < len; i++)
			p[i] = mmapwrite_byte(off + i);
		sys_munmap(p, len);
	}
	*err = sys_fsync(fd);
	return *err ? "fsync" : NULL;
}

static const char *fingerprint(int fd, uint64_t bytes, uint64_t *fnv,
			       long *err)
{
	for (uint64_t pos = 0; pos < bytes; pos += (uint64_t)*err) {
		*err = sys_pread64(fd, buf, sizeof(buf), (long)pos);
		if (*err <= 0)
			return "read";
		for (long i = 0; i < *err; i++)
			*fnv = (*fnv ^ (uint8_t)buf[i]) * FNV_PRIME;
	}
	*err = 0;
	return NULL;
}

int main(int argc, char **argv, char **envp);

int main(int argc, char **argv, char **envp)
{
	const char *path = NULL, *failed = NULL;
	uint64_t bytes = 0, window = 65536, fnv = FNV_OFFSET;
	const struct arg_opt opts[] = {
		{ "path", ARG_STR, &path, "the file (created or truncated)" },
		{ "bytes", ARG_U64, &bytes, "its size" },
		{ "window", ARG_U64, &window, "bytes per mapping (pages)" },
		{ NULL, 0, NULL, NULL },
	};
	long fd, err = 0;
	int ok;

	ok = args_parse(argc, argv, opts, "Write a file through mappings.");
	if (ok || !path || !window || window % PAGE)
		return ok == ARGS_HELP ? 0 : 2;
	fd = sys_open(path, O_CREAT | O_TRUNC | O_RDWR, 0644);
	if (fd < 0) {
		failed = "open";
		err = fd;
	}
	if (!failed)
		failed = zero_fill((int)fd, bytes, &err);
	if (!failed)
		failed = map_fill((int)fd, bytes, window, &err);
	if (!failed)
		failed = fingerprint((int)fd, bytes, &fnv, &err);
	if (fd >= 0)
		sys_close((int)fd);
	printf("mmapwrite: bytes=%llu error=%s%s%s fnv=%016llx\n",
	       (unsigned long long)bytes, failed ? failed : "0",
	       failed ? ":" : "", failed ? errno_name((int)-err) : "",
	       (unsigned long long)fnv);
	return failed ? 1 : 0;
}
