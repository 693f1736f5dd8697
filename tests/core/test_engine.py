"""The engine: visible choices, taking them, going back, and state as JSON."""

from __future__ import annotations

import msgspec
import pytest

from zhanaozen_game.core.engine import Engine, GameState, IncompatibleState
from zhanaozen_game.core.loader import open_story


@pytest.fixture
def engine(story):
    report = open_story(story.root)
    assert not report.errors
    return Engine(report.story)


def test_new_game_starts_at_start_with_declared_values(engine):
    state = engine.new_game()
    assert state.scene == "a"
    assert state.vars == {"joined": False, "count": 0, "mood": "calm"}
    assert state.history == [] and state.visited == ["a"]


def test_hidden_choices_are_not_numbered(engine):
    state = engine.new_game()
    engine.choose(state, 2)  # Stay: joined stays false
    texts = [choice.text for _, choice in engine.visible_choices(state)]
    assert texts == ["Go home", "Talk"]
    engine.choose(state, 1)
    assert state.scene == "e2"  # "Go home" was visible choice 1


def test_choose_applies_set_and_add(engine):
    state = engine.new_game()
    engine.choose(state, 1)
    assert state.vars == {"joined": True, "count": 1, "mood": "calm"}
    assert [choice.text for _, choice in engine.visible_choices(state)] == ["Strike", "Talk"]


def test_choose_out_of_range(engine):
    state = engine.new_game()
    with pytest.raises(ValueError):
        engine.choose(state, 3)
    with pytest.raises(ValueError):
        engine.choose(state, 0)


def test_back_undoes_repeatedly_down_to_the_start(engine):
    state = engine.new_game()
    engine.answer(state, ["because"])
    engine.choose(state, 1)
    engine.choose(state, 1)
    assert state.scene == "e1" and engine.is_ending(state)
    assert engine.back(state) and state.scene == "b"
    assert state.vars["joined"] is True
    assert engine.back(state) and state.scene == "a"
    assert state.vars == {"joined": False, "count": 0, "mood": "calm"}
    assert state.answers == ["because"]
    assert engine.back(state) is False
    assert state.scene == "a"


def test_history_records_choice_text_and_answers(engine):
    state = engine.new_game()
    engine.answer(state, ["an answer"])
    engine.choose(state, 2)
    step = state.history[0]
    assert (step.scene, step.choice, step.choice_text, step.answers) == ("a", 1, "Stay", ["an answer"])
    assert state.answers == []


def test_state_round_trips_through_json(engine):
    state = engine.new_game()
    engine.answer(state, ["x"])
    engine.choose(state, 1)
    again = msgspec.json.decode(msgspec.json.encode(state), type=GameState)
    assert again == state


def test_verify_rejects_a_state_the_story_cannot_continue(engine):
    state = engine.new_game()
    engine.choose(state, 1)
    gone = msgspec.convert({**msgspec.to_builtins(state), "scene": "deleted"}, GameState)
    with pytest.raises(IncompatibleState, match="deleted"):
        engine.verify(gone)
    extra = msgspec.convert({**msgspec.to_builtins(state), "vars": {**state.vars, "removed": 1}}, GameState)
    with pytest.raises(IncompatibleState, match="removed"):
        engine.verify(extra)
    retyped = msgspec.convert({**msgspec.to_builtins(state), "vars": {**state.vars, "count": "three"}}, GameState)
    with pytest.raises(IncompatibleState, match="count"):
        engine.verify(retyped)


def test_verify_fills_in_variables_added_since(engine):
    state = engine.new_game()
    del state.vars["mood"]
    engine.verify(state)
    assert state.vars["mood"] == "calm"


def test_verify_drops_scenes_the_story_no_longer_has_from_visited(engine):
    state = engine.new_game()
    engine.choose(state, 1)
    state.visited = ["a", "renamed-away", "b", "a"]
    engine.verify(state)
    assert state.visited == ["a", "b"]


def test_verify_rejects_a_wrong_type_in_the_variables_before_a_step(engine):
    """`b` restores `vars_before`: a save holding a wrong type there must be refused, not played."""
    state = engine.new_game()
    engine.choose(state, 1)
    state.history[0].vars_before["count"] = "three"
    with pytest.raises(IncompatibleState, match="count"):
        engine.verify(state)
