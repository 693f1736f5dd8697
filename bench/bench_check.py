#!/usr/bin/env python3
"""Benchmark of `zhanaozen check` on large generated stories.

Generates valid stories of N scenes (default 1,000 and 10,000) in a temporary folder and
measures, for each size:

  * bare parse: every YAML file of the story read and loaded with
    `yaml.load(text, Loader=yaml.CSafeLoader)`, the floor any YAML-based loader starts from;
  * check: `check_story(folder)` end to end (safe parse, validation, static rules, every
    branch played, statistics);
  * peak memory of check, in a fresh subprocess (ru_maxrss, and tracemalloc's peak of the
    Python heap).

Targets: check within 3x the bare parse for 10,000 scenes, and under 200 MB peak.
It is a benchmark, not a test: it exits 0 whatever the timings, and 1 only when the generated
story does not check clean (which would make the figures meaningless).

Run from the repository root:

    PYTHONPATH=src python bench/bench_check.py [--sizes 1000,10000] [--repeat 3] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import json
import os
import pstats
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


from zhanaozen_game.core.check import check_story  # noqa: E402
from zhanaozen_game.core.explore import explore, path_lengths  # noqa: E402
from zhanaozen_game.core.loader import collector_paused, load_story, open_story  # noqa: E402

SCENES_PER_FILE = 200
SCENES_PER_CHAPTER = 1000
ENDING_EVERY = 20  # 5% of scenes are endings
SOURCES = 40
RATIO_TARGET = 3.0
MEMORY_TARGET_MB = 200.0

_WORDS = [
    "the",
    "wind",
    "oil",
    "field",
    "wells",
    "crew",
    "strike",
    "union",
    "wage",
    "shift",
    "night",
    "morning",
    "square",
    "city",
    "workers",
    "families",
    "bread",
    "tea",
    "office",
    "committee",
    "letter",
    "police",
    "road",
    "bus",
    "tent",
    "hunger",
    "silence",
    "speech",
    "banner",
    "court",
    "prison",
    "sand",
    "sea",
    "steppe",
    "snow",
    "dust",
    "winter",
    "spring",
    "summer",
    "brother",
    "mother",
    "daughter",
    "friend",
    "boss",
    "guard",
    "lawyer",
    "reporter",
    "phone",
    "radio",
    "paper",
    "name",
    "waits",
    "walks",
    "listens",
    "answers",
    "writes",
    "signs",
    "refuses",
    "remembers",
    "counts",
    "carries",
    "keeps",
    "slowly",
    "again",
    "together",
    "alone",
    "quietly",
    "loudly",
    "before",
    "after",
    "because",
    "although",
    "while",
]


def _paused_load(folder):
    """load_story under the same collector pause that open_story and check_story use."""
    with collector_paused():
        return load_story(folder)


def _sentence(rng: random.Random, words: int) -> str:
    chosen = [rng.choice(_WORDS) for _ in range(words)]
    return chosen[0].capitalize() + " " + " ".join(chosen[1:]) + "."


def _paragraph(rng: random.Random, words: int) -> list[str]:
    sentences, left = [], words
    while left > 0:
        n = min(left, rng.randint(6, 14))
        sentences.append(_sentence(rng, n))
        left -= n
    return sentences


def _scene_text(rng: random.Random, marks: list[str]) -> str:
    """About 100 words in two paragraphs, with each marker after some sentence."""
    first, second = _paragraph(rng, 55), _paragraph(rng, 45)
    sentences = first + second
    places = sorted(rng.sample(range(len(sentences)), len(marks)))
    for place, mark in zip(places, marks):
        sentences[place] += f"[^{mark}]"
    body1 = " ".join(sentences[: len(first)])
    body2 = " ".join(sentences[len(first) :])
    return f"{body1}\n\n{body2}\n"


def _is_ending(i: int, n: int) -> bool:
    return i == n - 1 or i % ENDING_EVERY == ENDING_EVERY - 1


def _choices(i: int, n: int, ids: list[str]) -> list[dict]:
    """Choices of scene i: always forward (no loops), the first always visible, state bounded.

    Variables: `met` and `warned` (true/false) and `trust` (a number kept within 0..3 by the
    conditions that add to it). Scenes come in blocks of ten; every choice that leads into the
    next block resets the variables, so a scene is reached in a handful of variable states only.
    """
    step = {"next": min(i + 1, n - 1), "skip": min(i + 2, n - 1)}
    k = i % 10
    if k == 1:
        plan = [
            {"text": "Meet the committee", "goto": "next", "set": {"met": True}},
            {"text": "Walk past the office", "goto": "skip"},
        ]
    elif k == 2:
        plan = [
            {"text": "Trust the foreman a little", "goto": "next", "if": "trust < 2", "add": {"trust": 1}},
            {"text": "Keep your own counsel", "goto": "next"},
            {"text": "Report what the committee said", "goto": "skip", "if": "met"},
        ]
    elif k == 3:
        plan = [
            {"text": "Listen to the warning", "goto": "next", "set": {"warned": True}},
            {"text": "Ignore it", "goto": "skip"},
        ]
    elif k in (0, 9):
        plan = [
            {"text": "Go on to the next shift", "goto": "next"},
            {"text": "Skip ahead to the square", "goto": "skip"},
        ]
    else:
        plan = [
            {"text": "Stand with the crew", "goto": "next"},
            {"text": "Speak at the meeting", "goto": "next", "if": "not warned or trust >= 1"},
            {"text": "Vouch for a friend", "goto": "skip", "if": "trust < 3", "add": {"trust": 1}},
        ]
    choices = []
    for choice in plan:
        target = step[choice["goto"]]
        choice = {**choice, "goto": ids[target]}
        if target // 10 != i // 10:  # into the next block: reset
            choice.pop("add", None)
            choice["set"] = {"met": False, "warned": False, "trust": 0}
        choices.append(choice)
    return choices


def _choice_yaml(choice: dict) -> list[str]:
    out = [f'      - text: "{choice["text"]}"', f"        goto: {choice['goto']}"]
    if "if" in choice:
        out.append(f'        if: "{choice["if"]}"')
    for verb in ("set", "add"):
        if verb in choice:
            items = ", ".join(f"{k}: {str(v).lower() if isinstance(v, bool) else v}" for k, v in choice[verb].items())
            out.append(f"        {verb}: {{ {items} }}")
    return out


def _scene_yaml(rng: random.Random, i: int, n: int, ids: list[str]) -> list[str]:
    sid = ids[i]
    marks = ["a", "b"] if rng.random() < 0.5 else ["a"]
    month, day = 1 + i % 12, 1 + i % 28
    lines = [
        f"  {sid}:",
        f'    title: "{_sentence(rng, 3)[:-1]}"',
        f"    date: {2009 + i % 14}-{month:02d}-{day:02d}",
    ]
    if i % 3 == 0:
        lines.append('    place: "Zhanaozen"')
    if i % 50 == 7:
        lines.append('    content_note: "Violence and death."')
    lines.append("    text: |")
    lines += ["      " + line if line else "" for line in _scene_text(rng, marks).rstrip("\n").split("\n")]
    lines.append("    notes:")
    for mark in marks:
        source = f"src{rng.randrange(SOURCES)}"
        lines += [
            f"      {mark}:",
            f"        source: {source}",
            f'        quote: "{_sentence(rng, rng.randint(8, 20))}"',
        ]
        if rng.random() < 0.4:
            lines.append(f'        comment: "{_sentence(rng, rng.randint(6, 15))}"')
    if i % 25 == 5:
        lines += ["    reflect:", f'      - "{_sentence(rng, 8)[:-1]}?"']
    if _is_ending(i, n):
        lines += [
            "    ending:",
            f'      title: "{_sentence(rng, 2)[:-1]}"',
            f'      summary: "{_sentence(rng, 20)}"',
            f'      debrief: "{_sentence(rng, 25)}[^a]"',
        ]
    else:
        lines.append("    choices:")
        for choice in _choices(i, n, ids):
            lines += _choice_yaml(choice)
    lines.append("")
    return lines


def generate(folder: Path, n: int, seed: int = 2011) -> None:
    """Write a valid story of n scenes into folder (created)."""
    rng = random.Random(seed + n)
    folder.mkdir(parents=True, exist_ok=True)
    ids = [f"s{i:05d}" for i in range(n)]
    chapters = (n + SCENES_PER_CHAPTER - 1) // SCENES_PER_CHAPTER
    story = [
        f'title: "Bench story of {n} scenes"',
        "start: s00000",
        "vars:",
        "  met: false",
        "  warned: false",
        "  trust: 0",
        "chapters:",
    ]
    for c in range(chapters):
        story += [f"  - id: ch{c:02d}", f'    title: "Chapter {c + 1}"', f'    period: "{2009 + c}"']
    (folder / "story.yaml").write_text("\n".join(story) + "\n", encoding="utf-8")
    sources = []
    for s in range(SOURCES):
        sources += [
            f"src{s}:",
            f'  title: "{_sentence(rng, 6)[:-1]}"',
            f'  author: "{_sentence(rng, 2)[:-1]}"',
            f'  date: "{2011 + s % 11}-0{1 + s % 9}"',
            f'  url: "https://example.org/{s}"',
        ]
    (folder / "sources.yaml").write_text("\n".join(sources) + "\n", encoding="utf-8")
    for first in range(0, n, SCENES_PER_FILE):
        chapter = first // SCENES_PER_CHAPTER
        part = folder / f"ch{chapter:02d}"
        part.mkdir(exist_ok=True)
        lines = ["# yaml-language-server: $schema=../scene.schema.json", f"chapter: ch{chapter:02d}", "scenes:"]
        for i in range(first, min(first + SCENES_PER_FILE, n)):
            lines += _scene_yaml(rng, i, n, ids)
        (part / f"scenes-{first:05d}.yaml").write_text("\n".join(lines), encoding="utf-8")


def yaml_files(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.yaml"))


def bare_parse(files: list[Path]) -> None:
    for path in files:
        yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)


def best_of(repeat: int, fn, *args):
    """Best time of `repeat` calls, and the last call's result.

    The previous result is dropped before each call: a large live heap from the last run would
    make the garbage collector's full collections slower and the timing unfair.
    """
    best, result = float("inf"), None
    for _ in range(repeat):
        result = None
        gc.collect()
        start = time.perf_counter()
        result = fn(*args)
        best = min(best, time.perf_counter() - start)
    return best, result


def gc_share(fn, *args) -> tuple[float, float, int]:
    """One call of fn: total seconds, seconds spent in full (generation 2) collections, their count."""
    spent, count, started = [0.0], [0], [0.0]

    def watch(phase: str, info: dict) -> None:
        if info["generation"] != 2:
            return
        if phase == "start":
            started[0] = time.perf_counter()
        else:
            spent[0] += time.perf_counter() - started[0]
            count[0] += 1

    gc.collect()
    gc.callbacks.append(watch)
    try:
        start = time.perf_counter()
        fn(*args)
        total = time.perf_counter() - start
    finally:
        gc.callbacks.remove(watch)
    return total, spent[0], count[0]


def without_gc(fn, *args) -> float:
    gc.collect()
    gc.disable()
    try:
        start = time.perf_counter()
        fn(*args)
        return time.perf_counter() - start
    finally:
        gc.enable()


# ru_maxrss survives fork + exec on Linux, so a child started by this (large) process would
# start with our high-water mark; /proc/self/status's VmHWM belongs to the new address space.
_CHILD = r"""
import json, resource, sys, tracemalloc
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from zhanaozen_game.core.check import check_story  # noqa: E402

def hwm():
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

folder = Path(sys.argv[2])
base = hwm()
report = check_story(folder)
peak = hwm()
tracemalloc.start()
check_story(folder)
_, traced = tracemalloc.get_traced_memory()
tracemalloc.stop()
print(json.dumps({"base_kib": base, "peak_kib": peak, "traced_peak": traced,
                  "errors": len(report.errors)}))
"""


def memory(folder: Path) -> dict:
    """Peak memory of check_story in a fresh interpreter (KiB), and ru_maxrss as this process sees it."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(ROOT / "src"), str(folder)], capture_output=True, text=True, check=True
    )
    result = json.loads(done.stdout)
    result["children_maxrss_kib"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    result["children_maxrss_grew"] = result["children_maxrss_kib"] > before
    return result


def breakdown(folder: Path, repeat: int) -> list[tuple[str, float]]:
    """Where the time of check goes: loading, static rules, playing every branch, path lengths."""
    # open_story and check_story pause the cycle collector; time load_story the same way.
    t_load = best_of(repeat, _paused_load, folder)[0]
    t_open, report = best_of(repeat, open_story, folder)
    t_explore, walk = best_of(repeat, explore, report.story)
    t_paths = best_of(repeat, path_lengths, report.story, walk)[0]
    return [
        ("load_story (read + safe parse + validate)", t_load),
        ("static rules (open_story - load_story)", t_open - t_load),
        ("explore (play every branch)", t_explore),
        ("path_lengths (shortest/longest)", t_paths),
    ]


def profile(folder: Path, limit: int = 25) -> str:
    profiler = cProfile.Profile()
    profiler.enable()
    check_story(folder)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).strip_dirs()
    stats.sort_stats("tottime").print_stats(limit)
    stats.sort_stats("cumulative").print_stats(limit)
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated scene counts")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement; the best counts")
    parser.add_argument("--profile", action="store_true", help="cProfile check on the largest size")
    parser.add_argument("--keep", type=Path, default=None, help="generate into this folder and keep it")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    print(
        f"PyYAML {yaml.__version__}, libyaml: {yaml.__with_libyaml__}, Python {sys.version.split()[0]}, "
        f"{os.cpu_count()} CPU(s); best of {args.repeat}"
    )

    rows, failed = [], False
    with tempfile.TemporaryDirectory(prefix="zhanaozen-bench-") as tmp:
        base = args.keep or Path(tmp)
        for n in sizes:
            folder = base / f"story-{n}"
            generate(folder, n)
            files = yaml_files(folder)
            megabytes = sum(p.stat().st_size for p in files) / 1e6
            biggest = max(p.stat().st_size for p in files)
            t_parse, _ = best_of(args.repeat, bare_parse, files)
            t_check, report = best_of(args.repeat, check_story, folder)
            if report.findings:
                print(f"\n{n} scenes: check reported {len(report.findings)} finding(s):")
                for finding in report.findings[:50]:
                    print(f"  {finding}")
            if report.errors:
                failed = True
            stats = report.stats
            report = None
            mem = memory(folder)
            row = {
                "scenes": n,
                "files": len(files),
                "mb": megabytes,
                "biggest": biggest,
                "parse": t_parse,
                "check": t_check,
                "ratio": t_check / t_parse,
                "peak_mb": mem["peak_kib"] / 1024,
                "base_mb": mem["base_kib"] / 1024,
                "traced_mb": mem["traced_peak"] / 2**20,
                "states": stats.get("states"),
                "capped": stats.get("capped"),
                "stats": stats,
            }
            rows.append(row)
            print(
                f"  generated and measured {n} scenes ({len(files)} files, largest {biggest / 1024:.0f} KiB)",
                flush=True,
            )

        header = (
            f"{'scenes':>7} {'files':>6} {'YAML MB':>8} {'parse s':>8} {'check s':>8} "
            f"{'ratio':>6} {'peak MB':>8} {'heap MB':>8} {'states':>8}"
        )
        print("\n" + header)
        print("-" * len(header))
        for r in rows:
            print(
                f"{r['scenes']:>7} {r['files']:>6} {r['mb']:>8.2f} {r['parse']:>8.3f} {r['check']:>8.3f} "
                f"{r['ratio']:>5.2f}x {r['peak_mb']:>8.1f} {r['traced_mb']:>8.1f} {r['states']!s:>8}"
            )
        print("parse s: bare yaml.load(CSafeLoader) of every file, text read included.")
        print(
            "peak MB: peak RSS (VmHWM) of a fresh interpreter running check, interpreter and imports "
            f"included (those alone: {rows[-1]['base_mb']:.1f} MB); heap MB: tracemalloc peak of "
            "the Python heap during check."
        )
        for r in rows:
            s = r["stats"]
            print(
                f"  {r['scenes']} scenes: {s.get('words', 0):,} words, {s.get('notes')} notes, "
                f"{s.get('endings')} endings, {s.get('endings_reached')} reached, "
                f"longest path {s.get('longest_path_words')} words, capped: {r['capped']}"
            )

        big = max(rows, key=lambda r: r["scenes"])
        print(f"\nTargets (largest size measured: {big['scenes']} scenes)")
        if big["scenes"] < 10000:
            print("  note: the ratio target is stated for 10,000 scenes")
        ratio_ok = big["ratio"] <= RATIO_TARGET
        mem_ok = big["peak_mb"] < MEMORY_TARGET_MB
        print(f"  check within {RATIO_TARGET:.0f}x bare parse: {big['ratio']:.2f}x  {'PASS' if ratio_ok else 'MISS'}")
        print(f"  peak memory under {MEMORY_TARGET_MB:.0f} MB: {big['peak_mb']:.1f} MB  {'PASS' if mem_ok else 'MISS'}")

        folder = base / f"story-{big['scenes']}"
        print(f"\nBreakdown of check for {big['scenes']} scenes (best of {args.repeat}):")
        parts = breakdown(folder, args.repeat)
        for name, seconds in parts:
            print(f"  {name:<45} {seconds:8.3f} s  {seconds / big['check'] * 100:5.1f}%")
        print(f"  {'check_story end to end':<45} {big['check']:8.3f} s")
        print(f"  {'bare parse (reference)':<45} {big['parse']:8.3f} s")
        total, in_gc, collections = gc_share(check_story, folder)
        print(
            f"  one more check_story: {total:.3f} s, of which {in_gc:.3f} s ({in_gc / total * 100:.0f}%) in "
            f"{collections} full garbage collections"
        )
        print(
            f"  check_story with the garbage collector disabled: {without_gc(check_story, folder):.3f} s "
            f"(bare parse with it disabled: {without_gc(bare_parse, yaml_files(folder)):.3f} s)"
        )

        if args.profile:
            print(f"\ncProfile of check_story, {big['scenes']} scenes:")
            print(profile(folder))

    if failed:
        print("\nERROR: check found errors in a generated story; the figures above are not meaningful.")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
