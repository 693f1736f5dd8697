"""The Textual game: a thin shell over the same engine and saves as the plain line mode.

Start-up is kept close to a bare Textual app's: the first frame is the title screen, drawn with
the title read from story.yaml's `title:` line; the story itself (and the whole core: YAML,
validation, the engine) is loaded just after that frame. Every other screen is imported when it
is first opened.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import App, SystemCommand
from textual.binding import Binding

from .screens.title import TitleScreen

if TYPE_CHECKING:
    from .engine import Engine, GameState
    from .saves import SaveStore

AUTOSAVE = "autosave"  # the same slot name as saves.AUTOSAVE, without importing saves before the first frame


def quick_title(story_dir: Path) -> str:
    """The story's title for the first frame, read from story.yaml without YAML; the title of the
    loaded story replaces it a moment later."""
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


class ZhanaozenApp(App):
    """The game. `engine` and `store` come from a story that `check.open_story` accepted."""

    CSS_PATH = "zhanaozen.tcss"
    TITLE = "Zhanaozen"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        Binding("question_mark", "help", "Help", key_display="?"),
        Binding("ctrl+p", "command_palette", "Commands", show=False),
    ]
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]

    def __init__(self, story_dir: Path, resume: str | None = None) -> None:
        super().__init__()
        self.story_dir = Path(story_dir)
        self.engine: Engine | None = None
        self.store: SaveStore | None = None
        self.story = None
        self.state: GameState | None = None
        self.title = quick_title(self.story_dir)
        self._resume = resume

    def on_mount(self) -> None:
        self.push_screen(TitleScreen())
        self.call_after_refresh(self.load_story)

    def load_story(self) -> bool:
        """Load and check the story (once). A story with errors is shown, never played."""
        if self.engine is not None:
            return True
        from .check import open_story
        from .engine import Engine
        from .saves import SaveStore

        report = open_story(self.story_dir)
        if report.errors:
            from .screens.story_errors import StoryErrorsScreen

            self.push_screen(StoryErrorsScreen([str(f) for f in report.errors]))
            return False
        self.engine = Engine(report.story, report.conditions)
        self.store = SaveStore(self.engine)
        self.story = report.story
        self.title = self.story.meta.title
        if isinstance(self.screen, TitleScreen):
            self.screen.story_loaded()
        if self._resume:
            resume, self._resume = self._resume, None
            self.resume(resume)
        return True

    # --- the game session, shared by every screen ----------------------------------------
    def start_new_game(self) -> None:
        if not self.load_story():
            return
        self.state = self.engine.new_game()
        self.autosave()
        self.show_play()

    def resume(self, slot: str) -> bool:
        """Load a save and play on; a message (never a crash) when it cannot be used."""
        from .saves import SaveError

        if not self.load_story():
            return False
        try:
            self.state = self.store.read(slot)
        except SaveError as problem:
            self.notify(f"Cannot load '{slot}': {problem}.", title="Save not loaded", severity="error",
                        timeout=8)
            return False
        self.show_play()
        return True

    def show_play(self) -> None:
        from .screens.play import PlayScreen

        # Everything above the title screen makes way for the game.
        while len(self.screen_stack) > 2:
            self.pop_screen()
        self.push_screen(PlayScreen())

    def autosave(self) -> None:
        if self.state is not None:
            self.save_to(AUTOSAVE, quiet=True)

    def save_to(self, slot: str, quiet: bool = False) -> bool:
        from .saves import SaveError

        try:
            notice = self.store.write(slot, self.state)
        except SaveError as problem:
            self.notify(str(problem), title="Not saved", severity="error", timeout=8)
            return False
        if notice:
            self.notify(notice, title="An old save was kept", severity="warning", timeout=10)
        if not quiet:
            self.notify(f"Saved as '{slot}'.")
        return True

    def quit_game(self) -> None:
        self.autosave()
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
        yield from super().get_system_commands(screen)
        yield SystemCommand("Help", "Every key of the game", self.action_help)
        yield SystemCommand("About", "Who made this, what is fiction and what is not", self.action_about)
        yield SystemCommand("Sources", "The bibliography and every note citing each source", self.action_sources)
        yield SystemCommand("Glossary", "Terms a reader may not know", self.action_glossary)
        yield SystemCommand("Timeline", "The chapters and scenes from 2009 to 2022", self.action_timeline)
        yield SystemCommand("Load a game", "Saved games", self.action_saves)
        if self.state is not None:
            yield SystemCommand("History", "The path so far", self.action_history)
            yield SystemCommand("Save the game", "Save to a named slot", lambda: self.action_saves("save"))


def run_app(story_dir: Path, resume: str | None = None) -> int:
    """Run the game until the player quits; the exit status for the command line."""
    app = ZhanaozenApp(story_dir, resume)
    app.run()
    return app.return_code or 0
