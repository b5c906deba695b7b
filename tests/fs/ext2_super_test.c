// SPDX-License-Identifier: MIT
/*
 * ext2 mount checks and corruption (host only: images from Debian's
 * mke2fs). A good image mounts and statfs counts what mke2fs made. What
 * Linux 6.1's ext2_fill_super() refuses is -EINVAL with a log line: a
 * bad magic, a superblock that contradicts itself or the device, an
 * INCOMPAT feature we cannot read, an unknown RO_COMPAT one on a
 * read-write mount (a read-only mount goes ahead). Then thousands of
 * images with bytes of the superblock, group descriptors, inodes or
 * directory entries changed are mounted, walked, written and rewritten:
 * every call returns a value or an errno, and ASan/UBSan see no access
 * outside the image or the stack (the slab's objects live in one host
 * allocation, so an overrun inside it is seen only by the slab's own
 * redzone checks).
 */
#include "kernel/ktest.h"

#ifdef HOST_BUILD
#include "fs/ext2_internal.h"
#include "tests/fs/ext2_test_util.h"

static struct ext2_super *ext2t_sb(struct ext2t_image *im)
{
	return (struct ext2_super *)(im->mem + EXT2_SUPER_OFFSET);
}

/* The fresh image mounts; statfs agrees with the superblock mke2fs wrote. */
static void ext2_mount_good(struct ktest *t)
{
	struct ext2t_image im;
	struct ext2_statfs st;

	if (!ext2t_image_make(t, &im, 4096, 8192))
		goto out;
	KTEST_ASSERT_EQ(t, ext2_fs_open(&im.io, 0, &im.fs), 0);
	ext2_statfs(im.fs, &st);
	KTEST_EXPECT_EQ_U(t, st.bsize, 4096);
	KTEST_EXPECT_EQ_U(t, st.blocks, 2048);
	KTEST_EXPECT_EQ_U(t, st.bfree, ext2t_sb(&im)->s_free_blocks_count);
	KTEST_EXPECT_LT_U(t, st.bfree, st.blocks);
	KTEST_EXPECT_EQ_U(t, st.ffree, ext2t_sb(&im)->s_free_inodes_count);
	KTEST_EXPECT_EQ_U(t, st.namelen, 255);
	KTEST_EXPECT(t, !im.fs->readonly && im.fs->filetype);
out:
	ext2t_image_free(&im);
}

/* Mount a copy of @im with one superblock field changed; Return: errno. */
static int ext2t_mount_with(struct ext2t_image *im, unsigned int flags,
			    size_t off, size_t width, u32 val, bool *readonly)
{
	u8 *copy = malloc(im->size);
	struct ext2_io io;
	struct ext2_fs *fs;
	int r;

	memcpy(copy, im->mem, im->size);
	memcpy(copy + EXT2_SUPER_OFFSET + off, &val, width);
	ext2_io_mem_init(&io, copy, im->size);
	r = ext2_fs_open(&io, flags, &fs);
	if (!r) {
		*readonly = fs->readonly;
		ext2_fs_close(fs);
	}
	free(copy);
	return r;
}

#define SB_FIELD(f)	offsetof(struct ext2_super, f), \
			sizeof(((struct ext2_super *)0)->f)

/* Each refusal of Linux's ext2_fill_super(), one field at a time. */
static void ext2_mount_refusals(struct ktest *t)
{
	struct ext2t_image im;
	bool ro = false;

	if (!ext2t_image_make(t, &im, 1024, 8192))
		goto out;
	KTEST_EXPECT_EQ(t, ext2t_mount_with(&im, 0, SB_FIELD(s_magic), 0xEF52,
					    &ro), -EINVAL);
	KTEST_EXPECT_EQ(t, ext2t_mount_with(&im, 0, SB_FIELD(s_rev_level), 2,
					    &ro), -EINVAL);
	KTEST_EXPECT_EQ(t, ext2t_mount_with(&im, 0, SB_FIELD(s_log_block_size),
					    7, &ro), -EINVAL);
	KTEST_EXPECT_EQ(t, ext2t_mount_with(&im, 0, SB_FIELD(s_blocks_count),
					    1 << 20, &ro), -EINVAL);
	KTEST_EXPECT_EQ(t, ext2t_mount_with(&im, 0,
					    SB_FIELD(s_inodes_per_group), 0,
					    &ro), -EINVAL);
	KTEST_EXPECT_EQ(t, ext2t_mount_with(&im, 0, SB_FIELD(s_inode_size), 100,
					    &ro), -EINVAL);
	/* 0x40: extents, which ext2 cannot read */
	KTEST_EXPECT_EQ(t, ext2t_mount_with(&im, 0,
					    SB_FIELD(s_feature_incompat), 0x42,
					    &ro), -EINVAL);
	/* 0x8: huge_file, unknown here: read-write refused, read-only not */
	KTEST_EXPECT_EQ(t, ext2t_mount_with(&im, 0,
					    SB_FIELD(s_feature_ro_compat), 0xb,
					    &ro), -EINVAL);
	KTEST_EXPECT_EQ(t, ext2t_mount_with(&im, EXT2_MOUNT_RDONLY,
					    SB_FIELD(s_feature_ro_compat),
					    0xb, &ro), 0);
	KTEST_EXPECT(t, ro);
	KTEST_EXPECT_EQ(t, ext2t_mount_with(&im, 0,
					    SB_FIELD(s_feature_ro_compat), 0x3,
					    &ro), 0);
	KTEST_EXPECT(t, !ro);
out:
	ext2t_image_free(&im);
}

static u64 ext2t_rand(u64 *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* Where the corruption goes: the metadata a mount and a walk read. */
struct ext2t_targets {
	u64 off[4], len[4];
	u32 inode_size, bs;
	u32 dirent[16];		/* the root's entries, by offset */
	u32 nr_dirents;
	u32 ino[8];		/* the inodes of the names below */
};

static const char *const ext2t_fuzz_names[8] = {
	"", "dir", "small", "ind", "dind", "sparse", "link.short", "link.long"
};



static bool ext2t_find_targets(struct ext2t_image *im,
			       struct ext2t_targets *tg)
{
	struct ext2_inode root;
	struct ext2_fs *fs;
	u32 bs;

	if (ext2_fs_open(&im->io, EXT2_MOUNT_RDONLY, &fs))
		return false;
	bs = fs->block_size;
	tg->off[0] = EXT2_SUPER_OFFSET;	/* the superblock's fields */
	tg->len[0] = 104;
	tg->off[1] = (u64)(fs->sb->s_first_data_block + 1) * bs;
	tg->len[1] = fs->groups * sizeof(struct ext2_group_desc);
	tg->off[2] = (u64)fs->gd[0].bg_inode_table * bs; /* inodes 1..  */
	tg->len[2] = 32 * (u64)fs->inode_size;
	ext2_read_inode(fs, 2, &root);
	for (int i = 0; i < 8; i++)
		if (ext2t_walk(fs, ext2t_fuzz_names[i], &tg->ino[i]))
			tg->ino[i] = 2;
	tg->inode_size = fs->inode_size;
	tg->bs = bs;
	/* the headers of the root's first entries: ".", "..", lost+found */
	tg->off[3] = (u64)root.i_block[0] * bs;
	tg->len[3] = bs;
	ext2_fs_close(fs);
	for (u32 off = 0; off < bs && tg->nr_dirents < 16;) {
		u16 rec_len;

		tg->dirent[tg->nr_dirents++] = off;
		memcpy(&rec_len, im->mem + tg->off[3] + off + 4, 2);
		off += rec_len;
	}
	return true;
}

/* Values that sit on the edges the checks guard (@at: a dirent's offset). */
static u32 ext2t_edge(unsigned int k, u32 bs, u32 at)
{
	const u32 v[] = { 0, 1, 4, 8, 12, 59, 60, 61, 255, 0xffff,
			  0x7fffffff, 0xffffffff, bs - 4, bs, bs - at - 4,
			  bs - at + 4, bs - at };

	return v[k % ARRAY_SIZE(v)];
}

#define EXT2T_EDGES	17

/* Fields of an inode ({ offset, width }): mode, size, links, i_blocks,
 * flags, i_block[0], [1], [11], [12], [13], size_high. */
static const u8 ext2t_inode_field[][2] = {
	{ 0, 2 }, { 4, 4 }, { 26, 2 }, { 28, 4 }, { 32, 4 }, { 40, 4 },
	{ 44, 4 }, { 84, 4 }, { 88, 4 }, { 92, 4 }, { 108, 4 },
};

/* Fields of a directory entry: inode, rec_len, name_len, file_type. */
static const u8 ext2t_dirent_field[][2] = {
	{ 0, 4 }, { 4, 2 }, { 6, 1 }, { 7, 1 },
};

static bool ext2t_fuzz_fill(void *ctx, const char *name, unsigned int len,
			    u32 ino, u8 ft)
{
	int *n = ctx;

	return ++*n < 1000 && len <= 255 && name && ino && ft < EXT2_FT_MAX;
}

/* Everything a user could do, on a damaged image: only values or errnos. */
static void ext2t_fuzz_ops(struct ext2_fs *fs)
{
	static u8 buf[8192];
	u32 ino, orphan;
	int n = 0;

	ext2_readdir(fs, 2, ext2t_fuzz_fill, &n);
	for (size_t i = 0; i < ARRAY_SIZE(ext2t_files); i++) {
		if (ext2t_walk(fs, ext2t_files[i].path, &ino))
			continue;
		ext2_file_read(fs, ino, 0, buf, sizeof(buf));
		ext2_file_read(fs, ino, 300000, buf, sizeof(buf));
		ext2_file_write(fs, ino, 70000, buf, 3000);
		ext2_truncate(fs, ino, 100);
	}
	if (!ext2t_walk(fs, "link.long", &ino))
		ext2_readlink(fs, ino, (char *)buf, sizeof(buf));
	if (!ext2t_walk(fs, "link.short", &ino))
		ext2_readlink(fs, ino, (char *)buf, sizeof(buf));
	if (!ext2_create(fs, 2, "fz", 0644, &ino))
		ext2_file_write(fs, ino, 5000, buf, 5000);
	ext2_mkdir(fs, 2, "fzd", 0755, &ino);
	ext2_rename(fs, 2, "fz", 2, "fzd", &orphan);
	ext2_rename(fs, 2, "dir", 2, "dir2", &orphan);
	ext2_rmdir(fs, 2, "fzd");
	if (!ext2_unlink(fs, 2, "fz", &orphan) && orphan)
		ext2_inode_put_link(fs, orphan);
	ext2_unlink(fs, 2, "hard", &orphan);
	ext2_sync(fs);
}

/* Mount @img and run the operations. Return: true if it mounted. */
static bool ext2t_try(struct ktest *t, u8 *img, u64 size)
{
	struct ext2_io io;
	struct ext2_fs *fs;
	int r;

	ext2_io_mem_init(&io, img, size);
	r = ext2_fs_open(&io, 0, &fs);
	if (r) {
		KTEST_EXPECT_EQ(t, r, -EINVAL);
		return false;
	}
	ext2t_fuzz_ops(fs);
	ext2_fs_close(fs);
	return true;
}

/*
 * 800 images, each with 1 to 8 random bytes of its superblock, group
 * descriptors, first inodes or root directory block set to random values:
 * a mount fails with -EINVAL, or the operations above run to
 * the end. Both must happen often, or the walk would test nothing.
 */
static void ext2_fuzz_images(struct ktest *t)
{
	struct ext2t_targets tg = { 0 };
	struct ext2t_image im;
	u64 seed = 0x2545F4914F6CDD1DULL ^ ktest_options.seed;
	int mounted = 0, refused = 0;
	u8 *copy;

	if (!ext2t_image_make(t, &im, 1024, 2048))
		goto out;
	KTEST_ASSERT(t, ext2t_find_targets(&im, &tg));
	copy = malloc(im.size);
	KTEST_ASSERT_NOT_NULL(t, copy);
	for (int round = 0; round < 800; round++) {
		unsigned int area = round % 4;
		unsigned int nbytes = 1 + ext2t_rand(&seed) % 8;

		memcpy(copy, im.mem, im.size);
		for (unsigned int i = 0; i < nbytes; i++)
			copy[tg.off[area] + ext2t_rand(&seed) % tg.len[area]] =
				(u8)ext2t_rand(&seed);
		if (ext2t_try(t, copy, im.size))
			mounted++;
		else
			refused++;
	}
	free(copy);
	ktest_log(t, "%d mounted, %d refused", mounted, refused);
	KTEST_EXPECT_GT(t, mounted, 400);
	KTEST_EXPECT_GT(t, refused, 20);
out:
	ext2t_image_free(&im);
}

/*
 * Every field of the inodes of the tree's names and of the root's
 * directory entries, set in turn to every edge value (0, 1, the block
 * size, the bytes left in the block, 60 for a fast symlink, all ones...):
 * each image mounts (these are not superblock fields) and the operations
 * return values or errnos.
 */
static void ext2_fuzz_fields(struct ktest *t)
{
	struct ext2t_targets tg = { 0 };
	struct ext2t_image im;
	int images = 0;
	u8 *copy;

	if (!ext2t_image_make(t, &im, 1024, 2048))
		goto out;
	KTEST_ASSERT(t, ext2t_find_targets(&im, &tg));
	copy = malloc(im.size);
	KTEST_ASSERT_NOT_NULL(t, copy);
	for (int i = 0; i < 8; i++)
		for (size_t f = 0; f < ARRAY_SIZE(ext2t_inode_field); f++)
			for (int k = 0; k < EXT2T_EDGES; k++) {
				const u8 *fl = ext2t_inode_field[f];
				u32 v = ext2t_edge(k, tg.bs, 0);

				memcpy(copy, im.mem, im.size);
				memcpy(copy + tg.off[2] + fl[0] +
				       (u64)(tg.ino[i] - 1) * tg.inode_size,
				       &v, fl[1]);
				images++;
				KTEST_EXPECT(t, ext2t_try(t, copy, im.size));
			}
	for (u32 e = 0; e < tg.nr_dirents; e++)
		for (size_t f = 0; f < ARRAY_SIZE(ext2t_dirent_field); f++)
			for (int k = 0; k < EXT2T_EDGES; k++) {
				const u8 *fl = ext2t_dirent_field[f];
				u32 v = ext2t_edge(k, tg.bs, tg.dirent[e]);

				memcpy(copy, im.mem, im.size);
				memcpy(copy + tg.off[3] + tg.dirent[e] + fl[0],
				       &v, fl[1]);
				images++;
				KTEST_EXPECT(t, ext2t_try(t, copy, im.size));
			}
	free(copy);
	ktest_log(t, "%d images", images);
out:
	ext2t_image_free(&im);
}

KTEST_SUITE(ext2_super,
	    KTEST_CASE(ext2_mount_good),
	    KTEST_CASE(ext2_mount_refusals),
	    KTEST_CASE(ext2_fuzz_images),
	    KTEST_CASE(ext2_fuzz_fields));
#endif /* HOST_BUILD */
