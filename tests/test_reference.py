"""people.yaml, places.yaml and events.yaml: loading, the rules check applies, and the map."""

from __future__ import annotations

import pytest

from conftest import REPO, dump
from zhanaozen_game.core import reference
from zhanaozen_game.core.check import check_story
from zhanaozen_game.core.loader import open_story


def fact(text="Says q.", quote="q", source="s1"):
    return {"text": text, "note": {"source": source, "quote": quote}}


PEOPLE = {"ana": {"name": "Ana Bek", "spellings": ["Bek"], "about": [fact()]}}
PLACES = {
    "town": {
        "name": "Oiltown",
        "position": {"lat": 43.34, "lon": 52.86, "source": "general knowledge"},
        "about": [fact()],
    },
    "port": {
        "name": "Port",
        "position": {"lat": 43.65, "lon": 51.17, "source": "general knowledge"},
        "about": [fact()],
    },
}
EVENTS = {"strike": {"date": "2011-05", "title": "A strike", "people": ["ana"], "places": ["town"], "about": [fact()]}}


def with_reference(story):
    """The test story with a person and two places named in its first scene, and one event."""
    story.scenes["scenes"]["a"]["text"] = "Hello Bek.[^n1]\n\nOn to Port."
    story.scenes["scenes"]["a"]["place"] = "The yard, Oiltown"
    story.write()
    story.file("people.yaml", dump(PEOPLE))
    story.file("places.yaml", dump(PLACES))
    story.file("events.yaml", dump(EVENTS))
    return story


@pytest.fixture
def ref_story(story):
    return with_reference(story)


def messages(report):
    return [f"{f.code}: {f.message}" for f in report.findings]


def test_a_story_with_people_places_and_events_loads_clean(ref_story):
    report = open_story(ref_story.root)
    assert messages(report) == []
    story = report.story
    assert story.people["ana"].name == "Ana Bek" and story.places["town"].position.lat == 43.34
    assert story.events["strike"].about[0].note.quote == "q"


def test_every_quote_is_checked_and_every_reference_must_exist(ref_story):
    events = {"strike": {**EVENTS["strike"], "people": ["anna"], "places": ["nowhere"]}}
    ref_story.file("events.yaml", dump(events))
    people = {"ana": {**PEOPLE["ana"], "about": [fact(quote="not in the source")]}}
    ref_story.file("people.yaml", dump(people))
    found = messages(open_story(ref_story.root))
    assert any(m.startswith("misquote: the quote is not word for word in the text of `s1`") for m in found)
    assert "unknown-reference: the event names `anna`, which is not in people.yaml; did you mean `ana`?" in found
    assert "unknown-reference: the event names `nowhere`, which is not in places.yaml" in found


def test_an_entry_no_scene_names_is_reported(ref_story):
    ref_story.file("people.yaml", dump({**PEOPLE, "ghost": {"name": "Nobody Here", "about": [fact()]}}))
    found = messages(open_story(ref_story.root))
    assert found == ["unnamed-entry: no scene names `ghost` (nor any of its spellings): the player can never meet it"]


@pytest.mark.parametrize(
    ("position", "message"),
    [
        ({"lat": 95.0, "lon": 1.0}, "`95.0` is out of range: it must be from -90 to 90"),
        ({"lat": "north", "lon": 1.0}, "expected a decimal number such as 43.35"),
        ({"lat": "1e3", "lon": 1.0}, "expected a decimal number such as 43.35"),
    ],
)
def test_positions_are_decimal_numbers_in_range(ref_story, position, message):
    places = {"town": {**PLACES["town"], "position": {**position, "source": "x"}}, "port": PLACES["port"]}
    ref_story.file("places.yaml", dump(places).replace("'1e3'", "1e3"))
    found = [f.message for f in open_story(ref_story.root).findings]
    assert any(message in m for m in found), found
    assert not any("which is not in places.yaml" in m for m in found)  # a broken file's ids are not guessed


def test_a_place_kind_must_be_known(ref_story):
    ref_story.file("places.yaml", dump({"town": {**PLACES["town"], "kind": "city"}, "port": PLACES["port"]}))
    found = messages(open_story(ref_story.root))
    assert found == ["place-kind: `kind` is `city`; it must be one of town, region, abroad"]


def test_a_person_has_one_or_two_facts(ref_story):
    ref_story.file("people.yaml", dump({"ana": {**PEOPLE["ana"], "about": [fact(), fact(), fact()]}}))
    found = [str(f) for f in open_story(ref_story.root).findings]
    assert any("people.yaml:" in f and "the list has 3 items; at most 2 are allowed" in f for f in found), found


def test_mentions_place_of_scene_and_what_a_player_has_met(ref_story):
    story = open_story(ref_story.root).story
    found = reference.mentions(story)
    assert found.people == {"ana": ["a"]}
    assert found.places == {"town": ["a"], "port": ["a"]}  # by the place line, and by the text
    assert reference.place_of_scene(story, "a") == "town"
    assert reference.met(found.people, {"b"}) == [] and reference.met(found.people, {"a"}) == ["ana"]


def test_the_text_map_marks_the_players_place_and_labels_the_others():
    story = open_story(REPO / "scenes").story
    drawn = reference.text_map(story, ["zhanaozen", "almaty", "astana"], here="zhanaozen", width=76, height=16)
    assert len(drawn.rows) == 16 and all(len(row) <= 76 for row in drawn.rows)
    text = "\n".join(drawn.rows)
    assert text.count(reference.HERE_MARK) == 1 and "Almaty" in text and "Astana" in text
    # The player's place is west of Almaty, Astana north of Almaty.
    where = {key: (r, c) for r, c, _, key, marker in drawn.spans if marker}
    assert where["zhanaozen"][1] < where["almaty"][1] and where["astana"][0] < where["almaty"][0]
    assert 800 < reference.distance_km(story.places["almaty"], story.places["astana"]) < 1100
    assert reference.bearing_word(story.places["zhanaozen"], story.places["almaty"]) == "E"


def test_the_shipped_story_has_people_places_and_events_for_what_it_names():
    report = check_story(REPO / "scenes")
    mine = ("people.yaml", "places.yaml", "events.yaml")
    assert [str(f) for f in report.findings if f.file.endswith(mine) or f.code == "misquote"] == []
    story = report.story
    assert {"galym-ageleuov", "aron-atabek", "nursultan-nazarbayev", "kassym-jomart-tokayev"} <= set(story.people)
    assert {"zhanaozen", "aktau", "mangistau", "atyrau", "almaty", "astana", "temirtau", "bishkek"} <= set(story.places)
    assert len(story.events) >= 30
    massacre = story.events["massacre-2011"]
    assert massacre.date == "2011-12-16" and {f.note.source for f in massacre.about} == set(story.sources)
    assert massacre.disagreement
    for entries in (story.people, story.places, story.events):
        for entry in entries.values():
            for item in entry.about:
                assert story.source_texts[item.note.source].locate(item.note.quote) is not None
    found = reference.mentions(story)
    assert all(found.people.values()) and all(found.places.values())
    for place in story.places.values():
        assert place.position.source.strip()


def test_words_quoted_in_an_entrys_sentence_stand_in_its_source():
    """A sentence that quotes the source ('like this') quotes it word for word too."""
    import re

    story = open_story(REPO / "scenes").story
    checked = 0
    for entries in (story.people, story.places, story.events):
        for key, entry in entries.items():
            for item in entry.about:
                for phrase in re.findall(r"(?<![A-Za-z])'([^']{3,}?)'(?![A-Za-z])", item.text):
                    checked += 1
                    assert story.source_texts[item.note.source].locate(phrase) is not None, (key, phrase)
    assert checked > 20
