/* SPDX-License-Identifier: MIT */
/*
 * Screen console: the kernel log mirrored on the screen the boot loader
 * left us (a linear framebuffer, or BIOS VGA text mode), for machines
 * without a serial line. When the run's "# Totals:" line goes by, a
 * summary banner with the pass, fail and skip counts in large letters
 * takes the top of the screen and stays there.
 *
 * console=serial|screen|both on the command line picks the consoles
 * (default: both when there is a screen).
 */
#ifndef DRIVERS_FBCON_H
#define DRIVERS_FBCON_H

#include "kernel/multiboot2.h"

void fbcon_init(const struct boot_info *bi);

#endif
