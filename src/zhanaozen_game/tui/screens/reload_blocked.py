"""`play --watch`: an edited story that cannot continue the player's place, and what to do."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static


class ReloadBlockedScreen(ModalScreen[bool]):
    """Says what blocks the reload; True restarts at the nearest scene, False keeps the old version."""

    BINDINGS = [Binding("escape", "dismiss(False)", "Keep old version"), Binding("r", "dismiss(True)", "Restart")]

    def __init__(self, problem: str, scene_title: str) -> None:
        super().__init__()
        self.problem = problem
        self.scene_title = scene_title

    def compose(self) -> ComposeResult:
        with Vertical(id="reload-blocked-box", classes="dialog"):
            yield Static(Content("The edited story cannot continue your place"), classes="dialog-title")
            yield Static(
                Content(
                    f"In the edited story, {self.problem}. Restart at “{self.scene_title}” in the edited "
                    "story (variables it still has keep their values), or go on with the old version."
                ),
                id="reload-blocked-text",
            )
            with Center():
                yield Button(Content(f"Restart at “{self.scene_title}”"), id="restart", variant="primary")
                yield Button("Keep the old version", id="keep")

    def on_mount(self) -> None:
        self.query_one("#restart", Button).focus()

    @on(Button.Pressed, "#restart")
    def restart(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#keep")
    def keep(self) -> None:
        self.dismiss(False)
