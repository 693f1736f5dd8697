"""`check_story`: every finding, each at the file, line and column to fix; and the statistics."""

from __future__ import annotations

from check_helpers import line_of, only
from zhanaozen_game.core.check import check_story
from zhanaozen_game.core.loader import open_story


def report_of(story):
    return check_story(story.root)


def codes(report, severity=None):
    return [f.code for f in report.findings if severity is None or f.severity == severity]


def test_the_fixture_story_is_clean(story):
    report = report_of(story)
    assert report.findings == []
    stats = report.stats
    assert stats["scenes"] == 4 and stats["endings"] == 2 and stats["endings_reached"] == 2
    assert stats["explored"] is True


def test_statistics_measure_paths_in_words(story):
    story.scenes["scenes"]["a"]["text"] = "one two three four[^n1]"  # 4 words
    story.scenes["scenes"]["b"]["text"] = "five six[^n1] seven[^n2]"  # 3 words
    story.scenes["scenes"]["e1"]["text"] = "x[^n1]"
    story.scenes["scenes"]["e1"]["ending"] = {"title": "T", "summary": "s s", "debrief": "d[^n1]"}  # 1+1+2+1
    story.scenes["scenes"]["e2"]["text"] = "y y y y y y y y y y[^n1]"
    story.scenes["scenes"]["e2"]["ending"] = {"title": "Home again", "summary": "z"}  # 10+2+1
    story.write()
    stats = report_of(story).stats
    assert stats["shortest_path_words"] == 4 + 3 + 5
    assert stats["longest_path_words"] == 4 + 3 + 13
    assert stats["longest_path_minutes"] == round(20 / 200, 1)
    assert stats["words"] == 4 + 3 + 5 + 13


def test_unknown_goto_with_suggestion(story):
    story.scenes["scenes"]["a"]["choices"][1]["goto"] = "bb"
    story.write()
    finding = only(report_of(story), "unknown-scene")
    assert finding.severity == "error"
    assert (finding.line, finding.column) == line_of(story.root / "scenes.yaml", "bb")
    assert "did you mean `b`" in finding.message


def test_unknown_start(story):
    story.story["start"] = "nowhere"
    story.write()
    finding = only(report_of(story), "unknown-scene")
    assert finding.file.endswith("story.yaml")
    assert (finding.line, finding.column) == line_of(story.root / "story.yaml", "nowhere")


def test_unknown_source(story):
    story.scenes["scenes"]["b"]["notes"]["n2"]["source"] = "s1x"
    story.write()
    finding = only(report_of(story), "unknown-source")
    assert (finding.line, finding.column) == line_of(story.root / "scenes.yaml", "s1x")
    assert "did you mean" in finding.message


def test_marker_without_note_points_at_the_marker(story):
    story.scenes["scenes"]["b"]["text"] = "Middle text.[^n1] More.[^n2]\nAnd [^n3] here.\n"
    story.write()
    finding = only(report_of(story), "unknown-marker")
    assert (finding.line, finding.column) == line_of(story.root / "scenes.yaml", "[^n3]")


def test_note_never_marked_is_a_warning(story):
    story.scenes["scenes"]["b"]["text"] = "Middle text.[^n1]"
    story.write()
    report = report_of(story)
    finding = only(report, "unmarked-note")
    assert finding.severity == "warning"
    assert (finding.line, finding.column) == line_of(story.root / "scenes.yaml", "n2:")
    assert not report.errors


def test_marker_in_debrief_counts(story):
    story.scenes["scenes"]["e1"]["text"] = "No marker here."
    story.write()
    assert "unmarked-note" not in codes(report_of(story))


def test_scene_without_notes(story):
    story.scenes["scenes"]["e2"]["notes"] = {}
    story.scenes["scenes"]["e2"]["text"] = "E2."
    story.write()
    finding = only(report_of(story), "no-notes")
    assert (finding.line, finding.column) == line_of(story.root / "scenes.yaml", "e2:")


def test_undeclared_variable_in_set_add_and_if(story):
    choice = story.scenes["scenes"]["a"]["choices"][0]
    choice["set"] = {"joinned": True}
    choice["add"] = {"cuont": 1}
    story.scenes["scenes"]["b"]["choices"][0]["if"] = "joined and cnt >= 1"
    story.write()
    report = report_of(story)
    found = [f for f in report.findings if f.code == "undeclared-variable"]
    assert len(found) == 3
    path = story.root / "scenes.yaml"
    places = {(f.line, f.column) for f in found}
    assert line_of(path, "joinned") in places
    assert line_of(path, "cuont") in places
    if_line, if_column = line_of(path, "joined and cnt")
    assert (if_line, if_column + len("joined and ")) in places
    assert any("did you mean `joined`" in f.message for f in found)


def test_wrong_types_in_set_and_add(story):
    story.scenes["scenes"]["a"]["choices"][0]["set"] = {"joined": 1, "mood": True}
    story.scenes["scenes"]["a"]["choices"][0]["add"] = {"joined": 1}
    story.write()
    messages = [f.message for f in report_of(story).findings if f.code == "wrong-type"]
    assert any("`add` needs a number variable, but `joined` is true/false" in m for m in messages)
    assert any("`joined` is true/false, but this sets it to a number" in m for m in messages)
    assert any("`mood` is text, but this sets it to true/false" in m for m in messages)


def test_malformed_condition_points_inside_it(story):
    story.scenes["scenes"]["b"]["choices"][0]["if"] = "joined and (count >= 1"
    story.write()
    finding = only(report_of(story), "condition")
    line, column = line_of(story.root / "scenes.yaml", "joined and (count")
    assert (finding.line, finding.column) == (line, column + len("joined and "))
    assert "not closed" in finding.message


def test_condition_type_error(story):
    story.scenes["scenes"]["b"]["choices"][2]["if"] = "mood > 2"
    story.write()
    assert "compares numbers only" in only(report_of(story), "condition").message


def test_dead_end_and_choices_with_ending(story):
    del story.scenes["scenes"]["e2"]["ending"]
    story.scenes["scenes"]["e1"]["choices"] = [{"text": "again", "goto": "a"}]
    story.write()
    report = report_of(story)
    assert only(report, "dead-end").line == line_of(story.root / "scenes.yaml", "e2:")[0]
    assert "not both" in only(report, "choices-and-ending").message
    assert report.stats["explored"] is False


def test_unreachable_scene_and_unreached_ending(story):
    story.scenes["scenes"]["lost"] = {
        "title": "Lost",
        "date": 2011,
        "text": "x[^n1]",
        "notes": {"n1": {"source": "s1", "quote": "q"}},
        "choices": [{"text": "go", "goto": "e3"}],
    }
    story.scenes["scenes"]["e3"] = {
        "title": "E3",
        "date": 2011,
        "text": "x[^n1]",
        "notes": {"n1": {"source": "s1", "quote": "q"}},
        "ending": {"title": "Never", "summary": "s"},
    }
    story.write()
    report = report_of(story)
    assert only(report, "unreachable-scene").line == line_of(story.root / "scenes.yaml", "lost:")[0]
    assert "Never" in only(report, "unreached-ending").message
    assert not report.errors


def test_choice_never_available(story):
    story.scenes["scenes"]["b"]["choices"][2]["if"] = "mood == 'angry'"
    story.write()
    finding = only(report_of(story), "choice-never-available")
    assert finding.severity == "warning"
    assert "Talk" in finding.message


def test_state_with_no_visible_choice_is_an_error_with_the_route(story):
    story.scenes["scenes"]["b"]["choices"] = [
        {"text": "Strike", "goto": "e1", "if": "joined"},
        {"text": "Home", "goto": "e2", "if": "count > 5"},
    ]
    story.write()
    finding = only(report_of(story), "no-choice")
    assert finding.severity == "error"
    assert "joined=false" in finding.message and "a (choice 2)" in finding.message
    assert finding.line == line_of(story.root / "scenes.yaml", "b:")[0]


def test_exploration_cap_is_reported(story):
    # A loop that grows a counter forever.
    story.scenes["scenes"]["b"]["choices"].append({"text": "Loop", "goto": "a", "add": {"count": 1}})
    story.write()
    report = check_story(story.root, max_states=50)
    assert "exploration-capped" in codes(report, "warning")
    assert report.stats["capped"] is True
    assert "unreachable-scene" not in codes(report)


def test_loops_make_the_longest_path_unbounded(story):
    # A loop that grows nothing (only a player who stayed can go back), so every branch is played.
    story.scenes["scenes"]["b"]["choices"].append({"text": "Back", "goto": "a", "if": "not joined"})
    story.write()
    report = report_of(story)
    assert report.stats["capped"] is False
    assert report.stats["longest_path_words"] is None
    assert report.stats["loop_scene"] in {"a", "b"}
    assert report.stats["shortest_path_words"] is not None


def test_unused_source_and_variable_are_warnings(story):
    story.sources["s9"] = {"title": "Nobody cites me"}
    story.story["vars"]["spare"] = 0
    story.write()
    report = report_of(story)
    assert {"unused-source", "unused-variable"} <= set(codes(report, "warning"))
    assert not report.errors


def test_keyword_variable_name(story):
    story.story["vars"]["not"] = False
    story.write()
    assert "variable-name" in codes(report_of(story), "error")


def test_glossary_note_source_is_checked(story):
    story.file("glossary.yaml", "akimat: a council\ntenge:\n  definition: money\n  note: {source: nope, quote: x}\n")
    finding = only(report_of(story), "unknown-source")
    assert finding.file.endswith("glossary.yaml") and finding.line == 4


def test_open_story_skips_exploration(story):
    story.scenes["scenes"]["b"]["choices"][2]["if"] = "mood == 'angry'"
    story.write()
    report = open_story(story.root)
    assert report.findings == [] and report.stats == {}
