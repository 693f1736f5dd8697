"""`zhanaozen serve`: the game in real headless Chromium through textual-serve, for a class: the
student's name, play, answers, handing in, the teacher's pages, a server killed and restarted; and
the safety rules (Origin, sizes, token, headers) without a browser.

The server runs in a subprocess (`python -m zhanaozen_game.classroom.serve`) on a free loopback port and is
always stopped. Chromium is Debian's (/usr/bin/chromium, installed by `.ci/run`), driven by
Playwright; Playwright never downloads a browser of its own. xterm.js draws the terminal on a
canvas, so the tests read the text the player sees from the terminal's own buffer: a small script,
run before the page's, keeps a reference to the xterm.js Terminal that textual.js creates.
"""

from __future__ import annotations

import asyncio
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
from zhanaozen_game.classroom.db import ClassDB

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


def sign_in(page, name: str) -> str:
    """A first visit: type the student's name; the resume code the game shows."""
    wait_for_text(page, r"Who is playing")
    for key in name:
        press(page, key)
    press(page, "Enter")
    text = wait_for_text(page, r"Your resume code")
    code = re.search(r"\b([A-Z]{7})\b", text.split("Your resume code", 1)[1]).group(1)
    press(page, "Enter")
    wait_for_text(page, r"New game")
    return code


def click_text(page, text: str) -> None:
    """Click (with the mouse, through xterm.js) the terminal cell where `text` is shown."""
    lines = screen(page).split("\n")
    row = next(n for n, line in enumerate(lines) if text in line)
    column = lines[row].index(text)
    box = page.locator(".xterm-screen").bounding_box()
    rows, columns = page.evaluate("[window.__terminal.rows, window.__terminal.cols]")
    width, height = box["width"] / columns, box["height"] / rows
    page.mouse.click(box["x"] + (column + 1.5) * width, box["y"] + (row + 0.5) * height)


def type_answer(page, server, game: str, first: str, rest: str) -> None:
    """Click the reflection answer box and type `first` until the game has saved it; then the rest."""
    for _ in range(3):
        click_text(page, "Your answer")
        page.keyboard.type(first)
        try:
            eventually(lambda: server.autosaves()[game]["state"]["answers"] == [first], timeout=8)
            break
        except AssertionError:
            continue
    else:
        raise AssertionError(f"the answer box did not take the answer:\n{screen(page)}")
    page.keyboard.type(rest)


# --- the server ------------------------------------------------------------------------------------
class Classroom:
    """`python -m zhanaozen_game.classroom.serve` in a subprocess, on a free loopback port."""

    def __init__(self, story_dir: Path, db: Path, log: Path, max_sessions: int, port: int | None = None) -> None:
        self.db = db
        self.log = log
        if port is None:
            with socket.socket() as probe:
                probe.bind(("127.0.0.1", 0))
                port = probe.getsockname()[1]
        self.port = port
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
                    "--class-db",
                    str(db),
                ],
                stdin=subprocess.DEVNULL,
                stdout=output,
                stderr=subprocess.STDOUT,
                env=env,
            )
        deadline = time.monotonic() + 30
        while "Press Ctrl+C" not in self.output():
            if self.process.poll() is not None:
                raise AssertionError(f"the server stopped at start-up:\n{self.output()}")
            if time.monotonic() > deadline:
                raise AssertionError(f"the server did not start within 30 s:\n{self.output()}")
            time.sleep(0.1)
        self.token = re.search(r"/teacher\?token=([A-Za-z0-9_-]+)", self.output()).group(1)

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def get(self, path: str, headers: dict | None = None) -> http.client.HTTPResponse:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        response.data = response.read()
        response.body = response.data.decode("utf-8", "replace")
        connection.close()
        return response

    def teacher(self, path: str = "/teacher", query: str = "") -> http.client.HTTPResponse:
        return self.get(f"{path}?token={self.token}{query}")

    def autosaves(self) -> dict[str, dict]:
        """{game id: its autosave} for every browser address the class knows."""
        database = ClassDB(self.db)
        try:
            rows = database.connection.execute(
                "SELECT t.game, g.save FROM tabs t JOIN games g ON g.student = t.student WHERE g.slot = 'autosave'"
            )
            return {game: json.loads(save) for game, save in rows}
        finally:
            database.close()

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
    """A factory of servers for the test story (one class database); every server is stopped."""
    story.story["content_note"] = "A content note for the class."  # shown before a first new game
    story.write()
    servers = []

    def start(max_sessions: int = serve.DEFAULT_MAX_SESSIONS, port: int | None = None) -> Classroom:
        server = Classroom(
            story.root, tmp_path / "class.sqlite3", tmp_path / f"serve{len(servers)}.log", max_sessions, port
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
@pytest.mark.slow
def test_a_student_plays_answers_hands_in_and_the_teacher_sees_it(browser, classroom, story):
    story.scenes["scenes"]["e1"]["reflect"] = ["What would you do now?"]
    story.write()
    server = classroom()
    requests = []
    context = browser.new_context(viewport={"width": 1100, "height": 700}, accept_downloads=True)
    context.set_default_timeout(WAIT * 1000)
    downloads = []
    context.on("page", lambda new: new.on("download", lambda download: downloads.append(download)))
    page = context.new_page()
    page.on("download", lambda download: downloads.append(download))
    page.on("request", lambda request: requests.append(request.url))
    page.add_init_script(KEEP_TERMINAL)
    page.goto(server.url)
    game = game_id(page)  # `/` sent the browser to a new game's own address

    # The page: a language, a title, a viewport for phones; nothing from the internet.
    assert page.evaluate("document.documentElement.lang") == "en"
    assert page.title() == "Test story"
    assert "width=device-width" in page.evaluate("document.querySelector('meta[name=viewport]').content")

    code = sign_in(page, "Ada Lovelace")
    press(page, "n")
    wait_for_text(page, r"Content note")
    press(page, "y")
    wait_for_text(page, r"Hello\.")
    press(page, "1")
    wait_for_text(page, r"Middle text\.")
    press(page, "1")
    wait_for_text(page, r"Ending: Struck")
    type_answer(page, server, game, "W", "e ")
    page.locator(".xterm-helper-textarea").blur()  # the student looks elsewhere, and comes back
    page.locator(".xterm-helper-textarea").focus()
    page.keyboard.type("struck")

    def answered():
        saves = server.autosaves()
        return saves.get(game, {}).get("state", {}).get("answers") == ["We struck"]

    eventually(answered, what="the answer saved as it was typed")
    press(page, "Escape")  # leaves the box
    wait_for_text(page, r"e Hand in")
    press(page, "e")
    for _ in range(int(WAIT * 10)):  # Playwright delivers its events while it is called
        if downloads:
            break
        page.wait_for_timeout(100)
    assert downloads, "the transcript was not downloaded"
    download = downloads[0]
    assert download.suggested_filename == "zhanaozen-Ada-Lovelace.html"
    handed_in = Path(download.path()).read_text(encoding="utf-8")
    assert "Ada Lovelace" in handed_in and "We struck" in handed_in
    wait_for_text(page, r"Handed in")
    external = [url for url in requests if not url.startswith(server.url)]
    assert external == [], "the page loaded something from elsewhere"

    # The teacher's pages: the student, where she is, her answer and her transcript.
    assert server.get("/teacher").status == 403
    assert server.get("/teacher?token=wrong").status == 403
    assert server.get("/teacher/debrief").status == 403
    assert server.get("/teacher/transcripts.zip").status == 403
    home = server.teacher()
    assert home.status == 200 and 'http-equiv="refresh"' in home.body
    assert "Ada Lovelace" in home.body and code in home.body and "Struck" in home.body
    link = re.search(r'href="(/teacher/transcript/\d+\?token=[^"]+)"', home.body).group(1)
    transcript = server.get(link.replace("&amp;", "&"))
    assert transcript.status == 200 and "We struck" in transcript.body
    debrief = server.teacher("/teacher/debrief")
    assert "What would you do now?" in debrief.body and "We struck" in debrief.body and "Ada Lovelace" in debrief.body
    hidden = server.teacher("/teacher/debrief", "&names=off")
    assert "We struck" in hidden.body and "Ada Lovelace" not in hidden.body
    archive = server.teacher("/teacher/transcripts.zip")
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(archive.data)) as opened:
        (name,) = opened.namelist()
        assert name.startswith("Ada-Lovelace") and "We struck" in opened.read(name).decode()
    context.close()


@pytest.mark.slow
def test_a_server_killed_with_sigkill_restarts_and_the_student_goes_on(browser, classroom):
    server = classroom()
    page = open_page(browser, server.url)
    game = game_id(page)
    sign_in(page, "Bo")
    press(page, "n")
    wait_for_text(page, r"Content note")
    press(page, "y")
    wait_for_text(page, r"Hello\.")
    press(page, "2")
    wait_for_text(page, r"Middle text\.")
    eventually(lambda: server.autosaves().get(game, {}).get("state", {}).get("scene") == "b", what="the autosave")

    server.process.kill()  # SIGKILL: no shutdown of any kind
    server.process.wait(timeout=10)
    again = classroom(port=server.port)
    page.reload()
    assert game_id(page) == game
    wait_for_text(page, r"c\s{2,}Continue")  # the address is Bo's: no name asked, Continue offered
    press(page, "c")
    wait_for_text(page, r"Middle text\.")
    assert again.autosaves()[game]["state"]["vars"]["joined"] is False
    page.context.close()


@pytest.mark.slow
def test_two_students_have_their_own_games(browser, classroom):
    server = classroom()
    # The first at a game's address (a bookmark, say) whose id begins with "-", the second at `/`.
    first = open_page(browser, f"{server.url}game/-{serve.new_game_id()}")
    second = open_page(browser, server.url)
    assert game_id(first).startswith("-") and game_id(first) != game_id(second)
    for page, name in ((first, "One"), (second, "Two")):
        sign_in(page, name)
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
    assert saves[game_id(first)]["state"]["vars"]["joined"] is True
    assert saves[game_id(second)]["state"]["vars"]["joined"] is False
    for page in (first, second):
        page.context.close()


@pytest.mark.slow
def test_a_full_server_says_so_and_frees_the_place_when_a_game_ends(browser, classroom):
    server = classroom(max_sessions=1)
    first = open_page(browser, server.url)
    wait_for_text(first, r"Who is playing")

    # A second student, at the server's address: the page that says the server is full.
    second = open_page(browser, server.url)
    message = serve.full_message(1)
    assert "The classroom server is full (1 game at once)" in message
    assert message in second.locator("#full").inner_text()
    assert server.get("/").status == 503

    # A second tab of a running game waits a moment for a place, then says the server is full.
    third = open_page(browser, first.url)
    wait_for_text(third, r"classroom server is full", timeout=serve.WAIT_FOR_ROOM_SECONDS + WAIT)
    third.context.close()

    # The first game ends: its place is free again, and the second student gets a game.
    first.context.close()

    def a_game_starts():
        second.goto(server.url)
        return "/game/" in second.url

    eventually(a_game_starts, what="a free place after the first game ended")
    wait_for_text(second, r"Who is playing")
    second.context.close()


# --- without a browser ------------------------------------------------------------------------------
def websocket_handshake(server: Classroom, path: str, origin: str | None) -> int:
    headers = {
        "Upgrade": "websocket",
        "Connection": "Upgrade",
        "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
        "Sec-WebSocket-Version": "13",
    }
    if origin is not None:
        headers["Origin"] = origin
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    connection.request("GET", path, headers=headers)
    status = connection.getresponse().status
    connection.close()
    return status


def game_processes(server: Classroom) -> list[int]:
    """The games running now: children of the fork server (itself the server's child)."""

    def children(pid: int) -> list[int]:
        found = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                if int(fields[1]) == pid and fields[0] != "Z":
                    found.append(int(entry.name))
        return found

    return [game for parent in children(server.process.pid) for game in children(parent)]


def test_the_page_and_every_response_carry_the_safety_headers(classroom):
    server = classroom()
    home = server.get("/")
    assert home.status == 302 and re.fullmatch(r"/game/[A-Za-z0-9_-]{22}", home.getheader("Location"))
    assert server.get("/").getheader("Location") != home.getheader("Location")
    assert server.get("/game/..%2F..%2Fetc").status in (302, 404)
    for response in (home, server.get(home.getheader("Location")), server.get("/teacher"), server.get("/nowhere")):
        csp = response.getheader("Content-Security-Policy")
        assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
        assert response.getheader("X-Frame-Options") == "DENY"
        assert response.getheader("X-Content-Type-Options") == "nosniff"
        assert response.getheader("Referrer-Policy") == "no-referrer"
        assert not re.search(r"[0-9]", response.getheader("Server", "")), "a version banner"
    page = server.get(home.getheader("Location"))
    assert page.status == 200
    assert f"ws://127.0.0.1:{server.port}{home.getheader('Location')}/ws" in page.body
    assert "googleapis" not in page.body and "<script>" not in page.body
    assert (
        '<html lang="en">' in page.body and 'name="viewport"' in page.body and "<title>Test story</title>" in page.body
    )
    assert server.get("/static/").status in (403, 404)  # no folder listing


def test_the_websocket_refuses_other_origins(classroom):
    server = classroom()
    path = f"/game/{serve.new_game_id()}/ws"
    assert websocket_handshake(server, path, "http://evil.example") == 403
    assert websocket_handshake(server, path, f"http://localhost:{server.port}") == 403
    assert websocket_handshake(server, path, f"http://127.0.0.1:{server.port}") == 101


def test_a_large_message_closes_the_connection_and_the_game_ends_when_its_browser_leaves(classroom):
    import aiohttp

    server = classroom()

    async def play() -> tuple:
        url = f"ws://127.0.0.1:{server.port}/game/{serve.new_game_id()}/ws?width=9999&height=-5"
        origin = f"http://127.0.0.1:{server.port}"
        async with aiohttp.ClientSession() as client, client.ws_connect(url, origin=origin, max_msg_size=0) as socket_:
            await socket_.receive(timeout=30)  # the game has started: it draws
            await socket_.send_str(json.dumps(["resize", {"width": 10**9, "height": "x"}]))
            games = await asyncio.get_running_loop().run_in_executor(None, game_processes, server)
            await socket_.send_str(json.dumps(["stdin", "x" * (serve.MAX_MESSAGE + 1)]))
            while not socket_.closed:
                message = await socket_.receive(timeout=30)
                if message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED):
                    break
            return games, socket_.close_code

    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as thread:  # a loop of its own (Playwright's may be running here)
        games, code = thread.submit(asyncio.run, play()).result()
    assert len(games) == 1 and code == 1009  # "message too big"
    left = time.monotonic()
    eventually(lambda: not game_processes(server), timeout=10, what="the game's end")
    assert time.monotonic() - left < 5 + 1  # within 5 s of its browser leaving (1 s for polling)


def test_the_rules_of_a_connection():
    assert serve.origin_allowed("http://127.0.0.1:8000", "http", "127.0.0.1:8000")
    assert serve.origin_allowed("HTTP://Example.org", "http", "example.org")
    assert serve.origin_allowed(None, "http", "127.0.0.1:8000")  # not a browser: no page to fear
    for origin in ("http://evil.example", "https://127.0.0.1:8000", "http://127.0.0.1:8001", "null", ""):
        assert not serve.origin_allowed(origin, "http", "127.0.0.1:8000")
    assert serve.clamp_size(80, 24) == (80, 24)
    assert serve.clamp_size(10**9, 10**9) == (400, 200)
    assert serve.clamp_size(-3, 0) == (1, 1)
    assert serve.clamp_size(1e400, 5) == (400, 5)
    for bad in (("80", 24), (None, 24), (True, 24), (float("nan"), 3)):
        assert serve.clamp_size(*bad) is None
    assert serve.query_size("9999", 80, 400) == 400 and serve.query_size("x", 80, 400) == 80


def test_the_teachers_token():
    from zhanaozen_game.classroom.teacher import token_ok

    token = serve.new_token()
    assert len(token) >= 32 and token != serve.new_token()
    assert token_ok(token, token)
    assert not token_ok(None, token) and not token_ok("", token) and not token_ok(token[:-1], token)
    assert not token_ok("", "")  # a server without a token lets nobody in


def test_a_session_needs_a_game_id(story, tmp_path):
    assert serve.run_session("../../escape-attempt", story.root, tmp_path / "class.sqlite3") == 2
    assert not (tmp_path / "class.sqlite3").exists()
    command = serve.session_command(story.root, tmp_path / "root dir" / "c.sqlite3", "A" * 22)
    assert "--session=AAAAAAAAAAAAAAAAAAAAAA" in command and "'" in command  # the space is quoted


def test_a_game_id_may_begin_with_a_dash(story, tmp_path, monkeypatch):
    """token_urlsafe ids begin with "-" one time in 64: the session's command must still parse."""
    game = "-" + "a" * 21
    words = shlex.split(serve.session_command(story.root, tmp_path / "c.sqlite3", game))
    argv = words[words.index("zhanaozen_game.classroom.serve") + 1 :]
    assert argv[0] == f"--session={game}"
    called = []
    monkeypatch.setattr(serve, "run_session", lambda *args: called.append(args) or 0)
    assert serve.main(argv) == 0
    # Games start in English, and at the story's start.
    assert called == [(game, story.root.resolve(), (tmp_path / "c.sqlite3").resolve(), "en", "")]
    russian = shlex.split(serve.session_command(story.root, tmp_path / "c.sqlite3", game, "ru"))
    assert "--lang=ru" in russian


def test_the_server_refuses_what_it_cannot_serve(tmp_path, story, capsys, save_home):
    assert serve.run_serve(tmp_path / "nowhere") == 2
    assert serve.run_serve(story.root, max_sessions=0) == 2
    assert serve.run_serve(story.root, class_name="../x", port=1) == 2
    story.scenes["scenes"]["a"]["choices"][0]["goto"] = "missing"
    story.write()
    assert serve.run_serve(story.root, port=1) == 1
    assert "cannot be served" in capsys.readouterr().err


def test_the_start_up_message_gives_the_students_and_the_teachers_addresses():
    local = "\n".join(serve.startup_lines("127.0.0.1", 8000, 40, Path("/tmp/x.sqlite3"), "TOKEN", ephemeral=True))
    assert "http://127.0.0.1:8000/" in local and "--host 0.0.0.0" in local and "firewall" in local
    assert "http://127.0.0.1:8000/teacher?token=TOKEN" in local
    assert "removed when the server stops" in local
    network = "\n".join(serve.startup_lines("0.0.0.0", 8000, 40, Path("/tmp/x.sqlite3"), "T"))
    assert "http://<this computer's IP address>:8000/" in network and "Ctrl+C" in network
    assert "kept when the server stops" in network and "zhanaozen class export" in network
