"""People, Places, the Map and the timeline's real events: in the full-screen game and in line mode."""

from __future__ import annotations

import pytest
from textual.widgets import OptionList, Static, TabbedContent

from conftest import dump
from test_cli import run
from test_reference import PEOPLE, fact, with_reference
from test_tui import make_app, screen_name, start_game
from zhanaozen_game.core.loader import open_story
from zhanaozen_game.tui.widgets.story_text import linked_text, reference_names

FAR = {"lat": 51.17, "lon": 71.45, "source": "general knowledge"}


@pytest.fixture
def met_story(story):
    """Ana Bek, Oiltown and Port are named in the first scene; Dana Ek and Capital only later."""
    ref_story = with_reference(story)
    ref_story.scenes["scenes"]["b"]["text"] = "Middle text with Dana Ek in Capital.[^n1] More.[^n2]"
    ref_story.write()
    people = {**PEOPLE, "dana": {"name": "Dana Ek", "role": "a writer", "about": [fact("Wrote q.")]}}
    ref_story.file("people.yaml", dump(people))
    places = open_story(ref_story.root).story.places
    capital = {"name": "Capital", "position": FAR, "about": [fact()]}
    raw = {key: {"name": p.name, "position": {"lat": p.position.lat, "lon": p.position.lon, "source": "x"},
                 "about": [fact()]} for key, p in places.items()}  # fmt: skip
    ref_story.file("places.yaml", dump({**raw, "capital": capital}))
    assert not open_story(ref_story.root).findings
    return ref_story


def static_text(app, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def test_people_unlock_as_met_and_the_rest_are_counted(met_story):
    app = make_app(met_story.root)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        await pilot.press("p")
        await pilot.pause()
        assert screen_name(app) == "PeopleScreen"
        listing = app.screen.query_one("#reference-list", OptionList)
        assert [listing.get_option_at_index(i).id for i in range(listing.option_count)] == ["ana"]
        assert static_text(app, "#reference-count") == "1 met, 1 more person not met yet."
        entry = static_text(app, "#reference-entry")
        assert "Ana Bek" in entry and "Says q. [1]" in entry and "\u201cq\u201d" in entry  # the note
        assert "In the scenes you have read:" in entry and "Start" in entry
        await pilot.press("escape")
        await pilot.press("1")  # on to scene b, which names Dana Ek
        await pilot.pause()
        await pilot.press("p")
        await pilot.pause()
        assert static_text(app, "#reference-count") == "All 2 people met."


async def test_places_give_distances_and_the_map_marks_the_players_place(met_story):
    app = make_app(met_story.root)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        await pilot.press("w")
        await pilot.pause()
        assert screen_name(app) == "PlacesScreen"
        listing = app.screen.query_one("#reference-list", OptionList)
        assert listing.option_count == 2 and "1 more place not met yet" in static_text(app, "#reference-count")
        listing.highlighted = [listing.get_option_at_index(i).id for i in range(2)].index("port")
        await pilot.pause()
        assert "km W of Oiltown, in a straight line" in static_text(app, "#reference-entry")
        await pilot.press("m")
        await pilot.pause()
        assert screen_name(app) == "MapScreen"
        drawing = static_text(app, "#map-drawing").splitlines()
        assert len(drawing) <= 13 and max(len(row) for row in drawing) <= 78  # fits 80x24
        assert sum(row.count("@") for row in drawing) == 1
        assert "Oiltown" in "\n".join(drawing)
        assert "you are in Oiltown" in static_text(app, "#map-key")
        assert "500 km" in static_text(app, "#map-key") and "1 not met yet" in static_text(app, "#map-key")
        assert "Port: 141 km W" in static_text(app, "#map-distances")


async def test_a_name_in_the_text_opens_its_entry(met_story):
    story = open_story(met_story.root).story
    names = reference_names(story)
    text = linked_text("Hello Bek and Port, Hello [@click=app.quit]x[/].[^n1]", {}, [], names=names)
    actions = [span.style.meta.get("@click") for span in text.spans if span.style and hasattr(span.style, "meta")]
    assert "app.lookup_person(0)" in actions and "app.lookup_place(1)" in actions
    assert "app.quit" not in " ".join(a for a in actions if a)  # text from the story never becomes an action
    assert "[@click=app.quit]x[/]" in text.plain
    app = make_app(met_story.root)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        app.action_lookup_person(1)  # Dana Ek, not met yet: opened from a name, so shown
        await pilot.pause()
        listing = app.screen.query_one("#reference-list", OptionList)
        assert listing.get_option_at_index(listing.highlighted).id == "dana"


async def test_the_timeline_keeps_the_real_events_in_their_own_layer(met_story):
    app = make_app(met_story.root)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        await pilot.press("t")
        await pilot.pause()
        layers = app.screen.query_one("#timeline-layers", TabbedContent)
        assert layers.active == "layer-path"
        assert "A strike" not in static_text(app, "#timeline")  # the path layer has only the scenes
        await pilot.press("v")
        await pilot.pause()
        assert layers.active == "layer-events"
        assert app.screen.query_one("#events-list", OptionList).option_count == 1
        detail = static_text(app, "#event-detail")
        assert (
            "May 2011  A strike" in detail and "Says q. [1]" in detail and "Who and where: Ana Bek, Oiltown" in detail
        )


async def test_the_map_from_the_title_screen_shows_nothing_met(met_story):
    app = make_app(met_story.root)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.action_map()
        await pilot.pause()
        assert "@" not in static_text(app, "#map-drawing")
        assert "places appear as the story names them" in static_text(app, "#map-key")


def test_line_mode_prints_people_places_the_map_and_the_real_timeline(met_story, tmp_path):
    result = run("play", "--plain", "--story", met_story.root, home=tmp_path / "h", input_text="\np\nw\nm\nt\nq\n")
    out = result.stdout
    assert result.returncode == 0
    assert "People (real, from the sources): 1 met, 1 more person not met yet." in out and "Ana Bek" in out
    assert "Dana Ek" not in out.split("What really happened")[0]  # not met yet
    assert "Port (43.65 N, 51.17 E; 141 km W of Oiltown)" in out
    assert "Map of Kazakhstan (outline approximate)" in out and "@ Oiltown" in out
    assert "You are in Oiltown. In a straight line from there:" in out
    assert "May 2011: A strike" in out and "[1] Source one: \u201cq\u201d" in out
