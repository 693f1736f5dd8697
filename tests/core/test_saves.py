"""Saves: atomic, versioned, and never a crash or a silent overwrite for a bad file."""

from __future__ import annotations

import json
import os

import msgspec
import pytest

from zhanaozen_game.core import saves
from zhanaozen_game.core.engine import Engine
from zhanaozen_game.core.loader import open_story
from zhanaozen_game.core.saves import SCHEMA_VERSION, SaveError, SaveStore
from zhanaozen_game.core.slots import AUTOSAVE


@pytest.fixture
def engine(story):
    report = open_story(story.root)
    return Engine(report.story)


@pytest.fixture
def store(engine, save_home):
    return SaveStore(engine)


def played(engine):
    state = engine.new_game()
    engine.answer(state, ["an answer"])
    engine.choose(state, 1)
    return state


def test_write_and_read_back(engine, store, save_home):
    state = played(engine)
    assert store.write(AUTOSAVE, state) == ""
    path = save_home / "saves" / "test-story" / "autosave.json"
    data = json.loads(path.read_text())
    assert data["schema_version"] == SCHEMA_VERSION and data["story"]["id"] == "test-story"
    assert store.read(AUTOSAVE) == state
    assert [p.name for p in path.parent.iterdir()] == ["autosave.json"]  # no temp files left


def test_named_slots_are_listed(engine, store):
    state = played(engine)
    store.write("before-strike", state)
    store.write(AUTOSAVE, state)
    assert {slot.name for slot in store.slots()} == {"before-strike", AUTOSAVE}
    assert all(slot.scene == "b" and not slot.problem for slot in store.slots())


@pytest.mark.parametrize("name", ["../../x", "", "a" * 33, "with space", "ünïcode", "a/b", "."])
def test_slot_names_are_whitelisted(engine, store, name):
    with pytest.raises(SaveError, match="1 to 32 letters"):
        store.write(name, engine.new_game())


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"\x00" * 64,
        b'{"format": "zhanaozen-save", "schema_version": 1, "story": {"id": "test-st',
        b"9" * 5000,
        b"[" * 100000,
        b"NaN",
        b"\xef\xbb\xbf{}",
        b"[1, 2, 3]",
        b'{"format": "zhanaozen-save", "schema_version": 1, "story": {"id": "test-story", "title": "T"},'
        b' "saved_at": "x", "state": {"scene": 5, "vars": {}}}',
        b'{"format": "zhanaozen-save", "schema_version": 1, "story": {"id": "test-story", "title": "T"},'
        b' "saved_at": "x", "state": {"scene": "a", "vars": {"count": 1.5}}}',
        b'{"format": "zhanaozen-save", "schema_version": true, "story": {}}',
        b'{"format": "something else"}',
    ],
)
def test_damaged_saves_give_a_message_and_are_kept(engine, store, content):
    path = store.path(AUTOSAVE)
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    with pytest.raises(SaveError) as caught:
        store.read(AUTOSAVE)
    assert "damaged" in str(caught.value) or "not a save" in str(caught.value)
    # Writing over it moves the bad file aside first, and says so.
    notice = store.write(AUTOSAVE, engine.new_game())
    assert "could not be read" in notice and "kept as autosave.json.unreadable-" in notice
    kept = [p for p in path.parent.iterdir() if ".unreadable-" in p.name]
    assert len(kept) == 1 and kept[0].read_bytes() == content
    assert store.read(AUTOSAVE).scene == "a"


def _rewrite(store, **changes):
    path = store.path(AUTOSAVE)
    data = json.loads(path.read_text())
    for key, value in changes.items():
        target = data
        *parents, last = key.split(".")
        for parent in parents:
            target = target[parent]
        target[last] = value
    path.write_text(json.dumps(data))


def test_save_from_a_newer_version_is_refused_politely(engine, store):
    store.write(AUTOSAVE, played(engine))
    _rewrite(store, schema_version=SCHEMA_VERSION + 1)
    with pytest.raises(SaveError, match="newer version of the game"):
        store.read(AUTOSAVE)


def test_save_from_another_story(engine, store):
    store.write(AUTOSAVE, played(engine))
    _rewrite(store, **{"story.id": "other", "story.title": "Another story"})
    with pytest.raises(SaveError, match=r"another story .'Another story'"):
        store.read(AUTOSAVE)


def test_save_naming_a_deleted_scene_or_variable(engine, store):
    store.write(AUTOSAVE, played(engine))
    _rewrite(store, **{"state.scene": "gone"})
    with pytest.raises(SaveError, match="another version of the story: the scene `gone`"):
        store.read(AUTOSAVE)
    store.write(AUTOSAVE, played(engine))  # the unreadable one is set aside
    _rewrite(store, **{"state.vars": {"joined": True, "count": 1, "mood": "calm", "dropped": 0}})
    with pytest.raises(SaveError, match="the variable `dropped`"):
        store.read(AUTOSAVE)


def test_older_schema_versions_run_the_migration_chain(engine, store, monkeypatch):
    store.write(AUTOSAVE, played(engine))
    _rewrite(store, schema_version=0)
    with pytest.raises(SaveError, match="damaged"):
        store.read(AUTOSAVE)  # version 0 never existed
    monkeypatch.setattr(saves, "SCHEMA_VERSION", 2)
    monkeypatch.setitem(saves.MIGRATIONS, 1, lambda data: {**data, "state": {**data["state"], "answers": ["migrated"]}})
    _rewrite(store, schema_version=1)
    assert store.read(AUTOSAVE).answers == ["migrated"]


@pytest.mark.parametrize("failing", ["fsync", "replace", "encode"])
def test_a_crash_during_save_leaves_the_old_save_whole(engine, store, monkeypatch, failing):
    first = played(engine)
    store.write(AUTOSAVE, first)
    before = store.path(AUTOSAVE).read_bytes()

    def boom(*args, **kwargs):
        raise OSError(28, "No space left on device")

    if failing == "fsync":
        monkeypatch.setattr(os, "fsync", boom)
    elif failing == "replace":
        monkeypatch.setattr(os, "replace", boom)
    else:
        monkeypatch.setattr(msgspec.json, "encode", lambda *a, **k: (_ for _ in ()).throw(TypeError("cannot encode")))
    later = engine.new_game()
    with pytest.raises(SaveError) as caught:
        store.write(AUTOSAVE, later)
    assert ("cannot encode" if failing == "encode" else "No space left") in str(caught.value)
    assert store.path(AUTOSAVE).read_bytes() == before
    assert [p.name for p in store.path(AUTOSAVE).parent.iterdir()] == ["autosave.json"]


def test_home_defaults_to_platform_folder(monkeypatch):
    monkeypatch.delenv("ZHANAOZEN_HOME")
    assert "zhanaozen" in str(saves.data_home())
