"""What every screen opened over the game shares: a title line, Escape (or q) to go back, a footer."""

from __future__ import annotations

from textual.binding import Binding
from textual.screen import Screen

from ..i18n import translate_bindings


class Panel(Screen):
    """A screen opened from the game or the title screen; Escape or q returns to where it was."""

    BINDINGS = [
        Binding("escape", "close", "Back"),
        Binding("q", "close", "Back", show=False),
    ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        translate_bindings(self)

    def action_close(self) -> None:
        self.app.pop_screen()
