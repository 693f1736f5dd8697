"""Starting a game at a chapter: where it starts and with which variables, from check's walk.

A teacher with one lesson wants the class to play one chapter (16 December, say), not the
opening. A game cannot simply jump to the chapter's first scene: the choices offered there
depend on the variables, which earlier choices set. So each chapter's start is taken from the
exploration (`explore.py`), the walk over every reachable state (scene + the variables a
condition reads) that `check` makes: a start is a state the walk found, so a game that starts
there is one the story can really be in, and every choice it offers is one a player could meet.

Which of the states that enter a chapter: the commonest, in two steps. Counting, for each state,
the paths from the story's start to it (over the walk's graph, without going round a loop), the
paths that enter the chapter at a state are those whose step into it comes from another chapter.
First the scene: the one most of those paths enter the chapter at (16 December is entered in
the town, at work or far away; most paths arrive in the town). Then, among the states at that
scene (the same scene with different variables), the one most of them arrive in. Scene first,
because variables split the paths finely: the single commonest state of a chapter may take one
path in a hundred and sit at a rare scene, while the commonest scene is where a class would be.
Ties are common (each fork splits the paths evenly, so 16 December's three entries take a third
each): a tie between scenes goes to the one the writer put first in the story (a chapter's file
opens with its main line), a tie between states to the one the walk found first (the nearest the
start; the walk is breadth-first over the story's dicts), so the choice is the same every time. Ending scenes are
never a start (a game that starts at its end is no game), so a chapter entered only at endings
has no start.

The walk keeps only the variables a condition reads; the others (which change nothing a player
is offered) are set by replaying the walk's own path to the chosen state, the shortest one.

The path before the start was not played: a game started at a chapter records the chapter
(`GameState.started_at`), its history begins there, and the transcript and the history say so
(`began_at_text`).
"""

from __future__ import annotations

from dataclasses import dataclass

from .engine import Engine, GameState
from .explore import Exploration, explore, post_order
from .i18n import _
from .model import Value
from .story import Story
from .text import clean_line


@dataclass(frozen=True)
class ChapterStart:
    """Where a game started at `chapter` begins, and why there."""

    chapter: str
    scene: str
    vars: dict[str, Value]  # every variable of the story, as the game starts
    paths: int  # paths from the story's start that enter the chapter at this state
    scene_paths: int  # ... at this scene, whatever the variables
    all_paths: int  # ... at any state
    entry_scenes: tuple[str, ...]  # the scenes the chapter is entered at on some path, commonest first
    state: int = 0  # the state of the walk it is (state ids are the same for every walk of a story)

    def new_game(self) -> GameState:
        """A game at this start: nothing played yet, and the chapter it began at recorded."""
        return GameState(scene=self.scene, vars=dict(self.vars), visited=[self.scene], started_at=self.chapter)


class UnknownChapter(ValueError):
    """A chapter id no game can start at; the message names the ones it can, for the player."""


def path_counts(walk: Exploration) -> list[int]:
    """For every state of the walk, the paths from the start to it that go round no loop.

    States are taken in topological order (a depth-first post-order, reversed); an edge back to a
    state already on the way is a loop and is not followed, so every count is finite.
    """
    edges = walk.edges
    if not edges:
        return []
    order, _loops = post_order(edges)
    position = {state: index for index, state in enumerate(reversed(order))}
    counts = [0] * len(edges)
    counts[0] = 1
    for state in reversed(order):
        for target in edges[state]:
            if position[target] > position[state]:  # forward: not a step round a loop
                counts[target] += counts[state]
    return counts


def chapter_starts(story: Story, walk: Exploration | None = None) -> dict[str, ChapterStart]:
    """Each chapter's start (see the module's docstring), in the story's order; chapters that are
    entered only at endings, or never, have none. `walk` is check's exploration (made if None)."""
    walk = walk or explore(story)
    chapter = [story.chapter_of[scene_id] for scene_id, _values in walk.states]
    counts = path_counts(walk)
    entering: dict[str, dict[int, int]] = {}  # chapter -> entry state -> paths entering there
    if walk.states:
        entering.setdefault(chapter[0], {})[0] = 1
    for state, targets in enumerate(walk.edges):
        for target in targets:
            if chapter[target] != chapter[state]:
                found = entering.setdefault(chapter[target], {})
                found[target] = found.get(target, 0) + counts[state]
    engine = Engine(story)
    written = {scene_id: position for position, scene_id in enumerate(story.scenes)}
    starts = {}
    for chapter_def in story.meta.chapters:
        entries = {
            state: paths
            for state, paths in entering.get(chapter_def.id, {}).items()
            if story.scenes[walk.states[state][0]].ending is None
        }
        if not entries:
            continue
        by_scene: dict[str, int] = {}
        for state, paths in entries.items():
            scene_id = walk.states[state][0]
            by_scene[scene_id] = by_scene.get(scene_id, 0) + paths
        scenes = tuple(sorted(by_scene, key=lambda scene_id: (-by_scene[scene_id], written[scene_id])))
        at_scene = [state for state in entries if walk.states[state][0] == scenes[0]]
        best = min(at_scene, key=lambda state: (-entries[state], state))
        starts[chapter_def.id] = ChapterStart(
            chapter_def.id,
            scenes[0],
            _replayed_vars(engine, walk, best),
            entries[best],
            by_scene[scenes[0]],
            sum(entries.values()),
            scenes,
            best,
        )
    return starts


def _replayed_vars(engine: Engine, walk: Exploration, state: int) -> dict[str, Value]:
    """Every variable as the walk's own (shortest) path to `state` leaves it: the variables the
    walk tracks are the state's, and the others what that real path set."""
    game = engine.new_game()
    for _scene_id, index in walk.path_to(state):
        number = [position for position, (choice, _c) in enumerate(engine.visible_choices(game), 1) if choice == index]
        engine.choose(game, number[0])
    return game.vars


def start_at(starts: dict[str, ChapterStart], story: Story, chapter_id: str) -> ChapterStart:
    """The start of a chapter by id; UnknownChapter, with the ids a game can start at, if none."""
    if chapter_id in starts:
        return starts[chapter_id]
    ids = ", ".join(starts)
    if chapter_id in story.chapters:
        raise UnknownChapter(
            _(
                "No game can start at the chapter '{chapter}': every path enters it at an ending. Chapters: {ids}"
            ).format(chapter=chapter_id, ids=ids)
        )
    raise UnknownChapter(
        _("There is no chapter '{chapter}'. Chapters: {ids}").format(chapter=clean_line(chapter_id)[:40], ids=ids)
    )


def began_at_text(story: Story, state: GameState) -> str:
    """What a history or transcript says of a game started at a chapter ("" for one from the start)."""
    if not state.started_at:
        return ""
    chapter = story.chapters.get(state.started_at)
    title = clean_line(chapter.title) if chapter else state.started_at
    period = f" ({clean_line(chapter.period)})" if chapter and chapter.period else ""
    return _(
        "This game began at the chapter \u201c{chapter}\u201d{period}: the choices before it were not played "
        "but taken as a typical path takes them."
    ).format(chapter=title, period=period)
