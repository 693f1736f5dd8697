"""Safe reading of writers' YAML into a light tree of positioned nodes.

Writers' files are untrusted input. This module never constructs Python objects from tags: it
reads libyaml's parse events (the C parser when present) and builds its own small tree, keeping
each node's character offsets. On the way it rejects, with a position, what a story never needs
and an attacker would use: files over 1 MiB, bytes that are not UTF-8, explicit tags
(`!!python/...`), anchors and aliases (billion laughs, self-reference), duplicate keys, keys
that are not plain text, a second document, nesting deeper than `MAX_DEPTH`, and raw control
characters.

Lines and columns are worked out from character offsets by `Lines`, counting only `\n` as a
line break, as editors do; positions stay right whatever the file holds.

Scalars stay text here; deciding whether `no` is text or a boolean is the validator's job,
because it knows which type the format expects at that place.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

MAX_FILE_BYTES = 1 << 20
MAX_DEPTH = 64

# libyaml's parser is about ten times faster than the pure-Python one; both are safe because we
# only read events.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAP, SEQ, SCALAR = "map", "seq", "scalar"

# Characters a YAML file may not hold raw: C0 controls but tab, LF and CR; DEL; C1 controls
# (NEL included); non-characters. (U+2028 and U+2029, pasted from web pages, are allowed: libyaml
# counts them as line breaks, but our positions count `\n` only, as editors do.)
_RAW_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


class Lines:
    """Turns character offsets into 1-based (line, column), counting `\n` as the only break."""

    __slots__ = ("starts",)

    def __init__(self, text: str) -> None:
        self.starts = [0] + [match.end() for match in re.finditer("\n", text)]

    def place(self, index: int) -> tuple[int, int]:
        row = bisect_right(self.starts, index) - 1
        return row + 1, index - self.starts[row] + 1


class YamlProblem(Exception):
    """A file that cannot be read as a story file; `line` and `column` are 1-based."""

    def __init__(self, message: str, line: int = 1, column: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


@dataclass(slots=True)
class Node:
    """A YAML node: a mapping (list of key/value pairs), a sequence, or a scalar (its text).

    `start` and `end` are character offsets into the file's text. `plain` is true for an
    unquoted scalar, the only kind whose type YAML guesses.
    """

    kind: str
    # The text of a scalar, a list of nodes for a sequence, a list of (key, value) node pairs for
    # a mapping: which one `kind` says, so the type is left open here (Any) and narrowed by kind.
    value: Any
    start: int
    end: int
    plain: bool = False


def read_text(path: Path) -> str:
    """Read a file as UTF-8 text (a BOM is allowed), refusing large files and other encodings."""
    try:
        size = path.stat().st_size
    except OSError as err:
        raise YamlProblem(f"cannot read the file: {err.strerror or err}") from None
    if size > MAX_FILE_BYTES:
        raise YamlProblem(
            f"the file has {size:,} bytes; a story file may have at most {MAX_FILE_BYTES:,} "
            "(1 MiB): split it into several scene files"
        )
    try:
        data = path.read_bytes()
    except OSError as err:
        raise YamlProblem(f"cannot read the file: {err.strerror or err}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        line_start = data.rfind(b"\n", 0, err.start) + 1
        # Count characters, not bytes, like every other position we report.
        column = len(data[line_start : err.start].decode("utf-8", "replace")) + 1
        raise YamlProblem(
            f"the file is not UTF-8 text: byte 0x{data[err.start]:02x} cannot be decoded (save the file as UTF-8)",
            line,
            column,
        ) from None
    return text[1:] if text.startswith("\ufeff") else text


def _syntax_problem(err: yaml.YAMLError, text: str, lines: Lines) -> YamlProblem:
    mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
    problem = getattr(err, "problem", None) or str(err).splitlines()[0]
    index = mark.index if mark is not None else 0
    line, column = lines.place(index)
    if 0 <= index < len(text) and text[index] == "\t":
        return YamlProblem("a tab character: YAML indents with spaces only", line, column)
    context = getattr(err, "context", None)
    message = f"YAML syntax error: {problem}" + (f" ({context})" if context else "")
    return YamlProblem(message, line, column)


def parse(text: str, lines: Lines | None = None) -> Node | None:
    """Parse one YAML document into a `Node` tree; None for an empty document.

    Raises YamlProblem, and nothing else, for anything in the text.
    """
    lines = lines or Lines(text)
    forbidden = _RAW_FORBIDDEN.search(text)
    if forbidden:
        raise YamlProblem(
            f"a control character (U+{ord(forbidden.group()):04X}) in the file: remove it",
            *lines.place(forbidden.start()),
        )
    root: Node | None = None
    # Each entry: [container node, pending key node or None, {key text: key node}]
    stack: list[list[Any]] = []
    documents = 0

    def problem(message: str, index: int) -> YamlProblem:
        return YamlProblem(message, *lines.place(index))

    def attach(node: Node) -> None:
        nonlocal root
        if not stack:
            root = node
            return
        top = stack[-1]
        container = top[0]
        if container.kind == SEQ:
            container.value.append(node)
        elif top[1] is None:
            if node.kind != SCALAR:
                raise problem("a key must be plain text, not a list or a mapping", node.start)
            first = top[2].get(node.value)
            if first is not None:
                raise problem(
                    f"duplicate key '{node.value}' (first at line {lines.place(first.start)[0]}); "
                    "YAML would silently keep only the last one",
                    node.start,
                )
            top[2][node.value] = node
            top[1] = node
        else:
            container.value.append((top[1], node))
            top[1] = None

    def refuse_anchor_and_tag(event: yaml.NodeEvent) -> None:
        if event.anchor is not None:
            raise problem(
                f"an anchor (&{event.anchor}): anchors and aliases are not allowed in story files",
                event.start_mark.index,
            )
        tag = getattr(event, "tag", None)
        if tag is not None and tag != "!":
            raise problem(f"a YAML tag ({tag}): tags are not allowed in story files", event.start_mark.index)

    try:
        for event in yaml.parse(text, Loader=_LOADER):
            kind = type(event)
            if kind is yaml.ScalarEvent:
                refuse_anchor_and_tag(event)
                attach(Node(SCALAR, event.value, event.start_mark.index, event.end_mark.index, not event.style))
            elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                refuse_anchor_and_tag(event)
                if len(stack) >= MAX_DEPTH:
                    raise problem(f"nesting is deeper than {MAX_DEPTH} levels", event.start_mark.index)
                node = Node(
                    MAP if kind is yaml.MappingStartEvent else SEQ, [], event.start_mark.index, event.start_mark.index
                )
                attach(node)
                stack.append([node, None, {}])
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                stack.pop()[0].end = event.end_mark.index
            elif kind is yaml.AliasEvent:
                raise problem(
                    f"an alias (*{event.anchor}): anchors and aliases are not allowed "
                    "in story files; write the value out",
                    event.start_mark.index,
                )
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise problem(
                        "a second YAML document (`---`): a story file holds exactly one", event.start_mark.index
                    )
    except yaml.YAMLError as err:
        raise _syntax_problem(err, text, lines) from None
    except RecursionError:
        raise YamlProblem(f"nesting is deeper than {MAX_DEPTH} levels") from None
    return root


def load_file(path: Path) -> tuple[str, Lines, Node | None]:
    """Read and parse one file: its text and line table (for positions) and its tree."""
    text = read_text(path)
    lines = Lines(text)
    return text, lines, parse(text, lines)
