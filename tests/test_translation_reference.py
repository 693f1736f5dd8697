"""The real people, places and events in translation: their units, the translated entries, the
translated names that link an entry from the translated text, and the screens that show them."""

from __future__ import annotations

import pytest
from textual.widgets import OptionList

from conftest import REPO, dump
from test_reference import PEOPLE, fact, with_reference
from test_reference_screens import static_text
from test_translation import RUSSIAN, catalog, run, translate
from test_tui import start_game
from zhanaozen_game.core import reference, reference_text
from zhanaozen_game.core.i18n import set_language
from zhanaozen_game.core.loader import open_story
from zhanaozen_game.core.po import load_translated
from zhanaozen_game.core.translation import split_names, translate_story, units
from zhanaozen_game.tui.app import ZhanaozenApp
from zhanaozen_game.tui.widgets.story_text import linked_text, reference_names

# The units people.yaml, places.yaml and events.yaml add to the test story, in Russian.
REFERENCE_RUSSIAN = {
    "people/ana/name": "Ана Бек",
    "people/ana/spellings": "Бек",
    "people/ana/forms": "Ана Бек; Аны Бек; Бек; Беку; Беком",
    "people/ana/role": "сварщица",
    "people/ana/about/1/text": "Говорит ку.",
    "people/ana/about/1/note/comment": "Одна газета.",
    "people/ana/about/1/note/quote-translation": "ку",
    "places/town/name": "Нефтеград",
    "places/town/forms": "Нефтеград; Нефтеграда; Нефтеграде",
    "places/town/about/1/text": "Говорит ку.",
    "places/town/about/1/note/quote-translation": "ку",
    "places/town/position/source": "общие сведения",
    "places/port/name": "Порт",
    "places/port/forms": "Порт; Порта; Порту",
    "places/port/about/1/text": "Говорит ку.",
    "places/port/about/1/note/quote-translation": "ку",
    "places/port/position/source": "общие сведения",
    "events/strike/title": "Забастовка",
    "events/strike/disagreement": "Источники расходятся в дате.",
    "events/strike/about/1/text": "Говорит ку.",
    "events/strike/about/1/note/quote-translation": "ку",
}
# The first scene in Russian names Ana in the dative and Port in the genitive.
SCENE_RUSSIAN = {"a/text": "Привет Беку.[^n1]\n\nДалее до Порта.", "a/place": "Двор, Нефтеград"}


@pytest.fixture
def ref_story(story):
    """The test story with a person (with a role and a comment), two places and an event."""
    with_reference(story)
    person = {
        **PEOPLE["ana"],
        "role": "a welder",
        "about": [{**fact(), "note": {**fact()["note"], "comment": "One paper."}}],
    }
    story.file("people.yaml", dump({"ana": person}))
    events = open_story(story.root).story.events
    assert events["strike"].title == "A strike"
    text = (story.root / "events.yaml").read_text(encoding="utf-8")
    story.file(
        "events.yaml",
        text.replace("title: A strike", "title: A strike\n  disagreement: The sources disagree on the date."),
    )
    assert not open_story(story.root).findings
    return story


@pytest.fixture
def ref_russian(ref_story):
    """The story above with every unit translated into Russian."""
    result = run("translate", "update", "--lang", "ru", "--story", ref_story.root)
    assert result.returncode == 0, result.stderr
    scene = {"a/text": "Hello Bek.[^n1]\n\nOn to Port.", "a/place": "The yard, Oiltown"}
    assert {unit.context: unit.text for unit in units(open_story(ref_story.root).story)}.items() >= scene.items()
    translate(ref_story.root, {**RUSSIAN, **REFERENCE_RUSSIAN, **SCENE_RUSSIAN})
    return ref_story


def test_people_places_and_events_are_units_with_their_file_and_line(ref_story):
    found = {unit.context: unit for unit in units(open_story(ref_story.root).story)}
    ours = {context for context in found if context.split("/")[0] in ("people", "places", "events")}
    assert ours == set(REFERENCE_RUSSIAN)
    # ids, dates, coordinates, kinds and the ids an event names are data, not units
    assert not any(part in context for context in ours for part in ("/date", "/lat", "/lon", "/kind", "/people"))
    for context in ours:
        unit = found[context]
        lines = (ref_story.root / unit.file).read_text(encoding="utf-8").splitlines()
        # the field's line; for a list (spellings), its first item's
        field = {"forms": "name:", "quote-translation": "quote:", "spellings": "- Bek"}.get(
            context.split("/")[-1], context.split("/")[-1] + ":"
        )
        assert field in lines[unit.line - 1], (context, unit.line, lines[unit.line - 1])
    assert found["people/ana/about/1/note/comment"].file == "people.yaml"
    assert found["events/strike/disagreement"].file == "events.yaml"
    assert found["people/ana/forms"].text == "Ana Bek; Bek"  # the English forms: the name and its spellings
    assert "Атабека" in found["people/ana/forms"].hint
    assert "labelled as a translation" in found["places/town/about/1/note/quote-translation"].hint


def test_round_trip_gives_the_russian_person_place_and_event(ref_russian):
    checked = run("check", "--strict", "--story", ref_russian.root)
    assert checked.returncode == 0, checked.stdout
    total = len({**RUSSIAN, **REFERENCE_RUSSIAN, **SCENE_RUSSIAN})
    assert f"{total} of {total} units translated (100%), 0 missing, 0 stale" in checked.stdout
    ru = load_translated(open_story(ref_russian.root).story, "ru")
    assert ru.fallbacks == []
    ana = ru.people["ana"]
    assert (ana.name, ana.role, ana.spellings) == ("Ана Бек", "сварщица", ["Бек"])
    assert ana.about[0].text == "Говорит ку." and ana.about[0].note.comment == "Одна газета."
    assert ana.about[0].note.quote == "q" and ana.about[0].note.quote_translation == "ку"  # the quote stays
    town = ru.places["town"]
    assert town.name == "Нефтеград" and town.position.source == "общие сведения" and town.position.lat == 43.34
    strike = ru.events["strike"]
    assert (strike.title, strike.disagreement, strike.date) == ("Забастовка", "Источники расходятся в дате.", "2011-05")
    assert strike.people == ["ana"] and strike.places == ["town"]


def test_a_missing_person_unit_falls_back_to_english(ref_russian):
    translate(ref_russian.root, {"people/ana/role": "", "people/ana/about/1/text": ""})
    story = open_story(ref_russian.root).story
    entries = catalog(ref_russian.root)
    current = {e.msgctxt: (e.msgid, e.msgstr) for e in entries if e.msgstr}
    ru = translate_story(story, "ru", current)
    assert ru.people["ana"].role == "a welder" and ru.people["ana"].about[0].text == "Says q."
    assert ru.people["ana"].name == "Ана Бек"  # the rest of the entry is still Russian
    assert sorted(ru.fallbacks) == ["people/ana/about/1/text", "people/ana/role"]
    # A translation made from other English is not used either.
    stale = dict(current, **{"people/ana/name": ("Anna Bek", "Анна Бек")})
    assert translate_story(story, "ru", stale).people["ana"].name == "Ana Bek"
    # Without its forms, an entry is still named by the English name and spellings (quotes stay English).
    no_forms = {context: value for context, value in current.items() if not context.endswith("/forms")}
    assert reference.names_of(translate_story(story, "ru", no_forms).people["ana"]) == [
        "Ана Бек",
        "Бек",
        "Ana Bek",
        "Bek",
    ]


def test_the_russian_text_links_a_persons_russian_name_to_their_entry(ref_russian):
    english = open_story(ref_russian.root).story
    ru = load_translated(english, "ru")
    assert ru.scenes["a"].text.startswith("Привет Беку.")
    # The dative "Беку" and the genitive "Порта" are forms the translator listed: the scene names them.
    assert reference.mentions(ru).people["ana"] == ["a"] and reference.mentions(ru).places["port"] == ["a"]
    assert reference.place_of_scene(ru, "a") == "town"  # "Двор, Нефтеград"
    text = linked_text(ru.scenes["a"].text, {}, [], names=reference_names(ru))
    links = {text.plain[span.start : span.end]: span.style.meta.get("@click") for span in text.spans if span.style}
    assert links["Беку"] == "app.lookup_person(0)" and links["Порта"] == "app.lookup_place(1)"
    # Without the forms, the Russian text names nobody: the English story's own names do not match it.
    bare = translate_story(english, "ru", {k: v for k, v in _catalog(ref_russian).items() if not k.endswith("/forms")})
    assert reference.mentions(bare).people["ana"] == []


def _catalog(story) -> dict:
    return {e.msgctxt: (e.msgid, e.msgstr) for e in catalog(story.root) if e.msgstr and not e.fuzzy}


def test_split_names():
    assert split_names(" Бек ;Беку;; Oyan, Qazaqstan ") == ["Бек", "Беку", "Oyan, Qazaqstan"]


def test_plain_mode_in_russian_shows_a_russian_people_entry(ref_russian):
    played = run("play", "--plain", "--lang", "ru", "--story", ref_russian.root, input_text="\np\nw\nt\nq\n")
    assert played.returncode == 0, played.stderr
    out = played.stdout
    for expected in (
        "Ана Бек (сварщица)",
        "Бек",  # also spelled
        "  Говорит ку. [1]",
        "\u201cq\u201d",  # the quote as the source has it
        "        Перевод: ку",  # and its translation under it
        "        Одна газета.",
        "Люди (реальные, по источникам): Встречены все люди: 1.",  # the interface too is in Russian
        "Другие написания: Бек",
        "Нефтеград (43.34\u00b0 с. ш., 52.86\u00b0 в. д.; вы здесь)",
        "Порт (43.65\u00b0 с. ш., 51.17\u00b0 в. д.; 141 км к западу от места «Нефтеград»)",
        "  Координаты: общие сведения",
        "  Источники расходятся или не уверены: Источники расходятся в дате.",
        "общие сведения",
        "Забастовка",
        "Источники расходятся в дате.",
    ):
        assert expected in out, expected
    assert "Ana Bek" not in out and "a welder" not in out and "A strike" not in out


def test_reference_text_of_the_shipped_story_in_russian():
    english = open_story(REPO / "scenes").story
    ru = load_translated(english, "ru")
    assert ru.fallbacks == []
    lines = "\n".join(reference_text.people_lines(ru, set(ru.scenes)))
    assert "Арон Атабек (поэт-диссидент)" in lines and "Aron Atabek" not in lines.split("\u201c")[0]
    # Every scene that names a person or place in English names it in Russian too: the forms
    # cover the cases the Russian text uses.
    assert reference.mentions(ru) == reference.mentions(english)


async def test_the_people_screen_in_russian(ref_russian):
    set_language("ru")  # as `zhanaozen play --lang ru` does before the screens are imported
    app = ZhanaozenApp(ref_russian.root, language="ru")
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        await pilot.press("p")
        await pilot.pause()
        listing = app.screen.query_one("#reference-list", OptionList)
        assert listing.get_option_at_index(0).id == "ana"
        entry = static_text(app, "#reference-entry")
        assert "Ана Бек" in entry and "сварщица" in entry and "Говорит ку. [1]" in entry and "ку" in entry
        assert "Ana Bek" not in entry and "Другие написания: Бек" in entry and "В прочитанных вами сценах:" in entry
        count = static_text(app, "#reference-count")
        assert count == "Встречены все люди: 1."
        await pilot.press("escape", "t")
        await pilot.pause()
        assert "Забастовка" in str(app.screen.query_one("#events-list", OptionList).get_option_at_index(0).prompt)


def test_the_pack_in_russian(ref_russian, tmp_path):
    result = run("pack", "--lang", "ru", "--story", ref_russian.root, "-o", tmp_path / "pack")
    assert result.returncode == 0, result.stderr
    text = (tmp_path / "pack" / "teachers-pack.md").read_text(encoding="utf-8")
    assert "### Ана Бек (сварщица)" in text and "Говорит ку. [1]" in text and "Забастовка" in text
    assert "\u201cq\u201d (Перевод: ку) Одна газета." in text
    assert "Ana Bek" not in text
    english = run("pack", "--story", ref_russian.root, "-o", tmp_path / "en")
    assert english.returncode == 0 and "### Ana Bek (a welder)" in (tmp_path / "en" / "teachers-pack.md").read_text()
