"""Pilot tests of the Textual game: every screen, every key players depend on, and safety."""

from __future__ import annotations

import json

import pytest
from textual.widgets import Input, OptionList, Static

from conftest import REPO, record_notifications
from zhanaozen_game.core.loader import open_story
from zhanaozen_game.core.slots import AUTOSAVE
from zhanaozen_game.tui.app import ZhanaozenApp

HOSTILE = "Before [@click=app.pwn]Continue[/] [bold] stray [/] array[0] [link=https://x]y[/link] C:\\path\\ end."


@pytest.fixture
def tui_story(story):
    """The test story with a glossary term in the first scene's text."""
    story.scenes["scenes"]["a"]["text"] = "Hello akimat.[^n1]\n\nSecond paragraph."
    story.write()
    story.file("glossary.yaml", 'akimat: "A council."\n')
    return story


def make_app(root, resume=None) -> ZhanaozenApp:
    report = open_story(root)
    assert not report.errors, [str(f) for f in report.errors]
    return ZhanaozenApp(root, resume)


def text_of(app, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def screen_name(app) -> str:
    return type(app.screen).__name__


async def start_game(pilot) -> None:
    await pilot.press("n")
    await pilot.pause()
    if screen_name(pilot.app) == "ContentNoteScreen":
        await pilot.press("y")
    await pilot.pause()


async def test_the_title_appears_before_the_story_is_loaded(tui_story):
    import sys

    tui_story.story["title"] = "A 'quoted': title"
    tui_story.write()
    app = ZhanaozenApp(tui_story.root)
    assert app.title == "A 'quoted': title"  # from story.yaml's title line, without YAML
    assert app.session is None
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()  # the story is read in a thread after the first frame
        await pilot.pause()
        assert app.session is not None and app.story.meta.title == "A 'quoted': title"
        assert text_of(app, "#title-name") == "A 'quoted': title"
    assert "zhanaozen_game.core.loader" in sys.modules  # (loaded after the first frame)


def test_what_the_first_frame_needs_imports_nothing_of_the_story():
    """The app module and the theme read before the first frame (`recall_theme`) import neither
    the story's model, nor its loader, nor the saves: those come in the loading thread, after."""
    import subprocess
    import sys

    code = (
        "import sys, zhanaozen_game.cli, zhanaozen_game.tui.app; "
        "from zhanaozen_game.core.settings import read_settings; read_settings(); "
        "print(sorted(m for m in sys.modules if m.startswith('zhanaozen_game.core.')))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    loaded = result.stdout.strip()
    assert loaded.startswith("['zhanaozen_game.core"), result.stderr
    for heavy in ("saves", "engine", "model", "loader", "session", "story"):
        assert f"'zhanaozen_game.core.{heavy}'" not in loaded, loaded


def test_the_first_frames_title_is_in_the_players_language(tui_story):
    from zhanaozen_game.tui.app import quick_title

    tui_story.story["title"] = "Oiltown"
    tui_story.write()
    (tui_story.root / "locale").mkdir()
    po = 'msgctxt "story/title"\nmsgid "Oiltown"\nmsgstr "Нефте\\"град\\"\x1b[2J"\n'
    (tui_story.root / "locale" / "ru.po").write_text(po, encoding="utf-8")
    assert quick_title(tui_story.root, "ru") == 'Нефте"град"[2J'  # unescaped, no control character
    assert quick_title(tui_story.root, "") == "Oiltown"
    assert quick_title(tui_story.root, "kk") == "Oiltown"  # no such translation
    assert quick_title(tui_story.root, "../ru") == "Oiltown"  # not a language: no path outside


async def test_the_story_loads_in_a_thread_while_the_title_answers_keys(tui_story):
    import threading

    release = threading.Event()

    app = make_app(tui_story.root)
    read = app.read_story

    def slow_disk():
        release.wait(10)  # the story is still being read
        return read()

    app.read_story = slow_disk
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        menu = app.screen.query_one("#title-menu", OptionList)
        before = menu.highlighted
        await pilot.press("down")
        await pilot.pause()
        assert app.session is None and menu.highlighted != before  # the title answered meanwhile
        release.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.session is not None  # loaded without a key pressed
        assert text_of(app, "#title-name") == app.story.meta.title


async def test_a_key_pressed_before_the_story_is_read_waits_for_it(tui_story):
    app = make_app(tui_story.root)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")  # at once: the action takes the story the worker reads, or reads it
        await pilot.pause()
        if screen_name(app) == "ContentNoteScreen":
            await pilot.press("y")
            await pilot.pause()
        assert screen_name(app) == "PlayScreen" and app.session is not None
        await app.workers.wait_for_complete()
        assert app.session.story is app.story  # one session: the worker did not load it again


async def test_a_story_with_errors_is_shown_not_played(tui_story):
    tui_story.scenes["scenes"]["a"]["choices"][0]["goto"] = "nowhere"
    tui_story.write()
    app = ZhanaozenApp(tui_story.root)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert screen_name(app) == "StoryErrorsScreen"
        assert "`goto` names no scene: `nowhere`" in text_of(app, "#story-errors")
        await pilot.press("n")  # nothing starts
        await pilot.pause()
        assert app.state is None
        await pilot.press("q")
    assert app.return_code == 1


async def test_title_screen_shows_the_story_and_its_menu(tui_story):
    app = make_app(tui_story.root)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert screen_name(app) == "TitleScreen"
        assert text_of(app, "#title-name") == "Test story"
        menu = app.screen.query_one("#title-menu", OptionList)
        labels = [str(menu.get_option_at_index(i).prompt) for i in range(menu.option_count)]
        assert [label.split()[-1] for label in labels] == [
            "game",
            "game",
            "chapter",
            "About",
            "Quit",
        ]  # no Continue yet
        assert not any("Continue" in label for label in labels)


async def test_new_game_shows_the_content_note_once(tui_story):
    tui_story.story["content_note"] = "It describes deaths and torture."
    tui_story.write()
    app = make_app(tui_story.root)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        assert screen_name(app) == "ContentNoteScreen"
        assert text_of(app, "#content-note-text") == "It describes deaths and torture."  # from story.yaml
        await pilot.press("escape")  # back: no game starts
        await pilot.pause()
        assert screen_name(app) == "TitleScreen" and app.state is None
        await pilot.press("n")
        await pilot.pause()
        await pilot.click("#go-on")
        await pilot.pause()
        assert screen_name(app) == "PlayScreen"
        assert text_of(app, "#scene-title") == "Start"
    second = make_app(tui_story.root)
    async with second.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        assert screen_name(second) == "ConfirmScreen"  # the game in the autosave would be replaced
        await pilot.press("y")
        await pilot.pause()
        assert screen_name(second) == "PlayScreen"  # the note was seen before


async def test_play_header_text_notes_and_choices(tui_story):
    app = make_app(tui_story.root)
    async with app.run_test(size=(100, 30)) as pilot:
        await start_game(pilot)
        assert text_of(app, "#play-header") == "One  ·  May 2011"
        assert text_of(app, "#scene-text") == "Hello akimat.[1]\n\nSecond paragraph."
        choices = app.screen.query_one("#choices", OptionList)
        assert [str(choices.get_option_at_index(i).prompt) for i in range(2)] == ["1. Join", "2. Stay"]
        notes = app.screen.query_one("#notes", OptionList)
        assert not notes.display
        await pilot.press("n")
        assert notes.display and "Source one" in str(notes.get_option_at_index(0).prompt)
        await pilot.press("n")
        assert not notes.display


async def test_number_keys_choose_counting_visible_choices_only(tui_story):
    app = make_app(tui_story.root)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        await pilot.press("2")  # Stay: joined stays false
        await pilot.pause()
        assert app.state.scene == "b"
        choices = app.screen.query_one("#choices", OptionList)
        assert [str(choices.get_option_at_index(i).prompt) for i in range(choices.option_count)] == [
            "1. Go home",
            "2. Talk",
        ]
        await pilot.press("9")  # no such choice: a message, nothing happens
        await pilot.pause()
        assert app.state.scene == "b"
        await pilot.press("1")
        await pilot.pause()
        assert app.state.scene == "e2" and screen_name(app) == "EndingScreen"


async def test_arrows_and_enter_choose(tui_story):
    app = make_app(tui_story.root)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        await pilot.press("down", "enter")
        await pilot.pause()
        assert app.state.scene == "b" and app.state.history[0].choice_text == "Stay"


async def test_clicking_a_choice_takes_it(tui_story):
    app = make_app(tui_story.root)
    async with app.run_test(size=(80, 30)) as pilot:
        await start_game(pilot)
        choices = app.screen.query_one("#choices", OptionList)
        await pilot.click(choices, offset=(4, 1))  # inside the border: the first option
        await pilot.pause()
        assert app.state.scene == "b" and app.state.vars["joined"] is True


async def test_b_goes_back_repeatedly_and_autosaves(tui_story, save_home):
    app = make_app(tui_story.root)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        await pilot.press("1")
        await pilot.press("1")
        await pilot.pause()
        assert screen_name(app) == "EndingScreen"
        await pilot.press("b")
        await pilot.pause()
        assert screen_name(app) == "PlayScreen" and app.state.scene == "b"
        await pilot.press("b")
        await pilot.pause()
        assert app.state.scene == "a" and app.state.vars["joined"] is False
        await pilot.press("b")  # at the start: nothing to undo
        await pilot.pause()
        assert app.state.scene == "a"
        saved = json.loads((save_home / "saves" / "test-story" / "autosave.json").read_text())
        assert saved["state"]["scene"] == "a"


async def test_q_quits_with_an_autosave(tui_story, save_home):
    app = make_app(tui_story.root)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        await pilot.press("2")
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause()
    assert not app.is_running
    saved = json.loads((save_home / "saves" / "test-story" / "autosave.json").read_text())
    assert saved["state"]["scene"] == "b"


async def test_continue_resumes_the_autosave(tui_story):
    first = make_app(tui_story.root)
    async with first.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        await pilot.press("2")
        await pilot.press("q")
    second = make_app(tui_story.root)
    async with second.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        menu = second.screen.query_one("#title-menu", OptionList)
        assert "Continue" in str(menu.get_option_at_index(1).prompt)
        await pilot.press("c")
        await pilot.pause()
        assert screen_name(second) == "PlayScreen" and second.state.scene == "b"


async def test_reflection_answers_are_kept_in_the_save(tui_story, save_home):
    app = make_app(tui_story.root)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        await pilot.press("tab")  # from the choices into the answer box
        await pilot.press(*"because 2")  # digits typed into the answer do not choose
        await pilot.press("escape")  # back to the choices
        await pilot.pause()
        assert app.state.scene == "a"
        await pilot.press("1")
        await pilot.pause()
    saved = json.loads((save_home / "saves" / "test-story" / "autosave.json").read_text())
    assert saved["state"]["history"][0]["answers"] == ["because 2"]


async def test_help_opens_with_question_mark_everywhere(tui_story):
    app = make_app(tui_story.root)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert screen_name(app) == "HelpScreen"
        assert "b           back: undo the last choice" in text_of(app, "#help-keys")
        await pilot.press("escape")
        await start_game(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert screen_name(app) == "HelpScreen"
        await pilot.press("escape")
        await pilot.pause()
        assert screen_name(app) == "PlayScreen"


def test_every_key_the_footer_shows_is_in_the_help():
    """The help is read from the bindings' tooltips: a key shown in a footer without one would be
    missing from the help."""
    from zhanaozen_game.tui.screens.help import SECTIONS

    for _heading, classes, _extra in SECTIONS:
        for cls in classes:
            for binding in cls.BINDINGS:
                if binding.show and binding.description:
                    assert binding.tooltip, f"{cls.__name__}: {binding.key} has no tooltip for the help"


def test_the_help_lists_a_screens_documented_keys_once_each():
    from textual.binding import Binding
    from textual.screen import Screen

    from zhanaozen_game.tui.screens.help import documented

    class Base(Screen):
        BINDINGS = [Binding("x", "a", "A", tooltip="from the base"), Binding("y", "b", "B", tooltip="kept")]

    class Child(Base):
        BINDINGS = [Binding("x", "c", "C", tooltip="overridden"), Binding("z", "d", "D")]

    assert [(b.key, b.tooltip) for b in documented(Child)] == [("x", "overridden"), ("y", "kept")]


async def test_the_help_shows_every_documented_key_of_the_play_screen(tui_story):
    from zhanaozen_game.tui.screens.help import documented
    from zhanaozen_game.tui.screens.play import PlayScreen

    app = make_app(tui_story.root)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        text = text_of(app, "#help-keys")
        for binding in documented(PlayScreen):
            assert f"{app.get_key_display(binding):<12}{binding.tooltip}" in text
        assert "pgup, pgdn  scroll the text above the choices" in text
        assert "Quit the app" not in text  # Textual's own bindings have no translation here


async def test_clicking_a_footnote_marker_opens_its_note(tui_story):
    app = make_app(tui_story.root)
    async with app.run_test(size=(120, 30)) as pilot:
        await start_game(pilot)
        text = text_of(app, "#scene-text")
        await pilot.click("#scene-text", offset=(text.index("[1]") + 1, 0))
        await pilot.pause()
        notes = app.screen.query_one("#notes", OptionList)
        assert notes.display and notes.has_focus and notes.highlighted == 0


async def test_clicking_a_glossary_term_looks_it_up(tui_story):
    app = make_app(tui_story.root)
    async with app.run_test(size=(120, 30)) as pilot:
        await start_game(pilot)
        await pilot.click("#scene-text", offset=(text_of(app, "#scene-text").index("akimat") + 2, 0))
        await pilot.pause()
        assert screen_name(app) == "GlossaryScreen"
        assert "A council." in text_of(app, "#glossary-definition")


async def test_history_lists_the_path_and_reads_earlier_scenes(tui_story):
    app = make_app(tui_story.root)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        await pilot.press("1")
        await pilot.press("h")
        await pilot.pause()
        history = app.screen.query_one("#history-list", OptionList)
        prompts = [str(history.get_option_at_index(i).prompt) for i in range(history.option_count)]
        assert prompts == ["May 2011  Start\n   \u2192 Join\n   not taken: Stay", "May 2011  Middle  (you are here)"]
        await pilot.press("up", "enter")
        await pilot.pause()
        assert (
            screen_name(app) == "ReadSceneScreen"
            and text_of(app, "#scene-text") == "Hello akimat.[1]\n\nSecond paragraph."
        )
        await pilot.press("escape", "escape")
        await pilot.pause()
        assert screen_name(app) == "PlayScreen" and app.state.scene == "b"


async def test_sources_marks_met_sources_and_lists_citing_notes(tui_story):
    app = make_app(tui_story.root)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        await pilot.press("r")
        await pilot.pause()
        sources = app.screen.query_one("#sources-list", OptionList)
        assert [str(sources.get_option_at_index(i).prompt) for i in range(sources.option_count)] == ["Source one"]
        assert text_of(app, "#sources-help") == "The sources you have met so far: 1. 1 more appears as you play."
        await pilot.press("escape", "1", "r")  # on to the scene citing Source two
        await pilot.pause()
        assert app.screen.query_one("#sources-list", OptionList).option_count == 2
        await pilot.press("down", "enter")
        await pilot.pause()
        assert screen_name(app) == "SourceCardScreen"
        # Only the notes of scenes the player has met are shown; the rest are counted (no spoilers).
        assert [str(s.render()) for s in app.screen.query(".note").results(Static)] == [
            "Middle (May 2011)\n\u201cr\u201d"
        ]
        headings = [str(s.render()) for s in app.screen.query(".section-title").results(Static)]
        assert "Cited in 1 note(s) you have met" in headings
        await pilot.press("escape", "up", "enter")
        await pilot.pause()
        notes = [str(s.render()) for s in app.screen.query(".note").results(Static)]
        assert notes == ["Start (May 2011)\n\u201cq\u201d", "Middle (May 2011)\n\u201cq\u201d"]
        headings = [str(s.render()) for s in app.screen.query(".section-title").results(Static)]
        assert "Cited in 2 note(s) you have met; 2 more ahead" in headings


async def test_glossary_filters(tui_story):
    tui_story.file("glossary.yaml", 'akimat: "A council."\ntenge: "Money."\nFPRK: "Unions."\n')
    app = make_app(tui_story.root)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        await pilot.press("g")
        await pilot.pause()
        terms = app.screen.query_one("#glossary-list", OptionList)
        assert terms.option_count == 3
        await pilot.press(*"ten")  # the filter has the cursor
        await pilot.pause()
        assert terms.option_count == 1 and "Money." in text_of(app, "#glossary-definition")


async def test_timeline_shows_where_the_player_is(tui_story):
    app = make_app(tui_story.root)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        await pilot.press("1", "t")
        await pilot.pause()
        timeline = text_of(app, "#timeline")
        assert timeline.startswith("11 \n\u25b2")  # the story's own years: one, 2011
        for mark in "\u25b2\u25cf\u2500\u00b7\u25b6\u2713":  # a legend for every mark
            assert f"{mark} a" in timeline or f"{mark} the" in timeline, mark
        assert "\u2713 May 2011           Start" in timeline and "\u25b6 May 2011           Middle" in timeline
        assert "2 scenes not seen yet" in timeline


async def test_save_to_a_named_slot_and_load_it(tui_story, save_home):
    app = make_app(tui_story.root)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        await pilot.press("2", "s")
        await pilot.pause()
        assert screen_name(app) == "SavesScreen"
        await pilot.press(*"../bad", "enter")  # refused: the name is not allowed
        await pilot.pause()
        assert screen_name(app) == "SavesScreen"
        app.screen.query_one("#slot-name", Input).value = ""
        await pilot.press(*"mine", "enter")
        await pilot.pause()
        assert screen_name(app) == "PlayScreen"
    assert (save_home / "saves" / "test-story" / "mine.json").exists()
    again = make_app(tui_story.root)
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.press("l")
        await pilot.pause()
        slots = again.screen.query_one("#slot-list", OptionList)
        names = [slots.get_option_at_index(i).id for i in range(slots.option_count)]
        assert set(names) == {"mine", AUTOSAVE}
        slots.highlighted = names.index("mine")
        await pilot.press("enter")
        await pilot.pause()
        assert screen_name(again) == "PlayScreen" and again.state.scene == "b"


async def test_a_damaged_save_gives_a_message_not_a_crash(tui_story, save_home):
    folder = save_home / "saves" / "test-story"
    folder.mkdir(parents=True)
    (folder / "autosave.json").write_bytes(b"\x00" * 64)
    app = make_app(tui_story.root)
    shown = record_notifications(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c")
        await pilot.pause()
        assert screen_name(app) == "TitleScreen"
        assert any("damaged" in text for text in shown)
        await pilot.press("l")
        await pilot.pause()
        slots = app.screen.query_one("#slot-list", OptionList)
        assert "cannot be loaded" in str(slots.get_option_at_index(0).prompt)


async def test_ending_shows_summary_debrief_and_endings_found(tui_story):
    app = make_app(tui_story.root)
    async with app.run_test(size=(80, 40)) as pilot:
        await start_game(pilot)
        await pilot.press("1", "1")
        await pilot.pause()
        assert screen_name(app) == "EndingScreen"
        assert text_of(app, "#ending-title") == "Ending: Struck"
        assert text_of(app, "#ending-summary") == "You struck."
        assert text_of(app, "#debrief") == "Really.[1]"
        assert text_of(app, "#endings-found").startswith("The end. Ending 1 of 2 found. Press e to write")
        await pilot.press("m")  # back to the menu
        await pilot.pause()
        assert screen_name(app) == "TitleScreen"
        await pilot.press("c")  # the finished path is still the autosave
        await pilot.pause()
        assert screen_name(app) == "EndingScreen"


async def test_about_says_what_is_fiction_and_lists_sources(tui_story):
    app = make_app(tui_story.root)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("a")
        await pilot.pause()
        about = text_of(app, "#about-text")
        assert "fictional composites" in about and "Source one" in about and "Source two" in about


async def test_command_palette_offers_the_screens_and_the_theme(tui_story):
    app = make_app(tui_story.root)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        titles = {command.title for command in app.get_system_commands(app.screen)}
        assert {
            "Help",
            "About",
            "Sources",
            "Glossary",
            "Timeline",
            "History",
            "Save the game",
            "Load a game",
            "Theme",
        } <= titles


async def test_markup_in_story_text_is_shown_literally_and_never_acts(tui_story):
    tui_story.scenes["scenes"]["a"]["text"] = HOSTILE + "[^n1]"
    tui_story.scenes["scenes"]["a"]["title"] = "[b]Title[/b] [@click=app.pwn]t[/]"
    tui_story.scenes["scenes"]["a"]["choices"][0]["text"] = "[@click=app.pwn]Join[/] [/]"
    tui_story.write()
    app = make_app(tui_story.root)
    pwned = []
    app.action_pwn = lambda: pwned.append(True)
    async with app.run_test(size=(160, 30)) as pilot:
        await start_game(pilot)
        assert text_of(app, "#scene-text") == HOSTILE + "[1]"
        assert text_of(app, "#scene-title") == "[b]Title[/b] [@click=app.pwn]t[/]"
        choices = app.screen.query_one("#choices", OptionList)
        assert str(choices.get_option_at_index(0).prompt) == "1. [@click=app.pwn]Join[/] [/]"
        for word in ("Continue", "[bold]", "[/]"):
            await pilot.click("#scene-text", offset=(HOSTILE.index(word) + 1, 0))
        await pilot.click("#scene-title", offset=(25, 0))
        await pilot.pause()
        assert pwned == [] and app.is_running


SIZES = [(40, 12), (300, 100), (20, 5), (1, 1), (80, 24)]  # both extremes; the usual size last
# From the play screen: its notes, then history, sources, timeline and glossary, then notes again.
EVERY_SCREEN = (["n"], ["h"], ["escape", "r"], ["escape", "t"], ["escape", "g"], ["escape", "n"])


@pytest.mark.parametrize("size", SIZES)
async def test_every_screen_opens_at_any_size(tui_story, size):
    """Each screen composed and drawn at this size from the start (no resize)."""
    app = make_app(tui_story.root)
    async with app.run_test(size=size) as pilot:
        await start_game(pilot)
        assert screen_name(app) == "PlayScreen"
        for keys in EVERY_SCREEN:
            await pilot.press(*keys)
        await pilot.press("escape", "1")
        await pilot.pause()
        assert app.is_running and app.session.state.scene == "b"  # and it still plays


@pytest.mark.slow
async def test_every_screen_survives_resizing_to_the_extremes(tui_story):
    """Each screen, opened at 80x24, resized to one extreme, to the other, and back (the sizes
    between are drawn by the test above)."""
    app = make_app(tui_story.root)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        for keys in EVERY_SCREEN:
            await pilot.press(*keys)
            shown = screen_name(app)
            for size in [(1, 1), (300, 100), (80, 24)]:
                await pilot.resize_terminal(*size)
                assert app.size == size and screen_name(app) == shown
        await pilot.press("escape", "1")
        await pilot.pause()
        assert app.is_running and app.session.state.scene == "b"


def test_every_scene_of_the_shipped_story_has_drawable_text():
    """Every scene's text and debrief become text with numbered markers and no raw marker left
    (the text the play and ending screens draw); rendering them all is left to the test below."""
    from zhanaozen_game.core.loader import open_story
    from zhanaozen_game.tui.widgets.story_text import linked_text

    story = open_story(REPO / "scenes").story
    terms = list(story.glossary)
    for scene_id, scene in story.scenes.items():
        numbers: dict[str, int] = {}
        text = str(linked_text(scene.text, numbers, terms))
        assert "[^" not in text and len(text) > 50, scene_id
        assert sorted(numbers.values()) == list(range(1, len(numbers) + 1)), scene_id
        if scene.ending is not None and scene.ending.debrief:
            assert "[^" not in str(linked_text(scene.ending.debrief, numbers, terms)), scene_id


@pytest.mark.slow
async def test_a_sample_of_shipped_scenes_renders():
    """The first scene of every chapter and three endings, drawn by the real screens (the text of
    every scene and debrief is checked above, without drawing it)."""
    app = make_app(REPO / "scenes")
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        story = app.story
        sample = {}
        endings = [scene_id for scene_id, scene in story.scenes.items() if scene.ending is not None]
        for scene_id, scene in story.scenes.items():
            if scene.ending is None:
                sample.setdefault(story.chapter_of[scene_id], (scene_id, scene))
            elif scene_id in endings[:: max(1, len(endings) // 3)][:3]:
                sample[scene_id] = (scene_id, scene)
        for scene_id, scene in sample.values():
            app.session.state = app.session.engine.new_game()
            app.session.state.scene = scene_id
            app.show_play()
            await pilot.pause()
            expected = "EndingScreen" if scene.ending is not None else "PlayScreen"
            assert screen_name(app) == expected, scene_id
            assert text_of(app, "#scene-title") == scene.title
            text = text_of(app, "#scene-text")
            assert "[^" not in text and len(text) > 50


async def test_an_endings_reflection_questions_are_asked_and_kept(tui_story, save_home):
    tui_story.scenes["scenes"]["e1"]["reflect"] = ["What would you have done?"]
    tui_story.write()
    app = make_app(tui_story.root)
    async with app.run_test(size=(80, 40)) as pilot:
        await start_game(pilot)
        await pilot.press("1", "1")
        await pilot.pause()
        assert screen_name(app) == "EndingScreen"
        app.screen.query_one(".reflect-answer").focus()
        await pilot.press(*"the same", "enter", *"again", "escape")
        await pilot.pause()
        assert app.state.answers == ["the same\nagain"] and screen_name(app) == "EndingScreen"
    saved = json.loads((save_home / "saves" / "test-story" / "autosave.json").read_text())
    assert saved["state"]["answers"] == ["the same\nagain"]


async def wait_until(pilot, condition, seconds: float = 10.0):
    """Let the app run until `condition()` holds (an upper bound, not a timing)."""
    for _ in range(int(seconds / 0.05)):
        if condition():
            return True
        await pilot.pause(0.05)
    return condition()


def autosaved_answers(save_home) -> list[str] | None:
    path = save_home / "saves" / "test-story" / "autosave.json"
    return json.loads(path.read_text())["state"]["answers"] if path.exists() else None


async def test_answers_are_saved_as_they_are_typed_without_a_save_at_every_key(tui_story, save_home, monkeypatch):
    """No save at each key: a save a moment after the last one (play.ANSWER_DELAY), or at once on
    leaving the box. The delay is set long while typing, so that a loaded machine (a key pressed
    more than half a second after the last) cannot save in between; then short, to see it save."""
    from zhanaozen_game.tui.screens import play

    app = make_app(tui_story.root)
    async with app.run_test(size=(80, 40)) as pilot:
        await start_game(pilot)
        saves = []
        real_autosave = app.session.autosave
        app.session.autosave = lambda: saves.append(list(app.state.answers)) or real_autosave()
        box = app.screen.query_one(".reflect-answer")
        box.focus()
        monkeypatch.setattr(play, "ANSWER_DELAY", 60.0)
        await pilot.press(*"because")
        await pilot.pause()
        assert saves == [] and autosaved_answers(save_home) == []  # seven keys, no save yet
        await pilot.press("escape")  # leaving the box keeps the answer at once
        assert saves == [["because"]] and autosaved_answers(save_home) == ["because"]
        monkeypatch.setattr(play, "ANSWER_DELAY", 0.05)
        box.focus()
        await pilot.press("end", *" now")
        assert await wait_until(pilot, lambda: autosaved_answers(save_home) == ["because now"])
        assert saves[-1] == ["because now"]  # by the timer, the box still focused
    assert autosaved_answers(save_home) == ["because now"]


async def test_the_endings_button_exports_the_transcript_and_says_where(tui_story, save_home):
    tui_story.scenes["scenes"]["e1"]["reflect"] = ["What would you have done?"]
    tui_story.write()
    app = make_app(tui_story.root)
    async with app.run_test(size=(80, 40)) as pilot:
        shown = record_notifications(app)
        await start_game(pilot)
        await pilot.press("1", "1")
        await pilot.pause()
        assert screen_name(app) == "EndingScreen"
        app.screen.query_one(".reflect-answer").focus()
        await pilot.press(*"typed", "escape")
        button = app.screen.query_one("#export")
        button.scroll_visible(animate=False)
        await pilot.pause()
        await pilot.click("#export")
        await pilot.pause()
        written = list((save_home / "transcripts").glob("*.html"))
        assert len(written) == 1 and "typed" in written[0].read_text(encoding="utf-8")
        assert any(str(written[0]) in line for line in shown)
    assert autosaved_answers(save_home) == ["typed"]


async def test_coming_back_to_an_answer_box_adds_to_the_answer(tui_story, save_home):
    """Focus returning to a box (another box, the browser's tab) never selects the answer, so the
    next key cannot replace it."""
    app = make_app(tui_story.root)
    async with app.run_test(size=(80, 40)) as pilot:
        await start_game(pilot)
        answer = app.screen.query_one(".reflect-answer")
        answer.focus()
        await pilot.press(*"abc")
        app.screen.query_one("#choices").focus()
        await pilot.pause()
        answer.focus()
        await pilot.pause()
        await pilot.press("d")
        assert answer.text == "abcd"


async def test_a_story_spanning_other_years_gets_its_own_timeline(tui_story):
    tui_story.story["chapters"][0]["period"] = "1986–1991"
    tui_story.write()
    app = make_app(tui_story.root)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        await pilot.press("t")
        await pilot.pause()
        assert text_of(app, ".screen-title") == "Timeline 1986\u20132011"
        assert text_of(app, "#timeline").startswith("86 87 88 89 90 91 92 ")
