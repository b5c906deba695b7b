// SPDX-License-Identifier: MIT
/*
 * memory.min and memory.low in reclaim, in the layout of Linux 6.1's
 * selftest test_memcg_min/test_memcg_low scaled down from its "50M" to
 * U, the size of one glibc program's page cache (about 212 pages):
 *
 *   A       memory.max 4U ("200M")
 *   A/B     min (or low) 1U
 *   A/B/C   2U * 3/4 ("75M"), 1U of page cache (catfile of a program)
 *   A/B/D   U / 2 ("25M"),   1U of page cache (another program)
 *   A/B/E   0,               1U of page cache (a third)
 *   A/B/F   10U ("500M"),    nothing
 *   A/G     the hog
 *
 * Reclaim of A takes what is not protected: B keeps ~1U (within 3%:
 * the selftest's tolerance), shared between C and D as the effective
 * protection divides B's among claims that overcommit it: C ~29/50 U,
 * D ~21/50 U (within 10%), E and F nothing. Asking for more next ("a
 * hog of 170M"): with min the reclaim fails (-EAGAIN) and B keeps its
 * 1U; with low it goes on below the protection, B ends at ~30/50 U,
 * and C and D count low events (E and F none). Then, with min, a hog of 4U in G
 * cannot fit: the charge path's reclaim spares B too, and the OOM
 * killer kills the hog.
 *
 * The selftest's pressure is a 148M hog in G. Here it is memory.reclaim
 * of A in steps of 32 pages, the same walk of A's subtree: a hog's own
 * cost (its page tables, stack, and up to 64 pages of charge stock per
 * CPU) is a fraction of a percent of 200M but half a U at this scale,
 * too much to aim a hog at B's figure. A step frees at least a batch
 * (32 pages) from each memcg it reclaims (Linux's shrink_lruvec() stops
 * a memcg's share there): when nothing unprotected is left, a
 * memory.low step takes a batch from each of C and D, so B may end up
 * to two batches below its figure (with min it cannot; its last step
 * may find less than a batch left and be -EAGAIN).
 *
 *   protection_min  the layout with memory.min
 *   protection_low  the layout with memory.low
 */
#include "fs/cgroupfs.h"
#include "fs/rootfs.h"
#include "kernel/cgroup.h"
#include "kernel/initramfs.h"
#include "lib/errno.h"
#include "lib/format.h"
#include "mm/memcg.h"
#include "mm/memcg_design.h"
#include "mm/oom.h"
#include "mm/vmscan.h"
#include "tests/fs/fs_test_util.h"
#include "tests/kernel/user_run.h"

static const char *const leaf_files[] = {
	"/bin/bystander-glibc", "/bin/gthreads-glibc", "/bin/hog-glibc",
};

enum { GRP_A, GRP_B, GRP_G, GRP_C, GRP_D, GRP_E, GRP_F, NR_GRPS };

static const char *const grp_names[NR_GRPS] = {
	"pa", "pa/pb", "pa/pg", "pa/pb/c", "pa/pb/d", "pa/pb/e", "pa/pb/f",
};

struct layout {
	struct cgroup *cg[NR_GRPS];
	long unit;			/* U, pages */
};

static struct user_run run;

/*
 * The U of the layout: the mean size in pages of the @n files @files.
 * Return: U; 0 when one is missing from the initramfs (@t has failed).
 */
static long unit_pages(struct ktest *t, const char *const *files, size_t n)
{
	long sum = 0;

	for (size_t i = 0; i < n; i++) {
		const struct initramfs_file *f = user_program(t, files[i]);

		if (!f)
			return 0;
		sum += (long)ALIGN_UP(f->size, PAGE_SIZE) / (long)PAGE_SIZE;
	}
	return sum / (long)n;
}

/*
 * Cache the programs the groups run in the root's name, read by this
 * kernel thread: their pages then charge no group.
 */
static void cache_programs(void)
{
	static const char *const progs[] = { "/bin/catfile", "/bin/hog" };
	static char buf[4096];

	for (size_t i = 0; i < ARRAY_SIZE(progs); i++) {
		int err;
		struct file *f = ft_open(progs[i], O_RDONLY, &err);

		for (loff_t off = 0;
		     f && ft_pread(f, buf, sizeof(buf), off) > 0;
		     off += sizeof(buf))
			;
		if (f)
			fput(f);
	}
}

static bool run_in(struct ktest *t, struct cgroup *cg,
		   const char *const *argv)
{
	bool spawned;

	cgroup_attach_kthread(current, cg);
	spawned = !user_run_argv(t, &run, KTEST_WAIT_MS, argv);
	cgroup_attach_kthread(current, &cgroup_root);
	return spawned;
}

/* Run a hog of @pages in G. Return: whether it exited with 0. */
static bool hog_in_g(struct ktest *t, struct layout *l, long pages)
{
	char n[24];

	snprintf(n, sizeof(n), "%ld", pages);
	return run_in(t, l->cg[GRP_G], (const char *const[]){
			      "/bin/hog", "--pages", n, NULL }) &&
	       user_exited(&run, 0);
}

static int write_file(const char *name, const char *file, const char *value)
{
	char path[96];
	long r;

	snprintf(path, sizeof(path), "%s/%s/%s", CGROUPFS_MOUNT, name, file);
	r = ft_put(path, value);
	return r < 0 ? (int)r : 0;
}

static int write_pages(const char *name, const char *file, long pages)
{
	char v[24];

	snprintf(v, sizeof(v), "%ld", pages * (long)PAGE_SIZE);
	return write_file(name, file, v);
}

/* Make the groups, fill C, D and E. Return: 0, or fails @t. */
static int layout_build(struct ktest *t, struct layout *l, const char *attr)
{
	const long prot[] = { l->unit * 3 / 2, l->unit / 2, 0,
			      10 * l->unit };
	char path[96];

	for (int i = 0; i < NR_GRPS; i++) {
		snprintf(path, sizeof(path), "%s/%s", CGROUPFS_MOUNT,
			 grp_names[i]);
		if (!KTEST_EXPECT_EQ(t, vfs_mkdir(vfs_root(), path, 0755), 0))
			return -EINVAL;
		snprintf(path, sizeof(path), "/%s", grp_names[i]);
		l->cg[i] = cgroup_lookup(path);
		/* A and B hand the memory controller down, as in the test. */
		if (i <= GRP_B)
			KTEST_EXPECT_EQ(t, write_file(grp_names[i],
						      "cgroup.subtree_control",
						      "+memory"), 0);
	}
	for (int i = 0; i < 3; i++) {
		if (!run_in(t, l->cg[GRP_C + i], (const char *const[]){
				    "/bin/catfile", leaf_files[i], NULL }) ||
		    !KTEST_EXPECT(t, user_exited(&run, 0)))
			return -EINVAL;
	}
	/*
	 * The charge stocks of catfile's runs give their pages back (a
	 * stock is at most a batch per CPU, a third of U), and A gets its
	 * limit once everything fits under it (3U and no process).
	 */
	memcg_drain_all_stock(l->cg[GRP_A]->memcg);
	if (!KTEST_EXPECT_EQ(t, write_pages(grp_names[GRP_A], "memory.max",
					    4 * l->unit), 0))
		return -EINVAL;
	KTEST_EXPECT_EQ(t, write_pages(grp_names[GRP_B], attr, l->unit), 0);
	for (int i = 0; i < 4; i++)
		KTEST_EXPECT_EQ(t, write_pages(grp_names[GRP_C + i], attr,
					       prot[i]), 0);
	return 0;
}

static void layout_destroy(struct ktest *t, struct layout *l)
{
	char path[96];

	for (int i = NR_GRPS - 1; i >= 0; i--) {
		if (!l->cg[i])
			continue;
		cgroup_put(l->cg[i]);
		snprintf(path, sizeof(path), "%s/%s", CGROUPFS_MOUNT,
			 grp_names[i]);
		KTEST_EXPECT_EQ(t, vfs_rmdir(vfs_root(), path), 0);
	}
}

/* The selftest's values_close(): within @pct% of the two's sum. */
static bool values_close(long a, long b, long pct)
{
	long d = a > b ? a - b : b - a;

	return d <= (a + b) / 100 * pct;
}

static long usage(struct layout *l, int grp)
{
	return memcg_current(l->cg[grp]->memcg);
}


/*
 * Reclaim A in steps of VMSCAN_BATCH pages until B is at @fifties/50 U
 * or a step fails. Return: the last step's result.
 */
static int squeeze(struct layout *l, long fifties)
{
	char step[24];
	int r = 0;

	snprintf(step, sizeof(step), "%lu", VMSCAN_BATCH * PAGE_SIZE);
	for (int i = 0; i < 1000 && usage(l, GRP_B) > l->unit * fifties / 50;
	     i++) {
		r = memcg_write_reclaim(l->cg[GRP_A]->memcg, step);
		if (r)
			break;
	}
	return r;
}

/* Is B's usage @fifties/50 U, within 3% or up to @slack pages under? */
static bool b_close(struct layout *l, long fifties, long slack)
{
	long want = l->unit * fifties / 50, got = usage(l, GRP_B);

	return values_close(got, want, 3) ||
	       (got <= want && got + slack >= want);
}

static void expect_events(struct ktest *t, struct layout *l, bool min)
{
	for (int i = 0; i < 4; i++) {
		struct memcg *m = l->cg[GRP_C + i]->memcg;
		long low = memcg_event_read(m, MEMCG_LOW, false);

		ktest_log(t, "%c: low events %ld, oom events %ld", 'C' + i,
			  low, memcg_event_read(m, MEMCG_OOM, false));
		KTEST_EXPECT_EQ(t, memcg_event_read(m, MEMCG_OOM, false), 0);
		/* E and F: nothing protected (a memcg with no usage is
		 * "below min" and skipped before the low check). */
		KTEST_EXPECT_EQ(t, low > 0, i < 2 && !min);
	}
}

static void protection_case(struct ktest *t, bool min)
{
	const char *attr = min ? "memory.min" : "memory.low";
	enum memcg_design saved = memcg_get_design();
	long slack = min ? 0 : 2 * (long)VMSCAN_BATCH;
	struct layout l = {
		.unit = unit_pages(t, leaf_files, ARRAY_SIZE(leaf_files)),
	};
	unsigned long kills0;
	long c[4];
	int r;

	if (!l.unit)
		return;
	memcg_set_design(MEMCG_DESIGN_MOD);
	vmscan_drop_caches();
	cache_programs();
	if (layout_build(t, &l, attr))
		goto out;
	KTEST_EXPECT(t, values_close(usage(&l, GRP_B), 3 * l.unit, 3));

	r = squeeze(&l, 50);
	for (int i = 0; i < 4; i++)
		c[i] = usage(&l, GRP_C + i);
	ktest_log(t, "%s U=%ld: B=%ld C=%ld D=%ld E=%ld F=%ld (%d)", attr,
		  l.unit, usage(&l, GRP_B), c[0], c[1], c[2], c[3], r);
	KTEST_EXPECT(t, r == 0 || (min && r == -EAGAIN));
	KTEST_EXPECT(t, b_close(&l, 50, slack));
	KTEST_EXPECT(t, values_close(c[0], l.unit * 29 / 50, 10));
	KTEST_EXPECT(t, values_close(c[1], l.unit * 21 / 50, 10));
	KTEST_EXPECT_LE(t, c[2], slack);
	KTEST_EXPECT_EQ(t, c[3], 0);

	r = squeeze(&l, 30);
	ktest_log(t, "%s to 30/50 U: B=%ld C=%ld D=%ld E=%ld (%d)", attr,
		  usage(&l, GRP_B), usage(&l, GRP_C), usage(&l, GRP_D),
		  usage(&l, GRP_E), r);
	KTEST_EXPECT_EQ(t, r, min ? -EAGAIN : 0);
	KTEST_EXPECT(t, b_close(&l, min ? 50 : 30, slack));
	expect_events(t, &l, min);
	if (!min)
		goto out;

	kills0 = oom_kill_count();
	KTEST_EXPECT(t, !hog_in_g(t, &l, 4 * l.unit));
	KTEST_EXPECT_EQ_U(t, oom_kill_count() - kills0, 1);
	KTEST_EXPECT(t, b_close(&l, 50, 0));
out:
	layout_destroy(t, &l);
	memcg_set_design(saved);
	vmscan_drop_caches();
}

static void memcg_protection_min(struct ktest *t)
{
	protection_case(t, true);
}

static void memcg_protection_low(struct ktest *t)
{
	protection_case(t, false);
}

/*
 * A boot whose initramfs lost its programs (the smallest-memory boot once
 * did): working out U must fail the case, on a scratch case here, and
 * not dereference the missing file (it once panicked the kernel). With
 * the files there, U is their mean size and nothing fails.
 */
static void memcg_protection_missing_program(struct ktest *t)
{
	static const char *const lost[] = { "/bin/hog", "/bin/no-such-prog" };
	struct ktest scratch = { .suite = t->suite, .name = "scratch" };

	KTEST_EXPECT_EQ(t, unit_pages(&scratch, lost, ARRAY_SIZE(lost)), 0);
	KTEST_EXPECT(t, ktest_failed(&scratch));
	scratch.failed = false;
	KTEST_EXPECT_GT(t, unit_pages(&scratch, leaf_files,
				      ARRAY_SIZE(leaf_files)), 0);
	KTEST_EXPECT(t, !ktest_failed(&scratch));
}

KTEST_SUITE(memcg_protection_layout,
	    KTEST_CASE(memcg_protection_min),
	    KTEST_CASE(memcg_protection_low),
	    KTEST_CASE(memcg_protection_missing_program));
