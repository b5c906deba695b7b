/* SPDX-License-Identifier: MIT */
/*
 * The ext2 disk the runner makes with mke2fs -d and checks after the
 * boot (tools/oomlab/ext2_disk.py), exercised on a real disk driver
 * (tests/fs/ext2_disk_boot_test.c): each driver's suite calls it for
 * the disk root= mounted on /mnt.
 */
#ifndef TESTS_FS_EXT2_DISK_H
#define TESTS_FS_EXT2_DISK_H

struct ktest;

void ext2_disk_exercise(struct ktest *t, const char *dev);

#endif
