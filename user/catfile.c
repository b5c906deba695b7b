// SPDX-License-Identifier: MIT
/*
 * catfile: read files with read() and fingerprint them, for the page
 * cache tests: a reader in a memory cgroup fills the cache (the pages are
 * charged to its group), and a second run shows that what reclaim
 * dropped is read back with the same bytes.
 *
 * Output (stdout), one line per file, then a total:
 *   catfile: file=PATH bytes=N fnv=HEX     (FNV-1a, 64 bits, of the bytes)
 *   catfile: result files=F bytes=N errors=E
 * Exit status: 0 when every file was read, 1 otherwise.
 */
#include <stdint.h>
#include "rt/errno.h"
#include "rt/fs.h"
#include "rt/printf.h"
#include "rt/sys.h"

#define FNV_OFFSET	0xcbf29ce484222325ULL
#define FNV_PRIME	0x100000001b3ULL

static char buf[4096];

/* Read all of @path; Return: its size, or a negative errno. */
static long cat_one(const char *path, uint64_t *fnv)
{
	long fd = sys_open(path, O_RDONLY, 0), n, total = 0;

	if (fd < 0)
		return fd;
	*fnv = FNV_OFFSET;
	while ((n = sys_read((int)fd, buf, sizeof(buf))) > 0) {
		for (long i = 0; i < n; i++)
			*fnv = (*fnv ^ (uint8_t)buf[i]) * FNV_PRIME;
		total += n;
	}
	sys_close((int)fd);
	return n < 0 ? n : total;
}

int main(int argc, char **argv, char **envp);

int main(int argc, char **argv, char **envp)
{
	long bytes = 0, errors = 0;

	for (int i = 1; i < argc; i++) {
		uint64_t fnv = 0;
		long n = cat_one(argv[i], &fnv);

		if (n < 0) {
			printf("catfile: file=%s error=%s\n", argv[i],
			       errno_name((int)-n));
			errors++;
			continue;
		}
		printf("catfile: file=%s bytes=%ld fnv=%016llx\n", argv[i], n,
		       (unsigned long long)fnv);
		bytes += n;
	}
	printf("catfile: result files=%d bytes=%ld errors=%ld\n", argc - 1,
	       bytes, errors);
	return errors ? 1 : 0;
}
