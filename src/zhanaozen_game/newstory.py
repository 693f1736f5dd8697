"""`zhanaozen new DIR`: a minimal valid story to start from.

It passes `check --strict` and plays: story.yaml, sources.yaml with the full text of its one
source (which every quote is checked against), one chapter file with three scenes and two
endings, a variable tested by a condition, and the JSON Schemas the files' first lines name, so an editor with the YAML language server completes and checks from the start.
docs/writing.md shows every file (a test keeps the guide and this module in step).
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from .core.schema import SCHEMA_FILES, json_schema_text

CHAPTER_FILE = "chapters/01-first-chapter.yaml"
SOURCE_TEXT_FILE = "sources/first-source.txt"

STORY_YAML = """\
# yaml-language-server: $schema=story.schema.json
title: "{title}"
# The story's id names its save folder: keep it when you rename the story.
id: {story_id}
start: arrival
vars:
  listened: false
chapters:
  - id: first-chapter
    title: "The first chapter"
    period: "2011"
"""

SOURCES_YAML = """\
# yaml-language-server: $schema=sources.schema.json
first-source:
  title: "The title of your first source"
  author: "Who wrote it, as the source names them"
  publisher: "Where it was published"
  date: "2011"
  note: "Replace this entry with a real source, and give its url once you have checked it."
  standpoint: "Who wrote this source, and from what position. Where its material came from. What it could not know."
  # The source's full text: every quote citing it is checked against it, word for word.
  text: sources/first-source.txt
"""

SOURCE_TEXT = """\
Replace this file with the full text of your first source, copied from the source itself and
saved as UTF-8. Every quote that cites the source is checked against it, word for word.

The meeting began at noon in the town square. A man with a loudhailer read out the workers'
demands. By evening the square was empty. The news passed from house to house. Many went home
and said nothing.
"""

CHAPTER_YAML = """\
# yaml-language-server: $schema=../scene.schema.json
chapter: first-chapter
scenes:
  arrival:
    title: "Arrival"
    date: 2011-05
    place: "The town square"
    text: |
      You reach the square as the meeting begins.[^crowd]
    notes:
      crowd:
        source: first-source
        quote: "The meeting began at noon in the town square."
        comment: "Tell the student what the passage shows, and what it leaves out."
    choices:
      - text: "Listen to the speakers"
        goto: speeches
        set: { listened: true }
      - text: "Walk on"
        goto: evening

  speeches:
    title: "The speeches"
    date: 2011-05
    text: |
      A man with a loudhailer reads out the demands.[^demands]
    notes:
      demands:
        source: first-source
        quote: "A man with a loudhailer read out the workers' demands."
    choices:
      - text: "Go to the square's far side"
        goto: evening

  evening:
    title: "Evening"
    date: 2011-05
    text: |
      By evening the square is empty.[^evening]
    notes:
      evening:
        source: first-source
        quote: "By evening the square was empty."
    choices:
      # A condition: this choice shows only to a player who listened to the speeches.
      - text: "Tell your friends what you heard"
        goto: told
        if: listened
      - text: "Go home"
        goto: home

  told:
    title: "Word gets round"
    date: 2011-05
    text: |
      Your friends listen, and pass it on.[^told]
    notes:
      told:
        source: first-source
        quote: "The news passed from house to house."
    ending:
      title: "Word gets round"
      summary: "What became of the narrator, in a sentence or two."
      debrief: "What really happened, for the student.[^told]"

  home:
    title: "Home"
    date: 2011-05
    text: |
      You go home and say nothing.[^home]
    notes:
      home:
        source: first-source
        quote: "Many went home and said nothing."
    ending:
      title: "Silence"
      summary: "What became of the narrator, in a sentence or two."
"""


class NewStoryError(Exception):
    """The folder cannot take a new story (it is not empty, or cannot be written)."""


def story_id_for(folder: Path) -> str:
    """An id for saves from the folder's name: its Latin letters and digits, or a hash of it."""
    slug = re.sub(r"[^a-z0-9]+", "-", folder.name.lower()).strip("-")[:40].strip("-")
    if slug:
        return slug
    return "story-" + hashlib.sha256(folder.name.encode("utf-8")).hexdigest()[:10]


def story_files(folder: Path, title: str = "A new story") -> dict[str, str]:
    """Every file of the new story, by path relative to its folder."""
    files = {
        "story.yaml": STORY_YAML.format(
            title=title.replace("\\", "\\\\").replace('"', '\\"'), story_id=story_id_for(folder)
        ),
        "sources.yaml": SOURCES_YAML,
        SOURCE_TEXT_FILE: SOURCE_TEXT,
        CHAPTER_FILE: CHAPTER_YAML,
    }
    for kind, name in SCHEMA_FILES.items():
        files[name] = json_schema_text(kind)
    return files


def write_new_story(folder: Path, title: str = "A new story") -> list[str]:
    """Write a new story into an empty or missing folder; the files written, in order."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise NewStoryError(f"{folder} already exists and is not an empty folder: choose a new one")
    files = story_files(folder, title)
    try:
        for relative, text in files.items():
            path = folder / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    except OSError as err:
        raise NewStoryError(f"cannot write {folder}: {err.strerror or err}") from None
    return list(files)
