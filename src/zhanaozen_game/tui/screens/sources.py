"""The bibliography: which sources the player has met, and every note that cites each source."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ...core.i18n import _, ngettext
from ..widgets.footer import GameFooter
from .base import Panel
from .source_card import SourceCardScreen, describe


class SourcesScreen(Panel):
    """The sources met so far (no spoilers), and how many are still to come. Enter opens a source's
    card (Session.sources_met says which were met)."""

    def compose(self) -> ComposeResult:
        yield Static(Content(_("Sources")), classes="screen-title")
        yield Static(id="sources-help", classes="screen-help")
        yield OptionList(id="sources-list")
        yield GameFooter()

    def on_mount(self) -> None:
        met = set(self.app.loaded.sources_met()) if self.app.state else set()
        rest = len(set(self.app.story.sources) - met)
        shown = _("The sources you have met so far: {count}.").format(count=len(met))
        if rest:
            shown += " " + ngettext(
                "{count} more appears as you play.", "{count} more appear as you play.", rest
            ).format(count=rest)
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
        if event.option.id:
            self.app.push_screen(SourceCardScreen(event.option.id))
