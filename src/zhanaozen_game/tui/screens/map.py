"""The map: the places met so far on an outline of Kazakhstan, the player's place marked `@`.

Drawn in characters from `core.reference.text_map`, sized to the screen (at 80x24 the map is 76
columns by 13 rows), with a scale bar and, below it, each place's distance and direction from the
player's place. The outline is approximate; the screen says so. A place's name or marker can be
clicked to open it in Places.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.style import Style
from textual.widgets import Static

from ...core import reference
from ...core.i18n import _, ngettext
from ..widgets.footer import GameFooter
from .base import Panel

HERE_STYLE = Style(bold=True, reverse=True)
MARK_STYLE = Style(bold=True)


class MapScreen(Panel):
    """Kazakhstan in characters, with the places the player has met."""

    def __init__(self, focus: str = "") -> None:
        super().__init__()
        self.focus_key = focus

    def compose(self) -> ComposeResult:
        yield Static(Content(_("Map")), classes="screen-title")
        yield Static(id="map-drawing", markup=False)
        yield Static(id="map-key", markup=False)
        with VerticalScroll(id="map-scroll"):
            yield Static(id="map-distances", markup=False)
        yield GameFooter()

    def on_mount(self) -> None:
        self.draw()

    def on_resize(self) -> None:
        self.draw()

    def places_shown(self) -> tuple[list[str], str | None]:
        story = self.app.story
        state = self.app.state
        here = reference.place_of_scene(story, state.scene if state else None)
        shown = reference.met(reference.mentions(story).places, reference.seen_scenes(state))
        for key in (here, self.focus_key):
            if key and key in story.places and key not in shown:
                shown.append(key)
        return shown, here

    def draw(self) -> None:
        story = self.app.story
        if story is None:
            return
        shown, here = self.places_shown()
        width = max(20, min(self.app.size.width - 4, 110))
        height = max(8, min(self.app.size.height - 11, width // 4))
        drawing = reference.text_map(story, shown, here, width, height)
        self.query_one("#map-drawing", Static).update(self.styled(drawing, here))
        hidden = len(story.places) - len(shown)
        where = (
            _("@ you are in {place}").format(place=story.places[here].name)
            if here
            else _("@ your place (not on the map now)")
        )
        if not shown:
            met = _("No place met yet: places appear as the story names them.")
        elif hidden:
            met = ngettext(
                "{count} place met, {hidden} not met yet; click a name for its entry.",
                "{count} places met, {hidden} not met yet; click a name for its entry.",
                len(shown),
            )
        else:
            met = ngettext(
                "{count} place met; click a name for its entry.",
                "{count} places met; click a name for its entry.",
                len(shown),
            )
        key = (
            f"{reference.scale_bar(drawing.km_per_column)}   {where}   " + _("\u25cf town   \u25cb region") + "\n"
            f"{_('Outline approximate.')}  {met.format(count=len(shown), hidden=hidden)}"
        )
        self.query_one("#map-key", Static).update(Content(key))
        self.query_one("#map-distances", Static).update(self.distances(shown, here, drawing.numbers))

    def styled(self, drawing: reference.TextMap, here: str | None) -> Content:
        """The map's rows, with markers bold (the player's place reversed) and names clickable."""
        keys = list(self.app.story.places)
        by_row: dict[int, list[tuple[int, int, str, bool]]] = {}
        for row_index, column, length, key, marker in drawing.spans:
            by_row.setdefault(row_index, []).append((column, length, key, marker))
        parts: list[str | tuple[str, Style]] = []
        for row_number, line in enumerate(drawing.rows):
            if row_number:
                parts.append("\n")
            position = 0
            for column, length, key, marker in sorted(by_row.get(row_number, [])):
                if column < position or column >= len(line):
                    continue
                parts.append(line[position:column])
                style = HERE_STYLE if key == here and marker else MARK_STYLE if marker else Style()
                style += Style.from_meta({"@click": f"app.lookup_place({keys.index(key)})"})
                parts.append((line[column : column + length], style))
                position = column + length
            parts.append(line[position:])
        return Content.assemble(*[part for part in parts if part])

    def distances(self, shown: list[str], here: str | None, numbers: dict[str, int]) -> Content:
        story = self.app.story
        if not shown:
            return Content("")
        origin = story.places[here] if here else None
        lines = []
        for key in sorted(shown, key=lambda key: numbers[key]):
            place = story.places[key]
            line = f"{numbers[key]:>2} {place.name}"
            if origin is not None and key != here:
                line += ": " + reference.how_far(origin, place)
            elif key == here:
                line += ": " + _("you are here")
            lines.append(line)
        heading = (
            _("From {place}, in a straight line:").format(place=origin.name) if origin is not None else _("Places met:")
        )
        return Content(heading + "\n" + "\n".join(lines))
