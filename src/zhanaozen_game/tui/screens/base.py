"""What every screen opened over the game shares: a title line, Escape (or q) to go back, a footer."""

from __future__ import annotations

from textual import getters
from textual.binding import Binding
from textual.screen import Screen

from ..app import ZhanaozenApp
from ..i18n import translate_bindings


class Panel(Screen[None]):
    """A screen opened from the game or the title screen; Escape or q returns to where it was."""

    app = getters.app(ZhanaozenApp)  # typed: the game's session, story and actions

    BINDINGS = [
        Binding("escape", "close", "Back", tooltip="back to where you were"),
        Binding("q", "close", "Back", show=False, tooltip="back"),
    ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        translate_bindings(self)

    def action_close(self) -> None:
        self.app.pop_screen()
