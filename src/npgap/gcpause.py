"""`paused`: the cyclic garbage collector held off for one call.

Why: parsing and assessing allocate hundreds of thousands of small objects that hold no
reference cycles; the collector would rescan them again and again as they pile up (a
third of a parse's time on a 2 MB act). Reference counting still frees everything as
usual; the collector is switched back on, as it was, even when the call fails.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["paused"]


@contextmanager
def paused() -> Iterator[None]:
    """Hold off the cyclic garbage collector inside the `with` block (nesting is fine:
    only the outermost block switches it back on)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
