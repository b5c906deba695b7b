/* SPDX-License-Identifier: MIT */
/*
 * Intel PRO/1000 (82540EM, QEMU's -device e1000) as a network device
 * (drivers/e1000.c).
 */
#ifndef DRIVERS_E1000_H
#define DRIVERS_E1000_H

void e1000_init(void);

#endif
