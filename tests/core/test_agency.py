"""Agency figures on small stories whose answers are known by hand: which endings each state can
still reach, the decisions that close an ending on every path, the states entering a chapter that
keep every ending open, scenes whose choices branch, and choices that make no difference."""

from __future__ import annotations

import json
import subprocess
import sys

import yaml

from zhanaozen_game.core.agency import measure
from zhanaozen_game.core.check import check_story
from zhanaozen_game.core.explore import explore
from zhanaozen_game.core.loader import open_story
from zhanaozen_game.report_text import format_stats

NOTE = {"n1": {"source": "s1", "quote": "q"}}


def scene(*choices, ending=None):
    """A scene with choices given as (goto, extra fields) pairs, or an ending."""
    data = {"title": "T", "date": "2011-05", "text": "Text.[^n1]", "notes": {"n1": dict(NOTE["n1"])}}
    if ending:
        data["ending"] = {"title": ending, "summary": "Over."}
    else:
        data["choices"] = [
            {"text": f"Go {index}", "goto": goto, **extra} for index, (goto, extra) in enumerate(choices)
        ]
    return data


def write(story, chapters: dict[str, dict], variables=None):
    """Replace the fixture's scenes with one file per chapter."""
    story.story["vars"] = variables or {}
    story.story["chapters"] = [{"id": name, "title": name, "period": "2011"} for name in chapters]
    story.story["start"] = next(iter(next(iter(chapters.values()))))
    (story.root / "scenes.yaml").unlink()
    for name, scenes in chapters.items():
        story.file(f"{name}.yaml", yaml.safe_dump({"chapter": name, "scenes": scenes}, sort_keys=False))
    (story.root / "story.yaml").write_text(yaml.safe_dump(story.story, sort_keys=False), encoding="utf-8")


def agency_of(story):
    result = open_story(story.root)
    assert not result.errors, [str(finding) for finding in result.findings]
    loaded = result.story
    return measure(loaded, explore(loaded))


def test_a_tree_counts_the_decisions_that_close_endings(story):
    # a -> b -> e1 | e2 and a -> c -> d -> e3: a's options keep different endings open, and so
    # do b's; c and d offer one choice each, so the path through c decides once, through b twice.
    write(
        story,
        {
            "c1": {
                "a": scene(("b", {}), ("c", {})),
                "b": scene(("e1", {}), ("e2", {})),
                "c": scene(("d", {})),
                "d": scene(("e3", {})),
                "e1": scene(ending="One"),
                "e2": scene(ending="Two"),
                "e3": scene(ending="Three"),
            }
        },
    )
    found = agency_of(story)
    assert found.endings == ["e1", "e2", "e3"]
    assert found.endings_from(0) == {"e1", "e2", "e3"}
    assert (found.fewest, found.most) == (1, 2)
    assert found.fewest_path == ["a"]
    assert (found.choice_scenes, found.branching_scenes) == (2, 2)
    assert found.same_state == []


def test_a_choice_that_only_delays_is_not_a_decision(story):
    # Both choices of a lead to b, one of them through a detour: both keep the same endings
    # open, so only b's choice counts, on both paths.
    write(
        story,
        {
            "c1": {
                "a": scene(("b", {}), ("detour", {})),
                "detour": scene(("b", {})),
                "b": scene(("e1", {}), ("e2", {})),
                "e1": scene(ending="One"),
                "e2": scene(ending="Two"),
            }
        },
    )
    found = agency_of(story)
    assert (found.fewest, found.most) == (1, 1)
    assert found.fewest_path == ["b"]


def test_a_variable_set_early_closes_an_ending_later(story):
    # Choice 1 of a sets the flag that opens e1 in chapter c2: choice 2 closes e1 already in a.
    # Of the two states entering c2, one can still reach both endings.
    write(
        story,
        {
            "c1": {"a": scene(("b", {"set": {"flag": True}}), ("b", {}))},
            "c2": {
                "b": scene(("e1", {"if": "flag"}), ("e2", {})),
                "e1": scene(ending="One"),
                "e2": scene(ending="Two"),
            },
        },
        {"flag": False},
    )
    found = agency_of(story)
    # a decides on both paths; b decides only with the flag (without it, one choice is visible).
    assert (found.fewest, found.most) == (1, 2)
    assert found.fewest_path == ["a"]
    assert found.chapters["c1"].entering == 1 and found.chapters["c1"].open_to_all == 1
    assert (found.chapters["c2"].entering, found.chapters["c2"].open_to_all) == (2, 1)
    # a's choices go to one scene (different states, though): a does not count as branching.
    assert (found.choice_scenes, found.branching_scenes) == (2, 1)
    assert found.same_state == []


def test_choices_that_always_lead_to_the_same_state_are_found(story):
    # In b, choices 1 and 2 go to e1 with no effect: no difference, wherever b is shown. Choices
    # 1 and 3 differ only when the flag is false (3 sets it): reached with the flag both ways,
    # so they are not always the same.
    write(
        story,
        {
            "c1": {
                "a": scene(("b", {"set": {"flag": True}}), ("b", {})),
                "b": scene(("e1", {}), ("e1", {}), ("e1", {"set": {"flag": True}}), ("e2", {"if": "flag"})),
                "e1": scene(ending="One"),
                "e2": scene(ending="Two"),
            }
        },
        {"flag": False},
    )
    found = agency_of(story)
    assert [(item.scene, item.choices) for item in found.same_state] == [("b", (0, 1))]


def test_a_loop_never_counts_as_a_decision(story):
    # a -> b -> a is a loop, and both a and b decide (leave to an ending, or go round): at least
    # one decision on every path, and no limit to the most.
    write(
        story,
        {
            "c1": {
                "a": scene(("b", {}), ("e1", {})),
                "b": scene(("a", {}), ("e2", {})),
                "e1": scene(ending="One"),
                "e2": scene(ending="Two"),
            }
        },
    )
    found = agency_of(story)
    assert (found.fewest, found.most) == (1, None)


def test_check_reports_agency_in_text_and_json(story, tmp_path):
    # The fixture story: a decides (joining keeps e1 open); b decides only after joining (when
    # not joined, "Go home" and "Talk" both lead to e2: the same state).
    stats = check_story(story.root).stats
    assert stats["shaping_decisions_fewest"] == 1 and stats["shaping_decisions_most"] == 2
    assert stats["scenes_with_choices"] == 2 and stats["scenes_branching"] == 1
    assert stats["chapter_entries"] == {"c1": {"entering": 1, "open_to_every_ending": 1}}
    same = stats["same_state_choices"]
    assert [(item["scene"], item["choices"]) for item in same] == [("b", [2, 3])]
    line = (story.root / "scenes.yaml").read_text().splitlines()[same[0]["line"] - 1]
    assert "Talk" in line
    text = "\n".join(format_stats(stats))
    assert "on a path to an ending: fewest 1, most 2 (a path with the fewest decides at: a)" in text
    assert "c1 100% of 1" in text
    assert "2; 1 (50%) send them to different scenes" in text
    assert f"scenes.yaml:{same[0]['line']}: info: choices 2 and 3 of `b`" in text
    result = subprocess.run(
        [sys.executable, "-m", "zhanaozen_game", "check", "--format", "json", "--story", str(story.root)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    data = json.loads(result.stdout)["stats"]
    assert data["shaping_decisions_fewest"] == 1 and data["same_state_choices"] == same
