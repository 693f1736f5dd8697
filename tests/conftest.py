"""Shared fixtures: a small valid story written to a temporary folder, and a private save home."""

from __future__ import annotations

import copy
import os
from pathlib import Path

import pytest
import yaml
from hypothesis import settings

# CI replays the same examples every run (a submission must not fail on a new random draw);
# local runs keep exploring new inputs.
settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    settings.load_profile("ci")

REPO = Path(__file__).resolve().parent.parent


def pytest_xdist_auto_num_workers(config) -> int | None:
    """`-n auto` (in addopts): half as many workers again as there are cores. About a quarter of
    a Textual test's time is spent waiting for the app to be idle (Pilot sleeps until it is), and
    a third worker uses it: on a 2-core machine the suite took 211 s with 2 workers, 173 s with 3
    and 178 s with 4. $PYTEST_XDIST_AUTO_NUM_WORKERS still decides when it is set."""
    if os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS") or config.option.numprocesses != "auto":
        return None
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, cores * 3 // 2)


def pytest_collection_modifyitems(items) -> None:
    """Tests marked slow first. Each worker starts on its own stretch of the list and idle workers
    take from the end of the others': a long test met last leaves the others idle until it ends
    (a browser test started at 136 s of a 150 s run), one met first is run while they work."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


STORY = {
    "title": "Test story",
    "start": "a",
    "vars": {"joined": False, "count": 0, "mood": "calm"},
    "chapters": [{"id": "c1", "title": "One", "period": "2011"}],
    "fiction": "The narrator is one of the fictional composites; the dates are real.",
    "content_note": "This story tells of a strike and of violence, soberly.",
}
CARD = "Who wrote it. From what position. What it could not know."
SOURCES = {
    "s1": {"title": "Source one", "standpoint": CARD, "text": "texts/s1.txt"},
    "s2": {"title": "Source two", "standpoint": CARD, "text": "texts/s2.txt"},
}
# The full texts of the sources: every quote of the fixture story stands in them.
SOURCE_TEXTS = {"texts/s1.txt": "The source says q, and more.\n", "texts/s2.txt": "The other says r.\n"}


def _scene(title, text, notes=None, **extra):
    scene = {"title": title, "date": "2011-05", "text": text, "notes": notes or {"n1": {"source": "s1", "quote": "q"}}}
    scene.update(extra)
    return scene


SCENES = {
    "chapter": "c1",
    "scenes": {
        "a": _scene(
            "Start",
            "Hello.[^n1]",
            reflect=["Why?"],
            choices=[
                {"text": "Join", "goto": "b", "set": {"joined": True}, "add": {"count": 1}},
                {"text": "Stay", "goto": "b"},
            ],
        ),
        "b": _scene(
            "Middle",
            "Middle text.[^n1] More.[^n2]",
            notes={"n1": {"source": "s1", "quote": "q"}, "n2": {"source": "s2", "quote": "r"}},
            choices=[
                {"text": "Strike", "goto": "e1", "if": "joined and count >= 1"},
                {"text": "Go home", "goto": "e2", "if": "not joined"},
                {"text": "Talk", "goto": "e2", "if": "mood == 'calm'"},
            ],
        ),
        "e1": _scene(
            "End one", "E1.[^n1]", ending={"title": "Struck", "summary": "You struck.", "debrief": "Really.[^n1]"}
        ),
        "e2": _scene("End two", "E2.[^n1]", ending={"title": "Home", "summary": "You stayed."}),
    },
}


def dump(data) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


class StoryFolder:
    """A story in a temporary folder, with helpers to change one file and re-check."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.story = copy.deepcopy(STORY)
        self.sources = copy.deepcopy(SOURCES)
        self.scenes = copy.deepcopy(SCENES)
        self.write()

    def write(self) -> StoryFolder:
        (self.root / "story.yaml").write_text(dump(self.story), encoding="utf-8")
        (self.root / "sources.yaml").write_text(dump(self.sources), encoding="utf-8")
        (self.root / "scenes.yaml").write_text(dump(self.scenes), encoding="utf-8")
        for name, text in SOURCE_TEXTS.items():
            self.file(name, text)
        return self

    def file(self, name: str, text: str) -> Path:
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path


@pytest.fixture
def story(tmp_path) -> StoryFolder:
    folder = tmp_path / "story"
    folder.mkdir()
    return StoryFolder(folder)


@pytest.fixture(autouse=True)
def save_home(tmp_path, monkeypatch) -> Path:
    home = tmp_path / "home"
    monkeypatch.setenv("ZHANAOZEN_HOME", str(home))
    return home


@pytest.fixture(autouse=True)
def english_by_default(monkeypatch):
    """Every test plays in English unless it asks for a language: the machine's locale and
    $ZHANAOZEN_LANG must not choose a translation, and the interface's language is reset."""
    for name in ("ZHANAOZEN_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    yield
    from zhanaozen_game.core.i18n import set_language

    set_language("")


def toasts_on_screen(app) -> list[str]:
    """The notifications the player sees now: the text of every toast on the current screen."""
    return [str(toast.render()) for toast in app.screen.query("Toast")]


def record_notifications(app) -> list[str]:
    """Every notification the app shows from now on, as "title: message" (through App.notify,
    its public API, instead of Textual's private list of notifications)."""
    shown: list[str] = []
    notify = app.notify

    def recording(message, *, title="", **options):
        shown.append(f"{title}: {message}" if title else str(message))
        return notify(message, title=title, **options)

    app.notify = recording
    return shown
