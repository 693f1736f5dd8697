"""The types of a loaded story: its files with their positions, the story itself, and a report.

Kept apart from the loader and the rules so that both (and the engine, saves and shells) can
use them without importing each other.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import model
from .conditions import Expr
from .findings import ERROR, WARNING, Finding
from .quotes import SourceText
from .validate import Validated


@dataclass
class StoryFileInfo:
    """One file of the story: its path as shown to the writer, its text and its positions."""

    path: Path
    shown: str
    text: str = ""
    validated: Validated | None = None

    def at(self, path: tuple[object, ...], key: bool = False) -> tuple[int, int]:
        return self.validated.at(path, key) if self.validated else (1, 1)

    def span(self, path: tuple[object, ...]) -> tuple[int, int] | None:
        """The character offsets of a value in the file's text."""
        if self.validated is None:
            return None
        return self.validated.values.get(tuple(path))

    def place(self, index: int) -> tuple[int, int]:
        """The 1-based line and column of a character offset in the file."""
        return self.validated.lines.place(index) if self.validated else (1, 1)


@dataclass
class Story:
    """A loaded story. Scenes are keyed by id; `where` tells which file each scene is in."""

    root: Path
    meta: model.StoryFile
    sources: dict[str, model.Source]
    glossary: dict[str, str | model.GlossaryEntry]
    scenes: dict[str, model.Scene] = field(default_factory=dict)
    chapter_of: dict[str, str] = field(default_factory=dict)
    where: dict[str, StoryFileInfo] = field(default_factory=dict)
    files: dict[str, StoryFileInfo] = field(default_factory=dict)
    # Every choice's parsed `if`, keyed by (scene id, choice index); filled by the static rules,
    # so the engine and the exploration never parse a condition again.
    conditions: dict[tuple[str, int], Expr] = field(default_factory=dict)
    # The full texts of the sources that name one (`text:` in sources.yaml), by source id.
    source_texts: dict[str, SourceText] = field(default_factory=dict)
    # A translated story (see translation.py): its language ("" for the original), and the units
    # that have no current translation and are shown in the original instead.
    language: str = ""
    fallbacks: list[str] = field(default_factory=list)

    @property
    def id(self) -> str:
        """The story's identity for saves: `id` in story.yaml, or one made from the title (its
        Latin letters and digits; a title with none, such as `Жаңаөзен`, gives a hash of it, so two
        such stories never share a save folder)."""
        if self.meta.id:
            return self.meta.id
        slug = re.sub(r"[^a-z0-9]+", "-", self.meta.title.lower()).strip("-")
        return slug or "story-" + hashlib.sha256(self.meta.title.encode("utf-8")).hexdigest()[:12]

    @property
    def chapters(self) -> dict[str, model.Chapter]:
        return {chapter.id: chapter for chapter in self.meta.chapters}


@dataclass
class LoadResult:
    """A story (None when story.yaml itself could not be used), and what loading found."""

    story: Story | None
    findings: list[Finding]
    # Scene ids declared in files that failed to load: they exist, but cannot be checked.
    unchecked_scenes: set[str] = field(default_factory=set)
    # Why each of them could not be loaded (the file, and its first problem).
    unchecked_why: dict[str, str] = field(default_factory=dict)


class StoryNotFound(Exception):
    """The folder is not a story (no such folder, or no story.yaml in it)."""


@dataclass
class Report:
    """The outcome of a check: the findings, the story (if it loaded) and its statistics."""

    story: Story | None
    findings: list[Finding]
    stats: dict[str, Any] = field(default_factory=dict)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == WARNING]
