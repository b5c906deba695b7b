# SPDX-License-Identifier: MIT
"""Shared helpers of the runner's tests: import path, fixtures, fakes."""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
TOOLS = os.path.join(REPO, "tools")
FIXTURES = os.path.join(HERE, "fixtures")
FAKE_QEMU = os.path.join(HERE, "fake_qemu.py")
FAKE_MKISO = os.path.join(HERE, "fake_mkiso.py")
RUNNER = os.path.join(TOOLS, "oomlab-run.py")

if TOOLS not in sys.path:
    sys.path.insert(0, TOOLS)


def fixture_lines(name):
    """The raw lines of a fixture log, as the serial port gave them."""
    with open(os.path.join(FIXTURES, name), newline="") as f:
        return f.read().split("\n")


def parse(text_or_name):
    """Parse a fixture (by file name) or a literal log."""
    from oomlab import ktap
    if text_or_name.endswith(".log"):
        return ktap.parse_lines(fixture_lines(text_or_name))
    return ktap.parse_lines(text_or_name.split("\n"))


def fake_build(tmp):
    """A build directory with a default runner "ISO" for fake_qemu."""
    build = os.path.join(tmp, "build")
    os.makedirs(build)
    with open(os.path.join(build, "oomlab-test.iso"), "w") as f:
        f.write("not a real iso\n")
    with open(os.path.join(build, "kernel.elf"), "w") as f:
        f.write("fake kernel\n")
    return build
