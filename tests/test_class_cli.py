"""`zhanaozen class export` and `zhanaozen class delete`, and the teacher's figures they use."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest

from zhanaozen_game.classroom import teacher
from zhanaozen_game.classroom.db import ClassDB, ClassSaves, class_path
from zhanaozen_game.cli import main
from zhanaozen_game.core.export import build, to_html, to_markdown
from zhanaozen_game.core.loader import open_story
from zhanaozen_game.core.session import Session


def a_class(story, path):
    """Two students: Ada ended (answered, handed in), =Bob (a formula-like name) on his way."""
    story.scenes["scenes"]["e1"]["reflect"] = ["And now?"]
    story.write()
    loaded = open_story(story.root).story
    database = ClassDB(path)
    ada = database.add_student("Ada", game="tab-ada")
    bob = database.add_student("=Bob", game="tab-bob")
    for student, choice in ((ada, 1), (bob, 2)):
        session = Session(loaded, saves=lambda engine, s=student: ClassSaves(database, s.id, engine))
        session.new_game()
        session.answer([f"answer of {student.name}"])
        session.choose(choice)
        if student is ada:
            session.choose(1)
            session.record_ending()
            session.answer(["We struck."])
            transcript = build(loaded, session.state, student.name)
            database.hand_in(ada.id, loaded.id, to_html(transcript), to_markdown(transcript))
    return database, loaded, ada, bob


def test_the_teachers_figures(story, tmp_path):
    database, loaded, ada, _bob = a_class(story, tmp_path / "c.sqlite3")
    rows = {row.name: row for row in teacher.overview(database, loaded)}
    assert rows["Ada"].ending == "Struck" and rows["Ada"].choices == 2 and rows["Ada"].answered == 2
    assert rows["Ada"].transcript and rows["=Bob"].transcript == 0
    assert rows["=Bob"].scene == "Middle" and rows["=Bob"].chapter == "One" and rows["=Bob"].ending == ""
    data = teacher.debrief(database, loaded)
    assert ("Struck", 1) in data.endings and ("Home", 0) in data.endings
    assert ("Start", [("Join", 1), ("Stay", 1)]) in data.choices
    questions = {question: answers for _, question, answers in data.questions}
    assert questions["Why?"] == [("=Bob", "answer of =Bob"), ("Ada", "answer of Ada")]
    assert questions["And now?"] == [("Ada", "We struck.")]
    hidden = teacher.debrief(database, loaded, names=False)
    assert all(not who.startswith(("Ada", "=Bob")) for _, _, answers in hidden.questions for who, _ in answers)
    with zipfile.ZipFile(io.BytesIO(teacher.transcripts_zip(database, loaded))) as archive:
        assert archive.namelist() == [f"Ada-{ada.id}.html"]
    database.close()


def test_class_export_writes_the_transcripts_and_a_csv(story, tmp_path, save_home, capsys):
    database, _, ada, _ = a_class(story, class_path("7b"))
    database.close()
    out = tmp_path / "out"
    assert main(["class", "export", "--class", "7b", "--story", str(story.root), "-o", str(out)]) == 0
    assert "2 students" in capsys.readouterr().out
    rows = list(csv.DictReader((out / "class.csv").open(encoding="utf-8")))
    assert [row["name"] for row in rows] == ["'=Bob", "Ada"]  # a spreadsheet never runs a name
    assert rows[1]["ending"] == "Struck" and rows[1]["transcript"] == f"transcripts/Ada-{ada.id}.html"
    assert "We struck." in (out / "transcripts" / f"Ada-{ada.id}.html").read_text(encoding="utf-8")
    assert (out / "transcripts" / f"Ada-{ada.id}.md").is_file()
    assert main(["class", "export", "--class", "nope", "--story", str(story.root), "-o", str(out)]) == 1


def test_class_delete_removes_the_class(story, tmp_path, save_home, capsys, monkeypatch):
    database, *_ = a_class(story, class_path("7b"))
    database.close()
    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # not a terminal: no one to ask
    assert main(["class", "delete", "--class", "7b"]) == 2
    assert class_path("7b").exists()
    assert main(["class", "delete", "--class", "7b", "--yes"]) == 0
    assert not class_path("7b").exists() and not list(class_path("7b").parent.iterdir())
    assert main(["class", "delete", "--class", "7b", "--yes"]) == 1
    assert main(["class", "delete", "--class", "../etc", "--yes"]) == 2


def test_serve_takes_a_class(monkeypatch, story, tmp_path):
    calls = []
    monkeypatch.setattr(
        "zhanaozen_game.classroom.serve.run_serve", lambda *args, **kwargs: calls.append((args, kwargs)) or 0
    )
    assert main(["serve", "--story", str(story.root), "--class", "7b"]) == 0
    assert main(["serve", "--story", str(story.root), "--class-db", str(tmp_path / "x.db"), "--ephemeral"]) == 0
    assert calls[0][0][4:7] == ("7b", None, False)
    assert calls[1][0][4:7] == (None, tmp_path / "x.db", True)
    with pytest.raises(SystemExit):
        main(["serve", "--sessions-root", str(tmp_path)])
