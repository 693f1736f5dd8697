"""Why playing every branch stopped: the variables that keep growing, and the choices that grow them.

When `explore` hits its cap of states, the usual cause is a number raised inside a loop: every
time round is a new state. This names those variables, how many values each took, and the
choices (file:line:column) whose `add` raises them, so the writer knows what to cap.
"""

from __future__ import annotations

from dataclasses import dataclass

from .explore import BYTES_PER_STATE, BYTES_PER_VARIABLE, Exploration
from .findings import WARNING, Finding
from .story import Story

# At most this many variables and choices are named in the message.
SHOWN = 5


@dataclass(frozen=True)
class Growth:
    """A number variable that took many values during the walk, and where it is raised."""

    name: str
    values_seen: int
    places: list[tuple[str, int, int, str, int]]  # (file, line, column, scene id, choice index)


def growing_variables(story: Story, walk: Exploration) -> list[Growth]:
    """Number variables raised by a choice the walk took, most values seen first; for each, the
    choices that raise it, those that made the most new states (the loop's) first."""
    made: dict[tuple[str, int], int] = {}
    for before, index in walk.parent[1:]:
        key = (walk.states[before][0], index)
        made[key] = made.get(key, 0) + 1
    found = []
    for position, name in enumerate(walk.names):
        value = story.meta.vars[name]
        if isinstance(value, bool) or not isinstance(value, int):
            continue
        places = []
        for scene_id, index in sorted(walk.taken_choices):
            choice = story.scenes[scene_id].choices[index]
            if choice.add.get(name):
                info = story.where[scene_id]
                line, column = info.at(("scenes", scene_id, "choices", index, "add", name), key=True)
                places.append((info.shown, line, column, scene_id, index))
        if not places:
            continue
        places.sort(key=lambda place: -made.get((place[3], place[4]), 0))
        seen = len({values[position] for _, values in walk.states})
        if seen > 1:
            found.append(Growth(name, seen, places))
    return sorted(found, key=lambda growth: -growth.values_seen)


def capped_finding(story: Story, walk: Exploration, max_states: int) -> Finding:
    """The warning for a walk that stopped at its cap, at the first choice that grows a variable."""
    growth = growing_variables(story, walk)
    stopped = len(walk.states)
    why = ""
    if walk.memory_limit is not None and walk.memory_limit[0] < max_states:
        why = (
            f" to keep within this computer's memory ({walk.memory_limit[1] // 2**20:,} MB available; "
            f"--max-states {max_states:,} would need about "
            f"{max_states * (BYTES_PER_STATE + BYTES_PER_VARIABLE * len(walk.names)) // 2**20:,} MB)"
        )
    head = (
        f"playing every branch stopped after {stopped:,} states (scene + variables){why}, so scenes, "
        "endings and choices it did not reach are not reported and path lengths are unknown. "
    )
    if growth:
        parts = []
        for item in growth[:SHOWN]:
            where = ", ".join(
                f"choice {index + 1} of `{scene_id}` ({shown}:{line})"
                for shown, line, _, scene_id, index in item.places[:SHOWN]
            )
            more = f" and {len(item.places) - SHOWN} more" if len(item.places) > SHOWN else ""
            parts.append(f"`{item.name}` took {item.values_seen:,} values, raised by {where}{more}")
        first = growth[0]
        message = (
            head + "Variables that keep growing: " + "; ".join(parts) + ". Cap them with a condition on the "
            f"choice that raises them (such as `if: {first.name} < 5`), or raise --max-states"
        )
        shown, line, column = first.places[0][:3]
        return Finding(shown, line, column, WARNING, "exploration-capped", message)
    names = ", ".join(f"`{name}`" for name in walk.names[:10]) + (" …" if len(walk.names) > 10 else "")
    message = (
        head + f"No variable grows without limit: the {len(walk.names)} variables that conditions read "
        f"({names}) have too many combinations. Raise --max-states"
    )
    info = story.files["story.yaml"]
    line, column = info.at(("vars",), key=True)
    return Finding(info.shown, line, column, WARNING, "exploration-capped", message)
