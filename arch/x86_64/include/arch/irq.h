/* SPDX-License-Identifier: MIT */
/*
 * Interrupt vectors 32-255 (and the NMI): drivers register a handler per
 * vector. A vector without a handler is logged as an unexpected interrupt
 * and otherwise ignored. Handlers run with interrupts off on the
 * interrupted stack (the NMI on its own IST stack); acknowledging the
 * interrupt controller is the handler's job.
 */
#ifndef ARCH_IRQ_H
#define ARCH_IRQ_H

#include <arch/traps.h>
#include "lib/types.h"

#define IRQ_VECTOR_FIRST	32	/* below: CPU exceptions */

typedef void (*arch_irq_handler_fn)(struct trap_frame *f);

int arch_irq_set_handler(unsigned int vector, arch_irq_handler_fn fn);
arch_irq_handler_fn arch_irq_handler(unsigned int vector);

#endif
