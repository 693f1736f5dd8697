"""The names of save slots, in one place: the autosave's name and the pattern every name follows.

A module with no imports, so that the full-screen game can check a `--load NAME` before its first
frame without loading the rest of the core.
"""

import re

AUTOSAVE = "autosave"
SLOT_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,32}$")
SLOT_RULE = "a save name may have 1 to 32 letters, digits, '-' and '_'"
