#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Turn `nm -n` output of the kernel into an assembly symbol table.

The table lands in the .ksyms section, which the linker script places after
every other section, so linking it in moves no code: the addresses taken
from the first link stay true in the second.

Layout (all little endian):
    u64 count
    count x { u64 addr; u32 name_offset; u32 size }
    names, NUL-terminated
"""
import sys


def read_symbols(nm_path):
    syms = []
    if nm_path == "-":
        return syms
    with open(nm_path) as f:
        for line in f:
            parts = line.split()
            if len(parts) != 3 or parts[1] not in "tTwW":
                continue
            syms.append((int(parts[0], 16), parts[2]))
    syms.sort()
    # Size = distance to the next symbol: enough for "func+off/size".
    out = []
    for i, (addr, name) in enumerate(syms):
        nxt = syms[i + 1][0] if i + 1 < len(syms) else addr
        out.append((addr, name, nxt - addr))
    return out


def main():
    syms = read_symbols(sys.argv[1])
    lines = ['\t.section .ksyms, "a"', "\t.balign 8", "\t.global ksym_table",
             "ksym_table:", f"\t.quad {len(syms)}"]
    offset = 0
    for addr, name, size in syms:
        lines.append(f"\t.quad {addr:#x}\n\t.long {offset}, {size}")
        offset += len(name) + 1
    for _, name, _ in syms:
        lines.append(f'\t.asciz "{name}"')
    print("\n".join(lines))


if __name__ == "__main__":
    main()
