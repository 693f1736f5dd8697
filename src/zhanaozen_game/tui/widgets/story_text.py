"""Story text as Textual `Content`, built from plain strings: never parsed as markup.

Scene text comes from writers' files. Rich/Textual markup in it (`[@click=app.quit]`, `[bold]`,
`[/]`) must show exactly as written and never act, so text only ever enters `Content(...)`, which
takes it literally. Footnote markers and glossary terms become clickable spans whose actions we
compose ourselves from numbers; nothing from the story reaches an action string.
"""

from __future__ import annotations

import re

from textual.content import Content
from textual.style import Style
from textual.widget import Widget
from textual.widgets import Static, TextArea

from ...core.i18n import _
from ...core.text import MARKER, clean_line, paragraphs

MARKER_STYLE = Style(bold=True, underline=True)
TERM_STYLE = Style(underline=True)
NAME_STYLE = Style(underline=True, italic=True)


def plain(text: str) -> Content:
    """Any text from the story, sanitised and taken literally."""
    return Content(clean_line(text))


def term_pattern(terms: list[str]) -> re.Pattern | None:
    """A pattern finding glossary terms as whole words, longest first."""
    if not terms:
        return None
    alternatives = "|".join(re.escape(term) for term in sorted(terms, key=len, reverse=True))
    return re.compile(rf"(?<!\w)({alternatives})(?!\w)", re.IGNORECASE)


def reference_names(story) -> list[tuple[str, str]]:
    """Every real person's and place's name and spelling, with the action that opens its entry
    (composed from the entry's position, never from the story's text). `core.reference` is
    imported here, not at the top: the title screen imports this module, and reference brings
    the story model and YAML, which the first frame does not need."""
    from ...core import reference

    names: list[tuple[str, str]] = []
    for kind, entries in (("person", story.people), ("place", story.places)):
        for index, entry in enumerate(entries.values()):
            names += [(name, f"app.lookup_{kind}({index})") for name in reference.names_of(entry)]
    return names


def linked_text(
    text: str,
    numbers: dict[str, int],
    terms: list[str] | None = None,
    on_marker: str = "screen.open_note",
    on_term: str = "app.lookup_term",
    names: list[tuple[str, str]] | None = None,
) -> Content:
    """Paragraphs of story text with `[^key]` shown as clickable `[n]` and glossary terms linked.

    `numbers` maps note keys to their numbers and is extended in order of appearance. `names`
    (name, action) pairs link real people and places (whole words, with their capitals) where no
    glossary term already stands.
    """
    terms = terms or []
    lookup = {term.lower(): index for index, term in enumerate(terms)}
    pattern = term_pattern(terms)
    if names:
        from ...core.reference import name_pattern

        name_actions = dict(reversed(names))  # the first entry to claim a name keeps it
        names_found = name_pattern(list(name_actions))
    else:
        name_actions, names_found = {}, None
    pieces: list = []
    for number_of_paragraph, paragraph in enumerate(paragraphs(clean_line(text))):
        if number_of_paragraph:
            pieces.append("\n\n")
        position = 0
        for match in MARKER.finditer(paragraph):
            pieces.extend(
                _with_names(
                    _with_terms(paragraph[position : match.start()], pattern, lookup, on_term),
                    names_found,
                    name_actions,
                )
            )
            key = match.group(1)
            number = numbers.setdefault(key, len(numbers) + 1)
            style = MARKER_STYLE + Style.from_meta({"@click": f"{on_marker}({number})"})
            pieces.append((f"[{number}]", style))
            position = match.end()
        pieces.extend(
            _with_names(_with_terms(paragraph[position:], pattern, lookup, on_term), names_found, name_actions)
        )
    return Content.assemble(*pieces)


def _with_names(pieces: list, pattern: re.Pattern | None, actions: dict[str, str]) -> list:
    """Link real people's and places' names in the plain pieces (glossary terms stay as they are)."""
    if pattern is None:
        return pieces
    linked: list = []
    for piece in pieces:
        if not isinstance(piece, str):
            linked.append(piece)
            continue
        position = 0
        for match in pattern.finditer(piece):
            linked.append(piece[position : match.start()])
            linked.append((match.group(0), NAME_STYLE + Style.from_meta({"@click": actions[match.group(0)]})))
            position = match.end()
        linked.append(piece[position:])
    return [piece for piece in linked if piece]


def _with_terms(text: str, pattern: re.Pattern | None, lookup: dict[str, int], action: str) -> list:
    if not text:
        return []
    if pattern is None:
        return [text]
    pieces: list = []
    position = 0
    for match in pattern.finditer(text):
        pieces.append(text[position : match.start()])
        index = lookup[match.group(1).lower()]
        pieces.append((match.group(1), TERM_STYLE + Style.from_meta({"@click": f"{action}({index})"})))
        position = match.end()
    pieces.append(text[position:])
    return [piece for piece in pieces if piece]


class AnswerBox(TextArea):
    """A box for a multi-line answer to a reflection question. While it has focus every printable
    key is text (no game key acts); Enter starts a new line; Tab or Escape leaves it."""

    DEFAULT_CSS = """
    AnswerBox {
        height: auto;
        min-height: 3;
        max-height: 10;
    }
    """

    def __init__(self, text: str = "") -> None:
        super().__init__(
            text,
            soft_wrap=True,
            tab_behavior="focus",
            show_line_numbers=False,
            placeholder=_("Your answer (or leave it empty); Escape to leave"),
            classes="reflect-answer",
        )


def reflection_widgets(questions: list[str], answers: list[str]) -> list[Widget]:
    """Each reflection question with a box for its answer (kept answers filled in)."""
    widgets: list[Widget] = []
    for index, question in enumerate(questions):
        answer = answers[index] if index < len(answers) else ""
        widgets.append(
            Static(plain(_("Reflect: {question}").format(question=question)), classes="reflect-question", markup=False)
        )
        widgets.append(AnswerBox(answer))
    return widgets


def answers_of(screen) -> list[str]:
    """The answers typed in a screen's answer boxes, in order."""
    return [box.text for box in screen.query(AnswerBox).results(AnswerBox)]


def note_content(number: int, note, sources: dict) -> Content:
    """One note: its number, the source's title, the quote and the comment."""
    source = sources.get(note.source)
    title = source.title if source else note.source
    parts: list = [
        (f"[{number}] ", Style(bold=True)),
        (clean_line(title), Style(italic=True)),
        "\n\u201c" + clean_line(note.quote) + "\u201d",
    ]
    translated = getattr(note, "quote_translation", "")
    if translated:
        parts.append(("\n" + _("Translation: {text}").format(text=clean_line(translated)), Style(italic=True)))
    if note.comment:
        parts.append(("\n" + clean_line(note.comment), Style(dim=True)))
    return Content.assemble(*parts)
