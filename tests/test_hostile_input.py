"""Hostile input: nothing in a story's files makes the loader or `check` raise.

Writers' files are untrusted. Whatever bytes a scene file holds, `check_story` returns a report
whose findings point at a real file, a line and a column, with a message; the documented
`YamlProblem` is the only exception `yamlnodes.parse` may raise. Three kinds of evidence:

* property tests (hypothesis) that mutate a valid story's text and structure, or write noise;
* every input of the YAML test suite (tests/data/yaml-test-suite, vendored with its MIT licence), used as a scene file
  and fed straight to `parse` and `validate`;
* the adversarial cases of the research notes (adversarial-cases.md) (section A, and the terminal
  escapes of section C), each checked for the exact behaviour the research asks for.
"""

from __future__ import annotations

import copy
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import msgspec
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from msgspec import inspect as mi

from zhanaozen_game.core import model, yamlnodes
from zhanaozen_game.core.check import check_story
from zhanaozen_game.core.story import Report
from zhanaozen_game.core.validate import Validated, validate
from zhanaozen_game.core.yamlnodes import MAP, SCALAR, SEQ, YamlProblem

REPO = Path(__file__).resolve().parent.parent
YAML_SUITE = REPO / "tests" / "data" / "yaml-test-suite"  # vendored, with its MIT licence

# What a terminal must never receive from a story: C0 controls but tab and newline, DEL, C1
# controls, bidi embeddings/overrides/isolates. Written out here, independently of text.py.
TERMINAL_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

STORY_YAML = """\
title: Hostile input
start: a
vars:
  joined: false
  count: 0
chapters:
  - id: c1
    title: One
"""

SOURCES_YAML = """\
s1:
  title: "Source one"
  standpoint: "Who wrote it. From what position. What it could not know."
  text: "s1.txt"
"""

# A valid scene file. Tests find lines in it by their text, never by hard-coded numbers.
SCENES_YAML = """\
chapter: c1
scenes:
  a:
    title: "Start"
    date: 2011-05
    place: "Zhanaozen"
    text: |
      Hello.[^n]

      A second paragraph.
    notes:
      n: {source: s1, quote: "x", comment: "c"}
    reflect: ["Why?"]
    choices:
      - text: "Join"
        goto: b
        set: {joined: true}
        add: {count: 1}
      - text: "Stay"
        goto: b
  b:
    title: "B"
    date: 2011
    text: "B text[^n]"
    notes:
      n:
        source: s1
        quote: "x"
    choices:
      - text: "End joined"
        goto: e1
        if: joined and count >= 1
      - text: "End home"
        goto: e2
        if: not joined
  e1:
    title: "E1"
    date: 2011-12-16
    text: "E1 text[^n]"
    notes:
      n: {source: s1, quote: "x"}
    ending: {title: "Struck", summary: "You struck.", debrief: "Real.[^n]"}
  e2:
    title: "E2"
    date: 2011
    text: "E2 text[^n]"
    notes:
      n: {source: s1, quote: "x"}
    ending: {title: "Home", summary: "You stayed."}
"""

STORY_FILES = {"story.yaml", "sources.yaml", "scenes.yaml", "s1.txt"}


# --- helpers ---------------------------------------------------------------------------------


def write_story(folder: Path, scenes: str | bytes = SCENES_YAML) -> Path:
    """A three-file story in `folder` whose scene file holds `scenes`; returns the scene file."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "story.yaml").write_text(STORY_YAML, encoding="utf-8")
    (folder / "sources.yaml").write_text(SOURCES_YAML, encoding="utf-8")
    (folder / "s1.txt").write_text("The quotes x, a and b.\n", encoding="utf-8")
    path = folder / "scenes.yaml"
    if isinstance(scenes, bytes):
        path.write_bytes(scenes)
    else:
        path.write_bytes(scenes.encode("utf-8"))
    return path


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    """The 1-based line, as an editor counts it, of the n-th occurrence of `needle`."""
    at = -1
    for _ in range(occurrence):
        at = text.index(needle, at + 1)
    return text.count("\n", 0, at) + 1


def column_of(text: str, needle: str) -> int:
    at = text.index(needle)
    return at - (text.rfind("\n", 0, at) + 1) + 1


def shown_path(finding) -> Path:
    path = Path(finding.file)
    return path if path.is_absolute() else Path.cwd() / path


def _line_count(path: Path) -> int:
    # Generous: every character any YAML reader might take as a line break counts.
    text = path.read_bytes().decode("utf-8", errors="replace")
    return len(re.findall("\r\n|[\n\r\x85\u2028\u2029]", text)) + 1


def assert_sane(report: object, folder: Path | None = None) -> Report:
    """A report (not an exception) whose every finding names an existing file, a place and a message."""
    assert isinstance(report, Report), type(report)
    for finding in report.findings:
        where = shown_path(finding)
        assert where.is_file(), f"finding about a file that does not exist: {finding}"
        if folder is not None:
            assert where.resolve().is_relative_to(folder.resolve()), str(finding)
        assert isinstance(finding.line, int) and finding.line >= 1, str(finding)
        assert isinstance(finding.column, int) and finding.column >= 1, str(finding)
        assert finding.line <= _line_count(where) + 1, f"line beyond the end of the file: {finding}"
        assert finding.severity in ("error", "warning"), str(finding)
        assert finding.code and finding.message.strip(), str(finding)
    return report


def scene_findings(report: Report, severity: str | None = None) -> list:
    return [
        f
        for f in report.findings
        if Path(f.file).name == "scenes.yaml" and (severity is None or f.severity == severity)
    ]


def check(folder: Path) -> Report:
    return assert_sane(check_story(folder), folder)


@pytest.fixture(params=["CSafeLoader", "SafeLoader"])
def loader(request, monkeypatch):
    """Run a test with libyaml's parser and with the pure-Python fallback the loader uses without it."""
    monkeypatch.setattr(yamlnodes, "_LOADER", getattr(yaml, request.param))
    return request.param


def test_the_base_story_is_clean(tmp_path):
    write_story(tmp_path)
    report = check(tmp_path)
    assert [str(f) for f in report.findings] == []
    assert set(report.story.scenes) == {"a", "b", "e1", "e2"}


# --- property tests: mutated text, noise, mutated structure ----------------------------------

NASTY = [
    "\t",
    "  ",
    "\n",
    "\r",
    "\r\n",
    "\x00",
    "\x07",
    "\x1b",
    "\x1b[2J",
    "\x85",
    "\x9b",
    "\u2028",
    "\u202e",
    "\ufeff",
    "\U0001f600",
    "é",
    "Жанаөзен",
    ":",
    ": ",
    "- ",
    "? ",
    "[",
    "]",
    "{",
    "}",
    ",",
    "#",
    "|",
    ">",
    "|-",
    "'",
    '"',
    "\\",
    "`",
    "@",
    "%",
    "!",
    "&",
    "*",
    "&a ",
    "*a",
    "&a [1, *a]",
    "!!python/object:os.system ",
    '!!python/object/apply:os.system ["touch pwned"]',
    "!!python/name:os.system",
    "!!binary ",
    "!local ",
    "%YAML 1.2\n---\n",
    "%TAG ! tag:x,2000:\n",
    "---\n",
    "--- ",
    "...\n",
    "<<: ",
    "~",
    "null",
    "no",
    "yes",
    "on",
    "1.10",
    "010",
    "0x1F",
    "1:30",
    "2024-01-02",
    ".inf",
    ".nan",
    "9" * 60,
    "-1",
    "[^n]",
    "[^zz]",
    "[^",
    "if: ",
    "goto: nowhere",
    "set: {count: true}",
    "add: {joined: 1}",
    "(",
    ")",
    " and ",
    " or ",
    "not ",
    "==",
    ">=",
    "chapter: c9\n",
    "scenes: {}\n",
    "ending: {}\n",
    "choices: []\n",
]

snippets = st.one_of(st.sampled_from(NASTY), st.text(max_size=12))


@st.composite
def mutated_text(draw) -> str:
    """The valid scene file after one to six random edits."""
    text = SCENES_YAML
    for _ in range(draw(st.integers(1, 6))):
        op = draw(st.sampled_from(["insert", "delete", "replace", "duplicate", "indent", "swap"]))
        at = draw(st.integers(0, len(text)))
        if op == "insert":
            text = text[:at] + draw(snippets) + text[at:]
        elif op == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 40)) :]
        elif op == "replace":
            text = text[:at] + draw(snippets) + text[at + draw(st.integers(1, 10)) :]
        else:
            lines = text.split("\n")
            i = draw(st.integers(0, len(lines) - 1))
            if op == "duplicate":
                lines.insert(i, lines[i])
            elif op == "indent":
                change = draw(st.sampled_from(["add", "remove", "tab"]))
                if change == "add":
                    lines[i] = " " * draw(st.integers(1, 4)) + lines[i]
                elif change == "remove":
                    lines[i] = lines[i][draw(st.integers(1, 4)) :] if lines[i].startswith(" ") else lines[i]
                else:
                    lines[i] = "\t" + lines[i].lstrip(" ")
            else:
                j = draw(st.integers(0, len(lines) - 1))
                lines[i], lines[j] = lines[j], lines[i]
            text = "\n".join(lines)
    return text


PROPERTY = settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)


@pytest.fixture(scope="module")
def scratch(tmp_path_factory) -> Path:
    """One story folder reused by every example of a property test (each rewrites scenes.yaml)."""
    folder = tmp_path_factory.mktemp("hostile")
    write_story(folder)
    return folder


@PROPERTY
@given(text=mutated_text())
def test_mutated_scene_text_gives_a_report(scratch, text):
    write_story(scratch, text)
    report = check(scratch)
    assert {p.name for p in scratch.iterdir()} == STORY_FILES, "a file appeared: tags ran code?"
    if text == SCENES_YAML:
        assert report.findings == []


@PROPERTY
@given(
    data=st.one_of(
        st.binary(max_size=3000),
        st.text(max_size=2000).map(lambda t: t.encode("utf-8")),
        st.tuples(mutated_text(), st.binary(min_size=1, max_size=8), st.integers(0, 2000)).map(
            lambda m: m[0].encode("utf-8")[: m[2]] + m[1] + m[0].encode("utf-8")[m[2] :]
        ),
    )
)
def test_noise_and_invalid_bytes_give_a_report(scratch, data):
    write_story(scratch, data)
    report = check(scratch)
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        found = scene_findings(report, "error")
        assert [f.code for f in found] == ["yaml"] and "UTF-8" in found[0].message, [str(f) for f in found]


@PROPERTY
@given(text=st.text(max_size=400))
def test_random_text_through_parse_and_validate(text):
    """`parse` raises YamlProblem or gives a tree; `validate` never raises on any tree."""
    try:
        root = yamlnodes.parse(text)
    except YamlProblem as problem:
        assert problem.line >= 1 and problem.column >= 1 and problem.message
        return
    for file_model in model.FILE_MODELS.values():
        result = validate(root, file_model, "a story file")
        assert isinstance(result, Validated)
        assert all(p.line >= 1 and p.column >= 1 and p.message for p in result.problems)
        if result.value is not None:
            assert not [p for p in result.problems if p.severity == "error"]


# Structural mutations: the parsed scene file, changed, then dumped again with yaml.safe_dump.


def _struct_places(data, t, path=()):
    """Every (path, struct type) in the parsed scene file where a mapping is a format struct."""
    if isinstance(t, mi.Metadata):
        t = t.type
    if isinstance(t, mi.UnionType):
        for member in t.types:
            bare = member.type if isinstance(member, mi.Metadata) else member
            if isinstance(bare, mi.StructType) and isinstance(data, dict):
                yield from _struct_places(data, bare, path)
        return
    if isinstance(t, mi.StructType) and isinstance(data, dict):
        yield path, t
        by_name = {f.encode_name: f for f in t.fields}
        for key, value in data.items():
            if key in by_name:
                yield from _struct_places(value, by_name[key].type, path + (key,))
    elif isinstance(t, mi.DictType) and isinstance(data, dict):
        for key, value in data.items():
            yield from _struct_places(value, t.value_type, path + (key,))
    elif isinstance(t, mi.ListType) and isinstance(data, list):
        for index, value in enumerate(data):
            yield from _struct_places(value, t.item_type, path + (index,))


BASE_DATA = yaml.safe_load(SCENES_YAML)
STRUCT_PLACES = list(_struct_places(BASE_DATA, mi.type_info(model.SceneFile)))


def _get(data, path):
    for step in path:
        data = data[step]
    return data


VALUE_PLACES = [place + (key,) for place, _ in STRUCT_PLACES for key in _get(BASE_DATA, place)]


def _other_kind(value):
    """A value of another kind than `value`: no field of the format accepts both."""
    if isinstance(value, dict):
        return ["a", "list"], "text"
    if isinstance(value, list):
        return {"a": "mapping"}, "text"
    return ["a", "list"], {"a": "mapping"}


@st.composite
def structural_mutation(draw):
    data = copy.deepcopy(BASE_DATA)
    op = draw(st.sampled_from(["delete", "rename", "retype"]))
    if op == "delete":
        place, t = draw(st.sampled_from(STRUCT_PLACES))
        required = [f.encode_name for f in t.fields if f.required]
        key = draw(st.sampled_from(required))
        del _get(data, place)[key]
        return data, op, key
    if op == "rename":
        place, t = draw(st.sampled_from(STRUCT_PLACES))
        target = _get(data, place)
        key = draw(st.sampled_from(sorted(target)))
        known = {f.encode_name for f in t.fields}
        new = draw(
            st.text(alphabet="abcdefghijklmnopqrstuvwxyz_", min_size=1, max_size=10).filter(
                lambda name: name not in known
            )
        )
        target[new] = target.pop(key)
        return data, op, new
    path = draw(st.sampled_from(VALUE_PLACES))
    parent = _get(data, path[:-1])
    parent[path[-1]] = draw(st.sampled_from(_other_kind(parent[path[-1]])))
    return data, op, path[-1]


@PROPERTY
@given(mutation=structural_mutation())
def test_mutated_structure_is_reported_with_a_place(scratch, mutation):
    data, op, key = mutation
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    write_story(scratch, text)
    report = check(scratch)
    errors = scene_findings(report, "error")
    assert errors and all(f.code == "format" for f in errors), [str(f) for f in report.findings]
    messages = " | ".join(f.message for f in errors)
    if op == "delete":
        assert f"missing `{key}`" in messages
    elif op == "rename":
        assert f"unknown key `{key}`" in messages
        lines = text.splitlines()
        assert any(
            re.match(rf"\s*(- )?['\"]?{key}['\"]?:", lines[f.line - 1]) for f in errors if "unknown key" in f.message
        )


# --- the YAML test suite ---------------------------------------------------------------------

SUITE_FILES = sorted(YAML_SUITE.glob("*.yaml")) if YAML_SUITE.is_dir() else []


def test_the_yaml_test_suite_is_there():
    assert YAML_SUITE.is_dir(), (
        f"the YAML test suite is missing: expected {YAML_SUITE} (vendored in the repository with its MIT licence)"
    )
    assert len(SUITE_FILES) >= 400, f"only {len(SUITE_FILES)} files in {YAML_SUITE}"


def _suite_text(path: Path) -> str:
    # The files are the suite's decoded inputs (in.yaml): real tabs, spaces and line ends, no
    # visible markers (checked by test_suite_files_are_decoded_inputs), so they are used as is.
    return path.read_bytes().decode("utf-8")


def test_suite_files_are_decoded_inputs():
    markers = [p.name for p in SUITE_FILES if re.search("[␣→↵∎»]", _suite_text(p))]
    assert SUITE_FILES and markers == []


def _tree(node):
    """A parsed or composed YAML node as plain data: mappings become lists of pairs."""
    if node is None:
        return None
    kind = getattr(node, "kind", None)
    if kind in (MAP, SEQ, SCALAR):  # our Node
        if kind == SCALAR:
            return node.value
        if kind == SEQ:
            return [_tree(item) for item in node.value]
        return [(_tree(k), _tree(v)) for k, v in node.value]
    if isinstance(node, yaml.ScalarNode):
        return node.value
    if isinstance(node, yaml.SequenceNode):
        return [_tree(item) for item in node.value]
    return [(_tree(k), _tree(v)) for k, v in node.value]


@pytest.mark.parametrize("path", SUITE_FILES or [None], ids=lambda p: p.stem if p else "missing")
def test_yaml_suite_case_through_parse_and_validate(path, loader):
    assert path is not None, f"the YAML test suite is missing at {YAML_SUITE}"
    text = _suite_text(path)
    try:
        root = yamlnodes.parse(text)
    except YamlProblem as problem:
        assert problem.line >= 1 and problem.column >= 1 and problem.message.strip()
        return
    # What we accepted, libyaml composes to the same tree: no value lost, none invented.
    assert _tree(root) == _tree(yaml.compose(text, Loader=getattr(yaml, loader)))
    for file_model in model.FILE_MODELS.values():
        result = validate(root, file_model, "a story file")
        assert isinstance(result, Validated)
        assert all(p.line >= 1 and p.column >= 1 and p.message.strip() for p in result.problems)


@pytest.mark.parametrize("path", SUITE_FILES or [None], ids=lambda p: p.stem if p else "missing")
def test_yaml_suite_case_as_a_scene_file(path, tmp_path):
    assert path is not None, f"the YAML test suite is missing at {YAML_SUITE}"
    write_story(tmp_path, path.read_bytes())
    report = check(tmp_path)
    # None of the suite's documents is a valid scene file of this story.
    assert scene_findings(report, "error"), f"{path.name} passed as a scene file"


# --- section A of adversarial-cases.md -------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        '!!python/object/apply:os.system ["touch pwned"]',
        "!!python/name:os.system",
        '!!python/object/new:os.system ["touch pwned"]',
        "!!python/object:os.system {}",
        '!<tag:yaml.org,2002:python/object/apply:os.system> ["touch pwned"]',
    ],
)
def test_python_tags_are_refused_and_run_nothing(tmp_path, monkeypatch, loader, value):
    monkeypatch.chdir(tmp_path)
    text = SCENES_YAML.replace('title: "Start"', f"title: {value}")
    write_story(tmp_path / "s", text)
    report = check(tmp_path / "s")
    assert not list(tmp_path.rglob("pwned"))
    found = scene_findings(report, "error")
    assert len(found) == 1 and found[0].code == "yaml", [str(f) for f in found]
    assert "tag" in found[0].message
    assert (found[0].line, found[0].column) == (line_of(text, value), column_of(text, value))


def test_tag_through_a_tag_directive_is_refused(tmp_path, monkeypatch, loader):
    monkeypatch.chdir(tmp_path)
    text = "%TAG !p! tag:yaml.org,2002:python/\n---\n" + SCENES_YAML.replace(
        'title: "Start"', 'title: !p!object/apply:os.system ["touch pwned"]'
    )
    write_story(tmp_path / "s", text)
    found = scene_findings(check(tmp_path / "s"), "error")
    assert not list(tmp_path.rglob("pwned"))
    assert len(found) == 1 and "tag" in found[0].message and found[0].line == line_of(text, "!p!object")


BILLION_LAUGHS = "".join(
    ['l0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n']
    + [f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]\n" for i in range(1, 9)]
)


@pytest.mark.timeout(10)
def test_billion_laughs_is_refused_at_the_first_anchor(tmp_path, loader):
    text = BILLION_LAUGHS + SCENES_YAML
    write_story(tmp_path, text)
    found = scene_findings(check(tmp_path), "error")
    assert len(found) == 1, [str(f) for f in found]
    assert re.search("alias|anchor", found[0].message)
    assert (found[0].line, found[0].column) == (1, column_of(text, "&l0"))


@pytest.mark.timeout(10)
def test_billion_laughs_through_parse(loader):
    with pytest.raises(YamlProblem) as caught:
        yamlnodes.parse(BILLION_LAUGHS)
    assert "anchor" in caught.value.message and caught.value.line == 1


@pytest.mark.timeout(10)
def test_self_referential_alias_is_refused(tmp_path, loader):
    text = SCENES_YAML.replace('place: "Zhanaozen"', "place: &x [1, *x]")
    write_story(tmp_path, text)
    found = scene_findings(check(tmp_path), "error")
    assert len(found) == 1 and re.search("alias|anchor", found[0].message)
    assert found[0].line == line_of(text, "&x")


def test_alias_alone_is_refused(tmp_path, loader):
    text = SCENES_YAML.replace('place: "Zhanaozen"', "place: *nowhere")
    write_story(tmp_path, text)
    found = scene_findings(check(tmp_path), "error")
    assert len(found) == 1 and found[0].line == line_of(text, "*nowhere")


@pytest.mark.timeout(20)
@pytest.mark.parametrize("shape", ["flow", "block"])
def test_deep_nesting_is_one_error(tmp_path, loader, shape):
    depth = 1000
    if shape == "flow":
        text = "[" * depth + "]" * depth + "\n"
        expected = (1, yamlnodes.MAX_DEPTH + 1)
    else:
        text = "".join(" " * i + f"k{i}:\n" for i in range(depth)) + " " * depth + "leaf\n"
        expected = (yamlnodes.MAX_DEPTH + 1, yamlnodes.MAX_DEPTH + 1)
    write_story(tmp_path, text)
    found = scene_findings(check(tmp_path))
    assert len(found) == 1 and found[0].code == "yaml", [str(f) for f in found]
    assert "nesting" in found[0].message and (found[0].line, found[0].column) == expected
    with pytest.raises(YamlProblem):
        yamlnodes.parse(text)


def test_duplicate_key_names_both_lines(tmp_path, loader):
    text = SCENES_YAML.replace('    title: "B"\n', '    title: "B"\n    date: 2011\n    title: "C"\n')
    write_story(tmp_path, text)
    found = scene_findings(check(tmp_path), "error")
    assert len(found) == 1 and "duplicate" in found[0].message
    assert found[0].line == line_of(text, 'title: "C"')
    assert f"line {line_of(text, 'title: ' + chr(34) + 'B')}" in found[0].message


def test_duplicate_key_in_a_flow_mapping(tmp_path, loader):
    text = SCENES_YAML.replace("set: {joined: true}", "set: {joined: true, joined: false}")
    write_story(tmp_path, text)
    found = scene_findings(check(tmp_path), "error")
    line = line_of(text, "joined: false}")
    assert len(found) == 1 and found[0].line == line and f"line {line}" in found[0].message
    assert found[0].column == column_of(text, "joined: false}")


def test_duplicate_key_spelled_differently(tmp_path):
    text = SCENES_YAML.replace('    title: "B"\n', '    title: "B"\n    "title": "C"\n')
    write_story(tmp_path, text)
    found = scene_findings(check(tmp_path), "error")
    assert len(found) == 1 and "duplicate" in found[0].message


@pytest.mark.parametrize(
    "value, shown",
    [
        ("no", "`no`"),
        ("yes", "`yes`"),
        ("off", "`off`"),
        ("1.10", "`1.10`"),
        ("010", "`010`"),
        ("1:30", "`1:30`"),
        ("12:30:00", "`12:30:00`"),
        ("2024-01-02", "`2024-01-02`"),
        ("0x1F", "`0x1F`"),
        ("", "empty"),
        ("~", "empty"),
        ("null", "empty"),
    ],
)
def test_yaml_1_1_values_are_errors_at_their_line(tmp_path, value, shown):
    text = SCENES_YAML.replace('title: "Start"', f"title: {value}".rstrip())
    write_story(tmp_path, text)
    found = scene_findings(check(tmp_path), "error")
    assert len(found) == 1 and found[0].code == "format", [str(f) for f in found]
    assert shown in found[0].message
    assert found[0].line == line_of(text, "title:")
    # Never what some YAML reader would have made of it.
    assert not re.search(r"\bFalse\b|\bTrue\b|\bNone\b|datetime|\b1\.1\b(?!0)", found[0].message)


def test_quoted_yaml_1_1_values_are_text(tmp_path):
    text = SCENES_YAML.replace('title: "Start"', 'title: "no"').replace('place: "Zhanaozen"', "place: '1.10'")
    write_story(tmp_path, text)
    report = check(tmp_path)
    assert report.findings == []
    assert (report.story.scenes["a"].title, report.story.scenes["a"].place) == ("no", "1.10")


def test_keys_that_yaml_reads_as_numbers_and_booleans(tmp_path):
    text = SCENES_YAML.replace(
        '    notes:\n      n: {source: s1, quote: "x", comment: "c"}',
        '    notes:\n      n: {source: s1, quote: "x", comment: "c"}\n'
        "      1: {source: s1, quote: a}\n      true: {source: s1, quote: b}",
    )
    write_story(tmp_path, text)
    found = scene_findings(check(tmp_path), "error")
    assert sorted(f.line for f in found) == [line_of(text, "1: {"), line_of(text, "true: {")]


def test_invalid_utf8_has_line_and_column(tmp_path):
    data = SCENES_YAML.encode("utf-8").replace(b"B text", b"B t\xffext")
    write_story(tmp_path, data)
    found = scene_findings(check(tmp_path), "error")
    text = SCENES_YAML.replace("B text", "B t?ext")
    assert len(found) == 1 and "UTF-8" in found[0].message
    assert (found[0].line, found[0].column) == (line_of(text, "t?ext"), column_of(text, "?ext"))


def test_invalid_utf8_column_counts_characters_like_every_other_finding(tmp_path):
    """The column after Cyrillic text is in characters, as libyaml's columns are, not in bytes."""
    data = (
        SCENES_YAML.replace("B text", "Жанаөзен")
        .encode("utf-8")
        .replace("Жанаөзен".encode(), "Жана".encode() + b"\xff")
    )
    write_story(tmp_path, data)
    found = scene_findings(check(tmp_path), "error")
    text = SCENES_YAML.replace("B text", "Жана?")
    assert len(found) == 1 and "UTF-8" in found[0].message
    assert (found[0].line, found[0].column) == (line_of(text, "Жана?"), column_of(text, "Жана?") + len("Жана"))


@pytest.mark.parametrize(
    "edit",
    [
        ('    title: "B"', '\ttitle: "B"'),
        ('      - text: "Stay"', '\t- text: "Stay"'),
        ("        goto: e1", "    \t    goto: e1"),
    ],
)
def test_tab_indentation_is_named(tmp_path, loader, edit):
    text = SCENES_YAML.replace(*edit)
    write_story(tmp_path, text)
    found = scene_findings(check(tmp_path), "error")
    assert len(found) == 1 and "tab" in found[0].message.lower(), [str(f) for f in found]
    assert found[0].line == line_of(text, "\t")


def test_two_documents_are_refused_at_the_second(tmp_path, loader):
    text = SCENES_YAML + "---\n" + SCENES_YAML
    write_story(tmp_path, text)
    found = scene_findings(check(tmp_path), "error")
    assert len(found) == 1 and "document" in found[0].message and found[0].line == line_of(text, "---")


def test_document_end_marker_then_more(tmp_path):
    text = SCENES_YAML + "...\nchapter: c1\n"
    write_story(tmp_path, text)
    found = scene_findings(check(tmp_path), "error")
    assert len(found) == 1 and found[0].line >= line_of(text, "...")


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n", "\ufeff", "---\n", "---\n...\n"])
def test_empty_file_is_one_error(tmp_path, text):
    write_story(tmp_path, text)
    found = scene_findings(check(tmp_path))
    assert [(f.column, f.code) for f in found] == [(1, "format")]
    # After an explicit `---` the empty document sits on the next line.
    assert found[0].line == (2 if text.startswith("---") else 1)
    assert re.search("empty|nothing", found[0].message)


@pytest.mark.parametrize(
    "text, kind",
    [
        ("just a string\n", "text"),
        ("42\n", "number"),
        ("- a\n- b\n", "list"),
        ('"quoted"\n', "text"),
    ],
)
def test_top_level_that_is_not_a_mapping(tmp_path, text, kind):
    write_story(tmp_path, text)
    found = scene_findings(check(tmp_path))
    assert len(found) == 1 and found[0].line == 1 and "mapping" in found[0].message
    assert kind in found[0].message


def test_bom_is_accepted_and_shifts_no_column(tmp_path):
    folder = tmp_path / "s"
    write_story(folder, "\ufeff" + SCENES_YAML)
    (folder / "story.yaml").write_text("\ufeff" + STORY_YAML, encoding="utf-8")
    (folder / "sources.yaml").write_text("\ufeff" + SOURCES_YAML, encoding="utf-8")
    report = check(folder)
    assert report.findings == [] and report.story.scenes["a"].title == "Start"
    assert report.story.meta.title == "Hostile input"
    write_story(folder, "\ufeff" + SCENES_YAML.replace("chapter: c1", "chapter: c9"))
    (found,) = scene_findings(check(folder), "error")
    assert (found.line, found.column, found.code) == (1, 10, "unknown-chapter")


def test_utf16_file_is_refused_as_not_utf8(tmp_path):
    write_story(tmp_path, SCENES_YAML.encode("utf-16"))
    found = scene_findings(check(tmp_path), "error")
    assert len(found) == 1 and "UTF-8" in found[0].message and (found[0].line, found[0].column) == (1, 1)


@pytest.mark.parametrize("size", [yamlnodes.MAX_FILE_BYTES + 1, 12 * 2**20])
def test_file_over_1_mib_is_refused_before_parsing(tmp_path, monkeypatch, size):
    parsed: list[int] = []
    real_parse = yamlnodes.parse
    monkeypatch.setattr(yamlnodes, "parse", lambda text, *rest: parsed.append(len(text)) or real_parse(text, *rest))
    path = write_story(tmp_path, SCENES_YAML)
    with path.open("ab") as handle:
        handle.write(b"#" * (size - path.stat().st_size))
    assert path.stat().st_size == size
    found = scene_findings(check(tmp_path), "error")
    assert len(found) == 1 and found[0].code == "yaml"
    assert "1 MiB" in found[0].message and (found[0].line, found[0].column) == (1, 1)
    assert max(parsed) < yamlnodes.MAX_FILE_BYTES, "the big file was parsed"


def test_file_of_exactly_1_mib_is_read(tmp_path):
    path = write_story(tmp_path, SCENES_YAML)
    with path.open("ab") as handle:
        handle.write(b"#" * (yamlnodes.MAX_FILE_BYTES - path.stat().st_size))
    assert path.stat().st_size == yamlnodes.MAX_FILE_BYTES
    assert check(tmp_path).findings == []


# --- section C: terminal escapes written as YAML escapes -------------------------------------


@pytest.mark.parametrize(
    "escape",
    [
        r"\e]52;c;UFdORUQ=\a",
        r"\e[2J",
        r"\e[8;1;1t",
        r"\x9b2J",
        r"\N",
        r"\u202e",
        r"\0",
        r"\x7f",
        r"\u2066",
        r"\b\r",
    ],
)
@pytest.mark.parametrize(
    "field",
    ['text: "B text[^n]"', 'title: "B"', 'text: "End home"', 'summary: "You stayed."', 'quote: "x"\n    choices'],
)
def test_escaped_control_characters_are_removed_with_a_warning(tmp_path, escape, field):
    key, rest = field.split(": ", 1)
    edited = f'{key}: "{escape}{rest[1:]}'
    text = SCENES_YAML.replace(field, edited, 1)
    write_story(tmp_path, text)
    report = check(tmp_path)
    warnings = [f for f in scene_findings(report) if f.code == "control-characters"]
    # A quote that carried escapes no longer matches its source once they are removed: reported too.
    others = [f for f in scene_findings(report) if not (key == "quote" and f.code == "misquote")]
    assert [f.severity for f in others] == ["warning"], [str(f) for f in report.findings]
    assert len(warnings) == 1 and warnings[0].line == line_of(text, edited.split("\n")[0])
    data = msgspec.to_builtins(report.story.scenes)
    assert not TERMINAL_CONTROLS.search(json.dumps(data, ensure_ascii=False))


def test_raw_control_character_is_an_error_at_its_line(tmp_path, loader):
    """Raw ESC/BEL bytes are refused by the YAML reader; the error must point at them."""
    text = SCENES_YAML.replace("B text", "B \x1b[2J text")
    write_story(tmp_path, text)
    found = scene_findings(check(tmp_path), "error")
    assert len(found) == 1 and found[0].code == "yaml", [str(f) for f in found]
    assert (found[0].line, found[0].column) == (line_of(text, "\x1b"), column_of(text, "\x1b"))


def test_control_characters_in_keys_never_reach_messages(tmp_path):
    text = SCENES_YAML.replace('    title: "B"', '    "ti\\e]52;c;eA==\\a\\x9btle": "B"')
    write_story(tmp_path, text)
    report = check(tmp_path)
    assert scene_findings(report, "error")
    for finding in report.findings:
        assert not TERMINAL_CONTROLS.search(finding.message), repr(finding.message)
        assert not TERMINAL_CONTROLS.search(str(finding))


def test_check_command_on_hostile_files_prints_no_traceback_and_no_escapes(tmp_path):
    folder = tmp_path / "s"
    write_story(folder, SCENES_YAML.replace('    title: "B"', '    "ti\\e[2J\\x9b\\u202etle": "B"'))
    (folder / "more.yaml").write_text(BILLION_LAUGHS, encoding="utf-8")
    (folder / "tags.yaml").write_text('x: !!python/object/apply:os.system ["touch pwned"]\n', encoding="utf-8")
    (folder / "bad.yaml").write_bytes(b"chapter: c1\nscenes: \xff\xfe\n")
    env = dict(os.environ, PYTHONPATH=str(REPO / "src") + os.pathsep + os.environ.get("PYTHONPATH", ""))
    for extra in ([], ["--format", "json"]):
        result = subprocess.run(
            [sys.executable, "-m", "zhanaozen_game", "check", "--story", str(folder), *extra],
            capture_output=True,
            text=True,
            encoding="utf-8",
            cwd=tmp_path,
            env=env,
            timeout=60,
        )
        assert result.returncode == 1 and result.stderr == "", result.stderr
        assert not TERMINAL_CONTROLS.search(result.stdout.replace("\t", "")), repr(result.stdout)
        if extra:
            findings = json.loads(result.stdout)["findings"]
            assert {Path(f["file"]).name for f in findings} >= {"more.yaml", "tags.yaml", "bad.yaml", "scenes.yaml"}
    assert not list(tmp_path.rglob("pwned"))


# --- values that break the checker after loading ---------------------------------------------


@pytest.mark.parametrize(
    "edit, needle",
    [
        (("add: {count: 1}", "add: {count: " + "9" * 5000 + "}"), "9999"),
        (("set: {joined: true}", "set: {joined: true, count: " + "9" * 5000 + "}"), "9999"),
        (("if: joined and count >= 1", "if: joined and count >= " + "9" * 5000), "if: joined"),
    ],
    ids=["add", "set", "condition"],
)
def test_huge_numbers_are_errors_not_tracebacks(tmp_path, edit, needle):
    text = SCENES_YAML.replace(*edit)
    write_story(tmp_path, text)
    found = scene_findings(check(tmp_path), "error")
    assert len(found) == 1 and found[0].line == line_of(text, needle), [str(f) for f in found]


def test_huge_number_in_story_yaml_is_an_error(tmp_path):
    write_story(tmp_path)
    (tmp_path / "story.yaml").write_text(STORY_YAML.replace("count: 0", "count: " + "1" * 5000), encoding="utf-8")
    report = check(tmp_path)
    found = [f for f in report.errors if Path(f.file).name == "story.yaml"]
    assert len(found) == 1 and found[0].line == line_of(STORY_YAML, "count: 0")


@pytest.mark.timeout(20)
@pytest.mark.parametrize(
    "condition",
    [
        "(" * 1000 + "joined" + ")" * 1000,
        "not " * 1000 + "joined",
        " or ".join(["joined"] * 2000),
        " and ".join(["count >= 0"] * 2000),
    ],
    ids=["1000-parentheses", "1000-nots", "2000-ors", "2000-ands"],
)
def test_deep_or_long_conditions_are_checked_without_a_traceback(tmp_path, condition):
    text = SCENES_YAML.replace("if: not joined", f'if: "{condition}"')
    write_story(tmp_path, text)
    report = check(tmp_path)
    # Either the condition is accepted and every branch played, or it is refused at its line.
    found = scene_findings(report, "error")
    assert all(f.code == "condition" and f.line == line_of(text, 'if: "') for f in found), [str(f) for f in found]
    if not found:
        assert report.stats["explored"] is True


# --- positions that must match what the writer's editor shows --------------------------------


@pytest.mark.parametrize("separator", ["\u2028", "\u2029"])
def test_line_separator_characters_do_not_shift_later_lines(tmp_path, separator):
    """U+2028/U+2029 (pasted from web pages) are not line breaks in editors or in YAML 1.2."""
    text = SCENES_YAML.replace('title: "Start"', f'title: "Sta{separator}rt"').replace(
        '    place: "Zhanaozen"', '    plcae: "Zhanaozen"'
    )
    write_story(tmp_path, text)
    found = [f for f in scene_findings(check(tmp_path), "error") if "plcae" in f.message]
    assert len(found) == 1 and found[0].line == line_of(text, "plcae")


def test_condition_error_column_counts_escapes_in_the_file(tmp_path):
    text = SCENES_YAML.replace("if: not joined", 'if: "not joined and \\"x\\" == nobody"')
    write_story(tmp_path, text)
    found = [f for f in scene_findings(check(tmp_path), "error") if "nobody" in f.message]
    assert len(found) == 1
    assert (found[0].line, found[0].column) == (line_of(text, "nobody"), column_of(text, "nobody"))
