"""The game engine: the player's state, the visible choices, taking one, and going back.

Pure and shell-agnostic: the plain line mode, the Textual game and the exporters all drive this
one class. State is plain data (`GameState`) that serialises to JSON for saves; every step keeps
the variables as they were before it, so `back` can undo any number of choices down to the start.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .conditions import compile_condition
from .loader import Story
from .model import Choice, Scene


@dataclass
class Step:
    """One choice taken: where, which choice (its index in the scene and its text), the variables
    before it, and the answers given to the scene's reflection questions."""

    scene: str
    choice: int
    choice_text: str
    vars_before: dict[str, object]
    answers: list[str] = field(default_factory=list)


@dataclass
class GameState:
    """Everything a save holds about a game in progress."""

    scene: str
    vars: dict[str, object]
    history: list[Step] = field(default_factory=list)
    answers: list[str] = field(default_factory=list)  # answers given in the current scene
    visited: list[str] = field(default_factory=list)  # scenes in the order first seen

    def to_json(self) -> dict:
        return {
            "scene": self.scene,
            "vars": dict(self.vars),
            "answers": list(self.answers),
            "visited": list(self.visited),
            "history": [
                {"scene": s.scene, "choice": s.choice, "choice_text": s.choice_text,
                 "vars_before": dict(s.vars_before), "answers": list(s.answers)}
                for s in self.history
            ],
        }

    @classmethod
    def from_json(cls, data: dict) -> "GameState":
        """Build a state from already type-checked save data (see `saves.py`)."""
        return cls(
            scene=data["scene"],
            vars=dict(data["vars"]),
            answers=list(data.get("answers", [])),
            visited=list(data.get("visited", [])),
            history=[Step(s["scene"], s["choice"], s["choice_text"], dict(s["vars_before"]),
                          list(s.get("answers", []))) for s in data.get("history", [])],
        )


class IncompatibleState(Exception):
    """A state that this story cannot continue (a scene or variable it no longer has)."""


class Engine:
    """Rules of play for one story. Conditions come parsed from `check.open_story`."""

    def __init__(self, story: Story, conditions: dict) -> None:
        self.story = story
        self._tests = {key: compile_condition(expr) for key, expr in conditions.items()}

    def new_game(self) -> GameState:
        start = self.story.meta.start
        return GameState(scene=start, vars=dict(self.story.meta.vars), visited=[start])

    def scene(self, state: GameState) -> Scene:
        return self.story.scenes[state.scene]

    def visible_choices(self, state: GameState) -> list[tuple[int, Choice]]:
        """The choices the player can see now, with their index in the scene."""
        visible = []
        for index, choice in enumerate(self.scene(state).choices):
            test = self._tests.get((state.scene, index))
            if test is None or test(state.vars):
                visible.append((index, choice))
        return visible

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
            state.vars[name] = state.vars[name] + amount
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
        """Raise IncompatibleState if this story cannot continue the state."""
        scenes = self.story.scenes
        declared = self.story.meta.vars
        for scene_id in [state.scene] + [step.scene for step in state.history]:
            if scene_id not in scenes:
                raise IncompatibleState(f"the scene `{scene_id}` is no longer in the story")
        for name, value in state.vars.items():
            if name not in declared:
                raise IncompatibleState(f"the variable `{name}` is no longer in the story")
            if type(value) is not type(declared[name]):
                raise IncompatibleState(f"the variable `{name}` now holds a different kind of value")
        for step in state.history:
            if not 0 <= step.choice < len(scenes[step.scene].choices):
                raise IncompatibleState(f"the scene `{step.scene}` has fewer choices than when this was saved")
        # Variables the story added since the save start at their declared value.
        for name, value in declared.items():
            state.vars.setdefault(name, value)
            for step in state.history:
                step.vars_before.setdefault(name, value)
