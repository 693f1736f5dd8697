"""Loading: every format problem reported with its file, line and column, all in one run."""

from __future__ import annotations

import pytest

from zhanaozen_game.core.check import check_story
from zhanaozen_game.core.loader import StoryNotFound, load_story

SCENE_HEAD = "chapter: c1\nscenes:\n"


def errors(story):
    return [f for f in check_story(story.root).findings if f.severity == "error"]


def scene_file(body: str) -> str:
    """A scene file with one scene `x` whose body is given (indented by the caller)."""
    return SCENE_HEAD + "  x:\n" + body


GOOD_BODY = (
    '    title: "X"\n'
    "    date: 2011\n"
    '    text: "x[^n]"\n'
    "    notes:\n"
    "      n: {source: s1, quote: q}\n"
    '    ending: {title: "E", summary: "S"}\n'
)


def test_minimal_story_needs_only_the_required_keys(tmp_path):
    (tmp_path / "story.yaml").write_text("title: T\nstart: x\nvars: {}\nchapters:\n  - {id: c1, title: One}\n")
    (tmp_path / "sources.yaml").write_text("s1: {title: S}\n")
    (tmp_path / "one.yaml").write_text(scene_file(GOOD_BODY))
    report = check_story(tmp_path)
    # Only the source card's two warnings: a source without a standpoint or a full text.
    assert sorted(f.code for f in report.findings) == ["no-source-text", "no-standpoint"]
    assert not report.errors
    assert report.story.scenes["x"].place == "" and report.story.scenes["x"].choices == []
    assert report.story.id == "t"


def test_missing_folder_or_story_yaml(tmp_path):
    with pytest.raises(StoryNotFound):
        load_story(tmp_path / "nope")
    with pytest.raises(StoryNotFound):
        load_story(tmp_path)


@pytest.mark.parametrize(
    "line, expected",
    [
        ('    txt: "typo"\n', "unknown key `txt` in a scene; did you mean `text`?"),
        ("    plcae: Here\n", "did you mean `place`?"),
        ("    title: no\n", "YAML reads `no` as a boolean"),
        ("    place: yes\n", 'put it in quotes: "yes"'),
        ("    place: 1.10\n", "as a decimal number"),
        ("    place: 010\n", "as a number in some YAML readers"),
        ("    place: 1:30\n", "as a number in some YAML readers"),
        ("    place: 2024-01-02\n", "as a date"),
        ("    place: 12\n", "as a number"),
        ("    place:\n", "this is empty"),
        ("    place: [a, b]\n", "expected text, found a list"),
        ("    date: 16-12-2011\n", "is not a date"),
        ("    date: 2011-13\n", "is not a date"),
        ('    reflect: "one question"\n', "expected a list"),
        ("    content_note: {a: b}\n", "expected text, found a mapping"),
    ],
)
def test_format_errors_name_the_line(story, line, expected):
    # Put the faulty line in as the scene's last key, replacing any key of the same name.
    key = line.split(":")[0].strip()
    body = "".join(row for row in GOOD_BODY.splitlines(True) if row.split(":")[0].strip() != key) + line
    path = story.file("extra.yaml", scene_file(body))
    found = [f for f in errors(story) if f.file.endswith("extra.yaml")]
    assert len(found) == 1, [str(f) for f in found]
    assert expected in found[0].message
    assert found[0].line == len(path.read_text().splitlines())
    # An unknown key is reported at the key, anything else at its value.
    # An empty value is reported just after its colon.
    if "unknown key" in expected or "did you mean" in expected:
        expected_column = 5
    elif line.rstrip().endswith(":"):
        expected_column = 5 + len(key) + 1
    else:
        expected_column = 5 + len(key) + 2
    assert found[0].column == expected_column


def test_missing_required_key(story):
    body = "".join(row for row in GOOD_BODY.splitlines(True) if not row.startswith("    title"))
    story.file("extra.yaml", scene_file(body))
    found = [f for f in errors(story) if f.file.endswith("extra.yaml")]
    assert [(f.line, f.message) for f in found] == [(4, "a scene is missing `title`")]


def test_all_errors_of_a_file_in_one_run(story):
    body = GOOD_BODY.replace('    title: "X"\n', "    title: no\n") + "    colour: red\n    place: 1.5\n"
    story.file("extra.yaml", scene_file(body))
    found = [f for f in errors(story) if f.file.endswith("extra.yaml")]
    assert [f.line for f in found] == [4, 10, 11]


def test_errors_in_several_files_in_one_run(story):
    story.file("one.yaml", scene_file(GOOD_BODY.replace("2011", "twenty")))
    story.file("sub/two.yaml", scene_file(GOOD_BODY).replace("  x:", "  y:").replace('title: "X"', "title: []"))
    files = {f.file.split("/")[-1] for f in errors(story)}
    assert files == {"one.yaml", "two.yaml"}


def test_duplicate_key_reports_both_lines(story):
    story.file("extra.yaml", scene_file(GOOD_BODY + '    title: "Again"\n'))
    found = [f for f in errors(story) if f.file.endswith("extra.yaml")]
    assert len(found) == 1
    assert found[0].line == 10 and "first at line 4" in found[0].message


def test_same_scene_id_in_two_files_reports_both_places(story):
    story.file("one.yaml", scene_file(GOOD_BODY))
    story.file("two.yaml", "# comment\n" + scene_file(GOOD_BODY))
    found = [f for f in errors(story) if f.code == "duplicate-scene"]
    assert sorted((f.file.split("/")[-1], f.line) for f in found) == [("one.yaml", 3), ("two.yaml", 4)]
    assert all("also used at" in f.message for f in found)
    assert any("two.yaml:4:3" in f.message for f in found)


def test_unknown_chapter(story):
    story.file("extra.yaml", scene_file(GOOD_BODY).replace("chapter: c1", "chapter: c9"))
    found = [f for f in errors(story) if f.code == "unknown-chapter"]
    assert len(found) == 1 and found[0].line == 1 and found[0].column == 10


def test_links_into_a_broken_file_are_not_reported_as_missing(story):
    story.scenes["scenes"]["e2"].pop("ending")
    story.scenes["scenes"]["e2"]["choices"] = [{"text": "on", "goto": "x"}]
    story.write()
    story.file("extra.yaml", scene_file(GOOD_BODY.replace('title: "X"', "title: yes")))
    codes = [f.code for f in errors(story)]
    assert codes == ["format"]


def test_key_must_be_text(story):
    story.story["vars"] = {"ok": True}
    story.write()
    text = (story.root / "story.yaml").read_text().replace("ok: true", "ok: true\n  1: 2\n  true: 3")
    (story.root / "story.yaml").write_text(text)
    messages = [f.message for f in errors(story)]
    assert any("the key `1` as a number" in m for m in messages)
    assert any("the key `true` as a boolean" in m for m in messages)


def test_variable_values_must_be_unambiguous(story):
    text = (story.root / "story.yaml").read_text().replace("joined: false", "joined: off")
    (story.root / "story.yaml").write_text(text)
    found = errors(story)
    assert len(found) == 1 and "`off`" in found[0].message and found[0].file.endswith("story.yaml")


def test_yaml_syntax_error_has_a_position(story):
    story.file("extra.yaml", SCENE_HEAD + '  x:\n    title: "unclosed\n')
    found = [f for f in errors(story) if f.file.endswith("extra.yaml")]
    assert len(found) == 1 and found[0].code == "yaml" and found[0].line >= 4


def test_optional_glossary_and_subfolders(story):
    story.file("glossary.yaml", 'akimat: "A council"\ntenge:\n  definition: "Money"\n  note: {source: s1, quote: q}\n')
    story.file("part/deeper/more.yaml", scene_file(GOOD_BODY))
    report = check_story(story.root)
    assert not report.errors
    assert set(report.story.glossary) == {"akimat", "tenge"}
    assert "x" in report.story.scenes


def test_hidden_folders_and_non_yaml_files_are_ignored(story):
    story.file(".git/junk.yaml", "not: [valid")
    story.file("notes.txt", "anything")
    assert not check_story(story.root).errors


def test_missing_sources_yaml(story):
    (story.root / "sources.yaml").unlink()
    found = [f for f in errors(story) if f.code == "sources"]
    assert len(found) == 1


def test_scene_text_keeps_brackets_and_markup_literally(story):
    story.scenes["scenes"]["a"]["text"] = "[@click=app.quit]Continue[/] [bold] array[0] C:\\path\\ [^n1]"
    story.write()
    report = check_story(story.root)
    assert not report.errors
    assert report.story.scenes["a"].text == "[@click=app.quit]Continue[/] [bold] array[0] C:\\path\\ [^n1]"


def test_tab_indentation_is_named(story):
    story.file("extra.yaml", "chapter: c1\nscenes:\n\tx: {}\n")
    found = [f for f in errors(story) if f.file.endswith("extra.yaml")]
    assert [(f.line, f.column, f.message) for f in found] == [(3, 1, "a tab character: YAML indents with spaces only")]
