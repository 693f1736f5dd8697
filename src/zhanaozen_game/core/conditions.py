"""The condition language of choices' `if:`, parsed at load time; never `eval`.

    condition  := or
    or         := and ("or" and)*
    and        := not ("and" not)*
    not        := "not" not | comparison
    comparison := atom (("==" | "!=" | "<" | "<=" | ">" | ">=") atom)?
    atom       := variable | true | false | number | 'text' | "text" | "(" or ")"

A parsed condition is type-checked against the story's variables (a condition must be true or
false; `<` compares numbers; `==` compares values of one type) and compiled into a closure.
The closure reads variables by subscription, so it works on a dict of names or, for the
checker's fast exploration, on a tuple indexed by variable position.
"""

from __future__ import annotations

import difflib
import operator
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

KEYWORDS = {"and", "or", "not", "true", "false"}
# Limits that keep every walk of a condition far from Python's recursion limit.
MAX_TOKENS = 200
MAX_NESTING = 32
MAX_DIGITS = 15

_TOKEN = re.compile(
    r"""\s*(?:
        (?P<number>-?[0-9]+)
      | (?P<string>'[^']*'|"[^"]*")
      | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
      | (?P<op>==|!=|<=|>=|<|>|\(|\))
      | (?P<bad>\S)
    )""",
    re.VERBOSE,
)

# Signs from other languages that writers type, and what to write instead.
_OTHER_LANGUAGES = {
    "&&": "`&&` is not part of the condition language: write `and`",
    "||": "`||` is not part of the condition language: write `or`",
    "=": "`=` is not a comparison: write `==` to compare (`mood == 'angry'`)",
    "!": "`!` is not part of the condition language: write `not` (or `!=` for “is not equal to”)",
    "&": "`&` is not part of the condition language: write `and`",
    "|": "`|` is not part of the condition language: write `or`",
}

_COMPARE = {
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


class ConditionError(Exception):
    """A malformed condition; `offset` is the character position in the condition."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset


@dataclass(frozen=True, slots=True)
class Expr:
    """A node of a parsed condition: `kind` is lit, var, not, and, or or cmp."""

    kind: str
    offset: int
    value: Any = None  # literal value (bool, int, str), variable name or comparison operator
    args: tuple[Expr, ...] = ()


def _tokens(source: str) -> list[tuple[str, str, int]]:
    tokens = []
    position = 0
    while position < len(source):
        match = _TOKEN.match(source, position)
        if match is None or match.end() == position:  # only trailing white space is left
            break
        kind = match.lastgroup
        assert kind is not None  # every alternative of _TOKEN is a named group
        text = match.group(kind)
        start = match.start(kind)
        if kind == "number" and len(text.lstrip("-")) > MAX_DIGITS:
            raise ConditionError(f"the number is too large (at most {MAX_DIGITS} digits)", start)
        if kind == "bad":
            if text in "'\"":
                raise ConditionError("unterminated text: a quote is not closed", start)
            pair = source[start : start + 2]
            if pair in _OTHER_LANGUAGES:
                raise ConditionError(_OTHER_LANGUAGES[pair], start)
            if text in _OTHER_LANGUAGES:
                raise ConditionError(_OTHER_LANGUAGES[text], start)
            if not (text.isascii() and text.isprintable()):
                raise ConditionError(
                    f"unexpected character U+{ord(text):04X} ({unicodedata.name(text, 'unnamed')})", start
                )
            raise ConditionError(f"unexpected character `{text}`", start)
        tokens.append((kind, text, start))
        if len(tokens) > MAX_TOKENS:
            raise ConditionError(
                f"the condition is too long (at most {MAX_TOKENS} words and signs): split the choice or use a variable",
                start,
            )
        position = match.end()
    return tokens


class _Parser:
    def __init__(self, source: str) -> None:
        self.source = source
        self.tokens = _tokens(source)
        self.index = 0
        self.depth = 0

    def nested(self, offset: int) -> None:
        self.depth += 1
        if self.depth > MAX_NESTING:
            raise ConditionError(f"the condition nests deeper than {MAX_NESTING} levels", offset)

    def peek(self) -> tuple[str, str, int] | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def take(self) -> tuple[str, str, int]:
        token = self.peek()
        if token is None:
            raise ConditionError("the condition ends too early", len(self.source))
        self.index += 1
        return token

    def parse(self) -> Expr:
        if not self.tokens:
            raise ConditionError("the condition is empty", 0)
        expr = self.or_()
        token = self.peek()
        if token is not None:
            if token[0] == "name" and token[1].lower() in KEYWORDS:
                raise ConditionError(
                    f"`{token[1]}`: the words of the condition language are lower case: write `{token[1].lower()}`",
                    token[2],
                )
            raise ConditionError(f"unexpected `{token[1]}`", token[2])
        return expr

    def or_(self) -> Expr:
        left = self.and_()
        while (token := self.peek()) and token[0] == "name" and token[1] == "or":
            self.index += 1
            left = Expr("or", token[2], args=(left, self.and_()))
        return left

    def and_(self) -> Expr:
        left = self.not_()
        while (token := self.peek()) and token[0] == "name" and token[1] == "and":
            self.index += 1
            left = Expr("and", token[2], args=(left, self.not_()))
        return left

    def not_(self) -> Expr:
        token = self.peek()
        if token and token[0] == "name" and token[1] == "not":
            self.index += 1
            self.nested(token[2])
            inner = self.not_()
            self.depth -= 1
            return Expr("not", token[2], args=(inner,))
        return self.comparison()

    def comparison(self) -> Expr:
        left = self.atom()
        token = self.peek()
        if token and token[0] == "op" and token[1] in _COMPARE:
            self.index += 1
            right = self.atom()
            after = self.peek()
            if after and after[0] == "op" and after[1] in _COMPARE:
                raise ConditionError("comparisons cannot be chained: use `and`", after[2])
            return Expr("cmp", token[2], token[1], (left, right))
        return left

    def atom(self) -> Expr:
        kind, text, offset = self.take()
        if kind == "number":
            return Expr("lit", offset, int(text))
        if kind == "string":
            return Expr("lit", offset, text[1:-1])
        if kind == "name":
            if text == "true" or text == "false":
                return Expr("lit", offset, text == "true")
            if text in KEYWORDS:
                raise ConditionError(f"`{text}` needs a value before it", offset)
            return Expr("var", offset, text)
        if text == "(":
            self.nested(offset)
            inner = self.or_()
            self.depth -= 1
            closing = self.peek()
            if closing is None or closing[1] != ")":
                raise ConditionError("a `(` is not closed", offset)
            self.index += 1
            return inner
        raise ConditionError(f"expected a value, found `{text}`", offset)


def parse(source: str) -> Expr:
    """Parse a condition; raises ConditionError with the offset of the problem."""
    return _Parser(source).parse()


def _type_name(value_type: type) -> str:
    return {bool: "true/false", int: "a number", str: "text"}[value_type]


def type_of(value: object) -> type:
    """The format's type of a variable value: bool, int or str."""
    return bool if isinstance(value, bool) else type(value)


# What typecheck reports, so that callers branch on a code and never on a message's wording.
UNDECLARED, TYPE = "undeclared-variable", "condition"
Problem = tuple[int, str, str]  # (offset, code, message)


def typecheck(expr: Expr, var_types: Mapping[str, type]) -> list[Problem]:
    """Problems with a condition, as (offset, code, message); empty when it is a sound condition."""
    problems: list[Problem] = []
    result = _infer(expr, var_types, problems)
    if result is not None and result is not bool and not problems:
        problems.append((expr.offset, TYPE, f"a condition must be true or false, but this is {_type_name(result)}"))
    return problems


def _undeclared(name: str, var_types: Mapping[str, type]) -> str:
    message = f"the variable `{name}` is not declared in story.yaml"
    if name.lower() in KEYWORDS:
        return (
            f"`{name}` is not a word of the condition language, which is written in lower case: write `{name.lower()}`"
        )
    close = difflib.get_close_matches(name, list(var_types), n=1, cutoff=0.6)
    return message + (f"; did you mean `{close[0]}`?" if close else "")


def _infer(expr: Expr, var_types: Mapping[str, type], problems: list[Problem]) -> type | None:
    if expr.kind == "lit":
        return type_of(expr.value)
    if expr.kind == "var":
        if expr.value not in var_types:
            problems.append((expr.offset, UNDECLARED, _undeclared(expr.value, var_types)))
            return None
        return var_types[expr.value]
    if expr.kind in ("and", "or", "not"):
        for arg in expr.args:
            found = _infer(arg, var_types, problems)
            if found is not None and found is not bool:
                problems.append((arg.offset, TYPE, f"`{expr.kind}` needs true/false, but this is {_type_name(found)}"))
        return bool
    left, right = (_infer(arg, var_types, problems) for arg in expr.args)
    if left is None or right is None:
        return bool
    if expr.value in ("==", "!="):
        if left is not right:
            problems.append((expr.offset, TYPE, f"`{expr.value}` compares {_type_name(left)} with {_type_name(right)}"))
    elif left is not int or right is not int:
        problems.append((expr.offset, TYPE, f"`{expr.value}` compares numbers only"))
    return bool


def variables(expr: Expr) -> list[Expr]:
    """The variable nodes a condition reads."""
    if expr.kind == "var":
        return [expr]
    return [found for arg in expr.args for found in variables(arg)]


Test = Callable[[Any], Any]  # a compiled condition: variables (by name or slot) -> truth


def compile_condition(expr: Expr, key: Callable[[str], object] = lambda name: name) -> Test:
    """A function of the variables (anything subscriptable by `key(name)`) giving True or False."""
    if expr.kind == "lit":
        value = expr.value
        return lambda v: value
    if expr.kind == "var":
        slot = key(expr.value)
        return lambda v: v[slot]
    if expr.kind == "not":
        inner = compile_condition(expr.args[0], key)
        return lambda v: not inner(v)
    left, right = (compile_condition(arg, key) for arg in expr.args)
    if expr.kind == "and":
        return lambda v: left(v) and right(v)
    if expr.kind == "or":
        return lambda v: left(v) or right(v)
    compare = _COMPARE[expr.value]
    return lambda v: compare(left(v), right(v))
