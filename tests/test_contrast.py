"""Reflection questions are readable in every theme: WCAG AA contrast (at least 4.5:1)."""

from __future__ import annotations

import pytest
from textual.color import Color

from conftest import StoryFolder
from test_tui import make_app, start_game


def luminance(color: Color) -> float:
    """WCAG relative luminance."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(color.r) + 0.7152 * channel(color.g) + 0.0722 * channel(color.b)


def contrast(one: Color, two: Color) -> float:
    light, dark = sorted((luminance(one), luminance(two)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_the_contrast_measure_is_wcags():
    assert round(contrast(Color(0, 0, 0), Color(255, 255, 255)), 1) == 21.0
    assert round(contrast(Color(119, 119, 119), Color(255, 255, 255)), 2) == 4.48  # just fails AA


@pytest.mark.slow
async def test_reflection_questions_meet_wcag_aa_in_every_theme(story: StoryFolder, save_home):
    app = make_app(story.root)
    failing = {}
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        for theme in sorted(app.available_themes):
            if theme.startswith("ansi-"):
                continue  # colours from the terminal's own palette: not known to the game
            app.theme = theme
            await pilot.pause()
            question = app.screen.query_one(".reflect-question")
            background, foreground = question.background_colors[1], question.styles.color
            text = background + foreground  # the colour as drawn (alpha blended over the background)
            ratio = contrast(text, background)
            if ratio < 4.5:
                failing[theme] = round(ratio, 2)
    assert not failing, f"reflection questions below 4.5:1 in: {failing}"
