// SPDX-License-Identifier: MIT
/*
 * The page cache and its reclaim, on the initramfs files:
 *
 *   cache_and_reclaim  a kernel read of /bin/fstest fills one cached page
 *             per file page (charged to the root: a kernel thread's
 *             reader), a second read adds none; reclaim frees them all,
 *             each uncharged once, except a page someone holds; a read
 *             after reclaim returns the archive's bytes again.
 *   drop_caches_file  writing 1 to /proc/sys/vm/drop_caches empties the
 *             cache; 2 (slab) leaves it; 0, 5 or junk is -EINVAL and
 *             changes nothing.
 *   before_oom  in every design, group "rcl" (2 MiB) holds about 170
 *             clean pages catfile read in, then a 420-page anonymous hog
 *             runs there: the charge path reclaims file pages instead of
 *             killing (no kill, no oom_kill, file pages fewer, max
 *             counted); a second catfile reads the same bytes back.
 *   high_write  memory.high written below the usage reclaims down to it.
 *   reclaim_subtree  the same across a hierarchy: the limit is the
 *             parent's, the clean pages a child's, the hog a sibling's.
 */
#include "fs/rootfs.h"
#include "kernel/cgroup.h"
#include "kernel/initramfs.h"
#include "lib/format.h"
#include "mm/filemap.h"
#include "mm/memcg.h"
#include "mm/memcg_design.h"
#include "mm/oom.h"
#include "mm/page_alloc.h"
#include "mm/vmscan.h"
#include "tests/fs/fs_test_util.h"
#include "tests/kernel/user_run.h"

#define CACHE_FILE	"/bin/fstest"

static struct user_run cat1, cat2, hog;

/* Does @f (from its start) read back as the archive's @want? */
static bool reads_as(struct file *f, const struct initramfs_file *want)
{
	static char buf[4096];

	for (size_t off = 0; off < want->size; off += sizeof(buf)) {
		size_t n = MIN(sizeof(buf), want->size - off);

		if (ft_pread(f, buf, sizeof(buf), (loff_t)off) != (long)n ||
		    memcmp(buf, want->data + off, n))
			return false;
	}
	return true;
}

static void vmscan_cache_and_reclaim(struct ktest *t)
{
	const struct initramfs_file *want = initramfs_lookup(CACHE_FILE);
	unsigned long before = filemap_nr_pages(), pages;
	struct address_space *mapping;
	struct page *held;
	struct file *f;
	int err;

	KTEST_ASSERT_NOT_NULL(t, want);
	pages = ALIGN_UP(want->size, PAGE_SIZE) / PAGE_SIZE;
	f = ft_open(CACHE_FILE, O_RDONLY, &err);
	KTEST_ASSERT_NOT_NULL(t, f);
	mapping = rootfs_mapping(f->inode);
	KTEST_EXPECT(t, reads_as(f, want));
	KTEST_EXPECT_EQ_U(t, mapping->nrpages, pages);
	KTEST_EXPECT_EQ_U(t, filemap_nr_pages(), before + pages);
	KTEST_EXPECT(t, reads_as(f, want));
	KTEST_EXPECT_EQ_U(t, filemap_nr_pages(), before + pages);

	/* A page a reader holds stays; the others go. */
	held = mapping->slots[0].page;
	page_get(held);
	KTEST_EXPECT_GE_U(t, try_to_free_mem_cgroup_pages(&root_memcg,
							 PAGE_COUNTER_MAX,
							 GFP_KERNEL),
			  pages - 1);
	KTEST_EXPECT_EQ_U(t, mapping->nrpages, 1);
	KTEST_EXPECT(t, mapping->slots[0].page == held);
	page_put_testzero(held);

	KTEST_EXPECT(t, reads_as(f, want));
	KTEST_EXPECT_EQ_U(t, mapping->nrpages, pages);
	try_to_free_mem_cgroup_pages(&root_memcg, PAGE_COUNTER_MAX,
				     GFP_KERNEL);
	KTEST_EXPECT_EQ_U(t, mapping->nrpages, 0);
	KTEST_EXPECT_EQ_U(t, filemap_nr_pages(), before);
	fput(f);
}

/* /proc/sys/vm/drop_caches: only 1 and 3 drop; a bad value is -EINVAL. */
static void vmscan_drop_caches_file(struct ktest *t)
{
	const struct initramfs_file *want = initramfs_lookup(CACHE_FILE);
	static const char *const bad[] = { "0", "5", "-1", "x", "" };
	struct address_space *mapping;
	unsigned long pages;
	struct file *f;
	int err;

	KTEST_ASSERT_NOT_NULL(t, want);
	pages = ALIGN_UP(want->size, PAGE_SIZE) / PAGE_SIZE;
	f = ft_open(CACHE_FILE, O_RDONLY, &err);
	KTEST_ASSERT_NOT_NULL(t, f);
	mapping = rootfs_mapping(f->inode);
	KTEST_EXPECT(t, reads_as(f, want));
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
		KTEST_EXPECT_EQ(t, ft_put("/proc/sys/vm/drop_caches", bad[i]),
				-EINVAL);
	KTEST_EXPECT_EQ(t, ft_put("/proc/sys/vm/drop_caches", "2"), 1);
	KTEST_EXPECT_EQ_U(t, mapping->nrpages, pages);
	KTEST_EXPECT_EQ(t, ft_put("/proc/sys/vm/drop_caches", "1\n"), 2);
	KTEST_EXPECT_EQ_U(t, mapping->nrpages, 0);
	fput(f);
}

/* FNV-1a of @f's bytes, as catfile prints it. */
static u64 fnv_of(const struct initramfs_file *f)
{
	u64 h = 0xcbf29ce484222325ULL;

	for (size_t i = 0; i < f->size; i++)
		h = (h ^ f->data[i]) * 0x100000001b3ULL;
	return h;
}

static const char *const cat_argv[] = {
	"/bin/catfile", "/bin/fstest", "/bin/sysfuzz", "/bin/mmbench",
	"/bin/rtcheck", "/bin/hog", "/bin/cgctl", "/bin/tgroup",
	"/bin/efault", NULL,
};

/* Run @u in @cg. Return: 0, or the spawn error. */
static int run_in(struct ktest *t, struct cgroup *cg, struct user_run *u,
		  const char *const *argv)
{
	int r;

	cgroup_attach_kthread(current, cg);
	r = user_run_argv(t, u, KTEST_WAIT_MS, argv);
	cgroup_attach_kthread(current, &cgroup_root);
	return r;
}

static void before_oom(struct ktest *t, enum memcg_design d)
{
	const struct initramfs_file *fst = initramfs_lookup("/bin/fstest");
	unsigned long kills0 = oom_kill_count();
	unsigned long cached0 = filemap_nr_pages();
	long file0, file1;
	struct cgroup *cg;
	char fnv[40];

	memcg_set_design(d);
	KTEST_ASSERT_EQ(t, cgroup_create(&cgroup_root, "rcl", &cg), 0);
	KTEST_EXPECT_EQ(t, memcg_write_max(cg->memcg, "2M"), 0);
	if (run_in(t, cg, &cat1, cat_argv))
		goto out;
	KTEST_EXPECT(t, user_exited(&cat1, 0));
	file0 = memcg_stat_read(cg->memcg, MEMCG_FILE);
	KTEST_EXPECT_GT(t, file0, 150);
	if (run_in(t, cg, &hog, (const char *const[]){
			   "/bin/hog", "--pages", "420", NULL }))
		goto out;
	KTEST_EXPECT(t, user_exited(&hog, 0));
	KTEST_EXPECT_EQ_U(t, oom_kill_count() - kills0, 0);
	KTEST_EXPECT_EQ(t, memcg_event_read(cg->memcg, MEMCG_OOM_KILL, false),
			0);
	KTEST_EXPECT_GT(t, memcg_event_read(cg->memcg, MEMCG_MAX, false), 0);
	file1 = memcg_stat_read(cg->memcg, MEMCG_FILE);
	KTEST_EXPECT_LT(t, file1, file0);
	printk("# vmscan design=%s file_pages=%ld->%ld max_events=%ld\n",
	       memcg_design_name(d), file0, file1,
	       memcg_event_read(cg->memcg, MEMCG_MAX, false));

	if (run_in(t, cg, &cat2, cat_argv))
		goto out;
	KTEST_EXPECT(t, user_exited(&cat2, 0));
	KTEST_EXPECT_STREQ(t, cat2.out, cat1.out);
	snprintf(fnv, sizeof(fnv), "fnv=%016llx",
		 (unsigned long long)fnv_of(fst));
	KTEST_EXPECT(t, strstr(cat2.out, fnv) != NULL);
out:
	KTEST_EXPECT_EQ(t, cgroup_remove(cg), 0);
	cgroup_put(cg);
	KTEST_EXPECT_EQ_U(t, filemap_nr_pages(), cached0);
}

static void vmscan_reclaim_before_oom(struct ktest *t)
{
	enum memcg_design saved = memcg_get_design();

	for (int d = 0; d < MEMCG_NR_DESIGNS && !ktest_failed(t); d++)
		before_oom(t, d);
	memcg_set_design(saved);
}

/* Remove @cg (if made) and drop our reference: its cache goes too. */
static void remove_group(struct ktest *t, struct cgroup *cg)
{
	if (!cg)
		return;
	KTEST_EXPECT_EQ(t, cgroup_remove(cg), 0);
	cgroup_put(cg);
}

/*
 * Writing memory.high below the usage reclaims the clean pages down to
 * it and succeeds; nothing is killed. 4.19 (V419) reclaims once, 6.1
 * (MOD) loops: both get under here, where all of it is page cache.
 */
static void vmscan_high_write(struct ktest *t)
{
	static const enum memcg_design designs[] = { MEMCG_DESIGN_V419,
						     MEMCG_DESIGN_MOD };
	enum memcg_design saved = memcg_get_design();
	unsigned long kills0 = oom_kill_count();

	for (size_t i = 0; i < ARRAY_SIZE(designs) && !ktest_failed(t); i++) {
		struct cgroup *cg;
		long file0;

		memcg_set_design(designs[i]);
		KTEST_ASSERT_EQ(t, cgroup_create(&cgroup_root, "rclh", &cg), 0);
		if (!run_in(t, cg, &cat1, cat_argv)) {
			file0 = memcg_stat_read(cg->memcg, MEMCG_FILE);
			KTEST_EXPECT_GT(t, file0, 150);
			KTEST_EXPECT_EQ(t, memcg_write_high(cg->memcg, "256K"),
					0);
			KTEST_EXPECT_LE(t, memcg_current(cg->memcg), 64);
			KTEST_EXPECT_LT(t, memcg_stat_read(cg->memcg,
							   MEMCG_FILE),
					file0);
			KTEST_EXPECT_EQ(t, memcg_event_read(cg->memcg,
							    MEMCG_OOM, false),
					0);
		}
		remove_group(t, cg);
	}
	KTEST_EXPECT_EQ_U(t, oom_kill_count() - kills0, 0);
	memcg_set_design(saved);
}


/*
 * Reclaim is hierarchical (MOD; the walk is the same in every design):
 *
 *       rclp  (2 MiB: the limit the hog hits)
 *      /    \
 *    c1      c2
 *  catfile   hog 420 pages
 *
 * The hog's charges fail at rclp, whose reclaim takes c1's clean pages:
 * nobody is killed.
 */
static void vmscan_reclaim_subtree(struct ktest *t)
{
	enum memcg_design saved = memcg_get_design();
	unsigned long kills0 = oom_kill_count();
	struct cgroup *p, *c1 = NULL, *c2 = NULL;
	long file0;

	memcg_set_design(MEMCG_DESIGN_MOD);
	KTEST_ASSERT_EQ(t, cgroup_create(&cgroup_root, "rclp", &p), 0);
	KTEST_EXPECT_EQ(t, memcg_write_max(p->memcg, "2M"), 0);
	if (cgroup_create(p, "c1", &c1) || cgroup_create(p, "c2", &c2)) {
		KTEST_FAIL(t, "cgroup_create c1/c2");
		goto out;
	}
	if (run_in(t, c1, &cat1, cat_argv))
		goto out;
	file0 = memcg_stat_read(c1->memcg, MEMCG_FILE);
	KTEST_EXPECT_GT(t, file0, 150);
	if (run_in(t, c2, &hog, (const char *const[]){
			   "/bin/hog", "--pages", "420", NULL }))
		goto out;
	KTEST_EXPECT(t, user_exited(&hog, 0));
	KTEST_EXPECT_EQ_U(t, oom_kill_count() - kills0, 0);
	KTEST_EXPECT_GT(t, memcg_event_read(p->memcg, MEMCG_MAX, true), 0);
	KTEST_EXPECT_LT(t, memcg_stat_read(c1->memcg, MEMCG_FILE), file0);
out:
	remove_group(t, c1);
	remove_group(t, c2);
	remove_group(t, p);
	memcg_set_design(saved);
}

KTEST_SUITE(vmscan,
	    KTEST_CASE(vmscan_cache_and_reclaim),
	    KTEST_CASE(vmscan_drop_caches_file),
	    KTEST_CASE(vmscan_reclaim_before_oom),
	    KTEST_CASE(vmscan_reclaim_subtree),
	    KTEST_CASE(vmscan_high_write));
