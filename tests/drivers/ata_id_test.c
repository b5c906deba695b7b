// SPDX-License-Identifier: MIT
/*
 * drivers/ata_id.c on forged IDENTIFY data shaped like QEMU's disk
 * (model "QEMU HARDDISK", firmware "2.5+", ATA-7, UDMA modes 0-5,
 * LBA48), the register FIS of a READ DMA EXT, and sd's size strings.
 */
#include "drivers/ata_id.h"
#include "kernel/ktest.h"
#include "lib/string.h"

/* Two characters per word, the first in the high byte, space-padded. */
static void put_string(u16 *id, unsigned int word, unsigned int len,
		       const char *s)
{
	size_t n = strlen(s);

	for (unsigned int i = 0; i < len; i++) {
		u8 c = i < n ? (u8)s[i] : ' ';

		if (i % 2 == 0)
			id[word + i / 2] = (u16)(c << 8);
		else
			id[word + i / 2] |= c;
	}
}

static void qemu_identify(u16 *id, u64 sectors)
{
	memset(id, 0, ATA_ID_WORDS * 2);
	put_string(id, ATA_ID_PROD, ATA_ID_PROD_LEN, "QEMU HARDDISK");
	put_string(id, ATA_ID_FW_REV, ATA_ID_FW_REV_LEN, "2.5+");
	id[60] = (u16)(sectors > 0x0fffffff ? 0xffff : sectors);
	id[61] = (u16)(sectors > 0x0fffffff ? 0x0fff : sectors >> 16);
	id[80] = 0xf0;			/* ATA-4 to ATA-7 */
	id[83] = 0x4000 | 1 << 10;	/* valid, LBA48 */
	id[88] = 0x3f;			/* UDMA 0-5 */
	for (int i = 0; i < 4; i++)
		id[100 + i] = (u16)(sectors >> (16 * i));
}

/* The model and firmware come out in reading order, padding cut off. */
static void ata_id_strings(struct ktest *t)
{
	u16 id[ATA_ID_WORDS];
	char model[ATA_ID_PROD_LEN + 1], fw[ATA_ID_FW_REV_LEN + 1];

	qemu_identify(id, 16384);
	ata_id_string(id, ATA_ID_PROD, ATA_ID_PROD_LEN, model);
	ata_id_string(id, ATA_ID_FW_REV, ATA_ID_FW_REV_LEN, fw);
	KTEST_EXPECT_STREQ(t, model, "QEMU HARDDISK");
	KTEST_EXPECT_STREQ(t, fw, "2.5+");
}

/* LBA48 capacity past 2^32 sectors comes from words 100-103; without
 * LBA48 the 28-bit words 60-61 count. */
static void ata_id_capacity(struct ktest *t)
{
	u16 id[ATA_ID_WORDS];

	qemu_identify(id, 0x123456789ull);
	KTEST_EXPECT(t, ata_id_has_lba48(id));
	KTEST_EXPECT_EQ_U(t, ata_id_sectors(id), 0x123456789ull);
	qemu_identify(id, 16384);
	id[83] = 0x4000;
	KTEST_EXPECT(t, !ata_id_has_lba48(id));
	KTEST_EXPECT_EQ_U(t, ata_id_sectors(id), 16384);
}

/* QEMU's disk is "ATA-7 ... max UDMA/100"; a blank word 80 is 0. */
static void ata_id_version_mode(struct ktest *t)
{
	u16 id[ATA_ID_WORDS];

	qemu_identify(id, 16384);
	KTEST_EXPECT_EQ_U(t, ata_id_major(id), 7);
	KTEST_EXPECT_STREQ(t, ata_id_max_mode(id), "UDMA/100");
	id[80] = 0xffff;
	id[88] = 0;
	KTEST_EXPECT_EQ_U(t, ata_id_major(id), 0);
	KTEST_EXPECT_STREQ(t, ata_id_max_mode(id), "PIO");
}

/* READ DMA EXT of 65536 sectors at LBA 0x0000_1234_5678_9abc... cut to
 * 48 bits: LBA bytes low first, the count 0, the LBA bit in device. */
static void ata_fis_read_ext(struct ktest *t)
{
	static const u8 want[ATA_FIS_H2D_LEN] = {
		0x27, 0x80, 0x25, 0, 0xbc, 0x9a, 0x78, 0x40,
		0x56, 0x34, 0x12, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	};
	u8 fis[ATA_FIS_H2D_LEN];

	memset(fis, 0xee, sizeof(fis));
	ata_fis_h2d(fis, ATA_CMD_READ_DMA_EXT, 0x123456789abcull, 65536);
	KTEST_EXPECT(t, !memcmp(fis, want, sizeof(want)));
	ata_fis_h2d(fis, ATA_CMD_WRITE_DMA_EXT, 0, 0x1ff);
	KTEST_EXPECT_EQ_U(t, fis[12], 0xff);
	KTEST_EXPECT_EQ_U(t, fis[13], 1);
}

/* sd's line for an 8 MiB and a 64 MiB disk, and a 2 TB one. */
static void ata_size_strings(struct ktest *t)
{
	char b[16];

	ata_size_string(8ull << 20, false, b, sizeof(b));
	KTEST_EXPECT_STREQ(t, b, "8.39 MB");
	ata_size_string(8ull << 20, true, b, sizeof(b));
	KTEST_EXPECT_STREQ(t, b, "8.00 MiB");
	ata_size_string(64ull << 20, false, b, sizeof(b));
	KTEST_EXPECT_STREQ(t, b, "67.1 MB");
	ata_size_string(2000398934016ull, false, b, sizeof(b));
	KTEST_EXPECT_STREQ(t, b, "2.00 TB");
	ata_size_string(500, false, b, sizeof(b));
	KTEST_EXPECT_STREQ(t, b, "500 B");
}

KTEST_SUITE(ata_id,
	    KTEST_CASE(ata_id_strings),
	    KTEST_CASE(ata_id_capacity),
	    KTEST_CASE(ata_id_version_mode),
	    KTEST_CASE(ata_fis_read_ext),
	    KTEST_CASE(ata_size_strings));
