// SPDX-License-Identifier: MIT
/*
 * /sys/kernel/oomlab/kernel_charge: a kernel allocation of N accounted
 * pages, made by whoever writes the file, in its own context - so the
 * charge path sees the real current (an OOM victim, a task with SIGKILL
 * pending, a system call rather than a user fault), as it does for
 * Linux's slab objects and kernel stacks (memcg_charge_kernel()).
 *
 *   write "N FLAGS"        charge N pages (1..KCHARGE_MAX_PAGES) in one
 *                          charge with the gfp FLAGS, '|'-separated
 *                          names as an OOM report prints them
 *                          ("GFP_KERNEL|__GFP_NORETRY")
 *   write "N FLAGS dying"  the same after queueing SIGKILL on the
 *                          writer's process: an allocation of an exit
 *                          path, made by a task that is already dying
 *
 * The pages go to the memory cgroup the opener was in at open(); the
 * open file holds every page its writes charged and the close (the last
 * reference to it) uncharges them, exactly once. A write returns its
 * length, or the charge's -ENOMEM (nothing charged then); a malformed
 * text is -EINVAL and charges nothing. Reading shows the file's pages
 * held: "held N\n" (0 for a new open).
 *
 * Locking: [I] after open; [a] atomic.
 */
#include "fs/file.h"
#include "fs/oomlab_kcharge.h"
#include "kernel/cgroup.h"
#include "kernel/process.h"
#include "kernel/signal.h"
#include "lib/errno.h"
#include "lib/format.h"
#include "lib/kstrtox.h"
#include "lib/string.h"
#include "mm/memcg.h"
#include "mm/slab.h"

/* One open file's charge. */
struct kcharge {
	struct memcg *memcg;	/* [I] with a reference: who pays */
	unsigned long held;	/* [a] pages charged by its writes */
};

static unsigned long nr_failed;	/* [a] charges that got an errno */

/* The longest text a write may hold; a longer one is -EINVAL. */
#define KCHARGE_TEXT_MAX	256

struct kcharge_req {
	unsigned int nr;
	gfp_t gfp;
	bool dying;
};

static int kcharge_open(struct inode *inode, struct file *file)
{
	struct kcharge *kc = kzalloc(sizeof(*kc), GFP_KERNEL);
	struct cgroup *cg;

	if (!kc)
		return -ENOMEM;
	/* The reference kc->memcg keeps. */
	cg = cgroup_get_task_domain(current);
	kc->memcg = cg->memcg;
	file->private = kc;
	return 0;
}

static void kcharge_release(struct file *file)
{
	struct kcharge *kc = file->private;
	unsigned long held = __atomic_load_n(&kc->held, __ATOMIC_RELAXED);

	if (held)
		memcg_uncharge_kernel(kc->memcg, held);
	memcg_put(kc->memcg);
	kfree(kc);
}

/* Split @s (NUL-terminated, modified) at runs of blanks into @words. */
static int kcharge_split(char *s, char **words, int max)
{
	int n = 0;

	for (;;) {
		while (*s == ' ' || *s == '\t' || *s == '\n')
			*s++ = '\0';
		if (!*s)
			return n;
		if (n == max)
			return -EINVAL;
		words[n++] = s;
		while (*s && *s != ' ' && *s != '\t' && *s != '\n')
			s++;
	}
}

static int kcharge_parse(char *s, struct kcharge_req *req)
{
	char *w[3];
	int n = kcharge_split(s, w, ARRAY_SIZE(w));
	u64 nr;

	if (n < 2)
		return -EINVAL;
	if (kstrtoull(w[0], 10, &nr) || !nr || nr > KCHARGE_MAX_PAGES)
		return -EINVAL;
	if (gfp_parse(w[1], &req->gfp))
		return -EINVAL;
	if (n == 3 && strcmp(w[2], "dying"))
		return -EINVAL;
	req->nr = (unsigned int)nr;
	req->dying = n == 3;
	return 0;
}

static long kcharge_write(struct file *file, struct io_buf *io, loff_t *pos)
{
	struct kcharge *kc = file->private;
	char text[KCHARGE_TEXT_MAX];
	struct kcharge_req req;
	size_t len = io->len;
	int r;

	if (len >= sizeof(text))
		return -EINVAL;
	if (io_copy_from(text, io, 0, len) != len)
		return -EFAULT;
	text[len] = '\0';
	if (kcharge_parse(text, &req))
		return -EINVAL;
	if (req.dying) {
		if (!process_current())
			return -EINVAL;
		process_kill(process_current(), SIGKILL);
	}
	r = memcg_charge_kernel(kc->memcg, req.gfp, req.nr);
	if (r) {
		__atomic_add_fetch(&nr_failed, 1, __ATOMIC_RELAXED);
		return r;
	}
	__atomic_add_fetch(&kc->held, req.nr, __ATOMIC_RELAXED);
	return (long)len;
}

static long kcharge_read(struct file *file, struct io_buf *io, loff_t *pos)
{
	struct kcharge *kc = file->private;
	char text[32];
	size_t n = (size_t)snprintf(text, sizeof(text), "held %lu\n",
				    __atomic_load_n(&kc->held,
						    __ATOMIC_RELAXED));
	size_t got;

	if ((u64)*pos >= n)
		return 0;
	n = MIN(io->len, n - (size_t)*pos);
	got = io_copy_to(io, 0, text + *pos, n);
	*pos += (loff_t)got;
	return got || !n ? (long)got : -EFAULT;
}

static const struct file_operations kcharge_fops = {
	.open = kcharge_open,
	.read = kcharge_read,
	.write = kcharge_write,
	.release = kcharge_release,
};

/**
 * oomlab_kcharge_nr_failed - the charges through kernel_charge that
 * failed since boot: what a test reads when the writer cannot tell (it
 * dies at the end of a "dying" write).
 *
 * Context: any. Return: the count.
 */
unsigned long oomlab_kcharge_nr_failed(void)
{
	return __atomic_load_n(&nr_failed, __ATOMIC_RELAXED);
}

/**
 * oomlab_kcharge_add - put the file kernel_charge in @dir.
 * @dir: /sys/kernel/oomlab's root
 *
 * Context: init, the namespace lock held.
 * Return: 0, or -ENOMEM.
 */
int oomlab_kcharge_add(struct dentry *dir)
{
	struct inode *inode = inode_alloc(dir->inode->sb, S_IFREG | 0644);
	struct dentry *d;

	if (!inode)
		return -ENOMEM;
	inode->f_op = &kcharge_fops;
	d = d_alloc(dir, "kernel_charge", inode);
	if (!d)
		return -ENOMEM;
	d_link(d);
	dput(d);
	return 0;
}
