/* SPDX-License-Identifier: MIT */
/*
 * The console device (fs/console.c): what a process's fds 0, 1 and 2
 * are, a terminal (fs/tty.h). Reading goes through its line discipline
 * (end of file while no device feeds it input); writing goes to the
 * writing process's console output (kernel/user_console.h): the log as
 * "[comm pid] line", and the spawner's capture buffer. The three fds
 * share one open file, so dup() and dup3() of 1 write there too.
 */
#ifndef FS_CONSOLE_H
#define FS_CONSOLE_H

struct files_struct;
struct tty;

extern const struct file_operations console_fops;

void console_init(void);
int console_install_std(struct files_struct *files);
struct tty *console_tty_get(void);

#endif
