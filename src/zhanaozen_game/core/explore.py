"""Playing every branch: a breadth-first walk over every reachable state (scene + variables).

This is how `check` finds what no reading of a single file can: scenes no path reaches, states
where every choice is hidden, choices that are never available, endings nobody reaches, and
the shortest and longest path to an ending. States are (scene id, tuple of variable values);
conditions are compiled to read that tuple by index, so the walk stays fast on large stories.
Only the variables some condition reads are part of a state: the others (cosmetic flags, scores
shown nowhere) cannot change which choices are open, so leaving them out keeps the walk exact
and small. The walk stops at `max_states` and says so, rather than running out of memory on a
story whose counters grow without bound.
"""

from __future__ import annotations

import heapq
import os
from dataclasses import dataclass, field

from .conditions import Test, compile_condition, variables
from .model import Scene, Value
from .story import Story
from .text import word_count

DEFAULT_MAX_STATES = 200_000
# Memory a state costs (measured: about 370 bytes for a story with two variables read), and the
# share of the computer's available memory a walk may take whatever --max-states says.
BYTES_PER_STATE = 400
BYTES_PER_VARIABLE = 24
MEMORY_SHARE = 0.5
MIN_STATES = 10_000


def available_memory() -> int | None:
    """Bytes of memory the computer has available now, or None where that cannot be known."""
    try:
        with open("/proc/meminfo", encoding="ascii") as meminfo:
            for line in meminfo:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (AttributeError, ValueError, OSError):
        return None


def memory_state_limit(variables: int) -> int | None:
    """The most states a walk may hold within its share of the available memory (None: unknown)."""
    available = available_memory()
    if available is None:
        return None
    return max(MIN_STATES, int(available * MEMORY_SHARE) // (BYTES_PER_STATE + BYTES_PER_VARIABLE * variables))


@dataclass
class Exploration:
    """What the walk saw. State ids index `states`; `parent` leads back to the start."""

    names: list[str]
    states: list[tuple[str, tuple[Value, ...]]] = field(default_factory=list)
    parent: list[tuple[int, int]] = field(default_factory=list)  # (parent state, choice index)
    edges: list[list[int]] = field(default_factory=list)
    edge_choices: list[list[int]] = field(default_factory=list)  # the choice index of each edge
    reached_scenes: set[str] = field(default_factory=set)
    taken_choices: set[tuple[str, int]] = field(default_factory=set)
    stuck: list[int] = field(default_factory=list)  # non-ending states with no visible choice
    endings: list[int] = field(default_factory=list)
    capped: bool = False
    # Set when the walk's cap was lowered to fit the available memory: (states, bytes available).
    memory_limit: tuple[int, int] | None = None

    def path_to(self, state: int) -> list[tuple[str, int]]:
        """The (scene, choice index) steps that lead from the start to a state."""
        steps = []
        while self.parent[state][0] >= 0:
            before, choice = self.parent[state]
            steps.append((self.states[before][0], choice))
            state = before
        return steps[::-1]

    def values(self, state: int) -> dict[str, object]:
        return dict(zip(self.names, self.states[state][1]))


def scene_words(scene: Scene) -> int:
    """Words a player reads in a scene: its text, and for an ending its title, summary and debrief."""
    words = word_count(scene.text)
    if scene.ending is not None:
        ending = scene.ending
        words += word_count(ending.title) + word_count(ending.summary) + word_count(ending.debrief)
    return words


def read_variables(story: Story) -> list[str]:
    """The variables some condition reads, in the order story.yaml declares them."""
    read = {var.value for expr in story.conditions.values() for var in variables(expr)}
    return [name for name in story.meta.vars if name in read]


def explore(story: Story, max_states: int = DEFAULT_MAX_STATES) -> Exploration:
    """Walk every reachable state of a story whose static checks passed.

    The story's conditions come parsed (`Story.conditions`, filled by the static rules). A state
    holds only the variables a condition reads (`read_variables`).
    """
    names = read_variables(story)
    slot = {name: index for index, name in enumerate(names)}
    plans: dict[str, list[tuple[int, Test | None, str, list[tuple[int, bool, Value]]]]] = {}
    for scene_id, scene in story.scenes.items():
        plan = []
        for index, choice in enumerate(scene.choices):
            expr = story.conditions.get((scene_id, index))
            test = compile_condition(expr, slot.__getitem__) if expr is not None else None
            effects = [(slot[name], False, value) for name, value in choice.set.items() if name in slot]
            effects += [(slot[name], True, amount) for name, amount in choice.add.items() if name in slot]
            plan.append((index, test, choice.goto, effects))
        plans[scene_id] = plan

    result = Exploration(names)
    limit = memory_state_limit(len(names))
    if limit is not None and limit < max_states:
        max_states = limit
        result.memory_limit = (limit, available_memory() or 0)
    start = (story.meta.start, tuple(story.meta.vars[name] for name in names))
    known = {start: 0}
    result.states.append(start)
    result.parent.append((-1, -1))
    result.edges.append([])
    result.edge_choices.append([])
    cursor = 0
    while cursor < len(result.states):
        scene_id, values = result.states[cursor]
        result.reached_scenes.add(scene_id)
        scene = story.scenes[scene_id]
        if scene.ending is not None:
            result.endings.append(cursor)
            cursor += 1
            continue
        visible = 0
        for index, test, target, effects in plans[scene_id]:
            if test is not None and not test(values):
                continue
            visible += 1
            result.taken_choices.add((scene_id, index))
            if effects:
                changed = list(values)
                for position, is_add, value in effects:
                    # The static rules let `add` touch number variables only, with a number.
                    changed[position] = changed[position] + value if is_add else value  # type: ignore[operator]
                new_values = tuple(changed)
            else:
                new_values = values
            state = (target, new_values)
            state_id = known.get(state)
            if state_id is None:
                if len(result.states) >= max_states:
                    result.capped = True
                    return result
                state_id = known[state] = len(result.states)
                result.states.append(state)
                result.parent.append((cursor, index))
                result.edges.append([])
                result.edge_choices.append([])
            result.edges[cursor].append(state_id)
            result.edge_choices[cursor].append(index)
        if visible == 0:
            result.stuck.append(cursor)
        cursor += 1
    return result


@dataclass
class PathLengths:
    """Shortest and longest path from the start to an ending, in words (None when there is none).

    `loop_scene` is set when some path can go round a loop, so the longest path is unbounded.
    """

    shortest: int | None
    longest: int | None
    loop_scene: str | None = None


def path_lengths(story: Story, walk: Exploration) -> PathLengths:
    """Path lengths in words over the explored state graph (each state costs its scene's words)."""
    if not walk.endings:
        return PathLengths(None, None)
    cost = {scene_id: scene_words(scene) for scene_id, scene in story.scenes.items()}
    weight = [cost[scene_id] for scene_id, _ in walk.states]
    ending_states = set(walk.endings)

    # Shortest: Dijkstra with the weight on the nodes.
    best: list[int | None] = [None] * len(walk.states)
    best[0] = weight[0]
    heap = [(weight[0], 0)]
    shortest = None
    while heap:
        distance, state = heapq.heappop(heap)
        if distance != best[state]:
            continue
        if state in ending_states:
            shortest = distance
            break
        for target in walk.edges[state]:
            candidate = distance + weight[target]
            known = best[target]
            if known is None or candidate < known:
                best[target] = candidate
                heapq.heappush(heap, (candidate, target))

    # Longest: longest path in a DAG, found with an iterative depth-first search; a back edge
    # means a loop, and then no longest path exists.
    longest_from: list[int | None] = [None] * len(walk.states)
    colour = [0] * len(walk.states)  # 0 new, 1 on the stack, 2 done
    stack = [(0, 0)]
    colour[0] = 1
    while stack:
        state, next_edge = stack[-1]
        edges = walk.edges[state]
        if next_edge < len(edges):
            stack[-1] = (state, next_edge + 1)
            target = edges[next_edge]
            if colour[target] == 1:
                return PathLengths(shortest, None, walk.states[target][0])
            if colour[target] == 0:
                colour[target] = 1
                stack.append((target, 0))
            continue
        stack.pop()
        colour[state] = 2
        tails = [tail for tail in (longest_from[target] for target in edges) if tail is not None]
        if state in ending_states:
            longest_from[state] = weight[state]
        elif tails:
            longest_from[state] = weight[state] + max(tails)
    return PathLengths(shortest, longest_from[0])


def post_order(edges: list[list[int]]) -> tuple[list[int], bool]:
    """States of an exploration's graph in depth-first post-order from the start (every state after
    all the states it leads to, loops aside), and whether some path can loop. The agency rules, the
    pack's timings and the chapters' starts all walk the graph in this order."""
    order: list[int] = []
    colour = [0] * len(edges)  # 0 new, 1 on the stack, 2 done
    colour[0] = 1
    stack = [(0, 0)]
    loops = False
    while stack:
        state, next_edge = stack[-1]
        if next_edge < len(edges[state]):
            stack[-1] = (state, next_edge + 1)
            target = edges[state][next_edge]
            if colour[target] == 0:
                colour[target] = 1
                stack.append((target, 0))
            elif colour[target] == 1:
                loops = True
            continue
        stack.pop()
        colour[state] = 2
        order.append(state)
    return order, loops
