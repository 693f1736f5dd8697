"""JSON Schema for editors and the format reference for writers, both generated from `model.py`.

`zhanaozen schema` prints the JSON Schema of scene files (or of story.yaml, sources.yaml and
glossary.yaml with `--file`); `zhanaozen schema --docs` prints the Markdown reference that
`docs/format.md` holds. Tests fail when a committed copy is out of date.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import msgspec
from msgspec import inspect as mi

from . import conditions, model

if TYPE_CHECKING:
    from .story import Story

SCHEMA_DIALECT = "http://json-schema.org/draft-07/schema#"
SCHEMA_FILES = {
    "scene": "scene.schema.json",
    "story": "story.schema.json",
    "sources": "sources.schema.json",
    "glossary": "glossary.schema.json",
}
_TITLES = {
    "scene": "Zhanaozen scene file",
    "story": "Zhanaozen story.yaml",
    "sources": "Zhanaozen sources.yaml",
    "glossary": "Zhanaozen glossary.yaml",
}


@dataclass(frozen=True)
class StoryNames:
    """The names one story declares, for a schema that completes them (`schema --story DIR`)."""

    scenes: tuple[str, ...]
    sources: tuple[str, ...]
    variables: tuple[str, ...]
    number_variables: tuple[str, ...]
    chapters: tuple[str, ...]

    @classmethod
    def of(cls, story: Story) -> StoryNames:
        variables = story.meta.vars
        return cls(
            scenes=tuple(sorted(story.scenes)),
            sources=tuple(sorted(story.sources)),
            variables=tuple(variables),
            number_variables=tuple(
                name for name, value in variables.items() if isinstance(value, int) and not isinstance(value, bool)
            ),
            chapters=tuple(chapter.id for chapter in story.meta.chapters),
        )


def json_schema(kind: str = "scene", names: StoryNames | None = None) -> dict[str, Any]:
    """The JSON Schema of one kind of story file; with `names`, one story's ids as enums."""
    schema = msgspec.json.schema(model.FILE_MODELS[kind])
    _admit_unquoted_dates(schema)
    defs = schema.get("$defs", {})
    if "Scene" in defs:
        # A scene has either choices or an ending (a JSON Schema cannot say "a non-empty list or").
        defs["Scene"]["oneOf"] = [
            {"required": ["choices"], "not": {"required": ["ending"]}},
            {"required": ["ending"], "not": {"required": ["choices"]}},
        ]
    if names is not None:
        _name_enums(schema, names)
    title = _TITLES[kind] + (" (with this story's ids)" if names is not None else "")
    return {"$schema": SCHEMA_DIALECT, "title": title, **schema}


def _name_enums(schema: dict[str, Any], names: StoryNames) -> None:
    """Scene ids after `goto` and `start`, source ids after `source`, variables in `set` and
    `add`, chapter ids after `chapter`: enums, so the YAML language server completes them."""
    defs = schema.get("$defs", {})

    def enum(target: dict[str, Any], values: tuple[str, ...]) -> None:
        if not values:
            return  # an empty enum is no schema; the pattern stays
        target.pop("pattern", None)
        target["enum"] = list(values)

    if "Choice" in defs:
        props = defs["Choice"]["properties"]
        enum(props["goto"], names.scenes)
        enum(props["set"].setdefault("propertyNames", {}), names.variables)
        enum(props["add"].setdefault("propertyNames", {}), names.number_variables)
        props["if"]["description"] += " Variables: " + (", ".join(names.variables) or "none") + "."
    if "Note" in defs:
        enum(defs["Note"]["properties"]["source"], names.sources)
    if "StoryFile" in defs:
        enum(defs["StoryFile"]["properties"]["start"], names.scenes)
    if "SceneFile" in defs:
        enum(defs["SceneFile"]["properties"]["chapter"], names.chapters)


def _admit_unquoted_dates(node: object) -> None:
    """A date may be written `2011` unquoted, which the YAML language server sees as an integer."""
    if isinstance(node, dict):
        if node.get("pattern") == model.DATE_PATTERN:
            node["type"] = ["string", "integer"]
            node["minimum"], node["maximum"] = 1000, 9999
        for value in node.values():
            _admit_unquoted_dates(value)
    elif isinstance(node, list):
        for value in node:
            _admit_unquoted_dates(value)


def json_schema_text(kind: str = "scene", names: StoryNames | None = None) -> str:
    return json.dumps(json_schema(kind, names), indent=2, ensure_ascii=False) + "\n"


# --- the Markdown reference ---------------------------------------------------------------------


def _type_text(t: object) -> str:
    if isinstance(t, mi.Metadata):
        if (t.extra or {}).get("yaml") == "date":
            return "date"
        t = t.type
    if isinstance(t, mi.StrType):
        return "text (an id)" if t.pattern else "text"
    if isinstance(t, mi.BoolType):
        return "true/false"
    if isinstance(t, mi.IntType):
        return "whole number"
    if isinstance(t, mi.NoneType):
        return "nothing"
    if isinstance(t, mi.ListType):
        return f"list of {_type_text(t.item_type)}"
    if isinstance(t, mi.DictType):
        return f"mapping: {_type_text(t.key_type)} → {_type_text(t.value_type)}"
    if isinstance(t, mi.StructType):
        return f"[{t.cls.__name__}](#{t.cls.__name__.lower()})"
    if isinstance(t, mi.UnionType):
        members = [m for m in t.types if not isinstance(m, mi.NoneType)]
        return " or ".join(_type_text(m) for m in members)
    return "value"


def _description(t: object) -> str:
    if isinstance(t, mi.Metadata) and t.extra_json_schema:
        return str(t.extra_json_schema.get("description", ""))
    return ""


def _default_text(field: mi.Field) -> str:
    if field.required:
        return "**required**"
    default = field.default
    if default in ("", [], {}, None) or default is msgspec.NODEFAULT:
        return "optional"
    return f"optional (default `{default}`)"


def _struct_section(cls: type, heading: str) -> list[str]:
    info = mi.type_info(cls)
    assert isinstance(info, mi.StructType)  # every section documents a Struct
    lines = [
        f"### {cls.__name__}",
        "",
        heading or (cls.__doc__ or "").strip(),
        "",
        "| key | type | | meaning |",
        "|---|---|---|---|",
    ]
    for field in info.fields:
        meaning = _description(field.type).replace("|", "\\|")
        lines.append(f"| `{field.encode_name}` | {_type_text(field.type)} | {_default_text(field)} | {meaning} |")
    return lines + [""]


def reference_markdown() -> str:
    """The format reference, generated from the model (docs/format.md)."""
    out = [
        "# The story format: reference",
        "",
        "<!-- Generated by `zhanaozen schema --docs` from src/zhanaozen_game/model.py. Do not edit by hand. -->",
        "",
        "A story is a folder: `story.yaml`, `sources.yaml`, an optional `glossary.yaml`, and any "
        "number of scene files (every other `*.yaml` in the folder or below it). Each scene file "
        "can start with `# yaml-language-server: $schema=scene.schema.json` (the path relative to "
        "the file) for completion and checking in editors.",
        "",
        "## Files",
        "",
    ]
    out += _struct_section(model.StoryFile, "")
    out += _struct_section(model.Chapter, "")
    out += ["### sources.yaml", "", "A mapping from source id to [Source](#source).", ""]
    out += _struct_section(model.Source, "")
    out += [
        "### glossary.yaml",
        "",
        "A mapping from term to its definition: either text, or a [GlossaryEntry](#glossaryentry).",
        "",
    ]
    out += _struct_section(model.GlossaryEntry, "")
    out += _struct_section(model.SceneFile, "")
    for cls in (model.Scene, model.Note, model.Choice, model.Ending):
        out += _struct_section(cls, "")
    out += [
        "## Values",
        "",
        "- **date**: `2011`, `2011-12` or `2011-12-16`, quoted or not.",
        f"- **id**: scene ids, note keys, source and chapter ids match `{model.ID_PATTERN}`; variable "
        f"names match `{model.VAR_PATTERN}` and are not one of {', '.join(sorted(conditions.KEYWORDS))}.",
        "- **text**: any text. Quote it when YAML could read it as something else: `no`, `yes`, `on`, "
        "`off`, `true`, `null`, numbers, `1.10`, dates, or text with `: ` or starting with `[`, `{`, `*`, "
        "`&`, `!`, `%`, `@` or a backquote. The loader refuses such values unquoted rather than guess.",
        "- **footnotes**: `[^key]` in a scene's `text` or its ending's `debrief` marks the note `key`.",
        "",
        "## Conditions",
        "",
        "A choice's `if:` is a condition over the story's variables:",
        "",
        "```",
        *[line[4:] for line in (conditions.__doc__ or "").splitlines() if line.startswith("    ")],
        "```",
        "",
        "`and`, `or` and `not` take true/false; `<`, `<=`, `>`, `>=` compare numbers; `==` and `!=` "
        "compare two values of the same kind. A condition must be true or false as a whole.",
        "",
        "## What YAML is allowed",
        "",
        "Files are UTF-8 (a BOM is allowed), at most 1 MiB, one document each, indented with spaces. "
        "Anchors and aliases (`&x`, `*x`), tags (`!!python/...`) and duplicate keys are refused, as "
        "is nesting deeper than 64 levels.",
        "",
    ]
    return "\n".join(out)
