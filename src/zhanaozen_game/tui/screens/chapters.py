"""Start at a chapter: the chapters a game can start at, with their years and first scene.

Opened from the title screen (`h`). For a teacher with one lesson: the class starts at the
chapter the lesson is about, with the choices before it made as a typical path makes them (see
core/chapters.py); the game's history and transcript say where it began.
"""

from __future__ import annotations

from textual import getters
from textual.app import ComposeResult
from textual.content import Content
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ...core.i18n import _
from ...core.text import format_date
from ..app import ZhanaozenApp
from ..i18n import translate_bindings
from ..widgets.footer import GameFooter
from ..widgets.story_text import plain
from .base import Panel


class ChapterScreen(Screen[str]):
    """Every chapter a game can start at; Enter gives its id, Escape nothing."""

    app = getters.app(ZhanaozenApp)

    BINDINGS = Panel.BINDINGS  # Escape or q: back to the title screen, with nothing started

    def __init__(self) -> None:
        super().__init__()
        translate_bindings(self)

    def compose(self) -> ComposeResult:
        yield Static(Content(_("Start a new game at a chapter")), classes="screen-title")
        yield Static(
            Content(
                _(
                    "The choices before the chapter are made as a typical path makes them; "
                    "your history and transcript say where you began."
                )
            ),
            id="chapter-help",
        )
        yield OptionList(id="chapter-list")
        yield GameFooter()

    def on_mount(self) -> None:
        story = self.app.story
        starts = self.app.loaded.chapter_starts()
        options = []
        for chapter_id, start in starts.items():
            chapter = story.chapters[chapter_id]
            scene = story.scenes[start.scene]
            options.append(
                Option(
                    Content.assemble(
                        (plain(chapter.title)).stylize("bold"),
                        f"  {chapter.period}" if chapter.period else "",
                        ("\n   " + _("begins: "), "dim"),
                        plain(scene.title).stylize("dim"),
                        (f", {format_date(scene.date)}", "dim"),
                    ),
                    id=chapter_id,
                )
            )
        chapters = self.query_one("#chapter-list", OptionList)
        chapters.add_options(options)
        chapters.highlighted = 0
        chapters.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.dismiss(event.option.id)

    def action_close(self) -> None:
        self.dismiss(None)
