"""Quotes checked against their source's text: the matching rules, the context, the closest passage."""

from __future__ import annotations

import pytest

from conftest import StoryFolder
from zhanaozen_game.core.check import check_story
from zhanaozen_game.core.quotes import SourceText

TEXT = (
    "The  strike began in the \u201cspring\u201d of 2011 \u2014 at Ersai.\nThe workforce of about 1000 went on strike."
)


@pytest.mark.parametrize(
    "quote",
    [
        'The strike began in the "spring" of 2011 - at Ersai.',  # straight quotes, hyphen, one space
        "The strike began ... at Ersai.",  # an omission
        "began in the \u2026 workforce of about 1000",  # across a line break, with an ellipsis
    ],
)
def test_a_quote_found_despite_typography(quote):
    assert SourceText(TEXT).locate(quote) is not None


@pytest.mark.parametrize(
    "quote",
    [
        "The workforce of about 2000 went on strike.",  # a changed figure
        "at Ersai. ... The strike began",  # pieces out of order
        "...",  # nothing but an omission
        "the strike began",  # case matters: a quote is word for word
    ],
)
def test_a_misquote_is_not_found(quote):
    assert SourceText(TEXT).locate(quote) is None


def test_locate_gives_the_places_in_the_original_text():
    source = SourceText(TEXT)
    spans = source.locate('began in the "spring" ... about 1000')
    assert [TEXT[a:b] for a, b in spans] == ["began in the \u201cspring\u201d", "about 1000"]


def test_the_closest_passage_is_whole_words_from_the_source():
    passage = SourceText(TEXT).closest_passage("The workforce of about 2000 went on strike.")
    assert passage == "The workforce of about 1000 went on strike."


def test_check_reports_a_misquote_at_its_line_with_the_closest_passage(story: StoryFolder):
    story.scenes["scenes"]["b"]["notes"]["n1"]["quote"] = "The source says z"
    story.write()
    found = [f for f in check_story(story.root).findings if f.code == "misquote"]
    assert len(found) == 1 and found[0].severity == "error"
    lines = (story.root / "scenes.yaml").read_text().splitlines()
    assert "The source says z" in lines[found[0].line - 1]
    assert "closest passage is: \u201cThe source says q, and\u201d" in found[0].message


def test_a_quote_is_checked_against_its_own_source_not_any(story: StoryFolder):
    story.scenes["scenes"]["b"]["notes"]["n2"]["quote"] = "q"  # in s1's text, but the note cites s2
    story.write()
    assert [f.code for f in check_story(story.root).errors] == ["misquote"]


@pytest.mark.parametrize(
    ("path", "words"),
    [("../outside.txt", "inside the story folder"), ("texts/none.txt", "cannot be read"), ("/etc/passwd", "inside")],
)
def test_a_source_text_outside_the_folder_or_missing_is_an_error(story: StoryFolder, path, words):
    (story.root.parent / "outside.txt").write_text("q r")
    story.sources["s1"]["text"] = path
    story.write()
    found = [f for f in check_story(story.root).errors if f.code == "source-text"]
    assert len(found) == 1 and words in found[0].message and found[0].file.endswith("sources.yaml")


def test_a_source_without_a_card_or_text_is_warned_about(story: StoryFolder):
    del story.sources["s2"]["standpoint"], story.sources["s2"]["text"]
    story.write()
    codes = sorted(f.code for f in check_story(story.root).warnings)
    assert codes == ["no-source-text", "no-standpoint"]
