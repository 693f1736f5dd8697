"""The teacher's pages: who is playing and how far, the debrief for the class discussion, and the
transcripts handed in. Server-rendered HTML (jinja2, autoescaped), no scripts; every address needs
the token printed when the server starts (`?token=`), and is refused (403) without it.

The figures come from the class database (`db.py`) and the story; `overview`, `debrief` and
`export_class` are plain functions, so the command line (`zhanaozen class export`) and the tests
use them without a server.
"""

from __future__ import annotations

import csv
import hmac
import io
import re
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..core.engine import Engine
from ..core.saves import SaveError, decode_save
from ..core.story import Story
from .db import ClassDB

REFRESH_SECONDS = 15


def token_ok(given: str | None, token: str) -> bool:
    """The teacher's token, compared in constant time; no token is never right."""
    return bool(token) and given is not None and hmac.compare_digest(given.encode(), token.encode())


@dataclass
class Row:
    """One student, as the teacher's page lists them."""

    id: int
    name: str
    code: str
    chapter: str = ""
    scene: str = ""
    choices: int = 0
    ending: str = ""
    answered: int = 0
    last_active: str = ""
    transcript: int = 0
    handed_in: str = ""
    history: list[tuple[str, str]] = field(default_factory=list)  # (scene id, choice text)


def overview(db: ClassDB, story: Story) -> list[Row]:
    """Every student of the class: where they are, what they did, what they handed in."""
    engine = Engine(story)
    saves = db.autosaves(story.id)
    answered = Counter(ident for ident, _, _, _ in db.answers(story.id))
    endings: dict[int, str] = {}
    for ident, scene_id, _ in db.all_endings(story.id):  # the latest ending reached
        reached = story.scenes.get(scene_id)
        if reached is not None and reached.ending is not None:
            endings[ident] = reached.ending.title
    transcripts = db.latest_transcripts()
    rows = []
    for student in db.students():
        row = Row(student.id, student.name, student.code, last_active=student.last_active)
        row.answered = answered.get(student.id, 0)
        row.ending = endings.get(student.id, "")
        if student.id in transcripts:
            row.transcript, row.handed_in = transcripts[student.id]
        if student.id in saves:
            try:
                state = decode_save(engine, saves[student.id])
            except SaveError:
                state = None
            if state is not None:
                now = story.scenes[state.scene]
                chapter = story.chapters.get(story.chapter_of.get(state.scene, ""))
                row.chapter = chapter.title if chapter else ""
                row.scene = now.title
                row.choices = len(state.history)
                row.history = [(step.scene, step.choice_text) for step in state.history]
                if now.ending is not None:
                    row.ending = now.ending.title
        rows.append(row)
    return rows


@dataclass
class Debrief:
    endings: list[tuple[str, int]]  # (ending title, students who reached it)
    choices: list[tuple[str, list[tuple[str, int]]]]  # (scene title, [(choice, students)])
    questions: list[tuple[str, str, list[tuple[str, str]]]]  # (scene title, question, [(name, answer)])


def debrief(db: ClassDB, story: Story, names: bool = True) -> Debrief:
    """For the discussion after play: endings reached, choices taken, answers side by side."""
    rows = overview(db, story)
    shown = {row.id: (row.name if names else f"Student {n}") for n, row in enumerate(rows, start=1)}
    reached: dict[str, set[int]] = {}
    for ident, ending_id, _ in db.all_endings(story.id):
        reached.setdefault(ending_id, set()).add(ident)
    for row in rows:  # an ending on screen now counts even before it was recorded
        for scene_id, scene in story.scenes.items():
            if scene.ending is not None and scene.ending.title == row.ending:
                reached.setdefault(scene_id, set()).add(row.id)
    endings = [
        (scene.ending.title, len(reached.get(scene_id, ())))
        for scene_id, scene in story.scenes.items()
        if scene.ending is not None
    ]
    taken: dict[str, Counter[str]] = {}
    for row in rows:
        for scene_id, choice in row.history:
            taken.setdefault(scene_id, Counter())[choice] += 1
    choices = []
    for scene_id, scene in story.scenes.items():
        if scene_id in taken:
            counts = taken[scene_id]
            listed = [(choice.text, counts.get(choice.text, 0)) for choice in scene.choices]
            choices.append((scene.title, listed))
    given: dict[tuple[str, int], list[tuple[str, str]]] = {}
    for ident, answered_in, number, answer in db.answers(story.id):
        if ident in shown:
            given.setdefault((answered_in, number), []).append((shown[ident], answer))
    questions = []
    for scene_id, scene in story.scenes.items():
        for index, question in enumerate(scene.reflect):
            if (scene_id, index) in given:
                questions.append((scene.title, question, sorted(given[(scene_id, index)])))
    return Debrief(endings, choices, questions)


def file_stem(name: str, ident: int) -> str:
    slug = re.sub(r"[^A-Za-z0-9]+", "-", name).strip("-")[:40] or "student"
    return f"{slug}-{ident}"


CSV_COLUMNS = [
    "name",
    "resume code",
    "chapter",
    "scene",
    "choices made",
    "ending",
    "questions answered",
    "last active (UTC)",
    "transcript",
]


def transcripts(db: ClassDB, story: Story) -> list[tuple[str, str, str]]:
    """(file stem, html, markdown) of each student's latest transcript."""
    found = []
    for row in overview(db, story):
        handed = db.transcript(row.transcript) if row.transcript else None
        if handed is not None:
            _, _, html, markdown = handed
            found.append((file_stem(row.name, row.id), html, markdown))
    return found


def class_csv(rows: list[Row]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        transcript = f"transcripts/{file_stem(row.name, row.id)}.html" if row.transcript else ""
        cells = [row.name, row.code, row.chapter, row.scene, row.choices, row.ending, row.answered]
        writer.writerow([*[_csv_safe(c) for c in cells], row.last_active, transcript])
    return out.getvalue()


def _csv_safe(value):
    """A cell a spreadsheet will not run as a formula."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def export_class(db: ClassDB, story: Story, folder: Path) -> tuple[int, int]:
    """Write `class.csv` and `transcripts/<name>-<id>.html` (and .md); (students, transcripts)."""
    rows = overview(db, story)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "class.csv").write_text(class_csv(rows), encoding="utf-8", newline="")
    handed = transcripts(db, story)
    if handed:
        (folder / "transcripts").mkdir(exist_ok=True)
    for stem, html, markdown in handed:
        (folder / "transcripts" / f"{stem}.html").write_text(html, encoding="utf-8")
        (folder / "transcripts" / f"{stem}.md").write_text(markdown, encoding="utf-8")
    return len(rows), len(handed)


def transcripts_zip(db: ClassDB, story: Story) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for stem, html, _ in transcripts(db, story):
            archive.writestr(f"{stem}.html", html)
    return out.getvalue()


# --- the pages --------------------------------------------------------------------------------
def add_routes(app, server) -> None:
    """The teacher's routes on the classroom server's aiohttp application."""
    from aiohttp import web

    def checked(handler):
        async def guarded(request: web.Request) -> web.StreamResponse:
            if not token_ok(request.query.get("token"), server.token):
                raise web.HTTPForbidden(
                    text="This page is the teacher's: open the address with the token that the "
                    "server printed when it started."
                )
            return await handler(request)

        return guarded

    def links(request: web.Request) -> dict:
        token = server.token
        return {
            "token": token,
            "home": f"/teacher?token={token}",
            "debrief": f"/teacher/debrief?token={token}",
            "zip": f"/teacher/transcripts.zip?token={token}",
        }

    async def class_page(request: web.Request) -> web.StreamResponse:
        rows = overview(server.db, server.story)
        return server.render(
            "teacher.html",
            title=server.title,
            rows=rows,
            refresh=REFRESH_SECONDS,
            playing=server.sessions,
            **links(request),
        )

    async def debrief_page(request: web.Request) -> web.StreamResponse:
        names = request.query.get("names", "on") != "off"
        return server.render(
            "debrief.html",
            title=server.title,
            names=names,
            data=debrief(server.db, server.story, names),
            **links(request),
        )

    async def transcript_page(request: web.Request) -> web.StreamResponse:
        try:
            found = server.db.transcript(int(request.match_info["ident"]))
        except ValueError:
            found = None
        if found is None:
            raise web.HTTPNotFound(text="No such transcript.")
        return web.Response(
            text=found[2],
            content_type="text/html",
            headers={
                # The transcript is self-contained: its own styles, no scripts, nothing fetched.
                "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'",
                "Cache-Control": "no-store",
            },
        )

    async def transcripts_download(request: web.Request) -> web.StreamResponse:
        return web.Response(
            body=transcripts_zip(server.db, server.story),
            content_type="application/zip",
            headers={
                "Content-Disposition": 'attachment; filename="transcripts.zip"',
                "Cache-Control": "no-store",
            },
        )

    app.router.add_get("/teacher", checked(class_page), name="teacher")
    app.router.add_get("/teacher/debrief", checked(debrief_page), name="teacher-debrief")
    app.router.add_get("/teacher/transcripts.zip", checked(transcripts_download), name="teacher-zip")
    app.router.add_get("/teacher/transcript/{ident}", checked(transcript_page), name="teacher-transcript")
