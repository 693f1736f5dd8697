"""The condition language: parsing, type checking and evaluation (never eval)."""

import pytest

from zhanaozen_game.core.conditions import ConditionError, compile_condition, parse, typecheck, variables

TYPES = {"joined": bool, "count": int, "mood": str}
VALUES = {"joined": True, "count": 3, "mood": "calm"}


def run(source, values=VALUES):
    return compile_condition(parse(source))(values)


@pytest.mark.parametrize(
    "source, expected",
    [
        ("joined", True),
        ("not joined", False),
        ("count == 3", True),
        ("count != 3", False),
        ("count < 4 and count > 2", True),
        ("count <= 2 or count >= 3", True),
        ("mood == 'calm'", True),
        ('mood == "angry"', False),
        ("not (joined and count > 5)", True),
        ("true", True),
        ("false or joined", True),
        ("count >= -1", True),
        ("not not joined", True),
        ("joined and (count == 1 or count == 3) and mood != 'x'", True),
    ],
)
def test_evaluates(source, expected):
    assert run(source) is expected or run(source) == expected


def test_precedence_and_binds_tighter_than_or():
    # false or (true and false) -> false; (false or true) and false would also be false, so use
    # a case where the grouping changes the result: true or (false and false) -> true
    assert run("joined or false and false") is True
    assert run("(joined or false) and false") is False


def test_reads_a_tuple_through_a_key_function():
    slots = {"joined": 0, "count": 1}
    test = compile_condition(parse("joined and count > 1"), slots.__getitem__)
    assert test((True, 2)) is True
    assert test((True, 1)) is False


@pytest.mark.parametrize(
    "source, offset, fragment",
    [
        ("", 0, "empty"),
        ("joined and", 10, "ends too early"),
        ("(joined", 0, "not closed"),
        ("count == 'x", 9, "unterminated"),
        ("count === 3", 8, "write `==` to compare"),
        ("a < b < c", 6, "chained"),
        ("joined && count", 7, "`&&` is not part of the condition language: write `and`"),
        ("joined || count", 7, "write `or`"),
        ("count = 3", 6, "`=` is not a comparison: write `==`"),
        ("!joined", 0, "write `not`"),
        ("joined AND count", 7, "lower case: write `and`"),
        ("joined\u200b", 6, "U+200B (ZERO WIDTH SPACE)"),
        ("joined count", 7, "unexpected"),
        ("and joined", 0, "needs a value"),
        ("__import__('os').system('x')", 16, "unexpected character"),
    ],
)
def test_malformed_conditions_give_an_offset(source, offset, fragment):
    with pytest.raises(ConditionError) as caught:
        parse(source)
    assert fragment in caught.value.message
    assert caught.value.offset == offset


@pytest.mark.parametrize(
    "source, fragment",
    [
        ("missing", "not declared"),
        ("count", "must be true or false"),
        ("count and joined", "needs true/false"),
        ("mood < 3", "compares numbers only"),
        ("count == 'x'", "compares a number with text"),
        ("joined == 1", "compares true/false with a number"),
        ("not mood", "needs true/false"),
    ],
)
def test_type_errors(source, fragment):
    problems = typecheck(parse(source), TYPES)
    assert problems, source
    assert any(fragment in message for _, _, message in problems)
    # A code, so that callers never read the wording.
    assert {code for _, code, _ in problems} == {"undeclared-variable" if "declared" in fragment else "condition"}


def test_sound_conditions_have_no_type_errors():
    assert typecheck(parse("joined and count >= 2 or mood == 'calm'"), TYPES) == []


def test_type_error_offsets_point_at_the_variable():
    problems = typecheck(parse("joined and nowhere"), TYPES)
    assert problems == [(11, "undeclared-variable", "the variable `nowhere` is not declared in story.yaml")]


def test_variables_lists_every_read():
    assert [v.value for v in variables(parse("a and (b or not c) and d == 1"))] == ["a", "b", "c", "d"]
