"""`zhanaozen lsp`: a real client conversation over stdio, JSON-RPC framed by hand.

The server is started as an editor starts it (`zhanaozen lsp --stdio`); every exchange waits
for the server's answer (no sleeps), with a generous limit so that a broken server fails the
test instead of hanging it.
"""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import quote

import pytest

WAIT = 60  # seconds: only reached when the server is broken


class Client:
    def __init__(self, cwd: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "zhanaozen_game", "lsp", "--stdio"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=cwd,
            env=dict(os.environ),
        )
        self.messages: queue.Queue = queue.Queue()
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        stream = self.process.stdout
        while True:
            length = None
            while True:
                header = stream.readline()
                if not header:
                    return
                if header in (b"\r\n", b"\n"):
                    break
                name, _, value = header.decode("ascii").partition(":")
                if name.lower() == "content-length":
                    length = int(value.strip())
            self.messages.put(json.loads(stream.read(length)))

    def send(self, message: dict) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def notify(self, method: str, params: dict) -> None:
        self.send({"method": method, "params": params})

    def request(self, method: str, params: dict) -> object:
        self.next_id += 1
        number = self.next_id
        self.send({"id": number, "method": method, "params": params})
        while True:
            message = self.messages.get(timeout=WAIT)
            if message.get("id") == number and "method" not in message:
                assert "error" not in message, message
                return message["result"]
            self.unread.append(message)

    unread: list

    def diagnostics_for(self, uri: str, until=lambda diagnostics: True) -> list[dict]:
        """The next diagnostics published for a file that satisfy `until`."""
        while True:
            pending = [m for m in self.unread if m.get("method") == "textDocument/publishDiagnostics"]
            for message in pending:
                self.unread.remove(message)
                if message["params"]["uri"] == uri and until(message["params"]["diagnostics"]):
                    return message["params"]["diagnostics"]
            self.unread.append(self.messages.get(timeout=WAIT))

    def close(self) -> None:
        try:
            self.request("shutdown", None)
            self.notify("exit", None)
            self.process.wait(timeout=WAIT)
        finally:
            if self.process.poll() is None:
                self.process.kill()
            for stream in (self.process.stdin, self.process.stdout, self.process.stderr):
                stream.close()


def uri_of(path: Path) -> str:
    return "file://" + quote(str(path.resolve()))


@pytest.fixture
def client(story, tmp_path):
    talk = Client(tmp_path)
    talk.unread = []
    result = talk.request(
        "initialize",
        {"processId": None, "rootUri": uri_of(story.root), "capabilities": {}},
    )
    assert result["serverInfo"]["name"] == "zhanaozen"
    capabilities = result["capabilities"]
    assert capabilities["completionProvider"] and capabilities["hoverProvider"] and capabilities["definitionProvider"]
    talk.notify("initialized", {})
    yield talk
    talk.close()


def open_file(client, path: Path, text: str | None = None) -> str:
    uri = uri_of(path)
    client.notify(
        "textDocument/didOpen",
        {
            "textDocument": {
                "uri": uri,
                "languageId": "yaml",
                "version": 1,
                "text": path.read_text(encoding="utf-8") if text is None else text,
            }
        },
    )
    return uri


def position_of(text: str, needle: str, shift: int = 0) -> dict:
    index = text.index(needle) + shift
    line = text.count("\n", 0, index)
    return {"line": line, "character": index - (text.rfind("\n", 0, index) + 1)}


def test_diagnostics_on_open_change_and_save_with_exact_ranges(client, story):
    story.scenes["scenes"]["a"]["choices"][0]["goto"] = "bb"
    story.write()
    scene_file = story.root / "scenes.yaml"
    text = scene_file.read_text(encoding="utf-8")
    uri = open_file(client, scene_file)

    diagnostics = client.diagnostics_for(uri, until=bool)
    [unknown] = [d for d in diagnostics if d["code"] == "unknown-scene"]
    start = position_of(text, "goto: bb", len("goto: "))
    assert unknown["range"] == {"start": start, "end": {**start, "character": start["character"] + 2}}
    assert unknown["severity"] == 1 and "did you mean `b`?" in unknown["message"]

    # An unsaved edit that fixes the link: the diagnostics follow the buffer, not the disk.
    fixed = text.replace("goto: bb", "goto: b")
    client.notify(
        "textDocument/didChange",
        {"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": fixed}]},
    )
    assert not [d for d in client.diagnostics_for(uri) if d["code"] == "unknown-scene"]

    # An edit that breaks a variable name in a condition; the range is the name alone.
    broken = fixed.replace("not joined", "not joinde")
    client.notify(
        "textDocument/didChange",
        {"textDocument": {"uri": uri, "version": 3}, "contentChanges": [{"text": broken}]},
    )
    diagnostics = client.diagnostics_for(uri, until=bool)
    [undeclared] = [d for d in diagnostics if d["code"] == "undeclared-variable"]
    start = position_of(broken, "joinde")
    assert undeclared["range"] == {"start": start, "end": {**start, "character": start["character"] + 6}}

    # Saved as fixed: every branch is played, and the findings clear.
    scene_file.write_text(fixed, encoding="utf-8")
    client.notify(
        "textDocument/didChange",
        {"textDocument": {"uri": uri, "version": 4}, "contentChanges": [{"text": fixed}]},
    )
    client.notify("textDocument/didSave", {"textDocument": {"uri": uri}})
    assert client.diagnostics_for(uri, until=lambda found: not found) == []


def test_ranges_count_utf16_units_as_the_protocol_does(client, story):
    # An emoji (two UTF-16 units, one code point) before the mistake on the same line.
    story.scenes["scenes"]["b"]["choices"][2]["if"] = "mood == '😀' or joinde"
    story.write()
    scene_file = story.root / "scenes.yaml"
    text = scene_file.read_text(encoding="utf-8")
    uri = open_file(client, scene_file)
    diagnostics = client.diagnostics_for(uri, until=bool)
    [undeclared] = [d for d in diagnostics if d["code"] == "undeclared-variable"]
    start = position_of(text, "joinde")
    start["character"] += 1  # the emoji counts twice
    assert undeclared["range"] == {"start": start, "end": {**start, "character": start["character"] + 6}}


def test_completion_hover_and_definition(client, story):
    scene_file = story.root / "scenes.yaml"
    text = scene_file.read_text(encoding="utf-8")
    uri = open_file(client, scene_file)
    client.diagnostics_for(uri)

    # After `goto: ` every scene id, with its title and date.
    at_goto = position_of(text, "goto: b", len("goto: "))
    result = client.request("textDocument/completion", {"textDocument": {"uri": uri}, "position": at_goto})
    labels = {item["label"]: item for item in result["items"]}
    assert set(labels) == {"a", "b", "e1", "e2"}
    assert labels["b"]["detail"] == "Middle (2011-05)"

    # Variables in an `if`, with their starting values.
    at_if = position_of(text, "if: joined", len("if: "))
    result = client.request("textDocument/completion", {"textDocument": {"uri": uri}, "position": at_if})
    assert {item["label"] for item in result["items"]} == {"joined", "count", "mood"}

    # Source ids after `source:`, with their titles.
    at_source = position_of(text, "source: s2", len("source: "))
    result = client.request("textDocument/completion", {"textDocument": {"uri": uri}, "position": at_source})
    assert {item["label"]: item["detail"] for item in result["items"]} == {"s1": "Source one", "s2": "Source two"}

    # Note keys of the scene the cursor is in, after `[^`.
    at_marker = position_of(text, "More.[^n2]", len("More.[^"))
    result = client.request("textDocument/completion", {"textDocument": {"uri": uri}, "position": at_marker})
    assert {item["label"] for item in result["items"]} == {"n1", "n2"}
    in_first_scene = position_of(text, "Hello.[^n1]", len("Hello.[^"))
    result = client.request("textDocument/completion", {"textDocument": {"uri": uri}, "position": in_first_scene})
    assert {item["label"] for item in result["items"]} == {"n1"}

    # Hover on a goto: the scene's title and date; on a note marker: its quote.
    hover = client.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": at_goto})
    assert "**Middle**" in hover["contents"]["value"] and "2011-05" in hover["contents"]["value"]
    hover = client.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": at_marker})
    assert "> r" in hover["contents"]["value"] and "Source two" in hover["contents"]["value"]

    # Definition: goto → the scene's key; [^n2] → the note's key; a variable → story.yaml; a source → sources.yaml.
    found = client.request("textDocument/definition", {"textDocument": {"uri": uri}, "position": at_goto})
    assert found["uri"] == uri and found["range"]["start"] == position_of(text, "\n  b:\n", 3)
    found = client.request("textDocument/definition", {"textDocument": {"uri": uri}, "position": at_marker})
    assert found["range"]["start"] == position_of(text, "n2:\n")
    found = client.request("textDocument/definition", {"textDocument": {"uri": uri}, "position": at_if})
    story_text = (story.root / "story.yaml").read_text(encoding="utf-8")
    assert found["uri"] == uri_of(story.root / "story.yaml")
    assert found["range"]["start"] == position_of(story_text, "joined:")
    found = client.request("textDocument/definition", {"textDocument": {"uri": uri}, "position": at_source})
    sources_text = (story.root / "sources.yaml").read_text(encoding="utf-8")
    assert found["uri"] == uri_of(story.root / "sources.yaml")
    assert found["range"]["start"] == position_of(sources_text, "s2:")


def test_completion_context_knows_each_field():
    from zhanaozen_game.lsp import completion_context, split_lines, token_end  # pygls: not at collection

    lines = split_lines("    goto: mee\n    source: so\n    if: joined and co\n    set: { joi\n    set:\n      co")
    assert completion_context(lines, 0, 13) == ("scene", "mee")
    assert completion_context(lines, 1, 14) == ("source", "so")
    assert completion_context(lines, 2, 21) == ("variable", "co")
    assert completion_context(lines, 3, 14) == ("variable", "joi")
    assert completion_context(lines, 5, 8) == ("variable", "co")
    assert completion_context(["    text: plain"], 0, 15) is None
    assert split_lines("a\rb\r\nc\nd") == ["a", "b", "c", "d"]
    assert token_end('goto: "x y"', 6) == 11 and token_end("see [^n1] more", 4) == 9


def test_the_game_never_imports_pygls():
    code = "import sys, zhanaozen_game.cli, zhanaozen_game.core.check; print('pygls' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "False", result.stderr
