"""Rules of `core/validate.py` and `core/session.py` that mutants survived (issue 9).

The comment above each test names the mutants of mutmut's run (at ffa0174, issue 9) on which it
is the first test of this file to fail: each mutant's change was applied to the source as it is
now, this file run, and the test seen failing. Writers read the validator's messages and
positions; players read what the session says and keeps. Fast: no Textual, no subprocess.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from zhanaozen_game.core.engine import IncompatibleState
from zhanaozen_game.core.loader import open_story
from zhanaozen_game.core.model import FILE_MODELS, SceneFile, StoryFile
from zhanaozen_game.core.session import MAX_ANSWER, Notice, Session, clean_answer
from zhanaozen_game.core.slots import AUTOSAVE
from zhanaozen_game.core.validate import Problem, strange_characters, validate
from zhanaozen_game.core.yamlnodes import Lines, parse


# ================================================================================================
# session.py
# ================================================================================================
@pytest.fixture
def looping(story):
    """The test story with a way back from the middle to the start, for paths of any length."""
    story.scenes["scenes"]["b"]["choices"].append({"text": "Again", "goto": "a"})
    story.write()
    return open_story(story.root).story


@pytest.fixture
def told(looping, tmp_path):
    notices: list[Notice] = []
    session = Session(looping, home=tmp_path / "saves", on_notice=notices.append)
    return session, notices


@pytest.fixture
def straight(story, tmp_path):
    """A session of the test story as it is (no loop: finding where chapters start is quick)."""
    return Session(open_story(story.root).story, home=tmp_path / "saves")


# kills zhanaozen_game.core.session: x_clean_answer 1-2,4-15,17-18
def test_an_answer_keeps_its_line_breaks_whatever_the_system_and_loses_controls():
    assert clean_answer("  one\r\ntwo\rthree\nfo\x1bur\x07  ") == "one\ntwo\nthree\nfour"
    assert clean_answer("x" * (MAX_ANSWER + 10)) == "x" * MAX_ANSWER


# kills zhanaozen_game.core.session: xǁSessionǁ__init__ 8,10,13; xǁSessionǁdescribe_slot 1-2;
#  xǁSessionǁgame_to_replace 1-2
def test_saves_go_under_the_home_given_and_a_fresh_session_has_no_game(told, tmp_path, save_home):
    session, _ = told
    assert session.state is None and session.game_to_replace() is None
    session.new_game()
    assert (tmp_path / "saves").is_dir() and not save_home.exists()


# kills zhanaozen_game.core.session: xǁSessionǁhas_autosave 1; xǁSessionǁautosave 2,4,6-7; xǁSessionǁsave
#  35,50
def test_autosave_is_silent_and_needs_a_game(told):
    session, notices = told
    assert session.autosave() is False and not session.has_autosave()
    session.new_game()
    session.choose(1)
    assert session.has_autosave() and session.autosave() is True
    assert notices == []


# kills zhanaozen_game.core.session: xǁSessionǁ__init__ 16; xǁSessionǁwhere 1-12; xǁSessionǁsave 42,45
def test_where_a_game_stands_for_the_player(told, looping, tmp_path):
    session, _ = told
    assert session.describe_slot() is None
    session.new_game()
    assert session.where() == "Start, May 2011" == session.game_to_replace()
    session.choose(1)
    assert session.save("mine") is True
    session.choose(1)
    assert session.where() == "Ending: Struck"
    assert session.describe_slot("mine") == "Middle, May 2011"
    assert session.describe_slot() == "Ending: Struck"
    assert session.describe_slot("none-such") is None
    # a new session on the same saves: the game a new one would replace is the autosaved one
    again = Session(looping, home=tmp_path / "saves")
    assert again.has_autosave() and again.game_to_replace() == "Ending: Struck"


# kills zhanaozen_game.core.session: xǁSessionǁslot_exists 1-2
def test_a_slot_exists_once_saved_and_a_bad_name_names_none(told):
    session, _ = told
    session.new_game()
    assert session.slot_exists(AUTOSAVE) and not session.slot_exists("mine")
    session.save("mine")
    assert session.slot_exists("mine")
    assert session.slot_exists("../outside") is False


# kills zhanaozen_game.core.session: xǁSessionǁrecap 1-47
def test_the_recap_tells_the_last_three_steps_and_counts_the_rest(told):
    session, _ = told
    session.new_game()
    assert session.recap() == ""
    session.choose(1)
    assert session.recap() == "Previously: Start (May 2011): you chose \u201cJoin\u201d."
    session.choose(3)  # Again (after Strike and Talk)
    session.choose(2)  # Stay
    session.choose(3)  # Again (after Go home and Talk)
    assert session.recap() == (
        "Previously, after 1 earlier scene: Middle (May 2011): you chose \u201cAgain\u201d. "
        "Start (May 2011): you chose \u201cStay\u201d. Middle (May 2011): you chose \u201cAgain\u201d."
    )
    assert session.recap(scenes=2).startswith("Previously, after 2 earlier scenes: Start (May 2011)")


# kills zhanaozen_game.core.session: xǁSessionǁis_ending 1; xǁSessionǁscenes_seen 1-4; xǁSessionǁsources_met
#  1-2; xǁSessionǁnot_taken 1
def test_what_the_player_has_seen_met_and_left(told):
    session, _ = told
    session.new_game()
    assert session.scenes_seen() == ["a"] and session.sources_met() == ["s1"]
    session.choose(2)
    assert session.scenes_seen() == ["a", "b"] and session.sources_met() == ["s1", "s2"]
    assert session.not_taken(session.playing.history[0]) == ["Join"]
    assert not session.is_ending()
    session.choose(1)  # Go home
    assert session.is_ending()


# kills zhanaozen_game.core.session: xǁSessionǁendings_found_titles 1-5; xǁSessionǁrecord_ending 1
def test_the_endings_found_are_named_in_the_storys_order(told):
    session, _ = told
    session.new_game()
    assert session.endings_found_titles() == []
    session.choose(2)
    session.choose(1)  # Go home: e2
    assert session.record_ending() == {"e2"}
    assert session.endings_found_titles() == ["Home"]
    session.new_game()
    session.choose(1)
    session.choose(1)  # Strike: e1
    session.record_ending()
    assert session.endings_found_titles() == ["Struck", "Home"]


# kills zhanaozen_game.core.session: x_clean_answer 3; xǁSessionǁanswer 1-7
def test_answers_are_kept_cleaned_and_autosaved_only_when_changed(told, looping, tmp_path):
    session, _ = told
    session.new_game()
    session.answer(["  because\r\nit is\x1b "])
    assert session.playing.answers == ["because\nit is"]
    again = Session(looping, home=tmp_path / "saves")
    again.load()
    assert again.playing.answers == ["because\nit is"]
    writes = []
    session.store.write = lambda slot, state: writes.append(slot) or ""  # type: ignore[method-assign]
    session.answer(["because\nit is"])
    assert writes == []
    session.answer(["changed"])
    assert writes == [AUTOSAVE]


# kills zhanaozen_game.core.session: xǁSessionǁ__init__ 14,17; xǁSessionǁexport
#  1-24,26,28-29,31,33,35-39,41-61
def test_a_transcript_is_written_beside_the_saves_or_a_notice_says_why_not(told, tmp_path, monkeypatch):
    session, notices = told
    session.new_game()
    session.choose(1)
    path = session.export()
    assert path is not None and path.parent == tmp_path / "saves" / "transcripts"
    assert re.fullmatch(rf"{session.story.id}-20[0-9]{{6}}-[0-9]{{6}}\.html", path.name)
    assert "Join" in path.read_text(encoding="utf-8")
    assert "Join" in path.with_suffix(".md").read_text(encoding="utf-8")
    assert notices == []
    deep = tmp_path / "class" / "week-1"  # made with its parents, and written to again
    assert session.export(deep) is not None and session.export(deep) is not None
    assert len(list(deep.glob("*.md"))) >= 1
    assert notices == []
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    assert session.export(blocker / "inside") is None
    assert [(n.title, n.severity) for n in notices] == [("Not written", "error")]
    assert notices[0].text == "Could not write the transcript: Not a directory"
    notices.clear()

    def refuse(self: Path, *args: object, **kwargs: object) -> None:
        raise OSError("the class folder is read-only")  # an error with no strerror: its own words

    monkeypatch.setattr(Path, "mkdir", refuse)
    assert session.export(tmp_path / "elsewhere") is None
    assert [n.text for n in notices] == ["Could not write the transcript: the class folder is read-only"]


# kills zhanaozen_game.core.session: xǁSessionǁreplace_story 1-2,4-10; xǁSessionǁnearest_scene 1-4
def test_an_edited_story_continues_the_players_place_or_is_refused(straight, story):
    session = straight
    assert session.nearest_scene(session.story) == "a"
    session.new_game()
    session.choose(1)
    session.chapter_starts()
    story.scenes["scenes"]["b"]["title"] = "Middle, edited"
    story.write()
    edited = open_story(story.root).story
    session.replace_story(edited)
    assert session.story is edited and session.engine.story is edited
    assert session.where() == "Middle, edited, May 2011" and session.playing.history[0].scene == "a"
    assert list(session.chapter_starts()) == ["c1"] and session.save("after") is True
    assert session.store.read("after").scene == "b"
    # an edit that removes the player's scene: refused, the old story kept, the nearest scene found
    del story.scenes["scenes"]["b"]
    story.scenes["scenes"]["a"]["choices"] = [{"text": "End", "goto": "e1"}]
    story.write()
    cut = open_story(story.root).story
    with pytest.raises(IncompatibleState):
        session.replace_story(cut)
    assert session.story is edited and session.scene_id == "b"
    assert session.nearest_scene(cut) == "a"
    assert session.nearest_scene(edited) == "b"


# kills zhanaozen_game.core.session: xǁSessionǁreplace_story 3
def test_a_story_replaced_before_any_game_has_none(looping, tmp_path):
    session = Session(looping, home=tmp_path / "saves")
    session.replace_story(looping)
    assert session.state is None and session.story is looping


# kills zhanaozen_game.core.session: xǁSessionǁrestart_in 1-17,23; 18-22 mutated a line since rewritten
#  (`self.store = self._saves(engine)`): its `= None`, `_saves(None)` and `= self.store` fail here too
def test_restarting_in_an_edited_story_keeps_variables_of_the_same_kind(straight, story, tmp_path):
    session = straight
    session.chapter_starts()
    session.new_game()
    session.choose(1)  # Join: joined true, count 1
    session.playing.vars["mood"] = "angry"
    story.story["vars"] = {"joined": False, "count": "none", "mood": "calm", "new": 3}
    story.scenes["scenes"]["b"]["choices"] = [{"text": "Strike", "goto": "e1"}]
    story.write()
    edited = open_story(story.root).story
    session.restart_in(edited, "e1")
    state = session.playing
    assert state.vars == {"joined": True, "count": "none", "mood": "angry", "new": 3}
    assert state.scene == "e1" and state.history == [] and state.visited == ["a", "b", "e1"]
    assert session.story is edited and session.where() == "Ending: Struck"
    assert list(session.chapter_starts()) == ["c1"]
    again = Session(edited, home=tmp_path / "saves")
    again.load()
    assert again.playing.scene == "e1" and again.playing.vars["count"] == "none"
    session.load()  # its own store reads saves with the edited story (count is text now)
    assert session.playing.vars["count"] == "none"


# ================================================================================================
# validate.py: what a writer reads, where it points
# ================================================================================================
def problems(text: str, model: object, what: str = "a file") -> tuple[Any, list[str]]:
    """The value made of a file's text and its problems, as `check` reports them: `line:column
    message`, with the severity and code first for what is not a plain error."""
    lines = Lines(text)
    result = validate(parse(text, lines), model, what, lines)
    return result.value, [_told(p) for p in result.problems]


def _told(problem: Problem) -> str:
    tag = "" if (problem.severity, problem.code) == ("error", "") else f"{problem.severity}/{problem.code}: "
    return f"{problem.line}:{problem.column} {tag.replace('/: ', ': ')}{problem.message}"


ABOUT = "about: [{text: T, note: {source: s, quote: q}}]"
PEOPLE = FILE_MODELS["people"]
PLACES = FILE_MODELS["places"]
EVENTS = FILE_MODELS["events"]
GLOSSARY = FILE_MODELS["glossary"]


# kills zhanaozen_game.core.validate: x_strange_characters 1-7,9-16,29-34,36-39,43-44,47-58
def test_strange_characters_are_named_by_code_point_and_what_they_look_like():
    assert strange_characters("plain-id_1.x") == ""
    assert strange_characters("s\u0441ene") == "; it contains U+0441 (CYRILLIC SMALL LETTER ES, which looks like `c`)"
    assert strange_characters("a\u200bb\u200b") == "; it contains U+200B (ZERO WIDTH SPACE, which is invisible)"
    assert strange_characters("a\x07") == "; it contains U+0007 (an unnamed character, which is invisible)"
    assert strange_characters("e\u0301") == "; it contains U+0301 (COMBINING ACUTE ACCENT, which is invisible)"
    assert strange_characters("caf\u00e9") == "; it contains U+00E9 (LATIN SMALL LETTER E WITH ACUTE)"
    # at most three are named, in the order they come; a fourth is left out
    assert strange_characters("x\u00e9\u0441\u200b\u00e8") == (
        "; it contains U+00E9 (LATIN SMALL LETTER E WITH ACUTE), "
        "U+0441 (CYRILLIC SMALL LETTER ES, which looks like `c`), U+200B (ZERO WIDTH SPACE, which is invisible)"
    )
    assert strange_characters("\u00e9\u00e8", limit=1) == "; it contains U+00E9 (LATIN SMALL LETTER E WITH ACUTE)"


# kills zhanaozen_game.core.validate: x_validate 8,11-19,21-30
def test_an_empty_file_or_one_that_is_not_a_mapping_is_told_where():
    result = validate(None, StoryFile, "story.yaml")
    assert result.value is None
    assert [(p.line, p.column, p.message) for p in result.problems] == [
        (1, 1, "the file is empty: expected story.yaml")
    ]
    assert problems("# a list\n\n  - a\n", StoryFile, "story.yaml") == (
        None,
        ["3:3 expected story.yaml (a mapping of keys), found a list"],
    )
    text = "title: T\nstart: a\nvars: {}\nchapters: [{id: c, title: C}]\n"
    assert validate(parse(text), StoryFile, "story.yaml").value is not None  # no line table given


# kills zhanaozen_game.core.validate: xǁ_Walkerǁerror 11; xǁ_Walkerǁstring 14,17-18; x__meaning 1-6,11-14
def test_text_that_yaml_reads_otherwise_is_told_with_its_quoted_form():
    scene = "chapter: c1\nscenes:\n  a:\n    date: 2011\n    notes: {}\n"
    assert problems(scene + "    title: no\n    text: On\n    place: 010\n", SceneFile)[1] == [
        '6:12 expected text, but YAML reads `no` as a boolean (`no` means false to many YAML readers); put it in quotes: "no"',
        '7:11 expected text, but YAML reads `On` as a boolean (`On` means true to many YAML readers); put it in quotes: "On"',
        '8:12 expected text, but YAML reads `010` as a number in some YAML readers; put it in quotes: "010"',
    ]
    assert problems(scene + "    title: 1.5\n    text: 2011-12-16\n    reflect: [~]\n", SceneFile)[1] == [
        '6:12 expected text, but YAML reads `1.5` as a decimal number; put it in quotes: "1.5"',
        '7:11 expected text, but YAML reads `2011-12-16` as a date; put it in quotes: "2011-12-16"',
        "8:15 this is empty: write the text, or remove the key",
    ]


# kills zhanaozen_game.core.validate: xǁ_Walkerǁerror 16; xǁ_Walkerǁstring 27-28,30-45,48-53,70,72-93
def test_control_characters_are_removed_with_a_warning_and_curly_quotes_are_flagged():
    text = (
        'chapter: c1\nscenes:\n  a:\n    title: "\\x1b[31mRed\\x07\\x1b"\n    date: "2011"\n'
        '    text: "\u201cQuoted\u201d"\n    notes: {n: {source: s, quote: q}}\n    place: "\u201c"\n'
        '    reflect: ["", "\u00abWhy?\u00bb"]\n'
    )
    assert problems(text, SceneFile)[1] == [
        "4:12 warning: control characters removed from this text (they could drive the player's terminal); it contains U+001B (an unnamed character, which is invisible), U+0007 (an unnamed character, which is invisible)",
        '6:11 warning/curly-quotes: the value is wrapped in curly quotes (“…”), which YAML keeps as part of the text: write straight quotes ("…") around it, or leave the curly ones out',
        "9:15 this text must not be empty",
        '9:19 warning/curly-quotes: the value is wrapped in curly quotes («…»), which YAML keeps as part of the text: write straight quotes ("…") around it, or leave the curly ones out',
    ]
    fixed = text.replace('["", ', "[")
    value, found = problems(fixed, SceneFile)
    assert value.scenes["a"].title == "[31mRed" and value.scenes["a"].text == "\u201cQuoted\u201d"
    assert [told.split(" ")[1] for told in found] == ["warning:", "warning/curly-quotes:", "warning/curly-quotes:"]
    # one curly quote at one end only is not a wrapped value
    for one_end in ("\u201cQuoted", "Quoted\u201d"):
        found = problems(fixed.replace("\u201cQuoted\u201d", one_end), SceneFile)[1]
        assert [told.split(" ")[1] for told in found] == ["warning:", "warning/curly-quotes:"]
    # two curly quotes and nothing between them are still wrapped (and still not text)
    found = problems(fixed.replace("\u201cQuoted\u201d", "\u00ab\u00bb"), SceneFile)[1]
    assert [told.split(" ")[1] for told in found] == ["warning:", "warning/curly-quotes:", "warning/curly-quotes:"]


# kills zhanaozen_game.core.validate: xǁ_Walkerǁconvert 1,6-8,10,12-13,72; xǁ_Walkerǁstring 60-66,69;
#  xǁ_Walkerǁmapping 14,21; xǁ_Walkerǁkey 3-4,6,8-10,12,23-26,30-31,33-44,49-50,57-63,66,68,73-74,76-81;
#  x__meaning 9-10
def test_a_bad_id_or_key_is_told_with_the_rule_and_its_strange_characters():
    text = 'chapter: "s\u0441ene"\nscenes:\n  "s\u0441ene":\n    title: T\n    date: 2011\n    text: x\n    notes: {}\n'
    assert problems(text, SceneFile)[1] == [
        "1:10 `sсene` is not allowed here: The id of the chapter (in `story.yaml`) these scenes belong to.; it contains U+0441 (CYRILLIC SMALL LETTER ES, which looks like `c`)",
        "3:3 `sсene` is not a valid name here: A scene id: letters, digits, `_`, `-` and `.`; unique across the story.; it contains U+0441 (CYRILLIC SMALL LETTER ES, which looks like `c`)",
    ]
    story = 'title: T\nstart: a\nvars: {yes: 1, "a\\x07b": 2, 1x: 3, ok: 4}\nchapters: [{id: c, title: C}]\n'
    assert problems(story, StoryFile)[1] == [
        "3:8 YAML reads the key `yes` as a boolean (`yes` means true to many YAML readers); a key must be text: put it in quotes",
        "3:16 a key must not contain control characters; it contains U+0007 (an unnamed character, which is invisible)",
        "3:29 `1x` is not a valid name here: A variable name: letters, digits and `_`, not starting with a digit.",
    ]
    assert problems('"": x\nterm: the meaning\n', GLOSSARY) == (None, ["1:1 a key must not be empty"])


# kills zhanaozen_game.core.validate: xǁ_Walkerǁconvert 83-86; xǁ_Walkerǁunion
#  18-21,32,37-38,59-72,76,78-80,85-93; x__describe 4-7,14-20
def test_a_value_of_several_kinds_says_which_kinds_and_how_yaml_read_it():
    story = "title: T\nstart: a\nchapters: [{id: c, title: C}]\nvars:\n"
    body = '  a: 1.5\n  b: [1]\n  c:\n  d: 1:30\n  e: 2011-12-16\n  f: {x: 1}\n  g: yes\n  h: true\n  i: 12\n  j: "no"\n  k: text\n'
    kinds = "true or false or a whole number or text"
    assert problems(story + body, StoryFile)[1] == [
        f"5:6 YAML reads `1.5` as a decimal number; expected {kinds}. Quote it if it is text.",
        f"6:6 expected {kinds}, found a list",
        f"7:5 YAML reads `` as empty (null); expected {kinds}. Quote it if it is text.",
        f"8:6 YAML reads `1:30` as a number in some YAML readers; expected {kinds}. Quote it if it is text.",
        f"9:6 YAML reads `2011-12-16` as a date; expected {kinds}. Quote it if it is text.",
        f"10:6 expected {kinds}, found a mapping",
        f"11:6 YAML reads `yes` as a boolean (`yes` means true to many YAML readers); expected {kinds}. Quote it if it is text.",
    ]
    assert problems("title: T\nstart: a\nchapters: [{id: c, title: C}]\nvars: [1]\n", StoryFile)[1] == [
        f"4:7 expected a mapping of names to {kinds}, found a list"
    ]
    fixed = story + '  h: true\n  i: 12\n  j: "no"\n  k: text\n  l: -3\n'
    assert problems(fixed, StoryFile)[0].vars == {"h": True, "i": 12, "j": "no", "k": "text", "l": -3}
    # a union of text and a struct, and of a struct and nothing
    assert problems("term: yes\nlist: [a]\nfine: {definition: D}\nplain: text\n", GLOSSARY)[1] == [
        "1:7 YAML reads `yes` as a boolean (`yes` means true to many YAML readers); expected text or a glossary entry. Quote it if it is text.",
        "2:7 expected text or a glossary entry, found a list",
    ]
    value, found = problems("fine: {definition: D}\nplain: text\nquoted: '1.5'\n", GLOSSARY)
    assert found == [] and value["plain"] == "text" and value["quoted"] == "1.5" and value["fine"].definition == "D"
    scene = "chapter: c\nscenes:\n  a:\n    title: T\n    date: 2011\n    text: x\n    notes: {}\n    ending: "
    assert problems(scene + "[1]\n", SceneFile)[1] == ["8:13 expected an ending or nothing, found a list"]
    assert problems(scene + "yes\n", SceneFile)[1] == [
        "8:13 YAML reads `yes` as a boolean (`yes` means true to many YAML readers); expected an ending or nothing. Quote it if it is text."
    ]
    assert problems(scene + "~\n", SceneFile)[0].scenes["a"].ending is None
    assert problems(scene + "{title: E, summary: S}\n", SceneFile)[0].scenes["a"].ending.title == "E"


# kills zhanaozen_game.core.validate: xǁ_Walkerǁinteger 13-26; x__scalar_name 1,3-17; x__short 1,8-16
def test_a_whole_number_is_told_what_was_found_instead():
    text = (
        "chapter: c\nscenes:\n  a:\n    title: T\n    date: 2011\n    text: x\n    notes: {}\n    choices:\n"
        "      - text: t\n        goto: b\n        add:\n          a: 010\n          b: 1234567890123456\n"
        '          c: "1"\n          d: abc\n          e: 1.5\n          f: ~\n'
        '          g: "a very long text that goes on and on and on past\\nforty\\x1b characters"\n'
        "          h: 1:30\n"
        '          i: yes\n          j: "two\\nlines"\n'
    )
    assert problems(text, SceneFile)[1] == [
        "12:14 `010` is read differently by different YAML readers: write a plain whole number such as 90",
        "13:14 `1234567890123456` is too large: a number here has at most 15 digits",
        '14:14 expected a whole number, found the text "1"',
        "15:14 expected a whole number, found the text `abc`",
        "16:14 expected a whole number, found `1.5` (a decimal number)",
        "17:14 expected a whole number, found nothing (an empty value)",
        '18:14 expected a whole number, found the text "a very long text that goes on and on an…"',
        "19:14 `1:30` is read differently by different YAML readers: write a plain whole number such as 90",
        "20:14 expected a whole number, found `yes` (a boolean)",
        '21:14 expected a whole number, found the text "two lines"',
    ]
    exact = (
        text.split("        add:\n")[0]
        + "        add: {a: 123456789012345, b: -7, c: +2, d: 'ab cd efgh ij kl mn op qr st uv wx yz 12'}\n"
    )
    assert problems(exact, SceneFile)[1] == [
        '11:52 expected a whole number, found the text "ab cd efgh ij kl mn op qr st uv wx yz 12"'
    ]
    forty_one = exact.replace(" 12'", " 123'")
    assert problems(forty_one, SceneFile)[1][0].endswith('yz 1\u2026"')
    good = exact.replace(", d: 'ab cd efgh ij kl mn op qr st uv wx yz 12'", "")
    assert problems(good, SceneFile)[0].scenes["a"].choices[0].add == {"a": 123456789012345, "b": -7, "c": 2}


# kills zhanaozen_game.core.validate: xǁ_Walkerǁconvert 78-81; xǁ_Walkerǁnumber 1-27; x__describe 8-9
def test_a_coordinate_is_a_plain_decimal_number_within_its_range():
    def place(lat: str, lon: str) -> str:
        return f"p:\n  name: P\n  {ABOUT}\n  position: {{lat: {lat}, lon: {lon}, source: s}}\n"

    assert problems(place("95", "-180"), PLACES)[1] == ["4:19 `95` is out of range: it must be from -90 to 90"]
    assert problems(place("-90.5", "180.5"), PLACES)[1] == [
        "4:19 `-90.5` is out of range: it must be from -90 to 90",
        "4:31 `180.5` is out of range: it must be from -180 to 180",
    ]
    assert problems(place("1e3", '"43.3"'), PLACES)[1] == [
        "4:19 expected a decimal number such as 43.35, found `1e3` (a decimal number)",
        '4:29 expected a decimal number such as 43.35, found the text "43.3"',
    ]
    assert problems(place("[1]", "{x: 1}"), PLACES)[1] == [
        "4:19 expected a decimal number, found a list",
        "4:29 expected a decimal number, found a mapping",
    ]
    assert problems(place("12345", "1.123456789"), PLACES)[1] == [
        "4:19 expected a decimal number such as 43.35, found `12345` (a number)",
        "4:31 expected a decimal number such as 43.35, found `1.123456789` (a decimal number)",
    ]
    value, found = problems(
        place("90", "-180") + place("-90", "180.0").replace("p:", "q:") + place("43.35", "+52.8").replace("p:", "r:"),
        PLACES,
    )
    assert found == []
    assert [(p.position.lat, p.position.lon) for p in value.values()] == [(90, -180), (-90, 180), (43.35, 52.8)]


# kills zhanaozen_game.core.validate: xǁ_Walkerǁconvert 66; xǁ_Walkerǁdate 7-8,11-14,34-53
def test_a_date_is_checked_against_the_calendar():
    def event(date: str) -> str:
        return f"e: {{date: {date}, title: T, {ABOUT}}}\n"

    assert problems(event("2011-02-30"), EVENTS)[1] == ["1:11 `2011-02-30` is not a date: February 2011 has 28 days"]
    assert problems(event("2011-04-31"), EVENTS)[1] == ["1:11 `2011-04-31` is not a date: April 2011 has 30 days"]
    hint = "`2011`, `2011-12` or `2011-12-16`, quoted or not."
    assert problems(event("2011-13"), EVENTS)[1] == [f"1:11 `2011-13` is not a date: {hint}"]
    assert problems(event("yes"), EVENTS)[1] == [f"1:11 `yes` is not a date: {hint}"]
    assert problems(event("1.5"), EVENTS)[1] == [f"1:11 `1.5` is not a date: {hint}"]
    for good in ("2012-02-29", '"2011-12-31"', "2011-12", "2011", "2011-01-31"):
        value, found = problems(event(good), EVENTS)
        assert found == [] and value["e"].date == good.strip('"')


# kills zhanaozen_game.core.validate: xǁ_Walkerǁsequence 20,25-28,31-35,37; xǁ_Walkerǁmapping 2-8;
#  xǁ_Walkerǁstruct 4-8,34-35,37,43; x__describe_key 1,3-4
def test_lists_mappings_and_structs_say_what_they_lack_and_nothing_half_made_is_kept():
    fact = "{text: a, note: {source: s, quote: q}}"
    text = (
        f"p:\n  name: P\n  about: []\np2:\n  name: P\n  about: [{fact}, {fact}, {fact}]\np3: [1]\np4: 5\n"
        "p5:\n  nam: P\n"
    )
    assert problems(text, PEOPLE)[1] == [
        "3:10 the list needs at least 1 item(s)",
        "6:10 the list has 3 items; at most 2 are allowed",
        "7:5 expected a person (a mapping of keys), found a list",
        "8:5 expected a person (a mapping of keys), found `5` (a number)",
        "10:3 unknown key `nam` in a person; did you mean `name`? (known keys: name, about, spellings, role)",
        "10:3 a person is missing `name`",
        "10:3 a person is missing `about`",
    ]
    two = f"p:\n  name: P\n  about: [{fact}, {fact}]\n  spellings: [Q]\n"
    value, found = problems(two, PEOPLE)
    assert found == [] and [f.text for f in value["p"].about] == ["a", "a"] and value["p"].spellings == ["Q"]
    assert problems(two.replace("[Q]", "[Q, '']"), PEOPLE)[0] is None  # one bad item: no person is made
    assert problems(two + "  rank: 1\n", PEOPLE) == (
        None,
        ["5:3 unknown key `rank` in a person (known keys: name, about, spellings, role)"],
    )
    assert problems(two + "q: {name: Q, about: [" + fact + '], role: R}\n"b\\x07": {name: B}\n', PEOPLE)[0] is None
    assert problems("chapter: c\nscenes: [a]\n", SceneFile)[1] == [
        "2:9 expected a mapping of names to a scene, found a list"
    ]
    assert problems("chapter: c\nscenes: {a: {title: T, date: 2011, text: x, notes: {n: 5}}}\n", SceneFile)[0] is None


# kills zhanaozen_game.core.validate: xǁValidatedǁat 1,15,18-22; xǁ_Walkerǁconvert 17-19; xǁ_Walkerǁstruct
#  45-46
def test_positions_point_at_a_value_its_key_or_the_nearest_parent():
    text = (
        "chapter: c\nscenes:\n  a:\n    title: T\n    date: 2011\n    text: x\n    notes: {n: {source: s, quote: q}}\n"
        "    choices:\n      - {text: t, goto: b}\n"
    )
    lines = Lines(text)
    result = validate(parse(text, lines), SceneFile, "a scene file", lines)
    assert result.problems == []
    assert result.at(("scenes", "a", "choices")) == (9, 7)  # the list
    assert result.at(("scenes", "a", "choices"), key=True) == (8, 5)  # its key
    assert result.at(("scenes", "a", "choices", 0, "goto")) == (9, 25)
    assert result.at(("scenes", "a", "title")) == (4, 5)  # not recorded: the scene it belongs to
    assert result.at(("scenes", "a", "notes", "n", "quote", "more", "deeper")) == (7, 35)  # the quote
    assert result.at(()) == (1, 1) and result.at(("no", "such")) == (1, 1)
    glossary = "term:\n  definition: D\n  note: {source: s, quote: q}\ntitle: a term named like a field\n"
    lines = Lines(glossary)
    result = validate(parse(glossary, lines), GLOSSARY, "glossary.yaml", lines)
    assert result.at(("title",)) == (4, 1)  # its text is not recorded: its key is
    assert (
        result.at(("term", "note")) == (3, 9) == result.at(("term", "note"), key=True)
    )  # a struct's other keys: their value
