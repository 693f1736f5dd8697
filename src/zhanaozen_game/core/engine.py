"""The rules of play: the player's state, the visible choices, taking one, and going back.

Pure and shell-agnostic. The state is plain data (`GameState`, a msgspec Struct, so a save is
its JSON with no hand-written conversion); every step keeps the variables as they were before it,
so `back` can undo any number of choices down to the start. Games are driven through
`session.Session`, which adds autosaving and the rest of a game's life around these rules.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import msgspec

from .conditions import compile_condition
from .i18n import _
from .model import Choice, Scene, Value
from .story import Story


class Step(msgspec.Struct):
    """One choice taken: where, which choice (its index in the scene and its text), the variables
    before it, and the answers given to the scene's reflection questions."""

    scene: str
    choice: int
    choice_text: str
    vars_before: dict[str, Value]
    answers: list[str] = []


class GameState(msgspec.Struct):
    """Everything a save holds about a game in progress."""

    scene: str
    vars: dict[str, Value]
    answers: list[str] = []  # answers given in the current scene
    visited: list[str] = []  # scenes in the order first seen, each once
    history: list[Step] = []
    # The chapter this game began at, when it did not begin at the story's start ("" when it
    # did): the path before it was not played (see chapters.py), and transcripts say so.
    started_at: str = ""

    def copy(self) -> GameState:
        """A deep copy (the state is plain data)."""
        return msgspec.convert(msgspec.to_builtins(self), GameState)


class IncompatibleState(Exception):
    """A state that this story cannot continue (a scene or variable it no longer has)."""


class Engine:
    """Rules of play for one story whose static checks passed (its conditions come parsed)."""

    def __init__(self, story: Story) -> None:
        self.story = story
        self._tests: dict[tuple[str, int], Callable[[Mapping[str, object]], object]] = {
            key: compile_condition(expr) for key, expr in story.conditions.items()
        }

    def new_game(self) -> GameState:
        start = self.story.meta.start
        return GameState(scene=start, vars=dict(self.story.meta.vars), visited=[start])

    def scene(self, state: GameState) -> Scene:
        return self.story.scenes[state.scene]

    def visible_choices(self, state: GameState) -> list[tuple[int, Choice]]:
        """The choices the player can see now, with their index in the scene."""
        return self.choices_seen(state.scene, state.vars)

    def choices_seen(self, scene_id: str, values: Mapping[str, object]) -> list[tuple[int, Choice]]:
        """The choices of a scene visible with these variables, with their index in the scene."""
        visible = []
        for index, choice in enumerate(self.story.scenes[scene_id].choices):
            test = self._tests.get((scene_id, index))
            if test is None or test(values):
                visible.append((index, choice))
        return visible

    def not_taken(self, step: Step) -> list[str]:
        """The texts of the choices the player saw at a step of the path and did not take."""
        return [
            choice.text for index, choice in self.choices_seen(step.scene, step.vars_before) if index != step.choice
        ]

    def is_ending(self, state: GameState) -> bool:
        return self.scene(state).ending is not None

    def choose(self, state: GameState, number: int) -> None:
        """Take the visible choice `number` (counted from 1, as the player sees them)."""
        visible = self.visible_choices(state)
        if not 1 <= number <= len(visible):
            raise ValueError(f"there is no choice {number}: choose 1 to {len(visible)}")
        index, choice = visible[number - 1]
        state.history.append(Step(state.scene, index, choice.text, dict(state.vars), list(state.answers)))
        for name, value in choice.set.items():
            state.vars[name] = value
        for name, amount in choice.add.items():
            current = state.vars[name]
            assert isinstance(current, int) and isinstance(amount, int)  # the static rules ensure it
            state.vars[name] = current + amount
        state.scene = choice.goto
        state.answers = []
        if choice.goto not in state.visited:
            state.visited.append(choice.goto)

    def back(self, state: GameState) -> bool:
        """Undo the last choice; False at the start, where there is nothing to undo."""
        if not state.history:
            return False
        step = state.history.pop()
        state.scene = step.scene
        state.vars = dict(step.vars_before)
        state.answers = list(step.answers)
        return True

    def answer(self, state: GameState, answers: list[str]) -> None:
        """Keep the answers to the current scene's reflection questions."""
        state.answers = list(answers)

    def verify(self, state: GameState) -> None:
        """Make a state consistent with this story, or raise IncompatibleState.

        A state saved with another version of the story (or kept across a `--watch` reload) may
        name scenes or variables that are gone, or hold a value of another type. Such a state is
        refused with the reason; what can be repaired safely is: variables the story added start at
        their declared value, and scenes no longer in the story leave `visited`.
        """
        scenes = self.story.scenes
        declared = self.story.meta.vars
        for scene_id in [state.scene] + [step.scene for step in state.history]:
            if scene_id not in scenes:
                raise IncompatibleState(_("the scene `{scene}` is no longer in the story").format(scene=scene_id))
        for values in [state.vars] + [step.vars_before for step in state.history]:
            for name, value in values.items():
                if name not in declared:
                    raise IncompatibleState(_("the variable `{name}` is no longer in the story").format(name=name))
                if type(value) is not type(declared[name]):
                    raise IncompatibleState(
                        _("the variable `{name}` now holds a different kind of value").format(name=name)
                    )
        for step in state.history:
            if not 0 <= step.choice < len(scenes[step.scene].choices):
                raise IncompatibleState(
                    _("the scene `{scene}` has fewer choices than when this was saved").format(scene=step.scene)
                )
        for name, value in declared.items():
            state.vars.setdefault(name, value)
            for step in state.history:
                step.vars_before.setdefault(name, value)
        seen = dict.fromkeys(scene_id for scene_id in state.visited if scene_id in scenes)
        seen.setdefault(state.scene)
        state.visited = list(seen)
