"""The real events of the story (events.yaml) as a layer of the timeline: a dated list, and beside
it the highlighted event, sentence by sentence with its notes and where the sources disagree."""

from __future__ import annotations

from textual import getters, on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ...core.i18n import _
from ...core.reference import events_in_order
from ...core.text import format_date
from ..app import ZhanaozenApp
from .story_text import note_content, plain


def event_content(story, event) -> Content:
    """One event: its date and title, each sentence with its note, any disagreement, who and where."""
    parts: list = [(format_date(event.date), "bold"), "  ", (event.title, "bold"), "\n\n"]
    for number, fact in enumerate(event.about, start=1):
        parts += [plain(fact.text), (f" [{number}]", "bold"), "\n"]
    if event.disagreement:
        parts += ["\n", (_("Sources disagree or are unsure:") + " ", "bold"), plain(event.disagreement), "\n"]
    names = [story.people[key].name for key in event.people if key in story.people]
    names += [story.places[key].name for key in event.places if key in story.places]
    if names:
        parts += [("\n" + _("Who and where: {names}").format(names=", ".join(names)), "dim"), "\n"]
    for number, fact in enumerate(event.about, start=1):
        parts += ["\n", note_content(number, fact.note, story.sources), "\n"]
    return Content.assemble(*parts)


class RealEvents(Horizontal):
    """Every dated event from the sources, apart from the player's scenes."""

    app = getters.app(ZhanaozenApp)

    def compose(self) -> ComposeResult:
        yield OptionList(id="events-list")
        with VerticalScroll(id="event-scroll"):
            yield Static(id="event-detail", markup=False)

    def on_mount(self) -> None:
        story = self.app.story
        listing = self.query_one("#events-list", OptionList)
        events = events_in_order(story)
        listing.add_options(
            Option(Content.assemble((format_date(event.date), "bold"), "\n", plain(event.title)), id=key)
            for key, event in events
        )
        if events:
            listing.highlighted = 0
        else:
            self.query_one("#event-detail", Static).update(Content(_("This story has no events.yaml.")))

    @on(OptionList.OptionHighlighted, "#events-list")
    def show_event(self, event: OptionList.OptionHighlighted) -> None:
        story = self.app.story
        if event.option.id is None:
            return
        self.query_one("#event-detail", Static).update(event_content(story, story.events[event.option.id]))
        self.query_one("#event-scroll", VerticalScroll).scroll_home(animate=False)
