"""The timeline: the chapters and the scenes seen so far on a line of the story's years (from its
scenes' dates and its chapters' periods), and where the player is."""

from __future__ import annotations

import re

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static, TabbedContent, TabPane

from ...core.i18n import _, ngettext
from ...core.text import format_date
from ..widgets.footer import GameFooter
from ..widgets.story_text import plain
from .base import Panel


def years_of(period: str) -> set[int]:
    """The years a chapter's period names: `2009–2011` -> {2009, 2010, 2011}."""
    found = [int(y) for y in re.findall(r"\d{4}", period)]
    if not found:
        return set()
    return set(range(min(found), max(found) + 1))


def story_years(story) -> tuple[int, int]:
    """The first and last year the story covers: its scenes' dates and its chapters' periods."""
    years = {int(scene.date[:4]) for scene in story.scenes.values() if scene.date[:4].isdigit()}
    for chapter in story.meta.chapters:
        years |= years_of(chapter.period)
    return (min(years), max(years)) if years else (0, -1)


def axis(years: range, covered: set[int], seen: set[int], here: int | None) -> Content:
    """Two lines: the years, and under each a mark: ▲ here, ● a scene seen, ─ a chapter covers
    it, · none."""
    labels, marks = [], []
    for year in years:
        labels.append(f"{year % 100:02d} ")
        mark = "\u25b2" if year == here else "\u25cf" if year in seen else "\u2500" if year in covered else "\u00b7"
        marks.append(f"{mark}  ")
    return Content.assemble(("".join(labels), "bold"), "\n", "".join(marks))


class TimelineScreen(Panel):
    """Two layers, never mixed: the chapters with the dated scenes the player has seen (▶ the
    current scene), and the real events from the sources (`v` switches between them)."""

    BINDINGS = [Binding("v", "switch_layer", "Path / real events")]

    def compose(self) -> ComposeResult:
        from ..widgets.events import RealEvents

        first, last = story_years(self.app.story)
        title = (
            _("Timeline") + f" {first}\u2013{last}"
            if first < last
            else _("Timeline") + f" {first}"
            if first == last
            else _("Timeline")
        )
        yield Static(Content(title), classes="screen-title")
        with TabbedContent(id="timeline-layers"):
            with TabPane(_("Your path"), id="layer-path"), VerticalScroll(id="timeline-scroll"):
                yield Static(self.build(), id="timeline", markup=False)
            with TabPane(_("Real events (sources)"), id="layer-events"):
                yield RealEvents(id="real-events")
        yield GameFooter()

    def action_switch_layer(self) -> None:
        layers = self.query_one("#timeline-layers", TabbedContent)
        layers.active = "layer-events" if layers.active == "layer-path" else "layer-path"
        if layers.active == "layer-events":
            self.query_one("#events-list").focus()

    def build(self) -> Content:
        app = self.app
        story = app.story
        state = app.state
        # The scenes seen, in the order the player first saw them (scenes an edited story no
        # longer has are left out).
        order: list[str] = []
        if state:
            for scene_id in [*state.visited, *(step.scene for step in state.history), state.scene]:
                if scene_id in story.scenes and scene_id not in order:
                    order.append(scene_id)
        here = state.scene if state and state.scene in story.scenes else None
        covered = set().union(*(years_of(c.period) for c in story.meta.chapters)) if story.meta.chapters else set()
        seen_years = {int(story.scenes[s].date[:4]) for s in order}
        here_year = int(story.scenes[here].date[:4]) if here else None
        parts: list = [
            axis(range(story_years(story)[0], story_years(story)[1] + 1), covered, seen_years, here_year),
            (
                "\n"
                + _(
                    "\u25b2 the year you are in     \u25cf a year you have seen\n"
                    "\u2500 a year the story covers  \u00b7 a year it does not\n"
                    "\u25b6 the scene you are in    \u2713 a scene you have seen\n"
                    "A year's scenes are listed in the order you played them."
                )
                + "\n",
                "dim",
            ),
        ]
        for chapter in story.meta.chapters:
            period = f" ({chapter.period})" if chapter.period else ""
            parts.append(("\n" + chapter.title + period + "\n", "bold"))
            in_chapter = [scene_id for scene_id in story.scenes if story.chapter_of[scene_id] == chapter.id]
            shown = sorted(
                (scene_id for scene_id in in_chapter if scene_id in order),
                key=lambda scene_id: (story.scenes[scene_id].date[:4], order.index(scene_id)),
            )
            for scene_id in shown:
                marker = "\u25b6 " if scene_id == here else "\u2713 "
                parts.append(f"  {marker}{format_date(story.scenes[scene_id].date):<18} ")
                parts.append(plain(story.scenes[scene_id].title))
                parts.append("\n")
            unseen = len(in_chapter) - len(shown)
            if unseen:
                not_seen = ngettext("{count} scene not seen yet", "{count} scenes not seen yet", unseen)
                parts.append(("  " + not_seen.format(count=unseen) + "\n", "dim"))
        return Content.assemble(*parts)
