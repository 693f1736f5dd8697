"""A broken file does not cause errors elsewhere, and the rest of a file with errors is still checked."""

from __future__ import annotations

from check_helpers import line_of, only
from conftest import dump
from zhanaozen_game.core.check import check_story
from zhanaozen_game.core.salvage import scene_ids_in_text

BROKEN_YAML = """\
chapter: c1
scenes:
  x:
    title: "X"
    text: [unclosed
  y:
    title: "Y"
"""


def test_links_into_a_file_that_is_not_yaml_are_said_unchecked(story):
    story.scenes["scenes"]["a"]["choices"][1]["goto"] = "x"
    story.write()
    story.file("more.yaml", BROKEN_YAML)
    report = check_story(story.root)
    assert "unknown-scene" not in [f.code for f in report.findings]
    finding = only(report, "link-not-checked")
    assert finding.severity == "warning" and finding.file.endswith("scenes.yaml")
    line, column = line_of(story.root / "scenes.yaml", "goto: x")
    assert (finding.line, finding.column) == (line, column + len("goto: "))
    assert "more.yaml cannot be read (line" in finding.message
    yaml_error = only(report, "yaml")
    assert yaml_error.file.endswith("more.yaml")


def test_the_other_scenes_of_a_file_with_a_format_error_are_still_checked(story):
    scenes = story.scenes["scenes"]
    scenes["b"]["titel"] = "a typo"  # a format error in b
    scenes["e1"]["text"] = "E1.[^nope]"  # a mistake in another scene of the same file
    story.write()
    report = check_story(story.root)
    codes = [f.code for f in report.findings]
    assert "format" in codes
    marker = only(report, "unknown-marker")
    assert marker.line == line_of(story.root / "scenes.yaml", "[^nope]")[0]
    # a's links to b are not checked, and say why; not "names no scene".
    assert "unknown-scene" not in codes
    unchecked = [f for f in report.findings if f.code == "link-not-checked"]
    assert len(unchecked) == 2 and all("the scene `b` in" in f.message for f in unchecked)
    assert "has errors (line" in unchecked[0].message


def test_scene_ids_are_found_in_text_that_is_not_yaml():
    assert scene_ids_in_text(BROKEN_YAML) == ["x", "y"]
    assert scene_ids_in_text("chapter: c\nscenes:\n\n  # note\n  'q.1':\n    a: b\nother:\n  z:\n") == ["q.1"]


def test_a_valid_file_beside_a_broken_one_still_loads(story):
    story.file("more.yaml", BROKEN_YAML)
    story.file("extra.yaml", dump({"chapter": "c1", "scenes": {"z": {"title": "Z"}}}))
    report = check_story(story.root)
    assert {f.file.rsplit("/", 1)[-1] for f in report.errors} == {"more.yaml", "extra.yaml"}
