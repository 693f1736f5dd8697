"""Help: every key of the game, screen by screen."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Footer, Static

from .base import Panel

KEYS = [
    (
        "Everywhere",
        [("?", "this help"), ("ctrl+p", "commands: every screen, and the theme"), ("escape", "back to where you were")],
    ),
    (
        "Title",
        [
            ("n", "new game (asks first if it would replace your game)"),
            ("c", "continue the last game, where it says"),
            ("l", "load a saved game"),
            ("a", "about the game"),
            ("q", "quit"),
        ],
    ),
    (
        "Play",
        [
            ("1-9", "take that choice (or arrows and Enter, or click)"),
            ("tab", "into the answer box (and the next); type freely there"),
            ("escape", "out of the answer box, back to the choices"),
            ("pgup, pgdn", "scroll the text above the choices"),
            ("b", "back: undo the last choice"),
            ("n", "show or hide the notes"),
            ("h", "history of your path"),
            ("s", "save"),
            ("l", "load"),
            ("r", "sources"),
            ("g", "glossary"),
            ("t", "timeline"),
            ("e", "hand in: write the transcript of your path"),
            ("q", "save and quit"),
            ("click [1]", "open that note; click an underlined term for its meaning"),
        ],
    ),
    (
        "Ending",
        [
            ("e", "hand in: write the transcript of your path"),
            ("b", "back: undo the last choice"),
            ("h", "history"),
            ("r", "sources"),
            ("t", "timeline"),
            ("m", "menu"),
            ("q", "quit"),
        ],
    ),
    ("Lists", [("up, down", "move"), ("enter", "open or choose"), ("escape or q", "back")]),
]


class HelpScreen(Panel):
    """Every key, grouped by screen."""

    def compose(self) -> ComposeResult:
        yield Static(Content("Help"), classes="screen-title")
        parts: list = []
        for group, keys in KEYS:
            parts.append((f"{group}\n", "bold"))
            for key, meaning in keys:
                parts.append((f"  {key:<12}", "bold"))
                parts.append(f"{meaning}\n")
            parts.append("\n")
        with VerticalScroll(id="help-scroll"):
            yield Static(Content.assemble(*parts), id="help-keys", markup=False)
        yield Footer()
