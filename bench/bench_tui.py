"""How fast the Textual game shows its title screen, and how fast a choice redraws.

1. Start-up, in a real terminal (tmux): the time from launching a command to its text appearing
   on the screen, for a bare Textual app with one Static and for `zhanaozen` (its title screen),
   alternating, several rounds, in one run. Target: the game within 1.3x the bare app.
2. A choice, headless, on the shipped story: the frame itself, i.e. the choice's action run as its
   key binding runs it (`app.run_action("screen.choose(1)")`), then the screen's layout and a full
   render of all 80x24 cells, timed directly. Target: under 16 ms, one frame at 60 Hz.
   For reference it also prints `Pilot.press` + `Pilot.pause` for a choice and for a key bound to
   nothing: those include the test driver's own waiting, not just the frame.

Prints figures; it is a benchmark, not a test: it always exits 0 unless it cannot run.
Usage: python bench/bench_tui.py [--rounds 7]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

BARE_APP = """
from textual.app import App
from textual.widgets import Static

class Bare(App):
    def compose(self):
        yield Static("Bare app ready")

Bare().run()
"""


def time_to_text(command: list[str], needle: str, env: dict, timeout: float = 20.0) -> float:
    """Seconds from launching `command` in a fresh tmux window to `needle` appearing on screen."""
    session = f"bench{os.getpid()}"
    subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
    shell_command = " ".join(f"'{part}'" for part in command)
    started = time.perf_counter()
    subprocess.run(
        [
            "tmux",
            "new-session",
            "-d",
            "-s",
            session,
            "-x",
            "80",
            "-y",
            "24",
            "env",
            *[f"{k}={v}" for k, v in env.items()],
            "sh",
            "-c",
            shell_command,
        ],
        check=True,
    )
    try:
        while time.perf_counter() - started < timeout:
            screen = subprocess.run(
                ["tmux", "capture-pane", "-p", "-t", session], capture_output=True, text=True
            ).stdout
            if needle in screen:
                return time.perf_counter() - started
            time.sleep(0.005)
        raise RuntimeError(f"{needle!r} did not appear within {timeout} s")
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)


def startup(rounds: int) -> None:
    if not shutil.which("tmux"):
        print("start-up: tmux is not installed; skipped (apt-get install tmux)")
        return
    home = tempfile.mkdtemp(prefix="zhanaozen-bench-")
    bare_script = Path(home) / "bare_app.py"
    bare_script.write_text(BARE_APP)
    env = {"ZHANAOZEN_HOME": home, "TERM": "xterm-256color", "PYTHONPATH": str(REPO / "src")}
    from zhanaozen_game.core.loader import open_story

    title = open_story(REPO / "scenes").story.meta.title
    bare, game = [], []
    # A warm-up of each, so that both read their files from the page cache.
    time_to_text([sys.executable, str(bare_script)], "Bare app ready", env)
    time_to_text([sys.executable, "-m", "zhanaozen_game"], "New game", env)
    for _ in range(rounds):
        bare.append(time_to_text([sys.executable, str(bare_script)], "Bare app ready", env))
        game.append(time_to_text([sys.executable, "-m", "zhanaozen_game"], "New game", env))
    bare_median, game_median = statistics.median(bare), statistics.median(game)
    ratio = game_median / bare_median
    print(f"Start-up in tmux (80x24), median of {rounds} alternating rounds:")
    print(f"  bare Textual app, one Static  {bare_median * 1000:7.0f} ms  (min {min(bare) * 1000:.0f})")
    print(f"  zhanaozen title screen        {game_median * 1000:7.0f} ms  (min {min(game) * 1000:.0f})  story: {title}")
    print(f"  ratio {ratio:.2f}x  target 1.3x: {'PASS' if ratio <= 1.3 else 'MISS'}")
    shutil.rmtree(home, ignore_errors=True)


async def choice_redraw(rounds: int) -> None:
    from zhanaozen_game.tui.app import ZhanaozenApp

    os.environ["ZHANAOZEN_HOME"] = tempfile.mkdtemp(prefix="zhanaozen-bench-")
    app = ZhanaozenApp(REPO / "scenes")
    choice_times, idle_times, frame_times = [], [], []
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        engine = app.session.engine
        if type(app.screen).__name__ == "ContentNoteScreen":
            await pilot.press("y")
            await pilot.pause()
        for _ in range(rounds):
            app.session.state = engine.new_game()
            await app.screen.refresh_scene()
            await pilot.pause()
            while not engine.is_ending(app.state):
                screen = app.screen
                started = time.perf_counter()
                await app.run_action("screen.choose(1)")
                if app.screen is screen:  # (an ending opens its own screen: not a redraw)
                    screen._refresh_layout(app.size)
                    screen._compositor.render_update(full=True)
                    frame_times.append(time.perf_counter() - started)
                    await pilot.press("b")
                    await pilot.pause()
                started = time.perf_counter()
                await pilot.press("f12")  # bound to nothing: the cost of a key press alone
                await pilot.pause()
                idle_times.append(time.perf_counter() - started)
                started = time.perf_counter()
                await pilot.press("1")
                await pilot.pause()
                choice_times.append(time.perf_counter() - started)
            app.pop_screen()  # the ending screen
            await pilot.pause()
    frame = statistics.median(frame_times) * 1000
    frame_worst = max(frame_times) * 1000
    choice = statistics.median(choice_times) * 1000
    idle = statistics.median(idle_times) * 1000
    print(f"Taking a choice, headless (80x24), {len(frame_times)} choices on the shipped story:")
    print(f"  action + layout + full render: median {frame:.1f} ms, worst {frame_worst:.1f} ms")
    print(f"  target under 16 ms (median): {'PASS' if frame < 16 else 'MISS'}")
    print(f"  for reference, Pilot press+pause: a choice {choice:.1f} ms, a key bound to nothing {idle:.1f} ms")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    startup(args.rounds)
    asyncio.run(choice_redraw(max(1, args.rounds // 2)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
