# SPDX-License-Identifier: MIT
"""The screen console's test: boot a runner ISO in QEMU with a VGA
display, let the kernel end its run and halt (no isa-debug-exit device,
so it halts as on hardware and its summary banner stays up), take a
`screendump` through a QEMU monitor socket, and check the picture:

  summary_banner   the banner region equals a rendering, with the same
                   PSF font (tools/oomlab/psf.py), of the counts the
                   serial log's "# Totals:" line gives
  last_line_shown  the kernel's last line ("reboot: System halted") is
                   drawn in the log area below it

In VGA text mode (vga=normal: GRUB keeps 80x25 text) QEMU draws the
cells with its own ROM font, not ours, so the cells themselves are read
back from video memory through the monitor's `xp` and checked as
characters and attributes; the screendump must show the banner's colours.

Prints KTAP, one case each. The serial log goes to BUILD/screen/
NAME.serial.log, not to stdout: a "KTAP version" line inside our own KTAP
would restart Linux's kunit.py parser. Also kept: NAME.png (the
screendump) and NAME-expected.png (the banner it must match).

    python3 -m oomlab.screen --iso ISO --mode bios-cd --build BUILD --name N
"""
import argparse
import os
import re
import socket
import struct
import sys
import time
import zlib

from . import classify, proc, psf, qemu

FONT = "/usr/share/consolefonts/Lat15-VGA16.psf.gz"
END_LINE = "reboot: System halted"
END_RE = re.compile(r"^(?:\[\s*\d+\.\d+\] )?" + END_LINE)
TOTALS_RE = re.compile(r"^(?:\[\s*\d+\.\d+\] )?# Totals: pass:(\d+) "
                       r"fail:(\d+) skip:(\d+) total:(\d+)$")
FBCON_RE = re.compile(r"fbcon: (\d+)x(\d+), (\d+) cells x (\d+), font "
                      r"(\d+)x(\d+) scale (\d+)")
VGA_RE = re.compile(r"fbcon: VGA text mode, (\d+) x (\d+) at (0x[0-9a-f]+)")
# The banner and log geometry of drivers/fbcon.c, repeated here.
BANNER_MAX_SCALE = 4
WHITE = (0xff, 0xff, 0xff)
BANNER_PASS = (0x00, 0x80, 0x00)
BANNER_FAIL = (0xc0, 0x00, 0x00)
LOG_FG = (0xaa, 0xaa, 0xaa)
LOG_BG = (0, 0, 0)
MONITOR_WAIT = 20.0     # seconds for the monitor to answer
# drivers/fbcon.c in VGA text mode: attributes are background << 4 |
# foreground; the banner is three rows, its text at row 1, column 2.
VGA_BANNER_ROWS = 3
VGA_LOG_ATTR = 0x07             # light grey on black
VGA_BANNER_PASS = 0x2f          # white on green
VGA_BANNER_FAIL = 0x4f          # white on red
# Those colours as QEMU's VGA draws them: the BIOS palette's 6-bit DAC
# values, 0x2a shifted left by 2 (white's 0x3f becomes 0xff).
VGA_RGB = {0x0: (0x00, 0x00, 0x00), 0x2: (0x00, 0xa8, 0x00),
           0x4: (0xa8, 0x00, 0x00), 0xf: (0xff, 0xff, 0xff)}


class Image:
    """RGB pixels, row-major: @rows[y][x] = (r, g, b)."""

    def __init__(self, width, height, fill=(0, 0, 0)):
        self.width = width
        self.height = height
        self.rows = [[fill] * width for _ in range(height)]

    def crop(self, x, y, w, h):
        out = Image(w, h)
        out.rows = [row[x:x + w] for row in self.rows[y:y + h]]
        return out


def read_ppm(path):
    """The binary PPM (P6, maxval 255) QEMU's screendump writes."""
    with open(path, "rb") as f:
        data = f.read()
    fields = []
    pos = 0
    while len(fields) < 4:
        while data[pos:pos + 1].isspace():
            pos += 1
        if data[pos:pos + 1] == b"#":
            pos = data.index(b"\n", pos) + 1
            continue
        end = pos
        while not data[end:end + 1].isspace():
            end += 1
        fields.append(data[pos:end])
        pos = end
    pos += 1
    if fields[0] != b"P6" or fields[3] != b"255":
        raise ValueError("%s: not a P6/255 PPM" % path)
    width, height = int(fields[1]), int(fields[2])
    img = Image(width, height)
    for y in range(height):
        row = data[pos + y * width * 3:pos + (y + 1) * width * 3]
        img.rows[y] = [tuple(row[i:i + 3]) for i in range(0, len(row), 3)]
    return img


def write_png(img, path):
    """@img as an 8-bit RGB PNG (zlib only: no imaging library)."""
    raw = b"".join(b"\0" + bytes(c for px in row for c in px)
                   for row in img.rows)

    def chunk(kind, body):
        return (struct.pack(">I", len(body)) + kind + body +
                struct.pack(">I", zlib.crc32(kind + body) & 0xffffffff))

    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n")
        f.write(chunk(b"IHDR", struct.pack(">IIBBBBB", img.width,
                                           img.height, 8, 2, 0, 0, 0)))
        f.write(chunk(b"IDAT", zlib.compress(raw, 6)))
        f.write(chunk(b"IEND", b""))


def draw_text(img, font, x, y, text, scale, fg, bg):
    for i, ch in enumerate(text):
        x0 = x + i * font.width * scale
        for py in range(font.height * scale):
            row = img.rows[y + py]
            for px in range(font.width * scale):
                on = font.pixel(ch, px // scale, py // scale)
                row[x0 + px] = fg if on else bg


def banner_text(totals):
    return "PASS %d  FAIL %d  SKIP %d" % totals[:3]


def banner_scale(font, width, length):
    """drivers/fbcon.c banner_scale()."""
    for s in range(BANNER_MAX_SCALE, 1, -1):
        if (length + 2) * font.width * s <= width:
            return s
    return 1


def render_banner(font, width, log_scale, totals):
    """The banner drivers/fbcon.c draws for @totals on a screen @width
    pixels wide: the image it must equal, pixel for pixel."""
    text = banner_text(totals)
    s = banner_scale(font, width, len(text))
    row_h = font.height * log_scale
    rows = -(-(s + 1) * font.height // row_h)
    bg = BANNER_PASS if totals[1] == 0 else BANNER_FAIL
    img = Image(width, rows * row_h, bg)
    draw_text(img, font, font.width * s, font.height // 2, text, s, WHITE,
              bg)
    return img


def find_line(img, font, scale, top, col, text):
    """Log row (counted from 0) at or below pixel row @top where @text is
    drawn from column @col in the log colours, or None."""
    w, h = font.width * scale, font.height * scale
    want = Image(len(text) * w, h, LOG_BG)
    draw_text(want, font, 0, 0, text, scale, LOG_FG, LOG_BG)
    for row in range(top // h, img.height // h):
        if img.crop(col * w, row * h, want.width, h).rows == want.rows:
            return row
    return None


class Monitor:
    """QEMU's human monitor on a unix socket."""

    def __init__(self, path, deadline):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        while True:
            try:
                self.sock.connect(path)
                break
            except (FileNotFoundError, ConnectionRefusedError):
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)    # QEMU is still creating it
        self.sock.settimeout(MONITOR_WAIT)
        self._until_prompt()

    def _until_prompt(self):
        buf = b""
        while not buf.endswith(b"(qemu) "):
            data = self.sock.recv(4096)
            if not data:
                break
            buf += data
        return buf.decode("utf-8", "replace")

    def command(self, line):
        self.sock.sendall(line.encode() + b"\n")
        return self._until_prompt()

    def quit(self):
        try:
            self.sock.sendall(b"quit\n")
        except OSError:
            pass
        self.sock.close()


def screen_argv(argv, monitor_path):
    """@argv (qemu.command()'s) with a VGA card, a monitor socket, and no
    isa-debug-exit: the kernel halts and the banner stays up."""
    out = []
    skip = False
    for i, a in enumerate(argv):
        if skip:
            skip = False
            continue
        nxt = argv[i + 1] if i + 1 < len(argv) else ""
        if (a == "-device" and nxt == qemu.DEBUG_EXIT) or \
                (a == "-monitor" and nxt == "none"):
            skip = True
            continue
        out.append(a)
    return out + ["-vga", "std", "-monitor",
                  "unix:%s,server=on,wait=off" % monitor_path]


def boot(args, scratch, serial):
    """Boot, dump the screen once the kernel halted; return the PPM path
    or None, and the serial lines."""
    b = qemu.Boot(name=args.name, mode=args.mode, mem=args.mem,
                  smp=args.smp)
    argv, copies = qemu.command(b, args.iso, scratch, args.qemu)
    qemu.prepare(copies)
    monitor_path = os.path.join(scratch, "monitor.sock")
    if os.path.exists(monitor_path):
        os.unlink(monitor_path)
    ppm = os.path.join(scratch, "screen.ppm")
    if os.path.exists(ppm):
        os.unlink(ppm)
    argv = screen_argv(argv, monitor_path)
    lines = []
    dumped = []
    cells = []

    def on_line(text, t):
        text = text.rstrip("\r")
        lines.append(text)
        serial.write(text + "\n")
        if END_RE.match(text) or classify.PANIC_RE.match(text):
            mon = Monitor(monitor_path, time.monotonic() + MONITOR_WAIT)
            vga = next((m for m in map(VGA_RE.search, lines) if m), None)
            if vga:
                cells.append(read_cells(mon, *vga.groups()))
            mon.command("screendump " + ppm)
            dumped.append(os.path.exists(ppm))
            mon.quit()
            return True
        return False

    out = proc.run(argv, on_line, args.timeout, args.hang_timeout)
    if out.start_error:
        print("# " + out.start_error)
    return (ppm if dumped and dumped[0] else None), lines, \
        (cells[0] if cells else None)


def read_cells(mon, cols, rows, addr):
    """The VGA text screen as rows of (character, attribute), read from
    guest memory with the monitor's `xp` (16-bit cells, little endian:
    the character in the low byte)."""
    cols, rows, addr = int(cols), int(rows), int(addr, 16)
    words = []
    out = mon.command("xp /%dhx 0x%x" % (cols * rows, addr))
    for ln in out.splitlines():
        if ":" in ln:
            words += [int(w, 16) for w in ln.split(":", 1)[1].split()]
    words += [0] * (cols * rows - len(words))
    return [[(chr(w & 0xff), w >> 8) for w in words[r * cols:(r + 1) * cols]]
            for r in range(rows)]


def check_text(totals, img, cells, lines):
    """The text-mode cases: the banner's cells and colours on screen, and
    the last line in the log's attribute."""
    if totals is None:
        why = "the serial log has no '# Totals:' line"
        return [(False, "summary_banner", why),
                (False, "last_line_shown", why)]
    attr = VGA_BANNER_PASS if totals[1] == 0 else VGA_BANNER_FAIL
    text = banner_text(totals)
    want = [[(" ", attr)] * len(cells[0]) for _ in range(VGA_BANNER_ROWS)]
    want[1][2:2 + len(text)] = [(ch, attr) for ch in text]
    bad_cells = sum(a != b for r in range(VGA_BANNER_ROWS)
                    for a, b in zip(cells[r], want[r]))
    # What is drawn: the banner rows (16 pixels each in QEMU's 9x16 text
    # mode) hold only its two colours, and some of each.
    bg, fg = VGA_RGB[attr >> 4], VGA_RGB[attr & 0xf]
    top = [px for row in img.rows[:VGA_BANNER_ROWS * 16] for px in row]
    others = sum(px not in (bg, fg) for px in top)
    shown = others == 0 and bg in top and fg in top
    cases = [(bad_cells == 0 and shown, "summary_banner",
              "%r: %d of %d cells differ; %d banner pixels in neither of "
              "its colours" % (text, bad_cells,
                               VGA_BANNER_ROWS * len(cells[0]), others))]
    end = next((ln for ln in lines if END_RE.match(ln)), "")
    col = end.index(END_LINE) if end else 0
    want = [(ch, VGA_LOG_ATTR) for ch in END_LINE]
    row = next((r for r in range(VGA_BANNER_ROWS, len(cells))
                if cells[r][col:col + len(want)] == want), None)
    cases.append((row is not None, "last_line_shown",
                  "the kernel's last line, column %d: %s" %
                  (col, "row %d" % row if row is not None else
                   "not found")))
    return cases


def check(args, ppm, lines, cells, out_dir):
    """The two cases: list of (ok, name, diagnostic)."""
    totals = next((tuple(int(g) for g in m.groups()) for m in
                   map(TOTALS_RE.match, lines) if m), None)
    geometry = next((tuple(int(g) for g in m.groups()) for m in
                     map(FBCON_RE.search, lines) if m), None)
    if ppm is None:
        why = "no screendump: the kernel never halted"
        return [(False, "summary_banner", why),
                (False, "last_line_shown", why)]
    img = read_ppm(ppm)
    write_png(img, os.path.join(out_dir, args.name + ".png"))
    if cells is not None:
        return check_text(totals, img, cells, lines)
    if totals is None or geometry is None:
        why = "the serial log has no %s line" % (
            "'# Totals:'" if totals is None else "'fbcon: WxH ...'")
        return [(False, "summary_banner", why),
                (False, "last_line_shown", why)]
    font = psf.load(args.font)
    scale = geometry[6]
    want = render_banner(font, img.width, scale, totals)
    write_png(want, os.path.join(out_dir, args.name + "-expected.png"))
    got = img.crop(0, 0, want.width, want.height)
    bad = sum(a != b for ra, rb in zip(got.rows, want.rows)
              for a, b in zip(ra, rb))
    cases = [(bad == 0, "summary_banner",
              "%r: %d of %d pixels differ from the rendering" %
              (banner_text(totals), bad, want.width * want.height))]
    end = next((ln for ln in lines if END_RE.match(ln)), "")
    col = end.index(END_LINE) if end else 0
    row = find_line(img, font, scale, want.height, col, END_LINE)
    # Not quoted: kunit.py stops reading KTAP at that text, anywhere.
    cases.append((row is not None, "last_line_shown",
                  "the kernel's last line, column %d: %s" %
                  (col, "row %d" % row if row is not None else
                   "not found")))
    return cases


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--iso", required=True)
    ap.add_argument("--mode", default="bios-cd", choices=qemu.MODES)
    ap.add_argument("--build", default="build")
    ap.add_argument("--name", default="screen")
    ap.add_argument("--mem", default="256M")
    ap.add_argument("--smp", type=int, default=2)
    ap.add_argument("--qemu", default=qemu.QEMU)
    ap.add_argument("--font", default=FONT)
    ap.add_argument("--timeout", type=float, default=240)
    ap.add_argument("--hang-timeout", type=float, default=60)
    args = ap.parse_args(argv)
    out_dir = os.path.join(args.build, "screen")
    scratch = os.path.join(args.build, "boot", args.name)
    os.makedirs(out_dir, exist_ok=True)
    os.makedirs(scratch, exist_ok=True)
    print("KTAP version 1\n1..2", flush=True)
    serial_log = os.path.join(out_dir, args.name + ".serial.log")
    with open(serial_log, "w") as s:
        ppm, lines, cells = boot(args, scratch, s)
    print("# serial log: %s (%d lines)" % (serial_log, len(lines)))
    cases = check(args, ppm, lines, cells, out_dir)
    for i, (ok, name, diag) in enumerate(cases, 1):
        print("# %s: %s" % (name, diag))
        print("%s %d %s" % ("ok" if ok else "not ok", i, name))
    return 0 if all(ok for ok, _, _ in cases) else 1


if __name__ == "__main__":
    sys.exit(main())
