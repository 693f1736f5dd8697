"""SVG snapshots of every screen at 80x24, and of the play screen at 40x12.

The story is the small test story, so the pictures change only when the screens do. Update them
deliberately, after looking at the new ones: `pytest tests/test_snapshots.py --snapshot-update`.
"""

from __future__ import annotations

import json

import pytest

from test_tui import make_app

SAVED = {
    "format": "zhanaozen-save",
    "schema_version": 1,
    "app_version": "0.1.0",
    "story": {"id": "test-story", "title": "Test story"},
    "saved_at": "2011-12-16T10:00:00+00:00",
    "slot": "before-the-square",
    "state": {
        "scene": "b",
        "vars": {"joined": True, "count": 1, "mood": "calm"},
        "answers": [],
        "visited": ["a", "b"],
        "history": [
            {
                "scene": "a",
                "choice": 0,
                "choice_text": "Join",
                "vars_before": {"joined": False, "count": 0, "mood": "calm"},
                "answers": ["Because."],
            }
        ],
    },
}


@pytest.fixture
def snap_story(story, save_home):
    story.scenes["scenes"]["a"]["text"] = (
        "The March wind finds the holes in my gloves.[^n1] No new pair has come from the stores, "
        "and the akimat says it is not its business.\n\nAt home the envelopes of tenge are never quite full."
    )
    story.scenes["scenes"]["a"]["content_note"] = "Mentions a beating."
    story.story["content_note"] = (
        "This story is about real events: a police shooting, deaths and imprisonment. It tells them "
        "soberly, without graphic detail."
    )
    story.scenes["scenes"]["a"]["place"] = "Zhanaozen"
    story.scenes["scenes"]["a"]["notes"]["n1"]["comment"] = "A comment on the source."
    story.write()
    story.file("glossary.yaml", 'akimat: "A local or regional administration."\ntenge: "The currency."\n')
    folder = save_home / "saves" / "test-story"
    folder.mkdir(parents=True)
    (folder / "content-note-seen").touch()
    (folder / "before-the-square.json").write_text(json.dumps(SAVED))
    return story


async def _new_game(pilot):
    await pilot.press("n")
    await pilot.pause()


def _after(*keys):
    async def run_before(pilot):
        await _new_game(pilot)
        for key in keys:
            await pilot.press(key)
            await pilot.pause()

    return run_before


def test_title(snap_compare, snap_story):
    assert snap_compare(make_app(snap_story.root), terminal_size=(80, 24))


def test_content_note(snap_compare, snap_story, save_home):
    (save_home / "saves" / "test-story" / "content-note-seen").unlink()
    assert snap_compare(make_app(snap_story.root), press=["n"], terminal_size=(80, 24))


def test_play(snap_compare, snap_story):
    assert snap_compare(make_app(snap_story.root), run_before=_after(), terminal_size=(80, 24))


def test_play_small(snap_compare, snap_story):
    assert snap_compare(make_app(snap_story.root), run_before=_after(), terminal_size=(40, 12))


def test_play_with_notes(snap_compare, snap_story):
    assert snap_compare(make_app(snap_story.root), run_before=_after("n"), terminal_size=(80, 24))


def test_play_wide_with_notes(snap_compare, snap_story):
    assert snap_compare(make_app(snap_story.root), run_before=_after("n"), terminal_size=(120, 30))


def test_history(snap_compare, snap_story):
    assert snap_compare(make_app(snap_story.root), run_before=_after("1", "h"), terminal_size=(80, 24))


def test_sources(snap_compare, snap_story):
    assert snap_compare(make_app(snap_story.root), run_before=_after("r"), terminal_size=(80, 24))


def test_source_notes(snap_compare, snap_story):
    assert snap_compare(make_app(snap_story.root), run_before=_after("r", "enter"), terminal_size=(80, 24))


def test_glossary(snap_compare, snap_story):
    async def run_before(pilot):
        await _after("g")(pilot)
        pilot.app.screen.query_one("#glossary-filter").cursor_blink = False  # the filter has the cursor

    assert snap_compare(make_app(snap_story.root), run_before=run_before, terminal_size=(80, 24))


def test_timeline(snap_compare, snap_story):
    assert snap_compare(make_app(snap_story.root), run_before=_after("1", "t"), terminal_size=(80, 24))


def test_load(snap_compare, snap_story):
    assert snap_compare(make_app(snap_story.root), press=["l"], terminal_size=(80, 24))


def test_help(snap_compare, snap_story):
    assert snap_compare(make_app(snap_story.root), press=["question_mark"], terminal_size=(80, 24))


def test_about(snap_compare, snap_story):
    assert snap_compare(make_app(snap_story.root), press=["a"], terminal_size=(80, 24))


def test_ending(snap_compare, snap_story):
    assert snap_compare(make_app(snap_story.root), run_before=_after("1", "1"), terminal_size=(80, 24))


def test_confirm_new_game(snap_compare, snap_story):
    """`n` on the title screen with a game in the autosave asks before replacing it."""

    async def run_before(pilot):
        await _after("1")(pilot)
        pilot.app.back_to_title()
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()

    assert snap_compare(make_app(snap_story.root), run_before=run_before, terminal_size=(80, 24))
