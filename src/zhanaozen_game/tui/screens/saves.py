"""Save and load: named slots with the scene, the date in the story and the time saved."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from ...core.i18n import _
from ...core.saves import SaveError, check_slot_name
from ...core.text import format_date
from ..widgets.footer import GameFooter
from ..widgets.story_text import plain
from .base import Panel


class SavesScreen(Panel):
    """`save` mode: type a name (or pick a slot) and press Enter. `load` mode: pick a slot."""

    def __init__(self, mode: str = "load") -> None:
        super().__init__()
        self.mode = mode

    def compose(self) -> ComposeResult:
        title = _("Save the game") if self.mode == "save" else _("Load a saved game")
        yield Static(Content(title), classes="screen-title")
        if self.mode == "save":
            yield Input(placeholder=_("A name: letters, digits, - and _"), id="slot-name", max_length=32)
        yield OptionList(id="slot-list")
        yield GameFooter()

    def on_mount(self) -> None:
        self.fill()
        if self.mode == "save":
            self.query_one("#slot-name", Input).focus()
        else:
            self.query_one("#slot-list", OptionList).focus()

    def fill(self) -> None:
        slots = self.query_one("#slot-list", OptionList)
        slots.clear_options()
        story = self.app.story
        for slot in self.app.loaded.store.slots():
            if slot.problem:
                line = Content.assemble(
                    (slot.name, "bold"), ("\n    " + _("cannot be loaded:") + " ", "dim"), plain(slot.problem)
                )
            else:
                scene = story.scenes[slot.scene]
                saved = slot.saved_at.replace("T", " ")[:16]
                line = Content.assemble(
                    (slot.name, "bold"),
                    "\n    ",
                    plain(scene.title),
                    " \u00b7 ",
                    format_date(scene.date),
                    (" \u00b7 " + _("saved {time} UTC").format(time=saved), "dim"),
                )
            slots.add_option(Option(line, id=slot.name))
        if not slots.option_count:
            slots.add_option(Option(Content(_("No saved games yet.")), id="", disabled=True))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        name = event.option.id
        if not name:
            return
        if self.mode == "save":
            self.query_one("#slot-name", Input).value = name
            self.query_one("#slot-name", Input).focus()
        else:
            self.app.resume(name)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        name = event.value.strip()
        try:
            check_slot_name(name)
        except SaveError as problem:
            self.notify(str(problem), severity="error", timeout=6, markup=False)
            return
        session = self.app.loaded
        if not session.slot_exists(name):
            self.save_to(name)
            return
        what = session.describe_slot(name) or _("a save that cannot be loaded")

        def decided(replace: bool | None) -> None:
            if replace:
                self.save_to(name)

        from .confirm import ConfirmScreen

        self.app.push_screen(
            ConfirmScreen(
                _("Replace the save '{name}'?").format(name=name),
                _("'{name}' holds a game at {where}. Saving replaces it with the game you are playing.").format(
                    name=name, where=what
                ),
                yes=_("Replace it"),
                no=_("Keep it"),
            ),
            decided,
        )

    def save_to(self, name: str) -> None:
        if self.app.loaded.save(name):
            self.app.pop_screen()
