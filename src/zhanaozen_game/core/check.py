"""`zhanaozen check`: every mistake in a story, each with the file, line and column to fix.

Three layers, each on top of the last: loading (YAML and the format, `loader.py`), the static
rules (links, notes, sources, variables, conditions, `rules.py`), and playing every branch
(`explore.py`). `loader.open_story` runs the first two and is what the game uses before it
starts; this runner adds the third and the statistics a teacher plans with. Turning a report into
text for a terminal is the shells' business (`report_text.py`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .agency import agency_stats
from .explore import DEFAULT_MAX_STATES, Exploration, PathLengths, explore, path_lengths, scene_words
from .findings import ERROR, WARNING, Finding, sort_key
from .growth import capped_finding
from .languages import available_languages
from .loader import Overlay, collector_paused, open_story_unpaused
from .story import Report, Story
from .text import minutes

WORDS_PER_MINUTE = 200


def check_story(root: Path, max_states: int = DEFAULT_MAX_STATES, overlay: Overlay | None = None) -> Report:
    """Everything `zhanaozen check` reports: open_story's findings, then every branch played.
    `overlay`: texts read instead of some files (see `loader.load_story`)."""
    with collector_paused():
        return _check_story(root, max_states, overlay)


def _check_story(root: Path, max_states: int, overlay: Overlay | None = None) -> Report:
    report = open_story_unpaused(root, overlay)
    story = report.story
    if story is None:
        return report
    report.stats = basic_stats(story)
    _check_translations(story, report)
    if report.errors:
        report.stats["explored"] = False
        return report
    walk = explore(story, max_states)
    report.findings.extend(_branch_findings(story, walk, max_states))
    report.findings.sort(key=sort_key)
    report.stats.update(_walk_stats(story, walk))
    return report


def _check_translations(story: Story, report: Report) -> None:
    """Every translation in the story's `locale/` folder: its figures, stale units and markers."""
    languages = available_languages(story.root)
    if not languages:
        return
    from .po import check_language  # the PO library, only for a story that has translations

    report.stats["translations"] = []
    for language in languages:
        checked = check_language(story, language)
        report.findings.extend(checked.findings)
        report.stats["translations"].append(checked.as_dict())
    report.findings.sort(key=sort_key)


def _branch_findings(story: Story, walk: Exploration, max_states: int) -> list[Finding]:
    findings: list[Finding] = []

    def add(scene_id: str, path: tuple[object, ...], key: bool, severity: str, code: str, message: str) -> None:
        info = story.where[scene_id]
        line, column = info.at(("scenes", scene_id) + path, key=key)
        findings.append(Finding(info.shown, line, column, severity, code, message))

    for state in walk.stuck[:20]:
        scene_id = walk.states[state][0]
        route = " → ".join(f"{s} (choice {c + 1})" for s, c in walk.path_to(state)) or "the start"
        values = ", ".join(f"{k}={_show(v)}" for k, v in walk.values(state).items())
        add(
            scene_id,
            (),
            True,
            ERROR,
            "no-choice",
            f"the player is stuck in `{scene_id}`: no choice is visible when {values or 'the story starts'} "
            f"(reached by {route})",
        )
    if walk.capped:
        findings.append(capped_finding(story, walk, max_states))
        return findings
    for scene_id, scene in story.scenes.items():
        if scene_id not in walk.reached_scenes:
            if scene.ending is not None:
                add(
                    scene_id,
                    (),
                    True,
                    WARNING,
                    "unreached-ending",
                    f'no path reaches the ending `{scene_id}` ("{scene.ending.title}")',
                )
            else:
                add(scene_id, (), True, WARNING, "unreachable-scene", f"no path reaches the scene `{scene_id}`")
            continue
        for index, choice in enumerate(scene.choices):
            if (scene_id, index) not in walk.taken_choices:
                add(
                    scene_id,
                    ("choices", index),
                    False,
                    WARNING,
                    "choice-never-available",
                    f'the choice "{choice.text}" is never available: its condition `{choice.if_}` is '
                    f"false on every path that reaches `{scene_id}`",
                )
    return findings


def _show(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value) if isinstance(value, str) else str(value)


def basic_stats(story: Story) -> dict[str, Any]:
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


def _walk_stats(story: Story, walk: Exploration) -> dict[str, Any]:
    # A walk that stopped at its cap saw only some paths: their lengths would mislead.
    lengths = PathLengths(None, None) if walk.capped else path_lengths(story, walk)
    reached_endings = {walk.states[state][0] for state in walk.endings}
    stats: dict[str, Any] = {
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
    stats.update(agency_stats(story, walk))
    return stats
