// SPDX-License-Identifier: MIT
/*
 * filewrite: write a file of --bytes N with write(2), --chunk bytes at a
 * time, optionally fsync it, for the writeback tests: a writer in a
 * memory cgroup fills the page cache with dirty pages (charged to its
 * group) and must finish without being OOM-killed; the bytes then on the
 * device are compared with the fingerprint printed here.
 *
 * Byte i of the file is filewrite_byte(i) = (i * 7 + i / 4096) mod 256.
 *
 * Output (stdout): with --progress N, "filewrite: progress bytes=B" each
 * time another N bytes are written (a slow disk's writer still shows
 * signs of life); then one line:
 *   filewrite: bytes=N write=W fsync=E fnv=HEX
 * N: bytes written; W: 0, or the errno name of the write that failed
 * (short: a write that wrote less); E: fsync's 0 or errno name, - when
 * not asked or not reached; HEX: FNV-1a, 64 bits, of the bytes written.
 * Exit status: 0 when every byte was written (and synced), 1 otherwise.
 */
#include <stdbool.h>
#include <stdint.h>
#include "rt/args.h"
#include "rt/errno.h"
#include "rt/fs.h"
#include "rt/printf.h"
#include "rt/sys.h"

#define FNV_OFFSET	0xcbf29ce484222325ULL
#define FNV_PRIME	0x100000001b3ULL

static char buf[65536];

static uint8_t filewrite_byte(uint64_t i)
{
	return (uint8_t)(i * 7 + i / 4096);
}

int main(int argc, char **argv, char **envp);

int main(int argc, char **argv, char **envp)
{
	const char *path = NULL;
	uint64_t bytes = 0, chunk = 16384, fnv = FNV_OFFSET, done = 0;
	uint64_t progress = 0, shown = 0;
	bool do_fsync = false;
	const struct arg_opt opts[] = {
		{ "path", ARG_STR, &path, "the file (created or truncated)" },
		{ "bytes", ARG_U64, &bytes, "its size" },
		{ "chunk", ARG_U64, &chunk, "bytes per write (<= 65536)" },
		{ "fsync", ARG_FLAG, &do_fsync, "fsync before close" },
		{ "progress", ARG_U64, &progress, "a line every N bytes" },
		{ NULL, 0, NULL, NULL },
	};
	long fd, r = 0, sync = 1;
	int ok;

	ok = args_parse(argc, argv, opts, "Write a file; print one line.");
	if (ok || !path || !chunk || chunk > sizeof(buf))
		return ok == ARGS_HELP ? 0 : 2;
	fd = sys_open(path, O_CREAT | O_TRUNC | O_WRONLY, 0644);
	if (fd < 0) {
		printf("filewrite: open error=%s\n", errno_name((int)-fd));
		return 1;
	}
	while (done < bytes) {
		uint64_t n = bytes - done < chunk ? bytes - done : chunk;

		for (uint64_t i = 0; i < n; i++)
			buf[i] = (char)filewrite_byte(done + i);
		r = sys_write((int)fd, buf, n);
		for (long i = 0; i < r; i++)
			fnv = (fnv ^ (uint8_t)buf[i]) * FNV_PRIME;
		if (r > 0)
			done += (uint64_t)r;
		if (r != (long)n)
			break;
		r = 0;
		if (progress && done - shown >= progress) {
			shown = done;
			printf("filewrite: progress bytes=%llu\n",
			       (unsigned long long)done);
		}
	}
	if (done == bytes && do_fsync)
		sync = sys_fsync((int)fd);
	sys_close((int)fd);
	printf("filewrite: bytes=%llu write=%s fsync=%s fnv=%016llx\n",
	       (unsigned long long)done,
	       r < 0 ? errno_name((int)-r) : r ? "short" : "0",
	       sync > 0 ? "-" : sync ? errno_name((int)-sync) : "0",
	       (unsigned long long)fnv);
	return done == bytes && (!do_fsync || !sync) ? 0 : 1;
}
