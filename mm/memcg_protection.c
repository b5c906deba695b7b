// SPDX-License-Identifier: MIT
/*
 * Effective memory.min and memory.low (Linux 6.1's
 * mem_cgroup_calculate_protection() and effective_protection()). What a
 * memcg may keep out of a reclaim of the subtree of "root" depends on
 * its ancestors up to root: a child of root has its own setting; below
 * that, a memcg has the protected part of its usage, min(usage,
 * setting), unless its siblings together claim more than their parent
 * effectively has: then the parent's protection is shared out in
 * proportion to what each claims. The parent's own value must be
 * worked out first, so a reclaim walks top-down and calls
 * memcg_calculate_protection() for each memcg before using it.
 *
 * Linux has the sum of the children's claims kept up to date by every
 * charge (page_counter's children_low_usage); here it is summed when a
 * reclaim asks, over the children on memcg_list, which gives the same
 * value without a cost on the charge path.
 *
 * Locking: emin and elow are [a], written by every reclaim walk (the
 * values are per walk, as in Linux, and a concurrent walk of another
 * subtree may overwrite them: the same race Linux accepts).
 */
#include "kernel/cmdline.h"
#include "mm/memcg.h"

/*
 * cgroup2's memory_recursiveprot mount option: off by default, as in
 * Linux 6.1, where a child without its own setting gets no share of
 * its parent's unclaimed protection.
 */
static bool memcg_recursiveprot;
KPARAM_BOOL(memcg_recursiveprot, "memcg.recursiveprot", &memcg_recursiveprot,
	    "memory.min/low: share unclaimed protection with children "
	    "(cgroup2's memory_recursiveprot)");

/**
 * memcg_effective_protection - one memcg's effective min or low (Linux
 * 6.1's effective_protection()).
 * @usage: the memcg's usage
 * @parent_usage: its parent's usage
 * @setting: its memory.min (or memory.low)
 * @parent_effective: its parent's effective min (or low)
 * @siblings_protected: the sum over the parent's children of
 *	min(usage, setting), the memcg's own included
 * @recursive: memory_recursiveprot
 *
 * Claims within the parent's protection are granted; an overcommitted
 * parent gives each child min(usage, setting) * parent_effective /
 * siblings_protected. With @recursive, what the children do not claim
 * goes to them in proportion to their unprotected usage.
 * Context: any. Return: pages.
 */
unsigned long memcg_effective_protection(unsigned long usage,
					 unsigned long parent_usage,
					 unsigned long setting,
					 unsigned long parent_effective,
					 unsigned long siblings_protected,
					 bool recursive)
{
	unsigned long protected = MIN(usage, setting);
	unsigned long unclaimed;

	if (siblings_protected > parent_effective)
		return protected * parent_effective / siblings_protected;
	if (!recursive || parent_effective <= siblings_protected ||
	    parent_usage <= siblings_protected || usage <= protected)
		return protected;
	unclaimed = (parent_effective - siblings_protected) *
		    (usage - protected) / (parent_usage - siblings_protected);
	return protected + unclaimed;
}

/* A protection field ([a]), in pages. */
static unsigned long prot_get(const long *field)
{
	return (unsigned long)__atomic_load_n(field, __ATOMIC_RELAXED);
}

static void prot_set(long *field, unsigned long pages)
{
	__atomic_store_n(field, (long)pages, __ATOMIC_RELAXED);
}

/* Sum of min(usage, min) and of min(usage, low) over @parent's children. */
static void children_protected(const struct memcg *parent,
			       unsigned long *min, unsigned long *low)
{
	struct memcg *c;

	*min = *low = 0;
	list_for_each_entry(c, &memcg_list, node) {
		unsigned long usage = (unsigned long)memcg_current(c);

		if (c->parent != parent)
			continue;
		*min += MIN(usage, prot_get(&c->min));
		*low += MIN(usage, prot_get(&c->low));
	}
}

/**
 * memcg_calculate_protection - work out @m's effective min and low for
 * a reclaim of @root's subtree (Linux's mem_cgroup_calculate_protection()).
 * @root: the reclaim's target
 * @m: a memcg in its subtree whose parent's values this walk already
 *	worked out
 *
 * A memcg with no usage keeps its old values (Linux does the same: it
 * has nothing to reclaim).
 * Context: memcg_tree_lock held.
 */
void memcg_calculate_protection(const struct memcg *root, struct memcg *m)
{
	unsigned long usage = (unsigned long)memcg_current(m);
	unsigned long pusage, cmin, clow;
	const struct memcg *parent = m->parent;

	spin_assert_held(&memcg_tree_lock);
	if (m == root || memcg_is_root(m) || !usage)
		return;
	if (parent == root) {
		prot_set(&m->emin, prot_get(&m->min));
		prot_set(&m->elow, prot_get(&m->low));
		return;
	}
	pusage = (unsigned long)memcg_current(parent);
	children_protected(parent, &cmin, &clow);
	prot_set(&m->emin, memcg_effective_protection(usage, pusage,
			prot_get(&m->min), prot_get(&parent->emin), cmin,
			memcg_recursiveprot));
	prot_set(&m->elow, memcg_effective_protection(usage, pusage,
			prot_get(&m->low), prot_get(&parent->elow), clow,
			memcg_recursiveprot));
}

/**
 * memcg_protection - @m's effective min and low in a reclaim of @root's
 * subtree, as the last memcg_calculate_protection() left them; none for
 * @root itself, whose values may be stale from another walk (Linux's
 * mem_cgroup_protection()).
 * @root: the reclaim's target
 * @m: the memcg
 * @min: set to its effective min, pages
 * @low: set to its effective low, pages
 *
 * Context: any.
 */
void memcg_protection(const struct memcg *root, const struct memcg *m,
		      unsigned long *min, unsigned long *low)
{
	*min = *low = 0;
	if (m == root || memcg_is_root(m))
		return;
	*min = prot_get(&m->emin);
	*low = prot_get(&m->elow);
}

/**
 * memcg_below_min - is all of @m's usage under its effective min (never
 * reclaimed)? The root has no protection. A memcg with no usage is (as
 * in Linux 6.1: the comparison is >=), so a reclaim passes it by
 * without counting a low event.
 * @m: the memcg, its values worked out by this walk
 *
 * Context: any. Return: true when protected.
 */
bool memcg_below_min(const struct memcg *m)
{
	return !memcg_is_root(m) &&
	       prot_get(&m->emin) >= (unsigned long)memcg_current(m);
}

/**
 * memcg_below_low - is all of @m's usage under its effective low
 * (reclaimed only when nothing else can be)?
 * @m: the memcg, its values worked out by this walk
 *
 * Context: any. Return: true when protected.
 */
bool memcg_below_low(const struct memcg *m)
{
	return !memcg_is_root(m) &&
	       prot_get(&m->elow) >= (unsigned long)memcg_current(m);
}
