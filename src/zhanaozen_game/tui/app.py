"""The Textual game: a thin shell over the same engine and saves as the plain line mode.

Start-up is kept close to a bare Textual app's: the first frame is the title screen, drawn with
the title read from story.yaml's `title:` line; the story itself (and the whole core: YAML,
validation, the engine) is read, checked and translated in a thread worker started after that
frame, so the title screen answers keys meanwhile. Every other screen is imported when it is
first opened.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.command import CommandPalette
from textual.screen import Screen

from ..core.i18n import N_, _, ngettext
from ..core.slots import AUTOSAVE
from ..core.text import strip_controls
from .messages import StoryReloaded
from .screens.title import TitleScreen

if TYPE_CHECKING:
    from textual.notifications import SeverityLevel

    from ..core.engine import GameState
    from ..core.session import Notice, Session
    from ..core.story import Report, Story


def quick_title(story_dir: Path, language: str = "") -> str:
    """The story's title for the first frame, read from story.yaml without YAML (and, in another
    language, from its PO file without a PO library); the loaded story's title replaces it a
    moment later."""
    if language and re.fullmatch(r"[a-z]{2,3}(_[A-Z]{2})?", language):
        translated = _quick_translated_title(Path(story_dir) / "locale" / f"{language}.po")
        if translated:
            return translated
    try:
        with open(Path(story_dir) / "story.yaml", encoding="utf-8") as lines:
            for line in lines:
                match = re.match(r"""title:\s*(['"]?)(.*?)\1\s*(#.*)?$""", line)
                if match and match.group(2):
                    quote, title = match.group(1), match.group(2)
                    return title.replace("''", "'") if quote == "'" else title
    except (OSError, UnicodeDecodeError):
        pass
    return "Zhanaozen"


def _quick_translated_title(po_file: Path) -> str:
    """The msgstr of `story/title` in a PO file ("" if none): one quoted line, as `translate
    update` writes a short title."""
    try:
        with open(po_file, encoding="utf-8") as lines:
            in_title = False
            for line in lines:
                if line.startswith("msgctxt "):
                    in_title = line.strip() == 'msgctxt "story/title"'
                elif in_title and line.startswith('msgstr "'):
                    text = line.strip()[len('msgstr "') : -1]
                    return strip_controls(text.replace('\\"', '"').replace("\\\\", "\\"))
    except (OSError, UnicodeDecodeError):
        pass
    return ""


@dataclass(frozen=True)
class Prepared:
    """A story read, checked and put into the player's language, not yet played: what the loading
    thread hands to the app (which alone touches widgets and notifies)."""

    stamp: tuple
    report: Report
    story: Story | None = None  # in the player's language; None when the report has errors
    problem: str = ""  # why the translation could not be read
    fallbacks: int = 0  # passages of the translation still in English


class ZhanaozenApp(App):
    """The game: draws a `core.session.Session` (created once the story has loaded)."""

    CSS_PATH = "zhanaozen.tcss"
    TITLE = "Zhanaozen"
    EXPORT_LABEL = N_("Export the transcript (e)")  # the ending's button (shown with _); the classroom's hands in
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        Binding("question_mark", "help", "Help", key_display="?", tooltip="this help"),
        Binding("ctrl+p", "command_palette", "Commands", show=False, tooltip="commands: every screen, and the theme"),
    ]
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]

    def __init__(
        self, story_dir: Path, resume: str | None = None, watch: bool = False, language: str = "", chapter: str = ""
    ) -> None:
        """`chapter`: new games start at this chapter (`play --chapter`, a class's `serve --chapter`)."""
        super().__init__()
        self.language = language
        self.start_chapter = chapter
        self._start_at_load = bool(chapter)  # `play --chapter`: the game starts once the story loads
        # The story as written, kept so that switching language starts from the original.
        self.original_story: Story | None = None
        self.watch_story = watch
        self._stamp: tuple = ()
        self.story_dir = Path(story_dir)
        self.session: Session | None = None
        self.title = quick_title(self.story_dir, language)
        self._resume = resume
        self._prepared: Prepared | None = None
        self._preparing = threading.Lock()
        from .i18n import translate_bindings

        translate_bindings(self)  # "? Help" in the footer, in the player's language
        self._recap = ""

    @property
    def loaded(self) -> Session:
        """The session, for screens that open only once the story has loaded."""
        if self.session is None:
            raise RuntimeError("the story is not loaded yet")
        return self.session

    @property
    def story(self) -> Story:
        """The loaded story (every screen that shows it opens after `load_story` succeeded)."""
        return self.loaded.story

    @property
    def state(self) -> GameState | None:
        """The game in progress, if any."""
        return self.session.state if self.session else None

    @property
    def playing(self) -> GameState:
        """The game in progress, for screens shown only during a game (history, ending)."""
        return self.loaded.playing

    def get_default_screen(self) -> Screen:
        return TitleScreen()

    def on_mount(self) -> None:
        self.call_after_refresh(
            self.run_worker, self.prepare_in_thread, thread=True, group="story", exit_on_error=False
        )
        if self.watch_story:
            self.set_interval(1.0, self.reload_if_edited)
        self.recall_theme()

    # --- the theme chosen in the command palette is remembered -----------------------------------
    def recall_theme(self) -> None:
        from ..core.settings import read_settings

        theme = read_settings().get("theme", "")
        if theme in self.available_themes:
            self.theme = theme
        self.theme_changed_signal.subscribe(self, self.remember_theme)

    def remember_theme(self, theme) -> None:
        from ..core.settings import remember

        remember("theme", theme.name)

    def tell(self, notice: Notice) -> None:
        """Show what the session wants the player to know, never parsed as markup."""
        severity: SeverityLevel = (
            "error" if notice.severity == "error" else "warning" if notice.severity == "warning" else "information"
        )
        timeout = {"information": 3, "warning": 10, "error": 8}[severity]
        self.notify(notice.text, title=notice.title, severity=severity, timeout=timeout, markup=False)

    def prepare_in_thread(self) -> None:
        """The loading worker: read the story off the event loop, then load it on it."""
        self.prepared()
        self.call_from_thread(self.load_story)

    def prepared(self) -> Prepared:
        """The story read, checked and translated, once. An action that needs the story before the
        worker is done (a key pressed at once) waits here for the worker instead of reading twice."""
        with self._preparing:
            if self._prepared is None:
                stamp = self.story_stamp()
                report = self.read_story()
                if report.errors or report.story is None:
                    self._prepared = Prepared(stamp, report)
                else:
                    self._prepared = Prepared(stamp, report, *self.translated(report.story, self.language))
            return self._prepared

    def load_story(self) -> bool:
        """Load and check the story (once). A story with errors is shown, never played."""
        if self.session is not None:
            return True
        prepared = self.prepared()
        self._stamp, report = prepared.stamp, prepared.report
        if prepared.story is None or report.story is None:
            from .screens.story_errors import StoryErrorsScreen

            if not isinstance(self.screen, StoryErrorsScreen):
                self.push_screen(StoryErrorsScreen([str(f) for f in report.errors]))
            return False
        self.original_story = report.story
        self.tell_translation(prepared.problem, prepared.fallbacks)
        story = prepared.story
        self.session = self.make_session(story)
        self.title = story.meta.title
        if isinstance(self.screen, TitleScreen):
            self.screen.story_loaded()
        if self._resume:
            resume, self._resume = self._resume, None
            self.resume(resume)
        elif self._start_at_load and isinstance(self.screen, TitleScreen):
            self._start_at_load = False
            self.screen.action_new_game(self.start_chapter)
        return True

    def read_story(self) -> Report:
        """The story, read and checked (the classroom's games get it from a warm parent)."""
        from ..core.loader import open_story

        return open_story(self.story_dir)

    def make_session(self, story: Story) -> Session:
        """The game session of the loaded story (the classroom's keeps its saves in a database)."""
        from ..core.session import Session

        return Session(story, on_notice=self.tell)

    def in_language(self, story: Story, language: str) -> Story:
        """The story in `language` (as it is for ""); says once if the translation is incomplete."""
        translated, problem, fallbacks = self.translated(story, language)
        self.tell_translation(problem, fallbacks)
        return translated

    @staticmethod
    def translated(story: Story, language: str) -> tuple[Story, str, int]:
        """The story in `language`, why its translation could not be read, and how many of its
        passages stay English. Touches no widget: the loading thread calls it."""
        if not language:
            return story, "", 0
        from ..core.po import CatalogError, load_translated

        try:
            translated = load_translated(story, language)
        except CatalogError as problem:
            return story, str(problem), 0
        return translated, "", len(translated.fallbacks)

    def tell_translation(self, problem: str, fallbacks: int) -> None:
        if problem:
            self.notify(problem, title=_("The translation could not be read"), severity="error", markup=False)
        elif fallbacks:
            self.notify(
                ngettext(
                    "This translation is incomplete: {count} passage is shown in English.",
                    "This translation is incomplete: {count} passages are shown in English.",
                    fallbacks,
                ).format(count=fallbacks),
                severity="warning",
                timeout=8,
                markup=False,
            )

    def languages(self) -> list[str]:
        """The languages this story can be played in: English, then its translations."""
        from ..core.languages import available_languages

        return ["", *available_languages(self.story_dir)]

    def switch_language(self, language: str) -> None:
        """Play on in another language, keeping your place: the interface and the story change."""
        if self.original_story is None or self.session is None or language == self.language:
            return
        from ..core.i18n import set_language

        set_language(language)
        self.language = language
        self.session.replace_story(self.in_language(self.original_story, language))
        self.title = self.session.story.meta.title
        from .i18n import translate_bindings

        self._bindings = self._merged_bindings.copy() if self._merged_bindings else self._bindings
        translate_bindings(self)
        for screen in self.screen_stack:
            screen._bindings = screen._merged_bindings.copy() if screen._merged_bindings else screen._bindings
            translate_bindings(screen)
            screen.post_message(StoryReloaded())
        self.refresh_bindings()

    def action_next_language(self) -> None:
        """The next language this story has (English, Russian, ... and round again)."""
        languages = self.languages()
        if len(languages) > 1:
            index = languages.index(self.language) if self.language in languages else 0
            self.switch_language(languages[(index + 1) % len(languages)])

    # --- live editing (play --watch) ---------------------------------------------------------
    def story_stamp(self) -> tuple:
        """What changes when a writer saves a file: every YAML file's name, size and time."""
        stamps = []
        for path in sorted(self.story_dir.rglob("*.yaml")):
            try:
                info = path.stat()
            except OSError:
                continue
            stamps.append((str(path), info.st_size, info.st_mtime_ns))
        return tuple(stamps)

    async def reload_if_edited(self) -> None:
        """Reload an edited story and keep the player's place; a broken edit keeps the last good story."""
        stamp = self.story_stamp()
        if stamp == self._stamp or self.session is None:
            return
        self._stamp = stamp
        from ..core.engine import IncompatibleState
        from ..core.loader import StoryNotFound, open_story

        kept = "Still playing the last good version"
        try:
            report = open_story(self.story_dir)
        except StoryNotFound as err:
            self.notify(str(err), title=kept, severity="error", timeout=15, markup=False)
            return
        if report.errors or report.story is None:
            shown = "\n".join(str(f) for f in report.errors[:8])
            more = f"\n... and {len(report.errors) - 8} more" if len(report.errors) > 8 else ""
            self.notify(
                shown + more, title=f"The edit has errors: {kept.lower()}", severity="error", timeout=20, markup=False
            )
            return
        # The story loads again: messages about an earlier broken edit no longer hold.
        self.clear_notifications()
        try:
            self.session.replace_story(self.in_language(report.story, self.language))
        except IncompatibleState as problem:
            self.offer_restart(report.story, str(problem))
            return
        self.original_story = report.story
        self.sub_title = ""
        self.title = self.session.story.meta.title
        self.notify("The story was reloaded; you are where you were.", timeout=3, markup=False)
        self.screen.post_message(StoryReloaded())

    def offer_restart(self, story: Story, problem: str) -> None:
        """The edited story cannot continue the player's place: say what blocks it, and offer to
        restart at the nearest scene it still has (or to go on, knowingly, with the old version)."""
        from .screens.reload_blocked import ReloadBlockedScreen

        if self.session is None:
            return
        scene_id = self.session.nearest_scene(story)

        def answer(restart: bool | None) -> None:
            if self.session is None:
                return
            if restart:
                self.session.restart_in(self.in_language(story, self.language), scene_id)
                self.original_story = story
                self.sub_title = ""
                self.title = story.meta.title
                self.notify(
                    f"Restarted in the edited story at “{story.scenes[scene_id].title}”.", timeout=5, markup=False
                )
                self.screen.post_message(StoryReloaded())
            else:
                self.sub_title = "old version of the story"
                self.notify(
                    f"Still playing the old version: the edited story cannot continue your place ({problem}).",
                    title="Old version",
                    severity="warning",
                    timeout=30,
                    markup=False,
                )

        self.push_screen(ReloadBlockedScreen(problem, story.scenes[scene_id].title), answer)

    # --- the game session, shared by every screen ----------------------------------------
    def start_new_game(self, chapter: str = "") -> None:
        """A new game: from the story's start, or at a chapter (see core/chapters.py)."""
        if not self.load_story() or self.session is None:
            return
        if not chapter:
            self.session.new_game()
        else:
            from ..core.chapters import UnknownChapter

            try:
                self.session.new_game_at(chapter)
            except UnknownChapter as problem:
                self.notify(str(problem), severity="error", timeout=10, markup=False)
                return
        self.show_play()

    def resume(self, slot: str) -> bool:
        """Load a save and play on; a message (never a crash) when it cannot be used."""
        from ..core.saves import SaveError

        if not self.load_story() or self.session is None:
            return False
        try:
            self.session.load(slot)
        except SaveError as problem:
            self.notify(
                _("Cannot load '{slot}': {problem}.").format(slot=slot, problem=problem),
                title=_("Save not loaded"),
                severity="error",
                timeout=8,
                markup=False,
            )
            return False
        self._recap = self.session.recap()
        self.show_play()
        where = self.session.where()
        if slot == AUTOSAVE:
            self.notify(
                _("Continuing: {where}.").format(where=where), title=_("Game continued"), timeout=4, markup=False
            )
        else:
            self.notify(
                _("Loaded the save '{slot}': {where}.").format(slot=slot, where=where),
                title=_("Game loaded"),
                timeout=4,
                markup=False,
            )
        return True

    def take_recap(self) -> str:
        """The "previously" paragraph for a game just continued or loaded (once), else ""."""
        recap, self._recap = self._recap, ""
        return recap

    def show_play(self) -> None:
        from .screens.play import PlayScreen

        self.back_to_title()  # everything above the title screen makes way for the game
        self.push_screen(PlayScreen())

    def back_to_title(self) -> None:
        while len(self.screen_stack) > 1:  # the title screen is the default screen
            self.pop_screen()
        self.clear_notifications()  # the game's messages never cover the title menu

    def action_export(self) -> None:
        """Write the transcript of the path so far (HTML and Markdown) beside the saves."""
        if self.session is None or self.session.state is None:
            return
        self.keep_answers()
        path = self.session.export()
        if path is not None:
            self.notify(
                _("Your path, answers and notes, to hand in: {path} (and the same as .md).").format(path=path),
                title=_("Transcript written"),
                timeout=12,
                markup=False,
            )

    def keep_answers(self) -> None:
        """Save the answers typed on this screen now (they are saved a moment after typing)."""
        save_answers = getattr(self.screen, "save_answers", None)
        if callable(save_answers):
            save_answers()

    def quit_game(self) -> None:
        if self.session is not None:
            self.session.autosave()
        self.exit()

    # --- screens anyone can open -----------------------------------------------------------
    def action_help(self) -> None:
        from .screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_about(self) -> None:
        from .screens.about import AboutScreen

        if self.load_story():
            self.push_screen(AboutScreen())

    def action_sources(self) -> None:
        from .screens.sources import SourcesScreen

        if self.load_story():
            self.push_screen(SourcesScreen())

    def action_glossary(self, term: str = "") -> None:
        from .screens.glossary import GlossaryScreen

        if self.load_story():
            self.push_screen(GlossaryScreen(term))

    def action_lookup_term(self, index: int) -> None:
        """A glossary term selected in a scene's text (see widgets/story_text.py)."""
        terms = list(self.session.story.glossary) if self.session else []
        if 0 <= index < len(terms):
            self.action_glossary(terms[index])

    def action_people(self, key: str = "") -> None:
        from .screens.reference import PeopleScreen

        if self.load_story():
            self.push_screen(PeopleScreen(key))

    def action_places(self, key: str = "") -> None:
        from .screens.reference import PlacesScreen

        if self.load_story():
            self.push_screen(PlacesScreen(key))

    def action_map(self) -> None:
        from .screens.map import MapScreen

        if self.load_story():
            self.push_screen(MapScreen())

    def action_lookup_person(self, index: int) -> None:
        """A person's name selected in a scene's text (see widgets/story_text.py)."""
        keys = list(self.story.people) if self.story else []
        if 0 <= index < len(keys):
            self.action_people(keys[index])

    def action_lookup_place(self, index: int) -> None:
        """A place's name selected in a scene's text or on the map."""
        keys = list(self.story.places) if self.story else []
        if 0 <= index < len(keys):
            self.action_places(keys[index])

    def action_timeline(self) -> None:
        from .screens.timeline import TimelineScreen

        if self.load_story():
            self.push_screen(TimelineScreen())

    def action_history(self) -> None:
        from .screens.history import HistoryScreen

        if self.state is not None:
            self.push_screen(HistoryScreen())

    def action_saves(self, mode: str = "load") -> None:
        from .screens.saves import SavesScreen

        if (mode == "save" and self.state is None) or not self.load_story():
            return
        self.push_screen(SavesScreen(mode))

    def get_system_commands(self, screen):
        """The game's commands, in the player's language; of Textual's own, only the theme (the
        rest are for developers)."""
        for command in super().get_system_commands(screen):
            if command.title == "Theme":
                yield SystemCommand(_("Theme"), _("Change the colours of the game"), command.callback)
        from ..core.languages import LANGUAGE_NAMES

        for language in self.languages():
            if language != self.language:
                name = LANGUAGE_NAMES.get(language, language)
                yield SystemCommand(
                    _("Language: {name}").format(name=name),
                    _("Play on in this language, where you are"),
                    lambda lang=language: self.switch_language(lang),
                )
        yield SystemCommand(_("Help"), _("Every key of the game"), self.action_help)
        yield SystemCommand(_("About"), _("Who made this, what is fiction and what is not"), self.action_about)
        yield SystemCommand(_("Sources"), _("The sources you have met and the notes citing them"), self.action_sources)
        yield SystemCommand(_("Glossary"), _("Terms a reader may not know"), self.action_glossary)
        yield SystemCommand(
            _("Timeline"),
            _("Your path through 2009 to 2022, and the real events from the sources"),
            self.action_timeline,
        )
        yield SystemCommand(_("People"), _("The real people you have met in the story"), self.action_people)
        yield SystemCommand(_("Places"), _("The real places you have met, with distances"), self.action_places)
        yield SystemCommand(_("Map"), _("The places on a map of Kazakhstan, and where you are"), self.action_map)
        yield SystemCommand(_("Load a game"), _("Saved games"), self.action_saves)
        if self.state is not None:
            yield SystemCommand(_("History"), _("The path so far"), self.action_history)
            yield SystemCommand(_("Save the game"), _("Save to a named slot"), lambda: self.action_saves("save"))
            yield SystemCommand(
                _("Hand in"), _("Write your path, answers and notes to hand in (e)"), self.action_export
            )
        yield SystemCommand(_("Quit"), _("Save and quit"), self.quit_game)

    def action_command_palette(self) -> None:
        """Textual's palette, with its prompt and messages in the player's language."""
        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(Palette(id="--command-palette", placeholder=_("Search for commands…")))

    def search_themes(self) -> None:
        """Textual's list of themes (reached from the palette's Theme), prompted in the player's language."""
        from textual.theme import ThemeProvider

        self.push_screen(Palette(providers=[ThemeProvider], placeholder=_("Search for themes…")))


class Palette(CommandPalette):
    """Textual's command palette, saying "No matches found" in the player's language.

    Textual writes that message in a private method (textual is pinned in pyproject.toml: a new
    version is checked by tests/test_tui_language.py)."""

    def _start_no_matches_countdown(self, search_value: str) -> None:
        from rich.align import Align
        from rich.text import Text
        from textual.command import CommandList
        from textual.widgets.option_list import Option

        self._stop_no_matches_countdown()

        def show_no_matches() -> None:
            if search_value:
                self.query_one(CommandList).add_option(
                    Option(
                        Align.center(Text(_("No matches found"), style="not bold")), disabled=True, id=self._NO_MATCHES
                    )
                )
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)


def run_app(
    story_dir: Path, resume: str | None = None, watch: bool = False, language: str = "", chapter: str = ""
) -> int:
    """Run the game until the player quits; the exit status for the command line."""
    app = ZhanaozenApp(story_dir, resume, watch, language, chapter)
    app.run()
    return app.return_code or 0
