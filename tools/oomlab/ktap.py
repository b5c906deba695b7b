# SPDX-License-Identifier: MIT
"""Streaming KTAP v1 parser.

Feed it raw console lines one at a time; it strips what is not KTAP
(escape sequences, carriage returns, printk timestamps, a prefix learnt
from the first version line), builds a tree of Test nodes and tells the
caller when a top-level suite finishes. finish() closes whatever is still
open: every plan entry that never got a result line is CRASH.

Nesting follows indentation, as the spec says (one level = two spaces),
but any deeper indentation opens a level, so KUnit's four spaces work too:

    KTAP version 1            root, indent 0
    1..1
      KTAP version 1          a subtest opens: deeper than its parent
      # Subtest: mm_buddy
      1..2
      ok 1 alloc_one          a case of mm_buddy
      not ok 2 split # ...
    not ok 1 mm_buddy         shallower: closes mm_buddy and names it

Unknown lines never change results; they are kept in the logs. Problems in
the KTAP itself (wrong numbers, results without a plan entry, a restart)
go to Ktap.errors.
"""
import re
from dataclasses import dataclass, field
from typing import List, Optional

PASS, FAIL, SKIP, CRASH = "PASS", "FAIL", "SKIP", "CRASH"

ANSI_RE = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07]*\x07|[@-Z\\-_])")
TIMESTAMP_RE = re.compile(r"^\[\s*\d+\.\d+\] ")
VERSION_RE = re.compile(r"(?:KTAP|TAP) version (\d+)\s*$")
PLAN_RE = re.compile(r"^1\.\.(\d+)\s*(?:#\s*(.*))?$")
RESULT_RE = re.compile(
    r"^(ok|not ok)\s+(\d+)(?:\s+(?:-\s+)?([^#]*?))?\s*(?:#\s*(.*))?$")
SUBTEST_RE = re.compile(r"^#\s*Subtest:\s*(.*?)\s*$")
DIRECTIVE_RE = re.compile(r"^(SKIP|TODO|XFAIL|TIMEOUT|ERROR)\b\s*(.*)$",
                          re.IGNORECASE)
TOTALS_RE = re.compile(r"^#\s*Totals:\s*(.*)$")
BENCH_RE = re.compile(r"^#\s*bench\s+([^\s:]+):\s*(\S+)(?:\s+(.*?))?\s*$")


def clean_line(raw):
    """Return @raw without escapes, CRs, trailing newline and timestamp."""
    text = ANSI_RE.sub("", raw).replace("\r", "").rstrip("\n")
    return TIMESTAMP_RE.sub("", text, count=1)


@dataclass
class Test:
    """A test case or a group of them (a suite, or the whole run)."""
    name: str = ""
    number: int = 0
    status: Optional[str] = None     # PASS FAIL SKIP CRASH
    reason: str = ""                 # skip reason, directive text, crash note
    plan: Optional[int] = None
    is_group: bool = False
    children: List["Test"] = field(default_factory=list)
    log: List[str] = field(default_factory=list)

    def failed_alone(self):
        """A group that failed although none of its cases did (an error
        outside the cases): it counts as one failed test itself."""
        return bool(self.children) and self.status in (FAIL, CRASH) and \
            not any(t.status in (FAIL, CRASH) for _, t in self.leaves())

    def leaves(self, path=()):
        """Yield (path, test) for every counted test below this node."""
        for child in self.children:
            p = path + (child.name,)
            if child.children:
                if child.failed_alone():
                    yield p, child
                yield from child.leaves(p)
            elif not (child.is_group and child.status == PASS):
                yield p, child      # an empty passing group counts nothing


@dataclass
class Bench:
    name: str
    value: str
    unit: str
    suite: str


class _Frame:
    """One open level of nesting while parsing."""

    def __init__(self, test, indent):
        self.test = test
        self.indent = indent
        self.pending = []       # lines since the last result at this level
        self.version_seen = False


class Ktap:
    """Incremental parser. feed() returns events, finish() the tree."""

    def __init__(self):
        self.root = None            # Test, once a version line was seen
        self.stack = []             # open _Frames, root first
        self.prefix = ""
        self.done = False           # the root's plan is satisfied
        self.finished = False
        self.errors = []
        self.totals = None          # dict from "# Totals: pass:.. ..."
        self.benches = []
        self.preamble = []          # lines before the first version line

    # -- helpers --------------------------------------------------------

    def _path(self, frame_index, name=None):
        names = [f.test.name or "?" for f in self.stack[1:frame_index + 1]]
        if name is not None:
            names.append(name)
        return ".".join(names) or "(top level)"

    def _error(self, msg):
        self.errors.append(msg)

    def _push(self, indent, name=""):
        test = Test(name=name, is_group=True)
        self.stack.append(_Frame(test, indent))
        return self.stack[-1]

    def _add_child(self, frame, test, number):
        expected = len(frame.test.children) + 1
        if number != expected:
            self._error("%s: expected test number %d but found %d" %
                        (self._path(self.stack.index(frame), test.name),
                         expected, number))
        plan = frame.test.plan
        if plan is not None and expected > plan:
            self._error("%s: result %d beyond the plan 1..%d" %
                        (self._path(self.stack.index(frame), test.name),
                         number, plan))
        test.number = number
        frame.test.children.append(test)

    def _close_frame(self, status=None, number=None, name=None, reason=""):
        """Pop the innermost frame and attach its test to the parent.

        With a result line, @status/@number/@name come from it; without
        one (the stream ended, or the parent moved on) the group crashed.
        """
        frame = self.stack.pop()
        test = frame.test
        test.log.extend(frame.pending)
        if name:
            if test.name and test.name != name:
                self._error("subtest '%s' closed by result named '%s'" %
                            (test.name, name))
            test.name = test.name or name
        crashed = status is None
        self._fill_missing(test, crashed)
        if crashed:
            status = CRASH
            reason = reason or "no result line"
        else:
            bad = [c for c in test.children if c.status in (FAIL, CRASH)]
            if bad and status != FAIL:
                self._error("%s: reported %s but has failing cases" %
                            (test.name, "ok" if status == PASS
                             else status.lower()))
                status = FAIL
        test.status, test.reason = status, reason
        parent = self.stack[-1]
        self._add_child(parent, test,
                        number if number is not None
                        else len(parent.test.children) + 1)
        return test

    def _fill_missing(self, test, crashed, first="crashed"):
        """Plan entries without a result: the first crashed, the rest
        never ran; both count as CRASH. A group that crashed without a
        plan still had something running: one CRASH entry for it."""
        have = len(test.children)
        if any(c.status == CRASH for c in test.children):
            first = "not run"       # the crash is already recorded inside
        want = test.plan if test.plan is not None else (
            have + 1 if crashed else have)
        for n in range(have + 1, want + 1):
            note = first if n == have + 1 else "not run"
            test.children.append(Test(name="#%d" % n, number=n,
                                      status=CRASH, reason=note))

    # -- line handling -------------------------------------------------

    def feed(self, raw):
        """Parse one console line. Return a list of events:
        ("start", root), ("plan", n), ("suite", Test) for each closed
        top-level subtest, ("bench", Bench)."""
        if self.finished:
            return []
        text = clean_line(raw)
        if self.root is None:
            return self._feed_preamble(text)
        if self.prefix and text.startswith(self.prefix):
            text = text[len(self.prefix):]
        body = text.strip()
        indent = len(text) - len(text.lstrip())
        if self.done:
            if VERSION_RE.match(body):
                self._error("KTAP output restarted after the run ended "
                            "(did the machine reboot?)")
            events = []
            self._on_other(body, text, events)
            return events
        events = []
        if VERSION_RE.match(body):
            self._on_version(indent, events)
        elif SUBTEST_RE.match(body):
            self._on_subtest(indent, SUBTEST_RE.match(body).group(1), text,
                             events)
        elif PLAN_RE.match(body):
            self._on_plan(indent, PLAN_RE.match(body), text, events)
        elif RESULT_RE.match(body):
            self._on_result(indent, RESULT_RE.match(body), events)
        else:
            self._on_other(body, text, events)
        if (len(self.stack) == 1 and self.root.plan is not None
                and len(self.root.children) >= self.root.plan):
            self.done = True
        return events

    def _feed_preamble(self, text):
        m = VERSION_RE.search(text)
        if not m:
            self.preamble.append(text)
            return []
        lead = text[:m.start()]
        # Non-blank text before the version is a prefix on every line
        # (a log level, a tag); blank text is the root's indentation.
        self.prefix = lead if lead.strip() else ""
        self.root = Test(name="", is_group=True)
        frame = _Frame(self.root, 0 if self.prefix else len(lead))
        frame.version_seen = True
        self.stack = [frame]
        return [("start", self.root)]

    def _unwind_to(self, indent, events):
        """Close frames deeper than @indent: their parent moved on without
        their result line."""
        while len(self.stack) > 1 and self.stack[-1].indent > indent:
            self._error("%s: no result line for this subtest" %
                        self._path(len(self.stack) - 1))
            self._closed(self._close_frame(reason="no result line"), events)

    def _closed(self, test, events):
        if len(self.stack) == 1:
            events.append(("suite", test))

    def _on_version(self, indent, events):
        if indent <= self.stack[0].indent:
            self._error("KTAP output restarted inside the run "
                        "(did the machine reboot?)")
            self.finish(reason="output restarted")
            return
        top = self.stack[-1]
        if (len(self.stack) > 1 and indent == top.indent
                and not top.version_seen and not top.test.children
                and top.test.plan is None):
            top.version_seen = True         # "# Subtest:" came first
            return
        if indent <= top.indent:            # previous sibling unfinished
            self._unwind_to(indent - 1, events)
        self._push(indent).version_seen = True

    def _on_subtest(self, indent, name, text, events):
        top = self.stack[-1]
        if (len(self.stack) > 1 and indent == top.indent
                and not top.test.name and not top.test.children):
            top.test.name = name            # after its version line
            return
        if indent > top.indent:
            self._push(indent, name)        # no version line (old KUnit)
            return
        if indent <= self.stack[0].indent:
            top.pending.append(text)        # a plain diagnostic
            return
        self._unwind_to(indent - 1, events)  # previous sibling unfinished
        self._push(indent, name)

    def _on_plan(self, indent, m, text, events):
        top = self.stack[-1]
        if indent > top.indent:
            top = self._push(indent)
        elif indent < top.indent:
            self._unwind_to(indent, events)
            top = self.stack[-1]
        if top.test.plan is not None or top.test.children:
            self._error("%s: unexpected plan line '%s'" %
                        (self._path(len(self.stack) - 1), text.strip()))
            return
        top.test.plan = int(m.group(1))
        if m.group(2) and DIRECTIVE_RE.match(m.group(2)):
            d = DIRECTIVE_RE.match(m.group(2))
            if d.group(1).upper() == "SKIP":
                top.test.reason = d.group(2)
        if len(self.stack) == 1:
            events.append(("plan", top.test.plan))

    def _on_result(self, indent, m, events):
        ok = m.group(1) == "ok"
        number = int(m.group(2))
        name = (m.group(3) or "").strip()
        status, reason = (PASS if ok else FAIL), ""
        if m.group(4):
            d = DIRECTIVE_RE.match(m.group(4))
            if d:
                word = d.group(1).upper()
                reason = d.group(2).strip()
                if word == "SKIP":
                    status = SKIP
                elif word == "XFAIL" and not ok:
                    status = PASS       # an expected failure happened
                elif word in ("TIMEOUT", "ERROR"):
                    status = FAIL
                    reason = ("%s %s" % (word.lower(), reason)).strip()
            else:
                reason = m.group(4).strip()
        # Shallower than the open subtest: this is its result line, unless
        # the subtest's parent is deeper still (then it never got one).
        while len(self.stack) > 1 and self.stack[-1].indent > indent:
            if self.stack[-2].indent <= indent:
                test = self._close_frame(status, number, name, reason)
                self._closed(test, events)
                return
            self._unwind_to(self.stack[-2].indent, events)
        top = self.stack[-1]
        if indent > top.indent:
            top = self._push(indent)        # a subtest without headers
        test = Test(name=name or "#%d" % number, status=status,
                    reason=reason, log=top.pending)
        top.pending = []
        self._add_child(top, test, number)
        if len(self.stack) == 1:
            events.append(("suite", test))

    def _on_other(self, body, text, events):
        if self.stack:
            top = self.stack[-1]
            top.pending.append(_dedent(text, top.indent))
        m = TOTALS_RE.match(body)
        if m and len(self.stack) == 1:
            self.totals = dict(re.findall(r"(\w+):(\d+)", m.group(1)))
            self.totals = {k: int(v) for k, v in self.totals.items()}
            return
        m = BENCH_RE.match(body)
        if m:
            suite = self.stack[1].test.name if len(self.stack) > 1 else ""
            bench = Bench(m.group(1), m.group(2), m.group(3) or "", suite)
            self.benches.append(bench)
            events.append(("bench", bench))

    # -- end of stream -------------------------------------------------

    def finish(self, reason="output ended"):
        """Close every open level (their missing results are CRASH) and
        return the root Test, or None when no KTAP was seen."""
        if self.finished or self.root is None:
            self.finished = True
            return self.root
        inside = len(self.stack) > 1   # the crash was in an open subtest
        while len(self.stack) > 1:
            self._close_frame(reason=reason)
        self.root.log.extend(self.stack[0].pending)
        self.stack[0].pending = []
        self._fill_missing(self.root, crashed=False,
                           first="not run" if inside else "crashed")
        self.root.status = aggregate(self.root.children)
        self.finished = True
        return self.root


def _dedent(text, indent):
    """Drop up to @indent leading spaces: a log line relative to its level."""
    lead = len(text) - len(text.lstrip(" "))
    return text[min(lead, indent):]


def aggregate(children):
    """Status of a group from its children (KTAP: any failure fails the
    parent; all skipped = skipped; none = pass)."""
    statuses = [c.status for c in children]
    if CRASH in statuses:
        return CRASH
    if FAIL in statuses:
        return FAIL
    if statuses and all(s == SKIP for s in statuses):
        return SKIP
    return PASS


def parse_lines(lines):
    """Parse a whole log; return the Ktap parser (root in .root)."""
    parser = Ktap()
    for line in lines:
        parser.feed(line)
    parser.finish()
    return parser
