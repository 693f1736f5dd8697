"""The static rules of a story: links, markers and notes, sources, variables and conditions.

Each finding points at the place to fix. The rules also leave every parsed condition on the
story (`Story.conditions`), so nothing downstream parses a condition again.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from . import conditions as cond
from .findings import ERROR, WARNING, Finding
from .model import Note, Scene, Value
from .story import LoadResult, Story, StoryFileInfo
from .text import markers


def apply_rules(loaded: LoadResult) -> list[Finding]:
    """Run the static rules over a loaded story; its conditions are left on `loaded.story`."""
    if loaded.story is None:
        return []
    rules = _Rules(loaded, loaded.story)
    rules.run()
    loaded.story.conditions = rules.conditions
    return rules.findings


class _Rules:
    """The static rules over a loaded story; each finding points at the place to fix."""

    def __init__(self, loaded: LoadResult, story: Story) -> None:
        self.loaded = loaded
        self.story = story
        self.findings: list[Finding] = []
        self.conditions: dict[tuple[str, int], cond.Expr] = {}

    def add(self, info: StoryFileInfo, place: tuple[int, int], severity: str, code: str, message: str) -> None:
        self.findings.append(Finding(info.shown, place[0], place[1], severity, code, message))

    def scene_exists(self, scene_id: str) -> bool:
        return scene_id in self.story.scenes or scene_id in self.loaded.unchecked_scenes

    def run(self) -> None:
        story = self.story
        info = story.files["story.yaml"]
        var_types = {name: cond.type_of(value) for name, value in story.meta.vars.items()}
        for name in story.meta.vars:
            if name in cond.KEYWORDS:
                self.add(
                    info,
                    info.at(("vars", name), key=True),
                    ERROR,
                    "variable-name",
                    f"`{name}` is a word of the condition language and cannot name a variable",
                )
        if not self.scene_exists(story.meta.start):
            self.add(
                info,
                info.at(("start",)),
                ERROR,
                "unknown-scene",
                f"`start` names no scene: `{story.meta.start}`{self.did_you_mean(story.meta.start)}",
            )
        cited: set[str] = set()
        used_vars: set[str] = set()
        for scene_id, scene in story.scenes.items():
            self.scene(scene_id, scene, var_types, cited, used_vars)
        glossary = story.files.get("glossary.yaml")
        for term, entry in story.glossary.items():
            note = getattr(entry, "note", None)
            if note is not None and glossary is not None:
                cited.add(note.source)
                if note.source not in story.sources:
                    self.add(
                        glossary,
                        glossary.at((term, "note", "source")),
                        ERROR,
                        "unknown-source",
                        f"the note cites `{note.source}`, which is not in sources.yaml"
                        f"{_suggest(note.source, story.sources)}",
                    )
                else:
                    self.quote(glossary, (term, "note", "quote"), note)
        sources = story.files["sources.yaml"]
        for source_id, source in story.sources.items():
            if not source.standpoint.strip():
                self.add(
                    sources,
                    sources.at((source_id,), key=True),
                    WARNING,
                    "no-standpoint",
                    f"the source `{source_id}` has no `standpoint`: a student should learn who wrote it, from what "
                    "position, and what it could not know",
                )
            if not source.text:
                self.add(
                    sources,
                    sources.at((source_id,), key=True),
                    WARNING,
                    "no-source-text",
                    f"the source `{source_id}` has no `text`: its quotes cannot be checked word for word, nor "
                    "shown in their context",
                )
        if not self.loaded.unchecked_scenes:
            for source_id in story.sources:
                if source_id not in cited:
                    self.add(
                        sources,
                        sources.at((source_id,), key=True),
                        WARNING,
                        "unused-source",
                        f"no note cites the source `{source_id}`",
                    )
            for name in story.meta.vars:
                if name not in used_vars:
                    self.add(
                        info,
                        info.at(("vars", name), key=True),
                        WARNING,
                        "unused-variable",
                        f"the variable `{name}` is never set, added to or tested",
                    )

    def did_you_mean(self, scene_id: str) -> str:
        return _suggest(scene_id, self.story.scenes)

    def scene(
        self, scene_id: str, scene: Scene, var_types: dict[str, type], cited: set[str], used_vars: set[str]
    ) -> None:
        info = self.story.where[scene_id]
        base = ("scenes", scene_id)
        scene_place = info.at(base, key=True)
        if not scene.notes:
            self.add(
                info,
                scene_place,
                ERROR,
                "no-notes",
                f"the scene `{scene_id}` has no notes: every scene cites at least one source",
            )
        marked = markers(scene.text)
        if scene.ending is not None:
            marked += [key for key in markers(scene.ending.debrief) if key not in marked]
        for key in marked:
            if key not in scene.notes:
                field_path = base + ("text",) if f"[^{key}]" in scene.text else base + ("ending", "debrief")
                self.add(
                    info,
                    self.marker_place(info, field_path, key),
                    ERROR,
                    "unknown-marker",
                    f"the footnote marker [^{key}] has no note in `notes`{_suggest(key, scene.notes)}",
                )
        for key, note in scene.notes.items():
            cited.add(note.source)
            if key not in marked:
                self.add(
                    info,
                    info.at(base + ("notes", key), key=True),
                    WARNING,
                    "unmarked-note",
                    f"the note `{key}` is never marked: put [^{key}] where it belongs in the text",
                )
            if note.source not in self.story.sources:
                self.add(
                    info,
                    info.at(base + ("notes", key, "source")),
                    ERROR,
                    "unknown-source",
                    f"the note cites `{note.source}`, which is not in sources.yaml"
                    f"{_suggest(note.source, self.story.sources)}",
                )
            else:
                self.quote(info, base + ("notes", key, "quote"), note)
        if scene.ending is not None and scene.choices:
            self.add(
                info,
                info.at(base + ("ending",), key=True),
                ERROR,
                "choices-and-ending",
                "a scene has either choices or an ending, not both",
            )
        if scene.ending is None and not scene.choices:
            self.add(
                info,
                scene_place,
                ERROR,
                "dead-end",
                f"the scene `{scene_id}` is a dead end: it has neither choices nor an ending",
            )
        for index, choice in enumerate(scene.choices):
            path = base + ("choices", index)
            if not self.scene_exists(choice.goto):
                self.add(
                    info,
                    info.at(path + ("goto",)),
                    ERROR,
                    "unknown-scene",
                    f"`goto` names no scene: `{choice.goto}`{self.did_you_mean(choice.goto)}",
                )
            for name, value in choice.set.items():
                used_vars.add(name)
                self.assignment(info, path + ("set", name), name, value, var_types, adding=False)
            for name, value in choice.add.items():
                used_vars.add(name)
                self.assignment(info, path + ("add", name), name, value, var_types, adding=True)
            if choice.if_:
                self.condition(info, path + ("if",), scene_id, index, choice.if_, var_types, used_vars)

    def quote(self, info: StoryFileInfo, path: tuple[str, ...], note: Note) -> None:
        """A quote must stand word for word in the text of the source it cites."""
        text = self.story.source_texts.get(note.source)
        if text is None or text.locate(note.quote) is not None:
            return
        closest = text.closest_passage(note.quote)
        self.add(
            info,
            info.at(path),
            ERROR,
            "misquote",
            f"the quote is not word for word in the text of `{note.source}`"
            + (f"; the closest passage is: \u201c{closest}\u201d" if closest else ""),
        )

    def assignment(
        self,
        info: StoryFileInfo,
        path: tuple[object, ...],
        name: str,
        value: Value,
        var_types: dict[str, type],
        adding: bool,
    ) -> None:
        verb = "add" if adding else "set"
        if name not in var_types:
            self.add(
                info,
                info.at(path, key=True),
                ERROR,
                "undeclared-variable",
                f"`{verb}` uses `{name}`, which is not declared in story.yaml's vars{_suggest(name, var_types)}",
            )
            return
        declared = var_types[name]
        if adding and declared is not int:
            self.add(
                info,
                info.at(path, key=True),
                ERROR,
                "wrong-type",
                f"`add` needs a number variable, but `{name}` is {_type_word(declared)}",
            )
        elif not adding and cond.type_of(value) is not declared:
            self.add(
                info,
                info.at(path),
                ERROR,
                "wrong-type",
                f"`{name}` is {_type_word(declared)}, but this sets it to {_type_word(cond.type_of(value))}",
            )

    def condition(
        self,
        info: StoryFileInfo,
        path: tuple[object, ...],
        scene_id: str,
        index: int,
        source: str,
        var_types: dict[str, type],
        used_vars: set[str],
    ) -> None:
        try:
            expr = cond.parse(source)
        except cond.ConditionError as err:
            self.add(
                info,
                self.offset_place(info, path, err.offset),
                ERROR,
                "condition",
                f"malformed condition: {err.message}",
            )
            return
        used_vars.update(var.value for var in cond.variables(expr))
        problems = cond.typecheck(expr, var_types)
        for offset, code, message in problems:
            self.add(info, self.offset_place(info, path, offset), ERROR, code, message)
        if not problems:
            self.conditions[(scene_id, index)] = expr

    def offset_place(self, info: StoryFileInfo, path: tuple[object, ...], offset: int) -> tuple[int, int]:
        """The position of a character of a one-line scalar value (the value's start otherwise)."""
        line, column = info.at(path)
        span = info.span(path)
        if span is None:
            return line, column
        raw = info.text[span[0] : span[1]]
        if "\n" in raw or "\r" in raw:
            return line, column
        return line, column + _raw_offset(raw, offset)

    def marker_place(self, info: StoryFileInfo, path: tuple[object, ...], key: str) -> tuple[int, int]:
        span = info.span(path)
        if span is not None:
            found = info.text.find(f"[^{key}]", span[0], span[1] + 1)
            if found >= 0:
                return info.place(found)
        return info.at(path)


def _raw_offset(raw: str, offset: int) -> int:
    """Where the `offset`-th character of a one-line scalar's value sits in its source text,
    counting the opening quote and escapes (`\\x41`, `''`) as the file spells them."""
    if raw[:1] not in ("'", '"'):
        return offset
    position, seen = 1, 0
    while position < len(raw) and seen < offset:
        if raw[0] == '"' and raw[position] == "\\":
            position += {"x": 4, "u": 6, "U": 10}.get(raw[position + 1 : position + 2], 2)
        elif raw[0] == "'" and raw[position : position + 2] == "''":
            position += 2
        else:
            position += 1
        seen += 1
    return position


def _suggest(name: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return f"; did you mean `{close[0]}`?" if close else ""


def _type_word(value_type: type) -> str:
    return {bool: "true/false", int: "a number", str: "text"}[value_type]
