"""The ending: its title and summary, then "what really happened" with its notes, and how many
of the story's endings this player has found."""

from __future__ import annotations

from textual import getters
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Button, Footer, Input, Static

from ...core.session import Session
from ...core.text import numbered_notes
from ..app import ZhanaozenApp
from ..widgets.story_text import linked_text, note_content, plain, reflection_widgets
from .play import ANSWER_DELAY, scene_header


class EndingScreen(Screen):
    """Shown over the play screen when the player reaches an ending."""

    BINDINGS = [
        Binding("b", "back", "Back"),
        Binding("h", "app.history", "History"),
        Binding("r", "app.sources", "Sources"),
        Binding("t", "app.timeline", "Timeline"),
        Binding("e", "app.export", "Export", show=False),
        Binding("m", "menu", "Menu"),
        Binding("q", "app.quit_game", "Quit"),
    ]

    app = getters.app(ZhanaozenApp)

    @property
    def session(self) -> Session:
        assert self.app.session is not None  # an ending is shown only in a game in progress
        return self.app.session

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
                yield Static(plain(f"Content note: {scene.content_note}"), id="content-note", markup=False)
            yield Static(plain(scene.title), id="scene-title", markup=False)
            yield Static(linked_text(scene.text, numbers, terms), id="scene-text", markup=False)
            yield from reflection_widgets(scene.reflect, state.answers)
            yield Static(Content.assemble(("Ending: ", "bold"), plain(ending.title)), id="ending-title", markup=False)
            yield Static(plain(ending.summary), id="ending-summary", markup=False)
            if ending.debrief:
                yield Static(Content("What really happened"), classes="section-title")
                yield Static(linked_text(ending.debrief, numbers, terms), id="debrief", markup=False)
            yield Static(Content("Notes"), classes="section-title")
            for number, note in numbered_notes(scene.notes, numbers):
                yield Static(
                    note_content(number, note, session.story.sources), classes="note", id=f"note-{number}", markup=False
                )
            yield Static(
                plain(f"You have found {len(found)} of the story's {total} endings."), id="endings-found", markup=False
            )
            yield Button(self.app.EXPORT_LABEL, id="export", compact=True)
        yield Footer()

    _answer_timer: Timer | None = None
    scene_id = ""

    def on_input_changed(self, event: Input.Changed) -> None:
        """Answers to an ending's reflection questions are saved as they are typed (a moment
        after the last key, so not at every key)."""
        if self._answer_timer is not None:
            self._answer_timer.stop()
        self._answer_timer = self.set_timer(ANSWER_DELAY, self.save_answers)

    def save_answers(self) -> None:
        if self._answer_timer is not None:
            self._answer_timer.stop()
        state = self.session.state
        if state is not None and state.scene == self.scene_id:  # not once the player went back
            self.session.answer([field.value for field in self.query(".reflect-answer").results(Input)])

    def on_screen_suspend(self) -> None:
        self.save_answers()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "export":
            self.save_answers()
            self.app.action_export()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.save_answers()
        self.query_one("#ending-title").scroll_visible()
        self.set_focus(None)

    def action_open_note(self, number: int) -> None:
        for note in self.query(f"#note-{number}"):
            note.scroll_visible()

    def action_back(self) -> None:
        self.save_answers()
        self.session.back()
        self.app.pop_screen()

    def action_menu(self) -> None:
        self.app.back_to_title()
