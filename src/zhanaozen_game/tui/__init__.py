"""The full-screen Textual game: a thin shell that draws a `core.session.Session`."""
