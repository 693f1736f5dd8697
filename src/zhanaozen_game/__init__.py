"""Zhanaozen: a terminal text-adventure about the 2011 oil strike in Zhanaozen, Kazakhstan, its
massacre, the repression after it and the January 2022 uprising, footnoted to its sources.

The core (model, loader, conditions, engine, saves, check) imports nothing from Textual; the
plain line mode, the Textual game and the exporters are shells over the same engine.
"""

__version__ = "0.1.0"
