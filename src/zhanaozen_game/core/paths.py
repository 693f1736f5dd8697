"""Where things are: the shipped story (inside the installed package, or `scenes/` in a source
checkout) and the player's data folder (saves, settings). Imports nothing heavy: the title screen
reads the settings before its first frame."""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent  # core/ -> the package


def shipped_story() -> Path:
    """The story that ships with the game (the wheel carries `scenes/` as `zhanaozen_game/story`)."""
    installed = _PACKAGE / "story"
    if (installed / "story.yaml").is_file():
        return installed
    checkout = _PACKAGE.parent.parent / "scenes"  # src/zhanaozen_game -> repository root
    return checkout


def data_home() -> Path:
    """Where saves live: $ZHANAOZEN_HOME when set (tests set it), else the user data folder."""
    home = os.environ.get("ZHANAOZEN_HOME")
    if home:
        return Path(home)
    import platformdirs  # imported here: only saving needs it

    return Path(platformdirs.user_data_dir("zhanaozen", appauthor=False))
