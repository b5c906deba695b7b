/* SPDX-License-Identifier: MIT */
/* Host stand-in: host tests run on one "CPU", slot 0. */
#ifndef ARCH_PERCPU_H
#define ARCH_PERCPU_H

#include "kernel/percpu.h"

static inline struct percpu *arch_this_cpu(void)
{
	return &percpu_area[0];
}

static inline void arch_percpu_install(struct percpu *p)
{
	(void)p;
}

#endif
