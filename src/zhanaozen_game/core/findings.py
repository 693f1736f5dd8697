"""What `check` and the loader report: a message about a place in a file."""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass
from pathlib import Path

from .text import clean_line

ERROR, WARNING = "error", "warning"
# A message echoes at most this many characters of an identifier or value it quotes.
MAX_ECHO = 80


def shorten_quoted(message: str) -> str:
    """Every `quoted` or "quoted" part of a message cut to MAX_ECHO characters, marked with …."""
    for mark in ("`", '"'):
        parts = message.split(mark)
        if len(parts) % 2 == 0:
            continue  # an odd number of marks: not pairs of quotes
        for index in range(1, len(parts), 2):
            if len(parts[index]) > MAX_ECHO:
                parts[index] = parts[index][: MAX_ECHO - 1] + "…"
        message = mark.join(parts)
    return message


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem; `line` and `column` are 1-based. `code` names the kind of problem."""

    file: str
    line: int
    column: int
    severity: str
    code: str
    message: str

    def __post_init__(self) -> None:
        # Messages quote writers' text (keys, values): never let a control character through,
        # whether the finding is printed or written as JSON.
        object.__setattr__(self, "message", shorten_quoted(clean_line(self.message)))
        object.__setattr__(self, "file", clean_line(self.file))

    def __str__(self) -> str:
        return clean_line(f"{self.file}:{self.line}:{self.column}: {self.severity}: {self.message} [{self.code}]")

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def display_path(path: Path) -> str:
    """A path as the writer will recognise it: relative to the current folder when inside it."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return str(path) if relative.startswith("..") else relative


def sort_key(finding: Finding) -> tuple[str, int, int, str]:
    return (finding.file, finding.line, finding.column, finding.code)
