# SPDX-License-Identifier: MIT
"""PC Screen Font (PSF1 and PSF2) reader: the glyphs of the printable
ASCII characters, in ASCII order.

The kernel's screen console draws with these glyphs (tools/psf2c.py turns
them into build/font/fb_font.c) and the screen test renders the expected
text with the very same ones (tools/oomlab/screen.py), so a pixel compare
of a screendump means something. Console fonts do not keep glyphs in
ASCII order: Debian's Lat15 fonts put them where their Unicode table
says, so the table is read, not assumed.
"""
import gzip
import struct

PSF1_MAGIC = b"\x36\x04"
PSF1_MODE512 = 0x01
PSF1_MODEHASTAB = 0x02
PSF1_SEPARATOR = 0xFFFF
PSF1_STARTSEQ = 0xFFFE
PSF2_MAGIC = b"\x72\xb5\x4a\x86"
PSF2_HAS_UNICODE_TABLE = 0x01
PSF2_SEPARATOR = 0xFF
PSF2_STARTSEQ = 0xFE

FIRST = 0x20        # ' '
LAST = 0x7E         # '~'


class FontError(Exception):
    """Not a PSF font we can use."""


class Font:
    """@glyphs[c - FIRST] is the bitmap of ASCII character c: @height
    rows of ceil(@width / 8) bytes, most significant bit leftmost."""

    def __init__(self, width, height, glyphs):
        self.width = width
        self.height = height
        self.glyphs = glyphs

    @property
    def row_bytes(self):
        return (self.width + 7) // 8

    def glyph(self, ch):
        """Bitmap of @ch; '?' for characters outside printable ASCII."""
        c = ord(ch)
        if c < FIRST or c > LAST:
            c = ord("?")
        return self.glyphs[c - FIRST]

    def pixel(self, ch, x, y):
        """Is pixel (@x, @y) of @ch's glyph set?"""
        row = self.glyph(ch)[y * self.row_bytes:(y + 1) * self.row_bytes]
        return bool(row[x // 8] & (0x80 >> (x % 8)))


def _psf1(data):
    mode, charsize = data[2], data[3]
    count = 512 if mode & PSF1_MODE512 else 256
    bitmaps = [data[4 + i * charsize:4 + (i + 1) * charsize]
               for i in range(count)]
    table = {}
    if mode & PSF1_MODEHASTAB:
        pos = 4 + count * charsize
        glyph = 0
        in_seq = False
        while glyph < count and pos + 1 < len(data):
            (u,) = struct.unpack_from("<H", data, pos)
            pos += 2
            if u == PSF1_SEPARATOR:
                glyph += 1
                in_seq = False
            elif u == PSF1_STARTSEQ:
                in_seq = True
            elif not in_seq:
                table.setdefault(u, glyph)
    return 8, charsize, bitmaps, table


def _utf8_units(entry):
    """Code points of a PSF2 table entry (single characters only; the
    sequences after PSF2_STARTSEQ are dropped)."""
    seq = entry.split(bytes([PSF2_STARTSEQ]))[0]
    return [ord(c) for c in seq.decode("utf-8", "replace")]


def _psf2(data):
    (_, version, hdrsize, flags, count, charsize, height,
     width) = struct.unpack_from("<4sIIIIIII", data, 0)
    bitmaps = [data[hdrsize + i * charsize:hdrsize + (i + 1) * charsize]
               for i in range(count)]
    table = {}
    if flags & PSF2_HAS_UNICODE_TABLE:
        rest = data[hdrsize + count * charsize:]
        for glyph, entry in enumerate(rest.split(bytes([PSF2_SEPARATOR]))):
            if glyph >= count:
                break
            for u in _utf8_units(entry):
                table.setdefault(u, glyph)
    return width, height, bitmaps, table


def load(path):
    """Read the (optionally gzipped) PSF font at @path."""
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    if data[:2] == PSF1_MAGIC:
        width, height, bitmaps, table = _psf1(data)
    elif data[:4] == PSF2_MAGIC:
        width, height, bitmaps, table = _psf2(data)
    else:
        raise FontError("%s: not a PSF font" % path)
    if width > 8:
        raise FontError("%s: %d pixels wide; the console draws 8 at most" %
                        (path, width))
    glyphs = []
    for c in range(FIRST, LAST + 1):
        index = table.get(c, c) if table else c
        if index >= len(bitmaps):
            raise FontError("%s: no glyph for %r" % (path, chr(c)))
        glyphs.append(bytes(bitmaps[index]))
    return Font(width, height, glyphs)
