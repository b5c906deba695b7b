// SPDX-License-Identifier: MIT
/*
 * gsendfile: sendfile(2) as Linux 6.1 does it (the native check runs
 * this same binary on the host), on files under /tmp:
 *
 *   file -> file   10000 bytes with a NULL offset: all sent, the input's
 *                  position advanced to 10000, the copy equal
 *   offset         1000 bytes from offset 100: *offset becomes 1100,
 *                  the input's position stays; at the end of the input 0
 *   file -> pipe   500 bytes from an offset into a pipe, read back equal
 *   errnos         input not readable or output not writable EBADF, an
 *                  O_APPEND output EINVAL, a pipe as input EINVAL, a
 *                  negative offset EINVAL, a bad offset pointer EFAULT,
 *                  count 0 sends nothing
 *
 * Output: gsendfile: FAIL what=W got=V   (per failed check)
 *         gsendfile: result checks=N failed=F
 * Exit status: 0 when failed=0, else 1.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sendfile.h>
#include <unistd.h>

#define SIZE	10000

static int checks, failed;
static char data[SIZE], back[SIZE];

static void check(int ok, const char *what, long got)
{
	checks++;
	if (!ok) {
		failed++;
		printf("gsendfile: FAIL what=%s got=%ld\n", what, got);
	}
}

/* A new, empty file under /tmp, read-write; its name in @name. */
static int tmp_file(char *name)
{
	strcpy(name, "/tmp/gsendfileXXXXXX");
	return mkstemp(name);
}

static void file_to_file(int in)
{
	char name[32];
	int out = tmp_file(name);
	off_t off = 100;

	check(sendfile(out, in, NULL, SIZE) == SIZE, "sent_all", errno);
	check(lseek(in, 0, SEEK_CUR) == SIZE, "in_pos", lseek(in, 0, SEEK_CUR));
	check(pread(out, back, SIZE, 0) == SIZE && !memcmp(back, data, SIZE),
	      "copy_equal", 0);
	check(sendfile(out, in, &off, 1000) == 1000 && off == 1100,
	      "offset_advanced", (long)off);
	check(lseek(in, 0, SEEK_CUR) == SIZE, "in_pos_kept",
	      lseek(in, 0, SEEK_CUR));
	check(pread(out, back, 1000, SIZE) == 1000 &&
	      !memcmp(back, data + 100, 1000), "offset_copy_equal", 0);
	check(sendfile(out, in, NULL, 10) == 0, "at_end", errno);
	check(sendfile(out, in, NULL, 0) == 0, "count_zero", errno);
	close(out);
	unlink(name);
}

static void file_to_pipe(int in)
{
	int p[2];
	off_t off = 2000;

	if (pipe(p)) {
		check(0, "pipe", errno);
		return;
	}
	check(sendfile(p[1], in, &off, 500) == 500 && off == 2500,
	      "pipe_sent", (long)off);
	check(read(p[0], back, sizeof(back)) == 500 &&
	      !memcmp(back, data + 2000, 500), "pipe_equal", 0);
	check(sendfile(p[1], p[0], NULL, 10) == -1 && errno == EINVAL,
	      "pipe_input", errno);
	close(p[0]);
	close(p[1]);
}

static void errnos(int in)
{
	char name[32];
	int out = tmp_file(name);
	int app = open(name, O_WRONLY | O_APPEND);
	off_t neg = -1;

	check(sendfile(in, out, NULL, 10) == -1 && errno == EBADF,
	      "out_not_writable", errno);
	check(sendfile(out, app, NULL, 10) == -1 && errno == EBADF,
	      "in_not_readable", errno);
	check(sendfile(out, 12345, NULL, 10) == -1 && errno == EBADF,
	      "in_not_open", errno);
	check(sendfile(app, in, NULL, 10) == -1 && errno == EINVAL,
	      "append_output", errno);
	check(sendfile(out, in, &neg, 10) == -1 && errno == EINVAL,
	      "negative_offset", errno);
	check(sendfile(out, in, (off_t *)1, 10) == -1 && errno == EFAULT,
	      "bad_offset", errno);
	close(app);
	close(out);
	unlink(name);
}

int main(void)
{
	char name[32];
	int in, wr;

	setvbuf(stdout, NULL, _IOLBF, 0);
	for (int i = 0; i < SIZE; i++)
		data[i] = (char)(i * 7 + i / 256);
	wr = tmp_file(name);
	if (wr < 0 || write(wr, data, SIZE) != SIZE) {
		printf("gsendfile: result checks=1 failed=1\n");
		if (wr >= 0)
			unlink(name);
		return 1;
	}
	in = open(name, O_RDONLY);
	file_to_file(in);
	file_to_pipe(in);
	errnos(in);
	close(in);
	close(wr);
	unlink(name);
	printf("gsendfile: result checks=%d failed=%d\n", checks, failed);
	return failed ? 1 : 0;
}
