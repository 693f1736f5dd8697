"""The story map for writers: the scene graph as Graphviz DOT or Mermaid.

Chapters are clusters, endings are marked, and a choice with a condition is labelled with it.
Pure: it reads a loaded story.
"""

from __future__ import annotations

import json

from .model import Choice, Scene
from .story import Story
from .text import clean_line


def _in_chapter(story: Story, chapter_id: str) -> list[tuple[str, Scene]]:
    """The scenes of one chapter, in the story's order."""
    return [(scene_id, scene) for scene_id, scene in story.scenes.items() if story.chapter_of[scene_id] == chapter_id]


def _links(story: Story) -> list[tuple[str, Choice]]:
    """Every choice as (from scene, choice)."""
    return [(scene_id, choice) for scene_id, scene in story.scenes.items() for choice in scene.choices]


def _label(choice: Choice) -> str:
    text = clean_line(choice.text)
    text = text if len(text) <= 40 else text[:39] + "\u2026"
    return f"{text} [if {clean_line(choice.if_)}]" if choice.if_ else text


def _dot(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a double-quoted string with escapes, as DOT wants


def to_dot(story: Story) -> str:
    out = [
        f"digraph {_dot(clean_line(story.meta.title))} {{",
        "  rankdir=TB;",
        '  node [shape=box, style=rounded, fontname="Helvetica"];',
        '  edge [fontname="Helvetica", fontsize=10];',
    ]
    for chapter in story.meta.chapters:
        out.append(f"  subgraph {_dot('cluster_' + chapter.id)} {{")
        out.append(f"    label={_dot(clean_line(chapter.title))};")
        for scene_id, scene in _in_chapter(story, chapter.id):
            attributes = [f"label={_dot(clean_line(scene.title))}"]
            if scene.ending is not None:
                attributes.append("shape=doubleoctagon")
                attributes.append(f"tooltip={_dot('Ending: ' + clean_line(scene.ending.title))}")
            if scene_id == story.meta.start:
                attributes.append("penwidth=2")
            out.append(f"    {_dot(scene_id)} [{', '.join(attributes)}];")
        out.append("  }")
    for scene_id, choice in _links(story):
        style = ", style=dashed" if choice.if_ else ""
        out.append(f"  {_dot(scene_id)} -> {_dot(choice.goto)} [label={_dot(_label(choice))}{style}];")
    out.append("}")
    return "\n".join(out) + "\n"


def _mermaid_id(scene_id: str) -> str:
    return "s_" + "".join(ch if ch.isalnum() else "_" for ch in scene_id)


def _mermaid_text(text: str) -> str:
    return clean_line(text).replace('"', "#quot;")


def to_mermaid(story: Story) -> str:
    out = ["flowchart TD"]
    for chapter in story.meta.chapters:
        out.append(f'  subgraph {_mermaid_id("chapter_" + chapter.id)}["{_mermaid_text(chapter.title)}"]')
        for scene_id, scene in _in_chapter(story, chapter.id):
            title = _mermaid_text(scene.title)
            if scene.ending is not None:
                out.append(f'    {_mermaid_id(scene_id)}(["{title}<br/>Ending: {_mermaid_text(scene.ending.title)}"])')
            else:
                out.append(f'    {_mermaid_id(scene_id)}["{title}"]')
        out.append("  end")
    for scene_id, choice in _links(story):
        arrow = "-.->" if choice.if_ else "-->"
        out.append(f'  {_mermaid_id(scene_id)} {arrow}|"{_mermaid_text(_label(choice))}"| {_mermaid_id(choice.goto)}')
    endings = [_mermaid_id(scene_id) for scene_id, scene in story.scenes.items() if scene.ending is not None]
    if endings:
        out.append("  classDef ending stroke-width:3px")
        out.append(f"  class {','.join(endings)} ending")
    return "\n".join(out) + "\n"
