"""The title screen: new game, continue (saying where), load, start at a chapter, about, quit;
the endings found.

The menu comes right under the title, so it is on screen at 80x24 whatever the description's
length; the description and the endings found follow it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ...core.i18n import _
from ...core.slots import AUTOSAVE
from ...core.text import clean_line
from ..i18n import translate_bindings
from ..messages import StoryReloaded
from ..widgets.footer import GameFooter
from ..widgets.story_text import plain

if TYPE_CHECKING:
    from ..app import ZhanaozenApp


class TitleScreen(Screen[None]):
    """The first screen: the story's title and what the player can do."""

    if TYPE_CHECKING:  # the app imports this screen first, so its type is known to the checker only
        app: ZhanaozenApp

    BINDINGS = [
        Binding("n", "new_game", "New game", tooltip="new game (asks first if it would replace your game)"),
        Binding("c", "continue_game", "Continue", tooltip="continue the last game, where it says"),
        Binding("l", "load", "Load", tooltip="load a saved game"),
        Binding(
            "h",
            "chapters",
            "Chapters",
            tooltip="new game at a chapter you pick",
        ),
        Binding("a", "app.about", "About", tooltip="about the game"),
        Binding("i", "next_language", "Language", tooltip="switch language, keeping your place"),
        Binding("q", "app.quit", "Quit", tooltip="quit"),
    ]

    def __init__(self) -> None:
        super().__init__()
        translate_bindings(self)

    def compose(self) -> ComposeResult:
        with Vertical(id="title-box"):
            with Center():
                yield Static(plain(self.app.title), id="title-name", markup=False)
            yield OptionList(id="title-menu")
            yield Static(id="title-endings", markup=False)
            yield Static(id="title-description", markup=False)
        yield GameFooter(show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one("#title-description").display = False
        self.query_one("#title-endings").display = False
        self.refresh_menu()

    def on_screen_resume(self) -> None:
        self.refresh_menu()

    @on(StoryReloaded)
    def story_loaded(self) -> None:
        """The story is loaded: its real title and description, and Continue when there is an autosave."""
        story = self.app.story
        self.query_one("#title-name", Static).update(plain(story.meta.title))
        description = self.query_one("#title-description", Static)
        description.update(plain(story.meta.description))
        description.display = bool(story.meta.description)
        self.refresh_menu()

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        """Continue is offered (and shown in the footer) only when there is a game to continue."""
        if action == "next_language":
            return len(self.app.languages()) > 1
        if action == "continue_game":
            # Before the story has loaded (a moment after the first frame) the action loads it.
            return self.app.session is None or self.has_autosave()
        return True

    def has_autosave(self) -> bool:
        return self.app.session is not None and self.app.session.store.exists(AUTOSAVE)

    def refresh_menu(self) -> None:
        menu = self.query_one("#title-menu", OptionList)
        menu.clear_options()
        entries = [("new", self.new_game_label(), "n")]
        if self.has_autosave():
            where = self.app.session.describe_slot(AUTOSAVE) if self.app.session else None
            entries.append(("continue", _("Continue") + (f": {where}" if where else ""), "c"))
        entries += [
            ("load", _("Load a saved game"), "l"),
            ("chapters", _("Start at a chapter"), "h"),
            ("about", _("About"), "a"),
        ]
        if len(self.app.languages()) > 1:
            from ...core.languages import LANGUAGE_NAMES

            names = " · ".join(LANGUAGE_NAMES.get(code, code) for code in self.app.languages())
            entries.append(("language", _("Language") + f": {names}", "i"))
        entries.append(("quit", _("Quit"), "q"))
        menu.add_options(
            Option(Content.assemble((f" {key} ", "bold"), f"  {label}"), id=ident) for ident, label, key in entries
        )
        menu.highlighted = 0
        menu.focus()
        self.refresh_bindings()
        self.show_endings()

    def new_game_label(self) -> str:
        """ "New game", saying where it starts when new games start at a chapter (a class's, or
        `play --chapter`)."""
        chapter_id = self.app.start_chapter
        session = self.app.session
        if chapter_id and session is not None and chapter_id in session.story.chapters:
            title = session.story.chapters[chapter_id].title
            return _("New game, at the chapter \u201c{chapter}\u201d").format(chapter=clean_line(title))
        return _("New game")

    def show_endings(self) -> None:
        """The endings this player has found, by title."""
        found = self.app.session.endings_found_titles() if self.app.session else []
        endings = self.query_one("#title-endings", Static)
        endings.display = bool(found)
        if found:
            total = self.app.loaded.endings_total
            endings.update(
                Content.assemble(
                    (_("Endings found: {found} of {total}").format(found=len(found), total=total), "bold"),
                    "\n",
                    plain("; ".join(found)),
                )
            )

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        action = {
            "new": self.action_new_game,
            "continue": self.action_continue_game,
            "load": self.action_load,
            "chapters": self.action_chapters,
            "about": self.app.action_about,
            "language": self.app.action_next_language,
            "quit": self.app.exit,
        }
        action[event.option.id or ""]()

    def action_new_game(self, chapter: str = "") -> None:
        """A new game: at `chapter`, else where new games start (the story's start, or the
        chapter given to `play --chapter` or to the class)."""
        if not self.app.load_story() or self.app.session is None:
            return
        chapter = chapter or self.app.start_chapter
        replaced = self.app.session.game_to_replace()
        if replaced is None:
            self.new_game(chapter)
            return

        def decided(replace: bool | None) -> None:
            if replace:
                self.new_game(chapter)

        from .confirm import ConfirmScreen

        self.app.push_screen(
            ConfirmScreen(
                _("Start a new game?"),
                _(
                    "Your game so far ({where}) is in the autosave, and a new game replaces it. "
                    "To keep it, say no, continue it and save it under a name (s), or hand it in (e)."
                ).format(where=replaced),
                yes=_("Start a new game"),
                no=_("Keep my game"),
            ),
            decided,
        )

    def new_game(self, chapter: str = "") -> None:
        """A new game (at `chapter`, if given), after the story's content note the first time."""
        store = self.app.loaded.store
        note = self.app.loaded.story.meta.content_note
        if not note or store.content_note_seen():
            self.app.start_new_game(chapter)
            return

        def decided(go_on: bool | None) -> None:
            if go_on:
                store.mark_content_note_seen()
                self.app.start_new_game(chapter)

        from .content_note import ContentNoteScreen

        self.app.push_screen(ContentNoteScreen(note), decided)

    def action_continue_game(self) -> None:
        self.app.load_story()
        if self.has_autosave():
            self.app.resume(AUTOSAVE)
        else:
            self.notify(_("There is no game to continue yet: start a new one with n."), markup=False)

    def action_load(self) -> None:
        self.app.action_saves("load")

    def action_chapters(self) -> None:
        """Pick a chapter to start a new game at (then as `n`: the autosave and content note asked)."""
        if not self.app.load_story():
            return
        from .chapters import ChapterScreen

        def picked(chapter: str | None) -> None:
            if chapter:
                self.action_new_game(chapter)

        self.app.push_screen(ChapterScreen(), picked)

    def action_next_language(self) -> None:
        """Play in the story's next language (offered only when it has a translation)."""
        self.app.action_next_language()
