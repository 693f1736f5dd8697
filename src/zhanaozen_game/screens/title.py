"""The title screen: new game, continue, load, about, quit; and the content note before the first game."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Footer, OptionList, Static
from textual.widgets.option_list import Option

from ..saves import AUTOSAVE, SaveError

CONTENT_NOTE = (
    "This game is about real events. It describes the police shooting of striking oil workers "
    "and their families in Zhanaozen in December 2011, deaths, beatings, imprisonment and torture. "
    "It does so soberly, without graphic detail, and scenes that need it carry their own note.\n\n"
    "The narrator and their family and workmates are fictional composites. The events, people, "
    "figures and dates come from published sources, quoted in the notes."
)
NOTE_SEEN = "content-note-seen"


class ContentNoteScreen(ModalScreen[bool]):
    """What the game contains, before the first new game; the player may go on or go back."""

    BINDINGS = [Binding("escape", "dismiss(False)", "Back"), Binding("y", "dismiss(True)", "Go on")]

    def compose(self) -> ComposeResult:
        with Vertical(id="content-note-box", classes="dialog"):
            yield Static(Content("Content note"), classes="dialog-title")
            yield Static(Content(CONTENT_NOTE), id="content-note-text")
            with Center():
                yield Button("Go on", id="go-on", variant="primary")
                yield Button("Back", id="back")

    def on_mount(self) -> None:
        self.query_one("#go-on", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "go-on")


class TitleScreen(Screen):
    """The first screen: the story's title and what the player can do."""

    BINDINGS = [
        Binding("n", "new_game", "New game"),
        Binding("c", "continue_game", "Continue"),
        Binding("l", "load", "Load"),
        Binding("a", "app.about", "About"),
        Binding("q", "app.quit", "Quit"),
    ]

    def compose(self) -> ComposeResult:
        story = self.app.story
        with Vertical(id="title-box"):
            yield Static(Content(story.meta.title), id="title-name")
            if story.meta.description:
                yield Static(Content(story.meta.description), id="title-description")
            yield OptionList(id="title-menu")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_menu()

    def on_screen_resume(self) -> None:
        self.refresh_menu()

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        """Continue is offered (and shown in the footer) only when there is a game to continue."""
        if action == "continue_game":
            return self.has_autosave()
        return True

    def has_autosave(self) -> bool:
        return self.app.store.exists(AUTOSAVE)

    def refresh_menu(self) -> None:
        menu = self.query_one("#title-menu", OptionList)
        menu.clear_options()
        entries = [("new", "New game", "n")]
        if self.has_autosave():
            entries.append(("continue", "Continue", "c"))
        entries += [("load", "Load a saved game", "l"), ("about", "About", "a"), ("quit", "Quit", "q")]
        menu.add_options(Option(Content.assemble((f" {key} ", "bold"), f"  {label}"), id=ident)
                         for ident, label, key in entries)
        menu.highlighted = 0
        menu.focus()
        self.refresh_bindings()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        action = {"new": self.action_new_game, "continue": self.action_continue_game,
                  "load": self.action_load, "about": self.app.action_about, "quit": self.app.exit}
        action[event.option.id]()

    def action_new_game(self) -> None:
        marker = self.app.store.folder / NOTE_SEEN
        if marker.exists():
            self.app.start_new_game()
            return

        def decided(go_on: bool | None) -> None:
            if go_on:
                try:
                    marker.parent.mkdir(parents=True, exist_ok=True)
                    marker.touch()
                except OSError:
                    pass  # the note will simply be shown again next time
                self.app.start_new_game()

        self.app.push_screen(ContentNoteScreen(), decided)

    def action_continue_game(self) -> None:
        if self.has_autosave():
            self.app.resume(AUTOSAVE)
        else:
            self.notify("There is no game to continue yet: start a new one with n.")

    def action_load(self) -> None:
        self.app.action_saves("load")
