"""The loader's messages for writers: libyaml's errors rewritten, files it does not read reported,
at most 1 MiB + 1 byte read, and right positions whatever the line endings."""

from __future__ import annotations

import os
import threading

import pytest

from check_helpers import only
from zhanaozen_game.core.check import check_story
from zhanaozen_game.core.yamlnodes import MAX_FILE_BYTES, YamlProblem, read_text

SCENE_HEAD = "chapter: c1\nscenes:\n"


def yaml_finding(story, body):
    story.file("more.yaml", SCENE_HEAD + body)
    report = check_story(story.root)
    finding = only(report, "yaml")
    assert finding.file.endswith("more.yaml")
    return finding


@pytest.mark.parametrize(
    ("body", "line", "column", "words"),
    [
        # An unquoted value with `: ` in it: the colon, and the fix.
        ("  x:\n    title: Arrival: the first day\n", 4, 19, "put the whole value in quotes"),
        # A key indented one space too few: the line, and the indentation the keys above have.
        ("  x:\n    title: x\n   date: 2011\n", 5, 4, "line 5 is indented 3 spaces, which lines it up with no key"),
        # Text after a closing quote.
        ('  x:\n    title: "Arrival" at dawn\n', 4, 22, "text after a closing quote"),
        # A quote never closed: the place it opens.
        ('  x:\n    title: "Arrival\n    date: 2011\n', 4, 12, "this quote is never closed"),
        # A paragraph that goes on without indentation.
        ("  x:\n    text: first line\nsecond line\n", 5, 1, "line 5 is not a `key: value` line"),
        # A value starting with a backquote.
        ("  x:\n    title: `x`\n", 4, 12, "cannot start with a backquote"),
        # An unclosed flow mapping.
        ("  x:\n    choices:\n      - {text: a, goto: b\n", 5, 9, "the `{` opened here is not closed"),
    ],
)
def test_libyaml_messages_are_rewritten_for_writers(story, body, line, column, words):
    finding = yaml_finding(story, body)
    assert (finding.line, finding.column) == (line, column), str(finding)
    assert words in finding.message and "(YAML: " in finding.message


def test_positions_are_right_with_cr_only_line_endings(story):
    text = (SCENE_HEAD + '  x:\n    title: "X"\n    text: [\n').replace("\n", "\r")
    (story.root / "more.yaml").write_bytes(text.encode("utf-8"))
    finding = only(check_story(story.root), "yaml")
    assert finding.line == 6, str(finding)


def test_format_positions_with_cr_only_line_endings(story):
    text = (SCENE_HEAD + '  x:\n    title: "X"\n    titel: "Y"\n').replace("\n", "\r")
    (story.root / "more.yaml").write_bytes(text.encode("utf-8"))
    report = check_story(story.root)
    [unknown] = [f for f in report.findings if "unknown key `titel`" in f.message]
    assert (unknown.line, unknown.column) == (5, 5)


def test_a_file_of_1_mib_and_one_byte_is_refused_and_1_mib_is_read(tmp_path):
    exact = tmp_path / "exact.yaml"
    exact.write_bytes(b"a: " + b"x" * (MAX_FILE_BYTES - 4) + b"\n")
    assert len(read_text(exact)) == MAX_FILE_BYTES
    over = tmp_path / "over.yaml"
    over.write_bytes(b"a: " + b"x" * (MAX_FILE_BYTES - 3) + b"\n")
    with pytest.raises(YamlProblem, match="more than 1,048,576 bytes"):
        read_text(over)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX feature")
def test_no_more_than_1_mib_and_one_byte_is_read_from_an_endless_source(tmp_path):
    pipe = tmp_path / "pipe.yaml"
    os.mkfifo(pipe)
    written = []

    def writer():
        try:
            with open(pipe, "wb") as handle:
                for _ in range(64):  # 4 MiB, far more than will be read
                    handle.write(b"x" * 65536)
                    written.append(65536)
        except BrokenPipeError:
            pass

    thread = threading.Thread(target=writer, daemon=True)
    thread.start()
    with pytest.raises(YamlProblem, match="more than 1,048,576 bytes"):
        read_text(pipe)
    thread.join(timeout=60)
    assert sum(written) < 4 * 2**20


def test_files_that_are_not_read_are_reported(story, tmp_path):
    story.file("extra.yml", SCENE_HEAD + "  z: {}\n")
    outside = tmp_path / "outside.yaml"
    outside.write_text(SCENE_HEAD, encoding="utf-8")
    (story.root / "linked.yaml").symlink_to(outside)
    (tmp_path / "elsewhere").mkdir()
    (story.root / "folder-link").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    report = check_story(story.root)
    by_file = {f.file.rsplit("/", 1)[-1]: f for f in report.findings}
    assert by_file["extra.yml"].code == "not-read" and "rename it `extra.yaml`" in by_file["extra.yml"].message
    assert by_file["linked.yaml"].code == "outside-folder" and by_file["linked.yaml"].severity == "error"
    assert by_file["folder-link"].code == "not-read" and "link to a folder" in by_file["folder-link"].message
    assert all((f.line, f.column) == (1, 1) for f in by_file.values())


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root can list any folder")
def test_a_folder_that_cannot_be_listed_is_reported(story):
    locked = story.root / "locked"
    locked.mkdir()
    (locked / "hidden.yaml").write_text(SCENE_HEAD, encoding="utf-8")
    locked.chmod(0)
    try:
        report = check_story(story.root)
    finally:
        locked.chmod(0o755)
    finding = only(report, "unreadable")
    assert finding.file.endswith("locked") and "cannot be listed" in finding.message


def test_a_byte_that_is_not_utf8_is_placed_right_with_cr_only_line_endings(tmp_path):
    path = tmp_path / "cr.yaml"
    path.write_bytes(b'a: 1\rb: 2\rc: "x\xff"\r')
    with pytest.raises(YamlProblem) as caught:
        read_text(path)
    assert (caught.value.line, caught.value.column) == (3, 6)


def test_a_condition_error_is_placed_right_with_cr_only_line_endings(story):
    scenes = story.root / "scenes.yaml"
    text = scenes.read_text(encoding="utf-8").replace("if: not joined", "if: not joinde")
    scenes.write_bytes(text.replace("\n", "\r").encode("utf-8"))
    finding = only(check_story(story.root), "undeclared-variable")
    lines = text.split("\n")
    row = next(i for i, line in enumerate(lines) if "not joinde" in line)
    assert (finding.line, finding.column) == (row + 1, lines[row].index("joinde") + 1)
