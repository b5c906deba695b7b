/* SPDX-License-Identifier: MIT */
/*
 * The pure arithmetic of ATA (drivers/ata_id.c), apart from any
 * hardware so that the host tests run it: what IDENTIFY DEVICE's 256
 * words say (model, capacity, ATA version, fastest UDMA mode), the
 * register FIS a command is sent in, and the human sizes Linux's sd
 * prints. Word numbers are ATA8-ACS's.
 */
#ifndef DRIVERS_ATA_ID_H
#define DRIVERS_ATA_ID_H

#include "lib/types.h"

#define ATA_ID_WORDS		256
#define ATA_ID_FW_REV		23	/* 4 words */
#define ATA_ID_PROD		27	/* 20 words: the model */
#define ATA_ID_FW_REV_LEN	8
#define ATA_ID_PROD_LEN		40

#define ATA_CMD_READ_DMA_EXT	0x25
#define ATA_CMD_WRITE_DMA_EXT	0x35
#define ATA_CMD_FLUSH_EXT	0xea
#define ATA_CMD_IDENTIFY	0xec

#define ATA_FIS_H2D_LEN		20	/* bytes of a host-to-device FIS */
#define ATA_MAX_SECTORS_EXT	65536	/* a count of 0 means 65536 */

void ata_id_string(const u16 *id, unsigned int word, unsigned int len,
		   char *out);
bool ata_id_has_lba48(const u16 *id);
u64 ata_id_sectors(const u16 *id);
unsigned int ata_id_major(const u16 *id);
const char *ata_id_max_mode(const u16 *id);
void ata_fis_h2d(u8 *fis, u8 cmd, u64 lba, u32 count);
void ata_size_string(u64 bytes, bool binary, char *buf, size_t size);

#endif
