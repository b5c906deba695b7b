// SPDX-License-Identifier: MIT
/*
 * VGA text mode (drivers/vga_text.h). Used when GRUB left the screen in
 * text mode: its framebuffer tag then says "EGA text" with the size in
 * characters, or (BIOS, no video module) there is no tag and the
 * standard 80x25 mode at 0xb8000 is what the screen shows.
 */
#include <arch/mmu.h>
#include "drivers/vga_text.h"

#define VGA_TEXT_PHYS	0xb8000
#define VGA_TEXT_COLS	80
#define VGA_TEXT_ROWS	25
#define FB_TYPE_EGA_TEXT 2

/**
 * vga_text_init - take over the text screen.
 * @v: filled on success
 * @tag: the multiboot2 framebuffer tag (absent: the standard mode)
 *
 * Context: after mm_init() (ioremap() allocates page tables).
 * Return: true when the screen is in text mode and got mapped.
 */
bool vga_text_init(struct vga_text *v, const struct boot_framebuffer *tag)
{
	paddr_t addr = VGA_TEXT_PHYS;

	v->cols = VGA_TEXT_COLS;
	v->rows = VGA_TEXT_ROWS;
	if (tag->present) {
		if (tag->type != FB_TYPE_EGA_TEXT || !tag->width ||
		    !tag->height)
			return false;
		addr = tag->addr;
		v->cols = tag->width;
		v->rows = tag->height;
	}
	v->phys = addr;
	v->cells = ioremap(addr, (size_t)v->cols * v->rows * 2);
	return v->cells != NULL;
}

/**
 * vga_text_put - show @ch in cell (@col, @row).
 * @v: the screen
 * @col: column
 * @row: row
 * @ch: the character (the VGA ROM font is code page 437: ASCII fits)
 * @attr: VGA_ATTR(foreground, background)
 *
 * Context: any; the caller serialises.
 */
void vga_text_put(const struct vga_text *v, u32 col, u32 row, char ch,
		  u8 attr)
{
	if (col < v->cols && row < v->rows)
		v->cells[row * v->cols + col] = (u16)attr << 8 | (u8)ch;
}
