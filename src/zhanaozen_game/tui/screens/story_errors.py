"""Shown instead of the game when the story has errors: what `zhanaozen check` would say."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from ..widgets.footer import GameFooter
from ..widgets.story_text import plain


class StoryErrorsScreen(Screen):
    """The story cannot be played; the writer sees the first errors, and q leaves (exit status 1)."""

    BINDINGS = [Binding("q", "leave", "Quit"), Binding("escape", "leave", "Quit", show=False)]

    def __init__(self, errors: list[str]) -> None:
        super().__init__()
        self.errors = errors

    def compose(self) -> ComposeResult:
        yield Static(Content("The story has errors, so it cannot be played"), classes="screen-title")
        shown = "\n".join(self.errors[:50])
        more = f"\n... and {len(self.errors) - 50} more" if len(self.errors) > 50 else ""
        with VerticalScroll(id="help-scroll"):
            yield Static(
                plain(shown + more + "\n\nRun `zhanaozen check` for the full list."), id="story-errors", markup=False
            )
        yield GameFooter()

    def action_leave(self) -> None:
        self.app.exit(return_code=1)
