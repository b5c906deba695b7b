/* SPDX-License-Identifier: MIT */
/*
 * Copying an address space at fork (mm/fork.c): the child shares every
 * page copy-on-write (mm/cow.h), gets its own page tables, and loses the
 * mlock of its VMAs.
 */
#ifndef MM_FORK_H
#define MM_FORK_H

struct mm;

int fork_mm(struct mm *parent, struct mm **out);

#endif
