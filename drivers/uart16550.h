/* SPDX-License-Identifier: MIT */
/* 16550 UART console on COM1. */
#ifndef DRIVERS_UART16550_H
#define DRIVERS_UART16550_H

#include "lib/types.h"

bool uart16550_init(void);

#endif
