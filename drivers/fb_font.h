/* SPDX-License-Identifier: MIT */
/*
 * The screen console's font: the printable ASCII glyphs (' ' to '~') of
 * a PSF console font from Debian's console-setup-linux package, which
 * tools/psf2c.py writes into build/font/fb_font.c at build time. Each
 * glyph is @height bytes, one per row, most significant bit leftmost.
 */
#ifndef DRIVERS_FB_FONT_H
#define DRIVERS_FB_FONT_H

#include "lib/types.h"

#define FB_FONT_FIRST	' '
#define FB_FONT_LAST	'~'

struct fb_font {
	u8 width;		/* at most 8 */
	u8 height;
	const u8 *glyphs;	/* (LAST - FIRST + 1) * height bytes */
};

extern const struct fb_font fb_font;

/* The rows of @ch's glyph; '?' stands in for what the font lacks. */
static inline const u8 *fb_font_glyph(char ch)
{
	unsigned char c = (unsigned char)ch;

	if (c < FB_FONT_FIRST || c > FB_FONT_LAST)
		c = '?';
	return fb_font.glyphs + (c - FB_FONT_FIRST) * fb_font.height;
}

#endif
