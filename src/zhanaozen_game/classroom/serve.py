"""`zhanaozen serve`: the Textual game in browsers, for a class, with textual-serve.

textual-serve runs one game process per browser connection (a websocket) and streams its terminal
to xterm.js in the page. On top of it, this module adds what a classroom needs:

- Every browser address is a game: opening the server (`/`) sends the browser to a new game's own
  address, `/game/<id>` with a random id. Reloading the page keeps its address; a new tab at `/`
  is a new game. The first time an address is played, the game asks the student's name (or a
  resume code), and the class database remembers who plays there (see `game.py`, `db.py`).
- Everything is kept in the class database, one SQLite file (by default in the user data folder;
  `--class NAME`, `--class-db PATH`; `--ephemeral` for a throwaway one): a restart of the server
  (or a `kill -9`) continues every game.
- The teacher's pages, `/teacher?token=...` (see `teacher.py`), with a random token printed at start.
- Safety: the websocket refuses other web pages (`Origin`), messages over 64 KiB close it, sizes are
  clamped; every response carries a strict Content-Security-Policy and no version banner; the page
  loads nothing from the internet; a game ends within 5 s of its browser leaving.
- Speed: games are forked from a warm parent that has imported the game and read the story
  (`forkserver.py`), so 40 students can open the page in the same minute on a small laptop.
- At most `max_sessions` games run at once; past that a browser is told the server is full.
- The server listens on loopback unless told otherwise (`--host 0.0.0.0` opens it to a network).

textual-serve and aiohttp are imported only by the server, never by a game, so a game starts fast.
"""

from __future__ import annotations

import argparse
import contextvars
import html
import json
import os
import re
import secrets
import shlex
import shutil
import subprocess
import sys
import tempfile
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.i18n import _, language, ngettext

if TYPE_CHECKING:
    from ..core.story import Story

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
DEFAULT_MAX_SESSIONS = 40
GAME_ID = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
# How long a new connection waits for a free place when the server is full: long enough for the
# game of a reloaded page to end (its old connection closes as the new one opens).
WAIT_FOR_ROOM_SECONDS = 5.0
# How long the "full" message stays in a terminal before its connection is closed.
FULL_MESSAGE_SECONDS = 60.0
# A websocket message larger than this closes its connection (keys and sizes are a few bytes).
MAX_MESSAGE = 64 * 1024
# The largest terminal a browser may ask for, in cells.
MAX_WIDTH, MAX_HEIGHT = 400, 200
# A game whose browser has left is asked to quit, and killed if it has not within this time.
QUIT_GRACE_SECONDS = 3.0
# Pings keep a connection alive; a browser that stops answering (a laptop closed, the network
# gone) is let go after about 1.5 times this. A tab closed, or a page left, ends at once. Not
# shorter: while forty games start, a pong may wait a few seconds for a busy server's turn.
HEARTBEAT_SECONDS = 10.0
# Games that start at the same moment share the CPUs: forty at once all finish late. So at most
# one game per CPU draws its first screen at a time, the others queue (a game counts as started
# once it has sent a first screen's worth of bytes, or after STARTING_SECONDS), and the median
# student sees the game in about half the time.
STARTING_SECONDS = 3.0
FIRST_SCREEN_BYTES = 2000
STARTING_PER_CPU = 6
HERE = Path(__file__).resolve().parent

# The command of the game that the current websocket handler is starting (see `command`).
_SESSION_COMMAND: contextvars.ContextVar[str | None] = contextvars.ContextVar("zhanaozen_session_command", default=None)


def new_game_id() -> str:
    """A random, unguessable game id (22 characters of [A-Za-z0-9_-])."""
    return secrets.token_urlsafe(16)


def new_token() -> str:
    """The teacher's token: 32 random characters, printed at start."""
    return secrets.token_urlsafe(24)


def full_message(max_sessions: int) -> str:
    """What a student's browser is told when the server is full, in the class's language."""
    return ngettext(
        "The classroom server is full ({count} game at once). "
        "Try again in a minute, or ask your teacher to raise --max-sessions.",
        "The classroom server is full ({count} games at once). "
        "Try again in a minute, or ask your teacher to raise --max-sessions.",
        max_sessions,
    ).format(count=max_sessions)


def full_page(max_sessions: int) -> str:
    message = html.escape(full_message(max_sessions))
    heading = html.escape(_("The classroom server is full"))
    return (
        f'<!DOCTYPE html>\n<html lang="{html.escape(language() or "en")}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta http-equiv="refresh" content="60">\n'
        f"<title>Zhanaozen: {heading}</title>\n"
        '<link rel="stylesheet" href="/classroom-static/page.css">\n</head>\n<body class="notice">\n'
        f'<h1>{heading}</h1>\n<p id="full">{message}</p>\n'
        f"<p>{html.escape(_('This page tries again by itself every minute.'))}</p>\n</body>\n</html>\n"
    )


# --- the rules of a connection (pure, so tested without a server) ---------------------------------
def origin_allowed(origin: str | None, scheme: str, host: str) -> bool:
    """A websocket may be opened by the game's own page only. Browsers always send `Origin`; a
    program that sends none is no web page acting behind a student's back, and is let in."""
    if origin is None:
        return True
    return origin.strip().lower() == f"{scheme}://{host}".lower()


def clamp_size(width: object, height: object) -> tuple[int, int] | None:
    """A terminal size from a browser, within 1..400 x 1..200 cells; None if not numbers."""
    if not isinstance(width, (int, float)) or not isinstance(height, (int, float)):
        return None
    if isinstance(width, bool) or isinstance(height, bool) or width != width or height != height:
        return None
    return int(max(1, min(MAX_WIDTH, width))), int(max(1, min(MAX_HEIGHT, height)))


def query_size(value: str | None, default: int, largest: int) -> int:
    try:
        return max(1, min(largest, int(value or default)))
    except ValueError:
        return default


def session_command(story_dir: Path, db_path: Path, game_id: str, language: str = "", chapter: str = "") -> str:
    """The shell command of one game when it is not forked from the warm parent."""
    # `--option=value`: a game id may begin with "-".
    args = [
        sys.executable,
        "-m",
        "zhanaozen_game.classroom.serve",
        f"--session={game_id}",
        f"--story={Path(story_dir).resolve()}",
        f"--class-db={Path(db_path).resolve()}",
        f"--lang={language or 'en'}",
        *([f"--chapter={chapter}"] if chapter else []),
    ]
    if os.name == "nt":
        return subprocess.list2cmdline(args)
    return "exec " + shlex.join(args)  # the shell gives way to the game: one process per game


def start_language(story_dir: Path, language: str) -> str:
    """The language a game starts in (one the story has), made the interface's."""
    from ..core.i18n import set_language
    from ..core.languages import normalise_language, pick_language

    chosen = pick_language(Path(story_dir), normalise_language(language))
    set_language(chosen)
    return chosen


def run_session(game_id: str, story_dir: Path, db_path: Path, language: str = "", chapter: str = "") -> int:
    """One browser address's game, with its saves in the class database."""
    if not GAME_ID.match(game_id):
        print(f"zhanaozen: not a game id: {game_id[:80]!r}", file=sys.stderr)
        return 2
    from .game import run_game

    language = start_language(story_dir, language)
    return run_game(Path(story_dir), Path(db_path), game_id, language=language, chapter=chapter)


def make_server(
    story_dir: Path,
    db_path: Path,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    max_sessions: int = DEFAULT_MAX_SESSIONS,
    title: str = "Zhanaozen",
    token: str | None = None,
    ephemeral: bool = False,
    fork: bool = True,
    language: str = "",
    chapter: str = "",
):
    """The textual-serve server of the classroom (not started: call its `serve()`); games start in
    `language` ("" for English), and each student can switch in the game; new games start at
    `chapter` ("" for the story's start)."""
    server = _server_class()(Path(story_dir), Path(db_path), host, port, max_sessions, title)
    server.token = token or new_token()
    server.ephemeral = ephemeral
    server.fork = fork and os.name == "posix"
    server.language = language
    server.chapter = chapter
    return server


_CLASS = None


def _server_class():
    """textual-serve's Server with a game per page address, the teacher's pages, and safety.

    Defined on first use, so that a game never imports textual-serve or aiohttp.
    """
    global _CLASS
    if _CLASS is not None:
        return _CLASS

    import asyncio
    import logging
    import signal

    import jinja2
    from aiohttp import WSMsgType, web
    from textual_serve.app_service import AppService
    from textual_serve.server import Server

    from . import teacher
    from .db import ClassDB

    log = logging.getLogger("zhanaozen.classroom")

    class ForkedProcess:
        """What textual-serve's AppService uses of a process, for a game forked by the warm parent."""

        def __init__(self, pid: int, stdin, stdout, stderr) -> None:
            self.pid, self.stdin, self.stdout, self.stderr = pid, stdin, stdout, stderr

        def kill(self) -> None:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except OSError:
                pass

    class GameService(AppService):
        """One game: forked from the warm parent (or started), sized safely, ended surely."""

        def __init__(self, *args, server: ClassroomServer, game: str, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            self.server = server
            self.game = game
            self._starting = False
            self._sent = 0

        async def start(self, width: int, height: int) -> None:
            await self.server.starting.acquire()
            self._starting = True
            asyncio.get_running_loop().call_later(STARTING_SECONDS, self._started)
            try:
                await super().start(width, height)
            except BaseException:
                self._started()
                raise

        def _started(self) -> None:
            if self._starting:
                self._starting = False
                self.server.starting.release()

        async def on_data(self, payload: bytes) -> None:
            if self._starting:
                self._sent += len(payload)
                if self._sent >= FIRST_SCREEN_BYTES:
                    self._started()
            await super().on_data(payload)

        async def _open_app_process(self, width: int = 80, height: int = 24):
            if self.server.forker is None:
                return await super()._open_app_process(width, height)
            loop = asyncio.get_running_loop()
            in_read, in_write = os.pipe()
            out_read, out_write = os.pipe()
            err_read, err_write = os.pipe()
            try:
                pid = await self.server.forker.fork(
                    {
                        "game": self.game,
                        "width": width,
                        "height": height,
                        "language": self.server.language,
                        "chapter": self.server.chapter,
                    },
                    [in_read, out_write, err_write],
                )
            except BaseException:
                for fd in (in_write, out_read, err_read):
                    os.close(fd)
                raise
            finally:
                for fd in (in_read, out_write, err_write):
                    os.close(fd)
            readers = []
            for fd in (out_read, err_read):
                reader = asyncio.StreamReader(limit=2**20)
                await loop.connect_read_pipe(partial(asyncio.StreamReaderProtocol, reader), os.fdopen(fd, "rb", 0))
                readers.append(reader)
            transport, protocol = await loop.connect_write_pipe(
                lambda: asyncio.StreamReaderProtocol(asyncio.StreamReader()), os.fdopen(in_write, "wb", 0)
            )
            stdin = asyncio.StreamWriter(transport, protocol, None, loop)
            process = ForkedProcess(pid, stdin, *readers)
            self._process = process  # type: ignore[assignment]  # what AppService uses of a Process
            self._stdin = stdin
            return process  # type: ignore[return-value]

        async def set_terminal_size(self, width: int, height: int) -> None:
            size = clamp_size(width, height)
            if size is not None:
                await super().set_terminal_size(*size)

        def kill(self) -> None:
            if self._process is not None:
                try:
                    self._process.kill()
                except ProcessLookupError:
                    pass

        async def stop(self) -> None:
            """Ask the game to quit; kill it if it has not within QUIT_GRACE_SECONDS."""
            self._started()
            task = self._task
            if task is None:
                return
            self._task = None
            try:
                await asyncio.wait_for(self._quit(task), QUIT_GRACE_SECONDS)
            except (asyncio.TimeoutError, Exception):
                self.kill()
                try:
                    await asyncio.wait_for(task, QUIT_GRACE_SECONDS)
                except (asyncio.TimeoutError, Exception):
                    task.cancel()

        async def _quit(self, task) -> None:
            await self._download_manager.cancel_app_downloads(app_service_id=self.app_service_id)
            await self.send_meta({"type": "quit"})
            await asyncio.shield(task)

    class Forker:
        """The warm parent (`forkserver.py`) and how to ask it for a game."""

        def __init__(self, story_dir: Path, db_path: Path) -> None:
            self.folder = Path(tempfile.mkdtemp(prefix="zhanaozen-fork-"))
            self.socket = self.folder / "fork.sock"
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "zhanaozen_game.classroom.forkserver",
                    f"--socket={self.socket}",
                    f"--story={Path(story_dir).resolve()}",
                    f"--class-db={Path(db_path).resolve()}",
                ],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
            )
            assert self.process.stdout is not None
            if self.process.stdout.readline().strip() != b"ready":
                self.close()
                raise OSError("the fork server did not start")

        async def fork(self, request: dict, fds: list[int]) -> int:
            import socket

            loop = asyncio.get_running_loop()
            connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            connection.setblocking(False)
            try:
                await loop.sock_connect(connection, str(self.socket))
                await loop.run_in_executor(None, socket.send_fds, connection, [json.dumps(request).encode()], fds)
                answer = json.loads(await loop.sock_recv(connection, 1024) or b"{}")
            finally:
                connection.close()
            if "pid" not in answer:
                raise OSError(f"the fork server could not start a game: {answer.get('error', 'no answer')}")
            return int(answer["pid"])

        def close(self) -> None:
            if self.process.stdin:
                self.process.stdin.close()  # the fork server ends when its stdin closes
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
            shutil.rmtree(self.folder, ignore_errors=True)

    @web.middleware
    async def safety(request: web.Request, handler) -> web.StreamResponse:
        """Every response: a strict Content-Security-Policy, no framing, no sniffing, no referrer."""
        problem: web.HTTPException | None = None
        try:
            response = await handler(request)
        except web.HTTPException as raised:
            problem = response = raised
        host = request.host
        headers = response.headers
        headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
            f"font-src 'self'; connect-src 'self' ws://{host} wss://{host}; frame-ancestors 'none'; "
            "base-uri 'none'; form-action 'self'; object-src 'none'",
        )
        headers["X-Frame-Options"] = "DENY"
        headers["X-Content-Type-Options"] = "nosniff"
        headers["Referrer-Policy"] = "no-referrer"
        if problem is not None:
            raise problem
        return response

    async def no_banner(request: web.Request, response: web.StreamResponse) -> None:
        response.headers["Server"] = "zhanaozen"  # no software or version for a scanner to match

    class ClassroomServer(Server):
        def __init__(self, story_dir: Path, db_path: Path, host: str, port: int, max_sessions: int, title: str) -> None:
            self.story_dir = story_dir
            self.db_path = db_path
            self.max_sessions = max_sessions
            self.sessions = 0  # games running now (one process each)
            self.games: dict[str, int] = {}  # game id -> connections running it now
            self._handlers: set[asyncio.Task] = set()
            self.token = ""
            self.ephemeral = False
            self.fork = True
            self.language = ""
            self.chapter = ""
            self.forker: Forker | None = None
            self.starting = asyncio.Semaphore(STARTING_PER_CPU * max(1, os.cpu_count() or 1))
            self.db: ClassDB | None = None
            self.story: Story | None = None  # read at start-up
            self.pages = jinja2.Environment(
                loader=jinja2.FileSystemLoader(HERE / "templates"),
                autoescape=True,
                trim_blocks=True,
                lstrip_blocks=True,
            )
            super().__init__(
                command=session_command(story_dir, db_path, "<game id>"), host=host, port=port, title=title
            )

        # textual-serve builds a game's command from `self.command`: within one websocket handler
        # (one asyncio task, so one context) the command is that page's game's.
        @property
        def command(self) -> str:
            return _SESSION_COMMAND.get() or self._default_command

        @command.setter
        def command(self, value: str) -> None:
            self._default_command = value

        def initialize_logging(self) -> None:
            super().initialize_logging()
            logging.getLogger("aiohttp.access").setLevel(logging.WARNING)  # no line per request

        async def _make_app(self) -> web.Application:
            app = web.Application(middlewares=[safety], client_max_size=MAX_MESSAGE)
            app.on_response_prepare.append(no_banner)
            app.add_routes(
                [
                    web.get("/", self.handle_index, name="index"),
                    web.get("/game/{game}", self.handle_game_page, name="game"),
                    web.get("/game/{game}/ws", self.handle_websocket, name="game-websocket"),
                    web.get("/download/{key}", self.handle_download, name="download"),
                    web.static("/static", self.statics_path, name="static"),
                    web.static("/classroom-static", HERE / "static", name="classroom-static"),
                ]
            )
            teacher.add_routes(app, self)
            app.on_startup.append(self.on_startup)
            app.on_shutdown.append(self.on_shutdown)
            app.on_cleanup.append(self.on_cleanup)
            return app

        def render(self, template: str, status: int = 200, **context) -> web.Response:
            text = self.pages.get_template(template).render(**context)
            return web.Response(
                text=text, status=status, content_type="text/html", headers={"Cache-Control": "no-store"}
            )

        def is_full(self) -> bool:
            return self.sessions >= self.max_sessions

        def full_response(self) -> web.Response:
            return web.Response(
                text=full_page(self.max_sessions),
                status=503,
                content_type="text/html",
                headers={"Retry-After": "60", "Cache-Control": "no-store"},
            )

        async def handle_index(self, request: web.Request) -> web.StreamResponse:
            """`/`: a new game, at its own address (reloading that page keeps the game)."""
            if self.is_full():
                return self.full_response()
            raise web.HTTPFound(request.app.router["game"].url_for(game=new_game_id()))

        async def handle_game_page(self, request: web.Request) -> web.StreamResponse:
            """`/game/<id>`: the page whose terminal plays this address's game."""
            game = request.match_info["game"]
            if not GAME_ID.match(game):
                raise web.HTTPFound(request.app.router["index"].url_for())
            if self.is_full() and game not in self.games:  # a reload of a running game may go on
                return self.full_response()
            websocket = request.app.router["game-websocket"].url_for(game=game)
            return self.render(
                "game.html",
                lang=language() or "en",
                start=_("Start"),
                ended=_("The game has ended. Your progress is kept: press Restart to go on."),
                restart=_("Restart"),
                title=self.title,
                font_size=query_size(request.query.get("fontsize"), 16, 48),
                websocket=f"{'wss' if request.secure else 'ws'}://{request.host}{websocket}",
            )

        async def handle_websocket(self, request: web.Request) -> web.StreamResponse:  # type: ignore[override]
            """One game's terminal: the page's own origin only; refused with a message when full."""
            scheme = "https" if request.secure else "http"
            if not origin_allowed(request.headers.get("Origin"), scheme, request.host):
                raise web.HTTPForbidden(text=_("This game can only be played from its own page."))
            game = request.match_info.get("game", "")
            if not GAME_ID.match(game):
                raise web.HTTPNotFound()
            if not await self._wait_for_room():
                return await self._refuse(request)
            self.sessions += 1
            self.games[game] = self.games.get(game, 0) + 1
            token = _SESSION_COMMAND.set(
                session_command(self.story_dir, self.db_path, game, self.language, self.chapter)
            )
            task = asyncio.current_task()
            if task is not None:
                self._handlers.add(task)
            try:
                return await self._play(request, game)
            finally:
                _SESSION_COMMAND.reset(token)
                self._handlers.discard(task)
                self.sessions -= 1
                self.games[game] -= 1
                if not self.games[game]:
                    del self.games[game]

        async def _play(self, request: web.Request, game: str) -> web.WebSocketResponse:
            websocket = web.WebSocketResponse(heartbeat=HEARTBEAT_SECONDS, max_msg_size=MAX_MESSAGE)
            width = query_size(request.query.get("width"), 80, MAX_WIDTH)
            height = query_size(request.query.get("height"), 24, MAX_HEIGHT)
            service: GameService | None = None
            try:
                await websocket.prepare(request)
                service = GameService(
                    self.command,
                    write_bytes=websocket.send_bytes,
                    write_str=websocket.send_str,
                    close=websocket.close,
                    download_manager=self.download_manager,
                    debug=self.debug,
                    server=self,
                    game=game,
                )
                await service.start(width, height)
                await self._process_messages(websocket, service)
            except asyncio.CancelledError:
                pass
            except Exception as error:
                log.exception(error)
            finally:
                if service is not None:
                    await service.stop()
                await websocket.close()
            return websocket

        async def _process_messages(self, websocket: web.WebSocketResponse, app_service) -> None:
            """The browser's messages: keys, sizes (clamped), pings; anything else is ignored.
            A message over MAX_MESSAGE ends the loop (aiohttp closes the connection, 1009)."""
            async for message in websocket:
                if message.type != WSMsgType.TEXT:
                    if message.type in (WSMsgType.ERROR, WSMsgType.CLOSE):
                        break
                    continue
                try:
                    envelope = json.loads(message.data)
                    kind, data = envelope[0], envelope[1]
                except (ValueError, TypeError, IndexError, KeyError):
                    continue
                if kind == "stdin" and isinstance(data, str):
                    await app_service.send_bytes(data.encode("utf-8", "replace"))
                elif kind == "resize" and isinstance(data, dict):
                    await app_service.set_terminal_size(data.get("width"), data.get("height"))
                elif kind == "ping" and isinstance(data, (str, int, float)):
                    await websocket.send_json(["pong", data])
                elif kind == "blur":
                    await app_service.blur()
                elif kind == "focus":
                    await app_service.focus()

        async def _wait_for_room(self) -> bool:
            loop = asyncio.get_running_loop()
            deadline = loop.time() + WAIT_FOR_ROOM_SECONDS
            while self.is_full():
                if loop.time() >= deadline:
                    return False
                await asyncio.sleep(0.1)
            return True  # the caller takes the place before it awaits anything

        async def _refuse(self, request: web.Request) -> web.WebSocketResponse:
            websocket = web.WebSocketResponse(heartbeat=15, max_msg_size=MAX_MESSAGE)
            await websocket.prepare(request)
            text = full_message(self.max_sessions)
            await websocket.send_bytes(("\x1b[2J\x1b[H\x1b[1m" + text + "\x1b[0m\r\n").encode("utf-8"))
            try:
                await asyncio.wait_for(self._drain(websocket), FULL_MESSAGE_SECONDS)
            except asyncio.TimeoutError:
                pass
            await websocket.close()
            return websocket

        @staticmethod
        async def _drain(websocket: web.WebSocketResponse) -> None:
            async for _message in websocket:
                pass

        async def on_startup(self, app: web.Application) -> None:
            from ..core.loader import open_story

            self.db = ClassDB(self.db_path)
            self.story = open_story(self.story_dir).story
            if self.fork:
                try:
                    self.forker = await asyncio.get_running_loop().run_in_executor(
                        None, Forker, self.story_dir, self.db_path
                    )
                except OSError as err:
                    log.warning("games start as new processes (slower): %s", err)
            for line in (
                startup_lines(
                    self.host, self.port, self.max_sessions, self.db_path, self.token, ephemeral=self.ephemeral
                )
                + self.chapter_lines()
            ):
                self.console.print(line, highlight=False, markup=False, soft_wrap=True)

        def chapter_lines(self) -> list[str]:
            """What the teacher reads of `--chapter`: where the students' new games start."""
            if not self.chapter or self.story is None or self.chapter not in self.story.chapters:
                return []
            chapter = self.story.chapters[self.chapter]
            return [
                f"New games start at the chapter \u201c{chapter.title}\u201d ({self.chapter}); a student's game "
                "already under way goes on where it is."
            ]

        async def on_shutdown(self, app: web.Application) -> None:
            # End every game: each handler then stops its process (every answer and choice is in
            # the database already) and closes its websocket.
            for task in list(self._handlers):
                task.cancel()
            if self._handlers:
                await asyncio.wait(list(self._handlers), timeout=10)

        async def on_cleanup(self, app: web.Application) -> None:
            if self.forker is not None:
                self.forker.close()
            if self.db is not None:
                self.db.close()

    _CLASS = ClassroomServer
    return _CLASS


def startup_lines(
    host: str,
    port: int,
    max_sessions: int,
    db_path: Path | None = None,
    token: str = "",
    ephemeral: bool = False,
) -> list[str]:
    """What the teacher reads when the server starts: the students' address, the teacher's, the class."""
    loopback = host in ("127.0.0.1", "localhost", "::1") or host.startswith("127.")
    any_address = host in ("0.0.0.0", "::", "")
    shown = f"[{host}]" if ":" in host else host
    where = "<this computer's IP address>" if any_address else shown
    lines = ["Zhanaozen classroom server: every browser tab is a student's game."]
    if loopback:
        lines.append(f"Students open: http://{shown}:{port}/ (in a browser on this computer).")
        lines.append(
            f"Only this computer can connect. To open it to a classroom network, start it with "
            f"--host 0.0.0.0, allow TCP port {port} in this computer's firewall, and give the "
            f"students http://<this computer's IP address>:{port}/ (the IP address is in "
            f"`ip addr`, `ipconfig` or the network settings)."
        )
    else:
        lines.append(
            f"Students open: http://{where}:{port}/ (on this computer: http://127.0.0.1:{port}/"
            f"{'' if any_address else ' may not work; use the address above'})."
        )
        lines.append(
            f"Anyone on the network who can reach port {port} can play: stop the server (Ctrl+C) "
            f"after the lesson. If a student cannot connect, allow TCP port {port} in this "
            f"computer's firewall."
        )
    if token:
        teacher_host = shown if loopback or not any_address else "127.0.0.1"
        lines.append(f"Teacher (keep this address to yourself): http://{teacher_host}:{port}/teacher?token={token}")
    lines.append(
        f"At most {max_sessions} game{'s' * (max_sessions != 1)} at once (--max-sessions); past "
        f"that, a browser is told the server is full."
    )
    if db_path is not None:
        if ephemeral:
            lines.append(f"Class: {db_path} (--ephemeral: removed when the server stops).")
        else:
            lines.append(
                f"Class: {db_path} (kept when the server stops: restart it and every game goes on; "
                f"`zhanaozen class export` and `zhanaozen class delete` when you are done)."
            )
    lines.append("Press Ctrl+C to stop.")
    return lines


def run_serve(
    story_dir: Path,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    max_sessions: int = DEFAULT_MAX_SESSIONS,
    class_name: str | None = None,
    class_db: Path | None = None,
    ephemeral: bool = False,
    fork: bool = True,
    language: str = "",
    chapter: str = "",
) -> int:
    """Serve the game to browsers until Ctrl+C (or SIGTERM); the exit status for the command line."""
    from .db import ClassDB, ClassError, class_path

    story_dir = Path(story_dir)
    if not (story_dir / "story.yaml").is_file():
        print(f"zhanaozen: {story_dir} is not a story folder: it has no story.yaml", file=sys.stderr)
        return 2
    if max_sessions < 1:
        print("zhanaozen: --max-sessions must be at least 1", file=sys.stderr)
        return 2
    if not 0 < port < 65536:
        print("zhanaozen: --port must be between 1 and 65535", file=sys.stderr)
        return 2
    from ..core.loader import open_story
    from ..report_text import blocking_errors_text

    report = open_story(story_dir)
    if report.errors or report.story is None:
        print(blocking_errors_text(report, "served"), file=sys.stderr)
        return 1
    if chapter:
        from ..core.chapters import UnknownChapter, chapter_starts, start_at

        try:
            start_at(chapter_starts(report.story), report.story, chapter)
        except UnknownChapter as problem:
            print(f"zhanaozen: {problem}", file=sys.stderr)
            return 2
    temporary = Path(tempfile.mkdtemp(prefix="zhanaozen-class-")) if ephemeral else None
    try:
        path = temporary / "class.sqlite3" if temporary else class_path(class_name, class_db)
        ClassDB(path).close()  # made (or checked) before the first student arrives
    except ClassError as err:
        print(f"zhanaozen: {err}", file=sys.stderr)
        return 2
    try:
        server = make_server(
            story_dir,
            path,
            host,
            port,
            max_sessions,
            title=report.story.meta.title,
            ephemeral=ephemeral,
            fork=fork,
            language=language,
            chapter=chapter,
        )
        try:
            server.serve()
        except OSError as err:
            print(f"zhanaozen: cannot serve on {host}:{port}: {err.strerror or err}", file=sys.stderr)
            return 1
        return 0
    finally:
        if temporary is not None:
            shutil.rmtree(temporary, ignore_errors=True)


def add_class_arguments(parser: argparse.ArgumentParser) -> None:
    """--class and --class-db: which class (database) a command works on."""
    parser.add_argument(
        "--class",
        dest="class_name",
        default=None,
        metavar="NAME",
        help="the class (default: 'default'), kept in the user data folder as classes/NAME.sqlite3",
    )
    parser.add_argument("--class-db", type=Path, default=None, metavar="FILE", help="the class's database file")


def add_serve_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of `zhanaozen serve` (besides --story), for the command line's parser."""
    parser.add_argument(
        "--host",
        default=DEFAULT_HOST,
        help=f"the address to listen on (default {DEFAULT_HOST}: this computer only; 0.0.0.0 opens it to the network)",
    )
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"the port (default {DEFAULT_PORT})")
    parser.add_argument(
        "--max-sessions",
        type=int,
        default=DEFAULT_MAX_SESSIONS,
        metavar="N",
        help=f"games at once, each a process (default {DEFAULT_MAX_SESSIONS})",
    )
    add_class_arguments(parser)
    parser.add_argument(
        "--ephemeral",
        action="store_true",
        help="a throwaway class in a temporary folder, removed when the server stops (for a try-out)",
    )
    parser.add_argument(
        "--chapter",
        metavar="ID",
        default="",
        help="students' new games start at this chapter (e.g. december-16), for a lesson on one chapter",
    )
    parser.add_argument("--no-fork", action="store_true", help=argparse.SUPPRESS)


def main(argv: list[str] | None = None) -> int:
    """`python -m zhanaozen_game.classroom.serve`: the server, or (with --session) one browser's game."""
    parser = argparse.ArgumentParser(
        prog="python -m zhanaozen_game.classroom.serve",
        description="Serve the game to browsers (what `zhanaozen serve` does).",
    )
    parser.add_argument(
        "--story",
        type=Path,
        default=None,
        metavar="DIR",
        help="the story folder (default: the story that ships with the game)",
    )
    add_serve_arguments(parser)
    parser.add_argument("--session", metavar="GAME_ID", help=argparse.SUPPRESS)
    parser.add_argument("--lang", default="", metavar="LANG", help="the language games start in (default: English)")
    args = parser.parse_args(argv)
    if args.story is None:
        from ..core.paths import shipped_story

        args.story = shipped_story()
    if args.session is not None:
        if args.class_db is None:
            parser.error("--session needs --class-db")
        return run_session(args.session, args.story, args.class_db, args.lang, args.chapter)
    return run_serve(
        args.story,
        args.host,
        args.port,
        args.max_sessions,
        args.class_name,
        args.class_db,
        args.ephemeral,
        fork=not args.no_fork,
        language=args.lang,
        chapter=args.chapter,
    )


if __name__ == "__main__":
    sys.exit(main())
