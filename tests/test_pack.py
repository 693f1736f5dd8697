"""The teacher's pack: generated from the story, self-contained, printable, and honest about time."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from conftest import REPO
from test_cli import no_traceback, run
from zhanaozen_game.core import pack
from zhanaozen_game.core.check import check_story
from zhanaozen_game.core.text import paragraphs


class _Collect(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.text = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


@pytest.fixture(scope="module")
def shipped():
    report = check_story(REPO / "scenes")
    assert not report.errors
    built = pack.build(report)
    return report, built, pack.to_html(built), pack.to_markdown(built)


def test_the_pack_holds_everything_a_teacher_needs_from_the_story(shipped):
    report, _, _, markdown = shipped
    story = report.story
    stats = report.stats
    headings = [line for line in markdown.splitlines() if line.startswith("## ")]
    assert headings == [
        "## Lesson plans",
        "## The chapters",
        "## The endings",
        "## The real timeline",
        "## People",
        "## Places and the map",
        "## Glossary",
        "## The sources and their standpoints",
        "## Where the sources disagree",
    ]
    # Path lengths from check, in the sentence the educators' guide also uses.
    for words, minutes in ((stats["shortest_path_words"], stats["shortest_path_minutes"]),
                           (stats["longest_path_words"], stats["longest_path_minutes"])):  # fmt: skip
        assert f"{words:,} words ({minutes} minutes)" in markdown
    for scene in story.scenes.values():
        if scene.content_note:
            assert scene.content_note in markdown
        for question in scene.reflect:
            assert question in markdown
        if scene.ending is not None:
            assert f"### Ending: {scene.ending.title}" in markdown
            assert paragraphs(scene.ending.debrief)[0].split("[^")[0] in markdown
    for event in story.events.values():
        assert event.title in markdown
    for entries in (story.people, story.places):
        for entry in entries.values():
            assert f"### {entry.name}" in markdown
            for fact in entry.about:
                assert fact.note.quote in markdown
    for term in story.glossary:
        assert f"**{term}**" in markdown
    for source in story.sources.values():
        assert source.standpoint in markdown and source.confirmation in markdown
        assert all(claim in markdown for claim in source.single_writer)
    assert "over seventy" in markdown.split("## Where the sources disagree")[1]
    assert story.meta.content_note in markdown and story.meta.fiction in markdown


def test_the_lesson_plans_are_timed_from_the_story(shipped):
    report, _, _, markdown = shipped
    ids = [chapter.id for chapter in report.story.meta.chapters]
    times = pack.timings(report.story, report.stats, pack.explore(report.story))
    # Two lessons of play cover every chapter once, in order; each fits 40 minutes with the notes read.
    assert times.first_lesson.chapters + times.second_lesson.chapters == ids
    for lesson in (times.first_lesson, times.second_lesson):
        assert lesson.minutes(pack.WITH_NOTES)[1] <= pack.PLAY_PER_LESSON
    # Lesson 1 plus lesson 2 can never be shorter than the shortest path, nor longer than the longest.
    assert times.first_lesson.shortest + times.second_lesson.shortest <= report.stats["shortest_path_words"]
    assert times.first_lesson.longest + times.second_lesson.longest >= report.stats["longest_path_words"]
    # The one-lesson variant plays the opening chapters and fits its time.
    assert times.one_lesson.chapters == ids[: len(times.one_lesson.chapters)]
    assert times.one_lesson.minutes(pack.WITH_NOTES)[1] <= pack.ONE_LESSON_PLAY
    assert "### Three lessons: two of play, one of debrief (50 minutes each)" in markdown
    assert "### One lesson (50 minutes): one chapter, \u201c16 December\u201d" in markdown
    assert "45 min" not in markdown
    lesson_minutes = [int(m) for m in re.findall(r"^- (\d+) min\.", markdown.split("## The chapters")[0], re.M)]
    assert lesson_minutes[:3] == [5, 40, 5] and sum(lesson_minutes[:3]) == 50  # lesson 1
    assert sum(lesson_minutes[6:10]) == 50 and sum(lesson_minutes[10:]) == 50  # debrief, one lesson


def test_the_html_is_one_self_contained_page_that_prints(shipped):
    _, _, page, _ = shipped
    parsed = _Collect()
    parsed.feed(page)
    tags = [tag for tag, _ in parsed.tags]
    assert "script" not in tags and "link" not in tags and "img" not in tags and "iframe" not in tags
    assert not any(attrs.get("src") for _, attrs in parsed.tags)
    assert all(attrs["href"].startswith("#") for tag, attrs in parsed.tags if tag == "a")
    anchors = {attrs["id"] for _, attrs in parsed.tags if "id" in attrs}
    assert {attrs["href"][1:] for tag, attrs in parsed.tags if tag == "a"} <= anchors  # every link lands
    assert "@media print" in page and "break-before: page" in page
    assert tags.count("svg") == 1 and "Zhanaozen" in page.split("<svg")[1].split("</svg>")[0]


def test_story_text_is_escaped_in_the_pack(story):
    story.scenes["scenes"]["a"]["content_note"] = "A <script>alert(1)</script> note & more"
    story.scenes["scenes"]["a"]["reflect"] = ["Why <b>now</b>?"]
    story.write()
    report = check_story(story.root)
    assert not report.errors
    built = pack.build(report)
    page = pack.to_html(built)
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; note &amp; more" in page
    assert "Why &lt;b&gt;now&lt;/b&gt;?" in page
    assert "<script>" not in pack.to_markdown(built)


def test_pack_command_writes_both_files(story, tmp_path):
    out = tmp_path / "pack"
    result = no_traceback(run("pack", "--story", story.root, "-o", out))
    assert result.returncode == 0 and "teachers-pack.html" in result.stdout
    assert (out / "teachers-pack.html").read_text().startswith("<!DOCTYPE html>")
    assert (out / "teachers-pack.md").read_text().startswith("# Test story: the teacher's pack")
    story.scenes["scenes"]["a"]["choices"][0]["goto"] = "nowhere"
    story.write()
    broken = no_traceback(run("pack", "--story", story.root, "-o", out))
    assert broken.returncode == 1 and "cannot be made into a teacher's pack" in broken.stderr
    missing = no_traceback(run("pack", "--story", tmp_path / "none", "-o", out))
    assert missing.returncode == 2
