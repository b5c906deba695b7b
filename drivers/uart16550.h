/* SPDX-License-Identifier: MIT */
/* 16550 UART console on COM1, and its input (drivers/uart16550.c). */
#ifndef DRIVERS_UART16550_H
#define DRIVERS_UART16550_H

#include "lib/types.h"

/* Where received bytes go: called in task context, may sleep. */
typedef void (*uart16550_rx_fn)(const char *buf, size_t n);

bool uart16550_init(void);
void uart16550_write(const char *s, size_t len);
int uart16550_rx_start(uart16550_rx_fn receiver);

#endif
