"""The ending: its title and summary, then "what really happened" with its notes, and how many
of the story's endings this player has found."""

from __future__ import annotations

from textual import getters, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Button, Static, TextArea

from ...core.i18n import _
from ...core.session import Session
from ...core.text import numbered_notes
from ..app import ZhanaozenApp
from ..i18n import translate_bindings
from ..widgets.footer import GameFooter
from ..widgets.story_text import answers_of, linked_text, note_content, plain, reflection_widgets
from .play import ANSWER_DELAY, scene_header


class EndingScreen(Screen):
    """Shown over the play screen when the player reaches an ending."""

    BINDINGS = [
        Binding("e", "app.export", "Hand in", tooltip="hand in: write the transcript of your path"),
        Binding("b", "back", "Back", tooltip="back: undo the last choice"),
        Binding("h", "app.history", "History", tooltip="history"),
        Binding("r", "app.sources", "Sources", tooltip="sources"),
        Binding("t", "app.timeline", "Timeline", tooltip="timeline"),
        Binding("m", "menu", "Menu", tooltip="menu"),
        Binding("q", "quit_game", "Quit", tooltip="quit"),
        Binding("escape", "leave_answer", "Leave the answer", show=False),
    ]
    FOOTER_PRIORITY = ["export", "back", "menu", "quit_game", "history", "sources", "timeline"]

    app = getters.app(ZhanaozenApp)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        translate_bindings(self)  # the footer's keys in the player's language

    @property
    def session(self) -> Session:
        """The game's session (this screen is shown only once the story has loaded)."""
        return self.app.loaded

    def compose(self) -> ComposeResult:
        session = self.session
        state = session.playing
        scene = session.scene
        ending = scene.ending
        assert ending is not None
        self.scene_id = state.scene
        numbers: dict[str, int] = {}
        terms = list(session.story.glossary)
        found = session.record_ending()
        total = session.endings_total
        yield Static(scene_header(session.story, state.scene), id="play-header", markup=False)
        with VerticalScroll(id="ending-scroll"):
            if scene.content_note:
                yield Static(
                    plain(_("Content note: {note}").format(note=scene.content_note)), id="content-note", markup=False
                )
            yield Static(plain(scene.title), id="scene-title", markup=False)
            yield Static(linked_text(scene.text, numbers, terms), id="scene-text", markup=False)
            yield from reflection_widgets(scene.reflect, state.answers)
            yield Static(
                Content.assemble((_("Ending: "), "bold"), plain(ending.title)), id="ending-title", markup=False
            )
            yield Static(plain(ending.summary), id="ending-summary", markup=False)
            if ending.debrief:
                yield Static(Content(_("What really happened")), classes="section-title")
                yield Static(linked_text(ending.debrief, numbers, terms), id="debrief", markup=False)
            yield Static(Content(_("Notes")), classes="section-title")
            for number, note in numbered_notes(scene.notes, numbers):
                yield Static(
                    note_content(number, note, session.story.sources), classes="note", id=f"note-{number}", markup=False
                )
            yield Static(
                plain(
                    _(
                        "The end. Ending {found} of {total} found. Press e to write the transcript of "
                        "your path to hand in."
                    ).format(found=len(found), total=total)
                ),
                id="endings-found",
                markup=False,
            )
            yield Button(_(self.app.EXPORT_LABEL), id="export", compact=True)
        yield GameFooter(show_command_palette=False)

    _answer_timer: Timer | None = None
    scene_id = ""

    @on(TextArea.Changed, ".reflect-answer")
    def answer_changed(self) -> None:
        """Answers to an ending's reflection questions are saved as they are typed (a moment
        after the last key, so not at every key)."""
        if self._answer_timer is not None:
            self._answer_timer.stop()
        self._answer_timer = self.set_timer(ANSWER_DELAY, self.save_answers)

    def save_answers(self) -> None:
        if self._answer_timer is not None:
            self._answer_timer.stop()
            self._answer_timer = None
        state = self.session.state
        if state is not None and state.scene == self.scene_id:  # not once the player went back
            self.session.answer(answers_of(self))

    def on_screen_suspend(self) -> None:
        self.save_answers()

    @on(Button.Pressed, "#export")
    def hand_in(self) -> None:
        self.save_answers()
        self.app.action_export()

    def on_mount(self) -> None:
        self.query_one("#ending-scroll", VerticalScroll).focus()  # the arrows and page keys scroll

    def action_leave_answer(self) -> None:
        self.save_answers()  # leaving the box keeps the answer at once
        self.query_one("#ending-scroll", VerticalScroll).focus()
        self.query_one("#ending-title").scroll_visible()

    def action_quit_game(self) -> None:
        self.save_answers()
        self.app.quit_game()

    def action_open_note(self, number: int) -> None:
        for note in self.query(f"#note-{number}"):
            note.scroll_visible()

    def action_back(self) -> None:
        self.session.back()
        self.app.pop_screen()

    def action_menu(self) -> None:
        self.app.back_to_title()
