"""The classroom's game (Pilot): a first visit asks the name and shows the resume code; the saves
go to the class database; `e` hands the transcript in (database and download)."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from zhanaozen_game.classroom.db import ClassDB
from zhanaozen_game.classroom.game import ClassroomApp, file_name


@pytest.fixture
def database(tmp_path):
    database = ClassDB(tmp_path / "class.sqlite3")
    yield database
    database.close()


def screen_name(app) -> str:
    return type(app.screen).__name__


async def test_a_first_visit_asks_the_name_then_plays_and_hands_in(story, database, save_home):
    app = ClassroomApp(story.root, database, "tab-one")
    delivered = []
    app.deliver_text = lambda file, **options: delivered.append((file.read(), options)) or "key"
    async with app.run_test(size=(80, 30)) as pilot:
        await pilot.pause()
        assert screen_name(app) == "StudentScreen" and app.session is None
        await pilot.press("enter")  # no name: asked again
        assert screen_name(app) == "StudentScreen"
        await pilot.press(*"Ada L", "enter")
        await pilot.pause()
        assert screen_name(app) == "ResumeCodeScreen"
        student = database.student_at("tab-one")
        assert student.name == "Ada L"
        assert student.code in str(app.screen.query_one("#resume-code-shown").render())
        await pilot.press("enter")
        await pilot.pause()
        assert screen_name(app) == "TitleScreen" and app.session is not None
        await pilot.press("n", "y")
        await pilot.pause()
        app.screen.query_one(".reflect-answer").focus()
        await pilot.press(*"my answer", "escape")
        await pilot.press("1", "1")
        await pilot.pause()
        assert screen_name(app) == "EndingScreen"
        await pilot.press("e")
        await pilot.pause()
    assert not (save_home / "saves").exists()  # nothing in files: all in the class database
    assert database.answers() == [(student.id, "a", 0, "my answer")]
    ((html, options),) = delivered
    assert "Ada L" in html and "my answer" in html
    assert options["save_filename"] == "zhanaozen-Ada-L.html"
    ident, _ = database.latest_transcripts()[student.id]
    assert database.transcript(ident)[2] == html


async def test_a_resume_code_continues_the_game_on_another_computer(story, database, save_home):
    ada = database.add_student("Ada", game="tab-one")
    app = ClassroomApp(story.root, database, "tab-one")
    async with app.run_test(size=(80, 30)) as pilot:
        await pilot.pause()
        assert screen_name(app) == "TitleScreen"  # a known address: no questions
        await pilot.press("n", "y", "1")
        await pilot.pause()
    other = ClassroomApp(story.root, database, "tab-two")
    async with other.run_test(size=(80, 30)) as pilot:
        await pilot.pause()
        other.screen.query_one("#resume-code", Input).focus()
        await pilot.press(*"wrong", "enter")
        assert screen_name(other) == "StudentScreen"
        await pilot.press(*["backspace"] * 5, *ada.code.lower(), "enter")
        await pilot.pause()
        assert screen_name(other) == "ResumeCodeScreen"
        await pilot.press("enter", "c")
        await pilot.pause()
        assert screen_name(other) == "PlayScreen" and other.state.scene == "b"


def test_a_download_is_named_after_the_student_safely():
    assert file_name("Ada Lovelace") == "zhanaozen-Ada-Lovelace.html"
    assert file_name("../../etc/passwd") == "zhanaozen-etc-passwd.html"
    assert file_name("Жанаозен") == "zhanaozen-student.html"
