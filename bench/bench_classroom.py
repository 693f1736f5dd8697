"""How fast 40 students who open the classroom's page in the same second see the game, and how
much memory each game takes.

Starts `zhanaozen serve` on a throwaway class (`--ephemeral`) with the shipped story, then opens
N browser connections at once (aiohttp websockets with the page's Origin, as textual.js opens
them: the page itself is a few KiB of static HTML and not the cost). For each it measures the time
from opening to the first screen of the game being drawn (the title with "Who is playing?" over
it), then reads each game process's CPU time and PSS (proportional set size: shared pages are
divided among the processes sharing them) from /proc. Linux only (reads /proc).

Prints: median and worst time to the first screen (target: median within 4 s for 40 at once),
CPU seconds per game start, PSS per game (target: at most 30 MB) and of the warm parent.
Run twice to compare: with games forked from the warm parent (default) and `--no-fork` (each
game a new Python process, as textual-serve starts them).

Usage: python bench/bench_classroom.py [--students 40] [--no-fork]
It is a benchmark, not a test: it exits 0 whatever the figures, unless it cannot run.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))
CLOCK = os.sysconf("SC_CLK_TCK")
ANSI = re.compile(rb"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07|\x1b[()][A-Z0-9]")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


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


def descendants(pid: int) -> list[int]:
    found = []
    for child in children(pid):
        found.append(child)
        found += descendants(child)
    return found


def cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0  # gone
    return (int(fields[11]) + int(fields[12])) / CLOCK  # utime + stime


def pss_mb(pid: int) -> float:
    try:
        lines = Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()
    except OSError:
        return 0.0
    for line in lines:
        if line.startswith("Pss:"):
            return int(line.split()[1]) / 1024
    return 0.0


async def student(port: int, results: list[float], go: asyncio.Event) -> None:
    import aiohttp

    from zhanaozen_game.classroom.serve import new_game_id

    game = new_game_id()
    await go.wait()
    started = time.monotonic()
    async with aiohttp.ClientSession() as client:
        async with client.get(f"http://127.0.0.1:{port}/game/{game}") as page:
            await page.read()
        url = f"ws://127.0.0.1:{port}/game/{game}/ws?width=100&height=30"
        async with client.ws_connect(url, origin=f"http://127.0.0.1:{port}", max_msg_size=0) as websocket:
            screen = b""
            while True:
                message = await websocket.receive(timeout=120)
                if message.type == aiohttp.WSMsgType.BINARY:
                    screen = screen[-4096:] + message.data  # the text may straddle two messages
                    if b"Who is playing" in ANSI.sub(b"", screen):
                        results.append(time.monotonic() - started)
                        break
                elif message.type != aiohttp.WSMsgType.TEXT:
                    raise RuntimeError(f"the connection closed before the game was drawn: {message}")
            # Keep the game running until its memory is measured, answering the server's pings.
            while not holding.is_set():
                try:
                    message = await websocket.receive(timeout=0.5)
                except asyncio.TimeoutError:
                    continue
                if message.type not in (aiohttp.WSMsgType.BINARY, aiohttp.WSMsgType.TEXT):
                    raise RuntimeError(f"the game ended before it was measured: {message}")


holding: asyncio.Event


async def classroom(port: int, students: int) -> list[float]:
    global holding
    holding = asyncio.Event()
    go = asyncio.Event()
    results: list[float] = []
    tasks = [asyncio.create_task(student(port, results, go)) for _ in range(students)]
    await asyncio.sleep(0.2)
    go.set()
    while len(results) < students:
        await asyncio.sleep(0.1)
        failed = [task for task in tasks if task.done() and task.exception()]
        if failed:
            raise failed[0].exception()
    return results, tasks


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=40)
    parser.add_argument("--no-fork", action="store_true", help="start each game as a new process")
    args = parser.parse_args()
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "zhanaozen_game.classroom.serve",
        "--port",
        str(port),
        "--ephemeral",
        "--max-sessions",
        str(args.students + 5),
    ] + (["--no-fork"] if args.no_fork else [])
    env = dict(os.environ, PYTHONPATH=str(REPO / "src"), PYTHONUNBUFFERED="1")
    log = tempfile.NamedTemporaryFile(prefix="zhanaozen-bench-", suffix=".log", delete=False)  # noqa: SIM115
    server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env)
    try:
        deadline = time.monotonic() + 60
        while b"Press Ctrl+C" not in Path(log.name).read_bytes():
            if server.poll() is not None or time.monotonic() > deadline:
                print(f"the server did not start: see {log.name}", file=sys.stderr)
                return 1
            time.sleep(0.1)
        before = set(descendants(server.pid))
        server_cpu = cpu_seconds(server.pid)
        loop = asyncio.new_event_loop()
        times, tasks = loop.run_until_complete(classroom(port, args.students))
        server_cpu = cpu_seconds(server.pid) - server_cpu
        games = [pid for pid in descendants(server.pid) if pid not in before]
        cpu = [cpu_seconds(pid) for pid in games]
        pss = [pss_mb(pid) for pid in games]
        warm = sum(pss_mb(pid) for pid in before)
        holding.set()
        loop.run_until_complete(asyncio.gather(*tasks, return_exceptions=True))
        loop.close()
    except Exception:
        print(f"the server's output: {log.name}", file=sys.stderr)
        raise
    finally:
        server.terminate()
        server.wait(timeout=30)
    mode = "forked from a warm parent" if not args.no_fork else "each a new process (--no-fork)"
    median = statistics.median(times)
    print(f"{args.students} students at once, games {mode}, on {os.cpu_count()} CPUs:")
    print(
        f"  time to the first screen: median {median:.2f} s, worst {max(times):.2f} s "
        f"(target: median <= 4 s) {'PASS' if median <= 4 else 'MISS'}"
    )
    print(f"  CPU per game so far: median {statistics.median(cpu):.3f} s ({len(games)} game processes)")
    print(
        f"  PSS per game: median {statistics.median(pss):.1f} MB, max {max(pss):.1f} MB "
        f"(target: <= 30 MB) {'PASS' if statistics.median(pss) <= 30 else 'MISS'}"
    )
    print(f"  the server's own CPU meanwhile: {server_cpu:.2f} s")
    if warm and not args.no_fork:
        print(f"  the warm parent: {warm:.1f} MB PSS (once)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
