/* SPDX-License-Identifier: MIT */
/*
 * /dev/kmsg (fs/kmsg.c): the kernel log as records, in Linux's format
 * (Documentation/ABI/testing/dev-kmsg): each read(2) returns one line
 * "prio,seq,usec,-;text\n"; a reader that fell behind the ring gets
 * -EPIPE once and goes on at the oldest record; at the end a read
 * sleeps, or is -EAGAIN with O_NONBLOCK. Each write(2) becomes one log
 * line (an optional "<N>" level prefix is dropped).
 */
#ifndef FS_KMSG_H
#define FS_KMSG_H

struct file_operations;

extern const struct file_operations kmsg_fops;

#endif
