"""Quotes checked against their source's full text, and found again to be shown in context.

A note's `quote` must stand word for word in the text of the source it cites. Matching forgives
what a writer cannot see or type the same way: runs of white space, curly and straight quotes and
apostrophes, the kinds of dash, no-break spaces. An ellipsis (`...` or `…`) marks an omission:
the pieces around it must appear in that order. `locate` gives the places of the pieces in the
original text (so a screen can highlight the quote in its context); `closest_passage` gives, for
a quote that is not there, the passage of the source most like it, for the writer to compare.
"""

from __future__ import annotations

import difflib
import re

_SAME = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u00a0": " ",
        "\u202f": " ",
    }
)
_OMISSION = re.compile(r"\.\.\.|\u2026")


class SourceText:
    """A source's full text, with its normalised form and the way back to the original offsets."""

    def __init__(self, text: str) -> None:
        self.text = text
        chars: list[str] = []
        origin: list[int] = []
        space = True  # drop leading white space, fold every run of it into one space
        for index, char in enumerate(text.translate(_SAME)):
            if char.isspace():
                if not space:
                    chars.append(" ")
                    origin.append(index)
                space = True
                continue
            chars.append(char)
            origin.append(index)
            space = False
        self.normal = "".join(chars)
        self._origin = origin

    def locate(self, quote: str) -> list[tuple[int, int]] | None:
        """The (start, end) offsets in the original text of each piece of the quote, or None."""
        pieces = quote_pieces(quote)
        if not pieces:
            return None
        spans = []
        at = 0
        for piece in pieces:
            found = self.normal.find(piece, at)
            if found < 0:
                return None
            end = found + len(piece)
            spans.append((self._origin[found], self._origin[end - 1] + 1))
            at = end
        return spans

    def closest_passage(self, quote: str, width: int = 160) -> str:
        """The stretch of the source most like the quote's first missing piece (for a message)."""
        pieces = quote_pieces(quote)
        if not pieces or not self.normal:
            return ""
        missing = next((piece for piece in pieces if piece not in self.normal), pieces[0])
        size = len(missing)
        step = max(1, size // 4)
        best, best_at = -1.0, 0
        matcher = difflib.SequenceMatcher(autojunk=False)
        matcher.set_seq2(missing)
        coarse = range(0, max(1, len(self.normal) - size // 2), step)
        for starts in (coarse, None):  # every `step` characters, then each one around the best
            if starts is None:
                starts = range(max(0, best_at - step), min(len(self.normal), best_at + step + 1))
            for start in starts:
                matcher.set_seq1(self.normal[start : start + size])
                if matcher.real_quick_ratio() <= best or matcher.quick_ratio() <= best:
                    continue
                ratio = matcher.ratio()
                if ratio > best:
                    best, best_at = ratio, start
        # Whole words: back to the start of the word, on to the end of the last one.
        begin = self.normal.rfind(" ", 0, best_at + 1) + 1
        end = self.normal.find(" ", best_at + max(size, 20))
        passage = self.normal[begin : end if end >= 0 else len(self.normal)].strip()
        return passage if len(passage) <= width else passage[: width - 1] + "\u2026"


def normalise(text: str) -> str:
    """Text as quotes are compared: typographic variants made plain, white space folded."""
    return re.sub(r"\s+", " ", text.translate(_SAME)).strip()


def quote_pieces(quote: str) -> list[str]:
    """The parts of a quote between its omission marks, normalised; empty parts dropped."""
    return [piece for piece in (normalise(part) for part in _OMISSION.split(quote)) if piece]
