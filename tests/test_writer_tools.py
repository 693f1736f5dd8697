"""Writers' tools: `zhanaozen new`, `zhanaozen schema --story`, and the shipped files' `$schema` lines."""

from __future__ import annotations

import copy
import json
import re

from conftest import REPO
from test_cli import no_traceback, run
from zhanaozen_game.newstory import CHAPTER_FILE, story_files, story_id_for


def test_new_writes_a_story_that_passes_check_strict_and_plays(tmp_path):
    folder = tmp_path / "my-story"
    result = no_traceback(run("new", folder, cwd=tmp_path))
    assert result.returncode == 0, result.stderr
    for name in ("story.yaml", "sources.yaml", CHAPTER_FILE, "scene.schema.json", "story.schema.json"):
        assert (folder / name).is_file() and name in result.stdout

    checked = no_traceback(run("check", "--strict", "--story", folder, cwd=tmp_path))
    assert checked.returncode == 0, checked.stdout
    assert "5 scenes in 1 chapter(s), 2 ending(s)" in checked.stdout
    assert "2 of 2 endings reached" in checked.stdout and checked.stdout.strip().endswith("no problems.")

    # Listen (sets the variable), go on, then the conditional choice is the first: an ending.
    played = no_traceback(run("play", "--plain", "--story", folder, input_text="1\n1\n1\n", cwd=tmp_path))
    assert played.returncode == 0 and "Ending: Word gets round" in played.stdout
    # Walking on leaves the variable false: the conditional choice is hidden, and 1 goes home.
    played = no_traceback(run("play", "--plain", "--story", folder, input_text="2\n1\n", cwd=tmp_path))
    assert "Tell your friends" not in played.stdout and "Ending: Silence" in played.stdout


def test_new_schema_lines_name_files_that_exist(tmp_path):
    folder = tmp_path / "s"
    no_traceback(run("new", folder, cwd=tmp_path))
    for path in folder.rglob("*.yaml"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        target = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first).group(1)
        assert (path.parent / target).is_file(), path


def test_new_refuses_a_folder_that_is_not_empty(tmp_path):
    folder = tmp_path / "taken"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine", encoding="utf-8")
    result = no_traceback(run("new", folder, cwd=tmp_path))
    assert result.returncode == 2 and "not an empty folder" in result.stderr
    assert [p.name for p in folder.iterdir()] == ["notes.txt"]


def test_new_story_ids_differ_for_titles_without_latin_letters(tmp_path):
    assert story_id_for(tmp_path / "Жаңаөзен") != story_id_for(tmp_path / "Ақтау")
    assert story_id_for(tmp_path / "My Story") == "my-story"


def test_the_guide_shows_every_file_of_the_new_story(tmp_path):
    guide = (REPO / "docs" / "writing.md").read_text(encoding="utf-8")
    for name, text in story_files(tmp_path / "my-story").items():
        if name.endswith((".yaml", ".txt")):
            assert text in guide, f"docs/writing.md does not show {name} as `zhanaozen new` writes it"
    assert "loop" in guide and "--max-states" in guide


def test_schema_story_lists_the_storys_ids_as_enums(story, tmp_path):
    result = no_traceback(run("schema", "--story", story.root, cwd=tmp_path))
    assert result.returncode == 0, result.stderr
    defs = json.loads(result.stdout)["$defs"]
    choice = defs["Choice"]["properties"]
    assert choice["goto"]["enum"] == ["a", "b", "e1", "e2"]
    assert choice["set"]["propertyNames"]["enum"] == ["joined", "count", "mood"]
    assert choice["add"]["propertyNames"]["enum"] == ["count"]
    assert defs["Note"]["properties"]["source"]["enum"] == ["s1", "s2"]
    assert defs["SceneFile"]["properties"]["chapter"]["enum"] == ["c1"]
    story_schema = json.loads(no_traceback(run("schema", "--story", story.root, "--file", "story")).stdout)
    assert story_schema["$defs"]["StoryFile"]["properties"]["start"]["enum"] == ["a", "b", "e1", "e2"]


def test_schema_story_with_a_broken_story_yaml_says_so(story, tmp_path):
    story.file("story.yaml", "title: [\n")
    result = no_traceback(run("schema", "--story", story.root, cwd=tmp_path))
    assert result.returncode == 1 and "story.yaml has errors" in result.stderr


def test_the_scene_schema_encodes_choices_or_ending():
    scene = json.loads((REPO / "scenes" / "scene.schema.json").read_text(encoding="utf-8"))["$defs"]["Scene"]
    assert scene["oneOf"] == [
        {"required": ["choices"], "not": {"required": ["ending"]}},
        {"required": ["ending"], "not": {"required": ["choices"]}},
    ]


def test_the_shipped_top_level_files_carry_their_schema_line():
    for kind in ("story", "sources", "glossary"):
        first = (REPO / "scenes" / f"{kind}.yaml").read_text(encoding="utf-8").splitlines()[0]
        assert first == f"# yaml-language-server: $schema={kind}.schema.json"
        assert (REPO / "scenes" / f"{kind}.schema.json").is_file()


def test_graph_node_ids_are_unique_and_chapters_never_clash_with_scenes(story):
    from zhanaozen_game.core.graph import to_mermaid
    from zhanaozen_game.core.loader import open_story

    scenes = story.scenes["scenes"]
    for scene_id in ("x-y", "x_y", "x.y", "chapter_0"):
        scenes[scene_id] = copy.deepcopy(scenes["e2"])
        scenes["a"]["choices"].append({"text": scene_id, "goto": scene_id})
    story.write()
    mermaid = to_mermaid(open_story(story.root).story)
    nodes = [line.split("[")[0].split("(")[0].strip() for line in mermaid.splitlines() if line.startswith("    s_")]
    assert len(nodes) == len(set(nodes)) == 8
    assert {"s_x_hy", "s_x__y", "s_x_dy", "s_chapter__0"} <= set(nodes)
    assert 'subgraph chapter_0["One"]' in mermaid


def test_graph_ids_and_a_map_of_a_story_with_errors(story, tmp_path):
    story.scenes["scenes"]["a"]["choices"][0]["goto"] = "nowhere"
    story.scenes["scenes"]["e1"]["text"] = "E1.[^nope]"
    story.write()
    result = no_traceback(run("graph", "--story", story.root, "--ids", cwd=tmp_path))
    assert result.returncode == 1 and "the map shows what loaded" in result.stderr
    assert 's_a["Start<br/>a"]' in result.stdout
    assert 's_nowhere["missing: nowhere"]' in result.stdout
    # a (its link) and e1 (its marker) have errors, and are marked with the missing scene.
    assert "class s_a,s_e1,s_nowhere broken" in result.stdout
    dot = no_traceback(run("graph", "--story", story.root, "--format", "dot", cwd=tmp_path)).stdout
    assert '"nowhere" [label="missing: nowhere", color="red", style=dashed];' in dot
    assert '"e1" [label="End one", shape=doubleoctagon' in dot and 'xlabel="has errors"' in dot


def test_check_format_json_answers_in_json_for_every_outcome(story, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    for args, words in (
        (["--story", tmp_path / "missing"], "no story folder at"),
        (["--story", empty], "it has no story.yaml"),
        (["--story", story.root, "--max-states", "0"], "--max-states must be at least 1"),
    ):
        result = no_traceback(run("check", "--format", "json", *args, cwd=tmp_path))
        assert result.returncode == 2 and result.stderr == ""
        answer = json.loads(result.stdout)
        assert answer["ok"] is False and words in answer["usage_error"] and answer["findings"] == []
    answer = json.loads(no_traceback(run("check", "--format", "json", "--story", story.root, cwd=tmp_path)).stdout)
    assert answer["ok"] is True and answer["stats"]["scenes"] == 4


def test_stories_whose_titles_have_no_latin_letters_get_their_own_save_folders(story, tmp_path):
    from zhanaozen_game.core.engine import Engine
    from zhanaozen_game.core.loader import open_story
    from zhanaozen_game.core.saves import SaveStore

    ids = []
    for title in ("Жаңаөзен", "Ақтау"):
        story.story["title"] = title
        story.write()
        loaded = open_story(story.root).story
        ids.append(loaded.id)
        assert SaveStore(Engine(loaded), home=tmp_path).folder.name == loaded.id
    assert ids[0] != ids[1] and all(i.startswith("story-") for i in ids)
    story.story["id"] = "zhanaozen-kz"
    story.write()
    assert open_story(story.root).story.id == "zhanaozen-kz"
