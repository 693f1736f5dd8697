"""What a reader, writer or translator sees from `core.text` and `core.yamlnodes`, pinned where
mutation testing (issue 9) showed nothing in tests/core would notice a change.

Each test names the mutants of the mutmut run it kills (each checked by applying the mutant by
hand). Messages are compared whole: they are the writer's only guide to fixing a story file, so
a changed word or a wrong line is a regression, not a detail.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from zhanaozen_game.core.i18n import set_language
from zhanaozen_game.core.model import Note
from zhanaozen_game.core.text import (
    clean_line,
    format_date,
    number_markers,
    numbered_notes,
    paragraphs,
    strip_controls,
)
from zhanaozen_game.core.yamlnodes import MAP, MAX_FILE_BYTES, SEQ, Lines, YamlProblem, parse, read_text

# ---------------------------------------------------------------------------------------------
# core.text: what reaches the screen


# kills zhanaozen_game.core.text.x_strip_controls__mutmut_10, x_strip_controls__mutmut_11
def test_crlf_becomes_one_line_break_and_the_words_around_it_stay() -> None:
    # Roman numerals are how Russian writes centuries: "XX" ending a line must survive.
    assert strip_controls("в XX\r\nXXI веке") == "в XX\nXXI веке"


# kills zhanaozen_game.core.text.x_clean_line__mutmut_3
def test_a_tab_is_four_columns_wide() -> None:
    assert clean_line("a\tb") == "a   b"


# kills zhanaozen_game.core.text.x_paragraphs__mutmut_7, x_paragraphs__mutmut_9
def test_paragraphs_split_on_blank_lines_and_join_lines_with_one_space() -> None:
    assert paragraphs("One\n  two\n\n  \nThree") == ["One two", "Three"]


# kills zhanaozen_game.core.text.x_number_markers__mutmut_1 .. _11 (all eleven)
def test_markers_are_numbered_in_order_and_keep_their_numbers() -> None:
    numbers: dict[str, int] = {}
    assert number_markers("Strike[^a] and trial[^b], again[^a].", numbers) == "Strike[1] and trial[2], again[1]."
    # The debrief goes on numbering where the scene text stopped.
    assert number_markers("Later[^c], then[^b].", numbers) == "Later[3], then[2]."
    assert numbers == {"a": 1, "b": 2, "c": 3}


# kills zhanaozen_game.core.text.x_numbered_notes__mutmut_1 .. _7 (all seven)
def test_numbered_notes_follow_the_numbers_and_skip_keys_without_a_note() -> None:
    first = Note(source="s1", quote="first")
    second = Note(source="s2", quote="second")
    # Insertion order and alphabetical order both differ from the numbering.
    numbers = {"alpha": 2, "missing": 3, "zeta": 1}
    assert numbered_notes({"alpha": second, "zeta": first}, numbers) == [(1, first), (2, second)]


# kills zhanaozen_game.core.text.x_format_date__mutmut_2, _3, _5, _6, _7, _8, _9, _10, _13, _14,
# _15, _16, _17, _18, _19, _20, _21, _22, _23, _28, _31, _32
@pytest.mark.parametrize(
    ("date", "shown"),
    [
        ("2011-12-16", "16 December 2011"),
        ("2011-01-05", "5 January 2011"),
        ("2022-01", "January 2022"),
        ("2011-12", "December 2011"),
        ("2011", "2011"),
    ],
)
def test_dates_read_as_a_reader_says_them(date: str, shown: str) -> None:
    assert format_date(date) == shown


# kills zhanaozen_game.core.text.x_format_date__mutmut_11, _12, _26, _27 (the gettext contexts)
def test_russian_dates_use_the_genitive_after_a_day_and_the_nominative_alone() -> None:
    set_language("ru")
    try:
        assert format_date("2011-12-16") == "16 декабря 2011"
        assert format_date("2011-12") == "декабрь 2011"
    finally:
        set_language("")


# ---------------------------------------------------------------------------------------------
# core.yamlnodes: reading a writer's file


def problem_of(text: str) -> tuple[str, int, int]:
    with pytest.raises(YamlProblem) as caught:
        parse(text)
    # kills zhanaozen_game.core.yamlnodes.xǁYamlProblemǁ__init____mutmut_3 (str() of the error)
    assert str(caught.value) == caught.value.message
    return caught.value.message, caught.value.line, caught.value.column


# kills zhanaozen_game.core.yamlnodes.xǁLinesǁ__init____mutmut_1 .. _6 (all six)
def test_lines_count_cr_crlf_and_lf_as_line_breaks() -> None:
    lines = Lines("a\rb\r\nc\nd")
    assert [lines.place(i) for i in (0, 2, 5, 7)] == [(1, 1), (2, 1), (3, 1), (4, 1)]


# kills zhanaozen_game.core.yamlnodes.xǁYamlProblemǁ__init____mutmut_1, _2,
# x_read_text__mutmut_9, _13, _14
def test_a_file_over_one_mebibyte_is_refused_at_line_1_and_one_at_the_limit_is_read(tmp_path: Path) -> None:
    exact = tmp_path / "exact.yaml"
    exact.write_bytes(b"#" * MAX_FILE_BYTES)
    assert len(read_text(exact)) == MAX_FILE_BYTES
    over = tmp_path / "over.yaml"
    over.write_bytes(b"#" * (MAX_FILE_BYTES + 1))
    with pytest.raises(YamlProblem) as caught:
        read_text(over)
    assert caught.value.message == (
        "the file has more than 1,048,576 bytes; a story file may have at most 1,048,576 (1 MiB): "
        "split it into several scene files"
    )
    assert (caught.value.line, caught.value.column) == (1, 1)


# kills zhanaozen_game.core.yamlnodes.x_read_text__mutmut_11, _12
def test_a_missing_file_says_why_without_the_path(tmp_path: Path) -> None:
    with pytest.raises(YamlProblem) as caught:
        read_text(tmp_path / "gone.yaml")
    assert caught.value.message == "cannot read the file: No such file or directory"


# kills zhanaozen_game.core.yamlnodes.x_read_text__mutmut_19, _20, _22, _24, _28 .. _36
def test_a_byte_that_is_not_utf8_is_placed_in_characters_and_lines(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("a: 1\r\nb: é".encode() + b"\xff\n")
    with pytest.raises(YamlProblem) as caught:
        read_text(path)
    assert caught.value.message == ("the file is not UTF-8 text: byte 0xff cannot be decoded (save the file as UTF-8)")
    assert (caught.value.line, caught.value.column) == (2, 5)


# kills zhanaozen_game.core.yamlnodes.x_read_text__mutmut_37, _39, _41
def test_a_byte_order_mark_is_dropped_and_nothing_else(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes("\ufeffa: 1\n".encode())
    assert read_text(path) == "a: 1\n"


# kills zhanaozen_game.core.yamlnodes.x_parse__mutmut_11
@pytest.mark.parametrize("text", ["", "# only a comment\n"])
def test_an_empty_document_is_none(text: str) -> None:
    assert parse(text) is None


# kills zhanaozen_game.core.yamlnodes.x_parse__mutmut_125
def test_a_collection_ends_where_its_closing_bracket_ends() -> None:
    root = parse("a: [1, 2]\n")
    assert root is not None and root.kind == MAP
    value = root.value[0][1]
    assert (value.kind, value.start, value.end) == (SEQ, 3, 9)


# kills zhanaozen_game.core.yamlnodes.x_parse__mutmut_73, _74
def test_the_non_specific_tag_is_allowed() -> None:
    root = parse("a: ! x\n")
    assert root is not None and root.value[0][1].value == "x"


# kills zhanaozen_game.core.yamlnodes.x_parse__mutmut_103
def test_sixty_four_levels_of_nesting_are_allowed() -> None:
    assert parse("[" * 64 + "]" * 64) is not None


# Each message is what a writer reads in `zhanaozen check` and in their editor: whole, at the place
# to fix. With the tests above, this table kills, in zhanaozen_game.core.yamlnodes:
#   x_parse: _2, _3, _4, _6 .. _10, _31 .. _36, _47 .. _49, _59 .. _64, _69, _70, _75 .. _78, _82,
#     _104 .. _107, _128 .. _133, _135, _136, _139 .. _146;
#   x__syntax_problem: _2, _3, _8, _9, _18, _19, _24, _25, _36, _37, _46, _50, _51, _56 .. _59,
#     _64 .. _66, _68 .. _72, _79 .. _81, _87 .. _97 (_90, _91: the error without context);
#   x__indent_of: _1 .. _6, _9 .. _12 (_9, _10: the last line has no line break);
#   x__for_writers: _2, _5 .. _90, _92 .. _110, _114 .. _126.
WRITER_MESSAGES = [
    (
        "title: Arrival: the first day\n",
        "a `: ` inside an unquoted value, or a key indented deeper than the keys above it: put the whole "
        'value in quotes (`title: "Arrival: the first day"`), or line the key up with the keys above '
        "(YAML: mapping values are not allowed in this context)",
        1,
        15,
    ),
    (
        'a: 1\nb: "x" y\n',
        "text after a closing quote: put the whole value inside one pair of quotes, or remove what "
        "follows the closing quote (YAML: did not find expected key)",
        2,
        8,
    ),
    (
        "b: 'x' y\n",
        "text after a closing quote: put the whole value inside one pair of quotes, or remove what "
        "follows the closing quote (YAML: did not find expected key)",
        1,
        8,
    ),
    (
        # The last line has no line break after it.
        "x: 1\nscene:\n  a: 1\n  b: 2\n c: 3",
        "line 5 is indented 1 space, which lines it up with no key above it (the keys from line 1 are "
        "indented 0, 2): line it up with the key it belongs with (YAML: did not find expected key)",
        5,
        2,
    ),
    (
        # The mapping starts at column 3 of line 1: the message names its line.
        "- x: 1\n  scene:\n    a: 1\n    b: 2\n   c: 3\n",
        "line 5 is indented 3 spaces, which lines it up with no key above it (the keys from line 1 are "
        "indented 2, 4): line it up with the key it belongs with (YAML: did not find expected key)",
        5,
        4,
    ),
    (
        "a: [1, ]]\n",
        "line 1 is indented 0 spaces, which lines it up with no key above it (the keys from line 1 are "
        "indented 0): line it up with the key it belongs with (YAML: did not find expected key)",
        1,
        9,
    ),
    (
        "a: 1\nb\nc: 2\n",
        "line 2 is not a `key: value` line: text that goes on over several lines must be indented under "
        "its key (or written after `|`), and every key needs `: ` (YAML: could not find expected ':')",
        2,
        1,
    ),
    (
        'a: "never closed\n',
        "this quote is never closed: close it at the end of the value (YAML: found unexpected end of stream)",
        1,
        4,
    ),
    (
        "`x`: 1\n",
        "a value cannot start with a backquote: put the whole value in quotes "
        "(YAML: found character that cannot start any token)",
        1,
        1,
    ),
    (
        "a: @x\n",
        "a value cannot start with `@`: put the whole value in quotes "
        "(YAML: found character that cannot start any token)",
        1,
        4,
    ),
    (
        'a: "x\\qy"\n',
        "an unknown escape (a backslash) in double-quoted text: write `\\\\` for a backslash, or use "
        "single quotes (YAML: found unknown escape character)",
        1,
        6,
    ),
    (
        "- a\n- [b\n",
        "the `[` opened here is not closed: close it, or quote a value that starts with `[` "
        "(YAML: did not find expected ',' or ']')",
        2,
        3,
    ),
    (
        "a: 1\nb:\n  - x\n  y: 1\n",
        "this line breaks a list: every `- ` item of a list starts at the same indentation "
        "(YAML: did not find expected '-' indicator)",
        4,
        3,
    ),
    (
        "a: ]\n",
        "a value is missing here, or starts with a character YAML reserves (`[`, `{`, `*`, `&`, `!`, `|`, "
        "`>`, `%`, `@`, a backquote): put it in quotes (YAML: did not find expected node content)",
        1,
        4,
    ),
    (
        "a: 1\nb: *\n",
        "YAML syntax error: did not find expected alphabetic or numeric character (while scanning an alias)",
        2,
        5,
    ),
    # libyaml gives no context here: the message has no empty "()".
    ("  a: 1\nb: 2\n", "YAML syntax error: did not find expected <document start>", 2, 1),
    ("\ta: 1\n", "a tab character: YAML indents with spaces only", 1, 1),
    ("a:\n  b: 1\n  \tc: 1\n", "a tab character: YAML indents with spaces only", 3, 3),
    ("a: 1\nb: x\x07y\n", "a control character (U+0007) in the file: remove it", 2, 5),
    ("a: 1\n? [b]\n: 1\n", "a key must be plain text, not a list or a mapping", 2, 3),
    (
        "a: 1\nb: 2\na: 3\n",
        "duplicate key 'a' (first at line 1); YAML would silently keep only the last one",
        3,
        1,
    ),
    ("a: 1\nb: &x 1\n", "an anchor (&x): anchors and aliases are not allowed in story files", 2, 4),
    (
        "a: 1\nb: *x\n",
        "an alias (*x): anchors and aliases are not allowed in story files; write the value out",
        2,
        4,
    ),
    (
        "a: 1\nb: !!python/object x\n",
        "a YAML tag (tag:yaml.org,2002:python/object): tags are not allowed in story files",
        2,
        4,
    ),
    ("a: 1\n---\nb: 2\n", "a second YAML document (`---`): a story file holds exactly one", 2, 1),
    ("[" * 65 + "]" * 65, "nesting is deeper than 64 levels", 1, 65),
]


@pytest.mark.parametrize(("text", "message", "line", "column"), WRITER_MESSAGES)
def test_a_writer_reads_what_to_fix_and_where(text: str, message: str, line: int, column: int) -> None:
    assert problem_of(text) == (message, line, column)


# A real bug found on the way: an editor's buffer (the language server's overlay) can hold a lone
# surrogate (JSON's "\ud800"), which libyaml cannot encode; parse let a UnicodeEncodeError out.
def test_a_lone_surrogate_is_a_problem_with_a_place_not_a_crash() -> None:
    assert problem_of("a: 1\nb: x\ud800\n") == (
        "a broken character (U+D800, half of a surrogate pair) in the file: remove it",
        2,
        5,
    )
