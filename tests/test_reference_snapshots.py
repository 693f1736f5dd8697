"""SVG snapshots of the People, Places, Map and real-events screens at 80x24, on the test story
with its reference files (see test_reference_screens.py). Update deliberately, after looking:
`pytest tests/test_reference_snapshots.py --snapshot-update`."""

from __future__ import annotations

from test_reference_screens import met_story  # noqa: F401  (the fixture)
from test_tui import make_app, start_game


def _after(*keys):
    async def run_before(pilot):
        await start_game(pilot)
        for key in keys:
            await pilot.press(key)
            await pilot.pause()

    return run_before


def test_map(snap_compare, met_story):  # noqa: F811
    assert snap_compare(make_app(met_story.root), run_before=_after("m"), terminal_size=(80, 24))


def test_places(snap_compare, met_story):  # noqa: F811
    assert snap_compare(make_app(met_story.root), run_before=_after("w"), terminal_size=(80, 24))


def test_people(snap_compare, met_story):  # noqa: F811
    assert snap_compare(make_app(met_story.root), run_before=_after("1", "p"), terminal_size=(80, 24))


def test_real_events(snap_compare, met_story):  # noqa: F811
    assert snap_compare(make_app(met_story.root), run_before=_after("t", "v"), terminal_size=(80, 24))
