"""The story's content note (`content_note` in story.yaml), shown before the first new game, with
the choice to go on or go back."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from ...core.i18n import _
from ..i18n import translate_bindings
from ..widgets.story_text import plain


class ContentNoteScreen(ModalScreen[bool]):
    """What the story contains (story.yaml's `content_note`), before the first new game; the player
    may go on or go back."""

    BINDINGS = [Binding("escape", "dismiss(False)", "Back"), Binding("y", "dismiss(True)", "Go on")]

    def __init__(self, note: str) -> None:
        super().__init__()
        self.note = note
        translate_bindings(self)

    def compose(self) -> ComposeResult:
        with Vertical(id="content-note-box", classes="dialog"):
            yield Static(Content(_("Content note")), classes="dialog-title")
            yield Static(plain(self.note), id="content-note-text", markup=False)
            with Center():
                yield Button(_("Go on"), id="go-on", variant="primary")
                yield Button(_("Back"), id="back")

    def on_mount(self) -> None:
        self.query_one("#go-on", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "go-on")
