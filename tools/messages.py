"""The interface's strings: extract every `_("...")`, `pgettext("context", "...")` and key
binding label and tooltip (`Binding(key, action, "Label", tooltip="...")`) from the code into each language's catalog, and compile the catalogs.

    python tools/messages.py            # update src/zhanaozen_game/locale/*/LC_MESSAGES/zhanaozen.po, compile .mo
    python tools/messages.py --check    # exit 1 if a catalog or its .mo is not current (CI runs this as a test)

A new language: `mkdir -p src/zhanaozen_game/locale/LANG/LC_MESSAGES` and run it. Strings that
left the code are dropped; a translator fills the empty msgstr in Poedit or any editor.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "zhanaozen_game"
LOCALE = PACKAGE / "locale"
DOMAIN = "zhanaozen"


def extract() -> dict[tuple, list[tuple[str, str]]]:
    """(context, message, plural) -> where it is used, for every marked string in the package."""
    found: dict[tuple[str | None, str], list[tuple[str, str]]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
                continue
            args = [a.value if isinstance(a, ast.Constant) and isinstance(a.value, str) else None for a in node.args]
            if node.func.id in ("_", "N_", "tr") and len(args) == 1 and args[0] is not None:
                key = (None, args[0])
            elif node.func.id == "pgettext" and len(args) == 2 and None not in args:
                key = (args[0], args[1])
            elif node.func.id == "ngettext" and len(args) == 3 and None not in args[:2]:
                key = (None, args[0], args[1])
            elif node.func.id == "Binding":
                # Key bindings' labels and tooltips (the help screen's lines), translated per screen
                # (tui/i18n.py).
                tooltip = [
                    k.value.value for k in node.keywords if k.arg == "tooltip" and isinstance(k.value, ast.Constant)
                ]
                for text in ([args[2]] if len(args) >= 3 and args[2] else []) + tooltip:
                    place = (path.relative_to(ROOT).as_posix(), "")
                    if place not in found.setdefault((None, text, None), []):
                        found[(None, text, None)].append(place)
                continue
            else:
                continue
            if len(key) == 2:
                key = (*key, None)
            # Files only, no line numbers (xgettext's --add-location=file): an edit elsewhere in a
            # file does not make the catalogs stale.
            place = (path.relative_to(ROOT).as_posix(), "")
            if place not in found.setdefault(key, []):
                found[key].append(place)
    # format_date looks month names up by variable: both forms of each.
    sys.path.insert(0, str(ROOT / "src"))
    from zhanaozen_game.core.text import MONTHS

    for context in ("after a day", "alone"):
        for month in MONTHS:
            found.setdefault((context, month, None), []).append(("src/zhanaozen_game/core/text.py", ""))
    return found


def catalogs() -> list[Path]:
    return sorted(LOCALE.glob(f"*/LC_MESSAGES/{DOMAIN}.po")) + [
        folder / f"{DOMAIN}.po"
        for folder in sorted(LOCALE.glob("*/LC_MESSAGES"))
        if not (folder / f"{DOMAIN}.po").exists()
    ]


# gettext's plural rules of the languages the game has catalogs for.
PLURAL_FORMS = {
    "ru": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "kk": "nplurals=2; plural=(n != 1);",
}


def updated(path: Path, messages: dict) -> polib.POFile:
    language = path.parent.parent.name
    old = polib.pofile(str(path), wrapwidth=100) if path.exists() else None
    po = polib.POFile(wrapwidth=100)
    po.metadata = (old.metadata if old else None) or {
        "Project-Id-Version": "zhanaozen",
        "Language": language,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
    }
    po.header = "The game's interface. Update with: python tools/messages.py"
    if language in PLURAL_FORMS:
        po.metadata["Plural-Forms"] = PLURAL_FORMS[language]
    kept = {(e.msgctxt, e.msgid): e for e in old} if old else {}
    for (context, message, plural), places in messages.items():
        entry = kept.pop((context, message), None)
        if entry is None:
            entry = polib.POEntry(msgctxt=context, msgid=message, msgstr="")
            if plural:
                entry = polib.POEntry(msgctxt=context, msgid=message, msgid_plural=plural, msgstr_plural={0: "", 1: ""})
        entry.obsolete = False
        entry.occurrences = places
        po.append(entry)
    # Strings that left the code are dropped: the interface's history is in git.
    return po


def main(argv: list[str]) -> int:
    check = "--check" in argv
    messages = extract()
    stale = []
    for path in catalogs():
        po = updated(path, messages)
        mo = path.with_suffix(".mo")
        if check:
            current = (
                path.exists()
                and _same(po, polib.pofile(str(path)))
                and _messages(po) == _messages(polib.pofile(str(path)))
            )
            compiled = mo.exists() and polib.mofile(str(mo)) and _same(po, polib.mofile(str(mo)))
            if not current or not compiled:
                stale.append(str(path.relative_to(ROOT)))
            continue
        po.save(str(path))
        po.save_as_mofile(str(mo))
        untranslated = len(po.untranslated_entries())
        print(f"{path.relative_to(ROOT)}: {len(messages)} strings, {untranslated} untranslated")
    if stale:
        print("Not current (run python tools/messages.py): " + ", ".join(stale))
        return 1
    return 0


def _messages(po: polib.POFile) -> set[tuple[str | None, str]]:
    return {(e.msgctxt, e.msgid) for e in po if not e.obsolete}


def _same(po: polib.POFile, mo: polib.POFile | polib.MOFile) -> bool:
    def table(entries) -> dict:
        return {
            (e.msgctxt, e.msgid): e.msgstr or tuple(sorted(e.msgstr_plural.items()))
            for e in entries
            if (e.msgstr or any(e.msgstr_plural.values())) and not e.obsolete and "fuzzy" not in getattr(e, "flags", [])
        }

    return table(po) == table(mo)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
