"""The class database: students and resume codes, games saved in one transaction each, answers,
endings and transcripts; a game survives its process being killed; a class can be deleted."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap

import pytest

from zhanaozen_game.classroom import db as classdb
from zhanaozen_game.core.loader import open_story
from zhanaozen_game.core.saves import SaveError
from zhanaozen_game.core.session import Session


@pytest.fixture
def database(tmp_path):
    database = classdb.ClassDB(tmp_path / "class.sqlite3")
    yield database
    database.close()


def session_for(database, story_root, student):
    story = open_story(story_root).story
    return Session(story, saves=lambda engine: classdb.ClassSaves(database, student.id, engine))


def test_the_database_uses_a_write_ahead_log_and_is_private(database):
    assert database.connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert database.connection.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    if os.name == "posix":
        assert oct(database.path.stat().st_mode & 0o777) == "0o600"


def test_a_student_has_an_unambiguous_resume_code(database):
    ada = database.add_student("  Ada\x1b[31m  Lovelace ", game="tab-one")
    assert ada.name == "Ada[31m Lovelace"  # control characters go, spaces are squeezed
    assert "\x1b" not in ada.name
    assert 6 <= len(ada.code) <= 8 and set(ada.code) <= set(classdb.CODE_LETTERS)
    assert not set(ada.code) & set("BDGILOQSZ0123456789")
    assert database.student_at("tab-one").id == ada.id
    assert database.student_at("tab-two") is None
    # On another computer: the code, typed in lower case with a space, binds the new tab to her.
    typed = ada.code.lower()[:3] + " " + ada.code.lower()[3:]
    assert database.resume(typed, "tab-two").id == ada.id
    assert database.student_at("tab-two").id == ada.id
    assert database.resume("NOTACODE", "tab-three") is None
    codes = {database.add_student(f"s{n}").code for n in range(200)}
    assert len(codes) == 200
    with pytest.raises(ValueError):
        database.add_student(" \x07 ")


def test_a_session_saves_into_the_database(database, story):
    ada = database.add_student("Ada", game="tab")
    session = session_for(database, story.root, ada)
    assert not session.has_autosave()
    session.new_game()
    session.answer(["Because."])
    session.choose(1)
    assert session.has_autosave()
    again = session_for(database, story.root, ada)
    again.load()
    assert again.state.scene == "b" and again.state.history[0].answers == ["Because."]
    assert database.answers() == [(ada.id, "a", 0, "Because.")]
    # An answer changed later replaces the old one; an emptied one is no longer listed.
    again.back()
    again.answer([""])
    assert database.answers() == []
    assert again.save("mine") and {s.name for s in again.store.slots()} == {"autosave", "mine"}
    with pytest.raises(SaveError, match="no save named"):
        again.load("other")
    # Another student's games are their own.
    bob = database.add_student("Bob")
    assert not session_for(database, story.root, bob).has_autosave()


def test_a_restart_in_an_edited_story_still_saves_into_the_database(database, story, save_home):
    ada = database.add_student("Ada", game="tab")
    session = session_for(database, story.root, ada)
    session.new_game()
    session.restart_in(open_story(story.root).story, "b")  # play --watch after an edit
    assert isinstance(session.store, classdb.ClassSaves)
    assert session_for(database, story.root, ada).has_autosave()
    assert not list(save_home.rglob("autosave.json"))  # nothing went to the player's own files


def test_endings_content_note_and_transcripts(database, story):
    ada = database.add_student("Ada")
    session = session_for(database, story.root, ada)
    session.new_game()
    session.choose(1)
    session.choose(1)
    assert session.is_ending()
    assert session.record_ending() == {"e1"} == session.endings_found()
    assert [(s, e) for s, e, _ in database.all_endings()] == [(ada.id, "e1")]
    assert not session.store.content_note_seen()
    session.store.mark_content_note_seen()
    assert session.store.content_note_seen()
    ident = database.hand_in(ada.id, session.story.id, "<p>html</p>", "md")
    assert database.latest_transcripts()[ada.id][0] == ident
    assert database.transcript(ident)[2] == "<p>html</p>"


def test_a_damaged_save_in_the_database_is_a_message_not_a_crash(database, story):
    ada = database.add_student("Ada")
    session = session_for(database, story.root, ada)
    session.new_game()
    with database.transaction() as db:
        db.execute("UPDATE games SET save = '{not json'")
    with pytest.raises(SaveError, match="damaged"):
        session.load()
    assert session.store.slots()[0].problem


def test_a_failed_transaction_leaves_nothing_half_written(database, story):
    ada = database.add_student("Ada")
    with pytest.raises(RuntimeError), database.transaction() as db:
        db.execute("UPDATE students SET name = 'changed'")
        raise RuntimeError("crash")
    assert database.student(ada.id).name == "Ada"


def test_a_game_killed_with_sigkill_keeps_every_committed_save(tmp_path, story):
    """A process that saves and is killed with SIGKILL at once: the next opens the save whole."""
    path = tmp_path / "class.sqlite3"
    script = textwrap.dedent(
        f"""
        import os, signal, sys
        from zhanaozen_game.classroom import db as classdb
        from zhanaozen_game.core.loader import open_story
        from zhanaozen_game.core.session import Session
        database = classdb.ClassDB({str(path)!r})
        student = database.add_student("Ada", game="tab")
        story = open_story({str(story.root)!r}).story
        session = Session(story, saves=lambda e: classdb.ClassSaves(database, student.id, e))
        session.new_game()
        session.answer(["typed"])
        session.choose(1)
        os.kill(os.getpid(), signal.SIGKILL)
        """
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=60)
    assert result.returncode == -signal.SIGKILL, result.stderr
    database = classdb.ClassDB(path)
    try:
        student = database.student_at("tab")
        session = session_for(database, story.root, student)
        session.load()
        assert session.state.scene == "b" and session.state.history[0].answers == ["typed"]
    finally:
        database.close()


def test_class_names_and_files(tmp_path, monkeypatch):
    monkeypatch.setenv("ZHANAOZEN_HOME", str(tmp_path))
    assert classdb.class_path() == tmp_path / "classes" / "default.sqlite3"
    assert classdb.class_path("7b") == tmp_path / "classes" / "7b.sqlite3"
    assert classdb.class_path("x", tmp_path / "mine.db") == tmp_path / "mine.db"
    for bad in ("../etc", "", "-x", "a/b", "a" * 65):
        with pytest.raises(classdb.ClassError):
            classdb.class_path(bad)
    database = classdb.ClassDB(classdb.class_path("7b"))
    database.add_student("Ada")
    database.close()
    assert classdb.delete_class(classdb.class_path("7b"))
    assert not list((tmp_path / "classes").iterdir())
    assert not classdb.delete_class(classdb.class_path("7b"))


def test_a_file_that_is_not_a_class_is_refused(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("not a database at all, just text" * 100)
    with pytest.raises(classdb.ClassError, match="not a class database"):
        classdb.ClassDB(path)
    with pytest.raises(sqlite3.Error):
        sqlite3.connect(path).execute("SELECT * FROM students")
