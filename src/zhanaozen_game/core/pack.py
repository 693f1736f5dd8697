"""The teacher's pack (`zhanaozen pack -o DIR`): one printable HTML page and its Markdown twin,
generated from the story so that it never drifts from it.

It holds the lesson plans (their timings computed from the story's path lengths), the chapters
with their reading times, content notes and reflection questions, the endings with their
debriefs, the real timeline, the people, the places with a map, the glossary, the sources with
their standpoints, and where the sources disagree. The pack is built once as a list of blocks
(headings, paragraphs, notes, tables, the map) and rendered twice, to HTML and to Markdown.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any

from . import reference
from .chapters import ChapterStart, chapter_starts
from .explore import Exploration, explore, post_order, scene_words
from .i18n import _
from .model import Note
from .reference import Entry
from .story import Report, Story
from .text import format_date, number_markers, numbered_notes, paragraphs

WORDS_PER_MINUTE = 200
WITH_NOTES = 1.5  # reading the notes and answering the questions: half as much time again
LESSON = 50
PLAY_PER_LESSON = 40  # a 50-minute lesson: 5 minutes to start, 40 of play, 5 to save and stop
ONE_LESSON_PLAY = 28  # the one-lesson variant: 5 to start, 28 of play, 13 of discussion, 4 to end


# --- reading times ----------------------------------------------------------------------------


@dataclass
class Span:
    """The fewest and most words a player reads in a run of chapters, on any path."""

    chapters: list[str]
    shortest: int
    longest: int

    def minutes(self, factor: float = 1.0) -> tuple[int, int]:
        low = self.shortest / WORDS_PER_MINUTE * factor
        high = self.longest / WORDS_PER_MINUTE * factor
        return math.floor(low), math.ceil(high)


class Spans:
    """Reading lengths of runs of chapters over the explored state graph (computed once per run)."""

    def __init__(self, story: Story, walk: Exploration) -> None:
        self.walk = walk
        self.chapter = [story.chapter_of[scene_id] for scene_id, _ in walk.states]
        words = {scene_id: scene_words(scene) for scene_id, scene in story.scenes.items()}
        self.weight = [words[scene_id] for scene_id, _ in walk.states]
        self.cache: dict[tuple[str, ...], Span] = {}

    def __call__(self, chapters: list[str]) -> Span:
        key = tuple(chapters)
        if key not in self.cache:
            self.cache[key] = self._lengths(chapters)
        return self.cache[key]

    def from_state(self, chapters: list[str], state: int) -> Span:
        """Shortest and longest reading within the run, from one state of the walk onwards."""
        return self._lengths(chapters, state)

    def _lengths(self, chapters: list[str], start: int | None = None) -> Span:
        """Shortest and longest reading within the run, over every path that enters it (or, with
        `start`, over every path from that state of the walk)."""
        inside = set(chapters)
        chapter, weight, edges = self.chapter, self.weight, self.walk.edges
        low: dict[int, int] = {}
        high: dict[int, int] = {}
        entries = {0} if chapter[0] in inside else set()
        for state, targets in enumerate(edges):
            if chapter[state] not in inside:
                entries.update(target for target in targets if chapter[target] in inside)
        if start is not None:
            entries = {start} if chapter[start] in inside else set()
        for start in entries:
            stack = [(start, False)]
            while stack:  # depth first, each state once, its successors before it
                current, ready = stack.pop()
                if current in high:
                    continue
                onward = [target for target in edges[current] if chapter[target] in inside]
                if not ready:
                    stack.append((current, True))
                    stack.extend((target, False) for target in onward if target not in high)
                    continue
                high[current] = weight[current] + max((high[target] for target in onward), default=0)
                leaves = len(onward) < len(edges[current]) or not edges[current]
                low[current] = weight[current] + min(([0] if leaves else []) + [low[target] for target in onward])
        if not entries:
            return Span(chapters, 0, 0)
        return Span(chapters, min(low[state] for state in entries), max(high[state] for state in entries))


@dataclass
class ChapterLesson:
    """The one-lesson variant: one chapter, played from where a game started there begins."""

    start: ChapterStart
    in_chapter: Span  # reading from the start to the end of the chapter, on any path
    to_ending: Span  # reading from the start to an ending, on any path
    scenes: int  # the chapter's scenes


def chapter_lesson(story: Story, walk: Exploration) -> ChapterLesson | None:
    """The chapter the one-lesson variant plays: of the chapters a game can start at (see
    chapters.py) whose longest reading from that start, with the notes read, fits the lesson's
    play, the one with the most scenes, where students' paths differ most and the debrief has the
    most to compare (ties: the earlier chapter). None when no chapter fits."""
    spans = Spans(story, walk)
    best: ChapterLesson | None = None
    for chapter_id, start in chapter_starts(story, walk).items():
        in_chapter = spans.from_state([chapter_id], start.state)
        if in_chapter.minutes(WITH_NOTES)[1] > ONE_LESSON_PLAY:
            continue
        scenes = sum(1 for scene_id in story.scenes if story.chapter_of[scene_id] == chapter_id)
        if best is None or scenes > best.scenes:
            everything = [chapter.id for chapter in story.meta.chapters]
            best = ChapterLesson(start, in_chapter, spans.from_state(everything, start.state), scenes)
    return best


@dataclass
class Timings:
    """Everything the lesson plans need: path lengths from check, per chapter and per lesson."""

    shortest_words: int
    longest_words: int
    chapters: dict[str, Span]
    first_lesson: Span
    second_lesson: Span
    one_lesson: Span


def timings(story: Story, stats: dict[str, Any], walk: Exploration) -> Timings:
    ids = [chapter.id for chapter in story.meta.chapters]
    index = {chapter_id: position for position, chapter_id in enumerate(ids)}
    chapter = [index[story.chapter_of[scene_id]] for scene_id, _ in walk.states]
    if any(chapter[target] < chapter[state] for state, targets in enumerate(walk.edges) for target in targets):
        return _timings_any_order(story, stats, walk, ids)  # a path goes back to an earlier chapter
    words = {scene_id: scene_words(scene) for scene_id, scene in story.scenes.items()}
    weight = [words[scene_id] for scene_id, _ in walk.states]
    edges = walk.edges
    order, _loops = post_order(edges)  # every state after all the states it leads to
    to_end_high: dict[int, int] = {}
    to_end_low: dict[int, int] = {}
    in_high: dict[int, int] = {}
    in_low: dict[int, int] = {}
    for state in order:
        targets = edges[state]
        to_end_high[state] = weight[state] + max((to_end_high[t] for t in targets), default=0)
        to_end_low[state] = weight[state] + min((to_end_low[t] for t in targets), default=0)
        same = [t for t in targets if chapter[t] == chapter[state]]
        in_high[state] = weight[state] + max((in_high[t] for t in same), default=0)
        leaves = len(same) < len(targets) or not targets
        in_low[state] = weight[state] + min(([0] if leaves else []) + [in_low[t] for t in same])
    from_high, from_low = {0: weight[0]}, {0: weight[0]}
    for state in reversed(order):  # from the start onwards
        for target in edges[state]:
            from_high[target] = max(from_high.get(target, 0), from_high[state] + weight[target])
            low = from_low[state] + weight[target]
            from_low[target] = min(from_low.get(target, low), low)
    entries: list[set[int]] = [set() for _ in ids]  # states where a chapter begins
    entries[chapter[0]].add(0)
    for state in order:
        for target in edges[state]:
            if chapter[target] != chapter[state]:
                entries[chapter[target]].add(target)
    chapters = {}
    for position, chapter_id in enumerate(ids):
        found = entries[position]
        chapters[chapter_id] = Span(
            [chapter_id],
            min((in_low[s] for s in found), default=0),
            max((in_high[s] for s in found), default=0),
        )

    def first_part(cut: int) -> Span:  # the chapters before `cut`, from the start
        leaving = [s for s in order if chapter[s] < cut and (not edges[s] or any(chapter[t] >= cut for t in edges[s]))]
        return Span(ids[:cut], min(from_low[s] for s in leaving), max(from_high[s] for s in leaving))

    def last_part(cut: int) -> Span:  # the chapters from `cut` on, to an ending
        found = set().union(*entries[cut:])
        return Span(ids[cut:], min(to_end_low[s] for s in found), max(to_end_high[s] for s in found))

    return _choose(stats, chapters, ids, first_part, last_part)


def _choose(
    stats: dict[str, Any],
    chapters: dict[str, Span],
    ids: list[str],
    first_part: Callable[[int], Span],
    last_part: Callable[[int], Span],
) -> Timings:
    """Two lessons split where the longer is shortest; one lesson (the fallback when no chapter
    fits one, see `chapter_lesson`): the opening chapters that fit."""
    best: tuple[Span, Span] | None = None
    for cut in range(1, len(ids)):
        first, second = first_part(cut), last_part(cut)
        if best is None or max(first.longest, second.longest) < max(best[0].longest, best[1].longest):
            best = (first, second)
    if best is None:  # a story of one chapter
        best = (first_part(1), Span([], 0, 0))
    one = first_part(1)
    for cut in range(2, len(ids) + 1):
        candidate = first_part(cut)
        if candidate.minutes(WITH_NOTES)[1] > ONE_LESSON_PLAY:
            break
        one = candidate
    return Timings(stats["shortest_path_words"], stats["longest_path_words"], chapters, best[0], best[1], one)


def _timings_any_order(story: Story, stats: dict[str, Any], walk: Exploration, ids: list[str]) -> Timings:
    """The slower, general way, for a story whose paths can return to an earlier chapter."""
    span_of = Spans(story, walk)
    chapters = {chapter_id: span_of([chapter_id]) for chapter_id in ids}
    return _choose(stats, chapters, ids, lambda cut: span_of(ids[:cut]), lambda cut: span_of(ids[cut:]))


# --- blocks -----------------------------------------------------------------------------------


@dataclass
class Heading:
    level: int
    text: str
    anchor: str = ""
    page_break: bool = False


@dataclass
class Para:
    text: str
    style: str = ""  # "", "small", "lead"


@dataclass
class Items:
    items: list[str]
    ordered: bool = False


@dataclass
class NoteBlock:
    number: int
    source: str
    quote: str
    comment: str = ""
    translation: str = ""  # in a translated story, the quote's translation, shown after it


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]


@dataclass
class Picture:
    svg: str
    caption: str


Block = Heading | Para | Items | NoteBlock | Table | Picture


@dataclass
class Pack:
    title: str
    blocks: list[Block] = field(default_factory=list)

    def add(self, *blocks: Block) -> None:
        self.blocks.extend(blocks)


def _source_title(story: Story, source_id: str) -> str:
    source = story.sources.get(source_id)
    return source.title if source else source_id


def _note(story: Story, number: int, note: Note) -> NoteBlock:
    """A note's block: in a translated story (`pack --lang`) with its quote's translation."""
    translation = getattr(note, "quote_translation", "")
    return NoteBlock(number, _source_title(story, note.source), note.quote, note.comment, translation)


def _translation(block: NoteBlock) -> str:
    return " (" + _("Translation: {text}").format(text=block.translation) + ")" if block.translation else ""


def _facts(pack: Pack, story: Story, entry: Entry) -> None:
    for number, fact in enumerate(entry.about, start=1):
        pack.add(Para(f"{fact.text} [{number}]"))
    for number, fact in enumerate(entry.about, start=1):
        pack.add(_note(story, number, fact.note))


def _minutes(span: Span, factor: float = 1.0) -> str:
    low, high = span.minutes(factor)
    return f"{low}\u2013{high} min" if low != high else f"{low} min"


# --- the pack ---------------------------------------------------------------------------------


def build(report: Report, walk: Exploration | None = None) -> Pack:
    """The whole pack, from a checked story (`check_story`'s report, with its statistics)."""
    story = report.story
    if story is None:
        raise ValueError("the story did not load: there is nothing to make a pack of")
    stats = report.stats
    walk = walk or explore(story)
    times = timings(story, stats, walk)
    found = reference.mentions(story)
    chapters = story.chapters
    pack = Pack(f"{story.meta.title}: the teacher's pack")
    titles = {chapter_id: chapters[chapter_id].title for chapter_id in chapters}

    def chapter_names(span: Span) -> str:
        names = [f"\u201c{titles[chapter_id]}\u201d" for chapter_id in span.chapters]
        if not names:
            return "the rest of the story"
        return names[0] if len(names) == 1 else f"{names[0]} to {names[-1]}"

    pack.add(
        Heading(1, pack.title, "top"),
        Para(
            f"Generated from the story by `zhanaozen pack`: {stats['scenes']} scenes in {stats['chapters']} chapters, "
            f"{stats['endings']} endings, {stats['words']:,} words, {stats['notes']} notes from {stats['sources']} "
            f"sources; {len(story.events)} real events, {len(story.people)} people and {len(story.places)} places.",
            "lead",
        ),
        Para(story.meta.description),
        *([Para(f"**What is fiction and what is not.** {story.meta.fiction}")] if story.meta.fiction else []),
        Items(
            [
                "[Lesson plans](#lessons)",
                "[The chapters: reading times, content notes, reflection questions](#chapters)",
                "[The endings and their debriefs](#endings)",
                "[The real timeline](#timeline)",
                "[People](#people)",
                "[Places and the map](#places)",
                "[Glossary](#glossary)",
                "[The sources and their standpoints](#sources)",
                "[Where the sources disagree](#disagree)",
            ]
        ),
    )

    # Lesson plans.
    shortest, longest = times.shortest_words, times.longest_words
    low_all = shortest / WORDS_PER_MINUTE
    high_all = longest / WORDS_PER_MINUTE
    first, second, one = times.first_lesson, times.second_lesson, times.one_lesson
    pack.add(
        Heading(2, "Lesson plans", "lessons", page_break=True),
        Para(
            f"How long it takes: every path from the start to an ending reads in {low_all:.0f} to {high_all:.0f} "
            f"minutes: the shortest path is {shortest:,} words ({round(low_all, 1)} minutes), the longest "
            f"{longest:,} words ({round(high_all, 1)} minutes), at {WORDS_PER_MINUTE} words a minute, counting the "
            "scene text and the ending's debrief, not the notes. Students who read the notes and answer the "
            f"reflection questions take about half as long again ({low_all * WITH_NOTES:.0f} to "
            f"{high_all * WITH_NOTES:.0f} minutes); a slower reader (150 words a minute) takes a third longer "
            "still. The plans below are built on the longer figures, and the game saves after every choice, so a "
            "student who runs out of time continues next lesson or at home."
        ),
        Heading(3, f"Three lessons: two of play, one of debrief ({LESSON} minutes each)"),
        Para(
            f"Lesson 1: play {chapter_names(first)} ({_minutes(first)} of reading, {_minutes(first, WITH_NOTES)} "
            "with notes and questions)."
        ),
        Items(
            [
                "5 min. Place Zhanaozen, Aktau and the Mangistau region on the map in this pack. Say that the "
                "narrator is invented and the events are not; show how a footnote opens its source. Give the "
                "content note (below).",
                f"{PLAY_PER_LESSON} min. Students play alone, in a terminal or in the browser (`zhanaozen serve`). "
                "Ask them to read at least one note per scene and to answer the reflection questions. They stop "
                f"at the end of {chapter_names(Span(first.chapters[-1:], 0, 0))}.",
                "5 min. Everyone quits with `q` (the game saves); one question for next time: which claim in "
                "your notes would you most want a second source for?",
            ]
        ),
        Para(
            f"Lesson 2: continue (`zhanaozen play --continue`, or `c` on the title screen) and play on from "
            f"{chapter_names(Span(second.chapters[:1], 0, 0))} to an ending ({_minutes(second)} of reading, "
            f"{_minutes(second, WITH_NOTES)} with notes and questions)."
        ),
        Items(
            [
                "5 min. Recap: what happened on 16 December 2011, and why the number of dead is disputed.",
                f"{PLAY_PER_LESSON} min. Play to an ending. Students who finish early open the People, Places, "
                "Map and Timeline screens (`p`, `w`, `m`, `t`) and compare the real events with their path, or "
                "play again and choose differently.",
                "5 min. Export the transcript (`e` in the game, or `zhanaozen export`) and hand it in.",
            ]
        ),
        Para("Lesson 3: debrief (no play)."),
        Items(
            [
                "10 min. Groups by ending: what became of the narrator, and which real people the debrief names.",
                "15 min. The real timeline in this pack against the students' paths: which events did the "
                "story show, which did it leave out, and where is the narrator invented?",
                "15 min. The sources: read the two source cards. Who wrote each, from what position, and what "
                "could they not know? Take one disagreement (the dead of 16 December 2011, or the troops of "
                "January 2022) and ask what would settle it.",
                "10 min. Each student writes one paragraph answering the reflection question they found hardest, "
                "using their transcript.",
            ]
        ),
    )
    pack.add(*_one_lesson(story, walk, one, chapter_names))
    rows = []
    for chapter in story.meta.chapters:
        span = times.chapters[chapter.id]
        rows.append([chapter.title, chapter.period, _minutes(span), _minutes(span, WITH_NOTES)])
    pack.add(
        Para("Reading time of each chapter on any path (at 200 words a minute; then with notes and questions):"),
        Table(["chapter", "years", "reading", "with notes"], rows),
        Para(
            "A chapter's times add up to more than a path's, because no path reads the longest version of every "
            "chapter.",
            "small",
        ),
    )

    # Chapters: content notes and reflection questions, scene by scene.
    pack.add(Heading(2, "The chapters", "chapters", page_break=True))
    if story.meta.content_note:
        pack.add(Para(f"**The content note the game shows before a first new game.** {story.meta.content_note}"))
    pack.add(
        Para(
            "Every scene with a content note (shown to the player before the scene) and every reflection question "
            "(asked after the scene's text; answers are kept in the save and the transcript), chapter by chapter."
        )
    )
    for chapter in story.meta.chapters:
        scenes = [
            (scene_id, scene) for scene_id, scene in story.scenes.items() if story.chapter_of[scene_id] == chapter.id
        ]
        scenes.sort(key=lambda item: (item[1].date, list(story.scenes).index(item[0])))
        pack.add(Heading(3, f"{chapter.title} ({chapter.period})" if chapter.period else chapter.title))
        pack.add(Para(f"{len(scenes)} scenes; {_minutes(times.chapters[chapter.id])} of reading on any path.", "small"))
        notes = [
            f"**{scene.title}** ({format_date(scene.date)}): {scene.content_note}"
            for _, scene in scenes
            if scene.content_note
        ]
        questions = [f"**{scene.title}**: {question}" for _, scene in scenes for question in scene.reflect]
        pack.add(Para("Content notes:" if notes else "Content notes: none in this chapter."))
        if notes:
            pack.add(Items(notes))
        pack.add(Para("Reflection questions:" if questions else "Reflection questions: none in this chapter."))
        if questions:
            pack.add(Items(questions))

    # Endings.
    pack.add(Heading(2, "The endings", "endings", page_break=True))
    pack.add(
        Para(
            "Each ending's summary (what became of the narrator) and its debrief (what really happened), with its notes."
        )
    )
    for scene in story.scenes.values():
        if scene.ending is None:
            continue
        numbers: dict[str, int] = {}  # the debrief's own notes, numbered from 1
        pack.add(Heading(3, f"Ending: {scene.ending.title}"), Para(scene.ending.summary, "lead"))
        for paragraph in paragraphs(number_markers(scene.ending.debrief, numbers)):
            pack.add(Para(paragraph))
        for number, note in numbered_notes(scene.notes, numbers):
            pack.add(_note(story, number, note))

    # The real timeline.
    pack.add(Heading(2, "The real timeline", "timeline", page_break=True))
    pack.add(
        Para(
            "What the two sources report, by date, kept apart from the fiction. Each sentence has its note, "
            "quoted word for word; where the sources disagree, each account has its own sentence."
        )
    )
    for _key, event in reference.events_in_order(story):
        pack.add(Heading(3, f"{format_date(event.date)}: {event.title}"))
        _facts(pack, story, event)
        if event.disagreement:
            pack.add(Para(f"Sources disagree or are unsure: {event.disagreement}", "small"))

    # People.
    pack.add(Heading(2, "People", "people", page_break=True))
    pack.add(
        Para(
            "The real people the sources name, in the order of people.yaml: only what the sources say, each "
            "sentence with its note."
        )
    )
    for key, person in story.people.items():  # in the writer's order (the file groups them)
        pack.add(Heading(3, person.name + (f" ({person.role})" if person.role else "")))
        if person.spellings:
            pack.add(Para("Also spelled: " + ", ".join(person.spellings), "small"))
        _facts(pack, story, person)
        pack.add(Para(_appears(story, found.people.get(key, [])), "small"))

    # Places and the map.
    pack.add(Heading(2, "Places and the map", "places", page_break=True))
    shown = list(story.places)
    usual = max(
        (place.position.source for place in story.places.values()),
        key=lambda text: sum(place.position.source == text for place in story.places.values()),
        default="",
    )
    pack.add(
        Picture(
            reference.svg_map(story, shown),
            "The places of the story on an outline of Kazakhstan (the outline is approximate, from general "
            "geographic knowledge, not a surveyed map); regions are shown at their middle, in brackets. "
            f"Positions, unless a place says otherwise: {usual}",
        )
    )
    home = story.places.get("zhanaozen")
    for key, place in sorted(story.places.items(), key=lambda item: item[1].name):
        where = f"{place.position.lat:.2f}\u00b0 N, {place.position.lon:.2f}\u00b0 E"
        if home is not None and place is not home:
            where += (
                f"; {reference.distance_km(home, place):,.0f} km {reference.bearing_word(home, place)} of "
                f"{home.name} in a straight line"
            )
        pack.add(Heading(3, place.name + (" (region)" if place.kind == "region" else "")))
        own = "" if place.position.source == usual else " Position: " + place.position.source
        pack.add(Para(where + "." + own, "small"))
        if place.spellings:
            pack.add(Para("Also spelled: " + ", ".join(place.spellings), "small"))
        _facts(pack, story, place)
        pack.add(Para(_appears(story, found.places.get(key, [])), "small"))

    # Glossary.
    pack.add(Heading(2, "Glossary", "glossary", page_break=True))
    for term, entry in story.glossary.items():
        if isinstance(entry, str):
            pack.add(Para(f"**{term}**: {entry}"))
            continue
        pack.add(Para(f"**{term}**: {entry.definition}"))
        if entry.note is not None:
            pack.add(_note(story, 1, entry.note))

    # Sources.
    pack.add(Heading(2, "The sources and their standpoints", "sources", page_break=True))
    pack.add(
        Para(
            "Every historical statement in the game quotes one of these texts word for word. Both are partisan; "
            "students should weigh each claim by who makes it."
        )
    )
    for source in story.sources.values():
        pack.add(Heading(3, source.title))
        facts = [part for part in (source.author, source.publisher, source.date) if part]
        if facts:
            pack.add(Para(" \u00b7 ".join(facts), "small"))
        if source.url:
            pack.add(Para(f"Address: {source.url}", "small"))
        if source.standpoint:
            pack.add(Para(f"**Standpoint.** {source.standpoint}"))
        if source.single_writer:
            pack.add(Para("**Claims resting on one writer only:**"), Items(list(source.single_writer)))
        if source.confirmation:
            pack.add(Para(f"**Confirmation.** {source.confirmation}"))
        if source.note:
            pack.add(Para(f"**What is verified.** {source.note}", "small"))

    # Disagreements.
    pack.add(Heading(2, "Where the sources disagree", "disagree", page_break=True))
    disputed = [(event_id, event) for event_id, event in reference.events_in_order(story) if event.disagreement]
    pack.add(Items([f"**{format_date(event.date)}, {event.title}.** {event.disagreement}" for _, event in disputed]))
    return pack


def _one_lesson(story: Story, walk: Exploration, one: Span, chapter_names: Callable[[Span], str]) -> list[Block]:
    """The one-lesson plan: one chapter, started with `--chapter` (see `chapter_lesson`); the
    opening chapters when no chapter a game can start at fits the lesson."""
    lesson = chapter_lesson(story, walk)
    if lesson is None:
        return [
            Heading(3, f"One lesson ({LESSON} minutes): the opening chapters"),
            Para(
                f"No chapter a game can start at fits one lesson, so a single lesson plays the opening: "
                f"{chapter_names(one)} ({_minutes(one)} of reading, {_minutes(one, WITH_NOTES)} with notes and "
                "questions)."
            ),
            Items(
                [
                    "5 min. The map, the fiction and the footnotes, the content note.",
                    f"{ONE_LESSON_PLAY} min. Play to the end of {chapter_names(Span(one.chapters[-1:], 0, 0))}, "
                    "then quit with `q`.",
                    "13 min. Discuss the questions of these chapters (below) and one place where the sources disagree.",
                    "4 min. Export the transcripts; students who want to may finish the story at home.",
                ]
            ),
        ]
    start = lesson.start
    chapter = story.chapters[start.chapter]
    title = f"\u201c{chapter.title}\u201d"
    years = f" ({chapter.period})" if chapter.period else ""
    first = story.scenes[start.scene]
    ids = [item.id for item in story.meta.chapters]
    after = ids[ids.index(start.chapter) + 1 :]
    onward = f"into \u201c{story.chapters[after[0]].title}\u201d" if after else "to an ending"
    return [
        Heading(3, f"One lesson ({LESSON} minutes): one chapter, {title}"),
        Para(
            f"A game can start at a chapter: `zhanaozen play --chapter {start.chapter}` in a terminal, or for a "
            f"class in the browser `zhanaozen serve --chapter {start.chapter}` (every new game of the class then "
            "starts there). The choices before the chapter are taken as the commonest path takes them, and the "
            "game's history and each transcript say where the student began. This plan plays "
            f"{title}{years}, the chapter with the most scenes ({lesson.scenes}) that fits a lesson, so the "
            "students' paths differ most and the debrief has the most to compare."
        ),
        Para(
            f"From its first scene, \u201c{first.title}\u201d ({format_date(first.date)}), the chapter reads in "
            f"{_minutes(lesson.in_chapter)} ({_minutes(lesson.in_chapter, WITH_NOTES)} with notes and questions). "
            f"Students who reach its end play on {onward}: every path from this start reaches an ending in "
            f"{_minutes(lesson.to_ending)} of reading ({_minutes(lesson.to_ending, WITH_NOTES)} with notes), so "
            "some finish the story in the lesson and the others stop where the time runs out (the game saves "
            "after every choice)."
        ),
        Items(
            [
                "5 min. The map, the fiction and the footnotes, the content note; say in two sentences what the "
                "chapters before this one tell (their titles and years are in the table below).",
                f"{ONE_LESSON_PLAY} min. Students start with `zhanaozen play --chapter {start.chapter}` (in the "
                f"browser, `n` on a class served with `--chapter {start.chapter}`), play the chapter with its notes "
                "and questions, and play on when they reach its end.",
                f"13 min. Discuss the reflection questions of {title} (below), comparing the students' paths "
                "through it, and one place where the sources disagree.",
                "4 min. Export the transcripts (`e`); students who want to may finish the story at home.",
            ]
        ),
    ]


def _appears(story: Story, scene_ids: list[str]) -> str:
    if not scene_ids:
        return "Named in no scene."
    titles = [story.scenes[scene_id].title for scene_id in scene_ids]
    shown = ", ".join(titles[:8]) + (f" and {len(titles) - 8} more" if len(titles) > 8 else "")
    return f"Named in {len(titles)} scene{'s' * (len(titles) != 1)}: {shown}."


# --- rendering --------------------------------------------------------------------------------


def _inline_html(text: str) -> str:
    """Escape, then the marks the pack writes itself: **bold**, `code` and [links](#anchor)."""
    out = escape(text, quote=False)
    out = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", out)
    out = re.sub(r"`([^`]+)`", r"<code>\1</code>", out)
    return re.sub(r"\[([^\]]+)\]\((#[a-z-]+)\)", r'<a href="\2">\1</a>', out)


CSS = """
body { font-family: Georgia, 'Times New Roman', serif; max-width: 46em; margin: 2em auto; padding: 0 1em;
       line-height: 1.45; color: #111; }
h1 { font-size: 1.8em; margin-bottom: 0.2em; }
h2 { font-size: 1.35em; border-bottom: 1px solid #999; margin-top: 1.6em; }
h3 { font-size: 1.05em; margin: 1.2em 0 0.3em; }
p { margin: 0.4em 0; }
p.lead { font-size: 1.05em; }
p.small, .note { font-size: 0.88em; color: #333; }
.note { margin: 0.15em 0 0.15em 1.2em; }
.note .src { font-style: italic; }
table { border-collapse: collapse; margin: 0.6em 0; font-size: 0.92em; }
th, td { border: 1px solid #999; padding: 0.2em 0.5em; text-align: left; vertical-align: top; }
figure { margin: 1em 0; }
figcaption { font-size: 0.85em; color: #333; }
code { font-family: 'DejaVu Sans Mono', monospace; font-size: 0.9em; }
a { color: #124; }
@media print {
  body { margin: 0; max-width: none; font-size: 10.5pt; }
  h2.break { break-before: page; }
  h2, h3 { break-after: avoid; }
  .note, figure, tr { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
  @page { margin: 18mm 16mm; }
}
"""


def to_html(pack: Pack) -> str:
    """One self-contained page: no scripts, no external files, styles for screen and print."""
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{escape(pack.title)}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
    ]
    for block in pack.blocks:
        if isinstance(block, Heading):
            attributes = f' id="{block.anchor}"' if block.anchor else ""
            if block.page_break:
                attributes += ' class="break"'
            out.append(f"<h{block.level}{attributes}>{escape(block.text)}</h{block.level}>")
        elif isinstance(block, Para):
            css = f' class="{block.style}"' if block.style else ""
            out.append(f"<p{css}>{_inline_html(block.text)}</p>")
        elif isinstance(block, Items):
            tag = "ol" if block.ordered else "ul"
            out.append(f"<{tag}>" + "".join(f"<li>{_inline_html(item)}</li>" for item in block.items) + f"</{tag}>")
        elif isinstance(block, NoteBlock):
            comment = f" {escape(block.comment)}" if block.comment else ""
            out.append(
                f'<p class="note">[{block.number}] <span class="src">{escape(block.source)}</span>: '
                f"\u201c{escape(block.quote)}\u201d{escape(_translation(block))}{comment}</p>"
            )
        elif isinstance(block, Table):
            head = "".join(f"<th>{escape(cell)}</th>" for cell in block.header)
            body = "".join("<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in row) + "</tr>" for row in block.rows)
            out.append(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
        elif isinstance(block, Picture):
            out.append(f"<figure>{block.svg}<figcaption>{escape(block.caption)}</figcaption></figure>")
    out += ["</body>", "</html>", ""]
    return "\n".join(out)


def _md_escape(text: str) -> str:
    return text.replace("<", "&lt;").replace(">", "&gt;")


def to_markdown(pack: Pack) -> str:
    """The same pack as Markdown (the map as a list of positions, since Markdown has no drawing)."""
    out: list[str] = []
    for block in pack.blocks:
        if isinstance(block, Heading):
            out += ["#" * block.level + " " + _md_escape(block.text), ""]
        elif isinstance(block, Para):
            text = _md_escape(block.text)
            out += [f"*{text}*" if block.style == "small" and "*" not in text else text, ""]
        elif isinstance(block, Items):
            out += [f"{'1.' if block.ordered else '-'} {_md_escape(item)}" for item in block.items] + [""]
        elif isinstance(block, NoteBlock):
            comment = f" {_md_escape(block.comment)}" if block.comment else ""
            out += [
                f"> [{block.number}] *{_md_escape(block.source)}*: \u201c{_md_escape(block.quote)}\u201d"
                f"{_md_escape(_translation(block))}{comment}",
                "",
            ]
        elif isinstance(block, Table):
            out.append("| " + " | ".join(block.header) + " |")
            out.append("|" + "---|" * len(block.header))
            out += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in block.rows]
            out.append("")
        elif isinstance(block, Picture):
            out += [f"*{_md_escape(block.caption)} (The map is drawn in the HTML version.)*", ""]
    return "\n".join(out).rstrip() + "\n"


def write_pack(report: Report, folder: str | Path, walk: Exploration | None = None) -> list[Path]:
    """Write `teachers-pack.html` and `teachers-pack.md` into a folder; the paths written."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    pack = build(report, walk)
    html_path, md_path = folder / "teachers-pack.html", folder / "teachers-pack.md"
    html_path.write_text(to_html(pack), encoding="utf-8")
    md_path.write_text(to_markdown(pack), encoding="utf-8")
    return [html_path, md_path]
