"""A footer that shows the keys that fit, most important first, and never hides `?` (help).

Textual's `Footer` lays out every shown binding and cuts the row off at the terminal's edge, so
at 80 columns the last keys vanish whatever they are. A screen lists its actions by importance in
`FOOTER_PRIORITY`; this footer drops the least important keys until the rest fit, and keeps them
in the screen's order. Every key still works; `?` lists them all.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

# Never dropped: the key that lists every other key.
ALWAYS = ("app.help", "help")


def key_width(key_display: str, description: str, compact: bool) -> int:
    """Cells a footer key takes (see FooterKey.render and its padding in DEFAULT_CSS)."""
    if compact:
        return len(key_display) + (1 + len(description) if description else 0)
    return 2 + len(key_display) + (len(description) + 1 if description else 0)


def fitting(items: list[tuple[str, int]], priority: Iterable[str], width: int) -> set[str]:
    """The actions to show: `items` are (action, width) in display order; the most important
    (by `priority`, then display order) are kept while they fit, `?` always."""
    order = list(priority)

    def rank(action: str) -> tuple[int, int]:
        if action in ALWAYS:
            return (-1, 0)
        bare = action.removeprefix("app.").removeprefix("screen.").split("(")[0]
        for index, wanted in enumerate(order):
            if action == wanted or bare == wanted:
                return (index, 0)
        return (len(order), 0)

    ranked = sorted(range(len(items)), key=lambda i: (rank(items[i][0]), i))
    kept: set[str] = set()
    used = 0
    for index in ranked:
        action, cells = items[index]
        if used + cells <= width or action in ALWAYS:
            kept.add(action)
            used += cells
    return kept


class GameFooter(Footer):
    """`Footer` with room given to keys by the screen's `FOOTER_PRIORITY` (action names)."""

    def __init__(self) -> None:
        super().__init__(show_command_palette=False)

    def on_resize(self) -> None:
        if self.is_attached:
            self.call_after_refresh(self.recompose)

    def compose(self) -> ComposeResult:
        if not self._bindings_ready:
            return
        shown: dict[str, tuple[Binding, bool, str]] = {}
        for _node, binding, enabled, tooltip in self.screen.active_bindings.values():
            if binding.show:
                shown.setdefault(binding.action, (binding, enabled, tooltip))
        compact = self.compact
        items = [
            (action, key_width(self.app.get_key_display(binding), binding.description, compact))
            for action, (binding, _, _) in shown.items()
        ]
        width = self.size.width or self.app.size.width
        kept = fitting(items, getattr(self.screen, "FOOTER_PRIORITY", ()), width)
        actions = [action for action in shown if action in kept]
        self.styles.grid_size_columns = max(1, len(actions))
        for action in actions:
            binding, enabled, tooltip = shown[action]
            yield FooterKey(
                binding.key,
                self.app.get_key_display(binding),
                binding.description,
                binding.action,
                disabled=not enabled,
                tooltip=tooltip,
            ).data_bind(compact=Footer.compact)
