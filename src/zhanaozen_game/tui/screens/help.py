"""Help: every key of the game, screen by screen, read from the screens' own bindings.

A binding belongs in the help when it has a `tooltip` (the sentence the footer shows on hover,
and the help shows beside the key), so a key added to a screen with a tooltip is listed here
without anyone editing this file, and the help can never name a key a screen no longer has. What
no binding of ours covers (the mouse, the list widgets' own arrows and Enter) is listed beside.
"""

from __future__ import annotations

from collections.abc import Iterator

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.dom import DOMNode
from textual.widgets import Static

from ...core.i18n import N_, _
from ..app import ZhanaozenApp
from ..widgets.footer import GameFooter
from ..widgets.notes import NoteList
from .base import Panel
from .ending import EndingScreen
from .play import PlayScreen
from .title import TitleScreen

# Each section: its heading, the classes whose bindings it lists, and keys that are not bindings.
SECTIONS: list[tuple[str, list[type[DOMNode]], list[tuple[str, str]]]] = [
    (N_("Everywhere"), [ZhanaozenApp], []),
    (N_("Title"), [TitleScreen], []),
    (
        N_("Play"),
        [PlayScreen, NoteList],
        [("click [1]", N_("open that note; click an underlined term or name for its entry"))],
    ),
    (N_("Ending"), [EndingScreen], []),
    (N_("Other screens"), [Panel], [("up, down", N_("move")), ("enter", N_("open or choose"))]),
]


def documented(cls: type[DOMNode]) -> Iterator[Binding]:
    """The class's bindings that carry a tooltip, in the order it declares them; a key the class
    declares again (overriding a base class's) is listed once, as the class has it. Textual's own
    classes are left out: their tooltips are not in the game's catalogs."""
    seen: set[str] = set()
    for klass in cls.__mro__:
        if klass.__module__.split(".")[0] == "textual":
            continue
        for binding in klass.__dict__.get("BINDINGS", []):
            if isinstance(binding, Binding) and binding.key not in seen:
                seen.add(binding.key)
                if binding.tooltip:
                    yield binding


class HelpScreen(Panel):
    """Every key, grouped by screen."""

    def compose(self) -> ComposeResult:
        yield Static(Content(_("Help")), classes="screen-title")
        parts: list = []
        for heading, classes, extra in SECTIONS:
            rows = [(self.app.get_key_display(b), b.tooltip) for cls in classes for b in documented(cls)]
            parts.append((f"{_(heading)}\n", "bold"))
            for key, meaning in rows + extra:
                parts.append((f"  {key:<12}", "bold"))
                parts.append(f"{_(meaning)}\n")
            parts.append("\n")
        with VerticalScroll(id="help-scroll"):
            yield Static(Content.assemble(*parts), id="help-keys", markup=False)
        yield GameFooter()
