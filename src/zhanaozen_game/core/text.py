"""Text helpers shared by the loader, the checker and every shell: sanitising, footnote markers,
word counts and dates as a reader sees them."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .model import Note

from .i18n import pgettext

# C0 controls except tab and newline, DEL, C1 controls, bidi embeddings/overrides/isolates and
# invisible marks that can disguise text. A terminal must never receive these from a story.
CONTROL_CHARS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)

# `[^key]` in scene text and debriefs marks a footnote.
MARKER = re.compile(r"\[\^([A-Za-z0-9_][A-Za-z0-9_.-]*)\]")

_WORD = re.compile(r"\S+")

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def strip_controls(text: str) -> str:
    """Remove characters that could drive a terminal or disguise text; CR+LF becomes LF."""
    return CONTROL_CHARS.sub("", text.replace("\r\n", "\n"))


def clean_line(text: str) -> str:
    """Sanitise text for output, including text that did not come through the loader."""
    return strip_controls(text).expandtabs(4)


def markers(text: str) -> list[str]:
    """The footnote keys marked in a text, in order of first appearance."""
    seen: dict[str, None] = {}
    for match in MARKER.finditer(text):
        seen.setdefault(match.group(1), None)
    return list(seen)


def number_markers(text: str, numbers: dict[str, int]) -> str:
    """Replace `[^key]` with `[n]`, numbering keys not yet in `numbers` in order of appearance."""

    def replace(match: re.Match[str]) -> str:
        key = match.group(1)
        if key not in numbers:
            numbers[key] = len(numbers) + 1
        return f"[{numbers[key]}]"

    return MARKER.sub(replace, text)


def numbered_notes(notes: Mapping[str, Note], numbers: dict[str, int]) -> list[tuple[int, Note]]:
    """A scene's notes in the order their markers were numbered, as (number, note)."""
    return [(number, notes[key]) for key, number in sorted(numbers.items(), key=lambda item: item[1]) if key in notes]


def word_count(text: str) -> int:
    """Words a reader reads; footnote markers do not count."""
    return len(_WORD.findall(MARKER.sub("", text)))


def paragraphs(text: str) -> list[str]:
    """Paragraphs separated by blank lines, each joined into one line."""
    blocks = re.split(r"\n\s*\n", text.strip())
    return [" ".join(line.strip() for line in block.splitlines()) for block in blocks if block.strip()]


def format_date(date: str) -> str:
    """`2011-12-16` -> `16 December 2011`; `2011-12` -> `December 2011`; `2011` stays."""
    parts = date.split("-")
    if len(parts) == 3:
        # The month after a day ("16 December"; in Russian the genitive, "16 декабря").
        month = pgettext("after a day", MONTHS[int(parts[1]) - 1])
        return f"{int(parts[2])} {month} {parts[0]}"
    if len(parts) == 2:
        return f"{pgettext('alone', MONTHS[int(parts[1]) - 1])} {parts[0]}"
    return date


def minutes(words: int, per_minute: int = 200) -> float:
    """Reading time in minutes at `per_minute` words a minute."""
    return words / per_minute
