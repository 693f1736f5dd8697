"""Saves: named slots and the autosave, written atomically, read defensively.

A save is precious: it is written to a temporary file in the same folder, flushed to disk and
then renamed over the old one, so a crash or a full disk leaves the previous save whole. It
carries a schema version and the story's identity. Reading never crashes: a damaged file, one
from a newer version of the game, or one from another story or an older version of this story
becomes a `SaveError` whose message a player can act on. A file that cannot be read is moved
aside (never overwritten) before a new save takes its name.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Protocol

import msgspec

from .. import __version__
from .engine import Engine, GameState, IncompatibleState
from .i18n import _
from .paths import data_home
from .slots import SLOT_PATTERN, SLOT_RULE

# 2: a game may begin at a chapter (`GameState.started_at`); a version 1 save began at the start.
SCHEMA_VERSION = 2
FORMAT = "zhanaozen-save"
MAX_SAVE_BYTES = 8 << 20
# The endings this player has found, kept beside the saves but never among them: a slot name
# cannot start with a dot, so no save can take its name or list it as a broken save.
ENDINGS_FILE = ".endings-found.json"


class _StoryId(msgspec.Struct):
    id: str
    title: str


class _SaveFile(msgspec.Struct):
    format: str
    schema_version: int
    story: _StoryId
    saved_at: str
    state: GameState
    app_version: str = ""
    slot: str = ""


# Migrations from an older schema version to the next: {old version: function(dict) -> dict}.
def _from_version_1(data: dict[str, Any]) -> dict[str, Any]:
    """Version 1 had no `started_at`: every game then began at the story's start."""
    state = data.get("state")
    if isinstance(state, dict):
        data = {**data, "state": {**state, "started_at": ""}}
    return data


MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {1: _from_version_1}


class SaveError(Exception):
    """A save that cannot be used; the message is written for the player."""


# A marker beside the saves: this player has read the story's content note.
NOTE_SEEN = "content-note-seen"


@dataclass
class SlotInfo:
    """What a save slot holds, for a list of saves."""

    name: str
    path: Path
    saved_at: str = ""
    scene: str = ""
    problem: str = ""


def check_slot_name(name: str) -> str:
    if not SLOT_PATTERN.match(name):
        raise SaveError(_("{rule} (not {name})").format(rule=_(SLOT_RULE), name=repr(name[:40])))
    return name


class SaveStore:
    """The save slots of one story (saves of different stories never share a folder)."""

    def __init__(self, engine: Engine, home: Path | None = None) -> None:
        self.engine = engine
        self.story = engine.story
        self.folder = (home or data_home()) / "saves" / self.story.id

    def path(self, slot: str) -> Path:
        return self.folder / f"{check_slot_name(slot)}.json"

    def exists(self, slot: str) -> bool:
        return self.path(slot).is_file()

    def write(self, slot: str, state: GameState) -> str:
        """Save a state to a slot. Returns a message for the player when an unreadable file had to
        be moved aside first ("" otherwise); raises SaveError when the save could not be written."""
        path = self.path(slot)
        data = encode_save(self.engine, slot, state)  # serialise before touching the disk
        notice = ""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            if path.exists():
                try:
                    self.read(slot)
                except SaveError as problem:
                    kept = self._set_aside(path)
                    notice = _("The old save '{slot}' could not be read ({problem}); it was kept as {name}.").format(
                        slot=slot, problem=problem, name=kept.name
                    )
            _atomic_write(path, data)
        except OSError as err:
            raise SaveError(
                _("could not save to {path}: {reason}").format(path=path, reason=err.strerror or err)
            ) from None
        return notice

    def read(self, slot: str) -> GameState:
        """Read a slot into a state this story can continue, or raise SaveError."""
        path = self.path(slot)
        try:
            if path.stat().st_size > MAX_SAVE_BYTES:
                raise SaveError(_("the save file is too large to be a save of this game"))
            raw = path.read_bytes()
        except FileNotFoundError:
            raise SaveError(_("there is no save named '{slot}'").format(slot=slot)) from None
        except OSError as err:
            raise SaveError(_("the save could not be read: {reason}").format(reason=err.strerror or err)) from None
        return decode_save(self.engine, raw)

    def slots(self) -> list[SlotInfo]:
        """Every save of this story, newest first, including the ones that cannot be read."""
        found: list[SlotInfo] = []
        if not self.folder.is_dir():
            return found
        for path in self.folder.glob("*.json"):
            name = path.stem
            if not SLOT_PATTERN.match(name):
                continue
            slot = SlotInfo(name, path)
            try:
                state = self.read(name)
                slot.scene = state.scene
                slot.saved_at = _decode(path.read_bytes()).saved_at
            except SaveError as problem:
                slot.problem = str(problem)
            found.append(slot)
        return sorted(found, key=lambda s: s.saved_at, reverse=True)

    def endings_found(self) -> set[str]:
        """The endings this player has reached in any game of this story."""
        try:
            data = msgspec.json.decode((self.folder / ENDINGS_FILE).read_bytes(), type=list[str])
        except (OSError, msgspec.DecodeError, msgspec.ValidationError, ValueError, RecursionError):
            return set()
        return {scene for scene in data if scene in self.story.scenes}

    def record_ending(self, scene_id: str) -> set[str]:
        """Remember that an ending was reached; returns every ending found so far."""
        found = self.endings_found() | {scene_id}
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            _atomic_write(self.folder / ENDINGS_FILE, msgspec.json.encode(sorted(found)))
        except OSError:
            pass  # a record for the player's interest only: never stop the game for it
        return found

    def content_note_seen(self) -> bool:
        return (self.folder / NOTE_SEEN).exists()

    def mark_content_note_seen(self) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            (self.folder / NOTE_SEEN).touch()
        except OSError:
            pass  # the note will simply be shown again next time

    @staticmethod
    def _set_aside(path: Path) -> Path:
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S")
        target = path.with_name(f"{path.name}.unreadable-{stamp}")
        counter = 1
        while target.exists():
            counter += 1
            target = path.with_name(f"{path.name}.unreadable-{stamp}-{counter}")
        os.replace(path, target)
        return target


class Saves(Protocol):
    """Where a `Session` keeps its saves: `SaveStore` (files) or another store with these methods
    (the classroom keeps them in its database). Slots are checked with `check_slot_name`; a state
    is written as `encode_save` makes it and read back through `decode_save`."""

    def exists(self, slot: str) -> bool: ...
    def write(self, slot: str, state: GameState) -> str: ...
    def read(self, slot: str) -> GameState: ...
    def slots(self) -> list[SlotInfo]: ...
    def endings_found(self) -> set[str]: ...
    def record_ending(self, scene_id: str) -> set[str]: ...
    def content_note_seen(self) -> bool: ...
    def mark_content_note_seen(self) -> None: ...


def encode_save(engine: Engine, slot: str, state: GameState) -> bytes:
    """A save's bytes (JSON): the state with the format, schema version and story's identity."""
    payload = {
        "format": FORMAT,
        "schema_version": SCHEMA_VERSION,
        "app_version": __version__,
        "story": {"id": engine.story.id, "title": engine.story.meta.title},
        "saved_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "slot": slot,
        "state": state,
    }
    try:
        return msgspec.json.encode(payload)
    except (TypeError, ValueError, OverflowError) as err:
        raise SaveError(_("the game could not be saved: {reason}").format(reason=err)) from None


def decode_save(engine: Engine, raw: bytes) -> GameState:
    """A state this story can continue from a save's bytes, or SaveError with the reason."""
    saved = _decode(raw)
    if saved.story.id != engine.story.id:
        raise SaveError(_("this save belongs to another story ('{title}')").format(title=saved.story.title))
    state = saved.state
    try:
        engine.verify(state)
    except IncompatibleState as err:
        raise SaveError(_("this save is from another version of the story: {reason}").format(reason=err)) from None
    return state


def saved_at(raw: bytes) -> str:
    """When a save's bytes were written ("" when they cannot be read)."""
    try:
        return _decode(raw).saved_at
    except SaveError:
        return ""


def _decode(raw: bytes) -> _SaveFile:
    """Parse and type-check a save file's bytes, running migrations; SaveError on any problem."""
    try:
        data = msgspec.json.decode(raw)
    except (msgspec.DecodeError, ValueError, RecursionError):
        raise SaveError(_("the save file is damaged (it is not valid JSON)")) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise SaveError(_("the file is not a save of this game"))
    version = data.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise SaveError(_("the save file is damaged (it has no valid schema version)"))
    if version > SCHEMA_VERSION:
        raise SaveError(
            _(
                "this save was made by a newer version of the game (save format {version}; "
                "this version reads up to {known}): update the game to load it"
            ).format(version=version, known=SCHEMA_VERSION)
        )
    while version < SCHEMA_VERSION:
        migrate = MIGRATIONS.get(version)
        if migrate is None:
            raise SaveError(_("saves in format {version} can no longer be read").format(version=version))
        data = migrate(data)
        version += 1
        data["schema_version"] = version
    try:
        return msgspec.convert(data, _SaveFile)
    except (msgspec.ValidationError, ValueError, RecursionError) as err:
        raise SaveError(_("the save file is damaged ({reason})").format(reason=err)) from None


def _atomic_write(path: Path, data: bytes) -> None:
    """Write to a temporary file in the same folder, fsync, rename over `path`, fsync the folder."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise
    try:
        folder = os.open(path.parent, os.O_RDONLY)
    except OSError:  # not possible on every platform; the rename has happened
        return
    try:
        os.fsync(folder)
    except OSError:
        pass
    finally:
        os.close(folder)
