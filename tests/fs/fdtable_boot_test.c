// SPDX-License-Identifier: MIT
/*
 * File descriptor tables (fs/fdtable.c), on a table of the test's own:
 *
 *   lowest    a new fd is the lowest free one at or above the minimum;
 *             closing one makes it the next; a full table is -EMFILE
 *   dup3      the target takes the file and its own close-on-exec bit,
 *             the file it had is closed; bad fds are -EBADF
 *   refs      every fd holds one reference: the file is released when
 *             the last fd goes, not before
 */
#include "fs/fdtable.h"
#include "kernel/ktest.h"
#include "tests/fs/fs_test_util.h"

static struct file *tmpfile(struct ktest *t)
{
	int err;
	struct file *f = ft_open("/tmp/fdt", O_CREAT | O_RDWR, &err);

	if (!f)
		ktest_log(t, "open: %d", err);
	return f;
}

static void fdtable_lowest_free(struct ktest *t)
{
	struct files_struct *files = files_alloc();
	struct file *f = tmpfile(t);

	KTEST_ASSERT_NOT_NULL(t, files);
	KTEST_ASSERT_NOT_NULL(t, f);
	for (int i = 0; i < 4; i++)
		KTEST_EXPECT_EQ(t, fd_install(files, get_file(f), 0, false), i);
	KTEST_EXPECT_EQ(t, fd_close(files, 1), 0);
	KTEST_EXPECT_EQ(t, fd_close(files, 1), -EBADF);
	KTEST_EXPECT_EQ(t, fd_install(files, get_file(f), 0, false), 1);
	KTEST_EXPECT_EQ(t, fd_install(files, get_file(f), 10, true), 10);
	KTEST_EXPECT_EQ(t, fd_get_cloexec(files, 10), 1);
	KTEST_EXPECT_EQ(t, fd_get_cloexec(files, 3), 0);
	KTEST_EXPECT_EQ(t, fd_get_cloexec(files, 5), -EBADF);
	KTEST_EXPECT_EQ(t, fd_install(files, get_file(f), 4, false), 4);
	for (int fd = 5; fd < FDTABLE_SIZE; fd++)
		if (fd != 10)
			KTEST_EXPECT_EQ(t, fd_install(files, get_file(f), 0,
						      false), fd);
	KTEST_EXPECT_EQ(t, fd_install(files, f, 0, false), -EMFILE);
	KTEST_EXPECT_EQ(t, f->refs, FDTABLE_SIZE + 1);
	fput(f);
	files_free(files);
	KTEST_EXPECT_EQ(t, vfs_unlink(vfs_root(), "/tmp/fdt"), 0);
}

static void fdtable_dup3_and_cloexec(struct ktest *t)
{
	struct files_struct *files = files_alloc();
	struct file *a = tmpfile(t), *b = tmpfile(t), *got;

	KTEST_ASSERT_NOT_NULL(t, files);
	KTEST_ASSERT_NOT_NULL(t, a);
	KTEST_ASSERT_NOT_NULL(t, b);
	KTEST_EXPECT_EQ(t, fd_install(files, a, 0, true), 0);
	KTEST_EXPECT_EQ(t, fd_install(files, b, 0, false), 1);
	get_file(b);			/* watch it past its close */
	KTEST_EXPECT_EQ(t, fd_dup3(files, 0, 1, false), 1);
	KTEST_EXPECT_EQ(t, b->refs, 1);	/* fd 1's reference dropped */
	got = fd_get(files, 1);
	KTEST_EXPECT(t, got == a);
	fput(got);
	KTEST_EXPECT_EQ(t, fd_get_cloexec(files, 0), 1);
	KTEST_EXPECT_EQ(t, fd_get_cloexec(files, 1), 0);
	KTEST_EXPECT_EQ(t, fd_set_cloexec(files, 1, true), 0);
	KTEST_EXPECT_EQ(t, fd_get_cloexec(files, 1), 1);
	KTEST_EXPECT_EQ(t, fd_dup3(files, 7, 2, false), -EBADF);
	KTEST_EXPECT_EQ(t, fd_dup3(files, 0, FDTABLE_SIZE, false), -EBADF);
	KTEST_EXPECT_EQ(t, fd_dup3(files, 0, -1, false), -EBADF);
	KTEST_EXPECT_NULL(t, fd_get(files, 2));
	KTEST_EXPECT_NULL(t, fd_get(files, -1));
	/* A closed fd forgets its close-on-exec bit. */
	KTEST_EXPECT_EQ(t, fd_close(files, 1), 0);
	KTEST_EXPECT_EQ(t, fd_install(files, get_file(b), 0, false), 1);
	KTEST_EXPECT_EQ(t, fd_get_cloexec(files, 1), 0);
	KTEST_EXPECT_EQ(t, a->refs, 1);
	files_free(files);
	KTEST_EXPECT_EQ(t, b->refs, 1);
	fput(b);
	KTEST_EXPECT_EQ(t, vfs_unlink(vfs_root(), "/tmp/fdt"), 0);
}

KTEST_SUITE(fdtable,
	    KTEST_CASE(fdtable_lowest_free),
	    KTEST_CASE(fdtable_dup3_and_cloexec));
