"""What a finished (or paused) run can be taken away as: an animated GIF, a CSV, the config."""

from __future__ import annotations

import csv
import io

from PIL import Image


def grids_gif(pngs: list[bytes], *, frame_ms: int = 250, hold_last_ms: int = 1500) -> bytes:
    """The epoch grids as one looping GIF; the last frame stays a little longer."""
    if not pngs:
        raise ValueError("there are no epoch grids yet")
    frames = [Image.open(io.BytesIO(png)).convert("RGB") for png in pngs]
    frames = [f.quantize(colors=64) for f in frames]  # grey digits need few colours; keeps it small
    out = io.BytesIO()
    durations = [frame_ms] * (len(frames) - 1) + [hold_last_ms]
    frames[0].save(out, format="GIF", save_all=True, append_images=frames[1:], duration=durations, loop=0)
    return out.getvalue()


def series_csv(series: dict[str, list[float]]) -> str:
    """Per-step numbers as CSV: step, d_loss, g_loss, d_real, d_fake."""
    columns = ["step", "d_loss", "g_loss", "d_real", "d_fake"]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    writer.writerows(zip(*(series[c] for c in columns)))
    return out.getvalue()
