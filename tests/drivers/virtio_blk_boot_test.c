// SPDX-License-Identifier: MIT
/*
 * drivers/virtio_blk.c (and the PCI function under it) on the disk the
 * runner attaches in the virtio rows (tools/oomlab/disk.py writes it):
 * 8 MiB where 32-bit word w of sector s holds s * 128 + w. The suite
 * checks the function's BAR sizes, reads the whole pattern back, writes
 * the complement into sectors 4096-4111 (the runner checks the image
 * after the boot), sees interrupts arrive, the stat counters move by
 * exactly the I/O done, and -EIO past the end; then the ext2 disk vdb
 * the runner attaches beside it. Without vda (every other row) each
 * case skips.
 */
#include "block/blkdev.h"
#include "drivers/pci.h"
#include "drivers/virtio_blk.h"
#include "kernel/ktest.h"
#include "kernel/printk.h"
#include "lib/errno.h"
#include "mm/page_alloc.h"
#include "tests/fs/ext2_disk.h"
#include "tests/fs/fs_test_util.h"

#define DISK_SECTORS		16384
#define WRITE_SECTOR		4096
#define WRITE_SECTORS		16
#define CHUNK_ORDER		6	/* 256 KiB reads */
#define CHUNK_SECTORS		((PAGE_SIZE << CHUNK_ORDER) / SECTOR_SIZE)
#define WORDS_PER_SECTOR	(SECTOR_SIZE / 4)

static u32 pattern(u64 sector, unsigned int word)
{
	return sector * WORDS_PER_SECTOR + word;
}

static struct block_device *vda(struct ktest *t)
{
	struct block_device *bdev = blk_lookup("vda");

	if (!bdev || !virtio_blk_pci(bdev))
		return NULL;
	if (!KTEST_EXPECT_GE_U(t, bdev->nr_sectors, DISK_SECTORS))
		return NULL;
	return bdev;
}

/* Sectors of [@first, @first + @n) in @buf that differ from the
 * pattern, outside the region this suite writes. */
static unsigned int pattern_mismatches(const u32 *buf, u64 first, u64 n)
{
	unsigned int bad = 0;

	for (u64 s = first; s < first + n; s++) {
		const u32 *w = buf + (s - first) * WORDS_PER_SECTOR;

		if (s >= WRITE_SECTOR && s < WRITE_SECTOR + WRITE_SECTORS)
			continue;
		for (unsigned int i = 0; i < WORDS_PER_SECTOR; i++)
			if (w[i] != pattern(s, i)) {
				bad++;
				break;
			}
	}
	return bad;
}

/* All 16384 sectors, 256 KiB at a time: every one holds its pattern. */
static void virtio_blk_read_pattern(struct ktest *t)
{
	struct block_device *bdev = vda(t);
	unsigned int bad = 0;
	u32 *buf;

	if (!bdev)
		KTEST_SKIP(t, "no virtio-blk disk");
	buf = __get_free_pages(GFP_KERNEL, CHUNK_ORDER);
	KTEST_ASSERT_NOT_NULL(t, buf);
	for (u64 s = 0; s < DISK_SECTORS; s += CHUNK_SECTORS) {
		if (!KTEST_EXPECT_EQ(t, blk_rw_sync(bdev, BLK_READ, s, buf,
						    CHUNK_SECTORS), 0))
			break;
		bad += pattern_mismatches(buf, s, CHUNK_SECTORS);
	}
	KTEST_EXPECT_EQ(t, bad, 0);
	free_pages_addr(buf, CHUNK_ORDER);
}

/* The complement of the pattern into sectors 4096-4111, flushed, reads
 * back; the runner finds it in the image file after the boot. */
static void virtio_blk_write_region(struct ktest *t)
{
	struct block_device *bdev = vda(t);
	u32 *w, *r;

	if (!bdev)
		KTEST_SKIP(t, "no virtio-blk disk");
	w = __get_free_pages(GFP_KERNEL, 2);
	KTEST_ASSERT_NOT_NULL(t, w);
	r = w + WRITE_SECTORS * WORDS_PER_SECTOR;
	for (unsigned int s = 0; s < WRITE_SECTORS; s++)
		for (unsigned int i = 0; i < WORDS_PER_SECTOR; i++)
			w[s * WORDS_PER_SECTOR + i] =
				~pattern(WRITE_SECTOR + s, i);
	KTEST_EXPECT_EQ(t, blk_rw_sync(bdev, BLK_WRITE, WRITE_SECTOR, w,
				       WRITE_SECTORS), 0);
	KTEST_EXPECT_EQ(t, blk_flush_sync(bdev), 0);
	KTEST_EXPECT_EQ(t, blk_rw_sync(bdev, BLK_READ, WRITE_SECTOR, r,
				       WRITE_SECTORS), 0);
	KTEST_EXPECT(t, !memcmp(w, r, WRITE_SECTORS * SECTOR_SIZE));
	free_pages_addr(w, 2);
}

/* Completions come by interrupt: eight reads raise the function's
 * count by at least one (coalescing may merge some). */
static void virtio_blk_irqs(struct ktest *t)
{
	struct block_device *bdev = vda(t);
	struct pci_dev *pci;
	u64 before;
	void *buf;

	if (!bdev)
		KTEST_SKIP(t, "no virtio-blk disk");
	pci = virtio_blk_pci(bdev);
	buf = get_zeroed_page(GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(t, buf);
	before = pci_irq_count(pci);
	for (int i = 0; i < 8; i++)
		KTEST_EXPECT_EQ(t, blk_rw_sync(bdev, BLK_READ, i * 64, buf, 8),
				0);
	KTEST_EXPECT_LT_U(t, before, pci_irq_count(pci));
	ktest_log(t, "%s %s: %llu interrupts (%s)", bdev->name,
		  virtio_blk_modern(bdev) ? "modern" : "legacy",
		  (unsigned long long)(pci_irq_count(pci) - before),
		  pci->irq_kind == PCI_IRQ_MSIX ? "MSI-X" :
		  pci->irq_kind == PCI_IRQ_INTX ? "INTx" : "MSI");
	free_pages_addr(buf, 0);
}

/* Field @n (0-based) of a stat line. */
static u64 stat_field(const char *line, int n)
{
	u64 v = 0;

	for (int i = 0; i <= n; i++) {
		while (*line == ' ')
			line++;
		v = 0;
		while (*line >= '0' && *line <= '9')
			v = v * 10 + (*line++ - '0');
	}
	return v;
}

/*
 * Four reads of 8 sectors far apart (the last of sectors 0-7), one write
 * of 8 (sectors 0-7 put back as read) and a flush: the counters move by
 * exactly 4 reads / 32 sectors, 1 write / 8 sectors, 1 flush, nothing in
 * flight after; /sys/block/vda/stat shows the snapshot's read and flush
 * counts.
 */
static void virtio_blk_stat(struct ktest *t)
{
	struct block_device *bdev = vda(t);
	struct blk_stats a, b;
	char line[256];
	u32 *buf;

	if (!bdev)
		KTEST_SKIP(t, "no virtio-blk disk");
	buf = get_zeroed_page(GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(t, buf);
	blk_stats_read(bdev, &a);
	for (int i = 0; i < 3; i++)
		KTEST_EXPECT_EQ(t, blk_rw_sync(bdev, BLK_READ, 1000 * (i + 1),
					       buf, 8), 0);
	KTEST_EXPECT_EQ(t, blk_rw_sync(bdev, BLK_READ, 0, buf, 8), 0);
	KTEST_EXPECT_EQ(t, blk_rw_sync(bdev, BLK_WRITE, 0, buf, 8), 0);
	KTEST_EXPECT_EQ(t, blk_flush_sync(bdev), 0);
	blk_stats_read(bdev, &b);
	KTEST_EXPECT_EQ_U(t, b.ios[BLK_STAT_READ] - a.ios[BLK_STAT_READ], 4);
	KTEST_EXPECT_EQ_U(t, b.sectors[BLK_STAT_READ] -
				     a.sectors[BLK_STAT_READ], 32);
	KTEST_EXPECT_EQ_U(t, b.ios[BLK_STAT_WRITE] - a.ios[BLK_STAT_WRITE], 1);
	KTEST_EXPECT_EQ_U(t, b.sectors[BLK_STAT_WRITE] -
				     a.sectors[BLK_STAT_WRITE], 8);
	KTEST_EXPECT_EQ_U(t, b.ios[BLK_STAT_FLUSH] - a.ios[BLK_STAT_FLUSH], 1);
	KTEST_EXPECT_EQ(t, b.in_flight, 0);
	KTEST_EXPECT_GT(t, ft_slurp("/sys/block/vda/stat", line, sizeof(line)),
			0);
	KTEST_EXPECT_EQ_U(t, stat_field(line, 0), b.ios[BLK_STAT_READ]);
	KTEST_EXPECT_EQ_U(t, stat_field(line, 15), b.ios[BLK_STAT_FLUSH]);
	free_pages_addr(buf, 0);
}

/* The last sector reads; the last two, or one past the end, are -EIO
 * and reach no device (the counters do not move). */
static void virtio_blk_eio_past_end(struct ktest *t)
{
	struct block_device *bdev = vda(t);
	struct blk_stats a, b;
	void *buf;

	if (!bdev)
		KTEST_SKIP(t, "no virtio-blk disk");
	buf = get_zeroed_page(GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(t, buf);
	KTEST_EXPECT_EQ(t, blk_rw_sync(bdev, BLK_READ, bdev->nr_sectors - 1,
				       buf, 1), 0);
	blk_stats_read(bdev, &a);
	KTEST_EXPECT_EQ(t, blk_rw_sync(bdev, BLK_READ, bdev->nr_sectors - 1,
				       buf, 2), -EIO);
	KTEST_EXPECT_EQ(t, blk_rw_sync(bdev, BLK_WRITE, bdev->nr_sectors,
				       buf, 1), -EIO);
	blk_stats_read(bdev, &b);
	KTEST_EXPECT_EQ_U(t, b.ios[BLK_STAT_READ] + b.ios[BLK_STAT_WRITE],
			  a.ios[BLK_STAT_READ] + a.ios[BLK_STAT_WRITE]);
	free_pages_addr(buf, 0);
}

/*
 * BAR sizing on a known function: QEMU's transitional virtio-blk has
 * the legacy registers in 128 I/O ports (BAR 0), the MSI-X table in 4
 * KiB of memory (BAR 1) and, when modern, the virtio 1.0 structures in
 * 16 KiB of 64-bit memory (BAR 4, BAR 5 its high half).
 */
static void virtio_blk_bars(struct ktest *t)
{
	struct block_device *bdev = vda(t);
	struct pci_dev *pci;

	if (!bdev)
		KTEST_SKIP(t, "no virtio-blk disk");
	pci = virtio_blk_pci(bdev);
	KTEST_EXPECT(t, pci->bar[0].io);
	KTEST_EXPECT_EQ_U(t, pci->bar[0].size, 0x80);
	KTEST_EXPECT(t, !pci->bar[1].io);
	KTEST_EXPECT_EQ_U(t, pci->bar[1].size, 0x1000);
	KTEST_EXPECT_EQ_U(t, pci->bar[4].size,
			  virtio_blk_modern(bdev) ? 0x4000 : 0);
	KTEST_EXPECT_EQ_U(t, pci->bar[5].size, 0);
}

/* The second disk, vdb, is the runner's ext2 image, mounted by
 * root=/dev/vdb rw: the host's files read back, the boot's written
 * (tests/fs/ext2_disk_boot_test.c), checked by e2fsck and debugfs after
 * the boot. */
static void virtio_blk_ext2(struct ktest *t)
{
	struct block_device *vdb = blk_lookup("vdb");

	if (!vdb || !virtio_blk_pci(vdb))
		KTEST_SKIP(t, "no second virtio-blk disk");
	ext2_disk_exercise(t, "vdb");
}

KTEST_SUITE(virtio_blk,
	    KTEST_CASE(virtio_blk_bars),
	    KTEST_CASE(virtio_blk_read_pattern),
	    KTEST_CASE(virtio_blk_write_region),
	    KTEST_CASE(virtio_blk_irqs),
	    KTEST_CASE(virtio_blk_stat),
	    KTEST_CASE(virtio_blk_eio_past_end),
	    KTEST_CASE(virtio_blk_ext2));
