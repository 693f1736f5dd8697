"""Help: every key of the game, screen by screen."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Footer, Static

from ...core.i18n import N_, _
from .base import Panel

KEYS = [
    (
        N_("Everywhere"),
        [
            ("?", N_("this help")),
            ("ctrl+p", N_("commands: every screen, and the theme")),
            ("escape", N_("back to where you were")),
        ],
    ),
    (
        N_("Title"),
        [
            ("n", N_("new game (asks first if it would replace your game)")),
            ("c", N_("continue the last game, where it says")),
            ("l", N_("load a saved game")),
            ("a", N_("about the game")),
            ("i", N_("switch language, keeping your place")),
            ("q", N_("quit")),
        ],
    ),
    (
        N_("Play"),
        [
            ("1-9", N_("take that choice (or arrows and Enter, or click)")),
            ("tab", N_("into the answer box (and the next); type freely there")),
            ("escape", N_("out of the answer box, back to the choices")),
            ("pgup, pgdn", N_("scroll the text above the choices")),
            ("b", N_("back: undo the last choice")),
            ("n", N_("show or hide the notes")),
            ("h", N_("history of your path")),
            ("s", N_("save")),
            ("l", N_("load")),
            ("r", N_("sources")),
            ("g", N_("glossary")),
            ("t", N_("timeline")),
            ("e", N_("hand in: write the transcript of your path")),
            ("q", N_("save and quit")),
            ("click [1]", N_("open that note; click an underlined term for its meaning")),
        ],
    ),
    (
        N_("Ending"),
        [
            ("e", N_("hand in: write the transcript of your path")),
            ("b", N_("back: undo the last choice")),
            ("h", N_("history")),
            ("r", N_("sources")),
            ("t", N_("timeline")),
            ("m", N_("menu")),
            ("q", N_("quit")),
        ],
    ),
    (N_("Lists"), [("up, down", N_("move")), ("enter", N_("open or choose")), ("escape or q", N_("back"))]),
]


class HelpScreen(Panel):
    """Every key, grouped by screen."""

    def compose(self) -> ComposeResult:
        yield Static(Content(_("Help")), classes="screen-title")
        parts: list = []
        for group, keys in KEYS:
            parts.append((f"{_(group)}\n", "bold"))
            for key, meaning in keys:
                parts.append((f"  {key:<12}", "bold"))
                parts.append(f"{_(meaning)}\n")
            parts.append("\n")
        with VerticalScroll(id="help-scroll"):
            yield Static(Content.assemble(*parts), id="help-keys", markup=False)
        yield Footer()
