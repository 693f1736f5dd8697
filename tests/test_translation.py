"""Translations: units and their contexts, `translate update` (new, fuzzy, obsolete), `check`'s
report per language, the translated Story, and the game played in another language."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time

import polib
import pytest

from conftest import REPO
from zhanaozen_game.core.languages import normalise_language, pick_language, system_language
from zhanaozen_game.core.loader import open_story
from zhanaozen_game.core.translation import translate_story, units

RUSSIAN = {
    "story/title": "Тестовая история",
    "story/fiction": "Рассказчик — один из вымышленных собирательных образов; даты настоящие.",
    "story/content_note": "Эта история сдержанно рассказывает о забастовке и о насилии.",
    "chapters/c1/title": "Первая",
    "chapters/c1/period": "2011",
    "a/title": "Начало",
    "a/text": "Привет.[^n1]",
    "a/reflect/1": "Почему?",
    "a/choices/1": "Вступить",
    "a/choices/2": "Остаться",
    "a/notes/n1/quote-translation": "ку",
    "b/title": "Середина",
    "b/text": "Середина.[^n1] Ещё.[^n2]",
    "b/choices/1": "Бастовать",
    "b/choices/2": "Домой",
    "b/choices/3": "Поговорить",
    "b/notes/n1/quote-translation": "ку",
    "b/notes/n2/quote-translation": "эр",
    "e1/title": "Конец первый",
    "e1/text": "К1.[^n1]",
    "e1/ending/title": "Бастовал",
    "e1/ending/summary": "Вы бастовали.",
    "e1/ending/debrief": "На самом деле.[^n1]",
    "e1/notes/n1/quote-translation": "ку",
    "e2/title": "Конец второй",
    "e2/text": "К2.[^n1]",
    "e2/ending/title": "Дома",
    "e2/ending/summary": "Вы остались.",
    "e2/notes/n1/quote-translation": "ку",
    "sources/s1/standpoint": "Кто написал. С какой позиции. Чего не мог знать.",
    "sources/s2/standpoint": "Кто написал. С какой позиции. Чего не мог знать.",
}


def run(*args, input_text=None, env_extra=None):
    env = {k: v for k, v in os.environ.items() if k not in ("ZHANAOZEN_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES")}
    env["LANG"] = "C.UTF-8"
    env.update(env_extra or {})
    return subprocess.run(
        [sys.executable, "-m", "zhanaozen_game", *map(str, args)],
        input=input_text,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )


def catalog(root, language="ru") -> polib.POFile:
    return polib.pofile(str(root / "locale" / f"{language}.po"))


def translate(root, translations: dict, language="ru") -> None:
    """What a translator does in Poedit: fill the translations, clear the fuzzy flags."""
    po = catalog(root, language)
    for entry in po:
        if entry.msgctxt in translations:
            entry.msgstr = translations[entry.msgctxt]
            if entry.fuzzy:
                entry.flags.remove("fuzzy")
                entry.previous_msgid = None
    po.save()


@pytest.fixture
def russian(story):
    """The test story with a complete Russian translation."""
    result = run("translate", "update", "--lang", "ru", "--story", story.root)
    assert result.returncode == 0, result.stderr
    translate(story.root, RUSSIAN)
    return story


def test_units_have_stable_contexts_and_the_english_file_and_line(story):
    found = {unit.context: unit for unit in units(open_story(story.root).story)}
    assert set(found) == set(RUSSIAN)
    text = found["a/text"]
    assert text.text == "Hello.[^n1]" and text.file == "scenes.yaml"
    lines = (story.root / "scenes.yaml").read_text(encoding="utf-8").splitlines()
    assert lines[text.line - 1].strip().startswith("text:")
    assert lines[found["b/choices/3"].line - 1].strip() == "- text: Talk"
    # A quote is never a unit to translate in place: only its translation, shown under it, is.
    assert found["a/notes/n1/quote-translation"].text == "q" and "a/notes/n1/quote" not in found
    assert "labelled as a translation" in found["a/notes/n1/quote-translation"].hint


def test_round_trip_update_translate_check(story):
    first = run("translate", "update", "--lang", "ru", "--story", story.root)
    assert first.returncode == 0 and "31 units; 31 new" in first.stdout
    po = catalog(story.root)
    assert po.metadata["Language"] == "ru"
    assert {entry.msgctxt for entry in po} == set(RUSSIAN) and not any(entry.msgstr for entry in po)
    entry = po.find("Hello.[^n1]", msgctxt="a/text")
    assert entry.occurrences[0][0] == "scenes.yaml"
    half = run("check", "--story", story.root)
    assert "Translation ru" in half.stdout and "0 of 31 units translated (0%), 31 missing, 0 stale" in half.stdout
    translate(story.root, RUSSIAN)
    done = run("check", "--strict", "--story", story.root)
    assert done.returncode == 0, done.stdout
    assert "31 of 31 units translated (100%), 0 missing, 0 stale" in done.stdout
    again = run("translate", "update", "--lang", "ru", "--story", story.root)
    assert "0 new, 0 changed" in again.stdout
    assert catalog(story.root).find("Hello.[^n1]", msgctxt="a/text").msgstr == "Привет.[^n1]"


def test_an_english_edit_makes_its_translation_stale(russian):
    russian.scenes["scenes"]["a"]["choices"][1]["text"] = "Stay at home"
    russian.write()
    # Before the update the catalog's English no longer matches: stale, at the English file:line.
    stale = run("check", "--story", russian.root)
    assert stale.returncode == 0  # a stale translation is a warning
    line = next(
        number
        for number, text in enumerate((russian.root / "scenes.yaml").read_text().splitlines(), 1)
        if "Stay at home" in text
    )
    assert f"scenes.yaml:{line}:1: warning: the ru translation of `a/choices/2`" in stale.stdout
    assert "1 stale" in stale.stdout
    assert run("check", "--strict", "--story", russian.root).returncode == 1
    updated = run("translate", "update", "--lang", "ru", "--story", russian.root)
    assert "1 changed (marked fuzzy)" in updated.stdout and "changed: a/choices/2" in updated.stdout
    entry = catalog(russian.root).find("Stay at home", msgctxt="a/choices/2")
    assert entry.fuzzy and entry.previous_msgid == "Stay" and entry.msgstr == "Остаться"
    text = (russian.root / "locale" / "ru.po").read_text(encoding="utf-8")
    assert '#| msgid "Stay"' in text  # what a translator's tool shows as the change
    checked = run("check", "--strict", "--story", russian.root)
    assert checked.returncode == 1 and "30 of 31 units translated (96%), 0 missing, 1 stale" in checked.stdout
    # The stale translation is not played: the English is shown instead.
    played = run("play", "--plain", "--lang", "ru", "--story", russian.root, input_text="q\n")
    assert "2. Stay at home" in played.stdout and "Остаться" not in played.stdout
    translate(russian.root, {"a/choices/2": "Остаться дома"})
    assert run("check", "--strict", "--story", russian.root).returncode == 0


def test_removed_units_become_obsolete_and_come_back(russian):
    removed = russian.scenes["scenes"]["a"].pop("reflect")
    russian.write()
    result = run("translate", "update", "--lang", "ru", "--story", russian.root)
    assert "1 obsolete" in result.stdout
    assert '#~ msgctxt "a/reflect/1"' in (russian.root / "locale" / "ru.po").read_text(encoding="utf-8")
    russian.scenes["scenes"]["a"]["reflect"] = removed
    russian.write()
    back = run("translate", "update", "--lang", "ru", "--story", russian.root)
    assert "1 back from obsolete" in back.stdout
    assert catalog(russian.root).find("Why?", msgctxt="a/reflect/1").msgstr == "Почему?"


def test_markers_must_match_the_english(russian):
    translate(russian.root, {"b/text": "Середина.[^n1] Ещё."})
    result = run("check", "--story", russian.root)
    assert result.returncode == 1
    po_line = catalog(russian.root).find("Middle text.[^n1] More.[^n2]", msgctxt="b/text").linenum
    assert f"ru.po:{po_line}:1: error: `b/text`: the translation lacks [^n2]" in result.stdout
    translate(russian.root, {"b/text": "Середина.[^n1] Ещё.[^n2][^n3]"})
    assert "has [^n3] that the English does not" in run("check", "--story", russian.root).stdout


def test_the_game_in_russian_in_plain_mode(russian):
    played = run("play", "--plain", "--notes", "--lang", "ru", "--story", russian.root, input_text="\n1\n")
    assert played.returncode == 0, played.stderr
    out = played.stdout
    for expected in (
        "Тестовая история",
        "Предупреждение: Эта история сдержанно рассказывает о забастовке и о насилии.",
        "Глава: Первая (2011)",
        "\nНачало\nмай 2011\n",
        "Привет.[1]",
        "Примечания:",
        "[1] \u201cq\u201d (источник 1)",  # the quote stays as the source has it
        "    Перевод: ку",  # and its translation is under it, labelled
        "Подумайте: Почему?",
        "Варианты:\n1. Вступить",
        "\nСередина\nмай 2011\n",
        "Выберите 1-2 (? — справка): ",
    ):
        assert expected in out, expected
    assert "Hello" not in out and "incomplete" not in out and "неполон" not in out


def test_a_missing_unit_falls_back_to_english_and_says_so_once(russian):
    translate(russian.root, {"a/choices/1": ""})
    played = run("play", "--plain", "--lang", "ru", "--story", russian.root, input_text="\n2\n")
    out = played.stdout
    assert "1. Join" in out and "2. Остаться" in out and "\nНачало\nмай 2011" in out
    assert out.count("Перевод неполон: 1 фрагмент показан по-английски.") == 1
    assert "\nСередина\nмай 2011" in out  # and the game goes on


def test_translate_story_is_pure_and_keeps_the_story_id(russian):
    story = open_story(russian.root).story
    catalog_ = {
        e.msgctxt: (e.msgid, e.msgstr) for e in catalog(russian.root) if e.msgstr and e.msgctxt != "a/choices/1"
    }
    ru = translate_story(story, "ru", catalog_)
    assert story.scenes["a"].title == "Start" and story.language == ""  # the original is untouched
    assert ru.scenes["a"].title == "Начало" and ru.language == "ru" and ru.fallbacks == ["a/choices/1"]
    assert ru.id == story.id == "test-story"  # saves work across languages
    assert ru.scenes["a"].notes["n1"].quote == "q" and ru.scenes["a"].notes["n1"].quote_translation == "ку"
    assert ru.sources["s1"].standpoint.startswith("Кто написал")
    # A translation made from other English is not used.
    stale = dict(catalog_, **{"a/title": ("Old start", "Старое начало")})
    assert translate_story(story, "ru", stale).scenes["a"].title == "Start"


def test_the_language_comes_from_lang_then_zhanaozen_lang_then_the_system(russian):
    assert system_language({"ZHANAOZEN_LANG": "ru", "LANG": "de_DE.UTF-8"}) == "ru"
    assert system_language({"LANG": "ru_RU.UTF-8"}) == "ru_RU"
    assert system_language({"LANGUAGE": "ru:en", "LANG": "en_GB.UTF-8"}) == "ru"
    assert system_language({"LANG": "C.UTF-8"}) == "" and system_language({}) == ""
    assert normalise_language("pt-br") == "pt_BR" and normalise_language("en_US") == ""
    assert pick_language(russian.root, "ru_RU") == "ru" and pick_language(russian.root, "de") == ""
    by_system = run("play", "--plain", "--story", russian.root, input_text="q\n", env_extra={"LANG": "ru_RU.UTF-8"})
    assert "\nНачало\nмай 2011" in by_system.stdout
    by_variable = run(
        "play", "--plain", "--story", russian.root, input_text="q\n", env_extra={"ZHANAOZEN_LANG": "ru", "LANG": "C"}
    )
    assert "\nНачало\nмай 2011" in by_variable.stdout
    by_option = run(
        "play", "--plain", "--lang", "en", "--story", russian.root, input_text="q\n", env_extra={"ZHANAOZEN_LANG": "ru"}
    )
    assert "\nStart\nMay 2011" in by_option.stdout and "\nНачало\n" not in by_option.stdout
    # A language the story has no translation for: a system locale falls back quietly, --lang refuses.
    quiet = run("play", "--plain", "--story", russian.root, input_text="q\n", env_extra={"LANG": "de_DE.UTF-8"})
    assert "\nStart\nMay 2011" in quiet.stdout
    refused = run("play", "--plain", "--lang", "de", "--story", russian.root, input_text="q\n")
    assert refused.returncode == 2 and "no de translation (it has: en, ru)" in refused.stderr


def test_export_in_russian(russian, tmp_path):
    run("play", "--plain", "--lang", "ru", "--story", russian.root, input_text="\n1\n1\n")
    out = tmp_path / "path.md"
    result = run("export", "--lang", "ru", "--format", "md", "--story", russian.root, "-o", out)
    assert result.returncode == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    assert "Тестовая история" in text and "Начало" in text and "Бастовал" in text
    assert "\u201cq\u201d (Перевод: ку)" in text  # the quote as the source has it, then its translation
    assert "**Путь:** 3 сцены, концовка «Бастовал»" in text and "## Библиография" in text
    html_page = tmp_path / "path.html"
    run("export", "--lang", "ru", "--story", russian.root, "-o", html_page)
    assert '<html lang="ru">' in html_page.read_text(encoding="utf-8")


def test_translate_refuses_what_it_cannot_do(story, tmp_path):
    assert run("translate", "update", "--lang", "en", "--story", story.root).returncode == 2
    assert run("translate", "update", "--lang", "../x", "--story", story.root).returncode == 2
    assert run("translate", "update", "--lang", "ru", "--story", tmp_path / "nowhere").returncode == 2
    (story.root / "locale").mkdir()
    (story.root / "locale" / "ru.po").write_text('msgid "x"\nmsgstr \n\nbroken "', encoding="utf-8")
    result = run("translate", "update", "--lang", "ru", "--story", story.root)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    checked = run("check", "--story", story.root)
    assert checked.returncode == 1 and "[translation-file]" in checked.stdout


# --- the shipped story and the interface --------------------------------------------------------


def test_the_shipped_russian_catalog_is_current():
    """`translate update` would change nothing: every unit of the shipped story is in ru.po, with
    the English it was translated from."""
    story = open_story(REPO / "scenes").story
    po = polib.pofile(str(REPO / "scenes" / "locale" / "ru.po"))
    entries = {entry.msgctxt: entry for entry in po if not entry.obsolete}
    for unit in units(story):
        assert unit.context in entries, unit.context
        assert entries[unit.context].msgid == unit.text or entries[unit.context].fuzzy, unit.context


def test_the_interface_catalogs_are_current():
    result = subprocess.run(
        [sys.executable, str(REPO / "tools" / "messages.py"), "--check"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stdout
    po = polib.pofile(str(REPO / "src" / "zhanaozen_game" / "locale" / "ru" / "LC_MESSAGES" / "zhanaozen.po"))
    assert po.percent_translated() == 100
    for entry in po.translated_entries():  # every placeholder kept, in every plural form
        for translated in [entry.msgstr] if not entry.msgid_plural else entry.msgstr_plural.values():
            assert sorted(_fields(entry.msgid)) == sorted(_fields(translated)), entry.msgid
    assert "nplurals=3" in po.metadata["Plural-Forms"]  # Russian: 1 сцена, 2 сцены, 5 сцен


def _fields(text: str) -> list[str]:
    import string

    return [name for _, name, _, _ in string.Formatter().parse(text) if name]


# --- the full-screen game -----------------------------------------------------------------------


async def test_the_full_screen_game_in_russian_and_switching_keeps_your_place(russian):
    from textual.widgets import OptionList, Static

    from zhanaozen_game.core.i18n import set_language
    from zhanaozen_game.tui.app import ZhanaozenApp

    set_language("ru")
    app = ZhanaozenApp(russian.root, language="ru")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        menu = app.screen.query_one("#title-menu", OptionList)
        labels = [str(menu.get_option_at_index(i).prompt) for i in range(menu.option_count)]
        assert any("Новая игра" in label for label in labels)
        assert any("Язык: English · Русский" in label for label in labels)
        await pilot.press("n")
        await pilot.pause()
        if type(app.screen).__name__ == "ContentNoteScreen":
            await pilot.press("y")
            await pilot.pause()
        assert str(app.screen.query_one("#scene-title", Static).render()) == "Начало"
        assert str(app.screen.query_one("#play-header", Static).render()) == "Первая  ·  май 2011"
        await pilot.press("1")
        await pilot.pause()
        assert str(app.screen.query_one("#scene-title", Static).render()) == "Середина"
        assert app.screen.active_bindings["b"].binding.description == "Назад"  # the footer's label
        await pilot.press("question_mark")
        await pilot.pause()
        help_text = str(app.screen.query_one("#help-keys", Static).render())
        assert "назад: отменить последний выбор" in help_text and "сменить язык" in help_text
        assert app.screen.active_bindings["escape"].binding.description == "Назад"
        await pilot.press("escape")
        await pilot.pause()
        app.switch_language("")
        await pilot.pause()
        assert app.session.scene_id == "b" and len(app.session.playing.history) == 1  # the same place
        assert str(app.screen.query_one("#scene-title", Static).render()) == "Middle"
        assert app.screen.active_bindings["b"].binding.description == "Back"


@pytest.mark.skipif(not shutil.which("tmux"), reason="tmux is not installed")
def test_the_full_screen_game_in_russian_in_tmux(russian, tmp_path):
    session = f"zhanaozen-ru-{os.getpid()}"
    env = {"ZHANAOZEN_HOME": str(tmp_path / "home"), "TERM": "xterm-256color", "PYTHONPATH": str(REPO / "src")}
    command = [sys.executable, "-m", "zhanaozen_game", "play", "--lang", "ru", "--story", str(russian.root)]

    def screen() -> str:
        return subprocess.run(["tmux", "capture-pane", "-p", "-t", session], capture_output=True, text=True).stdout

    def wait_for(needle: str) -> str:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            shown = screen()
            if needle in shown:
                return shown
            time.sleep(0.1)
        raise AssertionError(f"{needle!r} never appeared:\n{screen()}")

    subprocess.run(
        [
            "tmux",
            "new-session",
            "-d",
            "-s",
            session,
            "-x",
            "100",
            "-y",
            "30",
            "env",
            *[f"{k}={v}" for k, v in env.items()],
            *command,
        ],
        check=True,
    )
    try:
        wait_for("Новая игра")
        subprocess.run(["tmux", "send-keys", "-t", session, "n"], check=True)
        shown = wait_for("Дальше")  # the content note, shown before a first game, in Russian
        assert "Эта история сдержанно рассказывает" in shown
        subprocess.run(["tmux", "send-keys", "-t", session, "y"], check=True)
        shown = wait_for("Привет.")
        assert "Вступить" in shown and "Начало" in shown
        subprocess.run(["tmux", "send-keys", "-t", session, "q"], check=True)
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)


def test_choosing_a_language_loads_nothing_of_the_story():
    """The command line picks the language before the full-screen game's first frame, which is
    drawn before the story (and the core that reads it) is loaded."""
    code = (
        "import sys; from zhanaozen_game.core import languages; "
        "print(sorted(m for m in sys.modules if m.startswith('zhanaozen_game.core.')))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "['zhanaozen_game.core.languages']", result.stdout + result.stderr


def test_the_english_game_never_imports_the_po_library():
    """Start-up is unaffected: only translation commands and a translated game read PO files."""
    code = (
        "import sys; import zhanaozen_game.cli, zhanaozen_game.tui.app, zhanaozen_game.plain, "
        "zhanaozen_game.core.loader, zhanaozen_game.core.check; print('polib' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "False", result.stderr
    english = run("play", "--plain", "--story", REPO / "scenes", input_text="q\n")
    assert "Zhanaozen" in english.stdout and "Translation" not in english.stdout


async def test_the_full_screen_game_says_once_that_a_translation_is_incomplete(russian):
    from textual.widgets import Static

    from conftest import record_notifications
    from zhanaozen_game.core.i18n import set_language
    from zhanaozen_game.tui.app import ZhanaozenApp

    translate(russian.root, {"a/title": ""})
    set_language("ru")
    app = ZhanaozenApp(russian.root, language="ru")
    shown = record_notifications(app)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        if type(app.screen).__name__ == "ContentNoteScreen":
            await pilot.press("y")
            await pilot.pause()
        assert str(app.screen.query_one("#scene-title", Static).render()) == "Start"  # the English, unit by unit
        assert "Привет.[1]" in str(app.screen.query_one("#scene-text", Static).render())
    assert [line for line in shown if "неполон" in line] == ["Перевод неполон: 1 фрагмент показан по-английски."]
