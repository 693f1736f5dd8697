"""About: what is fiction and what is not, and the sources."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from ... import __version__
from ...core.i18n import _
from ..widgets.footer import GameFooter
from ..widgets.story_text import plain
from .base import Panel


class AboutScreen(Panel):
    """The story's own statement of what is fiction (story.yaml's `fiction`), the sources and the version."""

    def compose(self) -> ComposeResult:
        story = self.app.story
        yield Static(plain(_("About {title}").format(title=story.meta.title)), classes="screen-title", markup=False)
        parts: list = [plain(story.meta.fiction), "\n\n"] if story.meta.fiction else []
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
        yield GameFooter()
