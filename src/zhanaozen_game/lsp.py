"""`zhanaozen lsp`: a language server over stdio, so an editor knows the story being written.

A shell over the core, like the game: diagnostics are `check`'s findings (the static rules on
open and, debounced, on every change, read from the editor's unsaved buffers; every branch
played on save), with ranges that cover the word to fix. Completion offers scene ids after
`goto:` (and `start:`), source ids after `source:`, variable names in `if`, `set` and `add`,
and note keys after `[^`. Hover shows a scene's title and date, a note's quote, a source's
title, a variable's starting value; go to definition leads from a `goto`, a `source:`, a
`[^key]` marker or a variable to where it is declared.

pygls is imported by this module only, and this module only by the `lsp` command, so the
game's start-up never pays for it.
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass, field
from pathlib import Path

from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path
from pygls.workspace.position_codec import ServerTextPosition

from . import __version__
from .core.check import check_story
from .core.findings import ERROR
from .core.loader import StoryNotFound, open_story
from .core.model import Scene
from .core.story import Report, Story, StoryFileInfo

# How long the server waits after a change before checking the story again.
DEBOUNCE_SECONDS = 0.3
# On save every branch is played, up to this many states (an editor must stay responsive).
SAVE_MAX_STATES = 50_000

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_WORD = re.compile(r"[A-Za-z0-9_.\-]+")
_NOTE_AT = re.compile(r"\[\^([A-Za-z0-9_.\-]*)\]?")
_SCENE_FIELD = re.compile(r"(?:^|[\s{,])(?:goto|start):\s*[\"']?([A-Za-z0-9_.\-]*)$")
_SOURCE_FIELD = re.compile(r"(?:^|[\s{,])source:\s*[\"']?([A-Za-z0-9_.\-]*)$")
_IF_FIELD = re.compile(r"(?:^|[\s{,])if:\s*(.*)$")
_FLOW_ASSIGN = re.compile(r"(?:^|[\s{,])(?:set|add):\s*\{([^}]*)$")
_BLOCK_ASSIGN = re.compile(r"^\s*(?:-\s+)?(?:set|add):\s*$")
_TRAILING_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*$")


def split_lines(text: str) -> list[str]:
    """The lines of a text as the protocol counts them: `\\n`, `\\r\\n` and `\\r` end a line."""
    return _LINE_BREAK.split(text)


def find_root(path: Path) -> Path | None:
    """The story folder a file belongs to: the nearest folder above it with a story.yaml."""
    for folder in [path.parent, *path.parent.parents]:
        if (folder / "story.yaml").is_file():
            return folder
    return None


def token_end(line: str, start: int) -> int:
    """Where the word a finding points at ends: a quoted value, a `[^key]` marker, an id or a
    variable name; otherwise the rest of the line (at least one character)."""
    rest = line[start:]
    if rest[:1] in ("'", '"'):
        close = rest.find(rest[0], 1)
        return start + (close + 1 if close > 0 else len(rest.rstrip()))
    if rest.startswith("[^"):
        close = rest.find("]")
        return start + (close + 1 if close > 0 else 2)
    word = _WORD.match(rest)
    if word:
        return start + word.end()
    stripped = len(rest.rstrip())
    return start + max(stripped, 1)


def completion_context(lines: list[str], line: int, column: int) -> tuple[str, str] | None:
    """What may be typed at a place: ("scene" | "source" | "variable" | "note", the prefix typed)."""
    before = lines[line][:column] if line < len(lines) else ""
    note = re.search(r"\[\^([A-Za-z0-9_.\-]*)$", before)
    if note:
        return "note", note.group(1)
    for kind, pattern in (("scene", _SCENE_FIELD), ("source", _SOURCE_FIELD)):
        found = pattern.search(before)
        if found:
            return kind, found.group(1)
    found = _IF_FIELD.search(before)
    if found:
        name = _TRAILING_NAME.search(found.group(1))
        return "variable", name.group() if name else ""
    found = _FLOW_ASSIGN.search(before)
    if found:
        item = re.split(r",", found.group(1))[-1]
        if ":" not in item:
            return "variable", item.strip()
    bare = re.match(r"^(\s+)([A-Za-z_][A-Za-z0-9_]*)?$", before)
    if bare:
        indent = len(bare.group(1))
        for previous in range(line - 1, -1, -1):
            text = lines[previous]
            if not text.strip() or text.lstrip().startswith("#"):
                continue
            if len(text) - len(text.lstrip()) < indent:
                if _BLOCK_ASSIGN.match(text):
                    return "variable", bare.group(2) or ""
                break
    return None


@dataclass
class Known:
    """What the server knows of one story: the latest report, and the last story that loaded."""

    report: Report | None = None
    story: Story | None = None
    published: set[str] = field(default_factory=set)


def _scene_ids(known: Known) -> dict[str, Scene]:
    scenes: dict[str, Scene] = {}
    for report_story in (known.story, known.report.story if known.report else None):
        if report_story is not None:
            scenes.update(report_story.scenes)
    return scenes


def _story_of(known: Known) -> Story | None:
    current = known.report.story if known.report else None
    return current if current is not None else known.story


class ZhanaozenServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("zhanaozen", __version__)
        self.known: dict[Path, Known] = {}
        self.pending: dict[Path, asyncio.Task] = {}

    # --- files and positions -----------------------------------------------------------------
    def root_of(self, uri: str) -> Path | None:
        path = to_fs_path(uri)
        return find_root(Path(path).resolve()) if path else None

    def overlay(self, root: Path) -> dict[Path, str]:
        texts = {}
        for uri, document in self.workspace.text_documents.items():
            path = to_fs_path(uri)
            if path:
                resolved = Path(path).resolve()
                if resolved.is_relative_to(root):
                    texts[resolved] = document.source
        return texts

    def text_of(self, path: Path) -> str:
        document = self.workspace.text_documents.get(from_fs_path(str(path)) or "")
        if document is not None:
            return document.source
        try:
            return path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""

    def to_client(self, lines: list[str], line: int, column: int) -> lsp.Position:
        """A 0-based line and code-point column as the client counts (UTF-16 by default)."""
        line = min(max(line, 0), max(len(lines) - 1, 0))
        column = min(max(column, 0), len(lines[line]) if lines else 0)
        return self.workspace.position_codec.position_to_client_units(lines, ServerTextPosition(line, column))

    def from_client(self, lines: list[str], position: lsp.Position) -> tuple[int, int]:
        if position.line >= len(lines):
            return position.line, 0
        server = self.workspace.position_codec.position_from_client_units(lines, position)
        return server.line, server.character

    def key_location(self, info: StoryFileInfo | None, path: tuple) -> lsp.Location | None:
        if info is None or info.validated is None:
            return None
        line, column = info.at(path, key=True)
        lines = split_lines(self.text_of(info.path))
        start = self.to_client(lines, line - 1, column - 1)
        end_column = token_end(lines[line - 1], column - 1) if line - 1 < len(lines) else column
        end = self.to_client(lines, line - 1, end_column)
        return lsp.Location(uri=from_fs_path(str(info.path)) or "", range=lsp.Range(start=start, end=end))

    # --- diagnostics -------------------------------------------------------------------------
    def schedule(self, root: Path, full: bool, delay: float) -> None:
        previous = self.pending.pop(root, None)
        if previous is not None and not previous.done():
            previous.cancel()
        self.pending[root] = asyncio.get_running_loop().create_task(self._refresh_later(root, full, delay))

    async def _refresh_later(self, root: Path, full: bool, delay: float) -> None:
        if delay:
            await asyncio.sleep(delay)
        overlay = self.overlay(root)
        loop = asyncio.get_running_loop()
        try:
            if full:
                report = await loop.run_in_executor(None, check_story, root, SAVE_MAX_STATES, overlay)
            else:
                report = await loop.run_in_executor(None, open_story, root, overlay)
        except StoryNotFound:
            return
        self.publish(root, report)

    def publish(self, root: Path, report: Report) -> None:
        known = self.known.setdefault(root, Known())
        known.report = report
        if report.story is not None:
            known.story = report.story
        files: dict[str, Path] = {}
        if report.story is not None:
            files = {info.shown: info.path for info in report.story.files.values()}
        by_uri: dict[str, list[lsp.Diagnostic]] = {}
        texts: dict[Path, list[str]] = {}
        for finding in report.findings:
            path = files.get(finding.file) or (Path.cwd() / finding.file).resolve()
            if path not in texts:
                texts[path] = split_lines(self.text_of(path))
            lines = texts[path]
            line, column = finding.line - 1, finding.column - 1
            end = token_end(lines[line], column) if line < len(lines) else column + 1
            diagnostic = lsp.Diagnostic(
                range=lsp.Range(start=self.to_client(lines, line, column), end=self.to_client(lines, line, end)),
                message=finding.message,
                severity=lsp.DiagnosticSeverity.Error if finding.severity == ERROR else lsp.DiagnosticSeverity.Warning,
                code=finding.code,
                source="zhanaozen",
            )
            by_uri.setdefault(from_fs_path(str(path)) or str(path), []).append(diagnostic)
        for uri in self.workspace.text_documents:
            if self.root_of(uri) == root:
                by_uri.setdefault(uri, [])
        for uri in known.published - set(by_uri):
            by_uri[uri] = []
        for uri, diagnostics in by_uri.items():
            self.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics))
        known.published = {uri for uri, diagnostics in by_uri.items() if diagnostics}

    # --- what the cursor is on ---------------------------------------------------------------
    def symbol_at(self, uri: str, position: lsp.Position) -> tuple[str, str, Story, Path] | None:
        """(kind, name, story, file) for the scene id, source id, note key or variable under the cursor."""
        root = self.root_of(uri)
        known = self.known.get(root) if root else None
        story = _story_of(known) if known else None
        if story is None:
            return None
        document = self.workspace.get_text_document(uri)
        lines = split_lines(document.source)
        line, column = self.from_client(lines, position)
        if line >= len(lines):
            return None
        text = lines[line]
        path = Path(to_fs_path(uri) or "").resolve()
        for marker in _NOTE_AT.finditer(text):
            if marker.start() <= column <= marker.end():
                return "note", marker.group(1), story, path
        for word in _WORD.finditer(text):
            if word.start() <= column <= word.end():
                break
        else:
            return None
        name, before = word.group(), text[: word.start()]
        if re.search(r"(?:^|[\s{,])source:\s*[\"']?$", before):
            return "source", name, story, path
        if re.search(r"(?:^|[\s{,])(?:goto|start):\s*[\"']?$", before) and name in story.scenes:
            return "scene", name, story, path
        if name in story.meta.vars:
            return "variable", name, story, path
        if name in story.scenes:
            return "scene", name, story, path
        if name in story.sources:
            return "source", name, story, path
        return None

    def scene_around(self, story: Story, path: Path, line: int) -> str | None:
        """The scene whose key is the last one above a line of a scene file."""
        best, best_line = None, -1
        for scene_id, info in story.where.items():
            if info.path.resolve() == path:
                scene_line = info.at(("scenes", scene_id), key=True)[0] - 1
                if best_line < scene_line <= line:
                    best, best_line = scene_id, scene_line
        return best


def _scene_summary(story: Story, scene_id: str) -> str:
    scene = story.scenes[scene_id]
    chapter = story.chapters.get(story.chapter_of.get(scene_id, ""))
    parts = [f"**{scene.title}**", f"{scene.date}" + (f", {scene.place}" if scene.place else "")]
    if chapter is not None:
        parts.append(f"chapter: {chapter.title}")
    if scene.ending is not None:
        parts.append(f"ending: {scene.ending.title}")
    info = story.where.get(scene_id)
    if info is not None:
        parts.append(f"`{info.shown}`")
    return "\n\n".join(parts)


def _source_summary(story: Story, source_id: str) -> str:
    source = story.sources[source_id]
    extra = ", ".join(part for part in (source.author, source.publisher, source.date) if part)
    return f"**{source.title}**" + (f"\n\n{extra}" if extra else "")


def build_server() -> ZhanaozenServer:
    server = ZhanaozenServer()

    @server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
    async def did_open(ls: ZhanaozenServer, params: lsp.DidOpenTextDocumentParams) -> None:
        root = ls.root_of(params.text_document.uri)
        if root is not None:
            ls.schedule(root, full=root not in ls.known, delay=0)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
    async def did_change(ls: ZhanaozenServer, params: lsp.DidChangeTextDocumentParams) -> None:
        root = ls.root_of(params.text_document.uri)
        if root is not None:
            ls.schedule(root, full=False, delay=DEBOUNCE_SECONDS)

    @server.feature(lsp.TEXT_DOCUMENT_DID_SAVE)
    async def did_save(ls: ZhanaozenServer, params: lsp.DidSaveTextDocumentParams) -> None:
        root = ls.root_of(params.text_document.uri)
        if root is not None:
            ls.schedule(root, full=True, delay=0)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
    async def did_close(ls: ZhanaozenServer, params: lsp.DidCloseTextDocumentParams) -> None:
        root = ls.root_of(params.text_document.uri)
        if root is not None:
            ls.schedule(root, full=False, delay=0)

    @server.feature(
        lsp.TEXT_DOCUMENT_COMPLETION,
        lsp.CompletionOptions(trigger_characters=[" ", ":", "^", "{", ",", "'", '"']),
    )
    def completion(ls: ZhanaozenServer, params: lsp.CompletionParams) -> lsp.CompletionList:
        uri = params.text_document.uri
        root = ls.root_of(uri)
        known = ls.known.get(root) if root else None
        story = _story_of(known) if known else None
        empty = lsp.CompletionList(is_incomplete=False, items=[])
        if story is None or known is None:
            return empty
        lines = split_lines(ls.workspace.get_text_document(uri).source)
        line, column = ls.from_client(lines, params.position)
        context = completion_context(lines, line, column)
        if context is None:
            return empty
        kind, prefix = context
        items: list[lsp.CompletionItem] = []
        if kind == "scene":
            for scene_id, scene in sorted(_scene_ids(known).items()):
                items.append(
                    lsp.CompletionItem(
                        label=scene_id,
                        kind=lsp.CompletionItemKind.Reference,
                        detail=f"{scene.title} ({scene.date})",
                    )
                )
        elif kind == "source":
            for source_id, source in sorted(story.sources.items()):
                items.append(
                    lsp.CompletionItem(label=source_id, kind=lsp.CompletionItemKind.Reference, detail=source.title)
                )
        elif kind == "variable":
            for name, value in story.meta.vars.items():
                start = "true" if value is True else "false" if value is False else repr(value)
                items.append(
                    lsp.CompletionItem(label=name, kind=lsp.CompletionItemKind.Variable, detail=f"starts as {start}")
                )
        else:
            path = Path(to_fs_path(uri) or "").resolve()
            around = ls.scene_around(story, path, line)
            notes = story.scenes[around].notes if around else {}
            for key, note in notes.items():
                items.append(
                    lsp.CompletionItem(label=key, kind=lsp.CompletionItemKind.Reference, detail=note.quote[:80])
                )
        items = [item for item in items if item.label.startswith(prefix)] or items
        return lsp.CompletionList(is_incomplete=False, items=items)

    @server.feature(lsp.TEXT_DOCUMENT_HOVER)
    def hover(ls: ZhanaozenServer, params: lsp.HoverParams) -> lsp.Hover | None:
        found = ls.symbol_at(params.text_document.uri, params.position)
        if found is None:
            return None
        kind, name, story, path = found
        if kind == "scene":
            text = _scene_summary(story, name)
        elif kind == "source" and name in story.sources:
            text = _source_summary(story, name)
        elif kind == "variable":
            value = story.meta.vars[name]
            text = (
                f"variable `{name}`, starts as `{'true' if value is True else 'false' if value is False else value!r}`"
            )
        elif kind == "note":
            lines = split_lines(ls.workspace.get_text_document(params.text_document.uri).source)
            scene_id = ls.scene_around(story, path, ls.from_client(lines, params.position)[0])
            note = story.scenes[scene_id].notes.get(name) if scene_id else None
            if note is None:
                return None
            source = story.sources.get(note.source)
            text = f"> {note.quote}\n\n{source.title if source else note.source}"
            if note.comment:
                text += f"\n\n{note.comment}"
        else:
            return None
        return lsp.Hover(contents=lsp.MarkupContent(kind=lsp.MarkupKind.Markdown, value=text))

    @server.feature(lsp.TEXT_DOCUMENT_DEFINITION)
    def definition(ls: ZhanaozenServer, params: lsp.DefinitionParams) -> lsp.Location | None:
        found = ls.symbol_at(params.text_document.uri, params.position)
        if found is None:
            return None
        kind, name, story, path = found
        if kind == "scene":
            return ls.key_location(story.where.get(name), ("scenes", name))
        if kind == "source" and name in story.sources:
            return ls.key_location(story.files.get("sources.yaml"), (name,))
        if kind == "variable":
            return ls.key_location(story.files.get("story.yaml"), ("vars", name))
        if kind == "note":
            lines = split_lines(ls.workspace.get_text_document(params.text_document.uri).source)
            scene_id = ls.scene_around(story, path, ls.from_client(lines, params.position)[0])
            if scene_id and name in story.scenes[scene_id].notes:
                return ls.key_location(story.where[scene_id], ("scenes", scene_id, "notes", name))
        return None

    return server


def serve() -> int:
    """Serve one editor over stdin and stdout until it asks the server to exit."""
    build_server().start_io()
    return 0
