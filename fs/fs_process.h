/* SPDX-License-Identifier: MIT */
/*
 * A process's place in the VFS (fs/fs_process.c): its fd table (fds
 * 0-2 the console) and its working directory, made with the process
 * and dropped when its last thread is gone. Kernel code reaches them
 * through these functions only.
 */
#ifndef FS_FS_PROCESS_H
#define FS_FS_PROCESS_H

struct dentry;
struct file;
struct files_struct;
struct process;

int fs_process_init(struct process *p);
void fs_process_exit(struct process *p);
void fs_process_share_files(struct process *child, struct process *parent);
struct dentry *fs_process_cwd(struct process *p);
void fs_process_set_cwd(struct process *p, struct dentry *d);
struct file *fs_fget(int fd);
struct files_struct *fs_files(void);

#endif
