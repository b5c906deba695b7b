/* SPDX-License-Identifier: MIT */
/*
 * Intrusive red-black tree, with Linux's names and calling convention: a
 * struct rb_node is embedded in the object; the caller walks the tree with
 * its own comparison to find the empty link, attaches the node there with
 * rb_link_node() and rebalances with rb_insert_color(). rb_add() does both
 * with a "less" callback. Holds no state and takes no locks: the owner of
 * the tree protects it.
 *
 * Invariants (checked by tests/lib/rbtree_test.c): the root is black, a red
 * node has no red child, and every path from a node down to a missing
 * child passes the same number of black nodes. So the height is at most
 * 2 * log2(n + 1) and insert, erase and lookup are O(log n).
 *
 * Augmented trees: a root made with RB_ROOT_AUGMENTED(fn) calls fn(node)
 * whenever the node's subtree may have changed -- on every node from an
 * inserted or erased position up to the root, and on both nodes of a
 * rotation, always children before parents. fn recomputes the node's
 * summary from the node and its children only (subtree sums, maxima...).
 * After changing a node's own summarised value in place, call
 * rb_augment_propagate().
 */
#ifndef LIB_RBTREE_H
#define LIB_RBTREE_H

#include "lib/types.h"

struct rb_node {
	struct rb_node *parent;		/* NULL at the root */
	struct rb_node *left;
	struct rb_node *right;
	bool red;
};

struct rb_root {
	struct rb_node *node;		/* NULL when empty */
	void (*augment)(struct rb_node *node);	/* NULL: plain tree */
};

#define RB_ROOT			((struct rb_root){ NULL, NULL })
#define RB_ROOT_AUGMENTED(fn)	((struct rb_root){ NULL, (fn) })

#define rb_entry(ptr, type, member)	container_of(ptr, type, member)
/* Like rb_entry(), but NULL stays NULL. */
#define rb_entry_safe(ptr, type, member)				\
	({								\
		struct rb_node *__n = (ptr);				\
		__n ? rb_entry(__n, type, member) : NULL;		\
	})

static inline bool rb_empty(const struct rb_root *root)
{
	return !root->node;
}

/*
 * Attach @node as a red leaf at *@link, the empty child pointer of @parent
 * (or root->node, with @parent NULL) found by the caller's search. Follow
 * with rb_insert_color().
 */
static inline void rb_link_node(struct rb_node *node, struct rb_node *parent,
				struct rb_node **link)
{
	node->parent = parent;
	node->left = NULL;
	node->right = NULL;
	node->red = true;
	*link = node;
}

void rb_insert_color(struct rb_node *node, struct rb_root *root);
void rb_add(struct rb_node *node, struct rb_root *root,
	    bool (*less)(const struct rb_node *a, const struct rb_node *b));
void rb_erase(struct rb_node *node, struct rb_root *root);
void rb_augment_propagate(struct rb_node *node, struct rb_root *root);

struct rb_node *rb_first(const struct rb_root *root);
struct rb_node *rb_last(const struct rb_root *root);
struct rb_node *rb_next(const struct rb_node *node);
struct rb_node *rb_prev(const struct rb_node *node);

/* Children before parents: the order for freeing a whole tree. */
struct rb_node *rb_first_postorder(const struct rb_root *root);
struct rb_node *rb_next_postorder(const struct rb_node *node);

#endif
