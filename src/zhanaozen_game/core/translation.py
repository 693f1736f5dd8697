"""Translations of a story: its units, and a translated Story built from a catalog.

A *unit* is one piece of English a translator translates, with a stable context naming where it
lives (`oil-and-poverty/text`, `oil-and-poverty/choices/2`, `oil-and-poverty/notes/ersai/comment`,
`glossary/Mangistau/definition`, `sources/someview-2022/standpoint`, `chapters/spring-2011/title`,
`end-square/ending/debrief`, `karakiya/reflect/1`, `story/title`, `people/aron-atabek/about/2/text`,
`places/aktau/forms`, `events/massacre-2011/disagreement`). Numbers in contexts count from 1, as a
reader counts. Quotes are not translated in place: they stay word for word in their original
language, and a `…/notes/KEY/quote-translation` unit gives a translation shown under the original,
labelled as one.

`translate_story` is a pure function: a Story and a catalog (context -> (English, translation))
give a new Story in which every unit whose English still matches its catalog entry is translated,
and every other unit stays English (a fallback, counted in `Story.fallbacks`). Reading and writing
PO files is `po.py`'s business, so that nothing here needs the PO library.

A real person's or place's name in a scene's text opens its entry (see reference.py). A
translation declines and conjugates names, so besides the translated name and spellings each entry
has a `…/forms` unit: every form of the name the translated text may use, `;`-separated. The
translated entry keeps them in `forms` (matched, never shown), and the English name and spellings
still match too, since quotes stay in their original language.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

import msgspec

from . import model
from .languages import LANG_PATTERN, LANGUAGE_NAMES, available_languages, catalog_path, pick_language
from .story import Story, StoryFileInfo
from .text import markers, strip_controls

__all__ = ["LANGUAGE_NAMES", "LANG_PATTERN", "available_languages", "catalog_path", "pick_language"]


class TranslatedNote(model.Note, forbid_unknown_fields=True):
    """A note of a translated story: the quote as the source has it, and a translation of it."""

    quote_translation: str = ""


class TranslatedPerson(model.Person, forbid_unknown_fields=True):
    """A person of a translated story: `forms` are the translation's forms of the name, which
    open the entry from the translated text as the name and spellings do (never shown)."""

    forms: list[str] = []


class TranslatedPlace(model.Place, forbid_unknown_fields=True):
    """A place of a translated story, with the translation's forms of its name (see TranslatedPerson)."""

    forms: list[str] = []


# How a list of names is written in one unit (a name may hold a comma: `Oyan, Qazaqstan`).
NAME_SEPARATOR = "; "


def split_names(text: str) -> list[str]:
    """The names of a `;`-separated list, stripped, the empty ones left out."""
    return [name.strip() for name in text.split(";") if name.strip()]


@dataclass(frozen=True)
class Unit:
    """One piece of English to translate; `file` is relative to the story folder."""

    context: str
    text: str
    file: str
    line: int
    hint: str = ""


# A path to a value in a YAML file: keys and list indices.
NodePath = tuple[str | int, ...]

# A catalog: for each context, the English the translation was made from and the translation.
Catalog = dict[str, tuple[str, str]]


def _relative(story: Story, info: StoryFileInfo) -> str:
    try:
        return info.path.relative_to(story.root).as_posix()
    except ValueError:
        return info.path.name


QUOTE_HINT = (
    "A translation of the quote. The game shows the quote as the source has it, and this under it, "
    "labelled as a translation."
)


SPELLINGS_HINT = "Other spellings, separated by `;`, shown as 'Also spelled'. Each also opens the entry from the text."
FORMS_HINT = (
    "Not shown: every form of the name that opens this entry from the translated text, separated by `;`: "
    "the name, its spellings, and the forms the grammar gives them (in Russian, each case: Атабека, Атабеку, "
    "Атабеком, Атабеке). Whole words, with their capitals. The English forms match too (quotes stay English)."
)


def units(story: Story) -> list[Unit]:
    """Every unit of the story, in reading order: the story, chapters, scenes, glossary, sources,
    then the real people, places and events."""
    return list(_units(story))


def _units(story: Story) -> Iterator[Unit]:
    meta_info = story.files.get("story.yaml")

    def at(info: StoryFileInfo | None, path: NodePath) -> tuple[str, int]:
        if info is None:
            return "story.yaml", 1
        return _relative(story, info), _line(info, path)

    def unit(context: str, text: str, info: StoryFileInfo | None, path: NodePath, hint: str = "") -> Iterator[Unit]:
        if text:
            file, line = at(info, path)
            yield Unit(context, text, file, line, hint)

    yield from unit("story/title", story.meta.title, meta_info, ("title",))
    yield from unit("story/description", story.meta.description, meta_info, ("description",))
    yield from unit("story/fiction", story.meta.fiction, meta_info, ("fiction",))
    yield from unit("story/content_note", story.meta.content_note, meta_info, ("content_note",))
    for index, chapter in enumerate(story.meta.chapters):
        yield from unit(f"chapters/{chapter.id}/title", chapter.title, meta_info, ("chapters", index, "title"))
        yield from unit(f"chapters/{chapter.id}/period", chapter.period, meta_info, ("chapters", index, "period"))
    for scene_id, scene in story.scenes.items():
        info = story.where.get(scene_id)
        base = ("scenes", scene_id)
        yield from unit(f"{scene_id}/title", scene.title, info, base + ("title",))
        yield from unit(f"{scene_id}/place", scene.place, info, base + ("place",))
        yield from unit(f"{scene_id}/content_note", scene.content_note, info, base + ("content_note",))
        yield from unit(f"{scene_id}/text", scene.text, info, base + ("text",))
        for number, question in enumerate(scene.reflect, start=1):
            yield from unit(f"{scene_id}/reflect/{number}", question, info, base + ("reflect", number - 1))
        for number, choice in enumerate(scene.choices, start=1):
            yield from unit(f"{scene_id}/choices/{number}", choice.text, info, base + ("choices", number - 1, "text"))
        if scene.ending is not None:
            for field in ("title", "summary", "debrief"):
                ending_path: NodePath = base + ("ending", field)
                yield from unit(f"{scene_id}/ending/{field}", getattr(scene.ending, field), info, ending_path)
        for key, note in scene.notes.items():
            note_path: NodePath = base + ("notes", key)
            yield from unit(f"{scene_id}/notes/{key}/comment", note.comment, info, note_path + ("comment",))
            yield from unit(
                f"{scene_id}/notes/{key}/quote-translation", note.quote, info, note_path + ("quote",), QUOTE_HINT
            )
    glossary_info = story.files.get("glossary.yaml")
    for term, entry in story.glossary.items():
        yield from unit(f"glossary/{term}/term", term, glossary_info, (term,))
        if isinstance(entry, model.GlossaryEntry):
            yield from unit(f"glossary/{term}/definition", entry.definition, glossary_info, (term, "definition"))
            if entry.note is not None:
                glossary_path: NodePath = (term, "note")
                yield from unit(
                    f"glossary/{term}/note/comment", entry.note.comment, glossary_info, glossary_path + ("comment",)
                )
                yield from unit(
                    f"glossary/{term}/note/quote-translation",
                    entry.note.quote,
                    glossary_info,
                    glossary_path + ("quote",),
                    QUOTE_HINT,
                )
        elif isinstance(entry, str):
            yield from unit(f"glossary/{term}/definition", entry, glossary_info, (term,))
    sources_info = story.files.get("sources.yaml")
    for source_id, source in story.sources.items():
        source_path: NodePath = (source_id,)
        yield from unit(
            f"sources/{source_id}/standpoint", source.standpoint, sources_info, source_path + ("standpoint",)
        )
        yield from unit(
            f"sources/{source_id}/confirmation", source.confirmation, sources_info, source_path + ("confirmation",)
        )
        for number, claim in enumerate(source.single_writer, start=1):
            yield from unit(
                f"sources/{source_id}/single_writer/{number}",
                claim,
                sources_info,
                source_path + ("single_writer", number - 1),
            )
    yield from _reference_units(story, unit)


# The unit-maker of `_units`: context, English, file, path in the file and an optional hint.
UnitMaker = Callable[[str, str, StoryFileInfo | None, NodePath, str], Iterator[Unit]]


def _reference_units(story: Story, unit: UnitMaker) -> Iterator[Unit]:
    """The units of people.yaml, places.yaml and events.yaml: every text a player reads there.
    Ids, dates, coordinates, kinds and the ids an event names are data, not text."""

    def facts(base: str, about: list[model.Fact], info: StoryFileInfo | None, path: NodePath) -> Iterator[Unit]:
        for number, fact in enumerate(about, start=1):
            here = f"{base}/about/{number}"
            fact_path: NodePath = path + ("about", number - 1)
            yield from unit(f"{here}/text", fact.text, info, fact_path + ("text",), "")
            yield from unit(f"{here}/note/comment", fact.note.comment, info, fact_path + ("note", "comment"), "")
            yield from unit(
                f"{here}/note/quote-translation", fact.note.quote, info, fact_path + ("note", "quote"), QUOTE_HINT
            )

    def names(kind: str, key: str, entry: model.Person | model.Place, info: StoryFileInfo | None) -> Iterator[Unit]:
        base, path = f"{kind}/{key}", (key,)
        yield from unit(f"{base}/name", entry.name, info, path + ("name",), "")
        spellings = NAME_SEPARATOR.join(entry.spellings)
        yield from unit(f"{base}/spellings", spellings, info, path + ("spellings",), SPELLINGS_HINT)
        forms = NAME_SEPARATOR.join([entry.name, *entry.spellings])
        yield from unit(f"{base}/forms", forms, info, path + ("name",), FORMS_HINT)

    people_info = story.files.get("people.yaml")
    for key, person in story.people.items():
        yield from names("people", key, person, people_info)
        yield from unit(f"people/{key}/role", person.role, people_info, (key, "role"), "")
        yield from facts(f"people/{key}", person.about, people_info, (key,))
    places_info = story.files.get("places.yaml")
    for key, place in story.places.items():
        yield from names("places", key, place, places_info)
        yield from facts(f"places/{key}", place.about, places_info, (key,))
        position_path: NodePath = (key, "position", "source")
        yield from unit(f"places/{key}/position/source", place.position.source, places_info, position_path, "")
    events_info = story.files.get("events.yaml")
    for key, event in story.events.items():
        yield from unit(f"events/{key}/title", event.title, events_info, (key, "title"), "")
        yield from unit(f"events/{key}/disagreement", event.disagreement, events_info, (key, "disagreement"), "")
        yield from facts(f"events/{key}", event.about, events_info, (key,))


def _line(info: StoryFileInfo, path: NodePath) -> int:
    """The line of a value. The loader records the places of only some values (see validate.py);
    for a field it did not record, the first `field:` line after its parent's place."""
    line = info.at(path, key=True)[0]
    if not path or not isinstance(path[-1], str) or info.span(path) is not None or path in _known(info):
        return line
    parent = info.at(path[:-1], key=True)[0]
    field = re.compile(rf"^\s*(?:-\s+)?{re.escape(path[-1])}\s*:")
    for number, text in enumerate(info.text.splitlines()[parent - 1 :], start=parent):
        if field.match(text):
            return number
    return parent


def _known(info: StoryFileInfo) -> dict[tuple[object, ...], int]:
    return info.validated.keys if info.validated is not None else {}


def marker_problem(english: str, translation: str) -> str:
    """Why the footnote markers of a translation do not match the English's ("" when they do)."""
    wanted, found = sorted(set(markers(english))), sorted(set(markers(translation)))
    if wanted == found:
        return ""
    missing = [key for key in wanted if key not in found]
    extra = [key for key in found if key not in wanted]
    parts = []
    if missing:
        parts.append("lacks " + ", ".join(f"[^{key}]" for key in missing))
    if extra:
        parts.append("has " + ", ".join(f"[^{key}]" for key in extra) + " that the English does not")
    return "the translation " + " and ".join(parts)


def translate_story(story: Story, language: str, catalog: Catalog) -> Story:
    """The story in `language`: each unit translated where the catalog has a current translation
    of it, English where it has none (listed in the result's `fallbacks`). `story` is unchanged."""
    fallbacks: list[str] = []

    def tr(context: str, text: str) -> str:
        if not text:
            return text
        found = catalog.get(context)
        if found and found[0] == text and found[1] and not marker_problem(text, found[1]):
            return strip_controls(found[1])
        fallbacks.append(context)
        return text

    def tr_quote(context: str, quote: str) -> str:
        found = catalog.get(context)
        if found and found[0] == quote and found[1]:
            return strip_controls(found[1])
        fallbacks.append(context)
        return ""

    def note(context: str, original: model.Note) -> TranslatedNote:
        return TranslatedNote(
            source=original.source,
            quote=original.quote,
            comment=tr(f"{context}/comment", original.comment),
            quote_translation=tr_quote(f"{context}/quote-translation", original.quote),
        )

    meta = story.meta
    chapters = [
        msgspec.structs.replace(
            chapter,
            title=tr(f"chapters/{chapter.id}/title", chapter.title),
            period=tr(f"chapters/{chapter.id}/period", chapter.period),
        )
        for chapter in meta.chapters
    ]
    new_meta = msgspec.structs.replace(
        meta,
        id=story.id,  # saves belong to the story, whatever its language
        title=tr("story/title", meta.title),
        description=tr("story/description", meta.description),
        fiction=tr("story/fiction", meta.fiction),
        content_note=tr("story/content_note", meta.content_note),
        chapters=chapters,
    )
    scenes: dict[str, model.Scene] = {}
    for scene_id, scene in story.scenes.items():
        ending = scene.ending
        if ending is not None:
            ending = model.Ending(
                title=tr(f"{scene_id}/ending/title", ending.title),
                summary=tr(f"{scene_id}/ending/summary", ending.summary),
                debrief=tr(f"{scene_id}/ending/debrief", ending.debrief),
            )
        scenes[scene_id] = msgspec.structs.replace(
            scene,
            title=tr(f"{scene_id}/title", scene.title),
            place=tr(f"{scene_id}/place", scene.place),
            content_note=tr(f"{scene_id}/content_note", scene.content_note),
            text=tr(f"{scene_id}/text", scene.text),
            reflect=[tr(f"{scene_id}/reflect/{n}", q) for n, q in enumerate(scene.reflect, start=1)],
            choices=[
                msgspec.structs.replace(choice, text=tr(f"{scene_id}/choices/{n}", choice.text))
                for n, choice in enumerate(scene.choices, start=1)
            ],
            ending=ending,
            notes={key: note(f"{scene_id}/notes/{key}", value) for key, value in scene.notes.items()},
        )
    glossary: dict[str, str | model.GlossaryEntry] = {}
    for term, entry in story.glossary.items():
        shown = tr(f"glossary/{term}/term", term)
        if shown in glossary:  # two terms translated alike: keep both, the second under its English name
            shown = term
        if isinstance(entry, model.GlossaryEntry):
            glossary[shown] = model.GlossaryEntry(
                definition=tr(f"glossary/{term}/definition", entry.definition),
                note=note(f"glossary/{term}/note", entry.note) if entry.note is not None else None,
            )
        else:
            glossary[shown] = tr(f"glossary/{term}/definition", entry)
    sources = {
        source_id: msgspec.structs.replace(
            source,
            standpoint=tr(f"sources/{source_id}/standpoint", source.standpoint),
            confirmation=tr(f"sources/{source_id}/confirmation", source.confirmation),
            single_writer=[
                tr(f"sources/{source_id}/single_writer/{n}", claim)
                for n, claim in enumerate(source.single_writer, start=1)
            ],
        )
        for source_id, source in story.sources.items()
    }

    def facts(base: str, about: list[model.Fact]) -> list[model.Fact]:
        return [
            model.Fact(text=tr(f"{base}/about/{n}/text", fact.text), note=note(f"{base}/about/{n}/note", fact.note))
            for n, fact in enumerate(about, start=1)
        ]

    def spellings(base: str, entry: model.Person | model.Place) -> list[str]:
        return split_names(tr(f"{base}/spellings", NAME_SEPARATOR.join(entry.spellings)))

    def forms(base: str, entry: model.Person | model.Place) -> list[str]:
        english = [entry.name, *entry.spellings]  # still matched: quotes stay in the original language
        translated = split_names(tr(f"{base}/forms", NAME_SEPARATOR.join(english)))
        return list(dict.fromkeys(translated + english))

    people: dict[str, model.Person] = {
        key: TranslatedPerson(
            name=tr(f"people/{key}/name", person.name),
            about=facts(f"people/{key}", person.about),
            spellings=spellings(f"people/{key}", person),
            role=tr(f"people/{key}/role", person.role),
            forms=forms(f"people/{key}", person),
        )
        for key, person in story.people.items()
    }
    places: dict[str, model.Place] = {
        key: TranslatedPlace(
            name=tr(f"places/{key}/name", place.name),
            about=facts(f"places/{key}", place.about),
            position=msgspec.structs.replace(
                place.position, source=tr(f"places/{key}/position/source", place.position.source)
            ),
            spellings=spellings(f"places/{key}", place),
            kind=place.kind,
            forms=forms(f"places/{key}", place),
        )
        for key, place in story.places.items()
    }
    events = {
        key: msgspec.structs.replace(
            event,
            title=tr(f"events/{key}/title", event.title),
            disagreement=tr(f"events/{key}/disagreement", event.disagreement),
            about=facts(f"events/{key}", event.about),
        )
        for key, event in story.events.items()
    }
    return replace(
        story,
        meta=new_meta,
        scenes=scenes,
        glossary=glossary,
        sources=sources,
        people=people,
        places=places,
        events=events,
        language=language,
        fallbacks=fallbacks,
    )
