"""The interface's own strings in the player's language: gettext catalogs shipped in the package.

`src/zhanaozen_game/locale/LANG/LC_MESSAGES/zhanaozen.po` holds each language's translations of
the strings marked `_("...")` in the code, compiled to `zhanaozen.mo` beside it by
`python tools/messages.py` (which also extracts the strings). The story's own text is translated
separately (see translation.py). English needs no catalog: until `set_language` is called with
another language, `_` returns its argument.

Call `set_language` before importing a shell's screens: their key bindings are labelled when their
classes are defined.
"""

from __future__ import annotations

import gettext
from pathlib import Path

DOMAIN = "zhanaozen"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"

_current: gettext.NullTranslations = gettext.NullTranslations()
_language = ""


def set_language(language: str) -> None:
    """Use the interface catalog of `language` ("" for English); English where it has none."""
    global _current, _language
    _language = language
    if not language:
        _current = gettext.NullTranslations()
        return
    _current = gettext.translation(DOMAIN, LOCALE_DIR, languages=[language, language.split("_")[0]], fallback=True)


def language() -> str:
    return _language


def interface_languages() -> list[str]:
    """The languages the interface has a catalog for."""
    return sorted(path.parent.parent.name for path in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.mo"))


def _(message: str) -> str:
    """`message` in the interface's language."""
    return _current.gettext(message)


def pgettext(context: str, message: str) -> str:
    """`message` in the interface's language, where the same English needs telling apart."""
    return _current.pgettext(context, message)


def N_(message: str) -> str:
    """Marks a string for the catalog where it is defined; translated with `_` where it is shown."""
    return message


def ngettext(singular: str, plural: str, count: int) -> str:
    """`singular` or `plural` in the interface's language, by the language's own plural rules."""
    return _current.ngettext(singular, plural, count)


def number(value: float) -> str:
    """A whole number with the interface language's thousands separator ("1,644" in English,
    "1 644" in Russian, with a no-break space so a distance never wraps inside its figure)."""
    return f"{value:,.0f}".replace(",", pgettext("thousands separator", ","))
