"""The notes of a scene as a list: each note opens its source's card (`c`) or the quote in its
context, in the source's whole text (Enter or a click)."""

from __future__ import annotations

from textual import getters
from textual.binding import Binding
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ...core.model import Note, Source
from ..app import ZhanaozenApp
from ..i18n import translate_bindings
from .story_text import note_content


class NoteList(OptionList):
    """A scene's numbered notes; the footer shows what a note can open while the list has focus."""

    BINDINGS = [
        Binding("enter", "select", "Quote in context", tooltip="in the notes: the quote in its context"),
        Binding("c", "card", "Source card", tooltip="in the notes: the source's card, with its standpoint"),
    ]

    app = getters.app(ZhanaozenApp)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        translate_bindings(self)
        self.notes: dict[str, Note] = {}

    def show(self, numbered: list[tuple[int, Note]], sources: dict[str, Source]) -> None:
        self.clear_options()
        self.notes = {}
        for number, note in numbered:
            if self.option_count:
                self.add_option(None)  # a separator line between notes
            self.add_option(Option(note_content(number, note, sources), id=f"note-{number}"))
            self.notes[f"note-{number}"] = note
        self.highlighted = 0 if self.option_count else None

    def highlighted_note(self) -> Note | None:
        if self.highlighted is None:
            return None
        return self.notes.get(self.get_option_at_index(self.highlighted).id or "")

    def action_card(self) -> None:
        from ..screens.source_card import SourceCardScreen

        note = self.highlighted_note()
        if note is not None and note.source in self.app.story.sources:
            self.app.push_screen(SourceCardScreen(note.source))

    def _on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        note = self.notes.get(event.option.id or "")
        if note is None:
            return
        from ..screens.source_card import SourceCardScreen, SourceTextScreen

        if note.source in self.app.story.source_texts:
            self.app.push_screen(SourceTextScreen(note.source, note))
        elif note.source in self.app.story.sources:
            self.app.push_screen(SourceCardScreen(note.source))
