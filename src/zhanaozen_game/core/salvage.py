"""What can still be checked when a scene file is broken.

A scene file with a format error in one scene keeps its other scenes: they load and are checked
(`valid_scenes`). The scene ids of a file that is not even valid YAML are found in its text
(`scene_ids_in_text`), so that a `goto` into it is not called a link to nowhere: such links are
reported as not checked, with the reason (`unchecked_links`).
"""

from __future__ import annotations

import re

from . import model
from .findings import WARNING, Finding
from .story import LoadResult, StoryFileInfo
from .validate import validate
from .yamlnodes import MAP, SCALAR, Lines, Node

_ID = re.compile(model.ID_PATTERN)
_SCENES_KEY = re.compile(r"^scenes:\s*(#.*)?$")
_INDENTED_KEY = re.compile(r"^( +)([\"']?)([A-Za-z0-9_][A-Za-z0-9_.-]*)\2:\s*(#.*)?$")


def valid_scenes(root: Node | None, lines: Lines) -> model.SceneFile | None:
    """The valid scenes of a scene file that has errors (None when its chapter is unusable)."""
    if root is None or root.kind != MAP:
        return None
    parts = {key.value: value for key, value in root.value if key.kind == SCALAR}
    chapter, scenes = parts.get("chapter"), parts.get("scenes")
    if chapter is None or chapter.kind != SCALAR or not _ID.match(chapter.value):
        return None
    if scenes is None or scenes.kind != MAP:
        return None
    kept: dict[str, model.Scene] = {}
    for key, value in scenes.value:
        if key.kind == SCALAR and _ID.match(key.value) and value.kind == MAP:
            scene = validate(value, model.Scene, "a scene", lines).value
            if isinstance(scene, model.Scene):
                kept[key.value] = scene
    return model.SceneFile(chapter=chapter.value, scenes=kept)


def scene_ids_in_text(text: str) -> list[str]:
    """Scene ids in the text of a file that is not valid YAML: the keys one level below `scenes:`."""
    found: list[str] = []
    indent = None
    inside = False
    for line in re.split(r"\r\n|\r|\n", text):
        if _SCENES_KEY.match(line):
            inside, indent = True, None
            continue
        if not inside or not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line.startswith(" "):
            inside = False
            continue
        key = _INDENTED_KEY.match(line)
        width = len(line) - len(line.lstrip(" "))
        if indent is None and key:
            indent = width
        if key and width == indent:
            found.append(key.group(3))
    return found


def unchecked_links(loaded: LoadResult) -> list[Finding]:
    """A warning for each link into a scene that exists but could not be loaded, saying why."""
    story = loaded.story
    if story is None or not loaded.unchecked_why:
        return []
    findings = []

    def warn(info: StoryFileInfo, path: tuple[object, ...], target: str, what: str) -> None:
        line, column = info.at(path)
        findings.append(
            Finding(
                info.shown,
                line,
                column,
                WARNING,
                "link-not-checked",
                f"{what} `{target}` was not checked: {loaded.unchecked_why[target]}; fix that first",
            )
        )

    if story.meta.start in loaded.unchecked_why and story.meta.start not in story.scenes:
        warn(story.files["story.yaml"], ("start",), story.meta.start, "the first scene")
    for scene_id, scene in story.scenes.items():
        for index, choice in enumerate(scene.choices):
            if choice.goto in loaded.unchecked_why and choice.goto not in story.scenes:
                warn(story.where[scene_id], ("scenes", scene_id, "choices", index, "goto"), choice.goto, "the link to")
    return findings
