"""Which languages a story can be played in, and which one the player asked for.

Kept apart from translation.py and free of the core's heavier modules, so that the command line
can choose the language before the full-screen game's first frame without loading the story.
"""

from __future__ import annotations

import re
from pathlib import Path

# The language codes the game accepts: `ru`, `pt_BR`, `kk`.
LANG_PATTERN = re.compile(r"^[a-z]{2,3}(_[A-Z]{2})?$")
LOCALE_FOLDER = "locale"
# Each language by its own name, for the language switch ("" is the story's original English).
LANGUAGE_NAMES = {"": "English", "ru": "Русский", "kk": "Қазақша"}


def available_languages(root: Path) -> list[str]:
    """The languages a story folder has a translation for (`locale/ru.po` gives `ru`)."""
    folder = Path(root) / LOCALE_FOLDER
    if not folder.is_dir():
        return []
    return sorted(path.stem for path in folder.glob("*.po") if LANG_PATTERN.match(path.stem))


def catalog_path(root: Path, language: str) -> Path:
    return Path(root) / LOCALE_FOLDER / f"{language}.po"


def system_language(environ: dict[str, str]) -> str:
    """The language asked for by the environment: ZHANAOZEN_LANG, then the system locale
    (LANGUAGE, LC_ALL, LC_MESSAGES, LANG); "" for English or none."""
    wanted = environ.get("ZHANAOZEN_LANG", "").strip()
    if wanted:
        return normalise_language(wanted)
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "").strip()
        if value:
            return normalise_language(value.split(":")[0])
    return ""


def normalise_language(value: str) -> str:
    """`ru_RU.UTF-8` -> `ru`, `pt_BR` stays, `C`/`POSIX`/`en*` -> "" (the original English)."""
    code = value.split(".")[0].split("@")[0].replace("-", "_")
    if code in ("C", "POSIX") or code.lower().startswith("en"):
        return ""
    language, _, country = code.partition("_")
    return language.lower() + (f"_{country.upper()}" if country else "")


def pick_language(root: Path, wanted: str) -> str:
    """The translation to play for a wanted language: `pt_BR`, else `pt`; "" when there is none."""
    if not wanted:
        return ""
    have = available_languages(root)
    for candidate in (wanted, wanted.split("_")[0]):
        if candidate in have:
            return candidate
    return ""
