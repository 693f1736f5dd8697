"""`zhanaozen serve`: the game in real headless Chromium through textual-serve, for a class.

The server runs in a subprocess (`python -m zhanaozen_game.classroom.serve`) on a free loopback port and is
always stopped. Chromium is Debian's (/usr/bin/chromium, installed by `.ci/run`), driven by
Playwright; Playwright never downloads a browser of its own. xterm.js draws the terminal on a
canvas, so the tests read the text the player sees from the terminal's own buffer: a small script,
run before the page's, keeps a reference to the xterm.js Terminal that textual.js creates.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from zhanaozen_game.classroom import serve

pytestmark = pytest.mark.timeout(120)

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WAIT = 30.0  # seconds for anything to appear in a page

# Keeps the xterm.js Terminal that textual.js assigns to `this.terminal`, as window.__terminal.
KEEP_TERMINAL = """
Object.defineProperty(Object.prototype, 'terminal', {
  configurable: true,
  get() { return undefined; },
  set(value) {
    if (value && typeof value.loadAddon === 'function' && !window.__terminal) window.__terminal = value;
    Object.defineProperty(this, 'terminal', {value, writable: true, configurable: true, enumerable: true});
  },
});
"""
# The lines on the terminal's screen, as the player sees them (null before the terminal exists).
READ_SCREEN = """() => {
  const terminal = window.__terminal;
  if (!terminal) return null;
  const buffer = terminal.buffer.active, lines = [];
  for (let row = 0; row < terminal.rows; row++) {
    const line = buffer.getLine(buffer.viewportY + row);
    lines.push(line ? line.translateToString(true) : '');
  }
  return lines.join('\\n');
}"""


# --- the browser -----------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.is_file():
        reason = (
            f"{CHROMIUM} is missing: the browser tests need Debian's chromium "
            "(sudo apt-get install chromium; .ci/run installs it)"
        )
        if os.environ.get("CI"):
            pytest.fail(reason, pytrace=False)  # under CI the browser tests must run
        pytest.skip(reason)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail(
            "the Python package playwright is missing: pip install -e '.[test]' (as .ci/run does)", pytrace=False
        )
    with sync_playwright() as playwright:
        # Playwright gives each launch a new, empty profile (its own --user-data-dir).
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_FLAGS, timeout=60_000
        )
        try:
            yield chromium
        finally:
            chromium.close()


def open_page(browser, url: str):
    """A page in a browser context of its own (a student's own browser: no shared cookies)."""
    context = browser.new_context(viewport={"width": 1100, "height": 700})
    context.set_default_timeout(WAIT * 1000)
    page = context.new_page()
    page.add_init_script(KEEP_TERMINAL)
    page.goto(url)
    return page


def screen(page) -> str:
    return page.evaluate(READ_SCREEN) or ""


def wait_for_text(page, pattern: str, timeout: float = WAIT) -> str:
    """Wait until the terminal shows `pattern` (a regular expression); the screen's text."""
    deadline = time.monotonic() + timeout
    text = ""
    while time.monotonic() < deadline:
        text = screen(page)
        if re.search(pattern, text):
            return text
        page.wait_for_timeout(100)
    if not text:  # no terminal: what is the page?
        text = f"(no terminal) {page.url}\n{page.locator('body').inner_text()[:1000]}"
    raise AssertionError(
        f"{pattern!r} did not appear in the browser's terminal within {timeout:.0f} s; it shows:\n{text}"
    )


def press(page, key: str) -> None:
    page.locator(".xterm-helper-textarea").focus()  # xterm.js reads the keyboard there
    page.keyboard.press(key)


def game_id(page) -> str:
    match = re.search(r"/game/([A-Za-z0-9_-]+)$", page.url)
    assert match, f"the page is not a game's address: {page.url}"
    return match.group(1)


# --- the server ------------------------------------------------------------------------------------
class Classroom:
    """`python -m zhanaozen_game.classroom.serve` in a subprocess, on a free loopback port."""

    def __init__(self, story_dir: Path, root: Path, log: Path, max_sessions: int) -> None:
        self.root = root
        self.log = log
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}/"
        env = dict(os.environ, PYTHONUNBUFFERED="1")
        with open(log, "wb") as output:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "zhanaozen_game.classroom.serve",
                    "--story",
                    str(story_dir),
                    "--port",
                    str(self.port),
                    "--max-sessions",
                    str(max_sessions),
                    "--sessions-root",
                    str(root),
                ],
                stdin=subprocess.DEVNULL,
                stdout=output,
                stderr=subprocess.STDOUT,
                env=env,
            )
        deadline = time.monotonic() + 30
        while True:
            if self.process.poll() is not None:
                raise AssertionError(f"the server stopped at start-up:\n{self.output()}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise AssertionError(f"the server did not listen within 30 s:\n{self.output()}") from None
                time.sleep(0.1)

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def get(self, path: str) -> http.client.HTTPResponse:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        connection.request("GET", path)
        response = connection.getresponse()
        response.body = response.read().decode("utf-8", "replace")
        connection.close()
        return response

    def autosaves(self) -> dict[str, dict]:
        """{game id: its autosave} for every game folder under the sessions root."""
        return {
            path.parents[2].name: json.loads(path.read_text(encoding="utf-8"))
            for path in self.root.glob("*/saves/*/autosave.json")
        }

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


@pytest.fixture
def classroom(story, tmp_path):
    """A factory of servers for the test story; every server is stopped after the test."""
    story.story["content_note"] = "A content note for the class."  # shown before a first new game
    story.write()
    servers = []

    def start(max_sessions: int = serve.DEFAULT_MAX_SESSIONS) -> Classroom:
        server = Classroom(
            story.root, tmp_path / f"sessions{len(servers)}", tmp_path / f"serve{len(servers)}.log", max_sessions
        )
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


def eventually(condition, timeout: float = WAIT, what: str = "the condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"{what} did not happen within {timeout:.0f} s")


# --- in the browser ---------------------------------------------------------------------------------
def test_a_student_plays_from_the_title_screen_to_an_ending(browser, classroom):
    server = classroom()
    page = open_page(browser, server.url)
    game = game_id(page)  # `/` sent the browser to a new game's own address
    wait_for_text(page, r"New game")
    press(page, "n")
    wait_for_text(page, r"Content note")
    press(page, "y")
    wait_for_text(page, r"Hello\.")
    press(page, "1")
    wait_for_text(page, r"Middle text\.")
    press(page, "1")
    wait_for_text(page, r"Ending: Struck")
    wait_for_text(page, r"You struck\.")
    saves = eventually(server.autosaves, what="the autosave")
    assert list(saves) == [game]
    assert saves[game]["state"]["scene"] == "e1"

    # Reloading the page keeps its address, so its game: Continue is offered on the title screen.
    page.reload()
    assert game_id(page) == game
    wait_for_text(page, r"c\s{2,}Continue")  # the menu's entry (the footer's is "c Continue")
    press(page, "c")
    wait_for_text(page, r"Ending: Struck")
    assert list(server.autosaves()) == [game]
    page.context.close()


def test_two_students_have_their_own_save_folders(browser, classroom):
    server = classroom()
    # The first at a game's address (a bookmark, say) whose id begins with "-", the second at `/`.
    first = open_page(browser, f"{server.url}game/-{serve.new_game_id()}")
    second = open_page(browser, server.url)
    assert game_id(first).startswith("-") and game_id(first) != game_id(second)
    for page in (first, second):
        wait_for_text(page, r"New game")
        press(page, "n")
        wait_for_text(page, r"Content note")
        press(page, "y")
        wait_for_text(page, r"Hello\.")
    press(first, "1")  # Join
    press(second, "2")  # Stay
    for page in (first, second):
        wait_for_text(page, r"Middle text\.")

    def both_chose():
        saves = server.autosaves()
        return saves if len(saves) == 2 and all(s["state"]["history"] for s in saves.values()) else None

    saves = eventually(both_chose, what="two autosaves, each after a choice")
    assert set(saves) == {game_id(first), game_id(second)}
    assert saves[game_id(first)]["state"]["vars"]["joined"] is True
    assert saves[game_id(second)]["state"]["vars"]["joined"] is False
    folders = sorted(p.name for p in server.root.iterdir())
    assert folders == sorted([game_id(first), game_id(second)])
    for page in (first, second):
        page.context.close()


def test_a_full_server_says_so_and_frees_the_place_when_a_game_ends(browser, classroom):
    server = classroom(max_sessions=1)
    first = open_page(browser, server.url)
    wait_for_text(first, r"New game")

    # A second student, at the server's address: the page that says the server is full.
    second = open_page(browser, server.url)
    message = serve.full_message(1)
    assert "The classroom server is full (1 game at once)" in message
    assert message in second.locator("#full").inner_text()
    assert server.get("/").status == 503
    assert [p.name for p in server.root.iterdir()] == [game_id(first)], "a refused browser started a game"

    # A second tab of a running game (or a reload that comes before its old game has ended) gets
    # the page, and its terminal waits a moment for a place, then says the server is full.
    third = open_page(browser, first.url)
    wait_for_text(third, r"classroom server is full", timeout=serve.WAIT_FOR_ROOM_SECONDS + WAIT)
    third.context.close()

    # The first game ends: its place is free again, and the second student gets a game.
    first.context.close()

    def a_game_starts():
        second.goto(server.url)
        return "/game/" in second.url

    eventually(a_game_starts, what="a free place after the first game ended")
    wait_for_text(second, r"New game")
    second.context.close()


# --- without a browser ------------------------------------------------------------------------------
def test_a_game_address_must_be_a_game_id(classroom):
    server = classroom()
    home = server.get("/")
    assert home.status == 302 and re.fullmatch(r"/game/[A-Za-z0-9_-]{22}", home.getheader("Location"))
    assert server.get("/").getheader("Location") != home.getheader("Location")
    bad = server.get("/game/..%2F..%2Fetc")
    assert bad.status in (302, 404)
    page = server.get(home.getheader("Location"))
    assert page.status == 200
    assert f"ws://127.0.0.1:{server.port}{home.getheader('Location')}/ws" in page.body
    assert list(server.root.iterdir()) == []  # a folder is made only when a game starts


def test_a_session_has_its_own_save_home(story, tmp_path):
    assert serve.run_session("../../escape-attempt", story.root, tmp_path) == 2
    assert not (tmp_path / "escape-attempt").exists()
    command = serve.session_command(story.root, tmp_path / "root dir", "A" * 22)
    assert "--session=AAAAAAAAAAAAAAAAAAAAAA" in command and "'" in command  # the space is quoted
    assert not (tmp_path / "root dir").exists()


def test_a_game_id_may_begin_with_a_dash(story, tmp_path, monkeypatch):
    """token_urlsafe ids begin with "-" one time in 64: the session's command must still parse."""
    game = "-" + "a" * 21
    words = shlex.split(serve.session_command(story.root, tmp_path, game))
    argv = words[words.index("zhanaozen_game.classroom.serve") + 1 :]
    assert argv[0] == f"--session={game}"
    called = []
    monkeypatch.setattr(serve, "run_session", lambda *args: called.append(args) or 0)
    assert serve.main(argv) == 0
    assert called == [(game, story.root.resolve(), tmp_path.resolve(), "en")]  # the language games start in
    russian = shlex.split(serve.session_command(story.root, tmp_path, game, "ru"))
    assert "--lang=ru" in russian


def test_the_server_refuses_what_it_cannot_serve(tmp_path, story, capsys):
    assert serve.run_serve(tmp_path / "nowhere") == 2
    assert serve.run_serve(story.root, max_sessions=0) == 2
    story.scenes["scenes"]["a"]["choices"][0]["goto"] = "missing"
    story.write()
    assert serve.run_serve(story.root, port=1) == 1
    assert "cannot be served" in capsys.readouterr().err


def test_the_start_up_message_says_how_to_open_it_to_a_class():
    local = "\n".join(serve.startup_lines("127.0.0.1", 8000, 40, Path("/tmp/x"), saves_kept=False))
    assert "http://127.0.0.1:8000/" in local and "--host 0.0.0.0" in local and "firewall" in local
    assert "removed when the server stops" in local
    network = "\n".join(serve.startup_lines("0.0.0.0", 8000, 40, None))
    assert "http://<this computer's IP address>:8000/" in network and "Ctrl+C" in network
