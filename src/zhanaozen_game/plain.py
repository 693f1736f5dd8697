"""The plain line mode (`zhanaozen play --plain`): for screen readers, pipes and tests.

A thin shell over a `core.session.Session`: it prints a scene (title, date, place, text with numbered
footnotes), asks the reflection questions, lists the visible choices and reads one line at a
time; the notes, glossary, sources, history and hand-in of the full-screen game are commands
with the same letters. Everything it prints from the story goes through `clean_line`, so no
control character reaches the terminal. At the end of input it stops with the autosave in place.
"""

from __future__ import annotations

import shutil
import textwrap
from typing import TextIO

from .core.i18n import N_, _, ngettext
from .core.model import Note, Scene
from .core.session import Notice, Session
from .core.sourcing import quote_in_context
from .core.text import clean_line, format_date, number_markers, numbered_notes, paragraphs

HELP = [
    ("1, 2, ...", N_("take that choice")),
    ("n", N_("the notes of this scene: the sources' own words")),
    ("g", N_("the glossary; g WORD looks a word up")),
    ("r", N_("the sources you have met; r NUMBER shows one source's card")),
    ("c N", N_("the card of note N's source: who wrote it, from what standpoint")),
    ("v N", N_("note N's quote in its context, in the source's own text")),
    ("p", N_("people: the real people you have met")),
    ("w", N_("places: the real places you have met, with distances")),
    ("m", N_("map of Kazakhstan: the places, and where you are")),
    ("t", N_("timeline: the real events, from the sources")),
    ("h", N_("the history of your path, with the choices not taken")),
    ("e", N_("hand in: write the transcript of your path (HTML and Markdown)")),
    ("b", N_("go back: undo the last choice")),
    ("a", N_("read the scene again")),
    ("s NAME", N_("save to a slot called NAME (letters, digits, - and _)")),
    ("q", N_("save and quit (continue later with: zhanaozen play --plain --continue)")),
    ("?", N_("this list")),
]


# The answers that mean yes, in any interface language ("да" as well as "y").
YES = ("y", "yes", "д", "да")

# The line mode's commands for the real people, places, map and timeline.
REFERENCE_COMMANDS = {"p": "people", "w": "places", "m": "map", "t": "timeline"}


class PlainGame:
    """One session of play in line mode, reading `stdin` and writing `stdout`.

    A scene is printed in reading order and without decoration a screen reader would read aloud:
    the chapter when it begins, the scene's content note, title, date and place, its text with
    footnote numbers, its reflection questions (unless `reflect` is False), then its choices. The
    notes are read on request (`n`), or printed after the text when `notes` is True, each with a
    short source tag ("source 2", whose card `r 2` shows).
    """

    def __init__(
        self,
        session: Session,
        stdin: TextIO,
        stdout: TextIO,
        width: int | None = None,
        notes: bool = False,
        reflect: bool = True,
    ) -> None:
        self.session = session
        session.on_notice = self.tell
        self.stdin = stdin
        self.stdout = stdout
        self.width = width
        self.inline_notes = notes
        self.reflect = reflect
        self.shown_chapter = ""
        self.notes: dict[int, Note] = {}  # the notes of the scene shown last, by number

    # --- output ----------------------------------------------------------------------------
    def say(self, text: str = "", indent: str = "", hanging: str | None = None) -> None:
        """Print a line, wrapped to the terminal; `hanging` indents the lines after the first."""
        text = clean_line(text)
        if self.width and text:
            text = "\n".join(
                textwrap.fill(
                    line,
                    self.width,
                    initial_indent=indent,
                    subsequent_indent=indent if hanging is None else hanging,
                    break_long_words=False,
                    break_on_hyphens=False,
                )
                if line
                else ""
                for line in text.split("\n")
            )
        elif indent:
            text = indent + text
        self.stdout.write(text + "\n")

    def ask(self, prompt: str) -> str | None:
        """Print a prompt and read a line; None at the end of input."""
        self.stdout.write(clean_line(prompt))
        self.stdout.flush()
        line = self.stdin.readline()
        if not line:
            self.stdout.write("\n")
            return None
        return line.rstrip("\r\n")

    def tell(self, notice: Notice) -> None:
        """What the session wants the player to know (a save not written, an old save kept)."""
        self.say(
            _("Could not save: {reason}").format(reason=notice.text) if notice.severity == "error" else notice.text
        )

    def source_number(self, source_id: str) -> int:
        """A source's number in the bibliography (its tag: "source 2")."""
        return list(self.session.story.sources).index(source_id) + 1 if source_id in self.session.story.sources else 0

    def show_scene(self) -> None:
        session = self.session
        story = session.story
        scene = session.scene
        chapter_id = story.chapter_of[session.scene_id]
        if chapter_id != self.shown_chapter:
            chapter = story.chapters[chapter_id]
            period = f" ({chapter.period})" if chapter.period else ""
            self.say()
            self.say(_("Chapter: {title}").format(title=chapter.title) + period)
            self.shown_chapter = chapter_id
        self.say()
        if scene.content_note:
            self.say(_("Content note: {note}").format(note=scene.content_note))
            self.say()
        self.say(scene.title)
        self.say(", ".join(part for part in (format_date(scene.date), scene.place) if part))
        numbers = self.scene_numbers()
        for paragraph in paragraphs(number_markers(scene.text, {})):
            self.say()
            self.say(paragraph)
        if scene.ending is None and self.inline_notes:
            self.show_notes(scene, numbers)

    def scene_numbers(self) -> dict[str, int]:
        """The scene's footnote numbers: its text's markers, then its debrief's."""
        scene = self.session.scene
        numbers: dict[str, int] = {}
        number_markers(scene.text, numbers)
        if scene.ending is not None:
            number_markers(scene.ending.debrief, numbers)
        return numbers

    def show_notes(self, scene: Scene, numbers: dict[str, int]) -> None:
        self.notes = dict(numbered_notes(scene.notes, numbers))
        if not numbers:
            return
        self.say()
        self.say(_("Notes:"))
        for number, note in numbered_notes(scene.notes, numbers):
            number_of_source = self.source_number(note.source)
            tag = " " + _("(source {number})").format(number=number_of_source) if number_of_source else ""
            self.say(f"[{number}] \u201c{note.quote}\u201d{tag}", hanging="    ")
            translated = getattr(note, "quote_translation", "")
            if translated:  # a translated story: the quote as the source has it, then its translation
                self.say(_("Translation: {text}").format(text=translated), indent="    ")
            if note.comment:
                self.say(note.comment, indent="    ")
        self.say(_("Type c and a note's number for its source's card, v and the number for the quote in context."))

    def show_ending(self) -> None:
        scene = self.session.scene
        ending = scene.ending
        assert ending is not None
        numbers: dict[str, int] = {}
        number_markers(scene.text, numbers)
        self.say()
        self.say(_("Ending: {title}").format(title=ending.title))
        self.say()
        self.say(ending.summary)
        if ending.debrief:
            self.say()
            self.say(_("What really happened:"))
            for paragraph in paragraphs(number_markers(ending.debrief, numbers)):
                self.say()
                self.say(paragraph)
        if self.inline_notes:
            self.show_notes(scene, numbers)

    def show_card(self, source_id: str, number: int = 0) -> None:
        """A source's card, as the full-screen game shows it (`number`: its number among the
        sources met, when the player asked for it by number)."""
        source = self.session.story.sources[source_id]
        self.say()
        if number:
            self.say(_("Source {number}: {title}").format(number=number, title=source.title))
        else:
            self.say(_("Source: {title}").format(title=source.title))
        details = ", ".join(part for part in (source.author, source.publisher, source.date) if part)
        if details:
            self.say(details)
        if source.url:
            self.say(source.url)
        for heading, text in (
            ("Who speaks", source.standpoint),
            ("Do the sources confirm each other?", source.confirmation),
            ("What is verified about it", source.note),
        ):
            if text:
                self.say()
                self.say(_(heading))
                self.say(text)
            if heading == "Who speaks" and source.single_writer:
                self.say()
                self.say(_("Resting on one writer only:"))
                for item in source.single_writer:
                    self.say(f"- {item}", hanging="  ")

    def show_in_context(self, note: Note) -> None:
        """The passage of the source where a quote stands, the quote marked in words (for a
        screen reader) rather than by typography."""
        found = quote_in_context(self.session.story, note)
        title = self.session.story.sources[note.source].title
        self.say()
        if found is None:
            self.say(_("The story has no text of {title} to show this quote in.").format(title=title))
            return
        passage, spans = found
        parts, at = [], 0
        for start, end in spans:
            parts += [passage[at:start], _("(quote begins)") + " ", passage[start:end], " " + _("(quote ends)")]
            at = end
        parts.append(passage[at:])
        self.say(_("In its context, from {title}:").format(title=title))
        self.say()
        for index, paragraph in enumerate(paragraphs("".join(parts).replace("\n", "\n\n"))):
            if index:
                self.say()
            self.say(paragraph)

    def note_command(self, command: str) -> None:
        """`c N` or `v N`: a note's source card, or its quote in context."""
        letter, _space, rest = command.partition(" ")
        rest = rest.strip()
        self.notes = dict(numbered_notes(self.session.scene.notes, self.scene_numbers()))
        if not rest.isdigit() or int(rest) not in self.notes:
            if self.notes:
                message = _("Give a note's number after {letter}, for example: {letter} 1 (notes: 1 to {count}).")
            else:
                message = _("Give a note's number after {letter}, for example: {letter} 1 (this scene has no notes).")
            self.say(message.format(letter=letter.lower(), count=len(self.notes)))
            return
        note = self.notes[int(rest)]
        if note.source not in self.session.story.sources:
            self.say(_("That note's source is not in the bibliography."))
        elif letter.lower() == "c":
            self.show_card(note.source)
        else:
            self.show_in_context(note)

    def show_choices(self) -> int:
        visible = self.session.visible_choices()
        self.say()
        self.say(_("Choices:"))
        for number, (_index, choice) in enumerate(visible, start=1):
            self.say(f"{number}. {choice.text}", hanging="   ")
        return len(visible)

    # --- what the full-screen game has, on request -------------------------------------------
    def show_help(self) -> None:
        self.say(_("Commands:"))
        for key, meaning in HELP:
            self.say(f"{key:<10} {_(meaning)}", hanging=" " * 11)

    def show_glossary(self, word: str) -> None:
        glossary = self.session.story.glossary
        terms = sorted(glossary, key=lambda term: (term.casefold(), term))
        if not terms:
            self.say(_("This story has no glossary."))
            return
        if not word:
            self.say(_("Glossary: {terms}.").format(terms=", ".join(terms)))
            self.say(_("Type g and a word to look it up, for example: g {term}").format(term=terms[0]))
            return
        found = [term for term in terms if term.casefold() == word.casefold()] or [
            term for term in terms if term.casefold().startswith(word.casefold())
        ]
        if not found:
            self.say(
                _("No glossary term starts with '{word}'. Type g for the list.").format(word=clean_line(word)[:30])
            )
            return
        for term in found[:5]:
            entry = glossary[term]
            definition = entry if isinstance(entry, str) else entry.definition
            self.say(f"{term}: {definition}", hanging="    ")

    def show_sources(self, which: str) -> None:
        session = self.session
        story = session.story
        met = session.sources_met()
        rest = len(story.sources) - len(met)
        if not which:
            self.say(_("The sources you have met so far: {count}.").format(count=len(met)))
            for source_id in met:
                line = _("source {number}: {title}").format(
                    number=self.source_number(source_id), title=story.sources[source_id].title
                )
                self.say(line, hanging="    ")
            if rest:
                self.say(
                    ngettext("{count} more appears as you play.", "{count} more appear as you play.", rest).format(
                        count=rest
                    )
                )
            if met:
                self.say(
                    _("Type r and a number for a source's card, for example: r {number}").format(
                        number=self.source_number(met[0])
                    )
                )
            return
        numbers = {str(self.source_number(source_id)): source_id for source_id in met}
        chosen = numbers.get(which.strip())
        if chosen is None:
            self.say(
                _("There is no source {number} among those you have met. Type r for the list.").format(
                    number=clean_line(which)[:10]
                )
            )
            return
        source_id = chosen
        self.show_card(source_id, self.source_number(source_id))
        seen = session.scenes_seen()
        cited = [
            (scene_id, note)
            for scene_id in seen
            for note in story.scenes[scene_id].notes.values()
            if note.source == source_id
        ]
        self.say(
            ngettext(
                "Quoted in {count} note you have met:", "Quoted in {count} notes you have met:", len(cited)
            ).format(count=len(cited))
        )
        for scene_id, note in cited:
            self.say(f"{story.scenes[scene_id].title}: \u201c{note.quote}\u201d", indent="  ", hanging="    ")

    def show_history(self) -> None:
        session = self.session
        story = session.story
        state = session.playing
        self.say(_("Your path so far:"))
        if session.began_at():
            self.say(session.began_at())
        for number, step in enumerate(state.history, start=1):
            scene = story.scenes[step.scene]
            line = _("{number}. {scene}, {date}: you chose {choice}.").format(
                number=number, scene=scene.title, date=format_date(scene.date), choice=step.choice_text
            )
            self.say(line, hanging="   ")
            others = session.not_taken(step)
            if others:
                self.say(_("Not taken: {choices}.").format(choices="; ".join(others)), indent="   ", hanging="   ")
        here = _("{number}. {where}: you are here.").format(number=len(state.history) + 1, where=session.where())
        self.say(here, hanging="   ")

    def hand_in(self) -> None:
        path = self.session.export()
        if path is not None:
            self.say(_("The transcript of your path, answers and notes, to hand in: {path}").format(path=path))
            self.say(_("(and the same as Markdown: {path})").format(path=path.with_suffix(".md")))

    def save_to(self, name: str) -> None:
        session = self.session
        if session.slot_exists(name):
            what = session.describe_slot(name) or _("a save that cannot be loaded")
            line = self.ask(_("'{name}' holds a game at {where}. Replace it? (y/n): ").format(name=name, where=what))
            if line is None or line.strip().lower() not in YES:
                self.say(_("Not saved: '{name}' is kept as it was.").format(name=name))
                return
        session.save(name)

    def common(self, command: str) -> bool:
        """The commands offered both in a scene and at an ending; False when `command` is none."""
        word, _space, rest = command.partition(" ")
        word = word.lower()
        if word == "n":
            self.show_notes(self.session.scene, self.scene_numbers())
        elif word == "g":
            self.show_glossary(rest.strip())
        elif word == "r":
            self.show_sources(rest.strip())
        elif word == "h":
            self.show_history()
        elif word == "e":
            self.hand_in()
        elif word in ("c", "v"):
            self.note_command(command)
        elif word in REFERENCE_COMMANDS and not rest.strip():
            self.show_reference(word)
        elif command in ("?", "help"):
            self.show_help()
        elif word in ("s", "save"):
            name = rest.strip()
            if not name:
                self.say(_("Give the save a name, for example: s before-the-square"))
            else:
                self.save_to(name)
        else:
            return False
        return True

    # --- the loop --------------------------------------------------------------------------
    def ask_reflections(self) -> bool:
        """Ask the questions not yet answered in this scene; False at the end of input."""
        session = self.session
        questions = session.scene.reflect
        if not self.reflect:
            return True
        answers = list(session.playing.answers)
        while len(answers) < len(questions):
            self.say()
            self.say(_("Reflect: {question}").format(question=questions[len(answers)]))
            line = self.ask(_("Your answer (Enter to skip): "))
            if line is None:
                session.answer(answers)
                return False
            answers.append(line)
            session.answer(answers)  # kept as typed: a piped game that stops here loses nothing
        return True

    def run(self) -> int:
        """Play the session's game until `q` or the end of input; the exit status."""
        try:
            return self._run()
        except KeyboardInterrupt:
            self.session.autosave()
            self.say()
            self.say(_("Stopped; the game is saved. Continue with: zhanaozen play --plain --continue"))
            return 130

    def _run(self) -> int:
        session = self.session
        show = True
        list_choices = True  # after a scene, and on an empty line: not after every command
        while True:
            if show:
                self.show_scene()
                show = False
                list_choices = True
                if not self.ask_reflections():
                    return self.stop()
                if session.is_ending():
                    self.show_ending()
                    found = session.record_ending()
                    session.autosave()
                    self.say()
                    self.say(
                        _(
                            "The end. Ending {found} of {total} found. Type e to hand in your path (a transcript "
                            "with your answers), b to go back, q to quit."
                        ).format(found=len(found), total=session.endings_total)
                    )
            if session.is_ending():
                line = self.ask(_("e hand in, b back, q quit (? for help): "))
                if line is None:
                    return 0  # the finished path stays in the autosave
                count = 0
            else:
                count = len(session.visible_choices())
                if list_choices:
                    self.show_choices()
                    list_choices = False
                line = self.ask(
                    _("Choose {numbers} (? for help): ").format(numbers="1" if count == 1 else f"1-{count}")
                )
                if line is None:
                    return self.stop()
            command = line.strip()
            if not command:
                list_choices = True
                continue
            if command.isdigit() and not session.is_ending():
                number = int(command)
                if 1 <= number <= count:
                    session.choose(number)
                    show = True
                else:
                    self.say(
                        _("There is no choice {number}: type a number from 1 to {count}.").format(
                            number=number, count=count
                        )
                    )
            elif command.lower() == "b":
                if session.back():
                    self.shown_chapter = ""
                    show = True
                else:
                    self.say(_("This is the start: there is nothing to go back to."))
            elif command.lower() == "a":
                self.shown_chapter = ""
                show = True
            elif command.lower() == "q":
                session.autosave()
                self.say(_("Saved. Continue with: zhanaozen play --plain --continue"))
                return 0
            elif not self.common(command):
                shown = clean_line(command)[:30]
                if session.is_ending():
                    message = _("'{command}' is not a command here: type e, b or q, or ? for help.")
                else:
                    message = _("'{command}' is not a command here: type a number from 1 to {count}, or ? for help.")
                self.say(message.format(command=shown, count=count))

    def show_reference(self, command: str) -> None:
        """People, places, the map or the real timeline, apart from the story's text."""
        from .core import reference, reference_text

        story = self.session.story
        seen = reference.seen_scenes(self.session.state)
        here = reference.place_of_scene(story, self.session.scene_id)
        kind = REFERENCE_COMMANDS[command]
        if kind == "people":
            lines = reference_text.people_lines(story, seen)
        elif kind == "places":
            lines = reference_text.places_lines(story, seen, here)
        elif kind == "map":
            lines = reference_text.map_lines(story, seen, here, min(76, (self.width or 77) - 1))
        else:
            lines = reference_text.events_lines(story)
        self.say()
        for line in lines:
            if kind == "map":
                self.stdout.write(clean_line(line) + "\n")  # the drawing is never re-wrapped
            else:
                stripped = line.lstrip(" ")
                indent = line[: len(line) - len(stripped)]
                self.say(stripped, indent=indent, hanging=indent + "  " if indent else "  ")

    def stop(self) -> int:
        self.session.autosave()
        self.say(_("End of input: the game is saved. Continue with: zhanaozen play --plain --continue"))
        return 0


def terminal_width(stream: TextIO) -> int | None:
    """Wrap to the terminal (at most 88 columns) when writing to one; never wrap into a pipe."""
    try:
        if not stream.isatty():
            return None
    except (AttributeError, ValueError):
        return None
    return max(20, min(88, shutil.get_terminal_size().columns - 1))
