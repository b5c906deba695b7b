/* SPDX-License-Identifier: MIT */
/*
 * VGA text mode: the 80x25 cells at physical 0xb8000 that BIOS machines
 * show when no graphics mode was set (GRUB reports it as an EGA text
 * framebuffer, or says nothing). Each cell is a character of the VGA
 * ROM font and an attribute byte (background << 4 | foreground).
 *
 * Locking: none of its own; the caller serialises (fbcon: printk_lock).
 */
#ifndef DRIVERS_VGA_TEXT_H
#define DRIVERS_VGA_TEXT_H

#include "kernel/multiboot2.h"
#include "lib/types.h"

enum vga_colour {
	VGA_BLACK = 0, VGA_BLUE = 1, VGA_GREEN = 2, VGA_RED = 4,
	VGA_LIGHT_GREY = 7, VGA_LIGHT_RED = 12, VGA_YELLOW = 14,
	VGA_WHITE = 15,
};

#define VGA_ATTR(fg, bg)	((u8)((bg) << 4 | (fg)))

struct vga_text {
	volatile u16 *cells;
	paddr_t phys;		/* where @cells are: the log says it, so that
				 * a test can read the screen back */
	u32 cols, rows;
};

bool vga_text_init(struct vga_text *v, const struct boot_framebuffer *tag);
void vga_text_put(const struct vga_text *v, u32 col, u32 row, char ch,
		  u8 attr);

#endif
