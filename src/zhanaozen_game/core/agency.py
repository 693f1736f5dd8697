"""Agency: how much the player's choices shape the ending, measured on `check`'s exploration.

For every explored state (scene + variables) the set of endings still reachable from it. A
*decision that shapes the ending* is a state where the player's options keep different sets of
endings open: whichever option the player takes, the choice decided something about how the
story can end (one option closed an ending the other kept). A state with a single visible
choice never counts. From these:

- the fewest and the most ending-shaping decisions on a path from the start to an ending, with
  the scenes of those decisions on one path that has the fewest;
- per chapter, how many of the states that enter it can still reach every ending;
- how many scenes with two or more choices send them to at least two different scenes;
- pairs of choices of one scene that always lead to the same state (same scene, same
  variables), so that picking one or the other makes no difference: a line for the writer.

Sets of endings are bit masks over the ending scenes. Loops are allowed: the fewest decisions
settle in a few fixed-point passes; the most is then unbounded (None), as the longest path is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .explore import Exploration, post_order
from .story import Story


@dataclass
class SameState:
    """Two choices of one scene that lead to the same state wherever the scene shows them both."""

    scene: str
    choices: tuple[int, int]  # 0-based indices


@dataclass
class ChapterEntries:
    """The states that enter a chapter, and how many of them can still reach every ending."""

    entering: int
    open_to_all: int


@dataclass
class Agency:
    endings: list[str]  # every ending reached from the start, in story order
    reachable: list[int]  # per state, a bit mask over `endings`
    fewest: int | None  # ending-shaping decisions on a path to an ending; None if no path
    most: int | None  # None also when a loop makes it unbounded
    fewest_path: list[str] = field(default_factory=list)  # scenes where one fewest path decides
    chapters: dict[str, ChapterEntries] = field(default_factory=dict)
    branching_scenes: int = 0  # scenes with 2+ choices that go to at least two scenes
    choice_scenes: int = 0  # scenes with 2+ choices
    same_state: list[SameState] = field(default_factory=list)

    def endings_from(self, state: int) -> set[str]:
        mask = self.reachable[state]
        return {name for bit, name in enumerate(self.endings) if mask >> bit & 1}


def reachable_endings(walk: Exploration, ending_bit: dict[str, int]) -> list[int]:
    """For every state, the mask of ending scenes reachable from it (itself, if it is one)."""
    reach = [0] * len(walk.states)
    for state in walk.endings:
        reach[state] = 1 << ending_bit[walk.states[state][0]]
    order, _ = post_order(walk.edges)
    changed = True
    while changed:
        changed = False
        for state in order:
            mask = reach[state]
            for target in walk.edges[state]:
                mask |= reach[target]
            if mask != reach[state]:
                reach[state] = mask
                changed = True
    return reach


def shaping(walk: Exploration, reach: list[int]) -> list[bool]:
    """Per state: is it a decision that shapes the ending (its options keep different endings open)?"""
    return [any(reach[target] != reach[state] for target in targets) for state, targets in enumerate(walk.edges)]


def _decision_counts(walk: Exploration, decides: list[bool]) -> tuple[list[int | None], int | None]:
    """Fewest shaping decisions from each state to an ending (None where no ending is reachable),
    and the most on a path from the start (None when a loop makes it unbounded)."""
    size = len(walk.states)
    ending_states = set(walk.endings)
    order, loops = post_order(walk.edges)
    order = [state for state in order if state not in ending_states]
    fewest: list[int | None] = [None] * size
    most: list[int | None] = [None] * size
    for state in ending_states:
        fewest[state] = most[state] = 0
    changed = True
    while changed:  # one pass settles a story without loops; a loop takes a few more
        changed = False
        for state in order:
            tails = [value for value in (fewest[target] for target in walk.edges[state]) if value is not None]
            low = min(tails) + decides[state] if tails else None
            if low != fewest[state]:
                fewest[state], changed = low, True
    if loops:
        return fewest, None
    for state in order:
        tails = [value for value in (most[target] for target in walk.edges[state]) if value is not None]
        most[state] = max(tails) + decides[state] if tails else None
    return fewest, most[0]


def measure(story: Story, walk: Exploration) -> Agency:
    """Every agency figure for an exploration that was not capped."""
    reached = {walk.states[state][0] for state in walk.endings}
    endings = [scene_id for scene_id in story.scenes if scene_id in reached]
    bit = {name: index for index, name in enumerate(endings)}
    reach = reachable_endings(walk, bit)
    decides = shaping(walk, reach)
    fewest, most = _decision_counts(walk, decides)
    result = Agency(endings, reach, fewest[0], most if fewest[0] is not None else None)
    result.fewest_path = _fewest_path(walk, decides, fewest)
    result.chapters = _chapter_entries(story, walk, reach)
    result.choice_scenes, result.branching_scenes = _branching(story)
    result.same_state = _same_state(walk)
    return result


def _fewest_path(walk: Exploration, decides: list[bool], fewest: list[int | None]) -> list[str]:
    """The scenes of the ending-shaping decisions on one path with the fewest of them.

    A breadth-first search along the steps that keep to the fewest count (loops are skipped).
    """
    if fewest[0] is None:
        return []
    ending_states = set(walk.endings)
    came_from = {0: -1}
    queue, at = [0], 0
    while at < len(queue):
        state = queue[at]
        at += 1
        if state in ending_states:
            scenes = []
            while came_from[state] >= 0:
                state = came_from[state]
                if decides[state]:
                    scenes.append(walk.states[state][0])
            return scenes[::-1]
        for target in walk.edges[state]:
            tail = fewest[target]
            if target in came_from or tail is None:
                continue
            if tail + decides[state] == fewest[state]:
                came_from[target] = state
                queue.append(target)
    return []


def _chapter_entries(story: Story, walk: Exploration, reach: list[int]) -> dict[str, ChapterEntries]:
    """Per chapter (story order), the states entering it from another chapter, or the start."""
    chapter = [story.chapter_of.get(scene_id) for scene_id, _ in walk.states]
    entering: dict[str, set[int]] = {item.id: set() for item in story.meta.chapters}
    if chapter[0] in entering:
        entering[chapter[0]].add(0)
    for state, targets in enumerate(walk.edges):
        for target in targets:
            name = chapter[target]
            if name is not None and name != chapter[state] and name in entering:
                entering[name].add(target)
    every = reach[0]
    return {
        name: ChapterEntries(len(states), sum(1 for state in states if reach[state] == every))
        for name, states in entering.items()
    }


def _branching(story: Story) -> tuple[int, int]:
    with_choices = branching = 0
    for scene in story.scenes.values():
        if len(scene.choices) >= 2:
            with_choices += 1
            if len({choice.goto for choice in scene.choices}) >= 2:
                branching += 1
    return with_choices, branching


def _same_state(walk: Exploration) -> list[SameState]:
    """Pairs of choices that lead to one state every time their scene shows them both."""
    together: dict[tuple[str, int, int], bool] = {}  # (scene, i, j) -> same state every time so far
    for state, targets in enumerate(walk.edges):
        shown = walk.edge_choices[state]
        if len(shown) < 2:
            continue
        scene_id = walk.states[state][0]
        for a in range(len(shown)):
            for b in range(a + 1, len(shown)):
                key = (scene_id, shown[a], shown[b])
                together[key] = together.get(key, True) and targets[a] == targets[b]
    return [SameState(scene, (i, j)) for (scene, i, j), same in sorted(together.items()) if same]


def agency_stats(story: Story, walk: Exploration) -> dict[str, Any]:
    """The figures for `check`'s statistics (plain JSON values); empty when the walk was capped."""
    if walk.capped or not walk.endings:
        return {}
    found = measure(story, walk)
    same: list[dict[str, Any]] = []
    for item in found.same_state:
        info = story.where[item.scene]
        line, _ = info.at(("scenes", item.scene, "choices", item.choices[1]))
        same.append({"file": info.shown, "line": line, "scene": item.scene, "choices": [i + 1 for i in item.choices]})
    same.sort(key=lambda item: (item["file"], item["line"]))
    return {
        "shaping_decisions_fewest": found.fewest,
        "shaping_decisions_most": found.most,
        "shaping_decisions_fewest_at": found.fewest_path,
        "chapter_entries": {
            name: {"entering": entry.entering, "open_to_every_ending": entry.open_to_all}
            for name, entry in found.chapters.items()
        },
        "scenes_with_choices": found.choice_scenes,
        "scenes_branching": found.branching_scenes,
        "same_state_choices": same,
    }
