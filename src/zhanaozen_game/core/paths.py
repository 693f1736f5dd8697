"""Where the shipped story is: inside the installed package, or `scenes/` in a source checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent  # core/ -> the package


def shipped_story() -> Path:
    """The story that ships with the game (the wheel carries `scenes/` as `zhanaozen_game/story`)."""
    installed = _PACKAGE / "story"
    if (installed / "story.yaml").is_file():
        return installed
    checkout = _PACKAGE.parent.parent / "scenes"  # src/zhanaozen_game -> repository root
    return checkout
