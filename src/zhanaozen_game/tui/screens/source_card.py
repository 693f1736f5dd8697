"""A source's card (who wrote it, from where, what it could not know) and its full text, with a
quote highlighted in its context.

Knowing who speaks and reading a claim in its context are the first skills of history; these two
screens give them from any note: `c` on a note opens the card, Enter the quote in its source.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.style import Style
from textual.widgets import Static

from ...core.i18n import _
from ...core.model import Note
from ...core.sourcing import met_notes
from ...core.text import clean_line, format_date
from ..widgets.footer import GameFooter
from ..widgets.story_text import plain
from .base import Panel

HIGHLIGHT = Style(bold=True, reverse=True)


def describe(source) -> str:
    """Author, publisher and date on one line."""
    return ", ".join(part for part in (source.author, source.publisher, source.date) if part)


class SourceCardScreen(Panel):
    """The card of one source, and the notes citing it that the player has met."""

    BINDINGS = [Binding("v", "read_text", "Whole text")]

    def __init__(self, source_id: str) -> None:
        super().__init__()
        self.source_id = source_id

    def compose(self) -> ComposeResult:
        story = self.app.story
        source = story.sources[self.source_id]
        yield Static(plain(source.title), classes="screen-title", markup=False)
        with VerticalScroll(id="source-scroll"):
            details = "\n".join(part for part in (describe(source), source.url) if part)
            if details:
                yield Static(plain(details), id="source-details", markup=False)
            if source.standpoint:
                yield Static(Content(_("Who speaks")), classes="section-title")
                yield Static(plain(source.standpoint), id="source-standpoint", markup=False)
            if source.single_writer:
                yield Static(Content(_("Resting on one writer only")), classes="section-title")
                items = "\n".join(f"\u2022 {clean_line(item)}" for item in source.single_writer)
                yield Static(Content(items), id="source-single-writer", markup=False)
            if source.confirmation:
                yield Static(Content(_("Do the sources confirm each other?")), classes="section-title")
                yield Static(plain(source.confirmation), id="source-confirmation", markup=False)
            if source.note:
                yield Static(Content(_("What is verified about it")), classes="section-title")
                yield Static(plain(source.note), id="source-note", markup=False)
            state = self.app.state
            seen = self.app.loaded.scenes_seen() if state else []
            citing = met_notes(story, seen, self.source_id)
            total = sum(1 for s in story.scenes.values() for n in s.notes.values() if n.source == self.source_id)
            rest = total - len(citing)
            heading = _("Cited in {count} note(s) you have met").format(count=len(citing)) + (
                _("; {rest} more ahead").format(rest=rest) if rest else ""
            )
            yield Static(Content(heading), classes="section-title")
            for scene, note in citing:
                yield Static(
                    Content.assemble(
                        (scene.title, "bold"),
                        f" ({format_date(scene.date)})\n",
                        plain(f"\u201c{note.quote}\u201d"),
                        ("\n" + clean_line(note.comment), "dim") if note.comment else "",
                    ),
                    classes="note",
                    markup=False,
                )
        yield GameFooter()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "read_text":
            return self.source_id in self.app.story.source_texts
        return True

    def action_read_text(self) -> None:
        self.app.push_screen(SourceTextScreen(self.source_id))


class SourceTextScreen(Panel):
    """A source's whole text, one paragraph a widget; a quote, if given, highlighted and in view."""

    BINDINGS = [Binding("c", "card", "Source card")]

    def __init__(self, source_id: str, note: Note | None = None) -> None:
        super().__init__()
        self.source_id = source_id
        self.note = note
        self.first_highlight: Static | None = None

    def compose(self) -> ComposeResult:
        story = self.app.story
        source = story.sources[self.source_id]
        text = story.source_texts[self.source_id]
        spans = text.locate(self.note.quote) if self.note else None
        title = _("{title} \u2014 the quote in its context").format(title=source.title) if spans else source.title
        yield Static(plain(title), classes="screen-title", markup=False)
        with VerticalScroll(id="source-text-scroll"):
            offset = 0
            for line in text.text.split("\n"):
                start, end = offset, offset + len(line)
                offset = end + 1
                if not line.strip():
                    continue
                marks = [(max(a, start) - start, min(b, end) - start) for a, b in spans or [] if a < end and b > start]
                paragraph = Static(self.paragraph(line, marks), classes="source-paragraph", markup=False)
                if marks and self.first_highlight is None:
                    self.first_highlight = paragraph
                    paragraph.add_class("-quoted")
                yield paragraph
        yield GameFooter()

    @staticmethod
    def paragraph(line: str, marks: list[tuple[int, int]]) -> Content:
        """A line of the source, the quoted parts highlighted; control characters removed first
        from each piece (the offsets are the original text's)."""
        parts: list[str | tuple[str, Style]] = []
        at = 0
        for a, b in marks:
            parts.append(clean_line(line[at:a]))
            parts.append((clean_line(line[a:b]), HIGHLIGHT))
            at = b
        parts.append(clean_line(line[at:]))
        return Content.assemble(*parts)

    def on_mount(self) -> None:
        if self.first_highlight is not None:
            target = self.first_highlight
            self.call_after_refresh(lambda: target.scroll_visible(top=True, animate=False))

    def action_card(self) -> None:
        self.app.push_screen(SourceCardScreen(self.source_id))
