"""With `--lang ru` the interface is entirely Russian: a whole path played in line mode, with
every command, leaves no English interface sentence; the full-screen game's command palette is
Russian too. (That every marked string has a Russian translation is checked by
test_translation.py's test_the_interface_catalogs_are_current.)

English may still appear, and is not the interface: the story's own text where its translation is
missing, the sources' titles and quotes (shown as the sources have them), command names such as
`zhanaozen play --plain`. So the story's strings are taken out of each line first; what is left
must not hold three English words in a row, nor any sentence of the interface catalog in English.
"""

from __future__ import annotations

import os
import re
import string
import subprocess
import sys
from pathlib import Path

import msgspec
import polib
import pytest

from conftest import REPO

CATALOG = REPO / "src" / "zhanaozen_game" / "locale" / "ru" / "LC_MESSAGES" / "zhanaozen.po"
ENGLISH_RUN = re.compile(r"[A-Za-z']{2,}(?:[ ,:;]+[A-Za-z']{2,}){2,}")

# A path through the shipped story to an ending, trying every command on the way: help, notes,
# glossary, sources and cards, a quote in context, people, places, map, timeline, history, wrong
# input, saving (a bad name, a new name, replacing it and refusing), going back, and at the ending
# a wrong command, the history and handing in.
SCRIPT = [
    "?", "n", "g", "g Жан", "g zzz", "r", "r 1", "r 99", "c 1", "v 1", "c", "c 99", "p", "w", "m", "t", "h",
    "foo", "7", "s", "s bad name!", "s slot1", "1", "s slot1", "n", "s slot1", "y", "b", "a",
    "1", "1", "1", "m", "w", *["1"] * 30, "4", "zz", "h", "r", "e", "q",
]  # fmt: skip


def story_strings(story) -> set[str]:
    """Every piece of text the story holds (translated or left in English), split where the game
    changes it for display (footnote markers, paragraphs), longest first when used."""
    found: set[str] = set()

    def walk(value, depth=0) -> None:
        if depth > 12:
            return
        if isinstance(value, str):
            for piece in re.split(r"\[\^[^\]]*\]|\n+", value):
                if len(piece.strip()) > 2:
                    found.add(piece.strip())
        elif isinstance(value, dict):
            for key, item in value.items():
                walk(key, depth + 1)
                walk(item, depth + 1)
        elif isinstance(value, (list, tuple)):
            for item in value:
                walk(item, depth + 1)
        elif isinstance(value, msgspec.Struct):
            for name in value.__struct_fields__:
                walk(getattr(value, name), depth + 1)

    for part in (story.meta, story.sources, story.glossary, story.people, story.places, story.events, story.scenes):
        walk(part)
    return found


def source_passages(story) -> str:
    """The sources' whole texts, one paragraph a line: a quote in context shows a piece of one."""
    return "\n".join(" ".join(text.text.split()) for text in story.source_texts.values())


def interface_sentences() -> set[str]:
    """The English of the interface catalog: every stretch of a message between its placeholders
    that has three words or more ("Help", "Map" are too short to tell from a source's words)."""
    found = set()
    for entry in polib.pofile(str(CATALOG)):
        for message in filter(None, (entry.msgid, entry.msgid_plural)):
            for text, *_ in string.Formatter().parse(message):
                if len(re.findall(r"[A-Za-z]{2,}", text)) >= 3:
                    found.add(text.strip())
    return found


@pytest.fixture(scope="module")
def russian_story():
    from zhanaozen_game.core.i18n import set_language
    from zhanaozen_game.core.loader import open_story
    from zhanaozen_game.core.po import load_translated

    story = load_translated(open_story(REPO / "scenes").story, "ru")
    set_language("")
    return story


def play_plain(home: Path, lines: list[str], *args: str, status: int = 0) -> str:
    env = {k: v for k, v in os.environ.items() if k not in ("ZHANAOZEN_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES")}
    env.update(LANG="C.UTF-8", ZHANAOZEN_HOME=str(home))
    result = subprocess.run(
        [sys.executable, "-m", "zhanaozen_game", "play", "--plain", "--lang", "ru", "--no-reflect", *args],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == status, result.stderr
    assert "Traceback" not in result.stderr
    return result.stdout + result.stderr


def english_left(output: str, story_text: set[str], passages: str = "") -> list[str]:
    """The lines of `output` that still hold English once the story's own text (and the sources'
    passages around a quote in context) is taken out."""
    pieces = sorted(story_text, key=len, reverse=True)
    sentences = interface_sentences()
    left = []
    for line in output.splitlines():
        parts = re.split(r"\((?:начало|конец) цитаты\)", line)
        rest = " ".join(part for part in parts if len(parts) == 1 or " ".join(part.split()) not in passages)
        for piece in pieces:
            if piece in rest:
                rest = rest.replace(piece, " ")
        rest = re.sub(r"\S*[/\\]\S*|zhanaozen play[ \-a-z]*", " ", rest)  # paths, URLs and the command
        if ENGLISH_RUN.search(rest) or any(sentence in rest for sentence in sentences):
            left.append(line)
    return left


def test_a_whole_path_in_russian_line_mode_has_no_english_interface(tmp_path, russian_story):
    output = play_plain(tmp_path / "home", SCRIPT)
    assert "Концовка:" in output and "Найдено концовок: 1 из" in output  # the path reached an ending
    assert "«4» здесь не команда" in output  # the ending's prompt, answered wrongly
    assert "Среди встреченных источников нет источника 99" in output
    assert "Источник 1:" in output and "(начало цитаты)" in output  # a card, a quote in context
    assert "Карта Казахстана" in output and "500 км   @ вы" in output  # the map, with its scale and key
    assert "Заменить её? (y — да, n — нет)" in output  # saving over a save asks first
    assert "Запись вашего пути, ответов и примечаний, чтобы сдать:" in output
    assert english_left(output, story_strings(russian_story), source_passages(russian_story)) == []


def test_continuing_and_a_save_that_cannot_be_loaded_are_said_in_russian(tmp_path, russian_story):
    home = tmp_path / "home"
    play_plain(home, ["1", "1", "q"])
    output = play_plain(home, ["h", "q"], "--continue")
    assert "продолжаем с сохранения «autosave»" in output and "Ранее" in output
    output = play_plain(home, ["q"], "--load", "nothing-here", status=1)
    assert "сохранения с именем «nothing-here» нет" in output
    output += play_plain(home, ["q"], "--load", "bad name!", status=2)
    assert "в имени сохранения может быть от 1 до 32 латинских букв" in output
    assert english_left(output, story_strings(russian_story)) == []


def test_distances_and_directions_are_russian(russian_story):
    from zhanaozen_game.core import reference
    from zhanaozen_game.core.i18n import set_language

    places = russian_story.places
    set_language("ru")
    assert reference.how_far(places["almaty"], places["astana"]).endswith("км к северо-западу")
    assert reference.how_far(places["astana"], places["almaty"]).endswith("км к юго-востоку")
    assert reference.how_far(places["almaty"], places["aktau"]).startswith("2\u00a0")  # "2 069 км": a space, no comma
    set_language("")
    assert reference.how_far(places["almaty"], places["astana"]).endswith("km NW")
    assert reference.how_far(places["almaty"], places["aktau"]).startswith("2,")


def test_the_check_would_see_an_english_sentence(russian_story):
    """The check itself: an interface sentence left in English, or a new English one, is caught;
    the story's own English (a source's title, a quote) is not."""
    text = story_strings(russian_story)
    source = next(iter(russian_story.sources.values()))
    assert english_left(f"Источник 1: {source.title}", text) == []
    assert english_left("'4' is not a command here: type e, b or q, or ? for help.", text)
    assert english_left("Выберите 1-2: Something new and English.", text)
    assert english_left("Конец. Найдено концовок: 1 из 9. Type e to hand in your path.", text)
    assert english_left("e — сдать (? — справка): 'x' is not a command here: type a number", text)


async def test_the_command_palette_is_russian(tmp_path):
    from textual.command import CommandInput, CommandList

    from zhanaozen_game.core.i18n import set_language
    from zhanaozen_game.tui.app import ZhanaozenApp

    set_language("ru")
    app = ZhanaozenApp(REPO / "scenes", language="ru")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert app.screen.query_one(CommandInput).placeholder == "Поиск команды…"
        commands = app.screen.query_one(CommandList)
        await pilot.pause(0.3)
        prompts = [str(commands.get_option_at_index(i).prompt) for i in range(commands.option_count)]
        assert any("Справка" in prompt for prompt in prompts), prompts
        assert any("Тема" in prompt for prompt in prompts), prompts
        assert not any(re.search(r"\b(Theme|Help|Quit|Load a game)\b", prompt) for prompt in prompts), prompts
        await pilot.press(*"qqqzzz")
        await pilot.pause(1.0)
        prompts = [str(commands.get_option_at_index(i).prompt) for i in range(commands.option_count)]
        assert any("Ничего не найдено" in prompt for prompt in prompts), prompts


@pytest.fixture
def russian_folder(story):
    """The small test story with a complete Russian translation."""
    from test_translation import RUSSIAN, run, translate

    assert run("translate", "update", "--lang", "ru", "--story", story.root).returncode == 0
    translate(story.root, RUSSIAN)
    return story


async def test_the_ending_screen_keys_are_russian(russian_folder):
    from zhanaozen_game.core.i18n import set_language
    from zhanaozen_game.tui.app import ZhanaozenApp

    set_language("ru")
    app = ZhanaozenApp(russian_folder.root, language="ru")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.start_new_game()  # straight to the first scene (the title screen's content note is not this test's)
        await pilot.pause()
        await pilot.press("1", "1")
        await pilot.pause()
        assert type(app.screen).__name__ == "EndingScreen"
        labels = {key: active.binding.description for key, active in app.screen.active_bindings.items()}
        assert labels["e"] == "Сдать" and labels["b"] == "Назад" and labels["q"] == "Выход", labels


async def test_a_student_in_a_russian_class_is_asked_in_russian(russian_folder, tmp_path):
    from zhanaozen_game.classroom.db import ClassDB
    from zhanaozen_game.classroom.game import ClassroomApp
    from zhanaozen_game.core.i18n import set_language

    set_language("ru")
    database = ClassDB(tmp_path / "class.sqlite3")
    app = ClassroomApp(russian_folder.root, database, "tab-one", language="ru")
    try:
        async with app.run_test(size=(80, 30)) as pilot:
            await pilot.pause()
            texts = " ".join(str(widget.render()) for widget in app.screen.query("Static"))
            assert "Кто играет?" in texts and "Добро пожаловать" in texts and "код продолжения" in texts
            await pilot.press("enter")  # no name
            await pilot.pause()
            assert "Введите имя (или псевдоним)" in str(app.screen.query_one("#student-problem").render())
            await pilot.press(*"Ada", "enter")
            await pilot.pause()
            texts = " ".join(str(widget.render()) for widget in app.screen.query("Static"))
            assert "Здравствуйте, Ada." in texts and "Запишите его." in texts
    finally:
        database.close()


def test_the_class_game_page_and_the_full_page_are_russian():
    from jinja2 import Environment, FileSystemLoader

    from zhanaozen_game.classroom import serve
    from zhanaozen_game.core.i18n import set_language

    set_language("ru")
    page = serve.full_page(5)
    assert '<html lang="ru">' in page and "Сервер класса заполнен (одновременно идут 5 игр)" in page
    assert "This page" not in page and "The classroom" not in page
    templates = Path(serve.__file__).parent / "templates"
    html = (
        Environment(loader=FileSystemLoader(templates))
        .get_template("game.html")
        .render(lang="ru", start="Начать", ended="Игра закрылась.", restart="Начать заново", title="Жанаозен")
    )
    assert not re.search(r">\s*[A-Z][a-z]+[^<]*<", html.split("<body", 1)[1])  # no English text between tags
