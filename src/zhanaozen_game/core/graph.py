"""The story map for writers: the scene graph as Graphviz DOT or Mermaid.

Chapters are clusters, endings are marked, and a choice with a condition is labelled with it.
A story with errors is mapped as far as it loaded: scenes with errors (`broken`) are marked, and
a link to a scene that did not load points at a node marked as missing. Node ids are unique:
distinct scene ids never share one, and chapters have ids of their own. Pure: it reads a
loaded story.
"""

from __future__ import annotations

import json

from .findings import ERROR
from .model import Choice, Scene
from .story import Report, Story
from .text import clean_line


def _in_chapter(story: Story, chapter_id: str | None) -> list[tuple[str, Scene]]:
    """The scenes of one chapter, in the story's order (None: scenes of no declared chapter)."""
    if chapter_id is None:
        declared = {chapter.id for chapter in story.meta.chapters}
        return [
            (scene_id, scene) for scene_id, scene in story.scenes.items() if story.chapter_of[scene_id] not in declared
        ]
    return [(scene_id, scene) for scene_id, scene in story.scenes.items() if story.chapter_of[scene_id] == chapter_id]


def _missing(story: Story) -> list[str]:
    """Scenes that links name but that did not load, in the order links name them."""
    return list(dict.fromkeys(choice.goto for _, choice in _links(story) if choice.goto not in story.scenes))


def _title(scene_id: str, title: str, ids: bool, newline: str) -> str:
    return f"{title}{newline}{scene_id}" if ids else title


def _links(story: Story) -> list[tuple[str, Choice]]:
    """Every choice as (from scene, choice)."""
    return [(scene_id, choice) for scene_id, scene in story.scenes.items() for choice in scene.choices]


def _label(choice: Choice) -> str:
    text = clean_line(choice.text)
    text = text if len(text) <= 40 else text[:39] + "\u2026"
    return f"{text} [if {clean_line(choice.if_)}]" if choice.if_ else text


def _dot(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a double-quoted string with escapes, as DOT wants


def to_dot(story: Story, ids: bool = False, broken: frozenset[str] | set[str] = frozenset()) -> str:
    out = [
        f"digraph {_dot(clean_line(story.meta.title))} {{",
        "  rankdir=TB;",
        '  node [shape=box, style=rounded, fontname="Helvetica"];',
        '  edge [fontname="Helvetica", fontsize=10];',
    ]
    chapters = [(chapter.id, chapter.title) for chapter in story.meta.chapters]
    for chapter_id, chapter_title in chapters + [(None, "")]:
        scenes = _in_chapter(story, chapter_id)
        if chapter_id is None and not scenes:
            continue
        indent = "    " if chapter_id is not None else "  "
        if chapter_id is not None:
            out.append(f"  subgraph {_dot('cluster_' + chapter_id)} {{")
            out.append(f"    label={_dot(clean_line(chapter_title))};")
        for scene_id, scene in scenes:
            attributes = [f"label={_dot(_title(scene_id, clean_line(scene.title), ids, chr(10)))}"]
            if scene.ending is not None:
                attributes.append("shape=doubleoctagon")
                attributes.append(f"tooltip={_dot('Ending: ' + clean_line(scene.ending.title))}")
            if scene_id == story.meta.start:
                attributes.append("penwidth=2")
            if scene_id in broken:
                attributes.append('color="red", xlabel="has errors"')
            out.append(f"{indent}{_dot(scene_id)} [{', '.join(attributes)}];")
        if chapter_id is not None:
            out.append("  }")
    for scene_id in _missing(story):
        out.append(f'  {_dot(scene_id)} [label={_dot("missing: " + scene_id)}, color="red", style=dashed];')
    for scene_id, choice in _links(story):
        style = ", style=dashed" if choice.if_ else ""
        out.append(f"  {_dot(scene_id)} -> {_dot(choice.goto)} [label={_dot(_label(choice))}{style}];")
    out.append("}")
    return "\n".join(out) + "\n"


_MERMAID_ESCAPES = {"_": "__", "-": "_h", ".": "_d"}


def _mermaid_id(scene_id: str, prefix: str = "s_") -> str:
    """A Mermaid node id; distinct ids stay distinct (`a-b`, `a_b` and `a.b` do not collapse)."""
    return prefix + "".join(
        ch if ch.isascii() and ch.isalnum() else _MERMAID_ESCAPES.get(ch, f"_{ord(ch):x}_") for ch in scene_id
    )


def _mermaid_text(text: str) -> str:
    return clean_line(text).replace('"', "#quot;")


def to_mermaid(story: Story, ids: bool = False, broken: frozenset[str] | set[str] = frozenset()) -> str:
    out = ["flowchart TD"]
    chapters = [(chapter.id, chapter.title) for chapter in story.meta.chapters]
    for index, (chapter_id, chapter_title) in enumerate(chapters + [(None, "")]):
        scenes = _in_chapter(story, chapter_id)
        if chapter_id is None and not scenes:
            continue
        indent = "    " if chapter_id is not None else "  "
        if chapter_id is not None:
            # Chapters get ids of their own: a scene named like a chapter cannot clash with it.
            out.append(f'  subgraph chapter_{index}["{_mermaid_text(chapter_title)}"]')
        for scene_id, scene in scenes:
            title = _mermaid_text(_title(scene_id, scene.title, ids, "\n"))
            title = title.replace("\n", "<br/>")
            if scene.ending is not None:
                out.append(
                    f'{indent}{_mermaid_id(scene_id)}(["{title}<br/>Ending: {_mermaid_text(scene.ending.title)}"])'
                )
            else:
                out.append(f'{indent}{_mermaid_id(scene_id)}["{title}"]')
        if chapter_id is not None:
            out.append("  end")
    missing = _missing(story)
    for scene_id in missing:
        out.append(f'  {_mermaid_id(scene_id)}["missing: {_mermaid_text(scene_id)}"]')
    for scene_id, choice in _links(story):
        arrow = "-.->" if choice.if_ else "-->"
        out.append(f'  {_mermaid_id(scene_id)} {arrow}|"{_mermaid_text(_label(choice))}"| {_mermaid_id(choice.goto)}')
    endings = [_mermaid_id(scene_id) for scene_id, scene in story.scenes.items() if scene.ending is not None]
    if endings:
        out.append("  classDef ending stroke-width:3px")
        out.append(f"  class {','.join(endings)} ending")
    marked = [_mermaid_id(scene_id) for scene_id in story.scenes if scene_id in broken]
    if marked or missing:
        out.append("  classDef broken stroke:#d00,stroke-width:3px,stroke-dasharray:5 5")
        out.append(f"  class {','.join(marked + [_mermaid_id(scene_id) for scene_id in missing])} broken")
    return "\n".join(out) + "\n"


def scenes_with_errors(report: Report) -> set[str]:
    """The scenes an error points into: the scene whose key comes last above the error's line."""
    story = report.story
    if story is None:
        return set()
    starts: dict[str, list[tuple[int, str]]] = {}
    for scene_id, info in story.where.items():
        starts.setdefault(info.shown, []).append((info.at(("scenes", scene_id), key=True)[0], scene_id))
    marked = set()
    for finding in report.findings:
        if finding.severity != ERROR or finding.file not in starts:
            continue
        above = [(line, scene_id) for line, scene_id in starts[finding.file] if line <= finding.line]
        if above:
            marked.add(max(above)[1])
    return marked
