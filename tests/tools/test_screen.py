# SPDX-License-Identifier: MIT
"""The screen test's pieces: the PSF reader (glyphs by their Unicode
table, not by position), the banner geometry shared with drivers/fbcon.c,
the QEMU command line, and the pixel check on a forged screendump."""
import os
import struct
import tempfile
import unittest

import testlib  # noqa: F401  (import path)
from oomlab import psf, qemu, screen


def psf1_with_table(path):
    """A 256-glyph PSF1 font whose glyph i is 16 bytes of value i, with a
    Unicode table that puts 'A' at glyph 5 and leaves the rest at their
    own positions."""
    glyphs = b"".join(bytes([i]) * 16 for i in range(256))
    table = b""
    for i in range(256):
        code = ord("A") if i == 5 else (0x2500 if i == ord("A") else i)
        table += struct.pack("<H", code) + b"\xff\xff"
    with open(path, "wb") as f:
        f.write(b"\x36\x04" + bytes([psf.PSF1_MODEHASTAB, 16]) + glyphs +
                table)


def fake_args(tmp, font):
    class Args:
        name = "t"
    a = Args()
    a.font = font
    return a


class PsfTest(unittest.TestCase):
    def test_unicode_table_decides_the_glyph(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "f.psf")
            psf1_with_table(path)
            font = psf.load(path)
        self.assertEqual((font.width, font.height), (8, 16))
        self.assertEqual(font.glyph("A"), bytes([5]) * 16)
        self.assertEqual(font.glyph("B"), bytes([ord("B")]) * 16)
        self.assertEqual(font.glyph("\x01"), font.glyph("?"))

    def test_debian_font_loads(self):
        font = psf.load(screen.FONT)
        self.assertEqual((font.width, font.height), (8, 16))
        self.assertFalse(any(font.glyph(" ")))
        self.assertTrue(font.pixel("|", 3, 8) or font.pixel("|", 4, 8))

    def test_not_a_font(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "x.psf")
            with open(path, "wb") as f:
                f.write(b"GIF89a....")
            with self.assertRaises(psf.FontError):
                psf.load(path)


class ScreenTest(unittest.TestCase):
    def test_banner_scale(self):
        font = psf.Font(8, 16, [bytes(16)] * 95)
        # "PASS 422  FAIL 0  SKIP 6" is 24 letters, 26 with the margins.
        self.assertEqual(screen.banner_scale(font, 1024, 24), 4)
        self.assertEqual(screen.banner_scale(font, 640, 24), 3)
        self.assertEqual(screen.banner_scale(font, 100, 24), 1)

    def test_qemu_argv(self):
        argv, _ = qemu.command(qemu.Boot(name="s"), "x.iso", "/tmp/s")
        out = screen.screen_argv(argv, "/tmp/s/mon")
        self.assertNotIn(qemu.DEBUG_EXIT, out)
        self.assertNotIn("none", [out[i + 1] for i, a in enumerate(out)
                                  if a == "-monitor"])
        self.assertIn("unix:/tmp/s/mon,server=on,wait=off", out)
        self.assertEqual(out[out.index("-vga") + 1], "std")

    def _forge(self, tmp, totals, flip=None):
        """A screendump as the kernel draws it for @totals, with pixel
        @flip of the banner inverted; its serial lines."""
        font = psf.load(screen.FONT)
        img = screen.Image(1024, 768)
        banner = screen.render_banner(font, 1024, 1, totals)
        img.rows[:banner.height] = [list(r) for r in banner.rows]
        row = banner.height // 16 + 3
        screen.draw_text(img, font, 15 * 8, row * 16, screen.END_LINE, 1,
                         screen.LOG_FG, screen.LOG_BG)
        if flip:
            x, y = flip
            img.rows[y][x] = tuple(255 - c for c in img.rows[y][x])
        ppm = os.path.join(tmp, "s.ppm")
        with open(ppm, "wb") as f:
            f.write(b"P6\n1024 768\n255\n")
            f.write(bytes(c for r in img.rows for px in r for c in px))
        lines = ["[    0.1] fbcon: 1024x768, 128 cells x 48, font 8x16 "
                 "scale 1",
                 "[    9.1] # Totals: pass:%d fail:%d skip:%d total:%d" %
                 totals, "[    9.200000] " + screen.END_LINE]
        return ppm, lines

    def test_check_accepts_the_drawing_and_catches_one_pixel(self):
        with tempfile.TemporaryDirectory() as tmp:
            args = fake_args(tmp, screen.FONT)
            ppm, lines = self._forge(tmp, (12, 0, 1, 13))
            self.assertEqual([ok for ok, _, _ in
                              screen.check(args, ppm, lines, None, tmp)],
                             [True, True])
            self.assertTrue(os.path.exists(os.path.join(tmp, "t.png")))
            # One pixel of the "2" of "PASS 12" (letters 4x: 32 px wide).
            ppm, lines = self._forge(tmp, (12, 0, 1, 13),
                                     flip=(6 * 32 + 12, 8 + 30))
            cases = screen.check(args, ppm, lines, None, tmp)
            self.assertEqual([ok for ok, _, _ in cases], [False, True])
            self.assertIn("1 of", cases[0][2])

    def test_check_wants_the_counts_of_the_log(self):
        # A banner for other counts than the serial log's does not pass.
        with tempfile.TemporaryDirectory() as tmp:
            ppm, lines = self._forge(tmp, (12, 0, 1, 13))
            lines[1] = "[    9.1] # Totals: pass:13 fail:0 skip:1 total:14"
            cases = screen.check(fake_args(tmp, screen.FONT), ppm, lines,
                                 None, tmp)
            self.assertFalse(cases[0][0])

    def test_no_screendump(self):
        cases = screen.check(fake_args("/nonexistent", screen.FONT), None,
                             [], None, "/nonexistent")
        self.assertEqual([ok for ok, _, _ in cases], [False, False])

    def test_text_mode_cells(self):
        # VGA text mode: the banner's cells and colours, the last line in
        # light grey; one wrong attribute fails the banner.
        totals = (10, 0, 0, 10)
        text = screen.banner_text(totals)
        cells = [[(" ", 0x07)] * 80 for _ in range(25)]
        for r in range(screen.VGA_BANNER_ROWS):
            cells[r] = [(" ", screen.VGA_BANNER_PASS)] * 80
        for i, ch in enumerate(text):
            cells[1][2 + i] = (ch, screen.VGA_BANNER_PASS)
        for i, ch in enumerate(screen.END_LINE):
            cells[20][15 + i] = (ch, screen.VGA_LOG_ATTR)
        img = screen.Image(720, 400)
        green = screen.VGA_RGB[0x2]
        for y in range(48):
            img.rows[y] = [green] * 719 + [screen.VGA_RGB[0xf]]
        lines = ["[    9.1] # Totals: pass:10 fail:0 skip:0 total:10",
                 "[    9.200000] " + screen.END_LINE]
        cases = screen.check_text(totals, img, cells, lines)
        self.assertEqual([ok for ok, _, _ in cases], [True, True])
        cells[1][2] = ("P", 0x1f)
        cases = screen.check_text(totals, img, cells, lines)
        self.assertEqual([ok for ok, _, _ in cases], [False, True])


if __name__ == "__main__":
    unittest.main()
