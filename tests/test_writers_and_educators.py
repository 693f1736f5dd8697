"""Transcripts, the story map and live editing: what teachers hand out and writers work with."""

from __future__ import annotations

import json
from datetime import date
from html.parser import HTMLParser

import pytest

from conftest import record_notifications, toasts_on_screen
from test_cli import no_traceback, run
from test_tui import make_app, start_game
from zhanaozen_game.core.engine import Engine
from zhanaozen_game.core.export import build, to_html, to_markdown
from zhanaozen_game.core.graph import to_dot, to_mermaid
from zhanaozen_game.core.loader import open_story


def played_to_an_ending(story_root):
    report = open_story(story_root)
    engine = Engine(report.story)
    state = engine.new_game()
    engine.answer(state, ["Because <b>pay</b> was low & [links](x)"])
    engine.choose(state, 1)  # Join
    engine.choose(state, 1)  # Strike -> e1
    return report.story, state


def test_transcript_markdown_holds_the_path_answers_notes_and_bibliography(story):
    story_obj, state = played_to_an_ending(story.root)
    text = to_markdown(build(story_obj, state, "Aruzhan"), exported=date(2026, 11, 25))
    assert text.startswith(
        "# Test story: transcript of a path\n\nStudent: Aruzhan\n\n"
        "**Path:** 3 scenes, the ending \u201cStruck\u201d; 1 of 1 reflection questions "
        "answered; 4 notes from 2 source(s).\n\n**Answers at a glance**\n\n"
    )
    assert "\n\nExported 2026-11-25." in text
    assert [line for line in text.splitlines() if line.startswith("## ")] == [
        "## 1. Start",
        "## 2. Middle",
        "## 3. End one",
        "## Notes",
        "## Bibliography",
    ]
    # Footnotes are numbered through the document: scene a's note is 1, b's two notes are 2 and 3.
    assert "Hello.[^1]" in text and "Middle text.[^2] More.[^3]" in text and "E1.[^4]" in text
    assert "Really.[^4]" in text  # the debrief cites the ending scene's note
    assert "> **Reflect:** Why?" in text
    assert "**Answers at a glance**\n\n1. *Why?* (scene 1, Start): Because &lt;b&gt;pay&lt;/b&gt;" in text
    assert "> Because &lt;b&gt;pay&lt;/b&gt; was low &amp; \\[links\\](x)" in text  # no raw HTML, no link
    assert "**Choice:** Join" in text and "**Choice:** Strike" in text
    assert "**Ending: Struck**" in text and "### What really happened" in text
    notes = [line for line in text.splitlines() if line.startswith("[^")]
    assert notes == [
        "[^1]: Source one: \u201cq\u201d",
        "[^2]: Source one: \u201cq\u201d",
        "[^3]: Source two: \u201cr\u201d",
        "[^4]: Source one: \u201cq\u201d",
    ]
    card = "  - *Who speaks:* Who wrote it. From what position. What it could not know."
    assert text.rstrip().endswith(f"## Bibliography\n\n- Source one\n{card}\n- Source two\n{card}")


class _Collect(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.text = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def test_transcript_html_is_one_self_contained_printable_page(story):
    story_obj, state = played_to_an_ending(story.root)
    page = to_html(build(story_obj, state), exported=date(2026, 11, 25))
    parsed = _Collect()
    parsed.feed(page)
    tags = [tag for tag, _ in parsed.tags]
    assert "script" not in tags and "link" not in tags and "img" not in tags
    assert not any(attrs.get("src") for _, attrs in parsed.tags)
    hrefs = [attrs["href"] for tag, attrs in parsed.tags if tag == "a"]
    assert hrefs and all(href.startswith("#") for href in hrefs)  # only links within the page
    assert "@media print" in page
    assert "<li><em>Why?</em> (scene 1, Start): Because &lt;b&gt;pay&lt;/b&gt;" in page
    text = "".join(parsed.text)
    assert "Because <b>pay</b> was low & [links](x)" in text  # shown literally, escaped in the source
    assert "<b>pay</b>" not in page
    assert [attrs["id"] for tag, attrs in parsed.tags if tag == "li" and "id" in attrs] == [
        "note-1",
        "note-2",
        "note-3",
        "note-4",
    ]
    assert "Ending: Struck" in text and "What really happened" in text


def test_transcript_of_an_unfinished_path_says_so(story):
    report = open_story(story.root)
    engine = Engine(report.story)
    state = engine.new_game()
    text = to_markdown(build(report.story, state))
    assert "The path continues" in text and "## 1. Start" in text
    assert "**Path:** 1 scene, no ending yet; 0 of 1 reflection questions answered" in text


def test_export_command(story, tmp_path):
    home = tmp_path / "h"
    run("play", "--plain", "--story", story.root, home=home, input_text="an answer\n1\n1\n")
    out = tmp_path / "t.html"
    result = no_traceback(
        run("export", "--story", story.root, "--format", "html", "--name", "Dana", "-o", out, home=home)
    )
    assert result.returncode == 0 and "Wrote the transcript of 3 scene(s)" in result.stdout
    page = out.read_text()
    assert "Student: Dana" in page and "an answer" in page and "Ending: Struck" in page
    md = tmp_path / "t.md"
    assert run("export", "--story", story.root, "--format", "md", "-o", md, home=home).returncode == 0
    assert md.read_text().startswith("# Test story: transcript of a path")
    missing = run("export", "--story", story.root, "--slot", "nope", "-o", out, home=home)
    assert missing.returncode == 1 and "there is no save named 'nope'" in missing.stderr


def test_graph_dot_and_mermaid(story, tmp_path):
    report = open_story(story.root)
    dot = to_dot(report.story)
    assert 'subgraph "cluster_c1"' in dot and 'label="One"' in dot
    assert '"e1" [label="End one", shape=doubleoctagon' in dot
    assert '"b" -> "e1" [label="Strike [if joined and count >= 1]", style=dashed];' in dot
    assert '"a" -> "b" [label="Join"];' in dot
    mermaid = to_mermaid(report.story)
    assert mermaid.startswith("flowchart TD\n")
    assert 's_b -.->|"Strike [if joined and count >= 1]"| s_e1' in mermaid
    assert 's_e1(["End one<br/>Ending: Struck"])' in mermaid
    assert "class s_e1,s_e2 ending" in mermaid
    result = run("graph", "--story", story.root, "--format", "dot")
    assert result.returncode == 0 and result.stdout == dot


def test_graph_escapes_writers_text(story):
    story.scenes["scenes"]["a"]["title"] = 'Say "hi" \\ [x]'
    story.scenes["scenes"]["a"]["choices"][0]["text"] = 'He said "go"'
    story.write()
    report = open_story(story.root)
    assert '[label="Say \\"hi\\" \\\\ [x]"' in to_dot(report.story)
    assert "He said #quot;go#quot;" in to_mermaid(report.story)


async def test_watch_reloads_keeps_the_place_and_survives_a_broken_edit(story):
    app = make_app(story.root)
    app.watch_story = True
    shown = record_notifications(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        await pilot.press("2")
        await pilot.pause()
        assert app.state.scene == "b"
        # A good edit: the scene's text changes, the player stays where they are.
        story.scenes["scenes"]["b"]["text"] = "Edited middle.[^n1] More.[^n2]"
        story.write()
        await app.reload_if_edited()
        await pilot.pause()
        assert app.state.scene == "b" and app.state.history[0].choice_text == "Stay"
        assert str(app.screen.query_one("#scene-text").render()) == "Edited middle.[1] More.[2]"
        # A broken edit: check's messages are shown, the last good story keeps running.
        (story.root / "scenes.yaml").write_text(
            (story.root / "scenes.yaml").read_text().replace("goto: e2", "goto: nowhere", 1)
        )
        await app.reload_if_edited()
        await pilot.pause()
        assert any("`goto` names no scene: `nowhere`" in text for text in shown)
        assert str(app.screen.query_one("#scene-text").render()) == "Edited middle.[1] More.[2]"
        await pilot.press("1")
        await pilot.pause()
        assert app.state.scene == "e2"  # still the last good story's link


@pytest.mark.slow
async def test_a_visited_scene_removed_by_an_edit_crashes_no_screen(story):
    """--watch: a scene the player saw (then went back from) is removed; the timeline, the sources
    and the history still open."""
    app = make_app(story.root)
    app.watch_story = True
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        await pilot.press("1", "1")  # Join, then Strike: e1
        await pilot.pause()
        await pilot.press("b")  # back at b; e1 stays in `visited`
        await pilot.pause()
        assert "e1" in app.state.visited and app.state.scene == "b"
        del story.scenes["scenes"]["e1"]
        story.scenes["scenes"]["b"]["choices"][0]["goto"] = "e2"
        story.write()
        await app.reload_if_edited()
        await pilot.pause()
        assert "e1" not in app.state.visited
        for key in ("t", "r", "h"):
            await pilot.press(key)
            await pilot.pause()
            assert type(app.screen).__name__ != "PlayScreen" and app.is_running
            await pilot.press("escape")
            await pilot.pause()
        assert app.is_running


async def test_a_save_with_a_wrong_type_before_a_step_is_refused_not_crashed(story, save_home):
    first = make_app(story.root)
    async with first.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        await pilot.press("1", "q")
    path = save_home / "saves" / "test-story" / "autosave.json"
    saved = json.loads(path.read_text())
    saved["state"]["history"][0]["vars_before"]["count"] = "three"
    path.write_text(json.dumps(saved))
    second = make_app(story.root)
    async with second.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.press("c")
        await pilot.pause()
        await pilot.press("b")
        await pilot.pause()
        assert second.is_running and type(second.screen).__name__ == "TitleScreen"
        assert any("different kind of value" in toast for toast in toasts_on_screen(second))
