"""`play --watch` (Pilot): the error toast goes when the error is fixed, and an edit that cannot
continue the player's place says what blocks it and offers a restart at the nearest scene."""

from __future__ import annotations

from conftest import record_notifications
from test_tui import make_app, start_game
from zhanaozen_game.tui.screens.reload_blocked import ReloadBlockedScreen


def toasts(app) -> list[str]:
    """The notifications on screen now, as text (the screen's Toast widgets)."""
    return [str(toast.render()) for toast in app.screen.query("Toast") if toast.display]


def rename_joined(story):
    """Rename the variable `joined` everywhere: a save or a place that holds it cannot go on."""
    story.story["vars"] = {"joined_strike": False, "count": 0, "mood": "calm"}
    scenes = story.scenes["scenes"]
    scenes["a"]["choices"][0]["set"] = {"joined_strike": True}
    scenes["b"]["choices"][0]["if"] = "joined_strike and count >= 1"
    scenes["b"]["choices"][1]["if"] = "not joined_strike"
    story.write()


async def test_the_error_toast_goes_when_the_error_is_fixed(story):
    app = make_app(story.root)
    app.watch_story = True
    # Toasts are drawn (run_test leaves them out unless asked), so what is on screen can be read.
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await start_game(pilot)
        scenes = story.root / "scenes.yaml"
        good = scenes.read_text(encoding="utf-8")
        scenes.write_text(good.replace("goto: e2", "goto: nowhere", 1), encoding="utf-8")
        await app.reload_if_edited()
        await pilot.pause()
        assert any("names no scene" in text for text in toasts(app))
        scenes.write_text(good.replace("Middle text.", "Mended text."), encoding="utf-8")
        await app.reload_if_edited()
        await pilot.pause()
        assert not any("names no scene" in text for text in toasts(app))
        assert any("The story was reloaded; you are where you were." in text for text in toasts(app))


async def test_a_renamed_variable_offers_a_restart_at_the_nearest_scene(story):
    app = make_app(story.root)
    app.watch_story = True
    shown = record_notifications(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        await pilot.press("1")  # Join: joined = true, count = 1
        await pilot.pause()
        assert app.state.scene == "b"
        rename_joined(story)
        await app.reload_if_edited()
        await pilot.pause()
        assert isinstance(app.screen, ReloadBlockedScreen)
        text = str(app.screen.query_one("#reload-blocked-text").render())
        assert "the variable `joined` is no longer in the story" in text and "“Middle”" in text
        await pilot.click("#restart")
        await pilot.pause()
        assert not isinstance(app.screen, ReloadBlockedScreen)
        assert app.state.scene == "b" and app.state.vars == {"joined_strike": False, "count": 1, "mood": "calm"}
        assert app.session.engine.story.meta.vars.keys() == {"joined_strike", "count", "mood"}
        assert any("Restarted in the edited story" in text for text in shown)


async def test_keeping_the_old_version_is_never_silent(story):
    app = make_app(story.root)
    app.watch_story = True
    shown = record_notifications(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        await pilot.press("1")
        await pilot.pause()
        rename_joined(story)
        await app.reload_if_edited()
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert "joined" in app.state.vars  # the old story goes on, and says so
        assert app.sub_title == "old version of the story"
        assert any("Still playing the old version" in text for text in shown)
