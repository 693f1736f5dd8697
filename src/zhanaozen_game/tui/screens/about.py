"""About: what is fiction and what is not, and the sources."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Footer, Static

from ... import __version__
from ...core.i18n import N_, _
from ..widgets.story_text import plain
from .base import Panel

FICTION = N_(
    "The narrator and their family and workmates are fictional composites. The events, the "
    "companies and unions, the named people, the figures and the dates come from the sources "
    "below, and every scene quotes them word for word in its notes. Where the sources disagree, "
    "the game shows both."
)


class AboutScreen(Panel):
    """The fiction statement, the sources and the version."""

    def compose(self) -> ComposeResult:
        story = self.app.story
        yield Static(plain(_("About {title}").format(title=story.meta.title)), classes="screen-title", markup=False)
        parts: list = [_(FICTION), "\n\n"]
        if story.meta.description:
            parts += [plain(story.meta.description), "\n\n"]
        parts.append((_("Sources") + "\n", "bold"))
        for source in story.sources.values():
            details = ", ".join(p for p in (source.author, source.publisher, source.date) if p)
            parts += ["\u2022 ", (source.title, "italic"), f" ({details})" if details else "", "\n"]
            if source.url:
                parts += ["  ", plain(source.url), "\n"]
        parts.append((f"\nZhanaozen {__version__}", "dim"))
        with VerticalScroll(id="about-scroll"):
            yield Static(Content.assemble(*parts), id="about-text", markup=False)
        yield Footer()
