// SPDX-License-Identifier: MIT
/*
 * Red-black tree: insertion and erasure with the classic recolour-and-
 * rotate fix-ups (Cormen et al., "Introduction to Algorithms", ch. 13),
 * written with NULL for missing children instead of a sentinel node.
 *
 * Every fix-up step below preserves the black height of each subtree it
 * leaves and removes at most one local violation, moving it towards the
 * root: a red-red pair after insertion, a "doubly black" node after a
 * black node was unlinked.
 */
#include "lib/rbtree.h"

static inline bool is_red(const struct rb_node *n)
{
	return n && n->red;
}

static inline void augment(const struct rb_root *root, struct rb_node *n)
{
	if (root->augment)
		root->augment(n);
}

/**
 * rb_augment_propagate - recompute augmented values from @node to the root
 * @node: the lowest node whose subtree changed; NULL does nothing
 * @root: its tree
 *
 * Context: the caller holds the tree's lock for writing.
 */
void rb_augment_propagate(struct rb_node *node, struct rb_root *root)
{
	if (!root->augment)
		return;
	for (; node; node = node->parent)
		root->augment(node);
}

/* Put @new where @old hangs under @parent (NULL: at the root). */
static void replace_child(struct rb_root *root, struct rb_node *old,
			  struct rb_node *new, struct rb_node *parent)
{
	if (!parent)
		root->node = new;
	else if (parent->left == old)
		parent->left = new;
	else
		parent->right = new;
	if (new)
		new->parent = parent;
}

/*
 *     x                 y
 *    / \               / \
 *   a   y     ==>     x   c
 *      / \           / \
 *     b   c         a   b
 */
static void rotate_left(struct rb_root *root, struct rb_node *x)
{
	struct rb_node *y = x->right;

	x->right = y->left;
	if (y->left)
		y->left->parent = x;
	replace_child(root, x, y, x->parent);
	y->left = x;
	x->parent = y;
	augment(root, x);
	augment(root, y);
}

/* The mirror image of rotate_left(). */
static void rotate_right(struct rb_root *root, struct rb_node *x)
{
	struct rb_node *y = x->left;

	x->left = y->right;
	if (y->right)
		y->right->parent = x;
	replace_child(root, x, y, x->parent);
	y->right = x;
	x->parent = y;
	augment(root, x);
	augment(root, y);
}

/**
 * rb_insert_color - rebalance after rb_link_node()
 * @node: the node just linked
 * @root: its tree
 *
 * Updates augmented values on the path from @node to the root first, so
 * every later rotation starts from correct children.
 *
 * Context: the caller holds the tree's lock for writing. O(log n).
 */
void rb_insert_color(struct rb_node *node, struct rb_root *root)
{
	struct rb_node *n = node;

	rb_augment_propagate(node, root);
	/* Invariant: n is red; the only possible violation is n's parent. */
	while (is_red(n->parent)) {
		struct rb_node *p = n->parent;
		struct rb_node *g = p->parent;	/* exists: the root is black */
		bool left = p == g->left;
		struct rb_node *uncle = left ? g->right : g->left;

		if (is_red(uncle)) {
			/* Push g's blackness down; the violation moves up. */
			p->red = false;
			uncle->red = false;
			g->red = true;
			n = g;
			continue;
		}
		/* Make n an outer grandchild, then rotate g away. */
		if (left && n == p->right) {
			rotate_left(root, p);
			n = p;
			p = n->parent;
		} else if (!left && n == p->left) {
			rotate_right(root, p);
			n = p;
			p = n->parent;
		}
		p->red = false;
		g->red = true;
		if (left)
			rotate_right(root, g);
		else
			rotate_left(root, g);
	}
	root->node->red = false;
}

/**
 * rb_add - insert @node in order
 * @node: the node to insert; equal nodes go after the ones already there
 * @root: the tree
 * @less: is @a ordered before @b?
 *
 * Context: the caller holds the tree's lock for writing. O(log n).
 */
void rb_add(struct rb_node *node, struct rb_root *root,
	    bool (*less)(const struct rb_node *a, const struct rb_node *b))
{
	struct rb_node **link = &root->node, *parent = NULL;

	while (*link) {
		parent = *link;
		link = less(node, parent) ? &parent->left : &parent->right;
	}
	rb_link_node(node, parent, link);
	rb_insert_color(node, root);
}

/*
 * A black node was unlinked from under @parent, where @x (possibly NULL)
 * now hangs: paths through x are one black short. Either make x black, or
 * borrow a black from x's sibling w, or take one from w too and move the
 * shortage up to parent.
 */
static void erase_fixup(struct rb_root *root, struct rb_node *x,
			struct rb_node *parent)
{
	while (x != root->node && !is_red(x)) {
		/* x may be NULL, but then its sibling is not: test the side
		 * through the parent. */
		bool left = x == parent->left;
		struct rb_node *w = left ? parent->right : parent->left;

		if (w->red) {
			/* Make the sibling black, keeping heights. */
			w->red = false;
			parent->red = true;
			if (left)
				rotate_left(root, parent);
			else
				rotate_right(root, parent);
			w = left ? parent->right : parent->left;
		}
		if (!is_red(w->left) && !is_red(w->right)) {
			/* w can turn red: the shortage moves to parent. */
			w->red = true;
			x = parent;
			parent = x->parent;
			continue;
		}
		/* Make w's outer child red, then rotate it over parent. */
		if (left && !is_red(w->right)) {
			w->left->red = false;
			w->red = true;
			rotate_right(root, w);
			w = parent->right;
		} else if (!left && !is_red(w->left)) {
			w->right->red = false;
			w->red = true;
			rotate_left(root, w);
			w = parent->left;
		}
		w->red = parent->red;
		parent->red = false;
		if (left) {
			w->right->red = false;
			rotate_left(root, parent);
		} else {
			w->left->red = false;
			rotate_right(root, parent);
		}
		x = root->node;
	}
	if (x)
		x->red = false;
}

/**
 * rb_erase - unlink @node from @root and rebalance
 * @node: a node in @root; its fields are meaningless afterwards
 * @root: the tree
 *
 * A node with two children is replaced by its successor, which takes its
 * position and colour; so the structural change is always the removal of
 * a node with at most one child.
 *
 * Context: the caller holds the tree's lock for writing. O(log n).
 */
void rb_erase(struct rb_node *node, struct rb_root *root)
{
	struct rb_node *child, *parent;
	bool black_removed;

	if (!node->left || !node->right) {
		child = node->left ? node->left : node->right;
		parent = node->parent;
		black_removed = !node->red;
		replace_child(root, node, child, parent);
	} else {
		struct rb_node *succ = node->right;

		while (succ->left)
			succ = succ->left;
		black_removed = !succ->red;
		child = succ->right;
		if (succ->parent == node) {
			parent = succ;
		} else {
			parent = succ->parent;
			parent->left = child;
			if (child)
				child->parent = parent;
			succ->right = node->right;
			succ->right->parent = succ;
		}
		replace_child(root, node, succ, node->parent);
		succ->left = node->left;
		succ->left->parent = succ;
		succ->red = node->red;
	}
	/* parent is the lowest changed node; succ, if used, is above it. */
	rb_augment_propagate(parent, root);
	if (black_removed)
		erase_fixup(root, child, parent);
}

static struct rb_node *leftmost(const struct rb_node *n)
{
	while (n->left)
		n = n->left;
	return (struct rb_node *)n;
}

static struct rb_node *rightmost(const struct rb_node *n)
{
	while (n->right)
		n = n->right;
	return (struct rb_node *)n;
}

/**
 * rb_first - the smallest node
 * @root: the tree
 *
 * Context: the caller holds the tree's lock. Return: the node, or NULL
 * when the tree is empty.
 */
struct rb_node *rb_first(const struct rb_root *root)
{
	return root->node ? leftmost(root->node) : NULL;
}

/**
 * rb_last - the largest node
 * @root: the tree
 *
 * Context: the caller holds the tree's lock. Return: the node, or NULL
 * when the tree is empty.
 */
struct rb_node *rb_last(const struct rb_root *root)
{
	return root->node ? rightmost(root->node) : NULL;
}

/**
 * rb_next - in-order successor
 * @node: a node in a tree
 *
 * Context: the caller holds the tree's lock. Return: the next node, or
 * NULL after the last. O(1) amortised over a walk, O(log n) worst case.
 */
struct rb_node *rb_next(const struct rb_node *node)
{
	if (node->right)
		return leftmost(node->right);
	while (node->parent && node == node->parent->right)
		node = node->parent;
	return node->parent;
}

/**
 * rb_prev - in-order predecessor
 * @node: a node in a tree
 *
 * Context: the caller holds the tree's lock. Return: the previous node,
 * or NULL before the first.
 */
struct rb_node *rb_prev(const struct rb_node *node)
{
	if (node->left)
		return rightmost(node->left);
	while (node->parent && node == node->parent->left)
		node = node->parent;
	return node->parent;
}

/* The first node of @n's subtree in post-order: its leftmost leaf. */
static struct rb_node *first_leaf(const struct rb_node *n)
{
	for (;;) {
		if (n->left)
			n = n->left;
		else if (n->right)
			n = n->right;
		else
			return (struct rb_node *)n;
	}
}

/**
 * rb_first_postorder - the first node in post-order
 * @root: the tree
 *
 * Post-order visits both children before their parent, so a walk may free
 * each node once it has taken the node's rb_next_postorder(); the tree is
 * garbage afterwards and must be reset to RB_ROOT.
 *
 * Context: the caller holds the tree's lock. Return: a leaf, or NULL when
 * the tree is empty.
 */
struct rb_node *rb_first_postorder(const struct rb_root *root)
{
	return root->node ? first_leaf(root->node) : NULL;
}

/**
 * rb_next_postorder - post-order successor
 * @node: a node; only its parent pointer and its parent's links are read
 *
 * Context: the caller holds the tree's lock. Return: the next node, or
 * NULL after the root.
 */
struct rb_node *rb_next_postorder(const struct rb_node *node)
{
	struct rb_node *p = node->parent;

	if (p && node == p->left && p->right)
		return first_leaf(p->right);
	return p;
}
