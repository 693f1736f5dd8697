"""A story of three chapters for the tests of starting at a chapter (see core/chapters.py).

Chapter "c2" is entered at scene `c` by five paths and at `d` by four, but the single state entered
by most paths is at `d` (three, from the start's three ways to leave); at `c`, the state with
joined and count 1 is entered by two paths ("Work" and "Work hard"), every other by one. `mood`
is read by no condition, so the walk does not track it: "Work" sets it to "tired".
"""

from __future__ import annotations

from conftest import StoryFolder, _scene, dump

CHAPTERS = [
    {"id": "c1", "title": "One", "period": "2011"},
    {"id": "c2", "title": "Two", "period": "2012"},
    {"id": "c3", "title": "Endings", "period": "2013"},
]
ONE = {
    "chapter": "c1",
    "scenes": {
        "a": _scene(
            "Start",
            "Hello.[^n1]",
            choices=[
                {"text": "Join", "goto": "b", "set": {"joined": True}},
                {"text": "Stay", "goto": "b"},
                {"text": "Leave early", "goto": "d", "set": {"mood": "tense"}},
                {"text": "Leave now", "goto": "d"},
                {"text": "Leave quietly", "goto": "d"},
            ],
        ),
        "b": _scene(
            "Middle",
            "Middle.[^n1]",
            choices=[
                {"text": "Work", "goto": "c", "add": {"count": 1}, "set": {"mood": "tired"}},
                {"text": "Rest", "goto": "c"},
                {"text": "Away", "goto": "d", "if": "joined"},
                {"text": "Work hard", "goto": "c", "add": {"count": 1}, "if": "joined"},
            ],
        ),
    },
}
TWO = {
    "chapter": "c2",
    "scenes": {
        "c": _scene(
            "Later",
            "Later.[^n1]",
            choices=[
                {"text": "Strike", "goto": "e1", "if": "joined and count >= 1"},
                {"text": "Go home", "goto": "e2"},
            ],
        ),
        "d": _scene("Elsewhere", "Elsewhere.[^n1]", choices=[{"text": "Return", "goto": "e2"}]),
    },
}
THREE = {
    "chapter": "c3",
    "scenes": {
        "e1": _scene("End one", "E1.[^n1]", ending={"title": "Struck", "summary": "You struck."}),
        "e2": _scene("End two", "E2.[^n1]", ending={"title": "Home", "summary": "You stayed."}),
    },
}


def three_chapters(story: StoryFolder) -> StoryFolder:
    """Turn the fixture story into the three-chapter one."""
    story.story["chapters"] = CHAPTERS
    story.scenes = ONE
    story.write()
    story.file("two.yaml", dump(TWO))
    story.file("three.yaml", dump(THREE))
    return story
