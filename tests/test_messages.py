"""Messages that never mislead: impossible dates, duplicate chapters, curly quotes, invisible and
look-alike characters, hints for conditions, and identifiers echoed at most 80 characters long."""

from __future__ import annotations

from check_helpers import line_of, only
from zhanaozen_game.core.check import check_story
from zhanaozen_game.core.findings import MAX_ECHO, Finding


def test_impossible_dates_are_refused(story):
    story.scenes["scenes"]["b"]["date"] = "2011-02-30"
    story.scenes["scenes"]["e1"]["date"] = "2012-02-29"  # a leap year: fine
    story.write()
    finding = only(check_story(story.root), "format")
    assert (finding.line, finding.column) == line_of(story.root / "scenes.yaml", "'2011-02-30'")
    assert "`2011-02-30` is not a date: February 2011 has 28 days" in finding.message


def test_duplicate_chapter_ids_are_refused(story):
    story.story["chapters"].append({"id": "c1", "title": "Again"})
    story.write()
    finding = only(check_story(story.root), "duplicate-chapter")
    assert finding.file.endswith("story.yaml")
    assert finding.line == line_of(story.root / "story.yaml", "c1", 2)[0]
    assert f"also used at line {line_of(story.root / 'story.yaml', 'c1')[0]}" in finding.message


def test_a_value_in_curly_quotes_is_a_warning(story):
    story.file(
        "scenes.yaml",
        (story.root / "scenes.yaml").read_text(encoding="utf-8").replace("title: Middle", "title: “Middle”"),
    )
    report = check_story(story.root)
    finding = only(report, "curly-quotes")
    assert finding.severity == "warning"
    assert (finding.line, finding.column) == line_of(story.root / "scenes.yaml", "“Middle”")
    assert "straight quotes" in finding.message


def test_invisible_and_look_alike_characters_are_named_by_code_point(story):
    scenes = story.root / "scenes.yaml"
    text = scenes.read_text(encoding="utf-8")
    text = text.replace("goto: e2", "goto: e\u200b2", 1).replace("\n  e1:", "\n  е1:")  # Cyrillic е
    scenes.write_text(text, encoding="utf-8")
    report = check_story(story.root)
    messages = {f.line: f.message for f in report.findings}
    assert "U+200B (ZERO WIDTH SPACE, which is invisible)" in messages[line_of(scenes, "goto: e\u200b2")[0]]
    assert "U+0435 (CYRILLIC SMALL LETTER IE, which looks like `e`)" in messages[line_of(scenes, "е1:")[0]]


def test_conditions_suggest_the_variable_and_the_operator(story):
    choices = story.scenes["scenes"]["b"]["choices"]
    choices[0]["if"] = "joinde and count >= 1"
    choices[1]["if"] = "count = 1"
    choices[2]["if"] = "joined && count > 1"
    story.write()
    report = check_story(story.root)
    scenes = story.root / "scenes.yaml"
    by_line = {f.line: f for f in report.errors}
    assert "did you mean `joined`?" in by_line[line_of(scenes, "joinde")[0]].message
    assert by_line[line_of(scenes, "joinde")[0]].column == line_of(scenes, "joinde")[1]
    assert "write `==`" in by_line[line_of(scenes, "count = 1")[0]].message
    assert by_line[line_of(scenes, "count = 1")[0]].column == line_of(scenes, "count = 1")[1] + 6
    assert "write `and`" in by_line[line_of(scenes, "joined &&")[0]].message


def test_identifiers_are_echoed_at_most_80_characters_long(story):
    long_id = "x" * 5000
    story.scenes["scenes"]["a"]["choices"][0]["goto"] = long_id
    story.write()
    finding = only(check_story(story.root), "unknown-scene")
    assert long_id not in finding.message and "x" * (MAX_ECHO - 1) + "…" in finding.message
    assert len(finding.message) < 200
    assert len(str(Finding("f", 1, 1, "error", "c", "`" + "y" * 500 + "`"))) < 120
