"""What the Latent space page's sections share: the digit judge and its verdicts, G's pictures,
its surest points for each digit, the graphs the browser draws with, a number from the link, and
the user's own digit once found (the walk starts from it)."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st
import torch
from torch import nn

from explorer.data.datasets import DIGIT_SHAPE
from explorer.formats.checkpoint import CheckpointError
from explorer.gan import judge, latent
from explorer.ui.generators import Generator
from explorer.ui.latent import browser

PROJECTED = "latent_projected"  # session: the user's own digit found in the latent space (Projected)
PER_DIGIT = 8  # "a 3": one of the 8 points G draws a 3 from that the judge is surest about


@st.cache_resource(show_spinner=False)
def digit_judge() -> judge.DigitJudge | None:
    try:
        return judge.load_judge()
    except CheckpointError:
        return None


@dataclass(frozen=True)
class Projected:
    """The user's own digit, found in a generator's latent space."""

    generator: str  # Generator.key
    z: list[float]
    target: list  # the digit it was found for, [1, 1, 28, 28] as nested lists
    first_error: float  # the pixel error where the search started and where it ended
    last_error: float


def generate(G: nn.Module, z: torch.Tensor) -> torch.Tensor:
    with torch.no_grad():
        return G(z)


def verdicts(images: torch.Tensor) -> list[tuple[int, float]] | None:
    """The judge's (digit, confidence) per image, or None when there is no judge or no digits."""
    scorer = digit_judge()
    if scorer is None or tuple(images.shape[1:]) != DIGIT_SHAPE:
        return None
    digit, confidence = scorer.read(images)
    return list(zip(digit.tolist(), confidence.tolist()))


@st.cache_resource(show_spinner=False, max_entries=8)
def digit_choices(version: str, _G: nn.Module, latent_dim: int) -> dict[int, torch.Tensor]:
    """For "a 3", "a 7": the points of G (whose weights `version` names) the judge is surest about."""
    return latent.digit_points(_G, digit_judge().read, latent_dim, per_digit=PER_DIGIT)


def in_browser(src: Generator) -> browser.Graphs | None:
    """The graphs the browser draws this generator with, or None when the server draws."""
    if not browser.in_browser():
        return None
    return browser.graphs(src.version, src.G, src.cfg.latent_dim, src.cfg.image_shape, src.path, digit_judge())


def url_float(key: str, default: float, low: float, high: float) -> float:
    """A number from the link (the server's slider writes it there), for the browser's slider to start at."""
    try:
        value = float(st.query_params.get(key, default))
    except ValueError:
        return default
    return min(max(value, low), high) if value == value else default
