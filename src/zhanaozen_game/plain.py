"""The plain line mode (`zhanaozen play --plain`): for screen readers, pipes and tests.

A thin shell over a `core.session.Session`: it prints a scene (title, date, place, text with numbered
footnotes, the notes), asks the reflection questions, lists the visible choices and reads one
line at a time. Everything it prints from the story goes through `clean_line`, so no control
character reaches the terminal. At the end of input it stops with the autosave in place.
"""

from __future__ import annotations

import shutil
import textwrap
from typing import TextIO

from .core.model import Note, Scene
from .core.session import Notice, Session
from .core.sourcing import quote_in_context
from .core.text import clean_line, format_date, number_markers, numbered_notes, paragraphs

HELP = """Commands:
  1, 2, ...  take that choice
  b          go back: undo the last choice
  r          read the scene again
  c N        the card of note N's source: who wrote it, from what standpoint
  v N        note N's quote in its context, in the source's own text
  s NAME     save to a slot called NAME (letters, digits, - and _)
  q          save and quit (continue later with: zhanaozen play --plain --continue)
  ?          this list"""


class PlainGame:
    """One session of play in line mode, reading `stdin` and writing `stdout`."""

    def __init__(self, session: Session, stdin: TextIO, stdout: TextIO, width: int | None = None) -> None:
        self.session = session
        session.on_notice = self.tell
        self.stdin = stdin
        self.stdout = stdout
        self.width = width
        self.shown_chapter = ""
        self.notes: dict[int, Note] = {}  # the notes of the scene shown last, by number

    # --- output ----------------------------------------------------------------------------
    def say(self, text: str = "", indent: str = "", hanging: str | None = None) -> None:
        """Print a line, wrapped to the terminal; `hanging` indents the lines after the first."""
        text = clean_line(text)
        if self.width and text:
            text = textwrap.fill(
                text,
                self.width,
                initial_indent=indent,
                subsequent_indent=indent if hanging is None else hanging,
                break_long_words=False,
                break_on_hyphens=False,
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
        self.say(f"Could not save: {notice.text}" if notice.severity == "error" else notice.text)

    def show_scene(self) -> None:
        session = self.session
        story = session.story
        scene = session.scene
        chapter_id = story.chapter_of[session.scene_id]
        if chapter_id != self.shown_chapter:
            chapter = story.chapters[chapter_id]
            period = f" ({chapter.period})" if chapter.period else ""
            self.say()
            self.say(f"=== {chapter.title}{period} ===")
            self.shown_chapter = chapter_id
        self.say()
        if scene.content_note:
            self.say(f"Content note: {scene.content_note}")
            self.say()
        self.say(f"## {scene.title}")
        self.say(" · ".join(part for part in (format_date(scene.date), scene.place) if part))
        numbers: dict[str, int] = {}
        for paragraph in paragraphs(number_markers(scene.text, numbers)):
            self.say()
            self.say(paragraph)
        if scene.ending is None:
            self.show_notes(scene, numbers)

    def show_notes(self, scene: Scene, numbers: dict[str, int]) -> None:
        self.notes = dict(numbered_notes(scene.notes, numbers))
        if not numbers:
            return
        self.say()
        self.say("Notes (c N for a note's source card, v N for its quote in context):")
        for number, note in numbered_notes(scene.notes, numbers):
            source = self.session.story.sources.get(note.source)
            title = source.title if source else note.source
            self.say(f"[{number}] {title}: \u201c{note.quote}\u201d", hanging="    ")
            if note.comment:
                self.say(note.comment, indent="    ")

    def show_ending(self) -> None:
        scene = self.session.scene
        ending = scene.ending
        assert ending is not None
        numbers: dict[str, int] = {}
        number_markers(scene.text, numbers)
        self.say()
        self.say(f"Ending: {ending.title}")
        self.say()
        self.say(ending.summary)
        if ending.debrief:
            self.say()
            self.say("What really happened:")
            for paragraph in paragraphs(number_markers(ending.debrief, numbers)):
                self.say()
                self.say(paragraph)
        self.show_notes(scene, numbers)

    def show_card(self, source_id: str) -> None:
        """A source's card, as the full-screen game shows it."""
        source = self.session.story.sources[source_id]
        self.say()
        self.say(f"Source: {source.title}")
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
                self.say(heading)
                self.say(text)
            if heading == "Who speaks" and source.single_writer:
                self.say()
                self.say("Resting on one writer only:")
                for item in source.single_writer:
                    self.say(f"- {item}", hanging="  ")

    def show_in_context(self, note: Note) -> None:
        """The passage of the source where a quote stands, the quote marked in words (for a
        screen reader) rather than by typography."""
        found = quote_in_context(self.session.story, note)
        title = self.session.story.sources[note.source].title
        self.say()
        if found is None:
            self.say(f"The story has no text of {title} to show this quote in.")
            return
        passage, spans = found
        parts, at = [], 0
        for start, end in spans:
            parts += [passage[at:start], "(quote begins) ", passage[start:end], " (quote ends)"]
            at = end
        parts.append(passage[at:])
        self.say(f"In its context, from {title}:")
        self.say()
        for index, paragraph in enumerate(paragraphs("".join(parts).replace("\n", "\n\n"))):
            if index:
                self.say()
            self.say(paragraph)

    def note_command(self, command: str) -> None:
        """`c N` or `v N`: a note's source card, or its quote in context."""
        letter, _, rest = command.partition(" ")
        rest = rest.strip()
        if not rest.isdigit() or int(rest) not in self.notes:
            numbers = f"1 to {len(self.notes)}" if self.notes else "none in this scene"
            self.say(
                f"Give a note's number after {letter.lower()}, for example: {letter.lower()} 1 (notes: {numbers})."
            )
            return
        note = self.notes[int(rest)]
        if note.source not in self.session.story.sources:
            self.say("That note's source is not in the bibliography.")
        elif letter.lower() == "c":
            self.show_card(note.source)
        else:
            self.show_in_context(note)

    def show_choices(self) -> int:
        visible = self.session.visible_choices()
        self.say()
        for number, (_, choice) in enumerate(visible, start=1):
            self.say(f"{number}. {choice.text}")
        return len(visible)

    # --- the loop --------------------------------------------------------------------------
    def ask_reflections(self) -> bool:
        """Ask the questions not yet answered in this scene; False at the end of input."""
        session = self.session
        questions = session.scene.reflect
        answers = list(session.playing.answers)
        while len(answers) < len(questions):
            self.say()
            self.say(f"Reflect: {questions[len(answers)]}")
            line = self.ask("Your answer (Enter to skip): ")
            if line is None:
                session.answer(answers)
                return False
            answers.append(line)
            session.answer(answers)  # kept as typed: a piped game that stops here loses nothing
        return True

    def run(self) -> int:
        """Play the session's game until an ending, `q` or the end of input; the exit status."""
        try:
            return self._run()
        except KeyboardInterrupt:
            self.session.autosave()
            self.say()
            self.say("Stopped; the game is saved. Continue with: zhanaozen play --plain --continue")
            return 130

    def _run(self) -> int:
        session = self.session
        show = True
        while True:
            if show:
                self.show_scene()
                show = False
            if not self.ask_reflections():
                return self.stop()
            if session.is_ending():
                self.show_ending()
                session.record_ending()
                session.autosave()
                return 0
            count = self.show_choices()
            line = self.ask(f"Choose {'1' if count == 1 else f'1-{count}'} (? for help): ")
            if line is None:
                return self.stop()
            command = line.strip()
            if not command:
                continue
            if command.isdigit():
                number = int(command)
                if 1 <= number <= count:
                    session.choose(number)
                    show = True
                else:
                    self.say(f"There is no choice {number}: type a number from 1 to {count}.")
            elif command.lower() == "b":
                if session.back():
                    self.shown_chapter = ""
                    show = True
                else:
                    self.say("This is the start: there is nothing to go back to.")
            elif command.lower() == "r":
                self.shown_chapter = ""
                show = True
            elif command.lower() == "q":
                session.autosave()
                self.say("Saved. Continue with: zhanaozen play --plain --continue")
                return 0
            elif command.split()[0].lower() in ("c", "v"):
                self.note_command(command)
            elif command in ("?", "h", "help"):
                self.say(HELP)
            elif command.split()[0].lower() in ("s", "save"):
                name = command.partition(" ")[2].strip()
                if not name:
                    self.say("Give the save a name, for example: s before-the-square")
                else:
                    session.save(name)
            else:
                shown = clean_line(command)[:30]
                self.say(f"'{shown}' is not a command here: type a number from 1 to {count}, or ? for help.")

    def stop(self) -> int:
        self.session.autosave()
        self.say("End of input: the game is saved. Continue with: zhanaozen play --plain --continue")
        return 0


def terminal_width(stream: TextIO) -> int | None:
    """Wrap to the terminal (at most 88 columns) when writing to one; never wrap into a pipe."""
    try:
        if not stream.isatty():
            return None
    except (AttributeError, ValueError):
        return None
    return max(20, min(88, shutil.get_terminal_size().columns - 1))
