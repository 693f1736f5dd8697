"""The plain line mode (`zhanaozen play --plain`): for screen readers, pipes and tests.

A thin shell over the engine: it prints a scene (title, date, place, text with numbered
footnotes, the notes), asks the reflection questions, lists the visible choices and reads one
line at a time. Everything it prints from the story goes through `clean_line`, so no control
character reaches the terminal. At the end of input it stops with the autosave in place.
"""

from __future__ import annotations

import shutil
import textwrap
from typing import TextIO

from .engine import Engine, GameState
from .saves import AUTOSAVE, SaveError, SaveStore
from .text import clean_line, format_date, number_markers, numbered_notes, paragraphs

HELP = """Commands:
  1, 2, ...  take that choice
  b          go back: undo the last choice
  r          read the scene again
  s NAME     save to a slot called NAME (letters, digits, - and _)
  q          save and quit (continue later with: zhanaozen play --plain --continue)
  ?          this list"""

MAX_ANSWER = 4000


class PlainGame:
    """One session of play in line mode, reading `stdin` and writing `stdout`."""

    def __init__(self, engine: Engine, store: SaveStore, stdin: TextIO, stdout: TextIO,
                 width: int | None = None) -> None:
        self.engine = engine
        self.store = store
        self.stdin = stdin
        self.stdout = stdout
        self.width = width
        self.shown_chapter = ""

    # --- output ----------------------------------------------------------------------------
    def say(self, text: str = "", indent: str = "", hanging: str | None = None) -> None:
        """Print a line, wrapped to the terminal; `hanging` indents the lines after the first."""
        text = clean_line(text)
        if self.width and text:
            text = textwrap.fill(text, self.width, initial_indent=indent,
                                 subsequent_indent=indent if hanging is None else hanging,
                                 break_long_words=False, break_on_hyphens=False)
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

    def show_scene(self, state: GameState) -> None:
        story = self.engine.story
        scene = self.engine.scene(state)
        chapter_id = story.chapter_of[state.scene]
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

    def show_notes(self, scene, numbers: dict[str, int]) -> None:
        if not numbers:
            return
        self.say()
        self.say("Notes:")
        for number, note in numbered_notes(scene.notes, numbers):
            source = self.engine.story.sources.get(note.source)
            title = source.title if source else note.source
            self.say(f"[{number}] {title}: \u201c{note.quote}\u201d", hanging="    ")
            if note.comment:
                self.say(note.comment, indent="    ")

    def show_ending(self, state: GameState) -> None:
        scene = self.engine.scene(state)
        ending = scene.ending
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

    def show_choices(self, state: GameState) -> int:
        visible = self.engine.visible_choices(state)
        self.say()
        for number, (_, choice) in enumerate(visible, start=1):
            self.say(f"{number}. {choice.text}")
        return len(visible)

    # --- saving ----------------------------------------------------------------------------
    def autosave(self, state: GameState) -> None:
        self.save(AUTOSAVE, state, quiet=True)

    def save(self, slot: str, state: GameState, quiet: bool = False) -> bool:
        try:
            notice = self.store.write(slot, state)
        except SaveError as problem:
            self.say(f"Could not save: {problem}")
            return False
        if notice:
            self.say(notice)
        if not quiet:
            self.say(f"Saved as '{slot}'.")
        return True

    # --- the loop --------------------------------------------------------------------------
    def ask_reflections(self, state: GameState) -> bool:
        """Ask the questions not yet answered in this scene; False at the end of input."""
        questions = self.engine.scene(state).reflect
        answers = list(state.answers)
        while len(answers) < len(questions):
            self.say()
            self.say(f"Reflect: {questions[len(answers)]}")
            line = self.ask("Your answer (Enter to skip): ")
            if line is None:
                self.engine.answer(state, answers)
                return False
            answers.append(clean_line(line)[:MAX_ANSWER])
        self.engine.answer(state, answers)
        return True

    def run(self, state: GameState) -> int:
        """Play from `state` until an ending, `q` or the end of input. Returns the exit status."""
        try:
            return self._run(state)
        except KeyboardInterrupt:
            self.autosave(state)
            self.say()
            self.say("Stopped; the game is saved. Continue with: zhanaozen play --plain --continue")
            return 130

    def _run(self, state: GameState) -> int:
        engine = self.engine
        show = True
        while True:
            if show:
                self.show_scene(state)
                show = False
            if not self.ask_reflections(state):
                return self.stop(state)
            if engine.is_ending(state):
                self.show_ending(state)
                self.autosave(state)
                return 0
            count = self.show_choices(state)
            line = self.ask(f"Choose {'1' if count == 1 else f'1-{count}'} (? for help): ")
            if line is None:
                return self.stop(state)
            command = line.strip()
            if not command:
                continue
            if command.isdigit():
                number = int(command)
                if 1 <= number <= count:
                    engine.choose(state, number)
                    self.autosave(state)
                    show = True
                else:
                    self.say(f"There is no choice {number}: type a number from 1 to {count}.")
            elif command.lower() == "b":
                if engine.back(state):
                    self.autosave(state)
                    self.shown_chapter = ""
                    show = True
                else:
                    self.say("This is the start: there is nothing to go back to.")
            elif command.lower() == "r":
                self.shown_chapter = ""
                show = True
            elif command.lower() == "q":
                self.autosave(state)
                self.say("Saved. Continue with: zhanaozen play --plain --continue")
                return 0
            elif command in ("?", "h", "help"):
                self.say(HELP)
            elif command.split()[0].lower() in ("s", "save"):
                name = command.partition(" ")[2].strip()
                if not name:
                    self.say("Give the save a name, for example: s before-the-square")
                else:
                    self.save(name, state)
            else:
                shown = clean_line(command)[:30]
                self.say(f"'{shown}' is not a command here: type a number from 1 to {count}, or ? for help.")

    def stop(self, state: GameState) -> int:
        self.autosave(state)
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
