"""The class database: one SQLite file per class, so that nothing of a lesson is lost.

A class is one file (stdlib `sqlite3`, write-ahead log, `synchronous=FULL`): its students (a name
or pseudonym and a resume code), the browser addresses that play as each student, their games (a
save's JSON, as `core.saves.encode_save` writes it), their reflection answers, the endings they
reached and the transcripts they handed in. Every save is one transaction, committed before the
game goes on, so a `kill -9` of the server or of a game process loses at most the keystroke in
flight, and a restart continues every game.

The file is in the user data folder (`classes/<name>.sqlite3`) unless another is chosen. Games
reach it through `ClassSaves`, a save store a `core.session.Session` plugs in: the rules of a
game stay in the Session.
"""

from __future__ import annotations

import os
import re
import secrets
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from ..core.engine import Engine, GameState
from ..core.saves import SaveError, SlotInfo, check_slot_name, decode_save, encode_save, saved_at
from ..core.slots import AUTOSAVE

SCHEMA_VERSION = 1
DEFAULT_CLASS = "default"
CLASS_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")
CLASS_RULE = "a class name is 1 to 64 letters, digits, '-' or '_', beginning with a letter or digit"
# Resume codes: capital letters that cannot be taken for a digit or for one another in print or
# handwriting (no B D G I L O Q S Z); 17 ** 7 codes, about 400 million.
CODE_LETTERS = "ACEFHJKMNPRTUVWXY"
CODE_LENGTH = 7
MAX_NAME = 60

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS students (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    code TEXT NOT NULL UNIQUE,
    created TEXT NOT NULL,
    last_active TEXT NOT NULL,
    content_note_seen INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS tabs (
    game TEXT PRIMARY KEY,
    student INTEGER NOT NULL REFERENCES students(id) ON DELETE CASCADE
);
CREATE TABLE IF NOT EXISTS games (
    student INTEGER NOT NULL REFERENCES students(id) ON DELETE CASCADE,
    story TEXT NOT NULL,
    slot TEXT NOT NULL,
    save TEXT NOT NULL,
    scene TEXT NOT NULL,
    saved_at TEXT NOT NULL,
    PRIMARY KEY (student, story, slot)
);
CREATE TABLE IF NOT EXISTS answers (
    student INTEGER NOT NULL REFERENCES students(id) ON DELETE CASCADE,
    story TEXT NOT NULL,
    scene TEXT NOT NULL,
    question INTEGER NOT NULL,
    answer TEXT NOT NULL,
    updated TEXT NOT NULL,
    PRIMARY KEY (student, story, scene, question)
);
CREATE TABLE IF NOT EXISTS endings (
    student INTEGER NOT NULL REFERENCES students(id) ON DELETE CASCADE,
    story TEXT NOT NULL,
    scene TEXT NOT NULL,
    reached TEXT NOT NULL,
    PRIMARY KEY (student, story, scene)
);
CREATE TABLE IF NOT EXISTS transcripts (
    id INTEGER PRIMARY KEY,
    student INTEGER NOT NULL REFERENCES students(id) ON DELETE CASCADE,
    story TEXT NOT NULL,
    handed_in TEXT NOT NULL,
    html TEXT NOT NULL,
    markdown TEXT NOT NULL
);
"""


class ClassError(Exception):
    """A class that cannot be opened or named so; the message is for the teacher."""


@dataclass
class Student:
    id: int
    name: str
    code: str
    last_active: str = ""


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def new_code() -> str:
    return "".join(secrets.choice(CODE_LETTERS) for _ in range(CODE_LENGTH))


def normalise_code(text: str) -> str:
    """A resume code as typed (any case, spaces or dashes) in its stored form."""
    return re.sub(r"[\s-]", "", text).upper()


def clean_name(text: str) -> str:
    from ..core.text import clean_line

    return " ".join(clean_line(text).split())[:MAX_NAME]


def classes_folder() -> Path:
    from ..core.paths import data_home

    return data_home() / "classes"


def class_path(name: str | None = None, path: Path | None = None) -> Path:
    """The file of a class: `path` if given, else `<user data>/classes/<name>.sqlite3`."""
    if path is not None:
        return Path(path)
    name = DEFAULT_CLASS if name is None else name
    if not CLASS_NAME.match(name):
        raise ClassError(f"{CLASS_RULE} (not {name[:40]!r})")
    return classes_folder() / f"{name}.sqlite3"


def delete_class(path: Path) -> bool:
    """Remove a class's file and its write-ahead log; False when there was none."""
    found = False
    for suffix in ("", "-wal", "-shm", "-journal"):
        target = Path(f"{path}{suffix}")
        try:
            target.unlink()
            found = True
        except FileNotFoundError:
            pass
    return found


class ClassDB:
    """One class's database. Safe to open from many processes at once (each its own connection)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.connection = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
            self.connection.execute("PRAGMA busy_timeout = 30000")
            mode = self.connection.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if mode.lower() != "wal":
                raise ClassError(f"{self.path}: the database cannot use a write-ahead log (journal mode {mode})")
            self.connection.execute("PRAGMA synchronous = FULL")
            self.connection.execute("PRAGMA foreign_keys = ON")
            with self.transaction() as db:
                for statement in SCHEMA.split(";"):
                    if statement.strip():
                        db.execute(statement)
                row = db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
                if row is None:
                    db.execute("INSERT INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
                elif int(row[0]) > SCHEMA_VERSION:
                    raise ClassError(f"{self.path} was made by a newer version of the game: update it")
        except sqlite3.DatabaseError as err:
            raise ClassError(f"{self.path}: not a class database ({err})") from None
        except OSError as err:
            raise ClassError(f"{self.path}: {err.strerror or err}") from None
        if os.name == "posix":
            try:
                os.chmod(self.path, 0o600)  # students' names and answers: the teacher's only
            except OSError:
                pass

    def close(self) -> None:
        self.connection.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One transaction: committed whole when the block ends, rolled back on an exception."""
        db = self.connection
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    # --- students -----------------------------------------------------------------------------
    def add_student(self, name: str, game: str | None = None) -> Student:
        """A new student (a fresh resume code), playing at `game`'s address when given."""
        name = clean_name(name)
        if not name:
            raise ValueError("a student needs a name (a pseudonym will do)")
        with self.transaction() as db:
            while True:
                code = new_code()
                if db.execute("SELECT 1 FROM students WHERE code = ?", (code,)).fetchone() is None:
                    break
            stamp = now()
            cursor = db.execute(
                "INSERT INTO students (name, code, created, last_active) VALUES (?, ?, ?, ?)",
                (name, code, stamp, stamp),
            )
            student = Student(int(cursor.lastrowid or 0), name, code, stamp)
            if game:
                db.execute("INSERT OR REPLACE INTO tabs VALUES (?, ?)", (game, student.id))
        return student

    def student(self, student_id: int) -> Student | None:
        row = self.connection.execute(
            "SELECT id, name, code, last_active FROM students WHERE id = ?", (student_id,)
        ).fetchone()
        return Student(*row) if row else None

    def student_at(self, game: str) -> Student | None:
        """The student who plays at a browser address (None on a first visit)."""
        row = self.connection.execute(
            "SELECT s.id, s.name, s.code, s.last_active FROM tabs t JOIN students s ON s.id = t.student "
            "WHERE t.game = ?",
            (game,),
        ).fetchone()
        return Student(*row) if row else None

    def resume(self, code: str, game: str) -> Student | None:
        """The student with this resume code, now also playing at `game` (None: no such code)."""
        with self.transaction() as db:
            row = db.execute(
                "SELECT id, name, code, last_active FROM students WHERE code = ?", (normalise_code(code),)
            ).fetchone()
            if row is None:
                return None
            db.execute("INSERT OR REPLACE INTO tabs VALUES (?, ?)", (game, row[0]))
        return Student(*row)

    def students(self) -> list[Student]:
        rows = self.connection.execute(
            "SELECT id, name, code, last_active FROM students ORDER BY name COLLATE NOCASE, id"
        )
        return [Student(*row) for row in rows]

    def set_content_note_seen(self, student: int) -> None:
        with self.transaction() as db:
            db.execute("UPDATE students SET content_note_seen = 1 WHERE id = ?", (student,))

    def content_note_seen(self, student: int) -> bool:
        row = self.connection.execute("SELECT content_note_seen FROM students WHERE id = ?", (student,)).fetchone()
        return bool(row and row[0])

    # --- games ----------------------------------------------------------------------------------
    def save_game(self, student: int, story: str, slot: str, save: bytes, state: GameState) -> None:
        """Write a save, and the answers on its path, in one transaction."""
        stamp = now()
        with self.transaction() as db:
            db.execute(
                "INSERT OR REPLACE INTO games VALUES (?, ?, ?, ?, ?, ?)",
                (student, story, slot, save.decode("utf-8"), state.scene, stamp),
            )
            if slot == AUTOSAVE:
                for scene, answers in [(step.scene, step.answers) for step in state.history] + [
                    (state.scene, state.answers)
                ]:
                    for question, answer in enumerate(answers):
                        db.execute(
                            "INSERT INTO answers VALUES (?, ?, ?, ?, ?, ?) "
                            "ON CONFLICT (student, story, scene, question) DO UPDATE "
                            "SET answer = excluded.answer, updated = excluded.updated "
                            "WHERE answer IS NOT excluded.answer",
                            (student, story, scene, question, answer, stamp),
                        )
            db.execute("UPDATE students SET last_active = ? WHERE id = ?", (stamp, student))

    def game(self, student: int, story: str, slot: str = AUTOSAVE) -> bytes | None:
        row = self.connection.execute(
            "SELECT save FROM games WHERE student = ? AND story = ? AND slot = ?", (student, story, slot)
        ).fetchone()
        return row[0].encode("utf-8") if row else None

    def games(self, student: int, story: str) -> list[tuple[str, bytes]]:
        rows = self.connection.execute(
            "SELECT slot, save FROM games WHERE student = ? AND story = ? ORDER BY saved_at DESC", (student, story)
        )
        return [(slot, save.encode("utf-8")) for slot, save in rows]

    def autosaves(self, story: str | None = None) -> dict[int, bytes]:
        """{student id: the autosave's bytes} (of one story, when given)."""
        query = "SELECT student, save FROM games WHERE slot = ?" + (" AND story = ?" if story else "")
        rows = self.connection.execute(query, (AUTOSAVE, story) if story else (AUTOSAVE,))
        return {student: save.encode("utf-8") for student, save in rows}

    def answers(self, story: str | None = None) -> list[tuple[int, str, int, str]]:
        """(student, scene, question, answer) of every answer given, empty ones left out."""
        query = "SELECT student, scene, question, answer FROM answers WHERE answer != ''"
        rows = self.connection.execute(query + (" AND story = ?" if story else ""), (story,) if story else ())
        return list(rows)

    def record_ending(self, student: int, story: str, scene: str) -> None:
        with self.transaction() as db:
            db.execute("INSERT OR IGNORE INTO endings VALUES (?, ?, ?, ?)", (student, story, scene, now()))

    def endings(self, student: int, story: str) -> set[str]:
        rows = self.connection.execute("SELECT scene FROM endings WHERE student = ? AND story = ?", (student, story))
        return {scene for (scene,) in rows}

    def all_endings(self, story: str | None = None) -> list[tuple[int, str, str]]:
        """(student, ending scene, when) of every ending reached."""
        query = "SELECT student, scene, reached FROM endings" + (" WHERE story = ?" if story else "")
        return list(self.connection.execute(query + " ORDER BY reached", (story,) if story else ()))

    # --- transcripts ------------------------------------------------------------------------------
    def hand_in(self, student: int, story: str, html: str, markdown: str) -> int:
        with self.transaction() as db:
            cursor = db.execute(
                "INSERT INTO transcripts (student, story, handed_in, html, markdown) VALUES (?, ?, ?, ?, ?)",
                (student, story, now(), html, markdown),
            )
            db.execute("UPDATE students SET last_active = ? WHERE id = ?", (now(), student))
        return int(cursor.lastrowid or 0)

    def latest_transcripts(self) -> dict[int, tuple[int, str]]:
        """{student: (transcript id, when handed in)} of each student's last transcript."""
        rows = self.connection.execute("SELECT student, MAX(id), handed_in FROM transcripts GROUP BY student")
        return {student: (ident, when) for student, ident, when in rows}

    def transcript(self, ident: int) -> tuple[int, str, str, str] | None:
        """(student, handed in, html, markdown) of a transcript."""
        return self.connection.execute(
            "SELECT student, handed_in, html, markdown FROM transcripts WHERE id = ?", (ident,)
        ).fetchone()


class ClassSaves:
    """The save store of one student's games in the class database (a `core.saves.Saves`)."""

    def __init__(self, db: ClassDB, student: int, engine: Engine) -> None:
        self.db = db
        self.student = student
        self.engine = engine
        self.story_id = engine.story.id

    def exists(self, slot: str) -> bool:
        return self.db.game(self.student, self.story_id, check_slot_name(slot)) is not None

    def write(self, slot: str, state: GameState) -> str:
        data = encode_save(self.engine, check_slot_name(slot), state)
        try:
            self.db.save_game(self.student, self.story_id, slot, data, state)
        except sqlite3.Error as err:
            raise SaveError(f"could not save to the class database: {err}") from None
        return ""

    def read(self, slot: str) -> GameState:
        try:
            data = self.db.game(self.student, self.story_id, check_slot_name(slot))
        except sqlite3.Error as err:
            raise SaveError(f"the class database could not be read: {err}") from None
        if data is None:
            raise SaveError(f"there is no save named '{slot}'")
        return decode_save(self.engine, data)

    def slots(self) -> list[SlotInfo]:
        found = []
        for slot, data in self.db.games(self.student, self.story_id):
            info = SlotInfo(slot, self.db.path, saved_at(data))
            try:
                info.scene = decode_save(self.engine, data).scene
            except SaveError as problem:
                info.problem = str(problem)
            found.append(info)
        return found

    def endings_found(self) -> set[str]:
        return {scene for scene in self.db.endings(self.student, self.story_id) if scene in self.engine.story.scenes}

    def record_ending(self, scene_id: str) -> set[str]:
        try:
            self.db.record_ending(self.student, self.story_id, scene_id)
        except sqlite3.Error:
            return self.endings_found() | {scene_id}  # for the player's interest only
        return self.endings_found()

    def content_note_seen(self) -> bool:
        return self.db.content_note_seen(self.student)

    def mark_content_note_seen(self) -> None:
        try:
            self.db.set_content_note_seen(self.student)
        except sqlite3.Error:
            pass
