// SPDX-License-Identifier: MIT
/*
 * ATA's pure arithmetic (drivers/ata_id.h): decoding IDENTIFY DEVICE,
 * building a host-to-device register FIS, and sizes as Linux prints
 * them. No hardware, no kernel state: the host tests run all of it.
 */
#include "drivers/ata_id.h"
#include "lib/format.h"
#include "lib/string.h"

#define ATA_ID_CAPACITY		60	/* 2 words: 28-bit sectors */
#define ATA_ID_MAJOR_VER	80
#define ATA_ID_COMMAND_SET_2	83
#define  ATA_ID_LBA48		(1 << 10)
#define ATA_ID_UDMA_MODES	88
#define ATA_ID_LBA_CAPACITY_2	100	/* 4 words: 48-bit sectors */

#define ATA_FIS_TYPE_H2D	0x27
#define ATA_FIS_COMMAND		0x80	/* the C bit: a command, not control */
#define ATA_DEVICE_LBA		0x40

/**
 * ata_id_string - an IDENTIFY text field as a C string.
 * @id: the 256 IDENTIFY words
 * @word: the field's first word
 * @len: its length in bytes (even)
 * @out: @len + 1 bytes
 *
 * Each word holds two characters, the first in its high byte; fields are
 * padded with spaces, which are cut off (Linux's ata_id_c_string()).
 * Context: any.
 */
void ata_id_string(const u16 *id, unsigned int word, unsigned int len,
		   char *out)
{
	unsigned int n = len;

	for (unsigned int i = 0; i < len / 2; i++) {
		out[2 * i] = (char)(id[word + i] >> 8);
		out[2 * i + 1] = (char)id[word + i];
	}
	while (n && (out[n - 1] == ' ' || out[n - 1] == 0))
		n--;
	out[n] = 0;
}

/**
 * ata_id_has_lba48 - whether the device takes 48-bit LBA commands.
 * @id: the IDENTIFY words
 *
 * Context: any.
 * Return: word 83's bit 10.
 */
bool ata_id_has_lba48(const u16 *id)
{
	return (id[ATA_ID_COMMAND_SET_2] & 0xc000) == 0x4000 &&
	       (id[ATA_ID_COMMAND_SET_2] & ATA_ID_LBA48);
}

/**
 * ata_id_sectors - the device's capacity in 512-byte sectors.
 * @id: the IDENTIFY words
 *
 * Context: any.
 * Return: words 100-103 when LBA48 is there, else words 60-61.
 */
u64 ata_id_sectors(const u16 *id)
{
	u64 n = 0;

	if (!ata_id_has_lba48(id))
		return id[ATA_ID_CAPACITY] |
		       (u32)id[ATA_ID_CAPACITY + 1] << 16;
	for (int i = 3; i >= 0; i--)
		n = n << 16 | id[ATA_ID_LBA_CAPACITY_2 + i];
	return n;
}

/**
 * ata_id_major - the newest ATA standard the device claims.
 * @id: the IDENTIFY words
 *
 * Context: any.
 * Return: N of "ATA-N" (word 80's highest bit of 1-14), 0 if none.
 */
unsigned int ata_id_major(const u16 *id)
{
	u16 v = id[ATA_ID_MAJOR_VER];

	if (v == 0 || v == 0xffff)
		return 0;
	for (unsigned int n = 14; n >= 1; n--)
		if (v & (1u << n))
			return n;
	return 0;
}

/**
 * ata_id_max_mode - the fastest transfer mode, as Linux names it.
 * @id: the IDENTIFY words
 *
 * Context: any.
 * Return: "UDMA/100" and friends from word 88's supported modes (Linux's
 * ata_mode_string() names), or "PIO" when no UDMA mode is listed.
 */
const char *ata_id_max_mode(const u16 *id)
{
	static const char *const udma[] = {
		"UDMA/16", "UDMA/25", "UDMA/33", "UDMA/44", "UDMA/66",
		"UDMA/100", "UDMA/133", "UDMA7",
	};
	u8 modes = (u8)id[ATA_ID_UDMA_MODES];

	for (int i = 7; i >= 0; i--)
		if (modes & (1u << i))
			return udma[i];
	return "PIO";
}

/**
 * ata_fis_h2d - a host-to-device register FIS carrying a command.
 * @fis: ATA_FIS_H2D_LEN bytes, overwritten
 * @cmd: the ATA command
 * @lba: 48-bit address (0 for commands without one)
 * @count: sectors, 1..65536 (65536 is sent as 0)
 *
 * Context: any.
 */
void ata_fis_h2d(u8 *fis, u8 cmd, u64 lba, u32 count)
{
	memset(fis, 0, ATA_FIS_H2D_LEN);
	fis[0] = ATA_FIS_TYPE_H2D;
	fis[1] = ATA_FIS_COMMAND;
	fis[2] = cmd;
	fis[4] = (u8)lba;
	fis[5] = (u8)(lba >> 8);
	fis[6] = (u8)(lba >> 16);
	fis[7] = ATA_DEVICE_LBA;
	fis[8] = (u8)(lba >> 24);
	fis[9] = (u8)(lba >> 32);
	fis[10] = (u8)(lba >> 40);
	fis[12] = (u8)count;
	fis[13] = (u8)(count >> 8);
}

/**
 * ata_size_string - @bytes with three significant digits and a unit.
 * @bytes: a size
 * @binary: KiB, MiB... (powers of 1024) rather than kB, MB...
 * @buf: output
 * @size: its size
 *
 * The shape of Linux's string_get_size() in sd's capacity line
 * ("8.39 MB", "8.00 MiB"), rounded to the nearest last digit.
 * Context: any.
 */
void ata_size_string(u64 bytes, bool binary, char *buf, size_t size)
{
	static const char *const dec[] = { "B", "kB", "MB", "GB", "TB",
					   "PB" };
	static const char *const bin[] = { "B", "KiB", "MiB", "GiB", "TiB",
					   "PiB" };
	u64 base = binary ? 1024 : 1000, div = 1, milli;
	unsigned int unit = 0, frac = 2;

	while (unit < 5 && bytes / div >= base) {
		div *= base;
		unit++;
	}
	/* The value times 1000, rounded: three digits after the point. */
	milli = (bytes / div) * 1000 + ((bytes % div) * 1000 + div / 2) / div;
	if (unit == 0) {
		snprintf(buf, size, "%llu B", (unsigned long long)bytes);
		return;
	}
	if (milli >= 100000)
		frac = 0;
	else if (milli >= 10000)
		frac = 1;
	for (unsigned int i = frac; i < 3; i++)
		milli = (milli + 5) / 10;
	if (frac == 2)
		snprintf(buf, size, "%llu.%02llu %s",
			 (unsigned long long)(milli / 100),
			 (unsigned long long)(milli % 100),
			 binary ? bin[unit] : dec[unit]);
	else if (frac == 1)
		snprintf(buf, size, "%llu.%llu %s",
			 (unsigned long long)(milli / 10),
			 (unsigned long long)(milli % 10),
			 binary ? bin[unit] : dec[unit]);
	else
		snprintf(buf, size, "%llu %s", (unsigned long long)milli,
			 binary ? bin[unit] : dec[unit]);
}
