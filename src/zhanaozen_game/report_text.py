"""Check reports as text for a terminal: the statistics a teacher plans with, and why a story
cannot be played. Shell-side (the core returns findings and figures, never prose for a screen)."""

from __future__ import annotations

from .core.check import WORDS_PER_MINUTE
from .core.story import Report


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
    lines += translation_lines(stats)
    if not stats.get("explored"):
        lines.append("Every branch: not played, because the story has errors; fix them first.")
        return lines
    if stats.get("capped"):
        lines.append(
            f"Every branch: stopped after {stats['states']:,} states (scene + variables); "
            f"{stats['endings_reached']} of {stats['endings']} endings reached so far."
        )
        lines.append("Paths to an ending: unknown (exploration stopped).")
        return lines
    lines.append(
        f"Every branch: {stats['states']:,} states (scene + variables) explored; "
        f"{stats['endings_reached']} of {stats['endings']} endings reached."
    )
    if stats["shortest_path_words"] is None:
        lines.append("Paths to an ending: none.")
        return lines
    shortest = f"{stats['shortest_path_words']:,} words ({stats['shortest_path_minutes']} min)"
    if stats["longest_path_words"] is not None:
        longest = f"{stats['longest_path_words']:,} words ({stats['longest_path_minutes']} min)"
    else:
        longest = f"no limit (a path can loop through `{stats['loop_scene']}`)"
    lines.append(f"Paths to an ending, at {WORDS_PER_MINUTE} words a minute: shortest {shortest}, longest {longest}.")
    lines.extend(_agency_lines(stats))
    return lines


def _percent(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else "n/a"


def _agency_lines(stats: dict) -> list[str]:
    """How far the choices shape the ending (absent when the walk was capped)."""
    if stats.get("shaping_decisions_fewest") is None:
        return []
    fewest, most = stats["shaping_decisions_fewest"], stats["shaping_decisions_most"]
    most = "no limit (a path can loop)" if most is None else most
    where = ", ".join(stats["shaping_decisions_fewest_at"]) or "none"
    lines = [
        f"Decisions that shape the ending (options keep different endings open), on a path to an ending: "
        f"fewest {fewest}, most {most} (a path with the fewest decides at: {where})."
    ]
    entries = [
        f"{name} {_percent(entry['open_to_every_ending'], entry['entering'])} of {entry['entering']:,}"
        for name, entry in stats["chapter_entries"].items()
        if entry["entering"]
    ]
    lines.append("States entering each chapter that can still reach every ending: " + "; ".join(entries) + ".")
    with_choices, branching = stats["scenes_with_choices"], stats["scenes_branching"]
    lines.append(
        f"Scenes with two or more choices: {with_choices}; {branching} ({_percent(branching, with_choices)}) "
        f"send them to different scenes."
    )
    for item in stats["same_state_choices"]:
        first, second = item["choices"]
        lines.append(
            f"{item['file']}:{item['line']}: info: choices {first} and {second} of `{item['scene']}` always lead "
            f"to the same state (same scene, same variables): the choice makes no difference."
        )
    return lines


def translation_lines(stats: dict) -> list[str]:
    """One line per translation: how much is translated, missing and stale."""
    lines = []
    for language in stats.get("translations", []):
        total = language["total"] or 1
        percent = 100 * language["translated"] // total
        if language["translated"] < language["total"] and percent == 100:
            percent = 99
        lines.append(
            f"Translation {language['language']} ({language['file']}): {language['translated']} of "
            f"{language['total']} units translated ({percent}%), {language['missing']} missing, "
            f"{language['stale']} stale."
        )
    return lines
