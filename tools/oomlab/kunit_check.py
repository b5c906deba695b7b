# SPDX-License-Identifier: MIT
"""Read every log of a run with Linux's own KTAP parser: kunit.py parse
from Debian's linux-source-6.1, extracted (tools/testing/kunit only) into
BUILD/kunit at first use, never committed. A log passes when kunit.py
reports no parser error ("[ERROR] Test: ...": a missing plan entry, a
wrong test number, no KTAP at all...); failing test cases are the run's
business, not the parser's. kunit.py's JSON (the KernelCI shape) is
kept beside each log as NAME.kunit.json.

Prints KTAP, one case per log.

    python3 -m oomlab.kunit_check --build BUILD LOG...
"""
import argparse
import os
import re
import subprocess
import sys

SOURCE_TARBALL = "/usr/src/linux-source-6.1.tar.xz"
SOURCE_PACKAGE = "linux-source-6.1"
KUNIT_DIR = "tools/testing/kunit"
ERROR_RE = re.compile(r"\[ERROR\].*")
ANSI_RE = re.compile(r"\x1b\[[0-9;]*m")
PARSE_TIMEOUT = 120     # seconds for one log


class KunitMissing(Exception):
    """kunit.py is not there and cannot be fetched."""


def kunit_py(build):
    """Path of kunit.py under @build, extracting it from the Debian
    source tarball (installing the package as root) when missing."""
    root = os.path.join(build, "kunit")
    script = os.path.join(root, KUNIT_DIR, "kunit.py")
    if os.path.exists(script):
        return script
    if not os.path.exists(SOURCE_TARBALL):
        if os.geteuid() != 0:
            raise KunitMissing("%s is missing: apt-get install %s (as "
                               "root)" % (SOURCE_TARBALL, SOURCE_PACKAGE))
        subprocess.run(["apt-get", "install", "-y", "-qq",
                        "--no-install-recommends", SOURCE_PACKAGE],
                       check=True, stdout=subprocess.DEVNULL,
                       env=dict(os.environ,
                                DEBIAN_FRONTEND="noninteractive"))
    os.makedirs(root, exist_ok=True)
    member = "linux-source-6.1/" + KUNIT_DIR
    r = subprocess.run(["tar", "-xJf", SOURCE_TARBALL, "-C", root,
                        "--strip-components=1", member],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       text=True)
    if r.returncode or not os.path.exists(script):
        raise KunitMissing("cannot extract %s from %s: %s" %
                           (member, SOURCE_TARBALL, r.stdout.strip()))
    return script


def parse_log(script, log):
    """Run kunit.py parse on @log; return (errors, json_path)."""
    log = os.path.abspath(log)
    json_path = os.path.splitext(log)[0] + ".kunit.json"
    r = subprocess.run([sys.executable, script, "parse",
                        "--json=" + json_path, log],
                       stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True,
                       errors="replace", timeout=PARSE_TIMEOUT)
    out = ANSI_RE.sub("", r.stdout)
    errors = [m.group(0) for m in map(ERROR_RE.search, out.splitlines())
              if m]
    if "Traceback" in out:
        errors.append("kunit.py crashed: " + out.strip().splitlines()[-1])
    if not os.path.exists(json_path):
        errors.append("kunit.py wrote no JSON")
    return errors, json_path


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", default="build")
    ap.add_argument("logs", nargs="*")
    args = ap.parse_args(argv)
    print("KTAP version 1\n1..%d" % len(args.logs), flush=True)
    try:
        script = kunit_py(args.build)
    except (KunitMissing, subprocess.CalledProcessError) as e:
        print("# %s" % e)
        for i, log in enumerate(args.logs, 1):
            print("not ok %d %s" % (i, case_name(log)))
        return 1
    bad = 0
    for i, log in enumerate(args.logs, 1):
        errors, json_path = parse_log(script, log)
        for e in errors:
            print("# %s: %s" % (os.path.basename(log), e))
        print("%s %d %s" % ("not ok" if errors else "ok", i,
                            case_name(log)), flush=True)
        bad += bool(errors)
    return 1 if bad else 0


def case_name(log):
    """A KTAP description from a log's file name."""
    return re.sub(r"[^A-Za-z0-9_]", "_",
                  os.path.splitext(os.path.basename(log))[0])


if __name__ == "__main__":
    sys.exit(main())
