"""The Textual game: a thin shell over the same engine and saves as the plain line mode.

Only the title screen is imported before the first frame; every other screen is imported when it
is first opened, so the game shows its title about as fast as a bare Textual app.
"""

from __future__ import annotations

from textual.app import App, SystemCommand
from textual.binding import Binding

from .engine import Engine, GameState
from .saves import AUTOSAVE, SaveError, SaveStore
from .screens.title import TitleScreen


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

    def __init__(self, engine: Engine, store: SaveStore, resume: str | None = None) -> None:
        super().__init__()
        self.engine = engine
        self.store = store
        self.story = engine.story
        self.state: GameState | None = None
        self.title = self.story.meta.title
        self._resume = resume

    def on_mount(self) -> None:
        self.push_screen(TitleScreen())
        if self._resume:
            self.resume(self._resume)

    # --- the game session, shared by every screen ----------------------------------------
    def start_new_game(self) -> None:
        self.state = self.engine.new_game()
        self.autosave()
        self.show_play()

    def resume(self, slot: str) -> bool:
        """Load a save and play on; a message (never a crash) when it cannot be used."""
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

        self.push_screen(AboutScreen())

    def action_sources(self) -> None:
        from .screens.sources import SourcesScreen

        self.push_screen(SourcesScreen())

    def action_glossary(self, term: str = "") -> None:
        from .screens.glossary import GlossaryScreen

        self.push_screen(GlossaryScreen(term))

    def action_timeline(self) -> None:
        from .screens.timeline import TimelineScreen

        self.push_screen(TimelineScreen())

    def action_history(self) -> None:
        from .screens.history import HistoryScreen

        if self.state is not None:
            self.push_screen(HistoryScreen())

    def action_saves(self, mode: str = "load") -> None:
        from .screens.saves import SavesScreen

        if mode == "save" and self.state is None:
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


def run_app(engine: Engine, store: SaveStore, resume: str | None = None) -> int:
    """Run the game until the player quits; the exit status for the command line."""
    app = ZhanaozenApp(engine, store, resume)
    app.run()
    return app.return_code or 0
