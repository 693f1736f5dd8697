"""Pilot tests of what a new player met (issue 13): the keyboard, saves, and reading at 80x24."""

from __future__ import annotations

import json

import pytest
from textual.widgets import OptionList, Static, TextArea

from conftest import record_notifications, toasts_on_screen
from test_tui import make_app, screen_name, start_game, text_of
from zhanaozen_game.core.export import build, to_html, to_markdown
from zhanaozen_game.core.loader import open_story
from zhanaozen_game.core.session import Session

LONG = "\n\n".join(f"Paragraph {n} of a long scene, long enough to need scrolling at 80 by 24." for n in range(40))


def autosave(save_home) -> dict:
    return json.loads((save_home / "saves" / "test-story" / "autosave.json").read_text())


@pytest.mark.slow
async def test_typing_in_an_answer_box_never_runs_a_command(story, save_home):
    app = make_app(story.root)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        await pilot.press("tab")  # one Tab from the choices: the cursor is in the answer box
        box = app.screen.query_one(".reflect-answer", TextArea)
        assert box.has_focus
        typed = "the sources? 1 quit, hand in e, go back b, notes n, help h"
        await pilot.press(*typed)
        await pilot.press("enter", *"second line")  # answers are multi-line
        await pilot.pause()
        assert screen_name(app) == "PlayScreen" and app.state.scene == "a" and app.is_running
        assert box.text == typed + "\nsecond line"
        assert box.size.height >= 2  # both lines visible while typed
        assert not (save_home / "transcripts").exists()  # `e` typed as text wrote no transcript
        for _ in range(200):  # saved a moment after the last key (play.ANSWER_DELAY), not at every key
            if autosave(save_home)["state"]["answers"] == [typed + "\nsecond line"]:
                break
            await pilot.pause(0.05)
        assert autosave(save_home)["state"]["answers"] == [typed + "\nsecond line"]  # kept as typed
        await pilot.pause()
        assert "esc" in footer_keys(app) and "q" not in footer_keys(app)  # the footer says how to leave
        await pilot.press("escape")  # Escape leaves the box
        assert app.screen.query_one("#choices", OptionList).has_focus
        await pilot.press("2")
        await pilot.pause()
        assert app.state.scene == "b" and app.state.history[0].answers == [typed + "\nsecond line"]


async def test_tab_cycles_choices_answers_and_text(story):
    story.scenes["scenes"]["a"]["reflect"] = ["Why?", "Why not?"]
    story.write()
    app = make_app(story.root)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        boxes = list(app.screen.query(".reflect-answer").results(TextArea))
        await pilot.press("tab")
        assert boxes[0].has_focus
        await pilot.press("tab")
        assert boxes[1].has_focus
        await pilot.press("tab", "tab")  # the text, then round to the choices
        assert app.screen.query_one("#choices").has_focus
        await pilot.press("shift+tab")
        assert app.screen.query_one("#scene-scroll").has_focus


async def test_choices_stay_on_screen_under_a_long_scene(story):
    story.scenes["scenes"]["a"]["text"] = LONG + "[^n1]"
    story.write()
    app = make_app(story.root)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        choices = app.screen.query_one("#choices", OptionList)
        assert choices.has_focus
        assert choices.region.y > 0 and choices.region.bottom <= 23  # above the footer, all shown
        assert choices.region.height >= choices.option_count + 2
        scroll = app.screen.query_one("#scene-scroll")
        assert scroll.region.bottom <= choices.region.y  # the text is above, never over them
        await pilot.press("pagedown")  # the page keys scroll the text, the choices stay
        await pilot.pause()
        assert scroll.scroll_y > 0 and choices.highlighted == 0
        await pilot.press("down", "enter")  # the highlight moves on choices the player sees
        await pilot.pause()
        assert app.state.history[0].choice_text == "Stay"


async def test_arrows_scroll_the_text_when_the_choices_are_not_focused(story):
    story.scenes["scenes"]["a"]["text"] = LONG + "[^n1]"
    story.write()
    app = make_app(story.root)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        app.screen.set_focus(None)
        await pilot.press("down", "down", "down")
        await pilot.pause()
        assert app.screen.query_one("#scene-scroll").scroll_y == 3 and app.state.scene == "a"


async def test_the_text_is_a_centred_column_of_at_most_72(story):
    app = make_app(story.root)
    async with app.run_test(size=(200, 50)) as pilot:
        await start_game(pilot)
        text = app.screen.query_one("#scene-text", Static)
        assert text.region.width <= 72
        assert abs(text.region.x - (200 - text.region.right)) <= 4  # centred
        choices = app.screen.query_one("#choices")
        assert choices.region.width <= 78 and abs(choices.region.x - (200 - choices.region.right)) <= 4


async def test_title_menu_comes_first_at_80x24(story):
    story.story["description"] = " ".join(["A long description of the story."] * 60)
    story.write()
    app = make_app(story.root)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        menu = app.screen.query_one("#title-menu", OptionList)
        assert menu.region.y >= 0 and menu.region.bottom <= 23 and menu.region.height >= menu.option_count


def footer_keys(app) -> list[str]:
    return [key.key_display for key in app.screen.query("FooterKey")]


async def test_footers_show_what_fits_by_priority_and_never_hide_help(story):
    app = make_app(story.root)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        await pilot.pause()
        keys = footer_keys(app)
        assert "?" in keys and "1-9" in keys and "b" in keys and "q" in keys
        used = sum(key.region.width for key in app.screen.query("FooterKey"))
        assert used <= 80
        await pilot.resize_terminal(40, 24)
        await pilot.pause()
        await pilot.pause()
        narrow = footer_keys(app)
        assert "?" in narrow and "1-9" in narrow and len(narrow) < len(keys)
        assert sum(key.region.width for key in app.screen.query("FooterKey")) <= 40
        await pilot.resize_terminal(80, 24)
        await pilot.press("1", "1")
        await pilot.pause()
        await pilot.pause()
        assert screen_name(app) == "EndingScreen"
        assert {"?", "e", "b"} <= set(footer_keys(app))  # hand in, where it is needed most


async def test_new_game_asks_before_replacing_the_autosave(story, save_home):
    app = make_app(story.root)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        await pilot.press("2")
        await pilot.pause()
        app.back_to_title()
        await pilot.press("n")
        await pilot.pause()
        assert screen_name(app) == "ConfirmScreen"
        assert "Middle, May 2011" in text_of(app, "#confirm-question")
        await pilot.press("n")  # keep it
        await pilot.pause()
        assert screen_name(app) == "TitleScreen" and autosave(save_home)["state"]["scene"] == "b"
        await pilot.press("n", "y")
        await pilot.pause()
        assert screen_name(app) == "PlayScreen" and autosave(save_home)["state"]["scene"] == "a"


async def test_saving_over_a_slot_asks_and_loading_says_what_was_loaded(story, save_home):
    app = make_app(story.root)
    messages = record_notifications(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        await pilot.press("s", *"mine", "enter")
        await pilot.pause()
        assert screen_name(app) == "PlayScreen"
        await pilot.press("2", "s", *"mine", "enter")
        await pilot.pause()
        assert screen_name(app) == "ConfirmScreen"
        assert "'mine' holds a game at Start, May 2011" in text_of(app, "#confirm-question")
        await pilot.press("escape")  # keep it
        await pilot.pause()
        saved = json.loads((save_home / "saves" / "test-story" / "mine.json").read_text())
        assert saved["state"]["scene"] == "a" and screen_name(app) == "SavesScreen"
        await pilot.press("enter", "y")
        await pilot.pause()
        saved = json.loads((save_home / "saves" / "test-story" / "mine.json").read_text())
        assert saved["state"]["scene"] == "b" and screen_name(app) == "PlayScreen"
        await pilot.press("l")
        await pilot.pause()
        slots = app.screen.query_one("#slot-list", OptionList)
        slots.highlighted = [slots.get_option_at_index(i).id for i in range(slots.option_count)].index("mine")
        await pilot.press("enter")
        await pilot.pause()
        assert any(m.endswith("Loaded the save 'mine': Middle, May 2011.") for m in messages)


async def test_continue_says_where_and_opens_with_a_recap(story):
    first = make_app(story.root)
    async with first.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        await pilot.press("1", "q")
    second = make_app(story.root)
    messages = record_notifications(second)
    async with second.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        menu = second.screen.query_one("#title-menu", OptionList)
        assert "Continue: Middle, May 2011" in str(menu.get_option_at_index(1).prompt)
        await pilot.press("c")
        await pilot.pause()
        recap = second.screen.query_one("#recap", Static)
        assert recap.display and str(recap.render()) == "Previously: Start (May 2011): you chose \u201cJoin\u201d."
        assert any(m.endswith("Continuing: Middle, May 2011.") for m in messages)
        assert any("Continuing: Middle, May 2011." in toast for toast in toasts_on_screen(second))  # still shown
        await pilot.press("b")  # the recap is for the scene the game was continued at
        await pilot.pause()
        assert not second.screen.query_one("#recap", Static).display


async def test_the_title_screen_lists_the_endings_found(story):
    app = make_app(story.root)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert not app.screen.query_one("#title-endings").display
        await start_game(pilot)
        await pilot.press("1", "1")
        await pilot.pause()
        await pilot.press("m")
        await pilot.pause()
        assert text_of(app, "#title-endings") == "Endings found: 1 of 2\nStruck"


async def test_glossary_takes_typing_at_once_sorted_and_wrapping(story):
    long_term = "A very long glossary term that cannot fit in the list column at eighty"
    story.file("glossary.yaml", f'tenge: "Money."\nakimat: "A council."\n"{long_term}": "Long."\nBolashak: "A."\n')
    app = make_app(story.root)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        await pilot.press("g")
        await pilot.pause()
        terms = app.screen.query_one("#glossary-list", OptionList)
        names = [terms.get_option_at_index(i).id for i in range(terms.option_count)]
        assert names == [long_term, "akimat", "Bolashak", "tenge"]
        assert terms.region.height >= 6  # the long term wraps over lines, as one entry
        await pilot.press(*"te", "down")  # typing goes to the filter; Down moves in the list
        await pilot.pause()
        assert terms.option_count == 2 and "Money." in text_of(app, "#glossary-definition")


async def test_timeline_lists_a_years_scenes_in_play_order(story):
    story.scenes["scenes"]["a"]["date"] = "2011-12"
    story.write()
    app = make_app(story.root)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        await pilot.press("1", "t")
        await pilot.pause()
        timeline = text_of(app, "#timeline")
        assert timeline.index("December 2011") < timeline.index("May 2011")  # Start was played first


async def test_the_palette_offers_the_games_commands_not_the_developers(story):
    app = make_app(story.root)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "Theme" in titles and "Hand in" in titles and "Quit" in titles
        assert not {"Screenshot", "Keys", "Maximize", "Minimize"} & set(titles)


async def test_the_theme_is_remembered(story):
    app = make_app(story.root)
    async with app.run_test(size=(80, 24)) as pilot:
        app.theme = "nord"
        await pilot.pause()
    again = make_app(story.root)
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert again.theme == "nord"


async def test_messages_never_cover_the_choices(story):
    app = make_app(story.root)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await start_game(pilot)
        app.notify("A message for the player.", timeout=30, markup=False)
        await pilot.pause()
        await pilot.pause()
        choices = app.screen.query_one("#choices")
        toasts = list(app.screen.query("Toast"))
        assert toasts and all(not toast.region.overlaps(choices.region) for toast in toasts)


async def test_history_shows_the_choices_not_taken(story):
    app = make_app(story.root)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        await pilot.press("2", "h")
        await pilot.pause()
        history = app.screen.query_one("#history-list", OptionList)
        assert "not taken: Join" in str(history.get_option_at_index(0).prompt)


def test_transcripts_show_the_choices_not_taken(story):
    loaded = open_story(story.root).story
    session = Session(loaded)
    session.new_game()
    session.choose(2)  # Stay: at b, Join was not taken; Go home and Talk are seen
    session.choose(1)  # Go home
    transcript = build(loaded, session.playing)
    assert [section.not_taken for section in transcript.sections] == [["Join"], ["Talk"], []]
    assert "*Not taken:* Join" in to_markdown(transcript)
    assert '<p class="not-taken">Not taken: Talk</p>' in to_html(transcript)


async def test_a_story_without_a_content_note_starts_at_once(story):
    del story.story["content_note"]
    story.write()
    app = make_app(story.root)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        assert screen_name(app) == "PlayScreen"
