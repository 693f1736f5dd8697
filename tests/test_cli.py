"""End-to-end tests of the `zhanaozen` command, run as a separate process as a user would."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO


def run(*args, input_text=None, cwd=None, home=None, env_extra=None):
    env = dict(os.environ)
    if home is not None:
        env["ZHANAOZEN_HOME"] = str(home)
    env.update(env_extra or {})
    return subprocess.run(
        [sys.executable, "-m", "zhanaozen_game", *map(str, args)],
        input=input_text,
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=60,
    )


def no_traceback(result):
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout, result.stderr
    return result


@pytest.mark.parametrize(
    "command", [[], ["play"], ["check"], ["schema"], ["export"], ["graph"], ["serve"], ["new"], ["lsp"]]
)
def test_every_subcommand_answers_help(command):
    result = no_traceback(run(*command, "--help"))
    assert result.returncode == 0
    # `new` makes a story folder and `lsp` finds it from the file being edited: neither takes --story.
    assert "--story" in result.stdout or command in ([], ["new"], ["lsp"])
    assert "usage: zhanaozen" in result.stdout


def test_the_console_script_is_installed():
    script = Path(sys.executable).parent / "zhanaozen"
    assert script.exists(), "pip install should create the zhanaozen command beside python"
    result = subprocess.run([str(script), "--version"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and result.stdout.startswith("zhanaozen ")


def test_check_clean_story_exits_0_with_statistics(story, tmp_path):
    result = no_traceback(run("check", "--story", story.root, cwd=tmp_path))
    assert result.returncode == 0, result.stdout
    assert "4 scenes" in result.stdout and "2 of 2 endings reached" in result.stdout
    assert "shortest" in result.stdout and "min)" in result.stdout
    assert result.stdout.strip().endswith("Checked: no problems.")


def test_check_errors_exit_1_with_file_line_column(story, tmp_path):
    story.scenes["scenes"]["a"]["choices"][0]["goto"] = "nowhere"
    story.write()
    result = no_traceback(run("check", "--story", story.root, cwd=story.root))
    assert result.returncode == 1
    first = result.stdout.splitlines()[0]
    assert first.startswith("scenes.yaml:") and ": error: `goto` names no scene: `nowhere`" in first
    file, line, column = first.split(":")[:3]
    assert (story.root / file).read_text().splitlines()[int(line) - 1][int(column) - 1 :].startswith("nowhere")


def test_check_warnings_pass_unless_strict(story):
    story.sources["unused"] = {"title": "Unused"}
    story.write()
    assert run("check", "--story", story.root).returncode == 0
    strict = run("check", "--strict", "--story", story.root)
    assert strict.returncode == 1 and "warnings count as errors" in strict.stdout


def test_check_json(story):
    story.scenes["scenes"]["a"]["choices"][0]["goto"] = "nowhere"
    story.write()
    result = run("check", "--format", "json", "--story", story.root)
    data = json.loads(result.stdout)
    assert result.returncode == 1 and data["ok"] is False and data["errors"] == 1
    finding = data["findings"][0]
    assert set(finding) == {"file", "line", "column", "severity", "code", "message"}
    assert finding["code"] == "unknown-scene"


def test_usage_problems_exit_2(tmp_path):
    assert run("check", "--story", tmp_path / "missing").returncode == 2
    assert run("check", "--story", tmp_path).returncode == 2  # no story.yaml
    assert run("check", "--bogus").returncode == 2
    assert run("check", "--max-states", "0").returncode == 2


def test_schema_prints_the_committed_schema(tmp_path):
    result = run("schema", cwd=tmp_path)
    assert result.returncode == 0
    assert json.loads(result.stdout) == json.loads((REPO / "scenes" / "scene.schema.json").read_text())


def test_plain_play_to_an_ending(story, tmp_path):
    result = no_traceback(
        run("play", "--plain", "--notes", "--story", story.root, input_text="my answer\n1\n1\n", home=tmp_path / "h")
    )
    assert result.returncode == 0
    out = result.stdout
    assert "Chapter: One (2011)\n\nStart\nMay 2011\n" in out
    assert "Hello.[1]" in out and "[1] \u201cq\u201d (source 1)" in out  # --notes: inline, a short tag
    assert "Reflect: Why?" in out
    assert "1. Join\n2. Stay" in out
    assert "Ending: Struck" in out and "You struck." in out and "What really happened" in out
    saved = json.loads((tmp_path / "h" / "saves" / "test-story" / "autosave.json").read_text())
    assert saved["state"]["scene"] == "e1"
    assert saved["state"]["history"][0]["answers"] == ["my answer"]


def test_plain_commands_back_help_unknown_and_quit(story, tmp_path):
    home = tmp_path / "h"
    result = no_traceback(
        run("play", "--plain", "--story", story.root, home=home, input_text="\n1\nb\nb\n?\nxyz\n7\n2\nq\n")
    )
    out = result.stdout
    assert result.returncode == 0
    assert out.count("\nStart\nMay 2011\n") == 2  # shown again after going back
    assert "This is the start: there is nothing to go back to." in out
    assert "Commands:" in out and "b          go back" in out
    assert "'xyz' is not a command here" in out
    assert "There is no choice 7" in out
    assert "Saved. Continue with" in out
    saved = json.loads((home / "saves" / "test-story" / "autosave.json").read_text())
    assert saved["state"]["scene"] == "b" and saved["state"]["vars"]["joined"] is False


def test_end_of_input_keeps_the_autosave_and_continue_resumes(story, tmp_path):
    home = tmp_path / "h"
    first = no_traceback(run("play", "--plain", "--story", story.root, home=home, input_text="ok\n1\n"))
    assert first.returncode == 0 and "End of input: the game is saved" in first.stdout
    second = no_traceback(run("play", "--plain", "--continue", "--story", story.root, home=home, input_text="1\n"))
    assert second.returncode == 0
    assert "continuing from the save 'autosave': Middle, May 2011." in second.stdout
    assert "Previously: Start (May 2011): you chose \u201cJoin\u201d." in second.stdout
    assert "\nMiddle\nMay 2011\n" in second.stdout and "\nStart\n" not in second.stdout
    assert "Ending: Struck" in second.stdout


def test_named_save_and_load(story, tmp_path):
    home = tmp_path / "h"
    run("play", "--plain", "--story", story.root, home=home, input_text="\n2\ns mine\nq\n")
    assert (home / "saves" / "test-story" / "mine.json").exists()
    loaded = no_traceback(run("play", "--plain", "--load", "mine", "--story", story.root, home=home, input_text="1\n"))
    assert loaded.returncode == 0 and "Ending: Home" in loaded.stdout


def test_continue_with_a_damaged_autosave_explains_and_keeps_it(story, tmp_path):
    home = tmp_path / "h"
    folder = home / "saves" / "test-story"
    folder.mkdir(parents=True)
    (folder / "autosave.json").write_bytes(b"\x00" * 64)
    result = no_traceback(run("play", "--plain", "--continue", "--story", story.root, home=home, input_text=""))
    assert result.returncode == 1
    assert "Cannot continue from the save 'autosave': the save file is damaged" in result.stderr
    assert (folder / "autosave.json").read_bytes() == b"\x00" * 64
    # A new game keeps the damaged file under another name and says so.
    fresh = no_traceback(run("play", "--plain", "--story", story.root, home=home, input_text="\n1\nq\n"))
    assert "could not be read" in fresh.stdout
    assert any(".unreadable-" in p.name for p in folder.iterdir())


def test_continue_without_autosave_starts_a_new_game(story, tmp_path):
    result = run("play", "--plain", "--continue", "--story", story.root, home=tmp_path / "h", input_text="")
    assert result.returncode == 0 and "no autosave yet" in result.stdout and "\nStart\nMay 2011\n" in result.stdout


def test_load_with_a_hostile_slot_name(story, tmp_path):
    result = no_traceback(
        run("play", "--plain", "--load", "../../etc/passwd", "--story", story.root, home=tmp_path / "h", input_text="")
    )
    assert result.returncode == 2 and "1 to 32 letters" in result.stderr  # a usage problem


def test_play_refuses_a_broken_story(story, tmp_path):
    story.scenes["scenes"]["a"]["choices"][0]["goto"] = "nowhere"
    story.write()
    result = no_traceback(run("play", "--plain", "--story", story.root, home=tmp_path / "h", input_text=""))
    assert result.returncode == 1 and "cannot be played" in result.stderr and "nowhere" in result.stderr


def test_control_characters_never_reach_the_terminal(story, tmp_path):
    path = story.root / "scenes.yaml"
    text = path.read_text().replace(
        "text: Hello.[^n1]", 'text: "Hel\\e]52;c;UFdORUQ=\\alo\\e[2J \\x9b2J \\u202e.[^n1]"'
    )
    assert text != path.read_text()
    path.write_text(text)
    result = no_traceback(run("play", "--plain", "--story", story.root, home=tmp_path / "h", input_text=""))
    assert result.returncode == 0
    for bad in ("\x1b", "\x07", "\x9b", "\u202e"):
        assert bad not in result.stdout
    assert "Hel]52;c;UFdORUQ=lo[2J 2J .[1]" in result.stdout
    check = run("check", "--story", story.root)
    assert check.returncode == 0 and "control characters removed" in check.stdout


def test_shipped_story_plays_from_another_folder(tmp_path):
    result = no_traceback(run("play", "--plain", cwd=tmp_path, home=tmp_path / "h", input_text=""))
    assert result.returncode == 0 and "Chapter: " in result.stdout


def test_plain_asks_an_endings_reflection_questions_before_the_ending(story, tmp_path):
    story.scenes["scenes"]["e1"]["reflect"] = ["What would you have done?"]
    story.write()
    home = tmp_path / "h"
    result = no_traceback(run("play", "--plain", "--story", story.root, home=home, input_text="\n1\n1\nThe same.\n"))
    out = result.stdout
    assert result.returncode == 0
    assert out.index("Reflect: What would you have done?") < out.index("Ending: Struck")
    saved = json.loads((home / "saves" / "test-story" / "autosave.json").read_text())
    assert saved["state"]["scene"] == "e1" and saved["state"]["answers"] == ["The same."]


def test_plain_reads_in_order_without_decoration(story, tmp_path):
    """The scene, then its choices; notes only on request; nothing a screen reader reads aloud."""
    story.scenes["scenes"]["a"]["place"] = "Zhanaozen"
    story.write()
    result = no_traceback(run("play", "--plain", "--story", story.root, home=tmp_path / "h", input_text="\nn\n"))
    out = result.stdout
    assert "Start\nMay 2011, Zhanaozen\n\nHello.[1]\n" in out
    assert out.index("Hello.[1]") < out.index("Choices:\n1. Join\n2. Stay") < out.index("Notes:\n[1] \u201cq\u201d")
    for decoration in ("===", "##", "\u00b7"):
        assert decoration not in out


def test_plain_shows_the_games_content_note_first(story, tmp_path):
    story.story["content_note"] = "It describes a police shooting."
    story.write()
    result = no_traceback(run("play", "--plain", "--story", story.root, home=tmp_path / "h", input_text=""))
    out = result.stdout
    assert "Content note: It describes a police shooting." in out
    assert out.index("Content note: It describes") < out.index("Hello.[1]")


def test_plain_commands_of_the_full_screen_game(story, tmp_path):
    story.file("glossary.yaml", 'tenge: "Money."\nakimat: "A council."\n')
    home = tmp_path / "h"
    script = "\ng\ng ten\nr\nr 1\nr 2\n2\nh\ne\nq\n"
    out = no_traceback(run("play", "--plain", "--story", story.root, home=home, input_text=script)).stdout
    assert "Glossary: akimat, tenge." in out and "tenge: Money." in out
    assert "The sources you have met so far: 1.\nsource 1: Source one\n1 more appears as you play." in out
    assert "Source 1: Source one\n" in out and "Quoted in 1 note you have met:\n  Start: \u201cq\u201d" in out
    assert "There is no source 2 among those you have met." in out  # no spoilers
    assert "1. Start, May 2011: you chose Stay.\n   Not taken: Join.\n2. Middle, May 2011: you are here." in out
    transcripts = list((home / "transcripts").glob("*.html"))
    assert len(transcripts) == 1 and f"to hand in: {transcripts[0]}" in out


def test_plain_ending_says_how_many_endings_and_how_to_hand_in(story, tmp_path):
    home = tmp_path / "h"
    first = no_traceback(run("play", "--plain", "--story", story.root, home=home, input_text="\n2\n1\n")).stdout
    assert "The end. Ending 1 of 2 found. Type e to hand in your path" in first
    second = no_traceback(run("play", "--plain", "--story", story.root, home=home, input_text="\n1\n1\ne\nq\n")).stdout
    assert "The end. Ending 2 of 2 found." in second and "to hand in: " in second


def test_plain_no_reflect_keeps_a_piped_script_of_choices(story, tmp_path):
    home = tmp_path / "h"
    eaten = no_traceback(run("play", "--plain", "--story", story.root, home=home, input_text="2\n1\n")).stdout
    assert "Ending: Home" not in eaten  # "2" was taken as the answer to the question
    result = no_traceback(
        run("play", "--plain", "--no-reflect", "--story", story.root, home=tmp_path / "h2", input_text="2\n1\n")
    )
    assert "Reflect:" not in result.stdout and "Ending: Home" in result.stdout


def test_plain_asks_before_saving_over_a_slot(story, tmp_path):
    home = tmp_path / "h"
    run("play", "--plain", "--story", story.root, home=home, input_text="\ns mine\n2\ns mine\nn\ns mine\ny\nq\n")
    saved = json.loads((home / "saves" / "test-story" / "mine.json").read_text())
    assert saved["state"]["scene"] == "b"
    out = run("play", "--plain", "--story", story.root, home=home, input_text="\ns mine\nn\nq\n").stdout
    assert "'mine' holds a game at Middle, May 2011. Replace it? (y/n)" in out and "Not saved" in out
