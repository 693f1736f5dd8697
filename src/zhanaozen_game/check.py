"""`zhanaozen check`: every mistake in a story, each with the file, line and column to fix.

Three layers, each on top of the last: loading (YAML and the format, `loader.py`), the static
rules below (links, notes, sources, variables, conditions), and playing every branch
(`explore.py`). `open_story` runs the first two and is what the game uses before it starts; the
checker adds the third and the statistics a teacher plans with.
"""

from __future__ import annotations

import difflib
import gc
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from . import conditions as cond
from .explore import DEFAULT_MAX_STATES, Exploration, explore, path_lengths, scene_words
from .findings import ERROR, WARNING, Finding, sort_key
from .loader import LoadResult, Story, StoryFileInfo, load_story
from .text import markers, minutes

WORDS_PER_MINUTE = 200


@dataclass
class Report:
    """The outcome of a check: the findings, the story (if it loaded) and its statistics."""

    story: Story | None
    findings: list[Finding]
    conditions: dict = field(default_factory=dict)
    stats: dict = field(default_factory=dict)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == WARNING]


class _Rules:
    """The static rules over a loaded story; each finding points at the place to fix."""

    def __init__(self, loaded: LoadResult) -> None:
        self.loaded = loaded
        self.story = loaded.story
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
                self.add(info, info.at(("vars", name), key=True), ERROR, "variable-name",
                         f"`{name}` is a word of the condition language and cannot name a variable")
        if not self.scene_exists(story.meta.start):
            self.add(info, info.at(("start",)), ERROR, "unknown-scene",
                     f"`start` names no scene: `{story.meta.start}`{self.did_you_mean(story.meta.start)}")
        cited: set[str] = set()
        used_vars: set[str] = set()
        for scene_id, scene in story.scenes.items():
            self.scene(scene_id, scene, var_types, cited, used_vars)
        glossary = story.files.get("glossary.yaml")
        for term, entry in story.glossary.items():
            note = getattr(entry, "note", None)
            if note is not None:
                cited.add(note.source)
                if note.source not in story.sources:
                    self.add(glossary, glossary.at((term, "note", "source")), ERROR, "unknown-source",
                             f"the note cites `{note.source}`, which is not in sources.yaml"
                             f"{_suggest(note.source, story.sources)}")
        sources = story.files["sources.yaml"]
        if not self.loaded.unchecked_scenes:
            for source_id in story.sources:
                if source_id not in cited:
                    self.add(sources, sources.at((source_id,), key=True), WARNING, "unused-source",
                             f"no note cites the source `{source_id}`")
            for name in story.meta.vars:
                if name not in used_vars:
                    self.add(info, info.at(("vars", name), key=True), WARNING, "unused-variable",
                             f"the variable `{name}` is never set, added to or tested")

    def did_you_mean(self, scene_id: str) -> str:
        return _suggest(scene_id, self.story.scenes)

    def scene(self, scene_id: str, scene, var_types: dict, cited: set, used_vars: set) -> None:
        info = self.story.where[scene_id]
        base = ("scenes", scene_id)
        scene_place = info.at(base, key=True)
        if not scene.notes:
            self.add(info, scene_place, ERROR, "no-notes",
                     f"the scene `{scene_id}` has no notes: every scene cites at least one source")
        marked = markers(scene.text)
        if scene.ending is not None:
            marked += [key for key in markers(scene.ending.debrief) if key not in marked]
        for key in marked:
            if key not in scene.notes:
                field_path = base + ("text",) if f"[^{key}]" in scene.text else base + ("ending", "debrief")
                self.add(info, self.marker_place(info, field_path, key), ERROR, "unknown-marker",
                         f"the footnote marker [^{key}] has no note in `notes`{_suggest(key, scene.notes)}")
        for key, note in scene.notes.items():
            cited.add(note.source)
            if key not in marked:
                self.add(info, info.at(base + ("notes", key), key=True), WARNING, "unmarked-note",
                         f"the note `{key}` is never marked: put [^{key}] where it belongs in the text")
            if note.source not in self.story.sources:
                self.add(info, info.at(base + ("notes", key, "source")), ERROR, "unknown-source",
                         f"the note cites `{note.source}`, which is not in sources.yaml"
                         f"{_suggest(note.source, self.story.sources)}")
        if scene.ending is not None and scene.choices:
            self.add(info, info.at(base + ("ending",), key=True), ERROR, "choices-and-ending",
                     "a scene has either choices or an ending, not both")
        if scene.ending is None and not scene.choices:
            self.add(info, scene_place, ERROR, "dead-end",
                     f"the scene `{scene_id}` is a dead end: it has neither choices nor an ending")
        for index, choice in enumerate(scene.choices):
            path = base + ("choices", index)
            if not self.scene_exists(choice.goto):
                self.add(info, info.at(path + ("goto",)), ERROR, "unknown-scene",
                         f"`goto` names no scene: `{choice.goto}`{self.did_you_mean(choice.goto)}")
            for name, value in choice.set.items():
                used_vars.add(name)
                self.assignment(info, path + ("set", name), name, value, var_types, adding=False)
            for name, value in choice.add.items():
                used_vars.add(name)
                self.assignment(info, path + ("add", name), name, value, var_types, adding=True)
            if choice.if_:
                self.condition(info, path + ("if",), scene_id, index, choice.if_, var_types, used_vars)

    def assignment(self, info, path, name, value, var_types, adding: bool) -> None:
        verb = "add" if adding else "set"
        if name not in var_types:
            self.add(info, info.at(path, key=True), ERROR, "undeclared-variable",
                     f"`{verb}` uses `{name}`, which is not declared in story.yaml's vars"
                     f"{_suggest(name, var_types)}")
            return
        declared = var_types[name]
        if adding and declared is not int:
            self.add(info, info.at(path, key=True), ERROR, "wrong-type",
                     f"`add` needs a number variable, but `{name}` is {_type_word(declared)}")
        elif not adding and cond.type_of(value) is not declared:
            self.add(info, info.at(path), ERROR, "wrong-type",
                     f"`{name}` is {_type_word(declared)}, but this sets it to {_type_word(cond.type_of(value))}")

    def condition(self, info, path, scene_id, index, source, var_types, used_vars) -> None:
        try:
            expr = cond.parse(source)
        except cond.ConditionError as err:
            self.add(info, self.offset_place(info, path, err.offset), ERROR, "condition",
                     f"malformed condition: {err.message}")
            return
        used_vars.update(var.value for var in cond.variables(expr))
        problems = cond.typecheck(expr, var_types)
        for offset, message in problems:
            code = "undeclared-variable" if "not declared" in message else "condition"
            self.add(info, self.offset_place(info, path, offset), ERROR, code, message)
        if not problems:
            self.conditions[(scene_id, index)] = expr

    def offset_place(self, info: StoryFileInfo, path: tuple, offset: int) -> tuple[int, int]:
        """The position of a character of a one-line scalar value (the value's start otherwise)."""
        line, column = info.at(path)
        span = info.span(path)
        if span is None:
            return line, column
        raw = info.text[span[0]:span[1]]
        if "\n" in raw:
            return line, column
        return line, column + _raw_offset(raw, offset)

    def marker_place(self, info: StoryFileInfo, path: tuple, key: str) -> tuple[int, int]:
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
            position += {"x": 4, "u": 6, "U": 10}.get(raw[position + 1:position + 2], 2)
        elif raw[0] == "'" and raw[position:position + 2] == "''":
            position += 2
        else:
            position += 1
        seen += 1
    return position


def _suggest(name: str, known) -> str:
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return f"; did you mean `{close[0]}`?" if close else ""


def _type_word(value_type: type) -> str:
    return {bool: "true/false", int: "a number", str: "text"}[value_type]


@contextmanager
def _collector_paused():
    """Loading and exploring allocate hundreds of thousands of objects and no cycles; pausing the
    cycle collector meanwhile saves about a third of the time on large stories."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def open_story(root: Path) -> Report:
    """Load a story and apply the static rules (no exploration): what the game needs to start."""
    with _collector_paused():
        return _open_story(root)


def _open_story(root: Path) -> Report:
    loaded = load_story(root)
    report = Report(loaded.story, list(loaded.findings))
    if loaded.story is not None:
        rules = _Rules(loaded)
        rules.run()
        report.findings.extend(rules.findings)
        report.conditions = rules.conditions
    report.findings.sort(key=sort_key)
    return report


def check_story(root: Path, max_states: int = DEFAULT_MAX_STATES) -> Report:
    """Everything `zhanaozen check` reports: open_story's findings, then every branch played."""
    with _collector_paused():
        return _check_story(root, max_states)


def _check_story(root: Path, max_states: int) -> Report:
    report = _open_story(root)
    story = report.story
    if story is None:
        return report
    report.stats = basic_stats(story)
    if report.errors:
        report.stats["explored"] = False
        return report
    walk = explore(story, report.conditions, max_states)
    report.findings.extend(_branch_findings(story, walk, max_states))
    report.findings.sort(key=sort_key)
    report.stats.update(_walk_stats(story, walk))
    return report


def _branch_findings(story: Story, walk: Exploration, max_states: int) -> list[Finding]:
    findings = []

    def add(scene_id, path, key, severity, code, message):
        info = story.where[scene_id]
        line, column = info.at(("scenes", scene_id) + path, key=key)
        findings.append(Finding(info.shown, line, column, severity, code, message))

    for state in walk.stuck[:20]:
        scene_id = walk.states[state][0]
        route = " → ".join(f"{s} (choice {c + 1})" for s, c in walk.path_to(state)) or "the start"
        values = ", ".join(f"{k}={_show(v)}" for k, v in walk.values(state).items())
        add(scene_id, (), True, ERROR, "no-choice",
            f"the player is stuck in `{scene_id}`: no choice is visible when {values or 'the story starts'} "
            f"(reached by {route})")
    if walk.capped:
        info = story.files["story.yaml"]
        findings.append(Finding(info.shown, 1, 1, WARNING, "exploration-capped",
                                f"playing every branch stopped after {max_states:,} states "
                                f"(scene + variables): a variable may grow without limit. Reachability "
                                f"was not fully checked; raise the cap with --max-states"))
        return findings
    for scene_id, scene in story.scenes.items():
        if scene_id not in walk.reached_scenes:
            if scene.ending is not None:
                add(scene_id, (), True, WARNING, "unreached-ending",
                    f"no path reaches the ending `{scene_id}` (\"{scene.ending.title}\")")
            else:
                add(scene_id, (), True, WARNING, "unreachable-scene", f"no path reaches the scene `{scene_id}`")
            continue
        for index, choice in enumerate(scene.choices):
            if (scene_id, index) not in walk.taken_choices:
                add(scene_id, ("choices", index), False, WARNING, "choice-never-available",
                    f"the choice \"{choice.text}\" is never available: its condition `{choice.if_}` is "
                    f"false on every path that reaches `{scene_id}`")
    return findings


def _show(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value) if isinstance(value, str) else str(value)


def basic_stats(story: Story) -> dict:
    words = sum(scene_words(scene) for scene in story.scenes.values())
    return {
        "title": story.meta.title,
        "scenes": len(story.scenes),
        "chapters": len(story.meta.chapters),
        "endings": sum(1 for scene in story.scenes.values() if scene.ending is not None),
        "words": words,
        "notes": sum(len(scene.notes) for scene in story.scenes.values()),
        "sources": len(story.sources),
    }


def _walk_stats(story: Story, walk: Exploration) -> dict:
    lengths = path_lengths(story, walk)
    reached_endings = {walk.states[state][0] for state in walk.endings}
    stats = {
        "explored": True,
        "states": len(walk.states),
        "capped": walk.capped,
        "endings_reached": len(reached_endings),
        "shortest_path_words": lengths.shortest,
        "longest_path_words": lengths.longest,
        "loop_scene": lengths.loop_scene,
    }
    for name in ("shortest", "longest"):
        words = stats[f"{name}_path_words"]
        stats[f"{name}_path_minutes"] = round(minutes(words, WORDS_PER_MINUTE), 1) if words is not None else None
    return stats


def blocking_errors_text(report: Report, doing: str = "played", limit: int = 20) -> str:
    """Why a story cannot be played (or served, or exported): its first errors, for a terminal."""
    lines = [f"The story has errors, so it cannot be {doing}:"]
    lines += [f"  {finding}" for finding in report.errors[:limit]]
    lines.append("Run `zhanaozen check` for the full list.")
    return "\n".join(lines)


def format_stats(stats: dict) -> list[str]:
    """The statistics as lines a teacher can plan with."""
    if not stats:
        return []
    lines = [
        f"Story: {stats['title']}: {stats['scenes']} scenes in {stats['chapters']} chapter(s), "
        f"{stats['endings']} ending(s), {stats['words']:,} words, {stats['notes']} notes, "
        f"{stats['sources']} source(s)."
    ]
    if not stats.get("explored"):
        lines.append("Every branch: not played, because the story has errors; fix them first.")
        return lines
    lines.append(f"Every branch: {stats['states']:,} states (scene + variables) explored; "
                 f"{stats['endings_reached']} of {stats['endings']} endings reached.")
    if stats["shortest_path_words"] is None:
        lines.append("Paths to an ending: none.")
        return lines
    shortest = f"{stats['shortest_path_words']:,} words ({stats['shortest_path_minutes']} min)"
    if stats["longest_path_words"] is not None:
        longest = f"{stats['longest_path_words']:,} words ({stats['longest_path_minutes']} min)"
    else:
        longest = f"no limit (a path can loop through `{stats['loop_scene']}`)"
    lines.append(f"Paths to an ending, at {WORDS_PER_MINUTE} words a minute: shortest {shortest}, "
                 f"longest {longest}.")
    return lines
