"""`zhanaozen serve`: the Textual game in browsers, for a class, with textual-serve.

textual-serve starts one process per browser connection (a websocket) and streams its terminal to
xterm.js in the page. On top of it, this module adds what a classroom needs:

- Every game has its own save folder. Opening the server's address (`/`) sends the browser to a
  new game's own address, `/game/<id>` with a random id; that page's terminal runs
  `python -m zhanaozen_game.classroom.serve --session <id> ...`, which plays the game with
  `ZHANAOZEN_HOME=<sessions root>/<id>`. Two students never share a folder, so they never
  overwrite each other's saves.
- Reloading the page (or the page's Restart button) keeps its address, so it keeps its folder: the
  game starts again at the title screen, where Continue (`c`) goes on from the autosave. A new tab
  opened at the server's address is a new game.
- At most `max_sessions` games run at once (each is a process). Past that, a browser gets a page
  saying the classroom server is full, instead of a game.
- The server listens on loopback unless told otherwise (`--host 0.0.0.0` opens it to a network).

The save folders live under a temporary folder, removed when the server stops, unless a folder is
given (`sessions_root`), which is then kept.

textual-serve and aiohttp are imported only by the server, never by a game session, so a
session starts as fast as `zhanaozen play`.
"""

from __future__ import annotations

import argparse
import contextvars
import html
import os
import re
import secrets
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
DEFAULT_MAX_SESSIONS = 40
GAME_ID = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
# How long a new connection waits for a free place when the server is full: long enough for the
# game of a reloaded page to end (its old connection closes as the new one opens).
WAIT_FOR_ROOM_SECONDS = 5.0
# How long the "full" message stays in a terminal before its connection is closed.
FULL_MESSAGE_SECONDS = 60.0

# The command of the game session that the current websocket handler is starting (see `command`).
_SESSION_COMMAND: contextvars.ContextVar[str | None] = contextvars.ContextVar("zhanaozen_session_command", default=None)


def new_game_id() -> str:
    """A random, unguessable game id (22 characters of [A-Za-z0-9_-])."""
    return secrets.token_urlsafe(16)


def full_message(max_sessions: int) -> str:
    return (
        f"The classroom server is full ({max_sessions} game{'s' * (max_sessions != 1)} at once). "
        "Try again in a minute, or ask your teacher to raise --max-sessions."
    )


def full_page(max_sessions: int) -> str:
    message = html.escape(full_message(max_sessions))
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta http-equiv="refresh" content="60">\n'
        "<title>Zhanaozen: the classroom server is full</title>\n"
        "<style>body{background:#0c181f;color:#eee;font:1.25rem/1.5 sans-serif;margin:4rem auto;"
        "max-width:40rem;padding:0 1rem}</style>\n</head>\n<body>\n"
        f'<h1>The classroom server is full</h1>\n<p id="full">{message}</p>\n'
        "<p>This page tries again by itself every minute.</p>\n</body>\n</html>\n"
    )


def session_command(story_dir: Path, sessions_root: Path, game_id: str, language: str = "") -> str:
    """The shell command textual-serve runs for one game: this module in session mode."""
    # `--option=value`: a game id may begin with "-".
    args = [
        sys.executable,
        "-m",
        "zhanaozen_game.classroom.serve",
        f"--session={game_id}",
        f"--story={Path(story_dir).resolve()}",
        f"--sessions-root={Path(sessions_root).resolve()}",
        f"--lang={language or 'en'}",
    ]
    if os.name == "nt":
        return subprocess.list2cmdline(args)
    return "exec " + shlex.join(args)  # the shell gives way to the game: one process per game


def run_session(game_id: str, story_dir: Path, sessions_root: Path, language: str = "") -> int:
    """One browser's game: its own save folder `sessions_root/game_id`, then the Textual game."""
    if not GAME_ID.match(game_id):
        print(f"zhanaozen: not a game id: {game_id[:80]!r}", file=sys.stderr)
        return 2
    home = Path(sessions_root) / game_id
    home.mkdir(parents=True, exist_ok=True)
    os.environ["ZHANAOZEN_HOME"] = str(home)
    from ..core.i18n import set_language
    from ..core.languages import normalise_language, pick_language

    language = pick_language(Path(story_dir), normalise_language(language))
    set_language(language)
    from ..tui.app import run_app

    return run_app(Path(story_dir), language=language)


def make_server(
    story_dir: Path,
    sessions_root: Path,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    max_sessions: int = DEFAULT_MAX_SESSIONS,
    title: str = "Zhanaozen",
    saves_kept: bool = True,
    language: str = "",
):
    """The textual-serve server of the classroom (not started: call its `serve()`); every game
    starts in `language` ("" for English), and each student can switch in the game."""
    server = _server_class()(Path(story_dir), Path(sessions_root), host, port, max_sessions, title)
    server.saves_kept = saves_kept
    server.language = language
    return server


_CLASS = None


def _server_class():
    """textual-serve's Server with a game (and a save folder) per page address, and a cap.

    Defined on first use, so that a game session never imports textual-serve or aiohttp.
    """
    global _CLASS
    if _CLASS is not None:
        return _CLASS

    import asyncio

    import aiohttp_jinja2
    from aiohttp import web
    from textual_serve.server import Server, to_int

    class ClassroomServer(Server):
        def __init__(
            self, story_dir: Path, sessions_root: Path, host: str, port: int, max_sessions: int, title: str
        ) -> None:
            self.story_dir = story_dir
            self.sessions_root = sessions_root
            self.max_sessions = max_sessions
            self.sessions = 0  # games running now (one process each)
            self.games: dict[str, int] = {}  # game id -> connections running it now
            self._handlers: set[asyncio.Task] = set()
            self.saves_kept = True  # only for the message at start-up
            super().__init__(
                command=session_command(story_dir, sessions_root, "<game id>"), host=host, port=port, title=title
            )

        # textual-serve's websocket handler starts `self.command` for each connection: within one
        # handler (one asyncio task, so one context) the command is that page's game's.
        @property
        def command(self) -> str:
            return _SESSION_COMMAND.get() or self._default_command

        @command.setter
        def command(self, value: str) -> None:
            self._default_command = value

        def initialize_logging(self) -> None:
            super().initialize_logging()
            import logging

            logging.getLogger("aiohttp.access").setLevel(logging.WARNING)  # no line per request

        async def _make_app(self) -> web.Application:
            app = await super()._make_app()
            app.router.add_get("/game/{game}", self.handle_game_page, name="game")
            app.router.add_get("/game/{game}/ws", self.handle_websocket, name="game-websocket")
            return app

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
            """`/`: a new game, at its own address (reloading that page keeps the game's saves)."""
            if self.is_full():
                return self.full_response()
            raise web.HTTPFound(request.app.router["game"].url_for(game=new_game_id()))

        async def handle_game_page(self, request: web.Request) -> web.StreamResponse:
            """`/game/<id>`: textual-serve's page, its terminal connected to this game."""
            game = request.match_info["game"]
            if not GAME_ID.match(game):
                raise web.HTTPFound(request.app.router["index"].url_for())
            if self.is_full() and game not in self.games:  # a reload of a running game may go on
                return self.full_response()
            # Addresses as the browser reached the server (the host may be any of its addresses).
            scheme = "https" if request.secure else "http"
            origin = f"{scheme}://{request.host}"
            static = request.app.router["static"].url_for(filename="/")
            websocket = request.app.router["game-websocket"].url_for(game=game)
            context = {
                "font_size": to_int(request.query.get("fontsize", "16"), 16),
                "app_websocket_url": f"{'wss' if request.secure else 'ws'}://{request.host}{websocket}",
                "config": {"static": {"url": f"{origin}{static}".rstrip("/") + "/"}},
                "application": {"name": self.title},
            }
            response = aiohttp_jinja2.render_template("app_index.html", request, context)
            response.headers["Cache-Control"] = "no-store"
            return response

        async def handle_websocket(self, request: web.Request) -> web.StreamResponse:  # type: ignore[override]
            """One game's terminal; refused with a message in the terminal when the server is full."""
            game = request.match_info.get("game", "")
            if not GAME_ID.match(game):  # textual-serve's own /ws: a game with no address
                game = new_game_id()
            if not await self._wait_for_room():
                return await self._refuse(request)
            self.sessions += 1
            self.games[game] = self.games.get(game, 0) + 1
            token = _SESSION_COMMAND.set(
                session_command(self.story_dir, self.sessions_root, game, getattr(self, "language", ""))
            )
            task = asyncio.current_task()
            if task is not None:
                self._handlers.add(task)
            try:
                return await super().handle_websocket(request)
            finally:
                _SESSION_COMMAND.reset(token)
                self._handlers.discard(task)
                self.sessions -= 1
                self.games[game] -= 1
                if not self.games[game]:
                    del self.games[game]

        async def _wait_for_room(self) -> bool:
            loop = asyncio.get_running_loop()
            deadline = loop.time() + WAIT_FOR_ROOM_SECONDS
            while self.is_full():
                if loop.time() >= deadline:
                    return False
                await asyncio.sleep(0.1)
            return True  # the caller takes the place before it awaits anything

        async def _refuse(self, request: web.Request) -> web.WebSocketResponse:
            websocket = web.WebSocketResponse(heartbeat=15)
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
            for line in startup_lines(self.host, self.port, self.max_sessions, self.sessions_root, self.saves_kept):
                self.console.print(line, highlight=False, markup=False, soft_wrap=True)

        async def on_shutdown(self, app: web.Application) -> None:
            # End every game: each handler then stops its process (the game autosaves after every
            # choice, so nothing is lost) and closes its websocket.
            for task in list(self._handlers):
                task.cancel()
            if self._handlers:
                await asyncio.wait(list(self._handlers), timeout=10)

    _CLASS = ClassroomServer
    return _CLASS


def startup_lines(
    host: str, port: int, max_sessions: int, sessions_root: Path | None = None, saves_kept: bool = True
) -> list[str]:
    """What the teacher reads when the server starts: where to open it and how to open it to a class."""
    loopback = host in ("127.0.0.1", "localhost", "::1") or host.startswith("127.")
    shown = f"[{host}]" if ":" in host else host
    lines = ["Zhanaozen classroom server: every browser tab is its own game, with its own saves."]
    if loopback:
        lines.append(f"Open http://{shown}:{port}/ in a browser on this computer.")
        lines.append(
            f"Only this computer can connect. To open it to a classroom network, start it with "
            f"--host 0.0.0.0, allow TCP port {port} in this computer's firewall, and give the "
            f"students http://<this computer's IP address>:{port}/ (the IP address is in "
            f"`ip addr`, `ipconfig` or the network settings)."
        )
    else:
        any_address = host in ("0.0.0.0", "::", "")
        where = "<this computer's IP address>" if any_address else shown
        lines.append(
            f"Students open http://{where}:{port}/ (on this computer: http://127.0.0.1:{port}/"
            f"{'' if any_address else ' may not work; use the address above'})."
        )
        lines.append(
            f"Anyone on the network who can reach port {port} can play: stop the server (Ctrl+C) "
            f"after the lesson. If a student cannot connect, allow TCP port {port} in this "
            f"computer's firewall."
        )
    lines.append(
        f"At most {max_sessions} game{'s' * (max_sessions != 1)} at once (--max-sessions); past "
        f"that, a browser is told the server is full."
    )
    if sessions_root is not None:
        kept = "kept" if saves_kept else "removed when the server stops"
        lines.append(
            f"Saves: {sessions_root}, one folder per game ({kept}). Reloading a page keeps its "
            f"game: press c on the title screen to continue."
        )
    lines.append("Press Ctrl+C to stop.")
    return lines


def run_serve(
    story_dir: Path,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    max_sessions: int = DEFAULT_MAX_SESSIONS,
    sessions_root: Path | None = None,
    language: str = "",
) -> int:
    """Serve the game to browsers until Ctrl+C (or SIGTERM); the exit status for the command line.

    `sessions_root` is where each game's save folder goes; by default a temporary folder, removed
    when the server stops (a folder that is given is kept).
    """
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
    temporary = sessions_root is None
    root = Path(tempfile.mkdtemp(prefix="zhanaozen-classroom-")) if sessions_root is None else Path(sessions_root)
    try:
        root.mkdir(parents=True, exist_ok=True)
        server = make_server(
            story_dir,
            root,
            host,
            port,
            max_sessions,
            title=report.story.meta.title,
            saves_kept=not temporary,
            language=language,
        )
        try:
            server.serve()
        except OSError as err:
            print(f"zhanaozen: cannot serve on {host}:{port}: {err.strerror or err}", file=sys.stderr)
            return 1
        return 0
    finally:
        if temporary:
            shutil.rmtree(root, ignore_errors=True)


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
    parser.add_argument(
        "--sessions-root",
        type=Path,
        default=None,
        metavar="DIR",
        help="keep each game's saves in DIR/<game id> (default: a temporary folder, removed when the server stops)",
    )


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
        if args.sessions_root is None:
            parser.error("--session needs --sessions-root")
        return run_session(args.session, args.story, args.sessions_root, args.lang)
    return run_serve(args.story, args.host, args.port, args.max_sessions, args.sessions_root, args.lang)


if __name__ == "__main__":
    sys.exit(main())
