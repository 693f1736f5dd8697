"""The wheel carries the story, so `pip install .` then `zhanaozen` works from any folder."""

from __future__ import annotations

import subprocess
import sys
import zipfile

import pytest

from conftest import REPO


@pytest.mark.slow
def test_wheel_contains_the_package_and_the_story(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(REPO)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    wheels = list(tmp_path.glob("zhanaozen_game-*.whl"))
    assert len(wheels) == 1
    names = set(zipfile.ZipFile(wheels[0]).namelist())
    assert "zhanaozen_game/cli.py" in names
    assert "zhanaozen_game/tui/zhanaozen.tcss" in names  # the game's styles
    # The classroom's pages: templates, their stylesheet and script (no inline scripts).
    classroom = {"templates/game.html", "templates/teacher.html", "templates/debrief.html", "templates/base.html"}
    classroom |= {"static/page.css", "static/page.js", "forkserver.py", "db.py"}
    assert {f"zhanaozen_game/classroom/{name}" for name in classroom} <= names
    assert {"zhanaozen_game/tui/screens/play.py", "zhanaozen_game/tui/widgets/story_text.py"} <= names
    assert "zhanaozen_game/story/story.yaml" in names
    assert "zhanaozen_game/story/scene.schema.json" in names
    assert "zhanaozen_game/story/locale/ru.po" in names  # the Russian edition
    assert "zhanaozen_game/locale/ru/LC_MESSAGES/zhanaozen.mo" in names  # the interface in Russian
    scene_files = {n for n in names if n.startswith("zhanaozen_game/story/") and n.endswith(".yaml")}
    shipped = {"zhanaozen_game/story/" + str(p.relative_to(REPO / "scenes")) for p in (REPO / "scenes").rglob("*.yaml")}
    assert scene_files == shipped
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "zhanaozen = zhanaozen_game.cli:main" in zipfile.ZipFile(wheels[0]).read(entry_points).decode()
