"""The play screen: a scene's header, text, reflection questions and choices, and its notes.

Keys: 1–9 take a choice (arrows and Enter, or the mouse, also work), b goes back, n shows the
notes, h the history, s saves, l loads, r the sources, g the glossary, t the timeline, ? help,
q quits with an autosave. Selecting a footnote number in the text opens its note.

The choices sit under the text and never leave the screen: the text (with the reflection
questions) scrolls above them. Tab goes from the choices to the first answer box, on through
the boxes and the text, and back; in an answer box every printable key is text, and Escape
returns to the choices.
"""

from __future__ import annotations

from textual import getters, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import OptionList, Static, TextArea
from textual.widgets.option_list import Option, OptionDoesNotExist

from ...core.i18n import _
from ...core.model import Scene
from ...core.session import Session
from ...core.story import Story
from ...core.text import format_date, numbered_notes
from ..app import ZhanaozenApp
from ..i18n import translate_bindings
from ..messages import StoryReloaded
from ..widgets.footer import GameFooter
from ..widgets.notes import NoteList
from ..widgets.story_text import AnswerBox, answers_of, linked_text, plain, reference_names, reflection_widgets

# Answers are saved this long after the last key typed in them (and at once when leaving the scene).
ANSWER_DELAY = 0.5


def scene_header(story: Story, scene_id: str) -> Content:
    """Chapter · date · place, as the header line of a scene."""
    scene = story.scenes[scene_id]
    chapter = story.chapters[story.chapter_of[scene_id]]
    parts = [chapter.title, format_date(scene.date), scene.place]
    return plain("  ·  ".join(part for part in parts if part))


class ChoiceList(OptionList):
    """The choices: arrows move among them, Enter takes one; the page keys scroll the text above."""

    BINDINGS = [
        Binding("pageup", "screen.scroll_text('scroll_page_up')", show=False),
        Binding("pagedown", "screen.scroll_text('scroll_page_down')", show=False),
    ]


class PlayScreen(Screen):
    """Where the story is read and the choices are made."""

    BINDINGS = [
        Binding(
            "1", "choose(1)", "Choose", key_display="1-9", tooltip="take that choice (or arrows and Enter, or click)"
        ),
        *[Binding(str(n), f"choose({n})", f"Choice {n}", show=False) for n in range(2, 10)],
        Binding("b", "back", "Back", tooltip="back: undo the last choice"),
        Binding("n", "toggle_notes", "Notes", tooltip="show or hide the notes"),
        Binding("h", "app.history", "History", tooltip="history of your path"),
        Binding("s", "app.saves('save')", "Save", tooltip="save"),
        Binding("l", "app.saves('load')", "Load", show=False, tooltip="load"),
        Binding("r", "app.sources", "Sources", tooltip="sources"),
        Binding("g", "app.glossary", "Glossary", tooltip="glossary"),
        Binding("t", "app.timeline", "Timeline", tooltip="timeline: your path, and (v) the real events"),
        Binding("p", "app.people", "People", show=False, tooltip="people: the real people you have met"),
        Binding(
            "w", "app.places", "Places", show=False, tooltip="places: the real places you have met, with distances"
        ),
        Binding("m", "app.map", "Map", show=False, tooltip="map of Kazakhstan: the places, and where you are"),
        Binding("e", "app.export", "Hand in", tooltip="hand in: write the transcript of your path"),
        Binding("q", "quit_game", "Quit", tooltip="save and quit"),
        Binding("escape", "focus_choices", "Choices", tooltip="out of the answer box, back to the choices"),
        Binding(
            "tab",
            "cycle_focus(1)",
            "Next box",
            show=False,
            tooltip="into the answer box (and the next); type freely there",
        ),
        Binding("shift+tab", "cycle_focus(-1)", "Previous box", show=False),
        Binding("up", "scroll_text('scroll_up')", show=False),
        Binding("down", "scroll_text('scroll_down')", show=False),
        # One line in the help for both page keys.
        Binding(
            "pageup",
            "scroll_text('scroll_page_up')",
            show=False,
            key_display="pgup, pgdn",
            tooltip="scroll the text above the choices",
        ),
        Binding("pagedown", "scroll_text('scroll_page_down')", show=False),
    ]
    # What the footer keeps when the terminal is narrow, most important first (`?` always).
    # "select" and "card" are the notes list's own keys (quote in context, source card): shown first
    # while the notes have focus, absent otherwise.
    FOOTER_PRIORITY = [
        "select",
        "card",
        "choose",
        "back",
        "toggle_notes",
        "quit_game",
        "saves",
        "export",
        "history",
        "sources",
    ]

    def __init__(self) -> None:
        super().__init__()
        translate_bindings(self)

    def compose(self) -> ComposeResult:
        yield Static(id="play-header", markup=False)
        with Horizontal(id="play-body"):
            with Vertical(id="play-main"):
                with VerticalScroll(id="scene-scroll"):
                    yield Static(id="recap", markup=False)
                    yield Static(id="content-note", markup=False)
                    yield Static(id="scene-title", markup=False)
                    yield Static(id="scene-text", markup=False)
                    yield Vertical(id="reflect")
                with Center(id="choices-box"):
                    yield ChoiceList(id="choices")
            yield NoteList(id="notes")
        yield GameFooter(show_command_palette=False)

    shown: tuple = ()
    app = getters.app(ZhanaozenApp)
    _answer_timer: Timer | None = None

    @property
    def session(self) -> Session:
        """The game's session (this screen is shown only once the story has loaded)."""
        return self.app.loaded

    async def on_mount(self) -> None:
        await self.refresh_scene(recap=self.app.take_recap())

    def on_screen_suspend(self) -> None:
        """Keep answers typed so far when another screen opens over this one."""
        self.save_answers()

    def save_answers(self) -> None:
        if self._answer_timer is not None:
            self._answer_timer.stop()
            self._answer_timer = None
        state = self.session.state
        if state is not None and self.shown and self.shown[1] == state.scene:
            self.session.answer(self.answers())

    async def on_screen_resume(self) -> None:
        state = self.session.state
        if state is not None and self.shown != (id(state), state.scene, len(state.history)):
            await self.refresh_scene()

    @on(StoryReloaded)
    async def story_reloaded(self) -> None:
        await self.refresh_scene()

    # --- drawing -----------------------------------------------------------------------------
    async def refresh_scene(self, recap: str = "") -> None:
        if self._answer_timer is not None:  # answers typed in the scene left were kept by then
            self._answer_timer.stop()
            self._answer_timer = None
        session = self.session
        state = session.playing
        self.shown = (id(state), state.scene, len(state.history))
        if session.is_ending():
            from .ending import EndingScreen

            self.app.push_screen(EndingScreen())
            return
        scene = session.scene
        self.query_one("#play-header", Static).update(scene_header(session.story, state.scene))
        previously = self.query_one("#recap", Static)
        previously.update(plain(recap))
        previously.display = bool(recap)
        note = self.query_one("#content-note", Static)
        note.update(plain(_("Content note: {note}").format(note=scene.content_note)) if scene.content_note else "")
        note.display = bool(scene.content_note)
        self.query_one("#scene-title", Static).update(plain(scene.title))
        numbers: dict[str, int] = {}
        terms = list(session.story.glossary)
        names = reference_names(session.story)
        self.query_one("#scene-text", Static).update(linked_text(scene.text, numbers, terms, names=names))
        self.show_notes(scene, numbers)
        await self.show_reflection(scene, state.answers)
        self.show_choices()
        self.query_one("#scene-scroll", VerticalScroll).scroll_home(animate=False)

    def show_notes(self, scene: Scene, numbers: dict[str, int]) -> None:
        notes = self.query_one("#notes", NoteList)
        notes.show(numbered_notes(scene.notes, numbers), self.session.story.sources)

    async def show_reflection(self, scene: Scene, answers: list[str]) -> None:
        box = self.query_one("#reflect", Vertical)
        await box.remove_children()
        box.display = bool(scene.reflect)
        widgets = reflection_widgets(scene.reflect, answers)
        if widgets:
            await box.mount_all(widgets)

    def show_choices(self) -> None:
        choices = self.query_one("#choices", OptionList)
        choices.clear_options()
        visible = self.session.visible_choices()
        choices.add_options(
            Option(Content.assemble((f"{number}. ", "bold"), plain(choice.text)))
            for number, (_, choice) in enumerate(visible, start=1)
        )
        choices.highlighted = 0 if visible else None
        choices.focus(scroll_visible=False)

    # --- actions -------------------------------------------------------------------------------
    def answers(self) -> list[str]:
        return answers_of(self)

    async def action_choose(self, number: int) -> None:
        if not 1 <= number <= len(self.session.visible_choices()):
            self.notify(
                _("There is no choice {number} here.").format(number=number),
                severity="warning",
                timeout=3,
                markup=False,
            )
            return
        self.session.choose(number, self.answers())
        await self.refresh_scene()

    async def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list.id == "choices":
            await self.action_choose(event.option_index + 1)

    @on(TextArea.Changed, ".reflect-answer")
    def answer_changed(self) -> None:
        """Answers are saved as they are typed, a moment after the last key (not at every key)."""
        if self._answer_timer is not None:
            self._answer_timer.stop()
        self._answer_timer = self.set_timer(ANSWER_DELAY, self.save_answers)

    def action_cycle_focus(self, step: int) -> None:
        """Tab: the choices, each answer box, the text (and the notes when shown), round again."""
        order: list = [self.query_one("#choices", OptionList), *self.query(AnswerBox).results(AnswerBox)]
        order.append(self.query_one("#scene-scroll", VerticalScroll))
        if self.has_class("-show-notes"):
            order.append(self.query_one("#notes", OptionList))
        order = [widget for widget in order if widget.display and widget.visible]
        if not order:
            return
        current = self.focused
        index = order.index(current) if current in order else -1 if step > 0 else 0
        order[(index + step) % len(order)].focus()

    def action_scroll_text(self, how: str) -> None:
        """Scroll the scene's text (the arrows when nothing else takes them, and the page keys)."""
        scroll = self.query_one("#scene-scroll", VerticalScroll)
        getattr(scroll, how)(animate=False)

    async def action_back(self) -> None:
        if self.session.back(self.answers()):
            await self.refresh_scene()
        else:
            self.notify(_("This is the start: there is nothing to go back to."), timeout=3, markup=False)

    def action_toggle_notes(self) -> None:
        self.toggle_class("-show-notes")
        if self.has_class("-show-notes"):
            self.query_one("#notes", OptionList).focus()
        else:
            self.action_focus_choices()

    def action_open_note(self, number: int) -> None:
        self.add_class("-show-notes")
        notes = self.query_one("#notes", OptionList)
        try:
            notes.highlighted = notes.get_option_index(f"note-{number}")
        except OptionDoesNotExist:  # a marker without a note cannot pass check; nothing to show
            pass
        notes.focus()

    def action_focus_choices(self) -> None:
        self.save_answers()  # leaving an answer box keeps the answer at once
        if self.has_class("-narrow") and self.has_class("-show-notes"):
            self.remove_class("-show-notes")  # on a narrow screen the notes hide the choices
        self.query_one("#choices", OptionList).focus()

    def action_quit_game(self) -> None:
        self.session.answer(self.answers())
        self.app.quit_game()
