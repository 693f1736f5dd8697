"""People and Places: the real people and places of the story, unlocked as the player meets them.

An entry unlocks once the player has seen a scene that names it (`core.reference.mentions`); the
others are counted, not shown. Each entry shows what the sources say, sentence by sentence with
its note, and the scenes the player has seen it in. A place also gives its distance from where the
player is, and `m` shows it on the map.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ...core import reference
from ...core.i18n import N_, _, ngettext
from ...core.reference_text import count_line
from ..widgets.footer import GameFooter
from ..widgets.story_text import note_content, plain
from .base import Panel


def facts_content(entry, sources: dict, first_number: int = 1) -> list:
    """An entry's sentences, each followed by its numbered note."""
    parts: list = []
    for number, fact in enumerate(entry.about, start=first_number):
        parts += [plain(fact.text), (f" [{number}]", "bold"), "\n"]
    for number, fact in enumerate(entry.about, start=first_number):
        parts += ["\n", note_content(number, fact.note, sources), "\n"]
    return parts


class ReferenceScreen(Panel):
    """A list of the entries met so far and, beside it, the highlighted entry."""

    KIND = "people"  # or "places"
    TITLE_TEXT = N_("People")

    def __init__(self, key: str = "") -> None:
        super().__init__()
        self.start_key = key

    def compose(self) -> ComposeResult:
        yield Static(Content(_(self.TITLE_TEXT)), classes="screen-title")
        yield Static(id="reference-count", markup=False)
        with Horizontal(id="reference-body"):
            yield OptionList(id="reference-list")
            with VerticalScroll(id="reference-scroll"):
                yield Static(id="reference-entry", markup=False)
        yield GameFooter()

    @property
    def entries(self) -> dict:
        return getattr(self.app.story, self.KIND)

    def met_keys(self) -> list[str]:
        found = getattr(reference.mentions(self.app.story), self.KIND)
        self.found = found
        return reference.met(found, reference.seen_scenes(self.app.state))

    def on_mount(self) -> None:
        self.seen = reference.seen_scenes(self.app.state)
        keys = self.met_keys()
        if self.start_key in self.entries and self.start_key not in keys:
            keys.append(self.start_key)  # opened from a name in the scene being read
        order = sorted(keys, key=lambda key: self.entries[key].name)
        listing = self.query_one("#reference-list", OptionList)
        listing.add_options(Option(plain(self.entries[key].name), id=key) for key in order)
        count = count_line(self.KIND, len(order), len(self.entries))
        self.query_one("#reference-count", Static).update(Content(count))
        if order:
            listing.highlighted = order.index(self.start_key) if self.start_key in order else 0
        else:
            self.query_one("#reference-entry", Static).update(Content(_("Nothing to show yet.")))
        listing.focus()

    @on(OptionList.OptionHighlighted, "#reference-list")
    def show_entry(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id is None:
            return
        self.shown_key = event.option.id
        self.query_one("#reference-entry", Static).update(self.entry_content(event.option.id))
        self.query_one("#reference-scroll", VerticalScroll).scroll_home(animate=False)

    def entry_content(self, key: str) -> Content:
        story = self.app.story
        entry = self.entries[key]
        parts: list = [(entry.name, "bold")]
        role = getattr(entry, "role", "")
        if role:
            parts += ["  ", (role, "italic")]
        if entry.spellings:
            parts += ["\n", (_("Also spelled: {names}").format(names=", ".join(entry.spellings)), "dim")]
        parts += ["\n\n", *facts_content(entry, story.sources), *self.extra(key)]
        scenes = [scene_id for scene_id in self.found.get(key, []) if scene_id in self.seen]
        if scenes:
            parts += ["\n", (_("In the scenes you have read:"), "bold"), "\n"]
            parts += [plain(f"  {story.scenes[scene_id].title}\n") for scene_id in scenes]
        unseen = len(self.found.get(key, [])) - len(scenes)
        if unseen:
            unread = ngettext("and {count} scene you have not read", "and {count} scenes you have not read", unseen)
            parts.append(("  " + unread.format(count=unseen) + "\n", "dim"))
        return Content.assemble(*parts)

    def extra(self, key: str) -> list:
        return []


class PeopleScreen(ReferenceScreen):
    """The real people the sources name."""


class PlacesScreen(ReferenceScreen):
    """The real places: what the sources say, and how far each is from the player."""

    KIND = "places"
    TITLE_TEXT = N_("Places")
    BINDINGS = [Binding("m", "show_map", "Map")]

    def extra(self, key: str) -> list:
        story = self.app.story
        place = story.places[key]
        here = reference.place_of_scene(story, self.app.state.scene if self.app.state else None)
        line = _("{lat}\u00b0 N, {lon}\u00b0 E").format(
            lat=f"{place.position.lat:.2f}", lon=f"{place.position.lon:.2f}"
        )
        if here == key:
            line += ": " + _("you are here")
        elif here is not None:
            other = story.places[here]
            line += ": " + _("{distance} of {place}, in a straight line").format(
                distance=reference.how_far(other, place), place=other.name
            )
        position = _("Position: {source}").format(source=place.position.source)
        return [("\n" + line, "bold"), ("\n" + position + "\n", "dim")]

    def action_show_map(self) -> None:
        from .map import MapScreen

        self.app.push_screen(MapScreen(getattr(self, "shown_key", "")))
