"""The pure core: the story format, loading, conditions, the engine, the session, saves and check.

Nothing in this package imports Textual, Rich, aiohttp or a shell (`tui/`, `classroom/`, `plain`,
`cli`): a test reads every module of this folder and enforces it, so the rules of the game can be
used, tested and type-checked without a terminal or a browser.
"""
