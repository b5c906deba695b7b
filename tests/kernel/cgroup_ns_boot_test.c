// SPDX-License-Identifier: MIT
/*
 * Cgroup namespaces (kernel/cgroup_ns.h):
 *
 *   cgroup_ns_paths   the path of a group as a namespace sees it, on a
 *                     tree built for the test (no group is made):
 *
 *                         /          root
 *                         `- a
 *                            |- b     the namespace's root
 *                            |  `- d
 *                            `- c
 *
 *                     b is "/", d "/d", c "/../c", a "/..", the root
 *                     "/../.."; a buffer one byte short is -ENAMETOOLONG
 *   cgroup_ns_user    /bin/cgnstest --oomlab: unshare, clone and setns of
 *                     cgroup namespaces, /proc/self/ns/cgroup and
 *                     /proc/self/cgroup from user space, all checks
 *                     passed and its groups removed
 */
#include "kernel/cgroup.h"
#include "kernel/cgroup_ns.h"
#include "kernel/ktest.h"
#include "lib/string.h"
#include "tests/kernel/user_run.h"

static struct user_run run;

/* Expect @cg's path from @ns to be @want. */
static void expect_path(struct ktest *t, const struct cgroup_ns *ns,
			const struct cgroup *cg, const char *want)
{
	char buf[32];
	int n = cgroup_ns_path(ns, cg, buf, sizeof(buf));

	KTEST_EXPECT_EQ(t, n, (int)strlen(want));
	if (n >= 0 && strcmp(buf, want))
		KTEST_FAIL(t, "path \"%s\", want \"%s\"", buf, want);
}

static void cgroup_ns_paths(struct ktest *t)
{
	struct cgroup top = { .name = "" };
	struct cgroup a = { .parent = &top, .name = "a" };
	struct cgroup b = { .parent = &a, .name = "b" };
	struct cgroup c = { .parent = &a, .name = "c" };
	struct cgroup d = { .parent = &b, .name = "d" };
	struct cgroup_ns ns = { .refs = 1, .root = &b };
	struct cgroup_ns whole = { .refs = 1, .root = &top };
	char buf[6];

	expect_path(t, &ns, &b, "/");
	expect_path(t, &ns, &d, "/d");
	expect_path(t, &ns, &c, "/../c");
	expect_path(t, &ns, &a, "/..");
	expect_path(t, &ns, &top, "/../..");
	expect_path(t, &whole, &d, "/a/b/d");
	expect_path(t, &whole, &top, "/");
	KTEST_EXPECT(t, cgroup_ns_sees(&ns, &d));
	KTEST_EXPECT(t, !cgroup_ns_sees(&ns, &c));
	KTEST_EXPECT_EQ(t, cgroup_ns_path(&whole, &d, buf, sizeof(buf)),
			-ENAMETOOLONG);
}

static void cgroup_ns_user(struct ktest *t)
{
	u64 checks = 0, failed = ~0ULL;

	KTEST_ASSERT_EQ(t, user_run(t, &run, 10000, "/bin/cgnstest",
				    "--oomlab", NULL), 0);
	KTEST_EXPECT(t, user_exited(&run, 0));
	KTEST_EXPECT(t, user_field(run.out, "cgnstest: result", "checks=",
				   &checks));
	KTEST_EXPECT(t, user_field(run.out, "cgnstest: result", "failed=",
				   &failed));
	KTEST_EXPECT_GE(t, checks, 20);
	KTEST_EXPECT_EQ(t, failed, 0);
	KTEST_EXPECT_NULL(t, cgroup_lookup("/cgns"));
	if (ktest_failed(t))
		ktest_log(t, "output:\n%s", run.out);
}

KTEST_SUITE(cgroup_ns,
	    KTEST_CASE(cgroup_ns_paths),
	    KTEST_CASE(cgroup_ns_user));
