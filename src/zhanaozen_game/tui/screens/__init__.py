"""Screens of the Textual game; each module is imported only when its screen is first opened."""
