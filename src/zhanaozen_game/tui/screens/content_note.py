"""The content note shown before the first new game, with the choice to go on or go back."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from ...core.i18n import N_, _
from ..i18n import translate_bindings

CONTENT_NOTE = N_(
    "This game is about real events. It describes the police shooting of striking oil workers "
    "and their families in Zhanaozen in December 2011, deaths, beatings, imprisonment and torture. "
    "It does so soberly, without graphic detail, and scenes that need it carry their own note.\n\n"
    "The narrator and their family and workmates are fictional composites. The events, people, "
    "figures and dates come from published sources, quoted in the notes."
)


class ContentNoteScreen(ModalScreen[bool]):
    """What the game contains, before the first new game; the player may go on or go back."""

    BINDINGS = [Binding("escape", "dismiss(False)", "Back"), Binding("y", "dismiss(True)", "Go on")]

    def __init__(self) -> None:
        super().__init__()
        translate_bindings(self)

    def compose(self) -> ComposeResult:
        with Vertical(id="content-note-box", classes="dialog"):
            yield Static(Content(_("Content note")), classes="dialog-title")
            yield Static(Content(_(CONTENT_NOTE)), id="content-note-text")
            with Center():
                yield Button(_("Go on"), id="go-on", variant="primary")
                yield Button(_("Back"), id="back")

    def on_mount(self) -> None:
        self.query_one("#go-on", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "go-on")
