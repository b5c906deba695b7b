# SPDX-License-Identifier: MIT
"""JUnit XML: <testsuites> holds one <testsuite> per run (a boot, the host
tests...), which nests one <testsuite> per KTAP suite, down to the
<testcase>s. Statuses map as: FAIL -> <failure>, CRASH -> <error>,
SKIP -> <skipped>. Counts agree with the terminal summary.
"""
import os
import xml.etree.ElementTree as ET

from . import ktap
from .runner import counts

MAX_LOG = 200   # lines of console output kept per failing case


def _counts(tree):
    p, f, s = counts(tree)
    errors = sum(1 for _, t in tree.leaves() if t.status == ktap.CRASH)
    if tree.failed_alone():     # its "(suite)" case
        f += 1
        errors += tree.status == ktap.CRASH
    return {"tests": str(p + f + s), "failures": str(f - errors),
            "errors": str(errors), "skipped": str(s)}


def _case(parent, test, classname):
    el = ET.SubElement(parent, "testcase", name=test.name,
                       classname=classname)
    msg = test.reason or ""
    if test.status == ktap.FAIL:
        ET.SubElement(el, "failure", message=msg or "failed",
                      type="failure").text = "\n".join(test.log[-MAX_LOG:])
    elif test.status == ktap.CRASH:
        ET.SubElement(el, "error", message=msg or "crashed",
                      type="crash").text = "\n".join(test.log[-MAX_LOG:])
    elif test.status == ktap.SKIP:
        ET.SubElement(el, "skipped", message=msg)
    elif test.log:
        ET.SubElement(el, "system-out").text = "\n".join(test.log[-MAX_LOG:])


def _suite(parent, test, classname, properties=None):
    el = ET.SubElement(parent, "testsuite", name=test.name, **_counts(test))
    if properties:
        props = ET.SubElement(el, "properties")
        for key in sorted(properties):
            ET.SubElement(props, "property", name=key,
                          value=str(properties[key]))
    if test.failed_alone():
        _case(el, ktap.Test(name="(suite)", status=test.status,
                            reason=test.reason or "suite failed",
                            log=test.log), classname)
    for child in test.children:
        if child.children:
            _suite(el, child, classname + "." + child.name)
        elif not (child.is_group and child.status == ktap.PASS):
            _case(el, child, classname)     # empty passing groups: nothing
    return el


def build(results):
    """Return the XML tree for @results (None entries are skipped)."""
    top = ET.Element("testsuites", name="oomlab")
    total = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for r in results:
        if r is None:
            continue
        info = dict(r.properties, kind=r.entry.kind,
                    verdict=r.verdict.kind, reasons=r.verdict.summary(),
                    log=r.log_path)
        if r.entry.expect:
            info["expect"] = r.entry.expect
        el = _suite(top, r.tree, r.entry.name, info)
        el.set("time", "%.3f" % r.duration)
        for key in total:
            total[key] += int(el.get(key))
    for key, value in total.items():
        top.set(key, str(value))
    return ET.ElementTree(top)


def write(results, path):
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    tree = build(results)
    ET.indent(tree)
    tree.write(path, encoding="utf-8", xml_declaration=True)
