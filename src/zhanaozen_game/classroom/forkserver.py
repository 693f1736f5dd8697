"""A warm parent for the classroom's games: each game is forked from it, ready to play.

A game started as a new Python process spends most of its start-up importing Textual and the game
and reading the story (about 0.5 s of CPU of the 0.66 s it costs). The fork server does that once:
it imports everything a game needs, reads and checks the story, freezes the garbage collector's
view of those objects (so children share their memory pages), and then, for each request on its
Unix socket, forks a child that plays one game with the pipes it was sent (`socket.send_fds`) as
its standard input, output and error: the same protocol textual-serve speaks to a game it starts
itself. It ends when the server that started it closes its standard input (or dies).

POSIX only; elsewhere (and if it cannot start) the server starts each game as a new process.
"""

from __future__ import annotations

import asyncio
import gc
import json
import os
import select
import signal
import socket
import sys
from pathlib import Path

# What textual-serve's AppService puts in a game's environment (the web driver and its colours).
WEB_ENVIRONMENT = {
    "TEXTUAL_DRIVER": "textual.drivers.web_driver:WebDriver",
    "TEXTUAL_FPS": "60",
    "TEXTUAL_COLOR_SYSTEM": "truecolor",
    "TERM_PROGRAM": "textual",
}
MAX_REQUEST = 4096


def die_with_parent(signal_number: int) -> None:
    """Linux: be sent `signal_number` when the parent process dies (even by SIGKILL)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal_number, 0, 0, 0)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def warm_up(story_dir: Path):
    """Import what a game needs and read the story; the story's report."""
    os.environ.update(WEB_ENVIRONMENT)
    try:
        from importlib.metadata import version

        os.environ["TERM_PROGRAM_VERSION"] = version("textual-serve")
    except Exception:
        pass
    import textual.drivers.web_driver
    import textual.widgets  # noqa: F401

    from ..core.export import build  # noqa: F401
    from ..core.loader import open_story
    from ..tui.screens import content_note, ending, help, play, title  # noqa: F401
    from . import game  # noqa: F401

    report = open_story(story_dir)
    share_css_parsing()
    if not report.errors and report.story is not None:
        try:
            asyncio.run(asyncio.wait_for(draw_once(story_dir, report), 30))
        except Exception as err:  # a warm-up only: the games start all the same
            print(f"zhanaozen: the fork server's warm-up failed: {err!r}", file=sys.stderr)
    gc.collect()
    gc.freeze()  # the objects made so far stay shared with every child (copy-on-write)
    return report


def share_css_parsing() -> None:
    """Parsing Textual CSS is a third of a game's start: keep what the warm parent parsed.

    Textual caches parsed rules per stylesheet, that is per app; this cache is per process (so
    forked games inherit the warm parent's), keyed as Textual's is plus the theme's variables, so
    a game whose player switches theme parses its CSS again, as it would have.
    """
    from textual.css.stylesheet import Stylesheet

    parse_rules = Stylesheet._parse_rules
    shared: dict = {}

    def _parse_rules(self, css, read_from, is_default_rules=False, tie_breaker=0, scope=""):
        key = (css, read_from, is_default_rules, tie_breaker, scope, tuple(sorted(self._variables.items())))
        rules = shared.get(key)
        if rules is None:
            rules = shared[key] = parse_rules(self, css, read_from, is_default_rules, tie_breaker, scope)
        return rules

    Stylesheet._parse_rules = _parse_rules  # type: ignore[method-assign]


async def draw_once(story_dir: Path, report) -> None:
    """Run a game headless to its first screen, in a throwaway class: its CSS is parsed, and the
    code of a first frame has run once (lazy imports, caches)."""
    import tempfile

    from .db import ClassDB
    from .game import ClassroomApp

    with tempfile.TemporaryDirectory(prefix="zhanaozen-warm-") as folder:
        db = ClassDB(Path(folder) / "warm.sqlite3")
        try:
            app = ClassroomApp(story_dir, db, "warm-up-game-0000", report)
            async with app.run_test(size=(100, 30)) as pilot:
                await pilot.pause()
        finally:
            db.close()


def child(connection: socket.socket, listener: socket.socket, fds: list[int], request: dict, story_dir, db, report):
    """In the forked child: the pipes become fds 0, 1, 2 and the game runs; never returns."""
    code = 1
    try:
        listener.close()
        connection.close()
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        os.setsid()
        die_with_parent(signal.SIGKILL)  # the fork server is gone: so is the server, and its pipes
        for target, fd in zip((0, 1, 2), fds):
            os.dup2(fd, target)
            os.close(fd)
        os.environ["COLUMNS"] = str(int(request.get("width", 80)))
        os.environ["ROWS"] = str(int(request.get("height", 24)))
        from .game import run_game
        from .serve import start_language

        language = start_language(Path(story_dir), str(request.get("language", "")))
        chapter = str(request.get("chapter", ""))
        code = run_game(Path(story_dir), Path(db), str(request["game"]), report, language, chapter)
    except BaseException:
        import traceback

        traceback.print_exc()
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except Exception:
            pass
        os._exit(code)


def serve(socket_path: Path, story_dir: Path, db: Path) -> int:
    die_with_parent(signal.SIGTERM)
    report = warm_up(story_dir)
    if report.errors or report.story is None:
        print("zhanaozen: the story has errors; the fork server stops", file=sys.stderr)
        return 1
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children are reaped by the system
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the server's; it closes our stdin
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(str(socket_path))
    os.chmod(socket_path, 0o600)
    listener.listen(64)
    print("ready", flush=True)
    while True:
        readable, _, _ = select.select([listener, sys.stdin], [], [])
        if sys.stdin in readable and not os.read(sys.stdin.fileno(), 1024):
            return 0  # the server has gone
        if listener not in readable:
            continue
        connection, _ = listener.accept()
        fds: list[int] = []
        try:
            message, fds, _, _ = socket.recv_fds(connection, MAX_REQUEST, 3)
            request = json.loads(message)
            if len(fds) != 3 or not isinstance(request, dict):
                raise ValueError("a request is a JSON object and three file descriptors")
            pid = os.fork()
            if pid == 0:
                child(connection, listener, fds, request, story_dir, db, report)
            connection.sendall(json.dumps({"pid": pid}).encode())
        except (OSError, ValueError) as err:
            try:
                connection.sendall(json.dumps({"error": str(err)}).encode())
            except OSError:
                pass
        finally:
            for fd in fds:
                os.close(fd)
            connection.close()


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m zhanaozen_game.classroom.forkserver")
    parser.add_argument("--socket", type=Path, required=True)
    parser.add_argument("--story", type=Path, required=True)
    parser.add_argument("--class-db", type=Path, required=True)
    args = parser.parse_args(argv)
    return serve(args.socket, args.story, args.class_db)


if __name__ == "__main__":
    sys.exit(main())
