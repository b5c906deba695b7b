# SPDX-License-Identifier: MIT
"""The machine matrix: the ISO written raw to a USB stick, booted on BIOS
and on UEFI, on QEMU's i440fx ("pc") and q35, with 1, 2, 4 and 8 CPUs
and 64 MiB to 16 GiB - the machines a test farm has, in QEMU.

    python3 -m oomlab.testmatrix [--jobs N] [--modes M,...]
        [--machines pc,q35] [--smp N,...] [--mem SIZE,...] [--reduced]

Each boot runs the page allocator's suites (they size themselves to the
memory and use every CPU) and passes only if the kernel also saw the
whole machine: the CPUs of -smp brought up and about the memory of -m
usable (oomlab.hwcheck, as every boot of the plan). `--reduced` is the
two corners `make test` runs as plan rows (plan.MACHINE_ROWS).
Logs go to BUILD/logs/tmatrix-<mode>-<machine>-smp<N>-<mem>.log.
Exit status: 0 every boot passed, 1 one failed, 2 a bad axis value.
"""
import argparse
import itertools
import os
import sys

from . import matrix, plan, qemu

MODES = ("bios-usb", "uefi-usb")
SMP = (1, 2, 4, 8)
MEM = ("64M", "512M", "4G", "16G")


def entries(modes, machines, smps, mems):
    return [plan.matrix_entry(*axes)
            for axes in itertools.product(modes, machines, smps, mems)]


def parser():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--jobs", "-j", type=int, default=os.cpu_count() or 1,
                    help="boots at a time (default: the CPUs, %(default)s)")
    ap.add_argument("--modes", default=",".join(MODES))
    ap.add_argument("--machines", default=",".join(qemu.MACHINES))
    ap.add_argument("--smp", default=",".join(map(str, SMP)))
    ap.add_argument("--mem", default=",".join(MEM))
    ap.add_argument("--reduced", action="store_true",
                    help="only the corners make test runs")
    ap.add_argument("--build-dir", default="build", metavar="DIR")
    ap.add_argument("--timeout", type=float, default=600, metavar="S")
    ap.add_argument("--list", action="store_true",
                    help="print the boots and exit")
    return ap


def main(argv=None):
    args = parser().parse_args(argv)
    try:
        todo = list(plan.MACHINE_ROWS) if args.reduced else entries(
                matrix.parse_list(args.modes, MODES, "modes"),
                matrix.parse_list(args.machines, qemu.MACHINES, "machines"),
                matrix.parse_list(args.smp, SMP, "smp", int),
                matrix.parse_list(args.mem, MEM, "mem"))
    except ValueError as e:
        print("testmatrix: %s" % e, file=sys.stderr)
        return 2
    if args.jobs < 1:
        print("testmatrix: bad --jobs %d: at least 1" % args.jobs,
              file=sys.stderr)
        return 2
    if args.list:
        for e in todo:
            print("%-40s %s" % (e.name, e.describe()))
        return 0
    ok, _, _ = matrix.run_boots(todo, args.build_dir, args.timeout,
                                args.jobs, "testmatrix")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
