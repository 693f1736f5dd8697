"""The player's settings (the theme chosen in the command palette), kept beside the saves.

A small JSON object in `settings.json` under the data folder. Reading never fails (a missing or
damaged file means the defaults); writing is atomic, and a failure to write only loses the setting.
"""

from __future__ import annotations

from pathlib import Path

import msgspec

from .paths import data_home

SETTINGS_FILE = "settings.json"


def settings_path(home: Path | None = None) -> Path:
    return (home or data_home()) / SETTINGS_FILE


def read_settings(home: Path | None = None) -> dict[str, str]:
    """The saved settings; {} when there are none or the file cannot be used."""
    try:
        data = msgspec.json.decode(settings_path(home).read_bytes(), type=dict[str, str])
    except (OSError, msgspec.DecodeError, msgspec.ValidationError, ValueError, RecursionError):
        return {}
    return data


def remember(name: str, value: str, home: Path | None = None) -> bool:
    """Keep one setting; False when it could not be written."""
    settings = read_settings(home)
    if settings.get(name) == value:
        return True
    settings[name] = value
    path = settings_path(home)
    from .saves import _atomic_write  # not at import: reading a setting must stay light

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _atomic_write(path, msgspec.json.encode(settings))
    except OSError:
        return False
    return True
