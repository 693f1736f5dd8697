"""The bibliography: which sources the player has met, and every note that cites each source."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from .base import Panel
from .source_card import SourceCardScreen, describe


def sources_met(app) -> set[str]:
    """Sources cited by a note in a scene the player has seen (the current one included)."""
    if app.state is None:
        return set()
    seen = set(app.state.visited) | {app.state.scene} | {step.scene for step in app.state.history}
    return {note.source for scene_id in seen for note in app.story.scenes[scene_id].notes.values()}


class SourcesScreen(Panel):
    """Every source; those met so far are marked. Enter lists the notes citing one."""

    def compose(self) -> ComposeResult:
        yield Static(Content("Sources"), classes="screen-title")
        yield Static(Content("\u2713 marks a source you have met in the story so far."), classes="screen-help")
        yield OptionList(id="sources-list")
        yield Footer()

    def on_mount(self) -> None:
        met = sources_met(self.app)
        sources = self.query_one("#sources-list", OptionList)
        sources.add_options(
            Option(
                Content.assemble(
                    ("\u2713 " if source_id in met else "  ", "bold"),
                    (source.title, "italic"),
                    ("\n    " + describe(source), "dim") if describe(source) else "",
                ),
                id=source_id,
            )
            for source_id, source in self.app.story.sources.items()
        )
        sources.highlighted = 0
        sources.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.app.push_screen(SourceCardScreen(event.option.id))
