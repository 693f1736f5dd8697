"""Checks that scale and say why: unread variables, the cap named by its cause, the memory guard."""

from __future__ import annotations

from check_helpers import only
from test_cli import no_traceback, run
from zhanaozen_game.core import explore
from zhanaozen_game.core.check import check_story


def cosmetic_flags_story(story, flags=30):
    """A chain of scenes, each setting a true/false flag that no condition reads."""
    story.story["vars"].update({f"flag{i}": False for i in range(flags)})
    scenes = {}
    for i in range(flags):
        scenes[f"s{i}"] = {
            "title": f"S{i}",
            "date": "2011",
            "text": "Text.[^n1]",
            "notes": {"n1": {"source": "s1", "quote": "q"}},
            "choices": [
                {"text": "Yes", "goto": f"s{i + 1}" if i + 1 < flags else "b", "set": {f"flag{i}": True}},
                {"text": "No", "goto": f"s{i + 1}" if i + 1 < flags else "b"},
            ],
        }
    story.scenes["scenes"].update(scenes)
    story.scenes["scenes"]["a"]["choices"][1]["goto"] = "s0"
    story.write()


def test_unread_variables_are_left_out_of_the_explored_state(story):
    cosmetic_flags_story(story)
    report = check_story(story.root, max_states=10_000)
    assert not [f for f in report.findings if f.code == "exploration-capped"]
    assert report.stats["capped"] is False
    assert report.stats["endings_reached"] == 2 and report.stats["states"] < 200
    assert report.stats["shortest_path_words"] is not None


def growing_story(story):
    # A loop that raises a counter that a condition reads.
    story.scenes["scenes"]["b"]["choices"].append({"text": "Again", "goto": "b", "add": {"count": 1}})
    story.write()


def test_the_cap_names_the_growing_variable_and_the_choice_that_grows_it(story):
    growing_story(story)
    report = check_story(story.root, max_states=500)
    finding = only(report, "exploration-capped")
    scene_file = story.root / "scenes.yaml"
    # At the `add` of the looping choice (the first `count:` key after its `text: Again`).
    text = scene_file.read_text(encoding="utf-8")
    again = text.index("Again")
    line = text.count("\n", 0, text.index("count:", again)) + 1
    assert finding.file.endswith("scenes.yaml") and finding.line == line
    assert "`count` took" in finding.message and "choice 4 of `b`" in finding.message
    assert f"scenes.yaml:{line}" in finding.message and "if: count < 5" in finding.message
    assert report.stats["shortest_path_words"] is None and report.stats["longest_path_words"] is None


def test_a_capped_check_says_path_lengths_are_unknown(story, tmp_path):
    growing_story(story)
    result = no_traceback(run("check", "--story", story.root, "--max-states", "300", cwd=tmp_path))
    assert "Paths to an ending: unknown (exploration stopped)." in result.stdout
    assert "stopped after 300 states" in result.stdout and "words (" not in result.stdout


def test_the_memory_guard_stops_well_before_memory_is_spent(story, monkeypatch):
    growing_story(story)
    monkeypatch.setattr(explore, "available_memory", lambda: 8 * 2**20)
    report = check_story(story.root, max_states=10**9)
    finding = only(report, "exploration-capped")
    assert report.stats["states"] == explore.MIN_STATES
    assert "to keep within this computer's memory (8 MB available" in finding.message
    assert "--max-states 1,000,000,000 would need about" in finding.message


def test_the_memory_limit_follows_the_available_memory(monkeypatch):
    monkeypatch.setattr(explore, "available_memory", lambda: 2 * 2**30)
    assert explore.memory_state_limit(2) == 2**30 // (explore.BYTES_PER_STATE + 2 * explore.BYTES_PER_VARIABLE)
    monkeypatch.setattr(explore, "available_memory", lambda: None)
    assert explore.memory_state_limit(2) is None
