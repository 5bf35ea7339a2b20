"""What every command shares: argparse that fails in one line, progress on stderr, and the
argument types whose mistakes it names."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


class Parser(argparse.ArgumentParser):
    """argparse, but a mistake is one `error:` line (and exit 2), as every other error here is."""

    def error(self, message: str):
        self.exit(2, f"error: {message} (see {self.prog} --help)\n")


def writable(path: Path) -> None:
    """Fail now, with a sentence, when `path` cannot be written (a missing folder, a read-only
    place), rather than after the work whose result it was to hold. Leaves nothing behind."""
    existed = path.exists()
    try:
        with open(path, "ab"):
            pass
    except OSError as error:
        raise ValueError(f"could not write {path}: {error.strerror or error}") from None
    if not existed:
        path.unlink(missing_ok=True)


def say(message: str) -> None:
    """Progress and notices: on stderr, so that stdout holds only a command's JSON result."""
    print(message, file=sys.stderr, flush=True)


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def epoch_list(text: str) -> tuple[int, ...]:
    return tuple(positive_int(part.strip()) for part in text.split(","))


def port(text: str) -> int:
    value = positive_int(text)
    if value > 65535:
        raise argparse.ArgumentTypeError("must be a port number, 1 to 65535")
    return value


def address(text: str) -> str:
    """host:port, as nginx and Ray take it."""
    host, sep, number = text.rpartition(":")
    if not sep or not host or not host.strip("[]"):
        raise argparse.ArgumentTypeError(f"{text!r} is not host:port (e.g. 10.0.0.11:8501)")
    port(number)
    return text


def positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not value > 0:
        raise argparse.ArgumentTypeError("must be positive")
    return value
