"""One game session: the story, its engine, its saves and the state, with the rules of a session.

The rules every shell must follow live here, once: every step autosaves; reflection answers are
cleaned and capped before they are kept; a save is loaded only if this story can continue it;
an edited story replaces the old one only if it can continue the player's place; an ending is
recorded. The plain line mode, the Textual game and the classroom drive a `Session` and only
draw what it holds. Problems a player should hear of (a save not written, an old save kept aside)
go to `on_notice`, which each shell renders in its own way.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .chapters import ChapterStart, UnknownChapter, began_at_text, chapter_starts, start_at
from .engine import Engine, GameState, IncompatibleState, Step
from .i18n import _, ngettext
from .model import Choice, Scene
from .saves import SaveError, Saves, SaveStore
from .slots import AUTOSAVE
from .story import Story
from .text import clean_line, format_date

# The longest answer kept for one reflection question (a page of text); longer input is cut.
MAX_ANSWER = 4000


@dataclass(frozen=True)
class Notice:
    """Something the player should be told; `severity` is "information", "warning" or "error"."""

    text: str
    title: str = ""
    severity: str = "information"


def _ignore(notice: Notice) -> None:
    """The default for `Session.on_notice`: a session without a shell has nobody to tell."""


def clean_answer(text: str) -> str:
    """An answer as it is kept: control characters removed (line breaks kept), at most MAX_ANSWER."""
    lines = [clean_line(line) for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return "\n".join(lines).strip()[:MAX_ANSWER]


class Session:
    """A game of one story for one player. `state` is None until a game is started or loaded."""

    def __init__(
        self,
        story: Story,
        home: Path | None = None,
        on_notice: Callable[[Notice], None] | None = None,
        saves: Callable[[Engine], Saves] | None = None,
    ) -> None:
        """`saves` makes the store of an engine's saves (default: files under `home`)."""
        self.story = story
        self.engine = Engine(story)
        self._saves = saves or (lambda engine: SaveStore(engine, home))
        self.store: Saves = self._saves(self.engine)
        self.state: GameState | None = None
        self._home = home
        self._starts: dict[str, ChapterStart] | None = None
        self.on_notice: Callable[[Notice], None] = on_notice or _ignore

    # --- what the shells draw -------------------------------------------------------------
    @property
    def playing(self) -> GameState:
        """The state of the game in progress (a shell asks only once a game has begun)."""
        if self.state is None:
            raise RuntimeError("no game in progress: start or load one first")
        return self.state

    @property
    def scene(self) -> Scene:
        return self.engine.scene(self.playing)

    @property
    def scene_id(self) -> str:
        return self.playing.scene

    def visible_choices(self) -> list[tuple[int, Choice]]:
        return self.engine.visible_choices(self.playing)

    def is_ending(self) -> bool:
        return self.engine.is_ending(self.playing)

    @property
    def endings_total(self) -> int:
        return sum(1 for scene in self.story.scenes.values() if scene.ending is not None)

    def has_autosave(self) -> bool:
        return self.store.exists(AUTOSAVE)

    def where(self, state: GameState | None = None) -> str:
        """Where a game stands, for a player: the scene's title and date ("The campaign, 2017"),
        or the ending's name once it has ended."""
        state = state or self.playing
        scene = self.story.scenes[state.scene]
        if scene.ending is not None:
            return _("Ending: {title}").format(title=clean_line(scene.ending.title))
        return f"{clean_line(scene.title)}, {format_date(scene.date)}"

    def describe_slot(self, slot: str = AUTOSAVE) -> str | None:
        """Where the game saved in a slot stands (see `where`); None when there is none to use."""
        try:
            return self.where(self.store.read(slot))
        except SaveError:
            return None

    def slot_exists(self, slot: str) -> bool:
        """A save already has this name (saving to it replaces it: ask the player first)."""
        try:
            return self.store.exists(slot)
        except SaveError:  # not a valid name: nothing to replace
            return False

    def game_to_replace(self) -> str | None:
        """What a new game would replace: where the autosaved game stands, or None when there is
        no game (a new game replaces the autosave, so a shell asks before starting one)."""
        if self.state is not None:
            return self.where()
        return self.describe_slot(AUTOSAVE)

    def recap(self, scenes: int = 3) -> str:
        """One paragraph on the last few steps of the path, for a game continued later."""
        state = self.playing
        steps = state.history[-scenes:]
        if not steps:
            return ""
        told = []
        for step in steps:
            scene = self.story.scenes[step.scene]
            told.append(
                _("{scene} ({date}): you chose \u201c{choice}\u201d.").format(
                    scene=clean_line(scene.title), date=format_date(scene.date), choice=clean_line(step.choice_text)
                )
            )
        earlier = len(state.history) - len(steps)
        if earlier:
            opening = ngettext(
                "Previously, after {count} earlier scene: {steps}",
                "Previously, after {count} earlier scenes: {steps}",
                earlier,
            )
        else:
            opening = _("Previously: {steps}")
        return opening.format(count=earlier, steps=" ".join(told))

    def began_at(self) -> str:
        """For a game started at a chapter, the sentence saying so (its history begins there); ""
        for a game from the start."""
        return began_at_text(self.story, self.playing)

    def scenes_seen(self) -> list[str]:
        """The scenes the player has seen in this game, in the order first seen (the current one
        included; none an edited story no longer has)."""
        state = self.playing
        seen = dict.fromkeys([*state.visited, *(step.scene for step in state.history), state.scene])
        return [scene_id for scene_id in seen if scene_id in self.story.scenes]

    def sources_met(self) -> list[str]:
        """The sources cited by a note in a scene the player has seen, in the bibliography's order:
        a player is shown these, and only a count of the rest (no spoilers)."""
        cited = {note.source for scene_id in self.scenes_seen() for note in self.story.scenes[scene_id].notes.values()}
        return [source_id for source_id in self.story.sources if source_id in cited]

    def not_taken(self, step: Step) -> list[str]:
        """The choices seen at a step of the path and not taken."""
        return self.engine.not_taken(step)

    def endings_found_titles(self) -> list[str]:
        """The titles of the endings this player has found, in the story's order."""
        found = self.endings_found()
        return [
            clean_line(scene.ending.title)
            for scene_id, scene in self.story.scenes.items()
            if scene.ending is not None and scene_id in found
        ]

    # --- the life of a game -----------------------------------------------------------------
    def new_game(self) -> None:
        """Start from the first scene; the autosave now holds the new game."""
        self.state = self.engine.new_game()
        self.autosave()

    def chapter_starts(self) -> dict[str, ChapterStart]:
        """Where a game can start, chapter by chapter (found once per story: see chapters.py)."""
        if self._starts is None:
            self._starts = chapter_starts(self.story)
        return self._starts

    def new_game_at(self, chapter_id: str) -> None:
        """Start at a chapter, with the variables a typical path brings there; the autosave now
        holds the new game. UnknownChapter (naming the chapters a game can start at) for an id
        that is not one of them; the game in progress is then left as it was."""
        start = start_at(self.chapter_starts(), self.story, chapter_id)
        self.state = start.new_game()
        self.autosave()

    def load(self, slot: str = AUTOSAVE) -> None:
        """Continue a saved game; SaveError (with a message for the player) if it cannot be."""
        self.state = self.store.read(slot)

    def choose(self, number: int, answers: list[str] | None = None) -> None:
        """Keep the answers typed in this scene, take visible choice `number`, autosave."""
        if answers is not None:
            self.engine.answer(self.playing, [clean_answer(a) for a in answers])
        self.engine.choose(self.playing, number)
        self.autosave()

    def back(self, answers: list[str] | None = None) -> bool:
        """Undo the last choice (False at the start); the answers of this scene are kept first."""
        if answers is not None:
            self.engine.answer(self.playing, [clean_answer(a) for a in answers])
        if not self.engine.back(self.playing):
            return False
        self.autosave()
        return True

    def answer(self, answers: list[str]) -> None:
        """Keep the answers to this scene's reflection questions as typed, and autosave them."""
        cleaned = [clean_answer(a) for a in answers]
        if cleaned != self.playing.answers:
            self.engine.answer(self.playing, cleaned)
            self.autosave()

    def record_ending(self) -> set[str]:
        """Remember that this ending was reached; every ending found so far."""
        return self.store.record_ending(self.playing.scene)

    def endings_found(self) -> set[str]:
        return self.store.endings_found()

    # --- saving -------------------------------------------------------------------------------
    def autosave(self) -> bool:
        if self.state is None:
            return False
        return self.save(AUTOSAVE, quiet=True)

    def save(self, slot: str, quiet: bool = False) -> bool:
        """Save the game to a slot; False (and a notice) when it could not be written."""
        try:
            notice = self.store.write(slot, self.playing)
        except SaveError as problem:
            self.on_notice(Notice(str(problem), _("Not saved"), "error"))
            return False
        if notice:
            self.on_notice(Notice(notice, _("An old save was kept"), "warning"))
        if not quiet:
            self.on_notice(Notice(_("Saved as '{slot}'.").format(slot=slot), _("Saved")))
        return True

    # --- handing in ---------------------------------------------------------------------------------
    def export(self, folder: Path | None = None) -> Path | None:
        """Write the transcript of the path so far (HTML and Markdown, same name) to `folder`
        (default: `transcripts` beside the saves); the HTML file's path, or None (and a notice)."""
        from datetime import datetime

        from .export import build, to_html, to_markdown
        from .paths import data_home

        folder = folder or (self._home or data_home()) / "transcripts"
        transcript = build(self.story, self.playing)
        path = folder / f"{self.story.id}-{datetime.now().strftime('%Y%m%d-%H%M%S')}.html"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path.write_text(to_html(transcript), encoding="utf-8")
            path.with_suffix(".md").write_text(to_markdown(transcript), encoding="utf-8")
        except OSError as err:
            reason = err.strerror or str(err)
            self.on_notice(
                Notice(_("Could not write the transcript: {reason}").format(reason=reason), _("Not written"), "error")
            )
            return None
        return path

    # --- live editing ----------------------------------------------------------------------------
    def replace_story(self, story: Story) -> None:
        """Play on with an edited story, keeping the player's place; IncompatibleState (and the
        old story kept) when the edited story cannot continue it."""
        engine = Engine(story)
        state = None
        if self.state is not None:
            state = self.state.copy()
            engine.verify(state)
        self.story, self.engine, self.state = story, engine, state
        self.store = self._saves(engine)
        self._starts = None

    def nearest_scene(self, story: Story) -> str:
        """Where play can go on in an edited story that cannot continue the player's place: the
        current scene if the story still has it, else the latest scene of the path it has, else
        its first scene."""
        if self.state is not None:
            for scene_id in [self.state.scene] + [step.scene for step in reversed(self.state.history)]:
                if scene_id in story.scenes:
                    return scene_id
        return story.meta.start

    def restart_in(self, story: Story, scene_id: str) -> None:
        """Play on with an edited story from one of its scenes. Variables the story still declares
        with the same kind of value keep theirs; the others start at their declared value. The
        path so far cannot be undone in the new story, so it is not kept."""
        engine = Engine(story)
        state = engine.new_game()
        if self.state is not None:
            for name, value in self.state.vars.items():
                if name in state.vars and type(value) is type(state.vars[name]):
                    state.vars[name] = value
            state.visited = [seen for seen in self.state.visited if seen in story.scenes]
        state.scene = scene_id
        state.visited = list(dict.fromkeys([*state.visited, scene_id]))
        self.story, self.engine, self.state = story, engine, state
        self.store = self._saves(engine)
        self._starts = None
        self.autosave()


__all__ = [
    "AUTOSAVE",
    "MAX_ANSWER",
    "IncompatibleState",
    "Notice",
    "SaveError",
    "Session",
    "UnknownChapter",
    "clean_answer",
]
