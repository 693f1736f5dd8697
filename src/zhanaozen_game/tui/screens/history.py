"""The path so far: every scene with its date, the choice made and the choices not taken; any
earlier scene can be read again."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ...core.i18n import _
from ...core.text import format_date, numbered_notes
from ..widgets.footer import GameFooter
from ..widgets.story_text import linked_text, note_content, plain
from .base import Panel


class HistoryScreen(Panel):
    """The player's path, oldest first; Enter reads a scene again."""

    def compose(self) -> ComposeResult:
        yield Static(Content(_("History: your path so far")), classes="screen-title")
        yield OptionList(id="history-list")
        yield GameFooter()

    def on_mount(self) -> None:
        app = self.app
        story = app.story
        options = []
        began = app.loaded.began_at()
        if began:  # a game started at a chapter: nothing before it was played
            options.append(Option(Content(began).stylize("italic"), disabled=True))
        for step in app.playing.history:
            scene = story.scenes[step.scene]
            others = app.loaded.not_taken(step)
            options.append(
                Option(
                    Content.assemble(
                        (format_date(scene.date), "bold"),
                        "  ",
                        plain(scene.title),
                        ("\n   \u2192 ", "dim"),
                        plain(step.choice_text),
                        ("\n   " + _("not taken:") + " ", "dim") if others else "",
                        (plain("; ".join(others)).stylize("dim")) if others else "",
                    ),
                    id=step.scene,
                )
            )
        current = story.scenes[app.playing.scene]
        options.append(
            Option(
                Content.assemble(
                    (format_date(current.date), "bold"),
                    "  ",
                    plain(current.title),
                    ("  " + _("(you are here)"), "italic"),
                ),
                id=app.playing.scene,
            )
        )
        history = self.query_one("#history-list", OptionList)
        history.add_options(options)
        history.highlighted = len(options) - 1
        history.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.app.push_screen(ReadSceneScreen(event.option.id))


class ReadSceneScreen(Panel):
    """An earlier scene, to read again (its choices are not offered)."""

    def __init__(self, scene_id: str) -> None:
        super().__init__()
        self.scene_id = scene_id

    def compose(self) -> ComposeResult:
        from .play import scene_header

        app = self.app
        scene = app.story.scenes[self.scene_id]
        numbers: dict[str, int] = {}
        yield Static(scene_header(app.story, self.scene_id), id="play-header", markup=False)
        with VerticalScroll(id="read-scroll"):
            yield Static(plain(scene.title), id="scene-title", markup=False)
            yield Static(
                linked_text(scene.text, numbers, None, on_marker="screen.noop", on_term="screen.noop"),
                id="scene-text",
                markup=False,
            )
            for number, note in numbered_notes(scene.notes, numbers):
                yield Static(note_content(number, note, app.story.sources), classes="note", markup=False)
        yield GameFooter()

    def action_noop(self, *args) -> None:
        """Markers here are for reading; the notes are listed below the text."""
