"""Translations as gettext PO files: read a story's catalog, update it from the English, check it.

The only module that imports the PO library (polib), and only the translation commands and a game
played in another language import this module, so the English game's start-up never pays for it.

`update` follows gettext's `msgmerge`: a new unit gets an empty translation; a unit whose English
changed keeps its translation marked fuzzy (stale), with the English it was made from as the
previous msgid (`#| msgid`), so a translator sees what changed; a unit no longer in the story
becomes obsolete (`#~`), kept in case it comes back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import polib

from .findings import ERROR, WARNING, Finding, display_path
from .story import Story
from .translation import Catalog, Unit, catalog_path, marker_problem, units

WRAP = 79


class CatalogError(Exception):
    """A PO file that cannot be read."""


def read_po(path: Path) -> polib.POFile:
    try:
        return polib.pofile(str(path), encoding="utf-8", wrapwidth=WRAP)
    except (OSError, ValueError, UnicodeDecodeError) as err:
        raise CatalogError(f"{display_path(path)}: {err}") from err


def read_catalog(path: Path) -> Catalog:
    """The current translations of a PO file: context -> (English, translation); fuzzy and
    obsolete entries left out (a stale translation is never shown)."""
    catalog: Catalog = {}
    for entry in read_po(path):
        if entry.obsolete or entry.fuzzy or not entry.msgstr or entry.msgctxt is None:
            continue
        catalog[entry.msgctxt] = (entry.msgid, entry.msgstr)
    return catalog


def _new_file(language: str, title: str) -> polib.POFile:
    po = polib.POFile(wrapwidth=WRAP)
    po.metadata = {
        "Project-Id-Version": title,
        "Language": language,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
    }
    po.header = f"The translation of {title}. Update with: zhanaozen translate update --lang {language}"
    return po


@dataclass
class UpdateResult:
    """What `update` did to a catalog."""

    path: Path
    created: bool = False
    new: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    obsoleted: list[str] = field(default_factory=list)
    revived: list[str] = field(default_factory=list)
    total: int = 0


def merge(po: polib.POFile, wanted: list[Unit], result: UpdateResult) -> polib.POFile:
    """Bring a PO file in line with the units: the msgmerge rules above. Returns the new file."""
    by_context: dict[str, polib.POEntry] = {}
    for entry in po:
        if entry.msgctxt is not None and (entry.msgctxt not in by_context or not entry.obsolete):
            by_context[entry.msgctxt] = entry
    merged = polib.POFile(wrapwidth=WRAP)
    merged.metadata = po.metadata
    merged.header = po.header
    seen = set()
    for unit in wanted:
        if unit.context in seen:
            continue
        seen.add(unit.context)
        entry = by_context.get(unit.context)
        if entry is None:
            entry = polib.POEntry(msgctxt=unit.context, msgid=unit.text, msgstr="")
            result.new.append(unit.context)
        else:
            if entry.obsolete:
                entry.obsolete = False
                result.revived.append(unit.context)
            if entry.msgid != unit.text:
                if entry.msgstr:
                    if not entry.fuzzy:
                        entry.flags.append("fuzzy")
                        # The English the translation was made from, as msgmerge keeps it.
                        entry.previous_msgid = entry.msgid
                    result.changed.append(unit.context)
                entry.msgid = unit.text
            elif entry.fuzzy and entry.previous_msgid == unit.text:
                # The English went back to what was translated: the translation is current again.
                entry.flags.remove("fuzzy")
                entry.previous_msgid = None
        entry.occurrences = [(unit.file, str(unit.line))]
        entry.comment = unit.hint or None
        merged.append(entry)
    for entry in po:
        if entry.msgctxt in seen or entry.msgctxt is None:
            continue
        if not entry.msgstr:
            continue  # an untranslated unit that left the story: nothing worth keeping
        if not entry.obsolete:
            entry.obsolete = True
            result.obsoleted.append(entry.msgctxt)
        entry.occurrences = []
        merged.append(entry)
    result.total = len(seen)
    return merged


def update(story: Story, language: str) -> UpdateResult:
    """Write `locale/LANGUAGE.po` in the story folder from its English, keeping every translation."""
    path = catalog_path(story.root, language)
    result = UpdateResult(path)
    if path.is_file():
        po = read_po(path)
    else:
        po = _new_file(language, story.meta.title)
        result.created = True
    merged = merge(po, units(story), result)
    path.parent.mkdir(parents=True, exist_ok=True)
    merged.save(str(path))
    return result


@dataclass
class LanguageReport:
    """How complete one language's translation is, and what is wrong in it."""

    language: str
    file: str
    total: int = 0
    translated: int = 0
    missing: int = 0
    stale: int = 0
    findings: list[Finding] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            "language": self.language,
            "file": self.file,
            "total": self.total,
            "translated": self.translated,
            "missing": self.missing,
            "stale": self.stale,
        }


def check_language(story: Story, language: str) -> LanguageReport:
    """Compare a language's catalog with the story: translated, missing and stale units; markers.

    A stale unit (its translation is fuzzy, or was made from other English than the story's
    now) is a warning at the English file:line, so `check --strict` fails on it; a translation
    whose footnote markers differ from the English's is an error at the PO file's line.
    """
    path = catalog_path(story.root, language)
    shown = display_path(path)
    report = LanguageReport(language, shown)
    try:
        po = read_po(path)
    except CatalogError as err:
        report.findings.append(Finding(shown, 1, 1, ERROR, "translation-file", str(err)))
        return report
    entries = {entry.msgctxt: entry for entry in po if not entry.obsolete and entry.msgctxt is not None}
    where = {unit.context: unit for unit in units(story)}
    for context, unit in where.items():
        report.total += 1
        entry = entries.get(context)
        english_at = _english_place(story, unit)
        if entry is None or not entry.msgstr:
            report.missing += 1
            continue
        if entry.fuzzy or entry.msgid != unit.text:
            report.stale += 1
            report.findings.append(
                Finding(
                    english_at[0],
                    english_at[1],
                    1,
                    WARNING,
                    "stale-translation",
                    f"the {language} translation of `{context}` was made from other English "
                    f"(see {shown}:{entry.linenum}); run `zhanaozen translate update --lang {language}` "
                    "and revise it",
                )
            )
            continue
        problem = "" if context.endswith("/quote-translation") else marker_problem(unit.text, entry.msgstr)
        if problem:
            report.findings.append(
                Finding(
                    shown,
                    entry.linenum,
                    1,
                    ERROR,
                    "translation-markers",
                    f"`{context}`: {problem}; footnote markers must match the English",
                )
            )
            continue
        report.translated += 1
    unknown = [entry for context, entry in entries.items() if context not in where and entry.msgstr]
    for entry in unknown[:20]:
        report.findings.append(
            Finding(
                shown,
                entry.linenum,
                1,
                WARNING,
                "translation-unknown",
                f"`{entry.msgctxt}` is not in the story: run `zhanaozen translate update --lang {language}`",
            )
        )
    return report


def _english_place(story: Story, unit: Unit) -> tuple[str, int]:
    return display_path(story.root / unit.file), unit.line


def load_translated(story: Story, language: str) -> Story:
    """The story in `language` from its catalog; CatalogError when the file cannot be read."""
    from .translation import translate_story

    return translate_story(story, language, read_catalog(catalog_path(story.root, language)))
