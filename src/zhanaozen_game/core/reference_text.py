"""The real people, places, events and the map as plain lines of text: for the line mode's `p`,
`w`, `m` and `t` commands (and anything else that prints them without styling)."""

from __future__ import annotations

from . import reference
from .i18n import _, ngettext, pgettext
from .model import Note, Place
from .reference import Entry
from .story import Story
from .text import format_date


def _note_lines(number: int, note: Note, story: Story) -> list[str]:
    source = story.sources.get(note.source)
    title = source.title if source else note.source
    lines = [f"    [{number}] {title}: \u201c{note.quote}\u201d"]
    translated = getattr(note, "quote_translation", "")
    if translated:  # a translated story: the quote as the source has it, then its translation
        lines.append("        " + _("Translation: {text}").format(text=translated))
    if note.comment:
        lines.append(f"        {note.comment}")
    return lines


def _entry_lines(entry: Entry, story: Story) -> list[str]:
    lines = []
    for number, fact in enumerate(entry.about, start=1):
        lines.append(f"  {fact.text} [{number}]")
    for number, fact in enumerate(entry.about, start=1):
        lines += _note_lines(number, fact.note, story)
    return lines


def compass(word: str) -> str:
    """A compass point (`reference.bearing_word`) in the interface's language."""
    return {
        "N": pgettext("compass", "N"),
        "NE": pgettext("compass", "NE"),
        "E": pgettext("compass", "E"),
        "SE": pgettext("compass", "SE"),
        "S": pgettext("compass", "S"),
        "SW": pgettext("compass", "SW"),
        "W": pgettext("compass", "W"),
        "NW": pgettext("compass", "NW"),
    }.get(word, word)


def also_spelled(spellings: list[str]) -> str:
    return _("Also spelled: {names}").format(names=", ".join(spellings))


def position_of(place: Place) -> str:
    """Where a place is: its latitude and longitude."""
    return _("{lat}\u00b0 N, {lon}\u00b0 E").format(lat=f"{place.position.lat:.2f}", lon=f"{place.position.lon:.2f}")


def distance_from(origin: Place, place: Place) -> str:
    """`1,644 km NE of Zhanaozen`: how far a place is from the player's, in a straight line."""
    return _("{distance} km {direction} of {place}").format(
        distance=f"{reference.distance_km(origin, place):,.0f}",
        direction=compass(reference.bearing_word(origin, place)),
        place=origin.name,
    )


def count_text(kind: str, met: int, hidden: int) -> str:
    """How many people (`kind` "people") or places the player has met, and how many not yet."""
    total = met + hidden
    people = kind == "people"
    if not met:
        none = (
            ngettext(
                "You have met none of the {count} person yet: they unlock as the story names them.",
                "You have met none of the {count} people yet: they unlock as the story names them.",
                total,
            )
            if people
            else ngettext(
                "You have met none of the {count} place yet: they unlock as the story names them.",
                "You have met none of the {count} places yet: they unlock as the story names them.",
                total,
            )
        )
        return none.format(count=total)
    if hidden:
        more = (
            ngettext("{count} more person not met yet.", "{count} more people not met yet.", hidden)
            if people
            else ngettext("{count} more place not met yet.", "{count} more places not met yet.", hidden)
        )
        return _("{met} met, {more}").format(met=met, more=more.format(count=hidden))
    every = (
        ngettext("All {count} person met.", "All {count} people met.", met)
        if people
        else ngettext("All {count} place met.", "All {count} places met.", met)
    )
    return every.format(count=met)


def people_lines(story: Story, seen: set[str]) -> list[str]:
    """The people the player has met, each with what the sources say and the notes."""
    met = reference.met(reference.mentions(story).people, seen)
    lines = [_("People (real, from the sources):") + " " + count_text("people", len(met), len(story.people) - len(met))]
    for key in sorted(met, key=lambda key: story.people[key].name):
        person = story.people[key]
        lines.append("")
        lines.append(person.name + (f" ({person.role})" if person.role else ""))
        if person.spellings:
            lines.append("  " + also_spelled(person.spellings))
        lines += _entry_lines(person, story)
    return lines


def places_lines(story: Story, seen: set[str], here: str | None) -> list[str]:
    """The places the player has met, with the distance from where they are."""
    met = reference.met(reference.mentions(story).places, seen)
    lines = [_("Places (real, from the sources):") + " " + count_text("places", len(met), len(story.places) - len(met))]
    origin = story.places.get(here) if here else None
    for key in sorted(met, key=lambda key: story.places[key].name):
        place = story.places[key]
        lines.append("")
        where = position_of(place)
        if key == here:
            where += "; " + _("you are here")
        elif origin is not None:
            where += "; " + distance_from(origin, place)
        lines.append(f"{place.name} ({where})")
        if place.spellings:
            lines.append("  " + also_spelled(place.spellings))
        lines += _entry_lines(place, story)
        lines.append("  " + _("Position: {source}").format(source=place.position.source))
    return lines


def map_lines(story: Story, seen: set[str], here: str | None, width: int = 76) -> list[str]:
    """The map in characters, its key, and the distances from the player's place."""
    shown = reference.met(reference.mentions(story).places, seen)
    if here and here not in shown:
        shown.append(here)
    drawing = reference.text_map(story, shown, here, width, max(8, width // 5))
    lines = ["Map of Kazakhstan (outline approximate)", *drawing.rows]
    lines.append(f"{reference.scale_bar(drawing.km_per_column)}   @ you   \u25cf town   \u25cb region")
    origin = story.places.get(here) if here else None
    if origin is not None:
        lines.append(f"You are in {origin.name}. In a straight line from there:")
    for key in sorted(shown, key=lambda key: drawing.numbers[key]):
        place = story.places[key]
        line = f"{drawing.numbers[key]:>3} {place.name}"
        if origin is not None and key != here:
            line += f": {reference.distance_km(origin, place):,.0f} km {reference.bearing_word(origin, place)}"
        lines.append(line)
    hidden = len(story.places) - len(shown)
    if hidden:
        lines.append(f"{hidden} more place{'s' * (hidden != 1)} not met yet.")
    return lines


def events_lines(story: Story) -> list[str]:
    """The real timeline: every event from the sources, by date, with its notes."""
    lines = [_("What really happened: the events the sources report, by date (not your path).")]
    for _key, event in reference.events_in_order(story):
        lines.append("")
        lines.append(f"{format_date(event.date)}: {event.title}")
        lines += _entry_lines(event, story)[: len(event.about)]
        if event.disagreement:
            lines.append("  " + _("Sources disagree or are unsure:") + " " + event.disagreement)
        lines += _entry_lines(event, story)[len(event.about) :]
    return lines
