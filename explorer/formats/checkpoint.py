"""Self-describing files of tensors: written atomically, read without pickle.

An envelope is a dict of tensors and plain values saved with `torch.save` and read back with
`torch.load(weights_only=True)`, which refuses arbitrary objects. It carries a format tag, a
version and a kind ("trainer", "generator", "judge", …), the payload, and "extra" (how the file
was made). This module knows envelopes, not what is in them: the GAN's checkpoints are
explorer/gan/persistence.py, the judge's explorer/gan/judge.py.
"""

from __future__ import annotations

from pathlib import Path

import torch

from explorer.formats.files import disk_full
from explorer.formats.files import write_atomic as write_file

FORMAT = "gan-explorer-checkpoint"
VERSION = 1


class CheckpointError(RuntimeError):
    """A checkpoint cannot be read or written; the message says why and what to do."""


def write_envelope(path: Path | str, kind: str, payload: dict, *, extra: dict | None = None) -> Path:
    """`payload` (tensors moved to the CPU) in an envelope of `kind`, written atomically."""
    envelope = {
        "format": FORMAT,
        "version": VERSION,
        "kind": kind,
        **map_tensors(lambda t: t.detach().cpu(), payload),
        "extra": extra or {},
    }
    return write_atomic(path, envelope)


def write_atomic(path: Path | str, payload: dict) -> Path:
    """Any dict of tensors through `torch.save`, atomically: a crash or a full disk leaves the old
    file intact, and the error is a CheckpointError that says so."""
    path = Path(path)
    try:
        return write_file(path, lambda f: torch.save(payload, f))
    except (OSError, RuntimeError) as error:  # torch wraps some OSErrors in RuntimeError
        reason = "the disk is full" if disk_full(error) else getattr(error, "strerror", None) or str(error)
        raise CheckpointError(f"could not save {path}: {reason}. Any earlier file there is unchanged.") from error


def read_envelope(path: Path | str, *, map_location: str | torch.device = "cpu") -> dict:
    """Read an envelope and check its tag and version; any other file is a clear CheckpointError."""
    path = Path(path)
    if not path.is_file():
        raise CheckpointError(f"no checkpoint at {path}")
    try:
        payload = torch.load(path, map_location=map_location, weights_only=True)
    except Exception as error:  # pickle, zip, EOF, OS errors: all mean "not readable"
        raise CheckpointError(
            f"{path.name} is not a readable GAN Explorer checkpoint (corrupt, truncated or another format)."
        ) from error
    if not isinstance(payload, dict) or payload.get("format") != FORMAT:
        raise CheckpointError(f"{path.name} is a PyTorch file but not a GAN Explorer checkpoint.")
    if int(payload.get("version", 0)) > VERSION:
        raise CheckpointError(
            f"{path.name} was written by a newer GAN Explorer (format {payload['version']}, this one reads "
            f"up to {VERSION}); update the app."
        )
    return payload


def map_tensors(fn, tree):
    """`fn` applied to every tensor in nested dicts and lists (state dicts, optimiser states)."""
    if isinstance(tree, torch.Tensor):
        return fn(tree)
    if isinstance(tree, dict):
        return {k: map_tensors(fn, v) for k, v in tree.items()}
    if isinstance(tree, list):
        return [map_tensors(fn, v) for v in tree]
    return tree
