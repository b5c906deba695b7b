/* SPDX-License-Identifier: MIT */
/*
 * The console device (fs/console.c): what a process's fds 0, 1 and 2
 * are, a terminal (fs/tty.h). Reading goes through its line discipline
 * (end of file while no device feeds it input); writing goes to the
 * writing process's console output (kernel/user_console.h): the log as
 * "[comm pid] line", and the spawner's capture buffer. The three fds
 * share one open file, so dup() and dup3() of 1 write there too.
 * console_attach_terminal() makes it a device's terminal instead (the
 * serial port's, for pid 1's interactive shell): output and echo to the
 * device as they are, the device's input to the line discipline.
 */
#ifndef FS_CONSOLE_H
#define FS_CONSOLE_H

struct files_struct;
struct tty;

#include "lib/types.h"

/* A device's output: the bytes as a terminal shows them. */
typedef void (*console_write_fn)(const char *s, size_t n);

extern const struct file_operations console_fops;

void console_init(void);
int console_install_std(struct files_struct *files);
struct tty *console_tty_get(void);
void console_receive(const char *buf, size_t n);
void console_attach_terminal(console_write_fn write);

#endif
