"""Source cards and quotes in context, from any note: the full-screen game, plain mode, transcripts."""

from __future__ import annotations

import subprocess
import sys

from textual.widgets import Static

from conftest import REPO
from zhanaozen_game.core.export import build, to_html, to_markdown
from zhanaozen_game.core.loader import open_story
from zhanaozen_game.core.session import Session
from zhanaozen_game.tui.app import ZhanaozenApp


async def open_notes(pilot) -> None:
    await pilot.press("n")
    await pilot.pause()
    if type(pilot.app.screen).__name__ == "ContentNoteScreen":
        await pilot.press("y")
        await pilot.pause()
    await pilot.press("n")  # the notes panel, its first note highlighted
    await pilot.pause()


async def test_c_on_a_note_opens_its_source_card_with_the_standpoint(story, save_home):
    story.sources["s1"]["standpoint"] = "A blog of several authors. It takes a side. It could not see the square."
    story.sources["s1"]["single_writer"] = ["The count of the dead"]
    story.write()
    app = ZhanaozenApp(story.root)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_notes(pilot)
        await pilot.press("c")
        await pilot.pause()
        assert type(app.screen).__name__ == "SourceCardScreen"
        standpoint = str(app.screen.query_one("#source-standpoint", Static).render())
        assert "It could not see the square." in standpoint
        assert "The count of the dead" in str(app.screen.query_one("#source-single-writer", Static).render())
        await pilot.press("v")  # from the card, the whole text
        await pilot.pause()
        assert type(app.screen).__name__ == "SourceTextScreen"


async def test_enter_on_a_note_shows_the_quote_highlighted_in_its_source(story, save_home):
    app = ZhanaozenApp(story.root)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_notes(pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "SourceTextScreen"
        quoted = app.screen.query(".source-paragraph.-quoted")
        assert len(quoted) == 1
        content = quoted.first(Static).render()
        assert str(content) == "The source says q, and more."
        highlighted = [content.plain[span.start : span.end] for span in content.spans if span.style]
        assert highlighted == ["q"]  # exactly the quote, in its sentence
        await pilot.press("c")
        await pilot.pause()
        assert type(app.screen).__name__ == "SourceCardScreen"


async def test_a_long_source_is_scrolled_to_the_quote(story, save_home):
    filler = "\n\n".join(f"Paragraph {n} of the article, which says nothing of interest." for n in range(80))
    story.file("texts/s1.txt", filler + "\n\nAt last the source says q, and more.\n")
    app = ZhanaozenApp(story.root)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_notes(pilot)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        scroll = app.screen.query_one("#source-text-scroll")
        quoted = app.screen.query_one(".source-paragraph.-quoted")
        assert scroll.scroll_y > 50
        assert scroll.region.contains_region(quoted.region) or quoted.region.y >= scroll.region.y


def test_plain_mode_shows_a_card_and_a_quote_in_context(story, tmp_path):
    story.sources["s1"]["standpoint"] = "A blog of several authors. It takes a side. It could not see the square."
    story.write()
    result = subprocess.run(
        [sys.executable, "-m", "zhanaozen_game", "play", "--plain", "--story", str(story.root)],
        input="\nc 1\nv 1\nc 7\nq\n",
        capture_output=True,
        text=True,
        timeout=60,
        env={"ZHANAOZEN_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    out = result.stdout
    assert result.returncode == 0, result.stderr
    assert "Who speaks\nA blog of several authors. It takes a side. It could not see the square." in out
    assert "The source says (quote begins) q (quote ends), and more." in out
    assert "Give a note's number after c" in out


def test_the_transcript_bibliography_carries_each_standpoint(story):
    story.sources["s1"]["standpoint"] = "A blog of several authors. It takes a side. It could not see the square."
    story.write()
    session = Session(open_story(story.root).story)
    session.new_game()
    transcript = build(session.story, session.playing)
    markdown, page = to_markdown(transcript), to_html(transcript)
    assert "*Who speaks:* A blog of several authors. It takes a side." in markdown
    assert "<em>Who speaks:</em> A blog of several authors." in page


def test_the_shipped_story_shows_every_quote_in_context():
    from zhanaozen_game.core.sourcing import quote_in_context

    story = open_story(REPO / "scenes").story
    for scene in story.scenes.values():
        for note in scene.notes.values():
            passage, spans = quote_in_context(story, note)
            assert spans and all(0 <= a < b <= len(passage) for a, b in spans)
