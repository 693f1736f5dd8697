"""What the shells show of the sources: the notes a player has met, and a quote in its context.

Shared by the full-screen game, plain mode and the transcript, so that each shows the same
notes and the same passage around a quote.
"""

from __future__ import annotations

from collections.abc import Iterable

from .model import Note, Scene
from .story import Story


def met_notes(story: Story, seen: Iterable[str], source_id: str) -> list[tuple[Scene, Note]]:
    """The notes citing `source_id` in the scenes the player has seen, in the story's order."""
    seen = set(seen)
    return [
        (scene, note)
        for scene_id, scene in story.scenes.items()
        if scene_id in seen
        for note in scene.notes.values()
        if note.source == source_id
    ]


def quote_in_context(story: Story, note: Note) -> tuple[str, list[tuple[int, int]]] | None:
    """The paragraph (line) of the source's text where the quote begins, through the line where
    it ends, with the quote's spans relative to it; None without a text or a match."""
    text = story.source_texts.get(note.source)
    spans = text.locate(note.quote) if text else None
    if text is None or not spans:
        return None
    start = text.text.rfind("\n", 0, spans[0][0]) + 1
    end = text.text.find("\n", spans[-1][1])
    end = len(text.text) if end < 0 else end
    return text.text[start:end], [(a - start, b - start) for a, b in spans]
