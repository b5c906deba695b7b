// SPDX-License-Identifier: MIT
/*
 * Global reclaim: the page allocator reclaims page cache before it
 * fails a request that may block, honouring memory.min.
 *
 *   alloc_reclaims  the root caches one program's pages (read by this
 *             kernel thread) and group "glb" (memory.min max) another's
 *             (catfile). Allocations that may not block (GFP_NOWAIT)
 *             take every free page down to the reserve; GFP_KERNEL
 *             allocations then still succeed, as many as the root's
 *             cache gave back, and glb keeps every cached page.
 *             Everything is freed at the end. Skipped above 512 MiB,
 *             where taking every page one by one is too slow.
 */
#include "fs/cgroupfs.h"
#include "kernel/cgroup.h"
#include "kernel/initramfs.h"
#include "lib/errno.h"
#include "lib/format.h"
#include "mm/filemap.h"
#include "mm/memcg.h"
#include "mm/page_alloc.h"
#include "mm/vmscan.h"
#include "tests/fs/fs_test_util.h"
#include "tests/kernel/user_run.h"

#define ROOT_FILE	"/bin/hog-glibc"
#define GROUP_FILE	"/bin/bystander-glibc"
#define GROUP		"glb"
/* Taking every free page one by one takes long under TCG past this. */
#define MAX_MANAGED_PAGES	(512UL << (20 - PAGE_SHIFT))

static struct user_run cat;

/* Pages taken, chained through their first word. */
struct taken {
	void *head;
	unsigned long nr;
};

/* Take pages with @gfp until one fails or @max are taken. */
static void take_pages(struct taken *tk, gfp_t gfp, unsigned long max)
{
	for (unsigned long i = 0; i < max; i++) {
		void **p = __get_free_page(gfp | __GFP_NOWARN);

		if (!p)
			return;
		*p = tk->head;
		tk->head = p;
		tk->nr++;
	}
}

static void give_back(struct taken *tk)
{
	while (tk->head) {
		void **p = tk->head;

		tk->head = *p;
		free_page(virt_to_page(p));
	}
	tk->nr = 0;
}

static long read_file(const char *path)
{
	static char buf[4096];
	long pages = 0;
	int err;
	struct file *f = ft_open(path, O_RDONLY, &err);

	for (loff_t off = 0; f && ft_pread(f, buf, sizeof(buf), off) > 0;
	     off += sizeof(buf))
		pages++;
	if (f)
		fput(f);
	return pages;
}

static void vmscan_global_alloc_reclaims(struct ktest *t)
{
	struct taken nowait = { 0 }, kernel = { 0 };
	struct cgroup *cg;
	long group_file, root_pages;
	char path[64];

	if (nr_managed_pages() > MAX_MANAGED_PAGES)
		KTEST_SKIP(t, "takes every free page: machines up to 512 MiB");
	vmscan_drop_caches();
	read_file("/bin/catfile");
	snprintf(path, sizeof(path), "%s/%s", CGROUPFS_MOUNT, GROUP);
	KTEST_ASSERT_EQ(t, vfs_mkdir(vfs_root(), path, 0755), 0);
	cg = cgroup_lookup("/" GROUP);
	KTEST_EXPECT_EQ(t, memcg_write_min(cg->memcg, "max"), 0);
	cgroup_attach_kthread(current, cg);
	user_run_argv(t, &cat, KTEST_WAIT_MS, (const char *const[]){
			      "/bin/catfile", GROUP_FILE, NULL });
	cgroup_attach_kthread(current, &cgroup_root);
	KTEST_EXPECT(t, user_exited(&cat, 0));
	memcg_drain_all_stock(cg->memcg);
	group_file = memcg_stat_read(cg->memcg, MEMCG_FILE);
	KTEST_EXPECT_GT(t, group_file, 150);
	root_pages = read_file(ROOT_FILE);

	take_pages(&nowait, GFP_NOWAIT, nr_managed_pages());
	take_pages(&kernel, GFP_KERNEL, (unsigned long)root_pages);
	ktest_log(t, "%lu pages taken without reclaim, then %lu of %ld "
		  "with it; %s kept %ld of %ld cached pages", nowait.nr,
		  kernel.nr, root_pages, GROUP,
		  memcg_stat_read(cg->memcg, MEMCG_FILE), group_file);
	KTEST_EXPECT_GE_U(t, kernel.nr, (unsigned long)root_pages / 2);
	KTEST_EXPECT_EQ(t, memcg_stat_read(cg->memcg, MEMCG_FILE),
			group_file);
	give_back(&kernel);
	give_back(&nowait);

	cgroup_put(cg);
	KTEST_EXPECT_EQ(t, vfs_rmdir(vfs_root(), path), 0);
	vmscan_drop_caches();
}

KTEST_SUITE(vmscan_global, KTEST_CASE(vmscan_global_alloc_reclaims));
