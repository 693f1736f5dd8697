"""Starting at a chapter: a state the walk found, the commonest entry, the same every time, and a
game that says where it began."""

from __future__ import annotations

import json

import pytest

from chapter_story import three_chapters
from zhanaozen_game.core.chapters import UnknownChapter, chapter_starts, path_counts
from zhanaozen_game.core.explore import Exploration, explore
from zhanaozen_game.core.export import build, to_html, to_markdown
from zhanaozen_game.core.loader import open_story
from zhanaozen_game.core.saves import SCHEMA_VERSION
from zhanaozen_game.core.session import Session
from zhanaozen_game.core.slots import AUTOSAVE


@pytest.fixture
def chaptered(story):
    three_chapters(story)
    report = open_story(story.root)
    assert not report.errors, report.errors
    return report.story


def test_a_chapter_starts_at_its_commonest_entry_scene_then_its_commonest_state(chaptered):
    walk = explore(chaptered)
    starts = chapter_starts(chaptered, walk)
    assert list(starts) == ["c1", "c2"]  # c3 is entered only at endings: no game starts there
    two = starts["c2"]
    # Scene c takes five of the nine paths into c2 (d four, three of them at one state: the scene
    # comes first); at c, joined with count 1 takes two.
    assert (two.scene, two.scene_paths, two.all_paths, two.paths) == ("c", 5, 9, 2)
    assert two.entry_scenes == ("c", "d")
    # The start is a state the walk found: its scene and every variable the walk tracks.
    assert walk.states[two.state] == ("c", tuple(two.vars[name] for name in walk.names))
    # `mood` is read by no condition: it is what the walk's own path there ("Work") set.
    assert two.vars == {"joined": True, "count": 1, "mood": "tired"}
    one = starts["c1"]
    assert (one.scene, one.vars, one.state) == ("a", chaptered.meta.vars, 0)


def test_the_choice_is_the_same_every_time(story):
    three_chapters(story)
    first = chapter_starts(open_story(story.root).story)
    second = chapter_starts(open_story(story.root).story)
    assert first == second


def test_paths_are_counted_without_going_round_a_loop():
    walk = Exploration(["x"], edges=[[1, 2], [2], [1, 3], []])  # 1 and 2 form a loop
    assert path_counts(walk) == [1, 1, 2, 2]


def test_a_session_starts_at_a_chapter_autosaves_and_says_where_it_began(chaptered, save_home):
    session = Session(chaptered)
    session.new_game_at("c2")
    state = session.playing
    assert (state.scene, state.started_at, state.history, state.visited) == ("c", "c2", [], ["c"])
    assert state.vars == {"joined": True, "count": 1, "mood": "tired"}
    assert [choice.text for _, choice in session.visible_choices()] == ["Strike", "Go home"]
    assert not session.back()  # nothing before the chapter was played, so nothing to undo
    saved = json.loads((save_home / "saves" / "test-story" / "autosave.json").read_text())
    assert saved["schema_version"] == SCHEMA_VERSION == 2 and saved["state"]["started_at"] == "c2"
    again = Session(chaptered)
    again.load(AUTOSAVE)
    assert again.playing == state
    assert "began at the chapter \u201cTwo\u201d (2012)" in session.began_at()
    session.choose(1)
    transcript = build(chaptered, session.playing)
    assert transcript.began_at == session.began_at()
    assert session.began_at() in to_markdown(transcript) and "began at the chapter" in to_html(transcript)
    assert [section.title for section in transcript.sections] == ["Later", "End one"]


def test_a_game_from_the_start_says_nothing_of_chapters(chaptered):
    session = Session(chaptered)
    session.new_game()
    assert session.playing.started_at == "" and session.began_at() == ""
    assert "began at the chapter" not in to_markdown(build(chaptered, session.playing))


def test_an_unknown_or_unplayable_chapter_is_refused_with_the_chapters_named(chaptered):
    session = Session(chaptered)
    session.new_game()
    before = session.playing.copy()
    with pytest.raises(UnknownChapter, match=r"There is no chapter 'nope'\. Chapters: c1, c2$"):
        session.new_game_at("nope")
    with pytest.raises(UnknownChapter, match=r"'c3': every path enters it at an ending\. Chapters: c1, c2$"):
        session.new_game_at("c3")
    assert session.playing == before  # the game in progress is left as it was


def test_a_version_1_save_still_loads_as_a_game_from_the_start(chaptered, save_home):
    session = Session(chaptered)
    session.new_game()
    session.choose(1)
    path = save_home / "saves" / "test-story" / "autosave.json"
    data = json.loads(path.read_text())
    data["schema_version"] = 1
    del data["state"]["started_at"]
    path.write_text(json.dumps(data))
    again = Session(chaptered)
    again.load(AUTOSAVE)
    assert again.playing == session.playing and again.playing.started_at == ""
