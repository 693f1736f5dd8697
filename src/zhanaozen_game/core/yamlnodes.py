"""Safe reading of writers' YAML into a light tree of positioned nodes.

Writers' files are untrusted input. This module never constructs Python objects from tags: it
reads libyaml's parse events (the C parser when present) and builds its own small tree, keeping
each node's character offsets. On the way it rejects, with a position, what a story never needs
and an attacker would use: files over 1 MiB, bytes that are not UTF-8, explicit tags
(`!!python/...`), anchors and aliases (billion laughs, self-reference), duplicate keys, keys
that are not plain text, a second document, nesting deeper than `MAX_DEPTH`, and raw control
characters.

Lines and columns are worked out from character offsets by `Lines`, counting `\n`, `\r\n` and
a lone `\r` as a line break, as editors and the Language Server Protocol do; positions stay
right whatever the file holds.

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
# (NEL included); non-characters; lone surrogates, which no file on disk holds (UTF-8 refuses them)
# but an editor's unsaved buffer can (JSON's "\ud800"), and which libyaml cannot even encode.
# (U+2028 and U+2029, pasted from web pages, are allowed: libyaml counts them as line breaks, but
# our positions do not, as editors do not.)
_RAW_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


_LINE_BREAK = re.compile("\r\n|\r|\n")
_KEY_LINE = re.compile(r"^[ -]*[^\s#:][^:]*:(\s|$)")


class Lines:
    """Turns character offsets into 1-based (line, column); `\n`, `\r\n` and `\r` end a line."""

    __slots__ = ("starts",)

    def __init__(self, text: str) -> None:
        if "\r" in text:
            self.starts = [0] + [match.end() for match in _LINE_BREAK.finditer(text)]
        else:
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
    # Never more than 1 MiB + 1 byte is read, whatever the file claims to be (a file that grows,
    # a device or a pipe in the folder): one byte more than allowed is enough to refuse it.
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as err:
        raise YamlProblem(f"cannot read the file: {err.strerror or err}") from None
    if len(data) > MAX_FILE_BYTES:
        raise YamlProblem(
            f"the file has more than {MAX_FILE_BYTES:,} bytes; a story file may have at most "
            f"{MAX_FILE_BYTES:,} (1 MiB): split it into several scene files"
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        # Count characters, not bytes, and lines as everywhere else (`\r` too).
        before = data[: err.start].decode("utf-8", "replace")
        line, column = Lines(before).place(len(before))
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
    context_mark = getattr(err, "context_mark", None)
    rewritten = _for_writers(problem, context, text, lines, index, context_mark.index if context_mark else None)
    if rewritten is not None:
        message, at = rewritten
        return YamlProblem(f"{message} (YAML: {problem})", *lines.place(at))
    message = f"YAML syntax error: {problem}" + (f" ({context})" if context else "")
    return YamlProblem(message, line, column)


def _indent_of(text: str, lines: Lines, index: int) -> tuple[int, int]:
    """The 1-based line of an offset and the indentation (spaces) of that line."""
    line = lines.place(index)[0]
    start = lines.starts[line - 1]
    end = lines.starts[line] if line < len(lines.starts) else len(text)
    row = text[start:end]
    return line, len(row) - len(row.lstrip(" "))


def _for_writers(
    problem: str, context: str | None, text: str, lines: Lines, index: int, context_index: int | None
) -> tuple[str, int] | None:
    """libyaml's message as a writer can act on it, and the offset of the place to fix."""
    context = context or ""
    if problem.startswith("mapping values are not allowed"):
        return (
            "a `: ` inside an unquoted value, or a key indented deeper than the keys above it: put the "
            'whole value in quotes (`title: "Arrival: the first day"`), or line the key up with the keys above',
            index,
        )
    if problem == "did not find expected key" and context_index is not None:
        line, indent = _indent_of(text, lines, index)
        start = lines.starts[line - 1]
        before = text[start:index]
        if before.strip() and before.rstrip()[-1:] in ('"', "'"):
            return (
                "text after a closing quote: put the whole value inside one pair of quotes, "
                "or remove what follows the closing quote",
                index,
            )
        map_line = lines.place(context_index)[0]
        above = sorted(
            {
                len(row) - len(row.lstrip(" -"))
                for row in _LINE_BREAK.split(text[lines.starts[map_line - 1] : start])
                if _KEY_LINE.match(row)
            }
        )
        return (
            f"line {line} is indented {indent} space{'s' * (indent != 1)}, which lines it up with no key "
            f"above it (the keys from line {map_line} are indented {', '.join(map(str, above)) or '0'}): "
            "line it up with the key it belongs with",
            index,
        )
    if problem == "could not find expected ':'" and context_index is not None:
        line = lines.place(context_index)[0]
        return (
            f"line {line} is not a `key: value` line: text that goes on over several lines must be "
            "indented under its key (or written after `|`), and every key needs `: `",
            context_index,
        )
    if problem == "found unexpected end of stream" and "quoted scalar" in context and context_index is not None:
        return ("this quote is never closed: close it at the end of the value", context_index)
    if problem == "found character that cannot start any token" and 0 <= index < len(text):
        char = "a backquote" if text[index] == "`" else f"`{text[index]}`"
        return (f"a value cannot start with {char}: put the whole value in quotes", index)
    if problem == "found unknown escape character":
        return (
            "an unknown escape (a backslash) in double-quoted text: write `\\\\` for a backslash, or use single quotes",
            index,
        )
    if problem.startswith("did not find expected ',' or") and context_index is not None:
        bracket = text[context_index] if context_index < len(text) else "{"
        return (
            f"the `{bracket}` opened here is not closed: close it, or quote a value that starts with `{bracket}`",
            context_index,
        )
    if problem == "did not find expected '-' indicator":
        return ("this line breaks a list: every `- ` item of a list starts at the same indentation", index)
    if problem == "did not find expected node content":
        return (
            "a value is missing here, or starts with a character YAML reserves "
            "(`[`, `{`, `*`, `&`, `!`, `|`, `>`, `%`, `@`, a backquote): put it in quotes",
            index,
        )
    return None


def parse(text: str, lines: Lines | None = None) -> Node | None:
    """Parse one YAML document into a `Node` tree; None for an empty document.

    Raises YamlProblem, and nothing else, for anything in the text.
    """
    lines = lines or Lines(text)
    forbidden = _RAW_FORBIDDEN.search(text)
    if forbidden:
        code = ord(forbidden.group())
        what = (
            f"a broken character (U+{code:04X}, half of a surrogate pair)"
            if 0xD800 <= code <= 0xDFFF
            else f"a control character (U+{code:04X})"
        )
        raise YamlProblem(f"{what} in the file: remove it", *lines.place(forbidden.start()))
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
