"""Rules a mutation run of `core/` (mutmut, issue 9) showed no unit test held: each test here
fails on at least one mutant that survived the rest of tests/core."""

from __future__ import annotations

import json

import pytest

from zhanaozen_game.core import saves
from zhanaozen_game.core.engine import Engine
from zhanaozen_game.core.loader import open_story
from zhanaozen_game.core.saves import SaveError, SaveStore
from zhanaozen_game.core.session import Notice, Session
from zhanaozen_game.core.slots import AUTOSAVE
from zhanaozen_game.core.text import format_date, paragraphs


@pytest.fixture
def loaded(story):
    return open_story(story.root).story


@pytest.fixture
def told(loaded, save_home):
    notices: list[Notice] = []
    session = Session(loaded, on_notice=notices.append)
    return session, notices


# --- the session keeps answers before it moves, and says what became of a save -----------------
def test_choosing_keeps_this_scenes_answers_cleaned(told):
    session, _ = told
    session.new_game()
    session.choose(1, ["  because\x1b[31m it is "])
    assert session.playing.history[-1].answers == ["because[31m it is"]


def test_going_back_with_answers_returns_to_the_answers_of_the_scene_before(told):
    session, _ = told
    session.new_game()
    session.choose(1, ["at the first scene"])
    assert session.back(["typed at the second"]) is True
    assert session.playing.answers == ["at the first scene"] and session.playing.history == []
    assert session.back(["again"]) is False  # at the start: nothing to undo


def test_a_save_that_fails_is_told_as_an_error_and_returns_false(told, monkeypatch):
    session, notices = told
    session.new_game()
    notices.clear()

    def refuse(slot, state):
        raise SaveError("the disk is full")

    monkeypatch.setattr(session.store, "write", refuse)
    assert session.save("mine") is False
    assert [(n.text, n.title, n.severity) for n in notices] == [("the disk is full", "Not saved", "error")]


def test_a_save_says_saved_unless_quiet_and_warns_of_a_kept_old_save(told, monkeypatch):
    session, notices = told
    session.new_game()
    notices.clear()
    assert session.save("mine") is True
    assert [(n.text, n.title) for n in notices] == [("Saved as 'mine'.", "Saved")]
    notices.clear()
    monkeypatch.setattr(session.store, "write", lambda slot, state: "kept as old.json")
    assert session.save("mine", quiet=True) is True
    assert [(n.text, n.title, n.severity) for n in notices] == [("kept as old.json", "An old save was kept", "warning")]


# --- dates and paragraphs --------------------------------------------------------------------
@pytest.mark.parametrize(
    ("date", "shown"),
    [
        ("2011-12-16", "16 December 2011"),
        ("2012-01-05", "5 January 2012"),
        ("2011-12", "December 2011"),
        ("2022-01", "January 2022"),
        ("2011", "2011"),
    ],
)
def test_dates_read_as_a_reader_writes_them(date, shown):
    assert format_date(date) == shown


def test_paragraphs_join_lines_and_drop_blank_blocks():
    assert paragraphs("  One\n  line.\n\n \n\nTwo.\n") == ["One line.", "Two."]


# --- saves ---------------------------------------------------------------------------------------
@pytest.fixture
def store(loaded, save_home):
    return SaveStore(Engine(loaded))


def test_a_file_that_is_not_a_slot_does_not_hide_the_saves_after_it(store, loaded):
    state = Engine(loaded).new_game()
    store.write("zz-last", state)
    store.write("aa-first", state)
    for n in range(20):  # among many, some come before the saves in any order the folder lists
        (store.folder / f"not a slot {n}.json").write_text("{}")
    assert {slot.name for slot in store.slots()} == {"zz-last", "aa-first"}


def test_reading_a_missing_slot_names_it(store):
    with pytest.raises(SaveError) as raised:
        store.read("nothing-here")
    assert str(raised.value) == "there is no save named 'nothing-here'"


def test_a_save_exactly_at_the_size_limit_is_read_not_refused(store, monkeypatch):
    monkeypatch.setattr(saves, "MAX_SAVE_BYTES", 10)
    store.folder.mkdir(parents=True, exist_ok=True)
    (store.folder / "edge.json").write_bytes(b"[1,2,3,45]")  # 10 bytes: read, then refused as not a save
    with pytest.raises(SaveError, match="not a save of this game"):
        store.read("edge")
    (store.folder / "over.json").write_bytes(b"[1,2,3,456]")
    with pytest.raises(SaveError, match="too large"):
        store.read("over")


def test_a_version_1_save_is_migrated_to_a_game_begun_at_the_start(store, loaded):
    state = Engine(loaded).new_game()
    store.write(AUTOSAVE, state)
    path = store.path(AUTOSAVE)
    data = json.loads(path.read_text())
    data["schema_version"] = 1
    del data["state"]["started_at"]
    path.write_text(json.dumps(data))
    assert store.read(AUTOSAVE).started_at == ""
    assert saves._from_version_1({"state": "odd"}) == {"state": "odd"}  # nothing to add to


def test_an_unreadable_save_is_moved_aside_under_a_dated_name_each_time(store, loaded):
    state = Engine(loaded).new_game()
    store.folder.mkdir(parents=True, exist_ok=True)
    names = []
    for _ in range(2):
        store.path("mine").write_text("not json")
        notice = store.write("mine", state)
        assert "could not be read" in notice
        names = sorted(p.name for p in store.folder.glob("mine.json.unreadable-*"))
    assert len(names) == 2 and names[0].startswith("mine.json.unreadable-2")
    assert names[1].endswith("-2") or names[0].endswith("-2")  # the same second: a counter, nothing lost
    assert store.read("mine") == state
