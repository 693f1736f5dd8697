"""A footer that shows the keys that fit, most important first, and never hides `?` (help).

Textual's `Footer` lays out every shown binding and cuts the row off at the terminal's edge, so
at 80 columns the last keys vanish whatever they are. A screen lists its actions by importance in
`FOOTER_PRIORITY`; this footer drops the least important keys until the rest fit, and keeps them
in the screen's order. Every key still works; `?` lists them all.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from textual.app import ComposeResult
from textual.reactive import reactive
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


class GameFooterKey(FooterKey):
    """A footer key that starts as the footer usually is, not compact.

    Textual's `FooterKey.compact` starts True and is then bound to the footer's False, so every
    key of every footer changed its CSS class twice as it was made, each time restyling it. A
    footer is made anew whenever the keys change (each change of focus), and those restylings
    were a fifth of the time the game spent in its tests. Bound to a compact footer, the key
    still turns compact."""

    compact = reactive(False, init=False)


class Shown(NamedTuple):
    """One key as the footer shows it: what its widget is made from."""

    key: str
    display: str
    description: str
    action: str
    enabled: bool
    tooltip: str


class GameFooter(Footer):
    """`Footer` with room given to keys by the screen's `FOOTER_PRIORITY` (action names); every
    screen has one. With `show_command_palette` (as Textual's footer, the default), the palette's
    key stays at the right edge and the other keys share what is left.

    Textual asks a footer to recompose whenever the bindings may have changed (a screen shown, a
    focus moved, the size set), several times for one screen; this one makes its keys again only
    when what it shows has changed."""

    def __init__(self, show_command_palette: bool = True) -> None:
        super().__init__(show_command_palette=show_command_palette)
        self._composed: tuple[tuple[Shown, ...], Shown | None] | None = None

    def on_resize(self) -> None:
        if self.is_attached:
            self.call_after_refresh(self.recompose)

    def keys(self) -> tuple[tuple[Shown, ...], Shown | None]:
        """The keys that fit, in the screen's order, and the command palette's key (or None)."""
        active = self.screen.active_bindings
        shown: dict[str, Shown] = {}
        for _node, binding, enabled, tooltip in active.values():
            if binding.show and binding.action not in shown:
                display = self.app.get_key_display(binding)
                shown[binding.action] = Shown(
                    binding.key, display, binding.description, binding.action, enabled, tooltip
                )
        palette: Shown | None = None
        if self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE:
            found = active.get(self.app.COMMAND_PALETTE_BINDING)
            if found is not None:
                _node, binding, enabled, tooltip = found
                display = self.app.get_key_display(binding)
                tip = binding.tooltip or binding.description
                palette = Shown(binding.key, display, binding.description, binding.action, enabled, tip)
        width = self.size.width or self.app.size.width
        if palette is not None:  # a compact key, its border and its padding
            width -= key_width(palette.display, palette.description, True) + 2
        items = [(action, key_width(key.display, key.description, self.compact)) for action, key in shown.items()]
        kept = fitting(items, getattr(self.screen, "FOOTER_PRIORITY", ()), width)
        return tuple(key for action, key in shown.items() if action in kept), palette

    async def recompose(self) -> None:
        if not self.is_attached:
            return
        if self._bindings_ready and self._composed == self.keys():
            return  # the same keys as now: nothing to make again
        await super().recompose()

    def compose(self) -> ComposeResult:
        if not self._bindings_ready:
            return
        self._composed = keys, palette = self.keys()
        self.styles.grid_size_columns = max(1, len(keys))
        for key in keys:
            yield GameFooterKey(
                key.key, key.display, key.description, key.action, disabled=not key.enabled, tooltip=key.tooltip
            ).data_bind(compact=Footer.compact)
        if palette is not None:  # compact, as Textual's footer shows it
            yield FooterKey(
                palette.key,
                palette.display,
                palette.description,
                palette.action,
                classes="-command-palette",
                disabled=not palette.enabled,
                tooltip=palette.tooltip,
            )
