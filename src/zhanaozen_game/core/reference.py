"""The real people, places and events of a story, kept apart from its fiction.

`people.yaml`, `places.yaml` and `events.yaml` are optional. A person or place is *mentioned* by
a scene when its name or one of its spellings stands, as a whole word and with its capitals, in
the scene's text, its ending's debrief, its notes, or (for a place) its `place:` line. That is how the game
unlocks an entry (the player has met it once a scene naming it has been seen), how `check` finds
entries no scene names, and how the teacher's pack lists the scenes of each entry.

The map is drawn here too, as text for terminals and as SVG for the printed pack, over an outline
of Kazakhstan whose coordinates are approximate (general geographic knowledge, about 40 points,
not a surveyed border): good enough to show where places are and how far apart.
"""

from __future__ import annotations

import itertools
import math
import re
from dataclasses import dataclass, field
from html import escape
from typing import TYPE_CHECKING

from .i18n import _, number, pgettext
from .model import Event, Person, Place, Scene
from .story import Story

if TYPE_CHECKING:
    from .engine import GameState

Entry = Person | Place | Event

# Kazakhstan's border, clockwise from the Caspian coast near the Volga delta, as (longitude,
# latitude). Approximate, from general geographic knowledge; not from a surveyed dataset.
OUTLINE: list[tuple[float, float]] = [
    (49.2, 46.3), (48.6, 46.8), (47.2, 47.8), (46.6, 48.4), (46.5, 49.0), (47.3, 50.2), (48.6, 50.6),
    (48.7, 51.2), (50.0, 51.6), (51.5, 51.6), (53.4, 51.5), (55.0, 50.9), (56.5, 51.1), (58.3, 51.1),
    (59.5, 50.6), (61.4, 51.2), (60.8, 52.2), (61.0, 53.0), (61.2, 53.9), (63.0, 54.1), (65.2, 54.6),
    (67.0, 54.8), (69.2, 55.35), (70.8, 55.2), (71.2, 54.2), (73.5, 53.9), (73.7, 53.6), (76.2, 54.3),
    (77.9, 53.3), (79.0, 52.1), (80.1, 50.8), (82.8, 50.9), (84.0, 50.6), (85.0, 50.0), (86.2, 49.5),
    (87.3, 49.1), (85.6, 48.4), (85.5, 47.1), (83.0, 47.2), (82.3, 45.5), (80.4, 44.9), (80.4, 44.1),
    (80.2, 42.2), (79.0, 42.8), (76.9, 42.9), (75.5, 43.1), (74.2, 43.2), (73.4, 42.9), (71.2, 42.7),
    (70.9, 42.2),
    (70.0, 41.5), (68.6, 40.6), (66.6, 41.2), (66.0, 42.9), (64.5, 43.6), (62.0, 43.5), (61.0, 44.3),
    (58.5, 45.5), (56.0, 45.0), (56.0, 41.3), (55.4, 41.3), (53.0, 42.1), (52.6, 42.0), (52.8, 42.6),
    (51.3, 43.2), (51.2, 44.0), (50.3, 44.6), (51.0, 45.0), (51.3, 45.4), (53.0, 45.3), (53.2, 46.2),
    (51.9, 46.9), (50.5, 46.9), (49.2, 46.3),
]  # fmt: skip
# The map's frame, wide enough for Bishkek just south of the border.
WEST, EAST, SOUTH, NORTH = 46.0, 88.0, 40.3, 55.6
KM_PER_DEGREE = 111.2


@dataclass
class Mentions:
    """For each person and place id, the scenes that name it, in story order."""

    people: dict[str, list[str]] = field(default_factory=dict)
    places: dict[str, list[str]] = field(default_factory=dict)


def names_of(entry: Person | Place) -> list[str]:
    """An entry's name and its other spellings; in a translated story also the translation's
    forms of them (its cases, say), which the translated text uses."""
    return [entry.name, *entry.spellings, *getattr(entry, "forms", [])]


def name_pattern(names: list[str]) -> re.Pattern[str] | None:
    """Whole-word, case-sensitive matches of any of the names, longest first."""
    names = [name for name in names if name.strip()]
    if not names:
        return None
    alternatives = "|".join(re.escape(name) for name in sorted(set(names), key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


def _scene_reading(scene: Scene) -> str:
    """What a player reads in a scene: its text, its ending's debrief and its notes."""
    parts = [scene.text]
    if scene.ending is not None:
        parts.append(scene.ending.debrief)
    for note in scene.notes.values():
        parts += [note.quote, note.comment]
    return "\n".join(parts)


def mentions(story: Story) -> Mentions:
    """Which scenes name each person and place (a place also by a scene's `place:` line)."""
    found = Mentions({key: [] for key in story.people}, {key: [] for key in story.places})
    people = {key: _Finder(names_of(person)) for key, person in story.people.items()}
    places = {key: _Finder(names_of(place)) for key, place in story.places.items()}
    for scene_id, scene in story.scenes.items():
        reading = _scene_reading(scene)
        for key, finder in people.items():
            if finder.in_(reading):
                found.people[key].append(scene_id)
        for key, finder in places.items():
            if finder.in_(reading) or finder.in_(scene.place):
                found.places[key].append(scene_id)
    return found


class _Finder:
    """`name_pattern(names)`, tried only on a text that holds one of the names somewhere: most
    scenes name few of the people and places, and a substring test is far cheaper than the
    whole-word pattern (loading the story spent half its time in those patterns)."""

    def __init__(self, names: list[str]) -> None:
        self.names = [name for name in names if name.strip()]
        self.pattern = name_pattern(self.names)

    def in_(self, text: str) -> bool:
        return (
            self.pattern is not None
            and any(name in text for name in self.names)
            and self.pattern.search(text) is not None
        )


def seen_scenes(state: GameState | None) -> set[str]:
    """The scenes a game has shown: visited ones, those in its history, and the current one."""
    if state is None:
        return set()
    return set(state.visited) | {step.scene for step in state.history} | {state.scene}


def met(found: dict[str, list[str]], seen: set[str]) -> list[str]:
    """The ids whose entries a player has unlocked: named in a scene they have seen."""
    return [key for key, scenes in found.items() if seen.intersection(scenes)]


def place_of_scene(story: Story, scene_id: str | None) -> str | None:
    """The place a scene happens in, from its `place:` line: a town before a region."""
    if scene_id is None or scene_id not in story.scenes:
        return None
    line = story.scenes[scene_id].place
    matches = []
    for key, place in story.places.items():
        pattern = name_pattern(names_of(place))
        if pattern is not None and pattern.search(line):
            matches.append((place.kind == "region", key))
    return min(matches)[1] if matches else None


def events_in_order(story: Story) -> list[tuple[str, Event]]:
    """The events as (id, event), by date; an event dated to a month or year before its days."""
    return sorted(story.events.items(), key=lambda item: (item[1].date, item[0]))


def distance_km(a: Place, b: Place) -> float:
    """The great-circle distance between two places' positions, in kilometres."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a.position.lat, a.position.lon, b.position.lat, b.position.lon))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, h)))


def bearing_word(a: Place, b: Place) -> str:
    """The direction from a to b as a compass point (N, NE, E, ...)."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a.position.lat, a.position.lon, b.position.lat, b.position.lon))
    y = math.sin(lon2 - lon1) * math.cos(lat2)
    x = math.cos(lat1) * math.sin(lat2) - math.sin(lat1) * math.cos(lat2) * math.cos(lon2 - lon1)
    degrees = (math.degrees(math.atan2(y, x)) + 360) % 360
    return ["N", "NE", "E", "SE", "S", "SW", "W", "NW"][int((degrees + 22.5) // 45) % 8]


def compass_word(a: Place, b: Place) -> str:
    """`bearing_word` in the interface's language (the letters are the English compass's)."""
    word = bearing_word(a, b)
    return {
        "N": pgettext("compass", "N"),
        "NE": pgettext("compass", "NE"),
        "E": pgettext("compass", "E"),
        "SE": pgettext("compass", "SE"),
        "S": pgettext("compass", "S"),
        "SW": pgettext("compass", "SW"),
        "W": pgettext("compass", "W"),
        "NW": pgettext("compass", "NW"),
    }[word]


def how_far(a: Place, b: Place) -> str:
    """From a to b for a player, in the interface's language: "1,200 km NE"."""
    return _("{distance} km {direction}").format(distance=number(distance_km(a, b)), direction=compass_word(a, b))


def _inside(lon: float, lat: float, polygon: list[tuple[float, float]] = OUTLINE) -> bool:
    inside = False
    for (x1, y1), (x2, y2) in itertools.pairwise(polygon):
        if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


@dataclass
class TextMap:
    """A map drawn in characters: the rows, and where each place's marker and label stand."""

    rows: list[str]
    # (row, column, length, place id, is the marker) for styling and clicking
    spans: list[tuple[int, int, int, str, bool]]
    km_per_column: float
    numbers: dict[str, int]


HERE_MARK, PLACE_MARK, REGION_MARK = "@", "\u25cf", "\u25cb"


def text_map(story: Story, shown: list[str], here: str | None = None, width: int = 76, height: int = 16) -> TextMap:
    """Kazakhstan's outline in `width` x `height` characters with the `shown` places marked:
    `@` the player's place, `●` a town, `○` a region's centre; each labelled with its name where
    there is room, or its number in the list otherwise."""
    width, height = max(20, width), max(8, height)

    def cell(lon: float, lat: float) -> tuple[int, int]:
        column = round((lon - WEST) / (EAST - WEST) * (width - 1))
        row = round((NORTH - lat) / (NORTH - SOUTH) * (height - 1))
        return min(max(row, 0), height - 1), min(max(column, 0), width - 1)

    inside = [
        [
            _inside(WEST + (c + 0.5) / width * (EAST - WEST), NORTH - (r + 0.5) / height * (NORTH - SOUTH))
            for c in range(width)
        ]
        for r in range(height)
    ]
    grid = [[" "] * width for _ in range(height)]
    for r in range(height):
        for c in range(width):
            if not inside[r][c]:
                continue
            edge = any(
                not (0 <= r + dr < height and 0 <= c + dc < width) or not inside[r + dr][c + dc]
                for dr, dc in ((0, 1), (0, -1), (1, 0), (-1, 0))
            )
            grid[r][c] = "\u00b7" if edge else " "
    taken = [[False] * width for _ in range(height)]
    spans: list[tuple[int, int, int, str, bool]] = []
    order = sorted(shown, key=lambda key: (key != here, story.places[key].kind == "region", key))
    numbers = {key: index for index, key in enumerate(order, start=1)}
    positions = {}
    for key in order:
        place = story.places[key]
        r, c = cell(place.position.lon, place.position.lat)
        if taken[r][c]:  # two places in one cell: the next free cell beside it
            for dc in (1, -1, 2, -2):
                if 0 <= c + dc < width and not taken[r][c + dc]:
                    c += dc
                    break
        mark = HERE_MARK if key == here else REGION_MARK if place.kind == "region" else PLACE_MARK
        grid[r][c] = mark
        taken[r][c] = True
        positions[key] = (r, c)
        spans.append((r, c, 1, key, True))
    for key in order:  # labels after every marker, so no label hides a place
        r, c = positions[key]
        place = story.places[key]
        for label in (place.name, str(numbers[key])):
            label = f"({label})" if place.kind == "region" and not label.isdigit() else label
            right = range(c + 1, c + 3 + len(label))  # a space before the label and one after it
            left = range(c - 2 - len(label), c)
            for cells, start in ((right, c + 2), (left, c - 1 - len(label))):
                if cells.start >= 0 and cells.stop <= width + 1 and not any(taken[r][x] for x in cells if x < width):
                    for x in cells:
                        if x < width:
                            taken[r][x] = True
                            grid[r][x] = " "
                    grid[r][start : start + len(label)] = list(label)
                    spans.append((r, start, len(label), key, False))
                    break
            else:
                continue
            break
    km = (EAST - WEST) / (width - 1) * KM_PER_DEGREE * math.cos(math.radians((NORTH + SOUTH) / 2))
    return TextMap(["".join(row).rstrip() for row in grid], spans, km, numbers)


def scale_bar(km_per_column: float, kilometres: int = 500) -> str:
    """A scale bar for a text map: `├────────┤ 500 km`."""
    columns = max(2, round(kilometres / km_per_column))
    return "\u251c" + "\u2500" * (columns - 2) + "\u2524" + " " + _("{distance} km").format(distance=kilometres)


def svg_map(story: Story, shown: list[str], width: int = 680) -> str:
    """The places on Kazakhstan's outline as an SVG drawing (for the printed pack)."""
    middle = math.cos(math.radians((NORTH + SOUTH) / 2))
    scale = width / ((EAST - WEST) * middle)
    height = round((NORTH - SOUTH) * scale)

    def xy(lon: float, lat: float) -> tuple[float, float]:
        return round((lon - WEST) * middle * scale, 1), round((NORTH - lat) * scale, 1)

    outline = " ".join(f"{x},{y}" for x, y in (xy(lon, lat) for lon, lat in OUTLINE))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height + 24}" width="100%" '
        f'role="img" aria-label="Map of Kazakhstan with the places of the story">',
        f'<polygon points="{outline}" fill="#f3f1ea" stroke="#555" stroke-width="1.2"/>',
    ]
    boxes: list[tuple[float, float, float, float]] = []
    for key in shown:  # every marker first, so that no label covers a place
        place = story.places[key]
        x, y = xy(place.position.lon, place.position.lat)
        boxes.append((x - 4, y - 4, x + 4, y + 4))
        if place.kind == "region":
            parts.append(f'<circle cx="{x}" cy="{y}" r="5" fill="none" stroke="#333" stroke-dasharray="2 2"/>')
        else:
            parts.append(f'<circle cx="{x}" cy="{y}" r="3" fill="#222"/>')
    for key in shown:
        place = story.places[key]
        x, y = xy(place.position.lon, place.position.lat)
        label = f"({place.name})" if place.kind == "region" else place.name
        size = len(label) * 5.6
        candidates = [(x + 6, y + 3.5), (x - 6 - size, y + 3.5), (x - size / 2, y - 7), (x - size / 2, y + 14)]
        candidates += [(x + 6, y - 6), (x + 6, y + 13), (x - 6 - size, y - 6), (x - 6 - size, y + 13)]

        def free(left: float, base: float, size: float = size) -> bool:
            box = (left, base - 9, left + size, base + 2)
            return (
                box[0] >= 0
                and box[2] <= width
                and not any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in boxes)
            )

        left, base = next((spot for spot in candidates if free(*spot)), candidates[0])
        boxes.append((left, base - 9, left + size, base + 2))
        parts.append(
            f'<text x="{left:.1f}" y="{base:.1f}" font-size="10" font-family="sans-serif">{escape(label)}</text>'
        )
    bar = 500 * scale / KM_PER_DEGREE
    parts.append(
        f'<line x1="10" y1="{height + 12}" x2="{10 + bar:.1f}" y2="{height + 12}" stroke="#222" stroke-width="2"/>'
        f'<text x="{16 + bar:.1f}" y="{height + 16}" font-size="10" font-family="sans-serif">500 km</text>'
    )
    parts.append("</svg>")
    return "\n".join(parts)
