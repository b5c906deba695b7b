// SPDX-License-Identifier: MIT
/*
 * cgroup2 at /sys/fs/cgroup, driven through the VFS as a user would:
 *
 *   /sys/fs/cgroup            root: cgroup.procs, .controllers,
 *   |                         .subtree_control ("memory"), memory.stat;
 *   |                         no memory.max, no cgroup.events (Linux)
 *   +-- cgfs_t                memory.* files (the root passes "memory")
 *       +-- cgfs_t/u          memory.* only after +memory in cgfs_t
 *
 * Expected: every file's text exactly as Linux 6.1 prints it; every bad
 * write gets Linux's errno and leaves the value as it was; mkdir/rmdir
 * errnos; moving a process through cgroup.procs shows in
 * /proc/<pid>/cgroup, cgroup.procs and cgroup.events (populated counts
 * descendants); the "no internal process" rule (-EBUSY); a file of a
 * removed group answers -ENODEV; the design switch file.
 */
#include "fs/cgroupfs.h"
#include "fs/oomlabfs.h"
#include "kernel/cgroup.h"
#include "kernel/ktest.h"
#include "lib/format.h"
#include "mm/memcg.h"
#include "mm/memcg_design.h"
#include "tests/fs/fs_test_util.h"
#include "tests/kernel/user_run.h"

#define T	CGROUPFS_MOUNT "/cgfs_t"

static struct user_run run;

/* The text of @dir/@file (a path under the cgroup mount), or "" and the
 * errno as text ("-2"). */
static const char *cg_read(const char *file, char *buf, size_t size)
{
	char path[160];
	long n;

	snprintf(path, sizeof(path), "%s/%s", CGROUPFS_MOUNT, file);
	n = ft_slurp(path, buf, size);
	if (n < 0)
		snprintf(buf, size, "%ld", n);
	return buf;
}

static long cg_write(const char *file, const char *text)
{
	char path[160];

	snprintf(path, sizeof(path), "%s/%s", CGROUPFS_MOUNT, file);
	return ft_put(path, text);
}

/* An empty group cgfs_t, gone again at cgfs_cleanup(). */
static bool cgfs_setup(struct ktest *t)
{
	return KTEST_EXPECT_EQ(t, vfs_mkdir(vfs_root(), T, 0755), 0);
}

static void cgfs_cleanup(struct ktest *t)
{
	vfs_rmdir(vfs_root(), T "/u");
	KTEST_EXPECT_EQ(t, vfs_rmdir(vfs_root(), T), 0);
}

static struct memcg *memcg_at(const char *path)
{
	struct cgroup *cg = cgroup_lookup(path);
	struct memcg *m = cg ? cg->memcg : NULL;

	cgroup_put(cg);		/* the tree keeps it while the case runs */
	return m;
}

static void cgroupfs_root_files(struct ktest *t)
{
	char buf[512];

	KTEST_EXPECT_STREQ(t, cg_read("cgroup.controllers", buf, 64),
			   "cpu memory pids\n");
	KTEST_EXPECT_STREQ(t, cg_read("cgroup.subtree_control", buf, 64),
			   "memory pids\n");
	KTEST_EXPECT_EQ(t, strncmp(cg_read("memory.stat", buf, sizeof(buf)),
				   "anon ", 5), 0);
	KTEST_EXPECT_STREQ(t, cg_read("oomlab.memory.oom_control", buf, 64),
			   "oom_kill_disable 0\nunder_oom 0\noom_kill 0\n");
	/* Linux's root has none of these. */
	KTEST_EXPECT_STREQ(t, cg_read("memory.max", buf, 64), "-2");
	KTEST_EXPECT_STREQ(t, cg_read("memory.current", buf, 64), "-2");
	KTEST_EXPECT_STREQ(t, cg_read("cgroup.events", buf, 64), "-2");
	KTEST_EXPECT_STREQ(t, cg_read("memory.events", buf, 64), "-2");
	KTEST_EXPECT_EQ(t, cg_write("oomlab.memory.oom_control", "1"),
			-EINVAL);
}

/* The first online child of the root memcg made before this case, in
 * @name (a group of memcg.max=). */
static bool first_top_group(char *name, size_t size)
{
	struct memcg *m;
	bool found = false;

	spin_lock(&memcg_tree_lock);
	list_for_each_entry(m, &memcg_list, node) {
		if (m->parent != &root_memcg ||
		    __atomic_load_n(&m->cgroup->removed, __ATOMIC_RELAXED))
			continue;
		strlcpy(name, m->cgroup->name, size);
		found = true;
		break;
	}
	spin_unlock(&memcg_tree_lock);
	return found;
}

/*
 * Groups made on the command line (memcg.max=/a:64M) before the mount
 * have their directories from boot: a listing shows them without a
 * lookup by name first. Run with memcg.max= to have one.
 */
static void cgroupfs_boot_groups(struct ktest *t)
{
	char name[CGROUP_NAME_LEN];
	struct dentry *root, *d;

	if (!first_top_group(name, sizeof(name)))
		KTEST_SKIP(t, "no group made before boot (memcg.max=)");
	KTEST_ASSERT_EQ(t, vfs_lookup(vfs_root(), CGROUPFS_MOUNT, &root), 0);
	vfs_namespace_lock();
	d = d_find_child(root, name);
	vfs_namespace_unlock();
	KTEST_EXPECT_NOT_NULL(t, d);
	dput(d);
	dput(root);
}

static void cgroupfs_mkdir_rmdir(struct ktest *t)
{
	struct cgroup *cg;

	KTEST_ASSERT(t, cgfs_setup(t));
	cg = cgroup_lookup("/cgfs_t");
	KTEST_EXPECT_NOT_NULL(t, cg);
	cgroup_put(cg);
	KTEST_EXPECT_EQ(t, vfs_mkdir(vfs_root(), T, 0755), -EEXIST);
	KTEST_EXPECT_EQ(t, vfs_mkdir(vfs_root(), T "/cgroup.procs", 0755),
			-EEXIST);
	KTEST_EXPECT_EQ(t, vfs_mkdir(vfs_root(), T "/a\nb", 0755), -EINVAL);
	KTEST_EXPECT_EQ(t, vfs_mkdir(vfs_root(), T "/u", 0755), 0);
	/* Linux's cgroup_rmdir(): children make a group busy. */
	KTEST_EXPECT_EQ(t, vfs_rmdir(vfs_root(), T), -EBUSY);
	KTEST_EXPECT_EQ(t, vfs_unlink(vfs_root(), T "/cgroup.procs"),
			-EPERM);
	KTEST_EXPECT_EQ(t, vfs_rmdir(vfs_root(), T "/u"), 0);
	KTEST_EXPECT_EQ(t, vfs_rmdir(vfs_root(), T "/u"), -ENOENT);
	KTEST_EXPECT_EQ(t, vfs_rmdir(vfs_root(), T), 0);
	KTEST_EXPECT_EQ(t, vfs_rmdir(vfs_root(), T), -ENOENT);
	KTEST_EXPECT_NULL(t, cgroup_lookup("/cgfs_t"));
	KTEST_EXPECT_EQ(t, vfs_rmdir(vfs_root(), CGROUPFS_MOUNT), -EBUSY);
}

static void cgroupfs_memory_formats(struct ktest *t)
{
	char buf[512], want[64];
	struct memcg *m;

	KTEST_ASSERT(t, cgfs_setup(t));
	m = memcg_at("/cgfs_t");
	KTEST_ASSERT_NOT_NULL(t, m);
	KTEST_EXPECT_STREQ(t, cg_read("cgfs_t/memory.max", buf, 64), "max\n");
	KTEST_EXPECT_EQ(t, cg_write("cgfs_t/memory.max", "64M"), 3);
	KTEST_EXPECT_STREQ(t, cg_read("cgfs_t/memory.max", buf, 64),
			   "67108864\n");
	KTEST_EXPECT_STREQ(t, cg_read("cgfs_t/memory.high", buf, 64), "max\n");
	KTEST_EXPECT_STREQ(t, cg_read("cgfs_t/memory.swap.max", buf, 64),
			   "max\n");
	KTEST_EXPECT_STREQ(t, cg_read("cgfs_t/memory.swap.current", buf, 64),
			   "0\n");
	KTEST_EXPECT_STREQ(t, cg_read("cgfs_t/memory.oom.group", buf, 64),
			   "0\n");
	KTEST_EXPECT_STREQ(t, cg_read("cgfs_t/cgroup.events", buf, 64),
			   "populated 0\nfrozen 0\n");
	KTEST_EXPECT_STREQ(t, cg_read("cgfs_t/cgroup.controllers", buf, 64),
			   "memory pids\n");
	KTEST_EXPECT_STREQ(t, cg_read("cgfs_t/cgroup.subtree_control", buf,
				      64), "\n");
	KTEST_EXPECT_STREQ(t, cg_read("cgfs_t/cgroup.procs", buf, 64), "");

	/* Usage in bytes; the peak stays after the uncharge. */
	KTEST_ASSERT_EQ(t, memcg_charge_kernel(m, GFP_KERNEL, 3), 0);
	snprintf(want, sizeof(want), "%lu\n", memcg_current(m) * PAGE_SIZE);
	KTEST_EXPECT_STREQ(t, cg_read("cgfs_t/memory.current", buf, 64),
			   want);
	KTEST_EXPECT_GE(t, memcg_current(m), 3);
	memcg_uncharge_kernel(m, 3);
	snprintf(want, sizeof(want), "%lu\n",
		 page_counter_watermark(&m->memory) * PAGE_SIZE);
	KTEST_EXPECT_STREQ(t, cg_read("cgfs_t/memory.peak", buf, 64), want);
	KTEST_EXPECT_GE(t, page_counter_watermark(&m->memory), 3);

	for (int i = 0; i < 3; i++)
		memcg_memory_event(m, MEMCG_MAX);
	memcg_memory_event(m, MEMCG_OOM);
	memcg_memory_event(m, MEMCG_OOM_KILL);
	KTEST_EXPECT_STREQ(t, cg_read("cgfs_t/memory.events", buf, 256),
			   "low 0\nhigh 0\nmax 3\noom 1\noom_kill 1\n"
			   "oom_group_kill 0\n");
	KTEST_EXPECT_STREQ(t, cg_read("cgfs_t/memory.events.local", buf, 256),
			   "low 0\nhigh 0\nmax 3\noom 1\noom_kill 1\n"
			   "oom_group_kill 0\n");
	KTEST_EXPECT_STREQ(t, cg_read("cgfs_t/oomlab.memory.oom_control", buf,
				      128),
			   "oom_kill_disable 0\nunder_oom 0\noom_kill 1\n");
	KTEST_EXPECT_STREQ(t, cg_read("cgfs_t/memory.stat", buf, 512),
			   "anon 0\nfile 0\nkernel 0\npagetables 0\nsock 0\n"
			   "file_mapped 0\nfile_dirty 0\nfile_writeback 0\n"
			   "inactive_anon 0\nactive_anon 0\n"
			   "inactive_file 0\nactive_file 0\n"
			   "pgscan 0\npgsteal 0\npgrefill 0\npgactivate 0\n"
			   "pgdeactivate 0\n");
	cgfs_cleanup(t);
}

/* One write and what Linux 6.1 answers: the result, then the file. */
struct bad_write {
	const char *file, *input;
	long result;		/* 0: success (the bytes written) */
	const char *after;	/* the file's text after it */
};

static const struct bad_write bad_writes[] = {
	{ "memory.max", "abc", -EINVAL, "67108864\n" },
	{ "memory.max", "-1", -EINVAL, "67108864\n" },
	{ "memory.max", "64Mx", -EINVAL, "67108864\n" },
	{ "memory.max", "1.5G", -EINVAL, "67108864\n" },
	{ "memory.max", "  64M  ", 0, "67108864\n" },
	{ "memory.max", "max\n", 0, "max\n" },
	/* memparse() wraps silently; an empty write is 0 bytes. */
	{ "memory.max", "99999999999999999999", 0, "7766279631452237824\n" },
	{ "memory.max", "", 0, "0\n" },
	{ "memory.high", "abc", -EINVAL, "max\n" },
	{ "memory.high", "-1", -EINVAL, "max\n" },
	{ "memory.high", " 4096\n", 0, "4096\n" },
	{ "memory.swap.max", "abc", -EINVAL, "max\n" },
	{ "memory.swap.max", "0", 0, "0\n" },
	{ "memory.oom.group", "abc", -EINVAL, "0\n" },
	{ "memory.oom.group", "-1", -EINVAL, "0\n" },
	{ "memory.oom.group", "2", -EINVAL, "0\n" },
	{ "memory.oom.group", "99999999999999999999", -ERANGE, "0\n" },
	{ "memory.oom.group", "max\n", -EINVAL, "0\n" },
	{ "memory.oom.group", "", -EINVAL, "0\n" },
	{ "memory.oom.group", "  1  ", 0, "1\n" },
	{ "oomlab.memory.oom_control", "abc", -EINVAL, NULL },
	{ "oomlab.memory.oom_control", "-1", -EINVAL, NULL },
	{ "oomlab.memory.oom_control", "2", -EINVAL, NULL },
	{ "oomlab.memory.oom_control", "99999999999999999999", -ERANGE,
	  NULL },
	{ "oomlab.memory.oom_control", " 1", -EINVAL, NULL },
	{ "oomlab.memory.oom_control", "", -EINVAL, NULL },
	{ "oomlab.memory.oom_control", "1\n", 0,
	  "oom_kill_disable 1\nunder_oom 0\noom_kill 0\n" },
	{ "oomlab.memory.oom_control", "0", 0,
	  "oom_kill_disable 0\nunder_oom 0\noom_kill 0\n" },
	{ "cgroup.procs", "abc", -EINVAL, "" },
	{ "cgroup.procs", "-1", -EINVAL, "" },
	{ "cgroup.procs", "99999999999999999999", -EINVAL, "" },
	{ "cgroup.procs", "max\n", -EINVAL, "" },
	{ "cgroup.procs", "", -EINVAL, "" },
	{ "cgroup.procs", "2147483647", -ESRCH, "" },
	{ "cgroup.subtree_control", "abc", -EINVAL, "\n" },
	{ "cgroup.subtree_control", "memory", -EINVAL, "\n" },
	{ "cgroup.subtree_control", "+nosuch", -EINVAL, "\n" },
	{ "cgroup.subtree_control", "+cpu", -ENOENT, "\n" },	/* not passed */
	{ "cgroup.subtree_control", "+memory\t-memory", -EINVAL, "\n" },
	{ "cgroup.subtree_control", "", 0, "\n" },
	{ "cgroup.subtree_control", " +memory\n", 0, "memory\n" },
	{ "cgroup.subtree_control", "+memory -memory", 0, "\n" },
	{ "cgroup.subtree_control", "-memory", 0, "\n" },
};

static void cgroupfs_bad_input(struct ktest *t)
{
	char file[64], buf[256];

	KTEST_ASSERT(t, cgfs_setup(t));
	KTEST_ASSERT_EQ(t, cg_write("cgfs_t/memory.max", "64M"), 3);
	for (size_t i = 0; i < ARRAY_SIZE(bad_writes); i++) {
		const struct bad_write *w = &bad_writes[i];
		long want = w->result ? w->result : (long)strlen(w->input);
		long got;

		snprintf(file, sizeof(file), "cgfs_t/%s", w->file);
		got = cg_write(file, w->input);
		ktest_log(t, "%-26s %-24.24s -> %ld (Linux %ld)\n", w->file,
			  w->input, got, want);
		KTEST_EXPECT_EQ(t, got, want);
		if (w->after)
			KTEST_EXPECT_STREQ(t, cg_read(file, buf, sizeof(buf)),
					   w->after);
	}
	cgfs_cleanup(t);
}

static bool start_bystander(struct ktest *t)
{
	static const char *const argv[] = { "/bin/bystander", "--rounds",
					    "0", "--sleep-ms", "100000",
					    NULL };

	if (user_start(t, &run, argv))
		return false;
	return user_wait_state(&run, USER_SLEEP_STATE, 10000);
}

static const char *proc_cgroup(char *buf, size_t size)
{
	char path[48];

	snprintf(path, sizeof(path), "/proc/%d/cgroup", run.pid);
	if (ft_slurp(path, buf, size) < 0)
		buf[0] = 0;
	return buf;
}

static void cgroupfs_procs_move(struct ktest *t)
{
	char pid[16], buf[128];

	KTEST_ASSERT(t, cgfs_setup(t));
	KTEST_ASSERT_EQ(t, vfs_mkdir(vfs_root(), T "/u", 0755), 0);
	if (!start_bystander(t))
		goto out_kill;
	snprintf(pid, sizeof(pid), "%d\n", run.pid);
	KTEST_EXPECT_STREQ(t, proc_cgroup(buf, sizeof(buf)), "0::/\n");
	KTEST_EXPECT_NOT_NULL(t, strstr(cg_read("cgroup.procs", buf,
						sizeof(buf)), pid));

	KTEST_EXPECT_EQ(t, cg_write("cgfs_t/cgroup.procs", pid),
			(long)strlen(pid));
	KTEST_EXPECT_STREQ(t, proc_cgroup(buf, sizeof(buf)), "0::/cgfs_t\n");
	KTEST_EXPECT_STREQ(t, cg_read("cgfs_t/cgroup.procs", buf, 64), pid);
	KTEST_EXPECT_NULL(t, strstr(cg_read("cgroup.procs", buf,
					    sizeof(buf)), pid));
	KTEST_EXPECT_STREQ(t, cg_read("cgfs_t/cgroup.events", buf, 64),
			   "populated 1\nfrozen 0\n");
	KTEST_EXPECT_EQ(t, vfs_rmdir(vfs_root(), T), -EBUSY);
	/* No internal process: controllers for the children of a group
	 * with processes, or processes into a group passing one on. */
	KTEST_EXPECT_EQ(t, cg_write("cgfs_t/cgroup.subtree_control",
				    "+memory"), -EBUSY);
	KTEST_EXPECT_STREQ(t, cg_read("cgfs_t/u/memory.max", buf, 64), "-2");

	KTEST_EXPECT_EQ(t, cg_write("cgfs_t/u/cgroup.procs", pid),
			(long)strlen(pid));
	KTEST_EXPECT_STREQ(t, proc_cgroup(buf, sizeof(buf)),
			   "0::/cgfs_t/u\n");
	KTEST_EXPECT_STREQ(t, cg_read("cgfs_t/cgroup.procs", buf, 64), "");
	/* populated counts the descendants. */
	KTEST_EXPECT_STREQ(t, cg_read("cgfs_t/cgroup.events", buf, 64),
			   "populated 1\nfrozen 0\n");
	KTEST_EXPECT_EQ(t, cg_write("cgfs_t/cgroup.subtree_control",
				    "+memory"), 7);
	KTEST_EXPECT_STREQ(t, cg_read("cgfs_t/u/memory.max", buf, 64),
			   "max\n");
	KTEST_EXPECT_STREQ(t, cg_read("cgfs_t/u/cgroup.controllers", buf, 64),
			   "memory\n");
	KTEST_EXPECT_EQ(t, cg_write("cgfs_t/cgroup.procs", pid), -EBUSY);
	KTEST_EXPECT_EQ(t, cg_write("cgfs_t/u/cgroup.subtree_control",
				    "+memory"), -EBUSY);
	KTEST_EXPECT_EQ(t, vfs_rmdir(vfs_root(), T "/u"), -EBUSY);

	KTEST_EXPECT_EQ(t, cg_write("cgroup.procs", pid), (long)strlen(pid));
	KTEST_EXPECT_STREQ(t, proc_cgroup(buf, sizeof(buf)), "0::/\n");
	KTEST_EXPECT_STREQ(t, cg_read("cgfs_t/cgroup.events", buf, 64),
			   "populated 0\nfrozen 0\n");
	/* A child with the controller on keeps its parent's. */
	KTEST_EXPECT_EQ(t, cg_write("cgfs_t/u/cgroup.subtree_control",
				    "+memory"), 7);
	KTEST_EXPECT_EQ(t, cg_write("cgfs_t/cgroup.subtree_control",
				    "-memory"), -EBUSY);
	KTEST_EXPECT_EQ(t, cg_write("cgfs_t/u/cgroup.subtree_control",
				    "-memory"), 7);
	KTEST_EXPECT_EQ(t, cg_write("cgfs_t/cgroup.subtree_control",
				    "-memory"), 7);
	KTEST_EXPECT_STREQ(t, cg_read("cgfs_t/u/memory.max", buf, 64), "-2");
	KTEST_EXPECT_EQ(t, cg_write("cgfs_t/u/cgroup.subtree_control",
				    "+memory"), -ENOENT);
out_kill:
	process_kill_pid(run.pid, SIGKILL);
	user_wait(t, &run, 10000);
	cgfs_cleanup(t);
}

static void cgroupfs_removed_group(struct ktest *t)
{
	struct cgroup *cg;
	struct file *f;
	int err;

	KTEST_ASSERT(t, cgfs_setup(t));
	f = ft_open(T "/memory.max", O_WRONLY, &err);
	KTEST_ASSERT_NOT_NULL(t, f);
	KTEST_EXPECT_EQ(t, vfs_rmdir(vfs_root(), T), 0);
	KTEST_EXPECT_EQ(t, ft_write(f, "1M", 2), -ENODEV);
	fput(f);

	/* A group the kernel makes appears by name; removed by the
	 * kernel, its files answer -ENODEV until rmdir. */
	KTEST_ASSERT_EQ(t, cgroup_create(&cgroup_root, "cgfs_k", &cg), 0);
	KTEST_EXPECT_EQ(t, cg_write("cgfs_k/memory.max", "1M"), 2);
	KTEST_EXPECT_EQ(t, page_counter_max(&cg->memcg->memory), 256);
	KTEST_EXPECT_EQ(t, cgroup_remove(cg), 0);
	cgroup_put(cg);
	KTEST_EXPECT_EQ(t, cg_write("cgfs_k/memory.max", "2M"), -ENODEV);
	KTEST_EXPECT_EQ(t, vfs_rmdir(vfs_root(), CGROUPFS_MOUNT "/cgfs_k"),
			0);
}

static void oomlabfs_memcg_design(struct ktest *t)
{
	static const char *const file = OOMLABFS_MOUNT "/memcg_design";
	enum memcg_design was = memcg_get_design();
	char buf[128], want[128] = "";

	for (int i = 0; i < MEMCG_NR_DESIGNS; i++)
		snprintf(want + strlen(want), sizeof(want) - strlen(want),
			 i == (int)was ? "%s[%s]" : "%s%s", i ? " " : "",
			 memcg_design_names[i]);
	strlcpy(want + strlen(want), "\n", sizeof(want) - strlen(want));
	KTEST_EXPECT_GT(t, ft_slurp(file, buf, sizeof(buf)), 0);
	KTEST_EXPECT_STREQ(t, buf, want);
	KTEST_EXPECT_EQ(t, ft_put(file, "v419\n"), 5);
	KTEST_EXPECT_EQ(t, memcg_get_design(), MEMCG_DESIGN_V419);
	KTEST_EXPECT_GT(t, ft_slurp(file, buf, sizeof(buf)), 0);
	KTEST_EXPECT_STREQ(t, buf, "pre v419rfc [v419] v419plus mod\n");
	KTEST_EXPECT_EQ(t, ft_put(file, "v41"), -EINVAL);
	KTEST_EXPECT_EQ(t, ft_put(file, "bogus"), -EINVAL);
	KTEST_EXPECT_EQ(t, ft_put(file, ""), -EINVAL);
	KTEST_EXPECT_EQ(t, memcg_get_design(), MEMCG_DESIGN_V419);
	KTEST_EXPECT_EQ(t, ft_put(file, " pre "), 5);
	KTEST_EXPECT_EQ(t, memcg_get_design(), MEMCG_DESIGN_PRE);
	memcg_set_design(was);
}

static void cgroupfs_cgctl(struct ktest *t)
{
	KTEST_ASSERT_EQ(t, user_run_checks(t, &run, 10000, "/bin/cgctl",
					   "cgctl: result", 50), 0);
	KTEST_EXPECT_NULL(t, cgroup_lookup("/cgctl"));
	if (ktest_failed(t))
		ktest_log(t, "output:\n%s", run.out);
}

KTEST_SUITE(cgroupfs,
	    KTEST_CASE(cgroupfs_root_files),
	    KTEST_CASE(cgroupfs_boot_groups),
	    KTEST_CASE(cgroupfs_mkdir_rmdir),
	    KTEST_CASE(cgroupfs_memory_formats),
	    KTEST_CASE(cgroupfs_bad_input),
	    KTEST_CASE(cgroupfs_procs_move),
	    KTEST_CASE(cgroupfs_removed_group),
	    KTEST_CASE(oomlabfs_memcg_design),
	    KTEST_CASE(cgroupfs_cgctl));
