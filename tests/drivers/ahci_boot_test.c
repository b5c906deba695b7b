// SPDX-License-Identifier: MIT
/*
 * drivers/ahci.c on the disk the runner attaches in the AHCI rows
 * (tools/oomlab/disk.py): sda is an ext2 file system followed by a
 * scratch MiB, its last 2048 sectors, which no file system covers. The
 * suite checks the HBA's function and interrupt kind, writes a pattern
 * into the scratch MiB through many requests (the runner finds it in
 * the image after the boot), reads it back, sees interrupts arrive and
 * the stat counters move by the I/O done, and fails a command on
 * purpose: the disk's error is -EIO, the port is reset and works again;
 * last, the ext2 file system root= mounted on /mnt is checked and
 * written.
 * Without sda on an AHCI HBA (every other row) each case skips.
 */
#include "block/blkdev.h"
#include "drivers/ahci.h"
#include "drivers/pci.h"
#include "kernel/ktest.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "mm/page_alloc.h"
#include "tests/fs/ext2_disk.h"

#define SCRATCH_SECTORS		2048	/* the image's last MiB */
#define CHUNK_ORDER		4	/* 64 KiB per call */
#define CHUNK_SECTORS		((PAGE_SIZE << CHUNK_ORDER) / SECTOR_SIZE)
#define WORDS_PER_SECTOR	(SECTOR_SIZE / 4)
#define AHCI_PATTERN_XOR	0x5a7e0000u	/* tools/oomlab/disk.py's */

static struct block_device *sda(struct ktest *t)
{
	struct block_device *bdev = blk_lookup("sda");

	if (!bdev || !ahci_pci(bdev))
		return NULL;
	if (!KTEST_EXPECT_LT_U(t, SCRATCH_SECTORS, bdev->nr_sectors))
		return NULL;
	return bdev;
}

/* Word @w of scratch sector @s: its absolute sector mixed with a tag,
 * so a write to the wrong sector or a lost one shows. */
static u32 scratch_word(u64 s, unsigned int w)
{
	return (u32)(s * WORDS_PER_SECTOR + w) ^ AHCI_PATTERN_XOR;
}

/* The function is an AHCI HBA (class 01.06.01) with its ABAR; the
 * interrupt is MSI unless ahci.intx=1 asked for the line. */
static void ahci_hba(struct ktest *t)
{
	struct block_device *bdev = sda(t);
	struct pci_dev *pci;

	if (!bdev)
		KTEST_SKIP(t, "no AHCI disk");
	pci = ahci_pci(bdev);
	KTEST_EXPECT_EQ_U(t, pci->class, 0x010601);
	KTEST_EXPECT(t, !pci->bar[5].io && pci->bar[5].size >= 0x180);
	KTEST_EXPECT(t, pci->irq_kind == PCI_IRQ_MSI ||
			pci->irq_kind == PCI_IRQ_INTX);
	KTEST_EXPECT_EQ_U(t, bdev->logical_block_size, SECTOR_SIZE);
	ktest_log(t, "%s: %llu sectors, %s", bdev->name,
		  (unsigned long long)bdev->nr_sectors,
		  pci->irq_kind == PCI_IRQ_MSI ? "MSI" : "INTx");
}

/*
 * The scratch MiB written 64 KiB per call while plugged (requests of 16
 * segments merged up to the limit), flushed, read back whole: equal. The
 * counters move by the sectors written and read, and interrupts came.
 */
static void ahci_scratch_rw(struct ktest *t)
{
	struct block_device *bdev = sda(t);
	struct blk_stats a, b;
	u64 first, irqs;
	u32 *buf;

	if (!bdev)
		KTEST_SKIP(t, "no AHCI disk");
	first = bdev->nr_sectors - SCRATCH_SECTORS;
	buf = __get_free_pages(GFP_KERNEL, CHUNK_ORDER);
	KTEST_ASSERT_NOT_NULL(t, buf);
	blk_stats_read(bdev, &a);
	irqs = pci_irq_count(ahci_pci(bdev));
	for (u64 s = first; s < bdev->nr_sectors; s += CHUNK_SECTORS) {
		for (unsigned int i = 0; i < CHUNK_SECTORS * WORDS_PER_SECTOR;
		     i++)
			buf[i] = scratch_word(s + i / WORDS_PER_SECTOR,
					      i % WORDS_PER_SECTOR);
		if (!KTEST_EXPECT_EQ(t, blk_rw_sync(bdev, BLK_WRITE, s, buf,
						    CHUNK_SECTORS), 0))
			goto out;
	}
	KTEST_EXPECT_EQ(t, blk_flush_sync(bdev), 0);
	for (u64 s = first; s < bdev->nr_sectors; s += CHUNK_SECTORS) {
		unsigned int bad = 0;

		memset(buf, 0, PAGE_SIZE << CHUNK_ORDER);
		if (!KTEST_EXPECT_EQ(t, blk_rw_sync(bdev, BLK_READ, s, buf,
						    CHUNK_SECTORS), 0))
			goto out;
		for (unsigned int i = 0; i < CHUNK_SECTORS * WORDS_PER_SECTOR;
		     i++)
			bad += buf[i] != scratch_word(s + i / WORDS_PER_SECTOR,
						      i % WORDS_PER_SECTOR);
		if (!KTEST_EXPECT_EQ(t, bad, 0))
			goto out;
	}
	blk_stats_read(bdev, &b);
	KTEST_EXPECT_EQ_U(t, b.sectors[BLK_STAT_WRITE] -
				     a.sectors[BLK_STAT_WRITE], SCRATCH_SECTORS);
	KTEST_EXPECT_EQ_U(t, b.sectors[BLK_STAT_READ] -
				     a.sectors[BLK_STAT_READ], SCRATCH_SECTORS);
	KTEST_EXPECT_EQ_U(t, b.ios[BLK_STAT_FLUSH] - a.ios[BLK_STAT_FLUSH], 1);
	KTEST_EXPECT_EQ(t, b.in_flight, 0);
	KTEST_EXPECT_LE_U(t, irqs + 2 * SCRATCH_SECTORS / CHUNK_SECTORS,
			  pci_irq_count(ahci_pci(bdev)));
out:
	free_pages_addr(buf, CHUNK_ORDER);
}

/*
 * A command the disk refuses: the block layer is told the disk is 8
 * sectors larger for the call (nothing else uses sda meanwhile), so a
 * read past the real end reaches the disk, which answers with ERR (an
 * ID-not-found/abort). The read is -EIO, the port is reset once, and
 * the next read returns what was written to the sector before.
 */
static void ahci_error_resets_port(struct ktest *t)
{
	struct block_device *bdev = sda(t);
	u64 real, resets;
	u32 *buf;

	if (!bdev)
		KTEST_SKIP(t, "no AHCI disk");
	buf = get_zeroed_page(GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(t, buf);
	real = bdev->nr_sectors;
	for (unsigned int i = 0; i < WORDS_PER_SECTOR; i++)
		buf[i] = scratch_word(real - SCRATCH_SECTORS, i);
	KTEST_EXPECT_EQ(t, blk_rw_sync(bdev, BLK_WRITE, real - SCRATCH_SECTORS,
				       buf, 1), 0);
	memset(buf, 0, SECTOR_SIZE);
	resets = ahci_port_resets(bdev);
	bdev->nr_sectors = real + 8;
	KTEST_EXPECT_EQ(t, blk_rw_sync(bdev, BLK_READ, real, buf, 8), -EIO);
	bdev->nr_sectors = real;
	KTEST_EXPECT_EQ(t, blk_rw_sync(bdev, BLK_READ, real - SCRATCH_SECTORS,
				       buf, 1), 0);
	KTEST_EXPECT_EQ_U(t, ahci_port_resets(bdev), resets + 1);
	KTEST_EXPECT_EQ_U(t, buf[WORDS_PER_SECTOR - 1],
			  scratch_word(real - SCRATCH_SECTORS,
				       WORDS_PER_SECTOR - 1));
	free_pages_addr(buf, 0);
}

/* The ext2 file system on sda, mounted by root=/dev/sda rw: the host's
 * files read back, the boot's written (tests/fs/ext2_disk_boot_test.c),
 * checked by e2fsck and debugfs after the boot. */
static void ahci_ext2(struct ktest *t)
{
	if (!sda(t))
		KTEST_SKIP(t, "no AHCI disk");
	ext2_disk_exercise(t, "sda");
}

KTEST_SUITE(ahci,
	    KTEST_CASE(ahci_hba),
	    KTEST_CASE(ahci_scratch_rw),
	    KTEST_CASE(ahci_error_resets_port),
	    KTEST_CASE(ahci_ext2));
