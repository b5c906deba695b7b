/* SPDX-License-Identifier: MIT */
/*
 * ext2's read-ahead (fs/ext2_readahead.c): a run of file pages read
 * straight into page-cache pages, one device request per stretch of
 * physically contiguous blocks, holes zeroed without I/O.
 */
#ifndef FS_EXT2_READAHEAD_H
#define FS_EXT2_READAHEAD_H

#include "fs/ext2.h"

int ext2_file_read_pages(struct ext2_fs *fs, u32 ino, u64 pos,
			 void *const *pages, unsigned int nr);

#endif
