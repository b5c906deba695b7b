/* SPDX-License-Identifier: MIT */
/* Host stand-in for <arch/layout.h>: page geometry only. */
#ifndef ARCH_LAYOUT_H
#define ARCH_LAYOUT_H

#define UL(x)		x##UL
#define PAGE_SHIFT	12
#define PAGE_SIZE	(UL(1) << PAGE_SHIFT)

#endif
