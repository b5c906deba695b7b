// SPDX-License-Identifier: MIT
/*
 * Screen console (drivers/fbcon.h). printk writes into a text grid
 * (drivers/fbcon_text.c) under its lock; the grid reaches the screen
 * lazily: at most every FLUSH_INTERVAL_NS, and at once for a panic, the
 * end of the run ("reboot:") and the summary. A flush redraws only the
 * cells that differ from what the screen shows, so a line written
 * without scrolling costs its own cells; a scroll costs the whole log
 * area, which under QEMU's TCG is milliseconds, hence the rate bound.
 *
 * Locking: [p] printk_lock (the console write hook runs under it);
 * [I] set in fbcon_init() before the console is registered.
 */
#include "drivers/fb.h"
#include "drivers/fb_font.h"
#include "drivers/fbcon.h"
#include "drivers/fbcon_text.h"
#include "drivers/vga_text.h"
#include "kernel/cmdline.h"
#include "kernel/printk.h"
#include "kernel/time.h"
#include "lib/format.h"
#include "lib/string.h"

#define FLUSH_INTERVAL_NS	(250 * 1000 * 1000)
#define REPLAY_BYTES		8192	/* the log before the screen was up */
#define BANNER_MAX_SCALE	4	/* summary letters: 4x the font */
#define VGA_BANNER_ROWS		3

enum console_choice { CONSOLE_BOTH, CONSOLE_SERIAL, CONSOLE_SCREEN };
static unsigned int console_choice = CONSOLE_BOTH;	/* [I] */
static const char *const console_choice_names[] = { "both", "serial",
						    "screen", NULL };
KPARAM_ENUM(console, "console", &console_choice, console_choice_names,
	    "where the kernel log goes: both (serial and screen), serial, "
	    "screen");

/*
 * Linux's vga= asks the boot loader for a video mode; the kernel cannot
 * switch modes itself. "normal" is the 80x25 text mode: our ISOs' GRUB
 * menus set gfxpayload=text for it (iso/grub-usb.cfg, tools/mkiso.sh),
 * and the kernel says when it got a framebuffer anyway. "current" (the
 * default) takes what the boot loader left.
 */
enum vga_request { VGA_CURRENT, VGA_NORMAL };
static unsigned int vga_request = VGA_CURRENT;		/* [I] */
static const char *const vga_request_names[] = { "current", "normal",
						 NULL };
KPARAM_ENUM(vga, "vga", &vga_request, vga_request_names,
	    "the video mode asked of the boot loader: current (what it "
	    "set) or normal (80x25 text)");

enum screen_kind { SCREEN_NONE, SCREEN_FB, SCREEN_VGA };

static enum screen_kind screen;				/* [I] */
static struct fb fb;					/* [I] */
static struct vga_text vga;				/* [I] */
static unsigned int log_scale = 1;			/* [I] */
static u32 fg_pixel[FBCON_NR_COLOURS], bg_pixel[FBCON_NR_COLOURS]; /* [I] */
static struct fbcon_text text;				/* [p] */
static struct fbcon_cell drawn[FBCON_MAX_ROWS][FBCON_MAX_COLS]; /* [p] */
static char line[FBCON_LINE_MAX];			/* [p] */
static unsigned int line_len;				/* [p] */
static u64 last_flush_ns;				/* [p] */
static char replay[REPLAY_BYTES];			/* [I] boot only */

/* VGA attributes of the colours: text mode's 16-colour palette. */
static const u8 vga_attr[FBCON_NR_COLOURS] = {
	[FBCON_NORMAL] = VGA_ATTR(VGA_LIGHT_GREY, VGA_BLACK),
	[FBCON_FAIL] = VGA_ATTR(VGA_LIGHT_RED, VGA_BLACK),
	[FBCON_PANIC] = VGA_ATTR(VGA_WHITE, VGA_RED),
	[FBCON_KILLED] = VGA_ATTR(VGA_YELLOW, VGA_BLACK),
};

static void draw_cell(unsigned int row, unsigned int col)
{
	struct fbcon_cell c = text.cells[row][col];
	u32 w = fb_font.width * log_scale, h = fb_font.height * log_scale;

	if (screen == SCREEN_VGA)
		vga_text_put(&vga, col, row, c.ch, vga_attr[c.colour]);
	else
		fb_glyph(&fb, col * w, row * h, c.ch, log_scale,
			 fg_pixel[c.colour], bg_pixel[c.colour]);
	drawn[row][col] = c;
}

static void flush(void)
{
	for (unsigned int r = text.top; r < text.rows; r++)
		for (unsigned int c = 0; c < text.cols; c++)
			if (drawn[r][c].ch != text.cells[r][c].ch ||
			    drawn[r][c].colour != text.cells[r][c].colour)
				draw_cell(r, c);
	last_flush_ns = ktime_get_ns();
}

/*
 * The banner's geometry, which tools/oomlab/screen.py repeats to render
 * the expected image: letters @scale times the font, the largest scale
 * up to BANNER_MAX_SCALE at which the text and a one-letter margin on
 * each side fit the width; the text at x = one letter, y = half a font
 * height; the banner as many log rows as cover the text and that
 * half-height margin above and below.
 */
static unsigned int banner_scale(size_t len)
{
	for (unsigned int s = BANNER_MAX_SCALE; s > 1; s--)
		if ((len + 2) * fb_font.width * s <= fb.width)
			return s;
	return 1;
}

static void show_banner_fb(const char *msg, size_t len, bool passed)
{
	unsigned int s = banner_scale(len);
	u32 px_h = (s + 1) * fb_font.height;
	u32 row_h = fb_font.height * log_scale;
	unsigned int rows = (px_h + row_h - 1) / row_h;
	u32 bg = passed ? fb_rgb(&fb, 0x00, 0x80, 0x00) :
			  fb_rgb(&fb, 0xc0, 0x00, 0x00);
	u32 fg = fb_rgb(&fb, 0xff, 0xff, 0xff);

	fbcon_text_reserve_top(&text, rows);
	fb_fill(&fb, 0, 0, fb.width, rows * row_h, bg);
	for (size_t i = 0; i < len; i++)
		fb_glyph(&fb, (u32)(i + 1) * fb_font.width * s,
			 fb_font.height / 2, msg[i], s, fg, bg);
}

static void show_banner_vga(const char *msg, size_t len, bool passed)
{
	u8 attr = VGA_ATTR(VGA_WHITE, passed ? VGA_GREEN : VGA_RED);

	fbcon_text_reserve_top(&text, VGA_BANNER_ROWS);
	for (u32 r = 0; r < VGA_BANNER_ROWS; r++)
		for (u32 c = 0; c < vga.cols; c++)
			vga_text_put(&vga, c, r, ' ', attr);
	for (size_t i = 0; i < len; i++)
		vga_text_put(&vga, (u32)i + 2, 1, msg[i], attr);
}

static void show_summary(const struct fbcon_totals *t)
{
	char msg[64];
	int n = snprintf(msg, sizeof(msg), "PASS %u  FAIL %u  SKIP %u",
			 t->pass, t->fail, t->skip);

	if (screen == SCREEN_VGA)
		show_banner_vga(msg, (size_t)n, t->fail == 0);
	else
		show_banner_fb(msg, (size_t)n, t->fail == 0);
}

/* A panic, or the kernel's last words: the screen must show them now,
 * nothing may come later to flush them. */
static bool line_is_final(const char *s, size_t len)
{
	const char *body = memchr(s, ']', len);

	if (fbcon_text_classify(s, len) == FBCON_PANIC)
		return true;
	body = body ? body + 1 : s;
	while (body < s + len && *body == ' ')
		body++;
	return (size_t)(s + len - body) >= 7 && !memcmp(body, "reboot:", 7);
}

/* Look at each completed line; return true when it must be seen now. */
static bool scan_lines(const char *s, size_t len)
{
	bool now = false;

	for (size_t i = 0; i < len; i++) {
		struct fbcon_totals totals;

		if (s[i] != '\n') {
			if (line_len < FBCON_LINE_MAX)
				line[line_len++] = s[i];
			continue;
		}
		if (fbcon_text_parse_totals(line, line_len, &totals)) {
			show_summary(&totals);
			now = true;
		}
		now |= line_is_final(line, line_len);
		line_len = 0;
	}
	return now;
}

static void fbcon_write(const char *s, size_t len)
{
	fbcon_text_write(&text, s, len);
	if (scan_lines(s, len) ||
	    ktime_get_ns() - last_flush_ns >= FLUSH_INTERVAL_NS)
		flush();
}

static struct console fbcon_console = {
	.name = "tty0",
	.write = fbcon_write,
};

static void init_fb_colours(void)
{
	static const u8 rgb[FBCON_NR_COLOURS][2][3] = {	/* fg, bg */
		[FBCON_NORMAL] = { { 0xaa, 0xaa, 0xaa }, { 0, 0, 0 } },
		[FBCON_FAIL] = { { 0xff, 0x55, 0x55 }, { 0, 0, 0 } },
		[FBCON_PANIC] = { { 0xff, 0xff, 0xff }, { 0xaa, 0, 0 } },
		[FBCON_KILLED] = { { 0xff, 0xff, 0x55 }, { 0, 0, 0 } },
	};

	for (int i = 0; i < FBCON_NR_COLOURS; i++) {
		fg_pixel[i] = fb_rgb(&fb, rgb[i][0][0], rgb[i][0][1],
				     rgb[i][0][2]);
		bg_pixel[i] = fb_rgb(&fb, rgb[i][1][0], rgb[i][1][1],
				     rgb[i][1][2]);
	}
}

/* A screen wider than FBCON_MAX_COLS cells gets bigger letters. */
static void init_fb_grid(void)
{
	u32 cols = fb.width / fb_font.width;
	u32 rows = fb.height / fb_font.height;

	while (cols / log_scale > FBCON_MAX_COLS ||
	       rows / log_scale > FBCON_MAX_ROWS)
		log_scale++;
	fbcon_text_init(&text, cols / log_scale, rows / log_scale);
	init_fb_colours();
	fb_fill(&fb, 0, 0, fb.width, fb.height, bg_pixel[FBCON_NORMAL]);
}

static enum screen_kind find_screen(const struct boot_info *bi)
{
	if (fb_init(&fb, &bi->framebuffer)) {
		if (vga_request == VGA_NORMAL)
			pr_warn("fbcon: vga=normal, but the boot loader set a %ux%u framebuffer: using it\n",
				fb.width, fb.height);
		init_fb_grid();
		return SCREEN_FB;
	}
	/* 0xb8000 is VGA memory only on a BIOS machine. */
	if (!bi->efi_boot && vga_text_init(&vga, &bi->framebuffer)) {
		fbcon_text_init(&text, vga.cols, vga.rows);
		return SCREEN_VGA;
	}
	return SCREEN_NONE;
}

/* Start from what was logged before the screen was up. The cells are
 * marked drawn as blanks, so the first flush draws every other cell. */
static void replay_log(void)
{
	size_t n = printk_ring_read(replay, sizeof(replay));

	for (unsigned int r = 0; r < text.rows; r++)
		for (unsigned int c = 0; c < text.cols; c++)
			drawn[r][c] = (struct fbcon_cell){ ' ', FBCON_NORMAL };
	fbcon_text_write(&text, replay, n);
	line_len = 0;
}

/**
 * fbcon_init - mirror the log on the screen, if there is one.
 * @bi: the boot information (its framebuffer tag)
 *
 * Context: boot, one CPU, after mm_init() (the screen is mapped with
 * ioremap()).
 */
void fbcon_init(const struct boot_info *bi)
{
	if (console_choice == CONSOLE_SERIAL)
		return;
	screen = find_screen(bi);
	if (screen == SCREEN_NONE) {
		if (console_choice == CONSOLE_SCREEN)
			pr_warn("console=screen: no usable screen; the log stays on serial\n");
		return;
	}
	replay_log();
	flush();
	console_register(&fbcon_console);
	if (screen == SCREEN_FB)
		pr_info("fbcon: %ux%u, %u cells x %u, font %ux%u scale %u\n",
			fb.width, fb.height, text.cols, text.rows,
			fb_font.width, fb_font.height, log_scale);
	else
		pr_info("fbcon: VGA text mode, %u x %u at 0x%lx\n", vga.cols,
			vga.rows, (unsigned long)vga.phys);
	if (console_choice == CONSOLE_SCREEN)
		console_set_enabled("ttyS0", false);
}
