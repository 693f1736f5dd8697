"""Helpers for tests that assert where a finding points (file, line, column)."""

from __future__ import annotations


def only(report, code):
    """The one finding of a kind; fails with every finding listed when there is not exactly one."""
    found = [f for f in report.findings if f.code == code]
    assert len(found) == 1, [str(f) for f in report.findings]
    return found[0]


def line_of(path, needle, occurrence=1):
    """The 1-based line and column of the n-th occurrence of `needle` in a file."""
    text = path.read_text(encoding="utf-8")
    at = -1
    for _ in range(occurrence):
        at = text.index(needle, at + 1)
    return text.count("\n", 0, at) + 1, at - (text.rfind("\n", 0, at) + 1) + 1
