"""The Textual shell's side of the interface's language: key bindings labelled in it.

A binding's `tooltip` (the footer's hover text, and the help screen's line for the key) is
translated with its label.

Screens declare their bindings in English (the msgids); `translate_bindings` gives a screen
instance its labels in the current language, so a screen made after the player switches language
shows the new labels. (Textual keeps a node's bindings in `_bindings`, copied per instance from
the class's; only the copy is changed.)
"""

from __future__ import annotations

from dataclasses import replace

from textual.dom import DOMNode

from ..core.i18n import _, language


def translate_bindings(node: DOMNode) -> None:
    if not language():
        return
    table = node._bindings.key_to_bindings
    for key, bindings in table.items():
        table[key] = [
            replace(b, description=_(b.description) if b.description else "", tooltip=_(b.tooltip) if b.tooltip else "")
            for b in bindings
        ]
