// SPDX-License-Identifier: MIT
/*
 * Kernel memory charged to memory cgroups (mm/memcg_kmem.c, the
 * accounted slab caches of mm/slab.c):
 *   - objects are charged in bytes: NR_OBJS objects cost the pages their
 *     bytes fill, counted in memory.stat "kernel", and are uncharged from
 *     the group they were charged to after the allocating thread moved
 *     to another group, which gets nothing; both are at 0 afterwards;
 *   - a user thread's kernel stack is KSTACK_PAGES of "kernel", uncharged
 *     from its group when freed by a thread in another group;
 *   - a VMA is kmem: with its group at the limit, mmap, an mprotect that
 *     splits a VMA and an munmap that splits one fail with -ENOMEM and
 *     leave the address space as it was.
 * The test thread joins the groups itself (objects are charged to the
 * allocating task's group) and is a kernel thread, so at the limit there
 * is no OOM victim and the charge fails.
 */
#include "kernel/cgroup.h"
#include "kernel/kstack.h"
#include "kernel/ktest.h"
#include "kernel/task.h"
#include "lib/errno.h"
#include "mm/memcg.h"
#include "mm/mm.h"
#include "mm/mmap.h"
#include "mm/slab.h"
#include "tests/mm/mm_test_util.h"

#define NR_OBJS		100
#define OBJ_SIZE	256	/* a kmalloc class: no rounding up */
#define RW		(PROT_READ | PROT_WRITE)
#define ANON		(MAP_PRIVATE | MAP_ANONYMOUS)

static struct cgroup *group_new(struct ktest *t, const char *name,
				const char *max)
{
	struct cgroup *cg;

	if (cgroup_create(&cgroup_root, name, &cg)) {
		KTEST_FAIL(t, "cgroup_create %s", name);
		return NULL;
	}
	KTEST_EXPECT_EQ(t, memcg_write_max(cg->memcg, max), 0);
	return cg;
}

/* Empty once the stocks are given back: check and remove. */
static void group_done(struct ktest *t, struct cgroup *cg)
{
	if (!cg)
		return;
	memcg_drain_all_stock(cg->memcg);
	KTEST_EXPECT_EQ(t, memcg_current(cg->memcg), 0);
	KTEST_EXPECT_EQ(t, memcg_stat_read(cg->memcg, MEMCG_KERNEL), 0);
	KTEST_EXPECT_EQ(t, cgroup_remove(cg), 0);
	cgroup_put(cg);
}

static void kmem_objects_uncharged_to_their_group(struct ktest *t)
{
	/* Each object is charged its size and its memcg pointer. */
	long want = (NR_OBJS * (OBJ_SIZE + sizeof(void *)) + PAGE_SIZE - 1) /
		    PAGE_SIZE;
	struct cgroup *a = group_new(t, "kmem_a", "max");
	struct cgroup *b = group_new(t, "kmem_b", "max");
	void *objs[NR_OBJS];
	unsigned int n = 0;

	if (!a || !b)
		goto out;
	KTEST_EXPECT_EQ(t, cgroup_attach_kthread(current, a), 0);
	for (; n < NR_OBJS; n++)
		if (!(objs[n] = kmalloc(OBJ_SIZE, GFP_KERNEL_ACCOUNT)))
			break;
	KTEST_EXPECT_EQ_U(t, n, NR_OBJS);
	memcg_drain_all_stock(a->memcg);
	KTEST_EXPECT_EQ(t, memcg_stat_read(a->memcg, MEMCG_KERNEL), want);
	KTEST_EXPECT_EQ(t, memcg_current(a->memcg), want);

	KTEST_EXPECT_EQ(t, cgroup_attach_kthread(current, b), 0);
	while (n)
		kfree(objs[--n]);
	memcg_drain_all_stock(b->memcg);
	KTEST_EXPECT_EQ(t, memcg_current(b->memcg), 0);
out:
	cgroup_attach_kthread(current, &cgroup_root);
	group_done(t, a);
	group_done(t, b);
}

static void kmem_kstack_charged_to_group(struct ktest *t)
{
	struct cgroup *a = group_new(t, "kmem_stack_a", "max");
	struct cgroup *b = group_new(t, "kmem_stack_b", "max");
	void *stack;

	if (!a || !b)
		goto out;
	KTEST_EXPECT_EQ(t, cgroup_attach_kthread(current, a), 0);
	stack = kstack_alloc_account();
	KTEST_ASSERT_NOT_NULL(t, stack);
	memcg_drain_all_stock(a->memcg);
	KTEST_EXPECT_EQ(t, memcg_stat_read(a->memcg, MEMCG_KERNEL),
			KSTACK_PAGES);
	KTEST_EXPECT_EQ(t, memcg_current(a->memcg), KSTACK_PAGES);
	KTEST_EXPECT_EQ(t, cgroup_attach_kthread(current, b), 0);
	kstack_free(stack);
	memcg_drain_all_stock(b->memcg);
	KTEST_EXPECT_EQ(t, memcg_current(b->memcg), 0);
out:
	cgroup_attach_kthread(current, &cgroup_root);
	group_done(t, a);
	group_done(t, b);
}

/* Charge whole pages to @m until its limit refuses one; return them. */
static unsigned int fill_to_limit(struct memcg *m)
{
	unsigned int n = 0;

	memcg_drain_all_stock(m);
	while (n < 1024 && !memcg_charge_kernel(m, GFP_KERNEL, 1))
		n++;
	return n;
}

static void kmem_vma_at_limit_changes_nothing(struct ktest *t)
{
	struct cgroup *cg = group_new(t, "kmem_vma", "64K");
	struct mm *mm = mm_alloc();
	unsigned int filled = 0, vmas;
	unsigned long total_vm;
	struct vm_area *mid;

	KTEST_ASSERT_NOT_NULL(t, mm);
	if (!cg)
		goto out;
	KTEST_EXPECT_EQ(t, do_mmap(mm, TEST_VA, 4 * PAGE_SIZE, RW,
				   ANON | MAP_FIXED, -1, 0), TEST_VA);
	vmas = count_vmas(mm);
	total_vm = mm->total_vm;
	KTEST_EXPECT_EQ(t, cgroup_attach_kthread(current, cg), 0);
	filled = fill_to_limit(cg->memcg);
	KTEST_EXPECT_GT(t, filled, 0);

	KTEST_EXPECT_EQ(t, do_mmap(mm, TEST_VA + 16 * PAGE_SIZE, PAGE_SIZE,
				   RW, ANON | MAP_FIXED, -1, 0), -ENOMEM);
	KTEST_EXPECT_EQ(t, do_mprotect(mm, TEST_VA + PAGE_SIZE, PAGE_SIZE,
				       PROT_READ), -ENOMEM);
	KTEST_EXPECT_EQ(t, do_munmap(mm, TEST_VA + PAGE_SIZE, PAGE_SIZE),
			-ENOMEM);
	KTEST_EXPECT_EQ_U(t, count_vmas(mm), vmas);
	KTEST_EXPECT_EQ_U(t, mm->total_vm, total_vm);
	mid = vma_find(&mm->vmas, TEST_VA + PAGE_SIZE);
	KTEST_EXPECT_NOT_NULL(t, mid);
	if (mid)
		KTEST_EXPECT_EQ_U(t, mid->flags & (VM_READ | VM_WRITE),
				  VM_READ | VM_WRITE);
out:
	cgroup_attach_kthread(current, &cgroup_root);
	if (cg)
		memcg_uncharge_kernel(cg->memcg, filled);
	mmput(mm);
	group_done(t, cg);
}

KTEST_SUITE(memcg_kmem,
	    KTEST_CASE(kmem_objects_uncharged_to_their_group),
	    KTEST_CASE(kmem_kstack_charged_to_group),
	    KTEST_CASE(kmem_vma_at_limit_changes_nothing));
