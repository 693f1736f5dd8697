"""Validation of a YAML node tree against the format's model, with every error's position.

The walk is driven by `msgspec.inspect.type_info` of the model in `model.py`, so the rules live
in one place. It collects all errors in a file (not just the first), builds the msgspec structs
for what is valid, and records where each value sits so that later checks can point at it.

Unquoted scalars are read strictly, after YAML 1.2 but refusing what YAML 1.1 readers would
take differently: `no`, `on`, `010`, `1:30`, `1.10` and `2024-01-02` are never silently text,
false, 8, 90, a float or a date. Where text is expected they must be quoted; where a boolean
is expected only `true` and `false` count.
"""

from __future__ import annotations

import calendar
import difflib
import functools
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from msgspec import inspect as mi

from .text import CONTROL_CHARS, strip_controls
from .yamlnodes import MAP, SCALAR, SEQ, Lines, Node

NodePath = tuple[object, ...]  # a path from the file's root: keys and list indices

_INVALID = object()

# Positions are kept for what later checks point at; leaves that nothing points at (and that
# a story has many of) are not recorded, which keeps a 10,000-scene story's tables small.
# Their problems are still reported with exact positions as the walk meets them. (A quote is
# recorded: check points at a quote that is not word for word in its source.)
_UNRECORDED_VALUES = frozenset(
    {
        "title",
        "date",
        "place",
        "comment",
        "content_note",
        "summary",
        "reflect",
        "period",
        "author",
        "publisher",
        "url",
        "note",
        "definition",
        "description",
        "id",
        "name",
        "role",
        "kind",
        "disagreement",
    }
)
_RECORDED_FIELD_KEYS = frozenset({"ending", "notes", "choices", "start", "chapter", "vars"})
MAX_DIGITS = 15

_NULL = re.compile(r"^(~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_BOOL_1_1 = re.compile(r"^(yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF)$")
_INT = re.compile(r"^[-+]?(0|[1-9][0-9]*)$")
_OTHER_INT = re.compile(
    r"^[-+]?(0[0-9_]+|0x[0-9a-fA-F_]+|0o[0-7_]+|0b[01_]+|[0-9][0-9_]*(:[0-5]?[0-9])+|[0-9][0-9_]*_[0-9_]*)$"
)
_FLOAT = re.compile(
    r"^[-+]?(\.[0-9]+|[0-9][0-9_]*\.[0-9_]*|[0-9][0-9_]*[eE][-+]?[0-9]+|[0-9][0-9_]*\.[0-9_]*[eE][-+]?[0-9]+)$"
    r"|^[-+]?\.(inf|Inf|INF)$|^\.(nan|NaN|NAN)$|^[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+\.[0-9_]*$"
)
_TIMESTAMP = re.compile(r"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt ].*)?$")

_READS_AS = {
    "null": "empty (null)",
    "bool": "a boolean",
    "bool11": "a boolean (`{raw}` means {meaning} to many YAML readers)",
    "int": "a number",
    "int11": "a number in some YAML readers",
    "float": "a decimal number",
    "timestamp": "a date",
}


_CURLY_OPEN = "“‘«„‚"
_CURLY_CLOSE = "”’»“‘"
# Letters that look like Latin ones; pasted from Cyrillic or Greek text, they break an id unseen.
_LOOK_ALIKES = dict(zip("аеорсухіјѕАВЕКМНОРСТХαοινΑΒΕΗΙΚΜΝΟΡΤΧ", "aeopcyxijsABEKMHOPCTXaoivABEHIKMNOPTX"))


def strange_characters(raw: str, limit: int = 3) -> str:
    """Invisible, look-alike and other non-ASCII characters of an id, named by code point."""
    named = []
    for char in dict.fromkeys(raw):
        if char.isascii() and char.isprintable():
            continue
        name = unicodedata.name(char, "")
        if char in _LOOK_ALIKES:
            what = f"{name}, which looks like `{_LOOK_ALIKES[char]}`"
        elif unicodedata.category(char) in ("Cf", "Zs", "Zl", "Zp", "Mn") or not char.isprintable():
            what = f"{name or 'an unnamed character'}, which is invisible" if char != " " else "a space"
        else:
            what = name or "an unnamed character"
        named.append(f"U+{ord(char):04X} ({what})")
        if len(named) == limit:
            break
    return ("; it contains " + ", ".join(named)) if named else ""


def classify(raw: str) -> str:
    """What an unquoted scalar would be read as: null, bool, bool11, int, int11, float, timestamp or str."""
    if _NULL.match(raw):
        return "null"
    if raw in _BOOL:
        return "bool"
    if _BOOL_1_1.match(raw):
        return "bool11"
    if _INT.match(raw):
        return "int"
    if _OTHER_INT.match(raw):
        return "int11"
    if _FLOAT.match(raw):
        return "float"
    if _TIMESTAMP.match(raw):
        return "timestamp"
    return "str"


@dataclass(slots=True)
class Problem:
    """A message about a place in a file (1-based line and column)."""

    line: int
    column: int
    message: str
    severity: str = "error"
    code: str = ""


@dataclass
class Validated:
    """The result of validating one file: the value (or None), problems, and positions."""

    value: object
    problems: list[Problem]
    lines: Lines = field(default_factory=lambda: Lines(""))
    # path -> (start, end) character offsets of the value; path -> offset of the key naming it
    values: dict[NodePath, tuple[int, int]] = field(default_factory=dict)
    keys: dict[NodePath, int] = field(default_factory=dict)

    def at(self, path: NodePath, key: bool = False) -> tuple[int, int]:
        """The 1-based line and column of a value (or of its key); the nearest known parent otherwise."""
        probe = tuple(path)
        while probe:
            index = self.keys.get(probe) if key else None
            if index is None:
                span = self.values.get(probe)
                index = span[0] if span else self.keys.get(probe)
            if index is not None:
                return self.lines.place(index)
            probe = probe[:-1]
        return 1, 1


class _Walker:
    def __init__(self, result: Validated) -> None:
        self.result = result

    def error(self, node: Node, message: str, severity: str = "error", code: str = "") -> None:
        line, column = self.result.lines.place(node.start)
        self.result.problems.append(Problem(line, column, message, severity, code))

    def convert(self, node: Node, t: object, path: NodePath, hint: str = "") -> Any:
        extra = None
        if isinstance(t, mi.Metadata):
            extra = t.extra or None
            if t.extra_json_schema and not hint:
                hint = t.extra_json_schema.get("description", "")
            t = t.type
        if node.kind != SCALAR or not path or path[-1] not in _UNRECORDED_VALUES:
            self.result.values[path] = (node.start, node.end)
        if isinstance(t, mi.StructType):
            return self.struct(node, t, path)
        if isinstance(t, mi.DictType):
            return self.mapping(node, t, path)
        if isinstance(t, mi.ListType):
            return self.sequence(node, t, path)
        if isinstance(t, mi.UnionType):
            return self.union(node, t, path, hint)
        if node.kind != SCALAR:
            self.error(node, f"expected {_describe(t)}, found {_kind_name(node)}")
            return _INVALID
        if extra and extra.get("yaml") == "date":
            return self.date(node, t, hint)
        if isinstance(t, mi.StrType):
            return self.string(node, t, hint)
        if isinstance(t, mi.BoolType):
            return self.boolean(node)
        if isinstance(t, mi.IntType):
            return self.integer(node)
        if isinstance(t, mi.FloatType):
            return self.number(node, t)
        if isinstance(t, mi.NoneType):
            if node.plain and classify(node.value) == "null":
                return None
            self.error(node, "expected nothing here")
            return _INVALID
        raise TypeError(f"the format uses a type the validator does not know: {t!r}")

    # --- scalars -------------------------------------------------------------------------
    def string(self, node: Node, t: mi.StrType, hint: str) -> Any:
        raw = node.value
        if node.plain:
            kind = classify(raw)
            if kind != "str":
                if kind == "null":
                    self.error(node, "this is empty: write the text, or remove the key")
                else:
                    reads = _READS_AS[kind].format(raw=raw, meaning=_meaning(raw))
                    self.error(node, f'expected text, but YAML reads `{raw}` as {reads}; put it in quotes: "{raw}"')
                return _INVALID
        if CONTROL_CHARS.search(raw):
            removed = "".join(dict.fromkeys(CONTROL_CHARS.findall(raw)))
            self.error(
                node,
                "control characters removed from this text (they could drive the player's terminal)"
                + strange_characters(removed),
                "warning",
            )
            raw = strip_controls(raw)
        if t.min_length and len(raw) < t.min_length:
            self.error(node, "this text must not be empty")
            return _INVALID
        if t.pattern and not re.search(t.pattern, raw):
            self.error(node, f"`{raw}` is not allowed here" + (f": {hint}" if hint else "") + strange_characters(raw))
            return _INVALID
        if len(raw) > 1 and raw[0] in _CURLY_OPEN and raw[-1] in _CURLY_CLOSE:
            self.error(
                node,
                f"the value is wrapped in curly quotes ({raw[0]}…{raw[-1]}), which YAML keeps as part of the "
                f'text: write straight quotes ("…") around it, or leave the curly ones out',
                "warning",
                "curly-quotes",
            )
        return raw

    def date(self, node: Node, t: object, hint: str) -> Any:
        raw = node.value
        if node.plain and classify(raw) not in ("int", "timestamp", "str"):
            self.error(node, f"`{raw}` is not a date: {hint}")
            return _INVALID
        pattern = getattr(t, "pattern", None)
        if pattern and not re.search(pattern, raw):
            self.error(node, f"`{raw}` is not a date: {hint}")
            return _INVALID
        if len(raw) == 10:
            year, month, day = int(raw[:4]), int(raw[5:7]), int(raw[8:])
            days = calendar.monthrange(year, month)[1]
            if day > days:
                self.error(node, f"`{raw}` is not a date: {calendar.month_name[month]} {year} has {days} days")
                return _INVALID
        return raw

    def boolean(self, node: Node) -> Any:
        if node.plain and node.value in _BOOL:
            return _BOOL[node.value]
        if node.plain and _BOOL_1_1.match(node.value):
            self.error(node, f"`{node.value}` is ambiguous in YAML: write true or false")
        else:
            self.error(node, f"expected true or false, found {_scalar_name(node)}")
        return _INVALID

    def integer(self, node: Node) -> Any:
        if node.plain:
            kind = classify(node.value)
            if kind == "int":
                if len(node.value.lstrip("+-")) > MAX_DIGITS:
                    self.error(
                        node, f"`{_short(node.value)}` is too large: a number here has at most {MAX_DIGITS} digits"
                    )
                    return _INVALID
                return int(node.value)
            if kind == "int11":
                self.error(
                    node,
                    f"`{node.value}` is read differently by different YAML readers: "
                    "write a plain whole number such as 90",
                )
                return _INVALID
        self.error(node, f"expected a whole number, found {_scalar_name(node)}")
        return _INVALID

    def number(self, node: Node, t: mi.FloatType) -> Any:
        """A decimal number such as 43.35 or -7 (no exponents, infinities or `1_000`)."""
        raw = node.value
        if not node.plain or not re.fullmatch(r"[-+]?[0-9]{1,4}(\.[0-9]{1,8})?", raw):
            self.error(node, f"expected a decimal number such as 43.35, found {_scalar_name(node)}")
            return _INVALID
        value = float(raw)
        if (t.ge is not None and value < t.ge) or (t.le is not None and value > t.le):
            self.error(node, f"`{raw}` is out of range: it must be from {t.ge:g} to {t.le:g}")
            return _INVALID
        return value

    # --- containers ----------------------------------------------------------------------
    def union(self, node: Node, t: mi.UnionType, path: NodePath, hint: str) -> Any:
        types = [m.type if isinstance(m, mi.Metadata) else m for m in t.types]
        if node.kind == MAP:
            for member, bare in zip(t.types, types):
                if isinstance(bare, (mi.StructType, mi.DictType)):
                    return self.convert(node, member, path, hint)
        elif node.kind == SEQ:
            for member, bare in zip(t.types, types):
                if isinstance(bare, mi.ListType):
                    return self.convert(node, member, path, hint)
        else:
            kind = classify(node.value) if node.plain else "str"
            wanted = {"null": mi.NoneType, "bool": mi.BoolType, "int": mi.IntType, "str": mi.StrType}
            for member, bare in zip(t.types, types):
                if kind in wanted and isinstance(bare, wanted[kind]):
                    return self.convert(node, member, path, hint)
            if kind in ("bool11", "int11", "float", "timestamp", "null"):
                reads = _READS_AS[kind].format(raw=node.value, meaning=_meaning(node.value))
                allowed = " or ".join(_describe(b) for b in types)
                self.error(node, f"YAML reads `{node.value}` as {reads}; expected {allowed}. Quote it if it is text.")
                return _INVALID
        self.error(node, f"expected {' or '.join(_describe(b) for b in types)}, found {_kind_name(node)}")
        return _INVALID

    def sequence(self, node: Node, t: mi.ListType, path: NodePath) -> Any:
        if node.kind != SEQ:
            self.error(node, f"expected a list, found {_kind_name(node)}")
            return _INVALID
        items = []
        ok = True
        for index, item in enumerate(node.value):
            value = self.convert(item, t.item_type, path + (index,))
            ok = ok and value is not _INVALID
            items.append(value)
        if t.min_length and len(items) < t.min_length:
            self.error(node, f"the list needs at least {t.min_length} item(s)")
            return _INVALID
        if t.max_length is not None and len(items) > t.max_length:
            self.error(node, f"the list has {len(items)} items; at most {t.max_length} are allowed")
            return _INVALID
        return items if ok else _INVALID

    def mapping(self, node: Node, t: mi.DictType, path: NodePath) -> Any:
        if node.kind != MAP:
            self.error(
                node,
                f"expected a mapping of {_describe_key(t.key_type)} to "
                f"{_describe(t.value_type)}, found {_kind_name(node)}",
            )
            return _INVALID
        result = {}
        ok = True
        for key_node, value_node in node.value:
            key = self.key(key_node, t.key_type, path)
            if key is _INVALID:
                ok = False
                continue
            self.result.keys[path + (key,)] = key_node.start
            value = self.convert(value_node, t.value_type, path + (key,))
            if value is _INVALID:
                ok = False
            else:
                result[key] = value
        return result if ok else _INVALID

    def key(self, node: Node, t: object, path: NodePath) -> Any:
        hint = ""
        if isinstance(t, mi.Metadata):
            hint = (t.extra_json_schema or {}).get("description", "")
            t = t.type
        raw = node.value
        if node.plain and classify(raw) != "str":
            self.error(
                node,
                f"YAML reads the key `{raw}` as "
                f"{_READS_AS[classify(raw)].format(raw=raw, meaning=_meaning(raw))}; "
                f"a key must be text: put it in quotes",
            )
            return _INVALID
        if CONTROL_CHARS.search(raw):
            removed = "".join(dict.fromkeys(CONTROL_CHARS.findall(raw)))
            self.error(node, "a key must not contain control characters" + strange_characters(removed))
            return _INVALID
        pattern = getattr(t, "pattern", None)
        if pattern and not re.search(pattern, raw):
            self.error(
                node, f"`{raw}` is not a valid name here" + (f": {hint}" if hint else "") + strange_characters(raw)
            )
            return _INVALID
        if getattr(t, "min_length", None) and not raw:
            self.error(node, "a key must not be empty")
            return _INVALID
        return raw

    def struct(self, node: Node, t: mi.StructType, path: NodePath) -> Any:
        name = _struct_name(t)
        if node.kind != MAP:
            self.error(node, f"expected {name} (a mapping of keys), found {_kind_name(node)}")
            return _INVALID
        fields = {f.encode_name: f for f in t.fields}
        kwargs = {}
        ok = True
        for key_node, value_node in node.value:
            key = key_node.value
            spec = fields.get(key)
            if spec is None:
                close = difflib.get_close_matches(str(key), list(fields), n=1, cutoff=0.6)
                suggestion = f"; did you mean `{close[0]}`?" if close else ""
                known = ", ".join(fields)
                self.error(key_node, f"unknown key `{key}` in {name}{suggestion} (known keys: {known})")
                ok = False
                continue
            if key in _RECORDED_FIELD_KEYS:
                self.result.keys[path + (key,)] = key_node.start
            value = self.convert(value_node, spec.type, path + (key,))
            if value is _INVALID:
                ok = False
            else:
                kwargs[spec.name] = value
        present = {k.value for k, _ in node.value}
        for spec in t.fields:
            if spec.required and spec.encode_name not in present:
                self.error(node, f"{name} is missing `{spec.encode_name}`")
                ok = False
        if not ok:
            return _INVALID
        return t.cls(**kwargs)


@functools.cache
def _type_info(model: Any) -> mi.Type:
    """msgspec's description of a model type, made once: making it evaluates every annotation of
    every Struct in it, which was half the time `check` took for a small story."""
    return mi.type_info(model)


def validate(root: Node | None, model: object, what: str, lines: Lines | None = None) -> Validated:
    """Validate a parsed file against a model type (a Struct class or a dict type).

    `lines` is the file's line table (from `yamlnodes.load_file`), for positions.
    """
    result = Validated(None, [], lines or Lines(""))
    if root is None:
        result.problems.append(Problem(1, 1, f"the file is empty: expected {what}"))
        return result
    if root.kind != MAP:
        line, column = result.lines.place(root.start)
        result.problems.append(Problem(line, column, f"expected {what} (a mapping of keys), found {_kind_name(root)}"))
        return result
    value = _Walker(result).convert(root, _type_info(model), ())
    result.value = None if value is _INVALID else value
    return result


def _meaning(raw: str) -> str:
    return "true" if raw.lower() in ("y", "yes", "on") else "false"


def _kind_name(node: Node) -> str:
    if node.kind == MAP:
        return "a mapping"
    if node.kind == SEQ:
        return "a list"
    return _scalar_name(node)


def _scalar_name(node: Node) -> str:
    if not node.plain:
        return f'the text "{_short(node.value)}"'
    kind = classify(node.value)
    if kind == "null":
        return "nothing (an empty value)"
    if kind == "str":
        return f"the text `{_short(node.value)}`"
    return f"`{_short(node.value)}` ({_READS_AS[kind].split(' (')[0]})"


def _short(text: str, limit: int = 40) -> str:
    text = strip_controls(text).replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _describe(t: object) -> str:
    if isinstance(t, mi.Metadata):
        t = t.type
    if isinstance(t, mi.StrType):
        return "text"
    if isinstance(t, mi.BoolType):
        return "true or false"
    if isinstance(t, mi.IntType):
        return "a whole number"
    if isinstance(t, mi.FloatType):
        return "a decimal number"
    if isinstance(t, mi.ListType):
        return "a list"
    if isinstance(t, mi.DictType):
        return "a mapping"
    if isinstance(t, mi.StructType):
        return _struct_name(t)
    if isinstance(t, mi.NoneType):
        return "nothing"
    if isinstance(t, mi.UnionType):
        return " or ".join(_describe(m) for m in t.types)
    return "a value"


def _describe_key(t: object) -> str:
    return "names" if isinstance(t, (mi.StrType, mi.Metadata)) else _describe(t)


_STRUCT_NAMES = {
    "Note": "a note",
    "Choice": "a choice",
    "Ending": "an ending",
    "Scene": "a scene",
    "SceneFile": "a scene file",
    "Chapter": "a chapter",
    "StoryFile": "story.yaml",
    "Source": "a source",
    "GlossaryEntry": "a glossary entry",
    "Fact": "a fact",
    "Person": "a person",
    "Place": "a place",
    "Position": "a position",
    "Event": "an event",
}


def _struct_name(t: mi.StructType) -> str:
    return _STRUCT_NAMES.get(t.cls.__name__, t.cls.__name__)
