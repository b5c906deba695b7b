// SPDX-License-Identifier: MIT
/*
 * lib/rbtree.c: random insert/erase sequences checked against a sorted
 * array, with the red-black invariants (root black, no red-red, equal
 * black height, consistent parent links, in-order keys) and an augmented
 * subtree size verified after every operation.
 */
#include "kernel/ktest.h"
#include "lib/rbtree.h"
#include "lib/string.h"

#define NR_ITEMS	512

struct item {
	int key;
	unsigned long size;	/* augmented: nodes in this subtree */
	struct rb_node node;
};

static struct item *node_item(const struct rb_node *n)
{
	return n ? rb_entry((struct rb_node *)n, struct item, node) : NULL;
}

static unsigned long subtree_size(const struct rb_node *n)
{
	return n ? node_item(n)->size : 0;
}

static void size_augment(struct rb_node *n)
{
	node_item(n)->size = 1 + subtree_size(n->left) + subtree_size(n->right);
}

static bool item_less(const struct rb_node *a, const struct rb_node *b)
{
	return node_item(a)->key < node_item(b)->key;
}

/*
 * Checks @n's subtree; returns its black height (missing children count
 * 0) or -1 after reporting the first broken invariant.
 */
static int check_subtree(struct ktest *t, const struct rb_node *n,
			 const struct rb_node *parent, bool augmented)
{
	int lh, rh;

	if (!n)
		return 0;
	if (n->parent != parent) {
		KTEST_FAIL(t, "key %d: wrong parent link", node_item(n)->key);
		return -1;
	}
	if (n->red && (n->left && n->left->red)) {
		KTEST_FAIL(t, "key %d: red node with red left child",
			   node_item(n)->key);
		return -1;
	}
	if (n->red && (n->right && n->right->red)) {
		KTEST_FAIL(t, "key %d: red node with red right child",
			   node_item(n)->key);
		return -1;
	}
	lh = check_subtree(t, n->left, n, augmented);
	rh = check_subtree(t, n->right, n, augmented);
	if (lh < 0 || rh < 0)
		return -1;
	if (lh != rh) {
		KTEST_FAIL(t, "key %d: black heights %d left, %d right",
			   node_item(n)->key, lh, rh);
		return -1;
	}
	if (augmented && node_item(n)->size !=
	    1 + subtree_size(n->left) + subtree_size(n->right)) {
		KTEST_FAIL(t, "key %d: stale augmented size",
			   node_item(n)->key);
		return -1;
	}
	return lh + !n->red;
}

/*
 * The tree holds exactly keys[0..nr) in order (forwards with rb_next,
 * backwards with rb_prev) and satisfies every invariant.
 */
static void check_tree(struct ktest *t, const struct rb_root *root,
		       const int *keys, int nr)
{
	const struct rb_node *n;
	int i = 0;

	if (root->node && root->node->red)
		KTEST_FAIL(t, "red root");
	if (check_subtree(t, root->node, NULL, root->augment) < 0)
		return;
	for (n = rb_first(root); n; n = rb_next(n), i++) {
		if (i >= nr || node_item(n)->key != keys[i]) {
			KTEST_FAIL(t, "in-order walk differs at %d", i);
			return;
		}
	}
	KTEST_EXPECT_EQ(t, i, nr);
	for (n = rb_last(root); n; n = rb_prev(n)) {
		if (--i < 0 || node_item(n)->key != keys[i]) {
			KTEST_FAIL(t, "reverse walk differs at %d", i);
			return;
		}
	}
	KTEST_EXPECT_EQ(t, i, 0);
}

static int array_find(const int *keys, int nr, int key)
{
	for (int i = 0; i < nr; i++)
		if (keys[i] == key)
			return i;
	return -1;
}

static void array_insert(int *keys, int *nr, int key)
{
	int i = *nr;

	while (i > 0 && keys[i - 1] > key) {
		keys[i] = keys[i - 1];
		i--;
	}
	keys[i] = key;
	(*nr)++;
}

/* Find @key by descending the tree, as users of rb_link_node() do. */
static struct item *tree_find(struct rb_root *root, int key)
{
	struct rb_node *n = root->node;

	while (n) {
		if (key < node_item(n)->key)
			n = n->left;
		else if (key > node_item(n)->key)
			n = n->right;
		else
			return node_item(n);
	}
	return NULL;
}

static struct item items[NR_ITEMS];

/*
 * 4000 random steps on distinct keys 0..NR_ITEMS-1: insert an absent key
 * (through rb_link_node + rb_insert_color) or erase a present one, biased
 * so the tree grows, drains and regrows; after every step the tree equals
 * the sorted array and all invariants hold. Run plain and augmented.
 */
static void random_against_array(struct ktest *t, bool augmented)
{
	struct rb_root root = augmented ? RB_ROOT_AUGMENTED(size_augment)
					: RB_ROOT;
	static int keys[NR_ITEMS];
	int nr = 0;

	memset(items, 0, sizeof(items));
	for (int step = 0; step < 4000 && !ktest_failed(t); step++) {
		int key = (int)prng_below(&t->rng, NR_ITEMS);
		int pos = array_find(keys, nr, key);
		bool grow = (step / 1000) % 2 == 0;

		if (pos < 0 && (grow || prng_below(&t->rng, 4) == 0)) {
			struct rb_node **link = &root.node, *parent = NULL;

			items[key].key = key;
			while (*link) {
				parent = *link;
				link = key < node_item(parent)->key ?
					&parent->left : &parent->right;
			}
			rb_link_node(&items[key].node, parent, link);
			rb_insert_color(&items[key].node, &root);
			array_insert(keys, &nr, key);
		} else if (pos >= 0 && (!grow || prng_below(&t->rng, 4) == 0)) {
			KTEST_ASSERT(t, tree_find(&root, key) == &items[key]);
			rb_erase(&items[key].node, &root);
			memmove(&keys[pos], &keys[pos + 1],
				(size_t)(nr - pos - 1) * sizeof(keys[0]));
			nr--;
			KTEST_EXPECT_NULL(t, tree_find(&root, key));
		}
		check_tree(t, &root, keys, nr);
		if (augmented)
			KTEST_EXPECT_EQ(t, subtree_size(root.node), nr);
	}
}

static void rbtree_random_insert_erase(struct ktest *t)
{
	random_against_array(t, false);
}

static void rbtree_random_augmented(struct ktest *t)
{
	random_against_array(t, true);
}

static int height(const struct rb_node *n)
{
	return n ? 1 + MAX(height(n->left), height(n->right)) : 0;
}

/* Ascending then descending insertion (the worst case for an unbalanced
 * tree) of 511 keys keeps the height within 2 * log2(n + 1) = 18. */
static void rbtree_sorted_insert_height(struct ktest *t)
{
	struct rb_root root = RB_ROOT;
	int keys[511];

	for (int dir = 0; dir < 2; dir++) {
		root = RB_ROOT;
		for (int i = 0; i < 511; i++) {
			int key = dir ? 510 - i : i;

			items[i].key = key;
			rb_add(&items[i].node, &root, item_less);
			keys[i] = i;
		}
		check_tree(t, &root, keys, 511);
		KTEST_EXPECT_LE(t, height(root.node), 18);
	}
}

/* rb_add() keeps equal keys in insertion order: keys 5, 5, 5 added as
 * items 0, 1, 2 come out as 0, 1, 2. */
static void rbtree_add_duplicates_stable(struct ktest *t)
{
	struct rb_root root = RB_ROOT;
	struct rb_node *n;
	int i = 0;

	for (int k = 0; k < 3; k++) {
		items[k].key = 5;
		rb_add(&items[k].node, &root, item_less);
	}
	for (n = rb_first(&root); n; n = rb_next(n), i++)
		KTEST_EXPECT(t, node_item(n) == &items[i]);
	KTEST_EXPECT_EQ(t, i, 3);
}

/* Post-order over 100 nodes visits each once and every node after both
 * of its children; a freeing walk (taking next first) is safe. */
static void rbtree_postorder(struct ktest *t)
{
	struct rb_root root = RB_ROOT;
	bool seen[100] = { false };
	struct rb_node *n, *next;
	int visited = 0;

	KTEST_EXPECT_NULL(t, rb_first_postorder(&root));
	for (int i = 0; i < 100; i++) {
		items[i].key = (int)prng_below(&t->rng, 1000);
		rb_add(&items[i].node, &root, item_less);
	}
	for (n = rb_first_postorder(&root); n; n = next) {
		int idx = (int)(node_item(n) - items);

		next = rb_next_postorder(n);
		KTEST_EXPECT(t, !n->left || seen[node_item(n->left) - items]);
		KTEST_EXPECT(t, !n->right || seen[node_item(n->right) - items]);
		KTEST_EXPECT(t, !seen[idx]);
		seen[idx] = true;
		memset(n, 0x5a, sizeof(*n) / 2);	/* as if freed */
		visited++;
	}
	KTEST_EXPECT_EQ(t, visited, 100);
}

/* Empty tree: first/last are NULL; a single node is root, black, and its
 * own first and last with no neighbours; erasing it empties the tree. */
static void rbtree_empty_and_single(struct ktest *t)
{
	struct rb_root root = RB_ROOT;

	KTEST_EXPECT(t, rb_empty(&root));
	KTEST_EXPECT_NULL(t, rb_first(&root));
	KTEST_EXPECT_NULL(t, rb_last(&root));
	items[0].key = 1;
	rb_add(&items[0].node, &root, item_less);
	KTEST_EXPECT(t, root.node == &items[0].node && !root.node->red);
	KTEST_EXPECT(t, rb_first(&root) == rb_last(&root));
	KTEST_EXPECT_NULL(t, rb_next(root.node));
	KTEST_EXPECT_NULL(t, rb_prev(root.node));
	rb_erase(&items[0].node, &root);
	KTEST_EXPECT(t, rb_empty(&root));
}

KTEST_SUITE(rbtree,
	KTEST_CASE(rbtree_random_insert_erase),
	KTEST_CASE(rbtree_random_augmented),
	KTEST_CASE(rbtree_sorted_insert_height),
	KTEST_CASE(rbtree_add_duplicates_stable),
	KTEST_CASE(rbtree_postorder),
	KTEST_CASE(rbtree_empty_and_single));
