/* SPDX-License-Identifier: MIT */
/*
 * The lock order: the one table. (Provisional: filled in below.)
 */
#ifndef KERNEL_LOCK_ORDER_H
#define KERNEL_LOCK_ORDER_H

#include "lib/string.h"

#define LOCK_ORDER(X)							\
	X(LOCK_RANK_PRINTK, "printk")

enum lock_rank {
	LOCK_RANK_NONE,		/* not in the table: the graph checks it */
#define LOCK_RANK_ENUM(rank, name) rank,
	LOCK_ORDER(LOCK_RANK_ENUM)
#undef LOCK_RANK_ENUM
};

/* The rank of the lock class @name, or LOCK_RANK_NONE. */
static inline enum lock_rank lock_order_rank(const char *name)
{
#define LOCK_RANK_MATCH(rank, n) if (!strcmp(name, n)) return rank;
	LOCK_ORDER(LOCK_RANK_MATCH)
#undef LOCK_RANK_MATCH
	return LOCK_RANK_NONE;
}

#endif
