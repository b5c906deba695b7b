// SPDX-License-Identifier: MIT
/*
 * Linear framebuffer (drivers/fb.h). Only 32 bpp direct colour is drawn:
 * it is what OVMF's GOP gives and what our multiboot2 header asks GRUB's
 * VBE driver for; anything else is refused and the console falls back.
 * Every pixel is written once per draw, never read back: a read from
 * video memory is slow on real hardware, uncached or write-combining
 * (ioremap_wc(): writes merge into bursts, reads do not).
 */
#include <arch/mmu.h>
#include "drivers/fb.h"
#include "drivers/fb_font.h"

#define FB_TYPE_RGB	1	/* multiboot2: direct colour */

/**
 * fb_init - take over the framebuffer the boot loader described.
 * @fb: filled on success
 * @tag: the multiboot2 framebuffer tag
 *
 * Context: after mm_init() (ioremap() allocates page tables).
 * Return: true when it is 32 bpp direct colour and got mapped.
 */
bool fb_init(struct fb *fb, const struct boot_framebuffer *tag)
{
	if (!tag->present || tag->type != FB_TYPE_RGB || tag->bpp != 32 ||
	    !tag->width || !tag->height || tag->pitch < tag->width * 4)
		return false;
	fb->base = ioremap_wc(tag->addr, (size_t)tag->pitch * tag->height);
	if (!fb->base)
		return false;
	fb->pitch = tag->pitch;
	fb->width = tag->width;
	fb->height = tag->height;
	fb->red_pos = tag->red_pos;
	fb->green_pos = tag->green_pos;
	fb->blue_pos = tag->blue_pos;
	fb->red_size = tag->red_size;
	fb->green_size = tag->green_size;
	fb->blue_size = tag->blue_size;
	return true;
}

static u32 channel(u8 v, u8 pos, u8 size)
{
	if (size == 0 || size > 8)
		size = 8;
	return (u32)(v >> (8 - size)) << pos;
}

/**
 * fb_rgb - the pixel value of a colour.
 * @fb: the framebuffer
 * @r: red, 0..255
 * @g: green
 * @b: blue
 *
 * Context: any.
 * Return: the 32-bit pixel in @fb's channel layout.
 */
u32 fb_rgb(const struct fb *fb, u8 r, u8 g, u8 b)
{
	return channel(r, fb->red_pos, fb->red_size) |
	       channel(g, fb->green_pos, fb->green_size) |
	       channel(b, fb->blue_pos, fb->blue_size);
}

static volatile u32 *pixel_at(const struct fb *fb, u32 x, u32 y)
{
	return (volatile u32 *)(fb->base + (size_t)y * fb->pitch) + x;
}

/**
 * fb_fill - paint a rectangle, clipped to the screen.
 * @fb: the framebuffer
 * @x: left column
 * @y: top row
 * @w: width in pixels
 * @h: height in pixels
 * @pixel: from fb_rgb()
 *
 * Context: any; the caller serialises.
 */
void fb_fill(const struct fb *fb, u32 x, u32 y, u32 w, u32 h, u32 pixel)
{
	if (x >= fb->width || y >= fb->height)
		return;
	w = MIN(w, fb->width - x);
	h = MIN(h, fb->height - y);
	for (u32 row = 0; row < h; row++) {
		volatile u32 *p = pixel_at(fb, x, y + row);

		for (u32 col = 0; col < w; col++)
			p[col] = pixel;
	}
}

/**
 * fb_glyph - draw @ch with every font pixel a @scale x @scale square.
 * @fb: the framebuffer
 * @x: left column of the cell
 * @y: top row of the cell
 * @ch: the character
 * @scale: 1 for the log, more for the summary banner
 * @fg: pixel of set font bits
 * @bg: pixel of the others
 *
 * Context: any; the caller serialises. A cell partly off screen is not
 * drawn.
 */
void fb_glyph(const struct fb *fb, u32 x, u32 y, char ch, unsigned int scale,
	      u32 fg, u32 bg)
{
	const u8 *rows = fb_font_glyph(ch);
	u32 w = fb_font.width * scale, h = fb_font.height * scale;

	if (x + w > fb->width || y + h > fb->height)
		return;
	for (u32 py = 0; py < h; py++) {
		unsigned int bits = rows[py / scale];
		volatile u32 *p = pixel_at(fb, x, y + py);

		/* Shift the font row out bit by bit: no division per pixel
		 * (the log is redrawn with interrupts off). */
		for (u32 fx = 0; fx < fb_font.width; fx++, bits <<= 1)
			for (unsigned int rep = 0; rep < scale; rep++)
				*p++ = bits & 0x80 ? fg : bg;
	}
}
