"""File helpers shared by the app's parts."""

from __future__ import annotations

import contextlib
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None


@contextlib.contextmanager
def locked(path: Path):
    """An exclusive lock on `path` across processes, held for the `with` block (where the OS has
    flock; elsewhere writing under unique temporary names and renaming still keeps a half-written
    file from ever being seen)."""
    with open(path, "a") as handle:
        if fcntl is not None:
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield
