# SPDX-License-Identifier: MIT
"""What the kernel saw of the machine QEMU gave it: every passing boot of
the plan must have brought up the CPUs of its -smp and found about the
memory of its -m, as the kernel's boot lines say

    smp: Brought up 1 node, 4 CPUs
    mm: 255 MiB usable, 247 MiB free; ...

A kernel that passes its tests on one CPU out of eight, or on the 3 GiB
below the PCI hole of a 16 GiB machine, passes nothing it was booted to
test. Firmware keeps some memory (the BIOS below 1 MiB, OVMF several
MiB), so "about" is: at most -m, at least -m less a tenth of it or 32 MiB,
whichever is more.
"""
import re

BROUGHT_UP_RE = re.compile(r"smp: Brought up 1 node, (\d+) CPUs?\b")
USABLE_RE = re.compile(r"^mm: (\d+) MiB usable\b")
UNITS = {"M": 1, "G": 1024}
FIRMWARE_SLACK_MIB = 32


def mem_mib(text):
    """QEMU's -m value ("256M", "16G", "512") in MiB."""
    m = re.fullmatch(r"(\d+)([MG]?)", str(text))
    if not m:
        raise ValueError("bad memory size %r" % text)
    return int(m.group(1)) * UNITS.get(m.group(2) or "M")


def _first(regex, lines):
    for line in lines:
        m = regex.search(line)
        if m:
            return int(m.group(1))
    return None


def check(smp, mem, cmdline, lines):
    """Problems (strings) with what the log @lines says the kernel saw of
    a machine of @smp CPUs and @mem memory; empty when it saw it all. A
    command line that limits the CPUs (maxcpus=) skips the CPU check."""
    problems = []
    cpus = _first(BROUGHT_UP_RE, lines)
    if "maxcpus=" not in cmdline:
        if cpus is None:
            problems.append("no 'smp: Brought up' line")
        elif cpus != smp:
            problems.append("brought up %d CPUs of -smp %d" % (cpus, smp))
    usable = _first(USABLE_RE, lines)
    want = mem_mib(mem)
    low = want - max(want // 10, FIRMWARE_SLACK_MIB)
    if usable is None:
        problems.append("no 'mm: N MiB usable' line")
    elif not low <= usable <= want:
        problems.append("%d MiB usable of -m %s (expected %d..%d)" %
                        (usable, mem, low, want))
    return problems
