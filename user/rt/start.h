/* SPDX-License-Identifier: MIT */
/*
 * Program start-up and exit: what start.S and start.c give a program.
 * A program defines main(); start_main() parses the initial stack, installs
 * the main thread's control block, runs main() and exits the whole thread
 * group with its result.
 */
#ifndef USER_RT_START_H
#define USER_RT_START_H

/* Auxiliary vector keys used by the runtime. */
#define AT_NULL 0
#define AT_PHDR 3
#define AT_PHENT 4
#define AT_PHNUM 5
#define AT_PAGESZ 6
#define AT_RANDOM 25

int main(int argc, char **argv, char **envp);

unsigned long start_auxv(unsigned long type);
char *start_getenv(const char *name);
__attribute__((noreturn)) void exit(int code);

#endif /* USER_RT_START_H */
