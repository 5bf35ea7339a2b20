"""What a finished (or paused) run can be taken away as: an animated GIF, a CSV, the config."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from functools import lru_cache

from PIL import Image

GIF_MAX_SIDE = 540  # px: the grids are upscaled 4× for the screen (64 px pictures: 1,064 px); a GIF needs half


def grids_gif(pngs: Sequence[bytes], *, frame_ms: int = 250, hold_last_ms: int = 1500) -> bytes:
    """The epoch grids as one looping GIF; the last frame stays a little longer.

    Cached: a page draws its downloads on every full rerun, and 120 colour grids take seconds to
    quantise. The same PNG bytes objects come back in every snapshot, and bytes cache their hash,
    so a lookup costs next to nothing."""
    if not pngs:
        raise ValueError("there are no epoch grids yet")
    return _gif(tuple(pngs), frame_ms, hold_last_ms)


@lru_cache(maxsize=4)
def _gif(pngs: tuple[bytes, ...], frame_ms: int, hold_last_ms: int) -> bytes:
    frames = [_frame(png) for png in pngs]
    out = io.BytesIO()
    durations = [frame_ms] * (len(frames) - 1) + [hold_last_ms]
    frames[0].save(out, format="GIF", save_all=True, append_images=frames[1:], duration=durations, loop=0)
    return out.getvalue()


@lru_cache(maxsize=256)
def _frame(png: bytes) -> Image.Image:
    """One grid as a 64-colour GIF frame, shrunk by a whole factor (crisp pixels) to ≤ GIF_MAX_SIDE."""
    picture = Image.open(io.BytesIO(png)).convert("RGB")
    factor = -(-max(picture.size) // GIF_MAX_SIDE)  # ceil
    if factor > 1:
        picture = picture.resize((picture.width // factor, picture.height // factor), Image.Resampling.NEAREST)
    # fast octree: ~10× faster than the default median cut, and 64 colours suit grids well enough
    return picture.quantize(colors=64, method=Image.Quantize.FASTOCTREE)


def series_csv(series: dict[str, list[float]]) -> str:
    """Per-step numbers as CSV: step, then the model's own (a GAN's d_loss, g_loss, d_real, d_fake;
    a VAE's recon, kl). A VAE's run has no d_loss: a fixed GAN header broke its Train page."""
    columns = ["step", *(name for name in series if name != "step")]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    writer.writerows(zip(*(series[c] for c in columns)))
    return out.getvalue()
