/* SPDX-License-Identifier: MIT */
/*
 * Linear framebuffer drawing: the 32-bit-per-pixel direct-colour screen
 * that GRUB sets up (UEFI GOP or BIOS VBE) and describes in the
 * multiboot2 framebuffer tag. Filled rectangles and glyphs of the
 * console font, scaled by whole pixels.
 *
 * Locking: none of its own; the caller serialises (fbcon: printk_lock).
 */
#ifndef DRIVERS_FB_H
#define DRIVERS_FB_H

#include "kernel/multiboot2.h"
#include "lib/types.h"

struct fb {
	volatile u8 *base;		/* mapped with ioremap() */
	u32 pitch, width, height;	/* pitch in bytes */
	u8 red_pos, green_pos, blue_pos;
	u8 red_size, green_size, blue_size;
};

bool fb_init(struct fb *fb, const struct boot_framebuffer *tag);
u32 fb_rgb(const struct fb *fb, u8 r, u8 g, u8 b);
void fb_fill(const struct fb *fb, u32 x, u32 y, u32 w, u32 h, u32 pixel);
void fb_glyph(const struct fb *fb, u32 x, u32 y, char ch, unsigned int scale,
	      u32 fg, u32 bg);

#endif
