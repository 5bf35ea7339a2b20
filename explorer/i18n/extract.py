"""What `pybabel extract` needs beyond Python (babel.cfg): the titles of the shipped models, which
live in their JSON files (checkpoints/*.json "name"), and the marks the app's registries use."""

from __future__ import annotations

import json

KEYWORDS = {"N_": None, "NP_": (1, 2), "C_": ((1, "c"), 2)}  # as `pybabel extract -k N_ -k NP_:1,2 -k C_:1c,2`


def model_names(fileobj, keywords, comment_tags, options):
    """Babel extraction method: a shipped model's title, with a comment saying which file it is in."""
    meta = json.load(fileobj)
    if isinstance(meta, dict) and isinstance(meta.get("name"), str):
        yield 1, None, meta["name"], [f"the title of a shipped model ({getattr(fileobj, 'name', 'JSON')})"]
