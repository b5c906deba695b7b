// SPDX-License-Identifier: MIT
/*
 * The inactive and active file LRUs, memory.stat's view of them and
 * memory.reclaim, on initramfs files read through the page cache:
 *
 *   promote_second_access  a first read leaves a file's pages inactive
 *             and referenced; a second read moves each to the active
 *             list (pgactivate counts them); a third changes nothing.
 *   inactive_first  file A read twice (active), file B once (inactive):
 *             a reclaim of VMSCAN_BATCH pages takes B's pages and
 *             leaves every page of A cached.
 *   stat_consistent  catfile twice in a group: memory.stat's file ==
 *             inactive_file + active_file, and after the second run the
 *             pages are active; a reclaim shows pgscan >= pgsteal > 0.
 *   reclaim_file  memory.reclaim "256K" frees at least 64 pages and
 *             returns the bytes written; asking for more than the
 *             group holds frees what it can and is -EAGAIN; "max",
 *             "abc", "-1" are -EINVAL and free nothing.
 *   min_low_files  memory.min and memory.low read back what was
 *             written ("max" too); the root has neither.
 */
#include "fs/cgroupfs.h"
#include "fs/rootfs.h"
#include "kernel/cgroup.h"
#include "kernel/initramfs.h"
#include "lib/errno.h"
#include "lib/format.h"
#include "lib/kstrtox.h"
#include "mm/filemap.h"
#include "mm/memcg.h"
#include "mm/vmscan.h"
#include "tests/fs/fs_test_util.h"
#include "tests/kernel/user_run.h"

#define FILE_A	"/bin/fstest"
#define FILE_B	"/bin/hog-glibc"

static struct user_run cat;

/* Read all of @f through the page cache. Return: whether it all came. */
static bool read_all(struct file *f, u64 size)
{
	static char buf[4096];

	for (u64 off = 0; off < size; off += sizeof(buf))
		if (ft_pread(f, buf, sizeof(buf), (loff_t)off) <= 0)
			return false;
	return true;
}

struct cached_file {
	struct file *f;
	struct address_space *mapping;
	u64 size;
};

static bool open_cached(struct ktest *t, const char *path,
			struct cached_file *cf)
{
	const struct initramfs_file *want = initramfs_lookup(path);
	int err;

	cf->f = want ? ft_open(path, O_RDONLY, &err) : NULL;
	if (!KTEST_EXPECT_NOT_NULL(t, cf->f))
		return false;
	cf->mapping = rootfs_mapping(cf->f->inode);
	cf->size = want->size;
	return true;
}

/* Pages of @cf cached, and of those the ones with all of @flags. */
static unsigned long count_pages(const struct cached_file *cf, u32 flags,
				 unsigned long *with)
{
	unsigned long n = 0;

	*with = 0;
	spin_lock(&filemap_lock);
	for (pgoff_t i = 0; i < cf->mapping->nr_slots; i++) {
		struct page *p = cf->mapping->slots[i].page;

		if (!p)
			continue;
		n++;
		*with += (p->flags & flags) == flags;
	}
	spin_unlock(&filemap_lock);
	return n;
}

static void vmscan_lru_promote_second_access(struct ktest *t)
{
	long act0 = vmscan_event_read(&root_memcg, VMSCAN_PGACTIVATE);
	struct cached_file cf;
	unsigned long pages, n, active, referenced;

	if (!open_cached(t, FILE_B, &cf))
		return;
	vmscan_drop_caches();
	pages = cf.mapping->nr_slots;
	KTEST_ASSERT(t, read_all(cf.f, cf.size));
	n = count_pages(&cf, PG_referenced, &referenced);
	count_pages(&cf, PG_active, &active);
	KTEST_EXPECT_EQ_U(t, n, pages);
	KTEST_EXPECT_EQ_U(t, referenced, pages);
	KTEST_EXPECT_EQ_U(t, active, 0);

	KTEST_EXPECT(t, read_all(cf.f, cf.size));
	count_pages(&cf, PG_active, &active);
	count_pages(&cf, PG_referenced, &referenced);
	KTEST_EXPECT_EQ_U(t, active, pages);
	KTEST_EXPECT_EQ_U(t, referenced, 0);
	KTEST_EXPECT_GE(t, vmscan_event_read(&root_memcg, VMSCAN_PGACTIVATE) -
			act0, (long)pages);

	KTEST_EXPECT(t, read_all(cf.f, cf.size));
	count_pages(&cf, PG_active, &active);
	KTEST_EXPECT_EQ_U(t, active, pages);
	fput(cf.f);
	vmscan_drop_caches();
}

static void vmscan_lru_inactive_first(struct ktest *t)
{
	struct cached_file a, b;
	unsigned long na, nb, nb1, unused;

	if (!open_cached(t, FILE_A, &a))
		return;
	if (!open_cached(t, FILE_B, &b))
		goto out_a;
	vmscan_drop_caches();
	KTEST_ASSERT(t, read_all(a.f, a.size) && read_all(a.f, a.size));
	KTEST_ASSERT(t, read_all(b.f, b.size));
	na = count_pages(&a, PG_active, &unused);
	nb = count_pages(&b, 0, &unused);
	KTEST_EXPECT_EQ_U(t, unused, nb);
	KTEST_EXPECT_GE_U(t, try_to_free_mem_cgroup_pages(&root_memcg,
							 VMSCAN_BATCH,
							 GFP_KERNEL),
			  VMSCAN_BATCH);
	KTEST_EXPECT_EQ_U(t, count_pages(&a, 0, &unused), na);
	nb1 = count_pages(&b, 0, &unused);
	ktest_log(t, "A %lu of %lu pages cached, B %lu -> %lu", na,
		  (unsigned long)a.mapping->nr_slots, nb, nb1);
	KTEST_EXPECT_LT_U(t, nb1, nb);
	fput(b.f);
out_a:
	fput(a.f);
	vmscan_drop_caches();
}

/* memory.stat's @key of @m (bytes or a count), or -1. */
static long stat_key(const struct memcg *m, const char *key)
{
	static char buf[2048];
	size_t n = strlen(key);
	char *l = buf;

	memcg_show_stat(m, buf, sizeof(buf));
	for (; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
		char *end = strchr(l, '\n');
		s64 v;

		if (strncmp(l, key, n) || l[n] != ' ' || !end)
			continue;
		*end = '\0';
		return kstrtoll(l + n + 1, 10, &v) ? -1 : (long)v;
	}
	return -1;
}

static const char *const cat_argv[] = {
	"/bin/catfile", "/bin/fstest", "/bin/sysfuzz", "/bin/mmbench",
	"/bin/rtcheck", NULL,
};

/* Run catfile in @cg. Return: whether it read every file. */
static bool cat_in(struct ktest *t, struct cgroup *cg)
{
	bool ok;

	cgroup_attach_kthread(current, cg);
	ok = !user_run_argv(t, &cat, KTEST_WAIT_MS, cat_argv) &&
	     user_exited(&cat, 0);
	cgroup_attach_kthread(current, &cgroup_root);
	return ok;
}

/*
 * A group made through the cgroup file system, as a user would (the
 * VFS then drops its dentries when it goes). Return: it, with a
 * reference; NULL, failing @t.
 */
static struct cgroup *make_group(struct ktest *t, const char *name)
{
	char path[64];
	struct cgroup *cg;

	snprintf(path, sizeof(path), "%s/%s", CGROUPFS_MOUNT, name);
	if (!KTEST_EXPECT_EQ(t, vfs_mkdir(vfs_root(), path, 0755), 0))
		return NULL;
	snprintf(path, sizeof(path), "/%s", name);
	cg = cgroup_lookup(path);
	KTEST_EXPECT_NOT_NULL(t, cg);
	return cg;
}

static void remove_group(struct ktest *t, struct cgroup *cg,
			 const char *name)
{
	char path[64];

	cgroup_put(cg);
	snprintf(path, sizeof(path), "%s/%s", CGROUPFS_MOUNT, name);
	KTEST_EXPECT_EQ(t, vfs_rmdir(vfs_root(), path), 0);
}

/* Group @name with catfile's files cached in it; NULL, failing @t. */
static struct cgroup *group_with_cache(struct ktest *t, const char *name)
{
	struct cgroup *cg;

	vmscan_drop_caches();
	cg = make_group(t, name);
	if (cg && !KTEST_EXPECT(t, cat_in(t, cg))) {
		remove_group(t, cg, name);
		return NULL;
	}
	return cg;
}

static void expect_lrus_sum_to_file(struct ktest *t, const struct memcg *m)
{
	KTEST_EXPECT_EQ(t, stat_key(m, "inactive_file") +
			stat_key(m, "active_file"), stat_key(m, "file"));
}

static void vmscan_lru_stat_consistent(struct ktest *t)
{
	struct cgroup *cg = group_with_cache(t, "lrus");
	struct memcg *m;
	long file;

	if (!cg)
		return;
	m = cg->memcg;
	file = stat_key(m, "file");
	KTEST_EXPECT_GT(t, file, 100 * (long)PAGE_SIZE);
	expect_lrus_sum_to_file(t, m);
	KTEST_EXPECT_EQ(t, stat_key(m, "active_file"), 0);
	KTEST_EXPECT(t, cat_in(t, cg));
	expect_lrus_sum_to_file(t, m);
	KTEST_EXPECT_EQ(t, stat_key(m, "active_file"), file);
	KTEST_EXPECT_GE(t, stat_key(m, "pgactivate"), file / (long)PAGE_SIZE);
	KTEST_EXPECT_EQ(t, stat_key(m, "inactive_anon"),
			stat_key(m, "anon"));

	KTEST_EXPECT_EQ(t, memcg_write_reclaim(m, "64K"), 0);
	expect_lrus_sum_to_file(t, m);
	KTEST_EXPECT_GT(t, stat_key(m, "pgsteal"), 0);
	KTEST_EXPECT_GE(t, stat_key(m, "pgscan"), stat_key(m, "pgsteal"));
	KTEST_EXPECT_GT(t, stat_key(m, "pgdeactivate"), 0);
	KTEST_EXPECT_GE(t, stat_key(&root_memcg, "pgsteal"),
			stat_key(m, "pgsteal"));
	remove_group(t, cg, "lrus");
}

static void vmscan_lru_reclaim_file(struct ktest *t)
{
	static const char *const bad[] = { "max", "abc", "-1", "1M 1M",
					   "1Q" };
	struct cgroup *cg = group_with_cache(t, "lrur");
	char path[64];
	long file0, file1;

	if (!cg)
		return;
	snprintf(path, sizeof(path), "%s/lrur/memory.reclaim",
		 CGROUPFS_MOUNT);
	file0 = memcg_stat_read(cg->memcg, MEMCG_FILE);
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
		KTEST_EXPECT_EQ(t, ft_put(path, bad[i]), -EINVAL);
	KTEST_EXPECT_EQ(t, memcg_stat_read(cg->memcg, MEMCG_FILE), file0);

	KTEST_EXPECT_EQ(t, ft_put(path, "256K\n"), 5);
	file1 = memcg_stat_read(cg->memcg, MEMCG_FILE);
	ktest_log(t, "memory.reclaim 256K: file %ld -> %ld pages", file0,
		  file1);
	KTEST_EXPECT_LE(t, file1, file0 - 64);
	KTEST_EXPECT_GE(t, file1, file0 - 64 - 2 * (long)VMSCAN_BATCH);

	KTEST_EXPECT_EQ(t, ft_put(path, "100M"), -EAGAIN);
	KTEST_EXPECT_EQ(t, memcg_stat_read(cg->memcg, MEMCG_FILE), 0);
	KTEST_EXPECT_EQ(t, ft_put(path, "0"), 1);
	remove_group(t, cg, "lrur");
}

static void vmscan_lru_min_low_files(struct ktest *t)
{
	static const char *const files[] = { "memory.min", "memory.low" };
	struct cgroup *cg;
	char path[64], buf[64];
	int err;

	cg = make_group(t, "lrum");
	if (!cg)
		return;
	for (size_t i = 0; i < ARRAY_SIZE(files); i++) {
		snprintf(path, sizeof(path), "%s/lrum/%s", CGROUPFS_MOUNT,
			 files[i]);
		KTEST_EXPECT_EQ(t, ft_slurp(path, buf, sizeof(buf)), 2);
		KTEST_EXPECT_STREQ(t, buf, "0\n");
		KTEST_EXPECT_EQ(t, ft_put(path, "1M"), 2);
		ft_slurp(path, buf, sizeof(buf));
		KTEST_EXPECT_STREQ(t, buf, "1048576\n");
		KTEST_EXPECT_EQ(t, ft_put(path, "abc"), -EINVAL);
		ft_slurp(path, buf, sizeof(buf));
		KTEST_EXPECT_STREQ(t, buf, "1048576\n");
		KTEST_EXPECT_EQ(t, ft_put(path, "max"), 3);
		ft_slurp(path, buf, sizeof(buf));
		KTEST_EXPECT_STREQ(t, buf, "max\n");
		snprintf(path, sizeof(path), "%s/%s", CGROUPFS_MOUNT,
			 files[i]);
		KTEST_EXPECT_NULL(t, ft_open(path, O_RDONLY, &err));
		KTEST_EXPECT_EQ(t, err, -ENOENT);
	}
	KTEST_EXPECT_EQ(t, memcg_write_min(&root_memcg, "1M"), -EINVAL);
	KTEST_EXPECT_EQ(t, memcg_write_low(&root_memcg, "1M"), -EINVAL);
	remove_group(t, cg, "lrum");
}

KTEST_SUITE(vmscan_lru,
	    KTEST_CASE(vmscan_lru_promote_second_access),
	    KTEST_CASE(vmscan_lru_inactive_first),
	    KTEST_CASE(vmscan_lru_stat_consistent),
	    KTEST_CASE(vmscan_lru_reclaim_file),
	    KTEST_CASE(vmscan_lru_min_low_files));
