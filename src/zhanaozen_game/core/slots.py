"""The names of save slots, in one place: the autosave's name and the pattern every name follows.

A module with no imports but the interface catalog's marker (stdlib gettext only), so that the
full-screen game can check a `--load NAME` before its first frame without loading the rest of the
core.
"""

import re

from .i18n import N_

AUTOSAVE = "autosave"
SLOT_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,32}$")
SLOT_RULE = N_("a save name may have 1 to 32 letters, digits, '-' and '_'")  # in the player's language: _(SLOT_RULE)
