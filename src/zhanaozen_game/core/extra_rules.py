"""Rules over story.yaml that the model alone cannot state (kept apart from `rules.py`)."""

from __future__ import annotations

from .findings import ERROR, Finding
from .story import LoadResult


def duplicate_chapters(loaded: LoadResult) -> list[Finding]:
    """Each chapter id used twice in story.yaml, at both places."""
    story = loaded.story
    if story is None:
        return []
    info = story.files["story.yaml"]
    first: dict[str, tuple[int, int]] = {}
    findings = []
    for index, chapter in enumerate(story.meta.chapters):
        place = info.at(("chapters", index, "id"))
        if chapter.id in first:
            line, _ = first[chapter.id]
            findings.append(
                Finding(
                    info.shown,
                    place[0],
                    place[1],
                    ERROR,
                    "duplicate-chapter",
                    f"the chapter id `{chapter.id}` is also used at line {line}: each chapter needs its own id",
                )
            )
        else:
            first[chapter.id] = place
    return findings
