"""Starting at a chapter in every shell: `play --chapter` (plain and full screen), the title
screen's chapter picker, a class served with `--chapter`, and the pack's one-lesson plan."""

from __future__ import annotations

import shlex

import pytest
from textual.widgets import OptionList, Static

from chapter_story import three_chapters
from conftest import REPO
from test_cli import no_traceback, run
from zhanaozen_game.classroom import serve
from zhanaozen_game.classroom.db import ClassDB
from zhanaozen_game.classroom.game import ClassroomApp
from zhanaozen_game.core import pack
from zhanaozen_game.core.check import check_story
from zhanaozen_game.tui.app import ZhanaozenApp


@pytest.fixture
def chaptered(story):
    return three_chapters(story)


def test_plain_play_starts_at_a_chapter_and_says_so(chaptered, tmp_path):
    result = no_traceback(
        run("--plain", "--chapter", "c2", "--story", chaptered.root, input_text="h\n1\n", home=tmp_path / "h")
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    began = "This game began at the chapter \u201cTwo\u201d (2012)"
    assert out.count(began) == 2  # when it starts, and in the history (h)
    assert "Chapter: Two (2012)" in out and "Later" in out and "Start" not in out
    assert "Ending: Struck" in out  # joined, with count 1: the choice only that path opens


@pytest.mark.parametrize("plain", [True, False])
def test_an_unknown_chapter_names_the_chapters_and_exits_2(chaptered, tmp_path, plain):
    mode = ["--plain"] if plain else []
    result = no_traceback(run("play", *mode, "--chapter", "nope", "--story", chaptered.root, home=tmp_path / "h"))
    assert result.returncode == 2
    assert result.stderr.strip() == "zhanaozen: There is no chapter 'nope'. Chapters: c1, c2"
    assert not (tmp_path / "h" / "saves").exists()  # no game was started, nothing replaced


async def test_the_title_screen_picks_a_chapter_and_the_game_starts_there(chaptered, save_home):
    app = ZhanaozenApp(chaptered.root)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("h")
        await pilot.pause()
        assert type(app.screen).__name__ == "ChapterScreen"
        chapters = app.screen.query_one("#chapter-list", OptionList)
        ids = [chapters.get_option_at_index(i).id for i in range(chapters.option_count)]
        assert ids == ["c1", "c2"]  # the endings' chapter is no start
        second = str(chapters.get_option_at_index(1).prompt)
        assert "Two" in second and "2012" in second and "begins: Later" in second
        await pilot.press("escape")
        await pilot.pause()
        assert type(app.screen).__name__ == "TitleScreen" and app.state is None
        await pilot.press("h", "down", "enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "ContentNoteScreen"  # a first new game: the note first
        await pilot.press("y")
        await pilot.pause()
        assert type(app.screen).__name__ == "PlayScreen"
        assert str(app.screen.query_one("#scene-title", Static).render()) == "Later"
        assert app.state.started_at == "c2" and app.state.vars["joined"] is True


async def test_play_chapter_starts_the_full_screen_game_there(chaptered, save_home):
    app = ZhanaozenApp(chaptered.root, chapter="c2")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        if type(app.screen).__name__ == "ContentNoteScreen":
            await pilot.press("y")
            await pilot.pause()
        assert type(app.screen).__name__ == "PlayScreen" and app.state.scene == "c"


async def test_a_class_served_at_a_chapter_starts_its_new_games_there(chaptered, tmp_path):
    database = ClassDB(tmp_path / "class.sqlite3")
    database.add_student("Ada", game="tab-one")
    try:
        app = ClassroomApp(chaptered.root, database, "tab-one", chapter="c2")
        async with app.run_test(size=(80, 30)) as pilot:
            await pilot.pause()
            assert type(app.screen).__name__ == "TitleScreen"  # the student chooses: no game started yet
            menu = app.screen.query_one("#title-menu", OptionList)
            assert "New game, at the chapter \u201cTwo\u201d" in str(menu.get_option_at_index(0).prompt)
            await pilot.press("n", "y")
            await pilot.pause()
            assert app.state.scene == "c" and app.state.started_at == "c2"
    finally:
        database.close()
    words = shlex.split(serve.session_command(chaptered.root, tmp_path / "c.sqlite3", "a" * 22, "", "c2"))
    assert "--chapter=c2" in words
    assert serve.run_serve(chaptered.root, port=1, chapter="nope", ephemeral=True) == 2


def test_the_one_lesson_plan_plays_one_chapter_with_its_command():
    report = check_story(REPO / "scenes")
    walk = pack.explore(report.story)
    lesson = pack.chapter_lesson(report.story, walk)
    assert lesson is not None and lesson.start.chapter == "december-16"
    assert lesson.in_chapter.minutes(pack.WITH_NOTES)[1] <= pack.ONE_LESSON_PLAY
    assert lesson.in_chapter.longest <= lesson.to_ending.longest
    markdown = pack.to_markdown(pack.build(report, walk))
    plan = markdown.split("### One lesson")[1].split("Reading time of each chapter")[0]
    assert plan.startswith(" (50 minutes): one chapter, \u201c16 December\u201d")
    assert "`zhanaozen play --chapter december-16`" in plan and "`zhanaozen serve --chapter december-16`" in plan
    low, high = lesson.in_chapter.minutes(pack.WITH_NOTES)
    assert f"({low}\u2013{high} min with notes and questions)" in plan
    # The educators' guide gives the same chapter, command and figures.
    guide = (REPO / "docs" / "educators.md").read_text(encoding="utf-8")
    reading, noted = lesson.in_chapter.minutes(), lesson.in_chapter.minutes(pack.WITH_NOTES)
    figures = f"reads in {reading[0]} to {reading[1]} minutes ({noted[0]} to {noted[1]} with\nnotes and questions)"
    assert "`zhanaozen play --chapter december-16`" in guide and figures in guide
