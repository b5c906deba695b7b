/* SPDX-License-Identifier: MIT */
/*
 * Anonymous pipes (fs/pipe.c): pipe(2) and pipe2(2). A ring of
 * PIPE_DEF_BUFFERS page-sized buffers (Linux's default 64 KiB) between
 * a read end and a write end:
 *
 *   - a read takes what is there (blocking while the pipe is empty and
 *     a writer is left); an empty pipe with no writer reads 0 (EOF);
 *   - a write of at most PIPE_BUF bytes lands whole, never interleaved
 *     with another writer's bytes; a longer one may be split;
 *   - a write with no reader left is -EPIPE and sends SIGPIPE;
 *   - O_NONBLOCK makes either end -EAGAIN instead of sleeping.
 *
 * Each buffer page is kernel memory charged to the memory cgroup of the
 * task that wrote it, until it is read empty or the pipe is freed.
 */
#ifndef FS_PIPE_H
#define FS_PIPE_H

#define PIPE_BUF		4096	/* bytes a write keeps together */
#define PIPE_DEF_BUFFERS	16	/* pages in a pipe's ring */

struct file;

void pipe_init(void);
int pipe_create(int flags, struct file **rd, struct file **wr);
long pipe_nr_bytes(struct file *f);

#endif
