// SPDX-License-Identifier: MIT
/*
 * fs/oomlab_kcharge.c: /sys/kernel/oomlab/kernel_charge charges what a
 * write asks to the opener's memory cgroup, holds it while the file is
 * open and uncharges it once at the last close; a malformed text is
 * -EINVAL and charges nothing. The test thread writes from a group of its
 * own (a kernel thread: no process, so "dying" is refused).
 */
#include "fs/file.h"
#include "fs/namei.h"
#include "fs/oomlab_kcharge.h"
#include "fs/oomlabfs.h"
#include "kernel/cgroup.h"
#include "kernel/ktest.h"
#include "kernel/task.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "mm/memcg.h"

#define KCHARGE_FILE	OOMLABFS_MOUNT "/kernel_charge"

static long kwrite(struct file *f, const char *text)
{
	struct io_buf io = { .base = (char *)text, .len = strlen(text) };

	return vfs_write(f, &io, NULL);
}

static void kread(struct file *f, char *buf, size_t size)
{
	struct io_buf io = { .base = buf, .len = size - 1 };
	loff_t pos = 0;
	long n = vfs_read(f, &io, &pos);

	buf[n > 0 ? n : 0] = '\0';
}

/* The pages @m holds once no CPU's stock hides any. */
static long charged(struct memcg *m)
{
	memcg_drain_all_stock(m);
	return memcg_current(m);
}

static void kcharge_holds_until_close(struct ktest *t)
{
	static const char *const bad[] = {
		"", "3", "GFP_KERNEL", "0 GFP_KERNEL", "65537 GFP_KERNEL",
		"x GFP_KERNEL", "3 GFP_BOGUS", "3 GFP_KERNEL|", "3 0xcc0",
		"3 GFP_KERNEL later", "3 GFP_KERNEL dying extra",
		"3 GFP_KERNEL dying",	/* a kernel thread has no process */
	};
	unsigned long failed0 = oomlab_kcharge_nr_failed();
	struct file *f = NULL, *g = NULL;
	struct cgroup *cg;
	char text[32];

	KTEST_ASSERT_EQ(t, cgroup_create(&cgroup_root, "kcharge", &cg), 0);
	KTEST_EXPECT_EQ(t, cgroup_attach_kthread(current, cg), 0);
	KTEST_EXPECT_EQ(t, vfs_open(NULL, KCHARGE_FILE, O_RDWR, 0, &f), 0);
	KTEST_EXPECT_EQ(t, vfs_open(NULL, KCHARGE_FILE, O_RDWR, 0, &g), 0);
	cgroup_attach_kthread(current, &cgroup_root);
	if (!f || !g)
		goto out;
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
		KTEST_EXPECT_EQ(t, kwrite(f, bad[i]), -EINVAL);
	KTEST_EXPECT_EQ(t, charged(cg->memcg), 0);
	KTEST_EXPECT_EQ(t, oomlab_kcharge_nr_failed() - failed0, 0);

	/* Written from the root: still the opener's group pays. */
	KTEST_EXPECT_EQ(t, kwrite(f, "3 GFP_KERNEL\n"), 13);
	KTEST_EXPECT_EQ(t, kwrite(f, " 2  GFP_KERNEL|__GFP_NORETRY "), 29);
	KTEST_EXPECT_EQ(t, kwrite(g, "4 GFP_NOWAIT"), 12);
	KTEST_EXPECT_EQ(t, charged(cg->memcg), 9);
	KTEST_EXPECT_EQ(t, memcg_stat_read(cg->memcg, MEMCG_KERNEL), 9);
	kread(f, text, sizeof(text));
	KTEST_EXPECT_STREQ(t, text, "held 5\n");
	fput(f);
	KTEST_EXPECT_EQ(t, charged(cg->memcg), 4);
	fput(g);
	KTEST_EXPECT_EQ(t, charged(cg->memcg), 0);
out:
	KTEST_EXPECT_EQ(t, cgroup_remove(cg), 0);
	cgroup_put(cg);
}

/* Over the limit: the charge's -ENOMEM, nothing held, counted. */
static void kcharge_enomem(struct ktest *t)
{
	unsigned long failed0 = oomlab_kcharge_nr_failed();
	struct file *f = NULL;
	struct cgroup *cg;
	char text[32];

	KTEST_ASSERT_EQ(t, cgroup_create(&cgroup_root, "kcharge", &cg), 0);
	KTEST_EXPECT_EQ(t, memcg_write_max(cg->memcg, "16K"), 0);
	KTEST_EXPECT_EQ(t, cgroup_attach_kthread(current, cg), 0);
	KTEST_EXPECT_EQ(t, vfs_open(NULL, KCHARGE_FILE, O_RDWR, 0, &f), 0);
	cgroup_attach_kthread(current, &cgroup_root);
	if (!f)
		goto out;
	KTEST_EXPECT_EQ(t, kwrite(f, "5 GFP_NOWAIT"), -ENOMEM);
	KTEST_EXPECT_EQ(t, kwrite(f, "4 GFP_NOWAIT"), 12);
	KTEST_EXPECT_EQ(t, oomlab_kcharge_nr_failed() - failed0, 1);
	kread(f, text, sizeof(text));
	KTEST_EXPECT_STREQ(t, text, "held 4\n");
	fput(f);
	KTEST_EXPECT_EQ(t, charged(cg->memcg), 0);
out:
	KTEST_EXPECT_EQ(t, cgroup_remove(cg), 0);
	cgroup_put(cg);
}

KTEST_SUITE(oomlab_kcharge,
	    KTEST_CASE(kcharge_holds_until_close),
	    KTEST_CASE(kcharge_enomem));
