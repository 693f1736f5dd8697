"""The real people, places, events and the map as plain lines of text: for the line mode's `p`,
`w`, `m` and `t` commands (and anything else that prints them without styling)."""

from __future__ import annotations

from . import reference
from .i18n import _, ngettext
from .model import Note
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


def count_line(kind: str, shown: int, total: int) -> str:
    """How many of the people (`kind` "people") or places the player has met, as a sentence (the
    line mode's and the full-screen game's)."""
    hidden = total - shown
    if kind == "people":
        if not shown:
            text = ngettext(
                "You have met none of the {total} person yet: they unlock as the story names them.",
                "You have met none of the {total} people yet: they unlock as the story names them.",
                total,
            )
        elif hidden:
            text = ngettext(
                "{shown} met, {hidden} more person not met yet.",
                "{shown} met, {hidden} more people not met yet.",
                hidden,
            )
        else:
            text = _("All {total} people met.")
    elif not shown:
        text = ngettext(
            "You have met none of the {total} place yet: they unlock as the story names them.",
            "You have met none of the {total} places yet: they unlock as the story names them.",
            total,
        )
    elif hidden:
        text = ngettext(
            "{shown} met, {hidden} more place not met yet.", "{shown} met, {hidden} more places not met yet.", hidden
        )
    else:
        text = _("All {total} places met.")
    return text.format(shown=shown, hidden=hidden, total=total)


def people_lines(story: Story, seen: set[str]) -> list[str]:
    """The people the player has met, each with what the sources say and the notes."""
    met = reference.met(reference.mentions(story).people, seen)
    lines = [
        _("People (real, from the sources): {count}").format(count=count_line("people", len(met), len(story.people)))
    ]
    for key in sorted(met, key=lambda key: story.people[key].name):
        person = story.people[key]
        lines.append("")
        lines.append(person.name + (f" ({person.role})" if person.role else ""))
        if person.spellings:
            lines.append("  " + _("Also spelled: {names}").format(names=", ".join(person.spellings)))
        lines += _entry_lines(person, story)
    return lines


def places_lines(story: Story, seen: set[str], here: str | None) -> list[str]:
    """The places the player has met, with the distance from where they are."""
    met = reference.met(reference.mentions(story).places, seen)
    lines = [
        _("Places (real, from the sources): {count}").format(count=count_line("places", len(met), len(story.places)))
    ]
    origin = story.places.get(here) if here else None
    for key in sorted(met, key=lambda key: story.places[key].name):
        place = story.places[key]
        lines.append("")
        where = _("{lat}\u00b0 N, {lon}\u00b0 E").format(
            lat=f"{place.position.lat:.2f}", lon=f"{place.position.lon:.2f}"
        )
        if key == here:
            where = _("{position}; you are here").format(position=where)
        elif origin is not None:
            where = _("{position}; {distance} of {place}").format(
                position=where, distance=reference.how_far(origin, place), place=origin.name
            )
        lines.append(f"{place.name} ({where})")
        if place.spellings:
            lines.append("  " + _("Also spelled: {names}").format(names=", ".join(place.spellings)))
        lines += _entry_lines(place, story)
        lines.append("  " + _("Position: {source}").format(source=place.position.source))
    return lines


def map_lines(story: Story, seen: set[str], here: str | None, width: int = 76) -> list[str]:
    """The map in characters, its key, and the distances from the player's place."""
    shown = reference.met(reference.mentions(story).places, seen)
    if here and here not in shown:
        shown.append(here)
    drawing = reference.text_map(story, shown, here, width, max(8, width // 5))
    lines = [_("Map of Kazakhstan (outline approximate)"), *drawing.rows]
    lines.append(f"{reference.scale_bar(drawing.km_per_column)}   " + _("@ you   \u25cf town   \u25cb region"))
    origin = story.places.get(here) if here else None
    if origin is not None:
        lines.append(_("You are in {place}. In a straight line from there:").format(place=origin.name))
    for key in sorted(shown, key=lambda key: drawing.numbers[key]):
        place = story.places[key]
        line = f"{drawing.numbers[key]:>3} {place.name}"
        if origin is not None and key != here:
            line += ": " + reference.how_far(origin, place)
        lines.append(line)
    hidden = len(story.places) - len(shown)
    if hidden:
        lines.append(
            ngettext("{count} more place not met yet.", "{count} more places not met yet.", hidden).format(count=hidden)
        )
    return lines


def events_lines(story: Story) -> list[str]:
    """The real timeline: every event from the sources, by date, with its notes."""
    lines = [_("What really happened: the events the sources report, by date (not your path).")]
    for _key, event in reference.events_in_order(story):
        lines.append("")
        lines.append(f"{format_date(event.date)}: {event.title}")
        lines += _entry_lines(event, story)[: len(event.about)]
        if event.disagreement:
            lines.append("  " + _("Sources disagree or are unsure: {what}").format(what=event.disagreement))
        lines += _entry_lines(event, story)[len(event.about) :]
    return lines
