"""One student's game in a browser: the Textual game with its saves in the class database.

On a first visit (a browser address the class does not know yet) the game asks the student's name
or pseudonym, or a resume code to go on with a game begun on another computer, and shows the
student's resume code. `e` (and the ending's button) hands the transcript in: it is kept in the
class database for the teacher, and the browser downloads a copy (`App.deliver_text`).
"""

from __future__ import annotations

import io
import re
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from ..core.i18n import N_, _
from ..core.session import Session
from ..core.story import Report, Story
from ..tui.app import ZhanaozenApp
from .db import MAX_NAME, ClassDB, ClassSaves, Student, clean_name

WELCOME = N_("Welcome. What is your name? A pseudonym is fine: any name your teacher will recognise.")
RESUME = N_("Began on another computer? Type your resume code instead, to go on with that game.")


class StudentScreen(ModalScreen[Student]):
    """The first visit: the student's name (or a pseudonym), or a resume code."""

    def compose(self) -> ComposeResult:
        with Vertical(id="student-box", classes="dialog"):
            yield Static(Content(_("Who is playing?")), classes="dialog-title")
            yield Static(Content(_(WELCOME)), classes="student-help")
            yield Input(placeholder=_("Your name or a pseudonym"), max_length=MAX_NAME, id="student-name")
            yield Static(Content(_(RESUME)), classes="student-help")
            yield Input(placeholder=_("Resume code (7 letters)"), max_length=16, id="resume-code")
            yield Static(id="student-problem", markup=False)

    def on_mount(self) -> None:
        for field in self.query(Input).results(Input):
            field.cursor_blink = False  # 40 blinking cursors at once cost the class's CPU
        self.query_one("#student-name", Input).focus()

    def problem(self, text: str) -> None:
        self.query_one("#student-problem", Static).update(Content(text))

    @on(Input.Submitted, "#student-name")
    def named(self, event: Input.Submitted) -> None:
        if not clean_name(event.value):
            self.problem(_("Type a name (or a pseudonym), then Enter."))
            return
        app = self.app
        assert isinstance(app, ClassroomApp)
        self.dismiss(app.db.add_student(event.value, app.game))

    @on(Input.Submitted, "#resume-code")
    def resumed(self, event: Input.Submitted) -> None:
        app = self.app
        assert isinstance(app, ClassroomApp)
        student = app.db.resume(event.value, app.game)
        if student is None:
            self.problem(_("No student of this class has that code: check it, or type your name above."))
            return
        self.dismiss(student)


class ResumeCodeScreen(ModalScreen[None]):
    """The student's resume code, to write down."""

    BINDINGS = [Binding("enter,escape,space", "dismiss", "Go on")]

    def __init__(self, student: Student) -> None:
        super().__init__()
        self.student = student

    def compose(self) -> ComposeResult:
        with Vertical(id="resume-box", classes="dialog"):
            yield Static(Content(_("Hello, {name}.").format(name=self.student.name)), classes="dialog-title")
            yield Static(Content(_("Your resume code:")))
            yield Static(Content(self.student.code), id="resume-code-shown")
            yield Static(
                Content(
                    _(
                        "Write it down. On another computer, or if this page is closed, open the game "
                        "again and type this code instead of your name: your game goes on where you left it."
                    )
                ),
                classes="student-help",
            )
            with Center():
                yield Button(_("Go on"), id="go-on", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#go-on", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss()


def file_name(name: str) -> str:
    """A download's file name for a student's transcript."""
    slug = re.sub(r"[^A-Za-z0-9]+", "-", name).strip("-")[:40] or "student"
    return f"zhanaozen-{slug}.html"


class ClassroomApp(ZhanaozenApp):
    """The game of one browser address, playing as the student the class database knows there."""

    EXPORT_LABEL = N_("Hand in your transcript (e)")
    CSS_PATH = str(Path(__file__).resolve().parent.parent / "tui" / "zhanaozen.tcss")

    def __init__(
        self,
        story_dir: Path,
        db: ClassDB,
        game: str,
        report: Report | None = None,
        language: str = "",
        chapter: str = "",
    ) -> None:
        super().__init__(story_dir, language=language)
        self.start_chapter = chapter  # the class's `serve --chapter`: where the student's new games start
        self.db = db
        self.game = game
        self.student: Student | None = db.student_at(game)
        self._report = report  # the story, read by a warm parent before this game was forked

    def on_mount(self) -> None:
        super().on_mount()
        if self.student is None:
            self.push_screen(StudentScreen(), self.identified)
        else:
            self.notify(
                _("Playing as {name}. Your resume code: {code}.").format(
                    name=self.student.name, code=self.student.code
                ),
                timeout=8,
                markup=False,
            )

    def identified(self, student: Student | None) -> None:
        if student is None:
            return
        self.student = student
        self.push_screen(ResumeCodeScreen(student), self._code_seen)

    def _code_seen(self, _: None) -> None:
        self.load_story()

    def load_story(self) -> bool:
        if self.student is None:  # nothing is played (or saved) before the student is known
            return False
        return super().load_story()

    def read_story(self) -> Report:
        if self._report is not None:
            report, self._report = self._report, None
            return report
        return super().read_story()

    def make_session(self, story: Story) -> Session:
        assert self.student is not None
        student = self.student.id
        return Session(story, on_notice=self.tell, saves=lambda engine: ClassSaves(self.db, student, engine))

    def action_export(self) -> None:
        """Hand in: the transcript goes to the class database and downloads in the browser."""
        if self.session is None or self.session.state is None or self.student is None:
            return
        self.keep_answers()
        from ..core.export import build, to_html, to_markdown

        transcript = build(self.session.story, self.session.state, student=self.student.name)
        html = to_html(transcript)
        try:
            self.db.hand_in(self.student.id, self.session.story.id, html, to_markdown(transcript))
        except Exception as err:  # sqlite3.Error, OSError: say so, never crash the game
            self.notify(_("Could not hand in: {reason}").format(reason=err), severity="error", timeout=10, markup=False)
            return
        self.deliver_text(
            io.StringIO(html), save_filename=file_name(self.student.name), mime_type="text/html", encoding="utf-8"
        )
        self.notify(
            _("Handed in: your teacher has your transcript, and your browser downloads a copy."),
            title=_("Handed in"),
            timeout=10,
            markup=False,
        )


def run_game(
    story_dir: Path, db_path: Path, game: str, report: Report | None = None, language: str = "", chapter: str = ""
) -> int:
    """Play one browser address's game until it ends; the exit status."""
    db = ClassDB(db_path)
    try:
        app = ClassroomApp(story_dir, db, game, report, language, chapter)
        app.run()
        return app.return_code or 0
    finally:
        db.close()
