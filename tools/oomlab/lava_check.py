# SPDX-License-Identifier: MIT
"""`make lava-check`: run lava/oomlab-qemu.yaml end to end with Debian's
lava-dispatcher (lava-run, no server) on lava/qemu-device.yaml, then
compare the results LAVA's monitor parsed with what our own KTAP parser
(tools/oomlab/ktap.py) reads from the same serial output, which LAVA
logs as "target" lines. Pass: the job passed, and both agree on every
result line (case id and pass/fail/skip, in order).

The hardware job (lava/oomlab-x86-usb.yaml) cannot run here; it is
validated by lava-run --validate on its example device configuration.

Keeps BUILD/lava/: job.yaml (with the ISO's URL filled in), lava.log
(lava-run's log), results.json (LAVA's results), x86-usb-validate.log.

    python3 -m oomlab.lava_check --build BUILD [--iso ISO]
"""
import argparse
import json
import os
import shutil
import subprocess
import sys

from . import ktap

REPO = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
JOB = os.path.join(REPO, "lava", "oomlab-qemu.yaml")
DEVICE = os.path.join(REPO, "lava", "qemu-device.yaml")
URL_PLACEHOLDER = "file:///path/to/oomlab-test.iso"
HW_JOB = os.path.join(REPO, "lava", "oomlab-x86-usb.yaml")
HW_DEVICE = os.path.join(REPO, "lava", "x86-usb-device.yaml")
HW_URL_PLACEHOLDER = "https://example.invalid/oomlab/oomlab.iso"
LAVA_TIMEOUT = 1800     # seconds: the job's own timeouts end it sooner
RESULT = {ktap.PASS: "pass", ktap.FAIL: "fail", ktap.SKIP: "skip",
          ktap.CRASH: "fail"}

def read_log(path):
    """(results of the monitor, job result, serial lines) from lava-run's
    log: one JSON object per line."""
    monitor, job, serial = [], None, []
    with open(path, errors="replace") as f:
        for raw in f:
            try:
                rec = json.loads(raw)
            except ValueError:
                continue
            msg = rec.get("msg")
            if rec.get("lvl") == "target" and isinstance(msg, str):
                serial.append(msg)
            elif rec.get("lvl") == "results" and isinstance(msg, dict):
                if msg.get("definition") == "lava":
                    if msg.get("case") == "job":
                        job = msg
                else:
                    # "case" is lowercased by LAVA; the id as matched is
                    # kept in extra.
                    case = msg.get("extra", {}).get("test_case_id",
                                                    msg["case"])
                    monitor.append((case, msg["result"]))
    return monitor, job, serial

def ours(serial):
    """The result lines our KTAP parser reads, in output order."""
    p = ktap.parse_lines(serial)
    out = []

    def walk(test):
        for child in test.children:
            walk(child)
            out.append((child.name, RESULT.get(child.status, "unknown")))
    if p.root is not None:
        walk(p.root)
    return out

def job_copy(src, placeholder, iso, dst):
    """Write the job @src with the ISO's file:// URL for @placeholder."""
    with open(src) as f:
        job = f.read().replace(placeholder, "file://" + iso)
    with open(dst, "w") as f:
        f.write(job)
    return dst


def validate_hw(out, iso):
    """lava-run --validate of the hardware job on its example device
    (the hardware itself is not here). Return True when valid."""
    job = job_copy(HW_JOB, HW_URL_PLACEHOLDER, iso,
                   os.path.join(out, "x86-usb-job.yaml"))
    log_path = os.path.join(out, "x86-usb-validate.log")
    with open(log_path, "w") as log:
        subprocess.run(["lava-run", "--validate", "--job-id", "2",
                        "--output-dir", os.path.join(out, "x86-work"),
                        "--device", HW_DEVICE, job],
                       stdin=subprocess.DEVNULL, stdout=log,
                       stderr=subprocess.STDOUT, timeout=LAVA_TIMEOUT)
    _, result, _ = read_log(log_path)
    ok = bool(result) and result.get("result") == "pass"
    print("lava-check: %s validates on %s: %s" % (
        os.path.basename(HW_JOB), os.path.basename(HW_DEVICE),
        "yes" if ok else "NO (%s)" % (result or {}).get("error_msg")))
    return ok


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", default="build")
    ap.add_argument("--iso", help="default BUILD/oomlab-test.iso")
    args = ap.parse_args(argv)
    if not shutil.which("lava-run"):
        print("lava-check: lava-run is missing: apt-get install "
              "lava-dispatcher", file=sys.stderr)
        return 2
    iso = os.path.abspath(args.iso or os.path.join(args.build,
                                                   "oomlab-test.iso"))
    out = os.path.abspath(os.path.join(args.build, "lava"))
    os.makedirs(out, exist_ok=True)
    hw_ok = validate_hw(out, os.path.abspath(os.path.join(
        args.build, "oomlab.iso")))
    job_path = job_copy(JOB, URL_PLACEHOLDER, iso,
                        os.path.join(out, "job.yaml"))
    work = os.path.join(out, "work")
    shutil.rmtree(work, ignore_errors=True)
    log_path = os.path.join(out, "lava.log")
    with open(log_path, "w") as log:
        r = subprocess.run(["lava-run", "--job-id", "1", "--output-dir",
                            work, "--device", DEVICE, job_path],
                           stdin=subprocess.DEVNULL, stdout=log,
                           stderr=subprocess.STDOUT, timeout=LAVA_TIMEOUT)
    monitor, job_result, serial = read_log(log_path)
    with open(os.path.join(out, "results.json"), "w") as f:
        json.dump({"job": job_result, "results": monitor}, f, indent=1)
    expected = ours(serial)
    counts = {k: sum(1 for _, v in monitor if v == k)
              for k in ("pass", "fail", "skip")}
    print("lava-check: lava-run exit %d, job %s; LAVA parsed %d results "
          "(%s); our parser %d" % (
              r.returncode, job_result and job_result.get("result"),
              len(monitor), ", ".join("%s %d" % kv for kv in
                                      counts.items()), len(expected)))
    ok = hw_ok and r.returncode == 0 and job_result and \
        job_result.get("result") == "pass" and monitor == expected
    if monitor != expected:
        diff = [(i, a, b) for i, (a, b) in enumerate(
            zip(monitor + [None] * len(expected),
                expected + [None] * len(monitor))) if a != b][:5]
        for i, a, b in diff:
            print("lava-check: result %d: LAVA %s, ours %s" % (i, a, b))
    print("lava-check: %s (log %s)" % ("PASS" if ok else "FAIL", log_path))
    return 0 if ok else 1

if __name__ == "__main__":
    sys.exit(main())
