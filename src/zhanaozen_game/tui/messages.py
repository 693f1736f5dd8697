"""Messages the app posts to its screens (messages go down to a screen; screens decide what to do)."""

from textual.message import Message


class StoryReloaded(Message):
    """Posted to the screen on top when `--watch` has reloaded an edited story."""
