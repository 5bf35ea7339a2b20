"""Writing a file so that a crash or a full disk never leaves half of it: the bytes go to a
temporary file beside it, which is renamed over it once complete (a rename is atomic). Every file
the app writes for keeps (checkpoints, recordings, graphs, downloads) goes through here."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO


def write_atomic(path: Path | str, write: Callable[[BinaryIO], None], *, public: bool = False) -> Path:
    """Call `write(f)` on a temporary file beside `path`, then rename it to `path`. On any error
    the temporary file is removed, an earlier file at `path` is unchanged, and the error propagates.
    `public`: readable by everyone (mkstemp's 0600 would hide a shipped file from a class server
    run by another user)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            write(f)
            f.flush()
            os.fsync(f.fileno())
        if public:
            os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def disk_full(error: BaseException) -> bool:
    """Whether `error` (an OSError, or the RuntimeError torch wraps one in) means the disk is full."""
    return getattr(error, "errno", None) == 28 or "No space" in str(error)
