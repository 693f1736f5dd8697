"""The bibliography: which sources the player has met, and every note that cites each source."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from ...core.text import format_date
from ..widgets.story_text import plain
from .base import Panel


def scenes_seen(app) -> set[str]:
    """The scenes the player has seen (the current one included) that the story still has."""
    if app.state is None:
        return set()
    seen = set(app.state.visited) | {app.state.scene} | {step.scene for step in app.state.history}
    return seen & set(app.story.scenes)


def sources_met(app) -> set[str]:
    """Sources cited by a note in a scene the player has seen (the current one included)."""
    return {note.source for scene_id in scenes_seen(app) for note in app.story.scenes[scene_id].notes.values()}


def describe(source) -> str:
    return ", ".join(part for part in (source.author, source.publisher, source.date) if part)


class SourcesScreen(Panel):
    """The sources met so far (no spoilers), and how many are still to come. Enter lists the notes
    citing one."""

    def compose(self) -> ComposeResult:
        yield Static(Content("Sources"), classes="screen-title")
        yield Static(id="sources-help", classes="screen-help")
        yield OptionList(id="sources-list")
        yield Footer()

    def on_mount(self) -> None:
        met = sources_met(self.app)
        rest = len(set(self.app.story.sources) - met)
        shown = f"The sources you have met so far: {len(met)}."
        if rest:
            shown += f" {rest} more appear{'s' * (rest == 1)} as you play."
        self.query_one("#sources-help", Static).update(Content(shown))
        sources = self.query_one("#sources-list", OptionList)
        sources.add_options(
            Option(
                Content.assemble(
                    (source.title, "italic"),
                    ("\n    " + describe(source), "dim") if describe(source) else "",
                ),
                id=source_id,
            )
            for source_id, source in self.app.story.sources.items()
            if source_id in met
        )
        if sources.option_count:
            sources.highlighted = 0
        sources.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.app.push_screen(SourceScreen(event.option.id))


class SourceScreen(Panel):
    """One source: what is known about it, and every note in the story that cites it."""

    def __init__(self, source_id: str) -> None:
        super().__init__()
        self.source_id = source_id

    def compose(self) -> ComposeResult:
        story = self.app.story
        source = story.sources[self.source_id]
        yield Static(plain(source.title), classes="screen-title", markup=False)
        with VerticalScroll(id="source-scroll"):
            details = [describe(source), source.url, source.note]
            yield Static(plain("\n".join(part for part in details if part)), id="source-details", markup=False)
            seen = scenes_seen(self.app)
            citing = [
                (scene_id, scene, note)
                for scene_id, scene in story.scenes.items()
                for note in scene.notes.values()
                if note.source == self.source_id
            ]
            met = [item for item in citing if item[0] in seen]
            later = len(citing) - len(met)
            heading = f"Cited in {len(met)} note(s) you have met"
            heading += f"; {later} more in scenes still to come:" if later else ":"
            yield Static(Content(heading), classes="section-title")
            for _scene_id, scene, note in met:
                yield Static(
                    Content.assemble(
                        (f"{scene.title}", "bold"),
                        f" ({format_date(scene.date)})\n",
                        plain(f"\u201c{note.quote}\u201d"),
                        ("\n" + note.comment, "dim") if note.comment else "",
                    ),
                    classes="note",
                    markup=False,
                )
        yield Footer()
