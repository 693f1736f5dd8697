"""A smoke test on a real pseudo-terminal: no control sequence from a story reaches the terminal.

Textual writes whatever text it is given, even with markup off, so the loader strips control
characters from every string. This runs the game as a player would, under a pty, on a scene
whose text holds escape sequences written with YAML escapes, and reads every byte it sends.
"""

from __future__ import annotations

import os
import pty
import select
import sys
import time

import pytest

HOSTILE_TEXT = "Clipboard \\e]52;c;UFdORUQ=\\a clear \\e[2J csi \\x9b2J rlo \\u202e end.[^n1]"


def read_until(fd: int, needle: bytes, collected: bytearray, timeout: float = 15.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                return needle in collected
            if not chunk:
                return needle in collected
            collected.extend(chunk)
            if needle in collected:
                return True
    return needle in collected


@pytest.mark.timeout(60)
def test_no_control_sequence_from_the_story_reaches_the_terminal(story, tmp_path):
    path = story.root / "scenes.yaml"
    text = path.read_text().replace("text: Hello.[^n1]", f'text: "{HOSTILE_TEXT}"')
    assert HOSTILE_TEXT in text
    path.write_text(text)
    home = tmp_path / "home" / "saves" / "test-story"
    home.mkdir(parents=True)
    (home / "content-note-seen").touch()
    pid, fd = pty.fork()
    if pid == 0:  # the child: the game, as a player starts it
        os.environ.update(
            {"TERM": "xterm-256color", "ZHANAOZEN_HOME": str(tmp_path / "home"), "COLUMNS": "100", "LINES": "30"}
        )
        os.execv(sys.executable, [sys.executable, "-m", "zhanaozen_game", "play", "--story", str(story.root)])
    collected = bytearray()
    try:
        assert read_until(fd, b"New game", collected), collected[-500:]
        os.write(fd, b"n")
        assert read_until(fd, b"csi", collected), collected[-500:]
        os.write(fd, b"q")
        read_until(fd, b"\x00never", collected, timeout=3)
    finally:
        try:
            os.kill(pid, 9)
        except ProcessLookupError:
            pass
        os.waitpid(pid, 0)
        os.close(fd)
    assert b"clear" in collected and b"rlo" in collected  # the scene was drawn
    for bad in (b"\x1b]52", b"UFdORUQ=\x07", b"\xc2\x9b", "\u202e".encode()):
        assert bad not in collected, bad
    # Textual clears the screen itself, but never right after the story's word "clear".
    assert b"clear \x1b[2J" not in collected and b"clear\x1b[2J" not in collected


@pytest.mark.timeout(60)
def test_plain_asks_on_a_terminal_before_a_new_game_replaces_the_autosave(story, tmp_path):
    import json
    import subprocess

    env = {**os.environ, "ZHANAOZEN_HOME": str(tmp_path / "home")}
    command = [sys.executable, "-m", "zhanaozen_game", "play", "--plain", "--story", str(story.root)]
    piped = subprocess.run(command, input="\n2\nq\n", capture_output=True, text=True, env=env, timeout=30)
    assert piped.returncode == 0
    autosave = tmp_path / "home" / "saves" / "test-story" / "autosave.json"
    before = autosave.read_bytes()
    pid, fd = pty.fork()
    if pid == 0:  # the child: line mode on a terminal, as a player starts it
        os.environ.update({"TERM": "xterm-256color", "ZHANAOZEN_HOME": str(tmp_path / "home")})
        os.execv(sys.executable, command)
    collected = bytearray()
    try:
        assert read_until(fd, b"(y/n): ", collected), collected[-500:]
        os.write(fd, b"n\n")
        assert read_until(fd, b"Continue it with", collected), collected[-500:]
    finally:
        try:
            os.kill(pid, 9)
        except ProcessLookupError:
            pass
        os.waitpid(pid, 0)
        os.close(fd)
    assert b"Your game so far (Middle, May 2011) is in the autosave" in collected
    assert autosave.read_bytes() == before and json.loads(before)["state"]["scene"] == "b"
    # Through a pipe a script is never asked (it would eat its input); it is told instead.
    again = subprocess.run(command, input="q\n", capture_output=True, text=True, env=env, timeout=30)
    assert "A new game: it replaces the game in the autosave (Middle, May 2011)." in again.stdout
