"""Widgets of the Textual game."""
