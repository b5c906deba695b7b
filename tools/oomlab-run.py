#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""oomlab host test runner: boot the kernel in QEMU, parse its KTAP,
report. `oomlab-run.py --help`; the code is in tools/oomlab/."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from oomlab.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
