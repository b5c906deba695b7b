#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Stand-in for tools/mkiso.sh in the runner's tests (OOMLAB_MKISO):
   fake_mkiso.py BUILD OUT.iso CMDLINE  writes "CMDLINE=<cmdline>" to OUT.
FAKE_MKISO_COUNT=path gets one line per call; with FAKE_MKISO_FAIL=text it
prints text and fails instead (exit 1, no ISO)."""
import os
import sys

build, out, cmdline = sys.argv[1], sys.argv[2], sys.argv[3]
if os.environ.get("FAKE_MKISO_COUNT"):
    with open(os.environ["FAKE_MKISO_COUNT"], "a") as f:
        f.write(cmdline + "\n")
if os.environ.get("FAKE_MKISO_FAIL"):
    print("grub-mkrescue: " + os.environ["FAKE_MKISO_FAIL"])
    sys.exit(1)
with open(out, "w") as f:
    f.write("CMDLINE=" + cmdline + "\n")
