"""The generators shipped with the app (made by `python -m explorer ship`): a fp16 generator file
and a JSON beside it with its name, the command that made it, its device and its judge scores."""

from __future__ import annotations

import json
from pathlib import Path

from explorer import paths

SHIPPED = paths.CHECKPOINTS


def shipped_generators(folder: Path | str | None = None) -> list[tuple[Path, dict]]:
    """(generator file, its metadata) for every `ship`ped generator in `folder`, best judged first.
    A JSON without its .pt (or unreadable) is skipped: the list offers only what can be loaded."""
    found = []
    for meta_path in sorted(Path(folder or SHIPPED).glob("*.json")):
        weights = meta_path.with_suffix(".pt")
        try:
            meta = json.loads(meta_path.read_text())
        except (OSError, ValueError):
            continue
        if weights.is_file() and isinstance(meta, dict) and "name" in meta:
            found.append((weights, meta))
    return sorted(found, key=lambda f: -f[1].get("judge", {}).get("inception_score", 0))
