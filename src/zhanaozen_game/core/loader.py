"""Loading a story folder: every file read safely, validated against the model, and assembled.

A story is a folder with `story.yaml`, `sources.yaml`, an optional `glossary.yaml`, and any
number of scene files (every other `*.yaml` below it). A file with problems is reported and left
out; the others still load, so one run reports the problems of every file. Scene ids of a broken
file are remembered so that links into it are not reported as links to nowhere.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from . import extra_rules, folder, model, salvage
from .findings import ERROR, Finding, display_path, sort_key
from .quotes import SourceText
from .rules import apply_rules
from .story import LoadResult, Report, Story, StoryFileInfo, StoryNotFound
from .validate import validate
from .yamlnodes import MAX_FILE_BYTES, Lines, YamlProblem, load_file, parse

STORY_FILE, SOURCES_FILE, GLOSSARY_FILE = "story.yaml", "sources.yaml", "glossary.yaml"
SPECIAL_FILES = {STORY_FILE, SOURCES_FILE, GLOSSARY_FILE}


# Texts that stand in for files on disk (an editor's unsaved buffers), keyed by absolute path.
Overlay = Mapping[Path, str]


def _read(
    info: StoryFileInfo,
    model_type: object,
    what: str,
    findings: list[Finding],
    overlay: Overlay | None = None,
    broken: dict[str, str] | None = None,
) -> Any:
    """The value of `model_type` built from a file (None when it could not be built); its
    problems are added to `findings`. Typed Any: the caller knows which model it asked for.
    `broken` (for scene files) collects why its scenes that could not be loaded were left out,
    by scene id."""
    try:
        if overlay and info.path in overlay:
            text = overlay[info.path]
            if len(text.encode("utf-8", "surrogatepass")) > MAX_FILE_BYTES:
                raise YamlProblem(
                    f"the file has more than {MAX_FILE_BYTES:,} bytes (1 MiB): split it into several scene files"
                )
            info.text = text[1:] if text.startswith("\ufeff") else text
            lines = Lines(info.text)
            root = parse(info.text, lines)
        else:
            info.text, lines, root = load_file(info.path)
    except YamlProblem as unreadable:
        findings.append(Finding(info.shown, unreadable.line, unreadable.column, ERROR, "yaml", unreadable.message))
        if broken is not None:
            why = f"{info.shown} cannot be read (line {unreadable.line}: {unreadable.message})"
            broken.update(dict.fromkeys(salvage.scene_ids_in_text(info.text or _raw_text(info.path, overlay)), why))
        return None
    info.validated = validate(root, model_type, what, lines)
    for problem in info.validated.problems:
        code = problem.code or ("format" if problem.severity == ERROR else "control-characters")
        findings.append(Finding(info.shown, problem.line, problem.column, problem.severity, code, problem.message))
    if info.validated.value is None and broken is not None:
        # Keep the file's valid scenes; the others are reported above, and links into them are
        # said to be unchecked rather than broken.
        partial = salvage.valid_scenes(root, lines)
        if partial is not None:
            first = info.validated.problems[0] if info.validated.problems else None
            place = f" (line {first.line}: {first.message})" if first else ""
            for scene_id in _declared_scene_ids(info):
                if scene_id not in partial.scenes:
                    broken[scene_id] = f"the scene `{scene_id}` in {info.shown} has errors{place}"
            return partial
        why = f"{info.shown} has errors" + (
            f" (line {info.validated.problems[0].line}: {info.validated.problems[0].message})"
            if info.validated.problems
            else ""
        )
        broken.update(dict.fromkeys(_declared_scene_ids(info), why))
    return info.validated.value


def _raw_text(path: Path, overlay: Overlay | None) -> str:
    """A file's text for finding scene ids in a file that is not valid YAML (at most 1 MiB + 1 byte)."""
    if overlay and path in overlay:
        return overlay[path]
    try:
        with open(path, "rb") as handle:
            return handle.read(MAX_FILE_BYTES + 1).decode("utf-8", "replace")
    except OSError:
        return ""


def scene_files(root: Path) -> list[Path]:
    """Every scene file under the story folder, in a stable order (see `folder.scan`)."""
    return folder.scan(root)[0]


def load_story(root: Path, overlay: Overlay | None = None) -> LoadResult:
    """Load every file of the story folder; never raises for what is inside the files.

    `overlay` gives texts to read instead of some files (by absolute path): the language server's
    unsaved buffers."""
    root = Path(root)
    if not root.is_dir():
        raise StoryNotFound(f"no story folder at {root}")
    if not (root / STORY_FILE).is_file():
        raise StoryNotFound(f"{root} is not a story folder: it has no {STORY_FILE}")
    findings: list[Finding] = []

    def info(path: Path) -> StoryFileInfo:
        return StoryFileInfo(path, display_path(path))

    files: dict[str, StoryFileInfo] = {}
    story_info = files[STORY_FILE] = info(root / STORY_FILE)
    meta = _read(story_info, model.StoryFile, "story.yaml's title, start, vars and chapters", findings, overlay)

    sources: dict[str, model.Source] = {}
    sources_info = files[SOURCES_FILE] = info(root / SOURCES_FILE)
    if sources_info.path.is_file():
        sources = _read(sources_info, model.SourcesFile, "a mapping of source ids to sources", findings, overlay) or {}
    else:
        findings.append(
            Finding(
                story_info.shown,
                1,
                1,
                ERROR,
                "sources",
                f"the story has no {SOURCES_FILE}: every note must cite a source in it",
            )
        )

    glossary: dict[str, str | model.GlossaryEntry] = {}
    glossary_info = info(root / GLOSSARY_FILE)
    if glossary_info.path.is_file():
        files[GLOSSARY_FILE] = glossary_info
        glossary = (
            _read(glossary_info, model.GlossaryFile, "a mapping of terms to definitions", findings, overlay) or {}
        )

    result = LoadResult(None, findings)
    story = Story(root, meta, sources, glossary, files=files) if meta is not None else None
    first_place: dict[str, tuple[StoryFileInfo, int, int]] = {}
    chapters = {chapter.id for chapter in meta.chapters} if meta else set()

    paths, skipped = folder.scan(root)
    findings.extend(skipped)
    for path in paths:
        scene_info = files[str(path.relative_to(root))] = info(path)
        broken: dict[str, str] = {}
        scene_file = _read(
            scene_info, model.SceneFile, "a scene file with `chapter` and `scenes`", findings, overlay, broken
        )
        result.unchecked_why.update((scene_id, why) for scene_id, why in broken.items() if scene_id not in first_place)
        result.unchecked_scenes.update(broken)
        declared = _declared_scene_ids(scene_info)
        for scene_id in declared:
            line, column = scene_info.at(("scenes", scene_id), key=True)
            if scene_id in first_place:
                other, other_line, other_column = first_place[scene_id]
                findings.append(
                    Finding(
                        scene_info.shown,
                        line,
                        column,
                        ERROR,
                        "duplicate-scene",
                        f"the scene id `{scene_id}` is also used at {other.shown}:{other_line}:{other_column}",
                    )
                )
                findings.append(
                    Finding(
                        other.shown,
                        other_line,
                        other_column,
                        ERROR,
                        "duplicate-scene",
                        f"the scene id `{scene_id}` is also used at {scene_info.shown}:{line}:{column}",
                    )
                )
            else:
                first_place[scene_id] = (scene_info, line, column)
        if scene_file is None:
            continue
        if meta is not None and scene_file.chapter not in chapters:
            line, column = scene_info.at(("chapter",))
            findings.append(
                Finding(
                    scene_info.shown,
                    line,
                    column,
                    ERROR,
                    "unknown-chapter",
                    f"the chapter `{scene_file.chapter}` is not declared in story.yaml "
                    f"(chapters: {', '.join(sorted(chapters))})",
                )
            )
        if story is None:
            continue
        for scene_id, scene in scene_file.scenes.items():
            if scene_id in story.scenes:
                continue  # reported above as a duplicate
            story.scenes[scene_id] = scene
            story.chapter_of[scene_id] = scene_file.chapter
            story.where[scene_id] = scene_info
    if story is not None:
        story.source_texts = _source_texts(root, story, findings)
    result.story = story
    return result


MAX_SOURCE_TEXT_BYTES = 4 << 20


def _source_texts(root: Path, story: Story, findings: list[Finding]) -> dict[str, SourceText]:
    """Read the full text of every source that names one; a path that leaves the story folder,
    a missing, oversized or non-UTF-8 file is reported at its `text:` line."""
    info = story.files[SOURCES_FILE]
    texts: dict[str, SourceText] = {}
    story_folder = root.resolve()
    for source_id, source in story.sources.items():
        if not source.text:
            continue
        line, column = info.at((source_id, "text"))

        def problem(message: str, source_id: str = source_id, line: int = line, column: int = column) -> None:
            findings.append(Finding(info.shown, line, column, ERROR, "source-text", message))

        path = (root / source.text).resolve()
        if Path(source.text).is_absolute() or not path.is_relative_to(story_folder):
            problem(f"the text of `{source_id}` must be a file inside the story folder (not {source.text[:80]!r})")
            continue
        try:
            if path.stat().st_size > MAX_SOURCE_TEXT_BYTES:
                problem(f"the text of `{source_id}` is larger than {MAX_SOURCE_TEXT_BYTES >> 20} MiB")
                continue
            with open(path, "rb") as stream:
                raw = stream.read(MAX_SOURCE_TEXT_BYTES + 1)
        except OSError as err:
            problem(f"the text of `{source_id}` cannot be read: {source.text[:80]} ({err.strerror or err})")
            continue
        try:
            texts[source_id] = SourceText(raw.decode("utf-8"))
        except UnicodeDecodeError as err:
            problem(f"the text of `{source_id}` is not UTF-8 (byte {err.start + 1} of {source.text[:80]})")
    return texts


def _declared_scene_ids(scene_info: StoryFileInfo) -> list[str]:
    """Scene ids in a file, from the positions the validator recorded (also for a broken file)."""
    if scene_info.validated is None:
        return []
    return [str(path[1]) for path in scene_info.validated.keys if len(path) == 2 and path[0] == "scenes"]


@contextmanager
def collector_paused() -> Iterator[None]:
    """Loading and exploring allocate hundreds of thousands of objects and no cycles; pausing the
    cycle collector meanwhile saves about a third of the time on large stories."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def open_story(root: Path, overlay: Overlay | None = None) -> Report:
    """Load a story and apply the static rules (no exploration): what the game needs to start."""
    with collector_paused():
        return open_story_unpaused(root, overlay)


def open_story_unpaused(root: Path, overlay: Overlay | None = None) -> Report:
    loaded = load_story(root, overlay)
    report = Report(loaded.story, list(loaded.findings))
    if loaded.story is not None:
        report.findings.extend(apply_rules(loaded))
        report.findings.extend(salvage.unchecked_links(loaded))
        report.findings.extend(extra_rules.duplicate_chapters(loaded))
    report.findings.sort(key=sort_key)
    return report
