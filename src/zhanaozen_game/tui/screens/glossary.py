"""The glossary: terms a student may not know, searchable, each with its definition and source."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from ...core.i18n import _
from ..widgets.footer import GameFooter
from ..widgets.story_text import note_content, plain
from .base import Panel


class GlossaryScreen(Panel):
    """Type to filter (the filter has the cursor when the screen opens); the terms are sorted, and
    the highlighted term's definition is shown beside the list. Up and Down move in the list while
    typing; Enter goes to the list."""

    BINDINGS = [
        Binding("down", "move(1)", show=False),
        Binding("up", "move(-1)", show=False),
    ]

    def __init__(self, term: str = "") -> None:
        super().__init__()
        self.start_term = term

    def compose(self) -> ComposeResult:
        yield Static(Content(_("Glossary")), classes="screen-title")
        yield Input(placeholder=_("Type to filter the terms"), id="glossary-filter")
        with Horizontal(id="glossary-body"):
            yield OptionList(id="glossary-list")
            yield Static(id="glossary-definition", markup=False)
        yield GameFooter()

    def on_mount(self) -> None:
        self.fill("")
        terms = self.query_one("#glossary-list", OptionList)
        if self.start_term in self.app.story.glossary:
            terms.highlighted = terms.get_option_index(self.start_term)
        self.query_one("#glossary-filter", Input).focus()

    def terms(self) -> list[str]:
        """The terms in alphabetical order, whatever their case."""
        return sorted(self.app.story.glossary, key=lambda term: (term.casefold(), term))

    def fill(self, text: str) -> None:
        terms = self.query_one("#glossary-list", OptionList)
        terms.clear_options()
        wanted = text.strip().lower()
        terms.add_options(Option(plain(term), id=term) for term in self.terms() if wanted in term.lower())
        if terms.option_count:
            terms.highlighted = 0
        else:
            self.query_one("#glossary-definition", Static).update(Content(_("No term matches.")))

    def on_input_changed(self, event: Input.Changed) -> None:
        self.fill(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.query_one("#glossary-list", OptionList).focus()

    def action_move(self, step: int) -> None:
        """Up and Down in the filter move the highlight in the list."""
        terms = self.query_one("#glossary-list", OptionList)
        if step > 0:
            terms.action_cursor_down()
        else:
            terms.action_cursor_up()

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        term = event.option.id or ""
        entry = self.app.story.glossary[term]
        if isinstance(entry, str):
            shown = Content.assemble((term, "bold"), "\n\n", plain(entry))
        else:
            parts: list[str | Content | tuple[str, str]] = [(term, "bold"), "\n\n", plain(entry.definition)]
            if entry.note is not None:
                parts += ["\n\n", note_content(1, entry.note, self.app.story.sources)]
            shown = Content.assemble(*parts)
        self.query_one("#glossary-definition", Static).update(shown)
