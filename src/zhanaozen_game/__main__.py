"""`python -m zhanaozen_game`: the same as the `zhanaozen` command."""

import sys

from .cli import main

sys.exit(main())
