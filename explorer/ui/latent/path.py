"""The Latent page's path: A → B → C → … and back to A, a looping animation and its GIF."""

from __future__ import annotations

import streamlit as st
import torch
from torch import nn

from explorer.formats.export import grids_gif
from explorer.formats.images import grid_png
from explorer.gan import latent
from explorer.ui.generators import Generator
from explorer.ui.latent.shared import generate
from explorer.ui.latent.words import MODES
from explorer.ui.text import counted, t, tr
from explorer.ui.url import URL


@st.fragment  # a slider here redraws this section only
def path_ui(src: Generator) -> None:
    """A→B→C→… and back to A, as a looping animation (and a GIF to take away)."""
    st.subheader(t("latent_path"))
    controls, movie = st.columns([2, 3], gap="large")
    with controls:
        text = st.text_input(
            t("latent_path_seeds"), "1, 2, 3, 4", key="latent_path", help=t("latent_path_help"), bind=URL
        )
        seeds = _seeds(text)
        if len(seeds) < 2:
            st.error(t("latent_path_error"))
            return
        mode = st.session_state.get("latent_mode") or "slerp"
        st.caption(
            t(
                "latent_path_caption",
                points=counted("points", len(seeds)),
                mode=tr(MODES[mode]),
            )
        )
    gif = _path_gif(src.version, src.G, src.cfg.latent_dim, tuple(seeds), mode)
    with movie:
        st.image(gif, width=280)
        st.download_button(
            t("latent_path_download"),
            gif,
            "latent-walk.gif",
            "image/gif",
            key="latent_path_gif",
            icon=":material/animated_images:",
        )


def _seeds(text: str) -> list[int]:
    try:
        return [int(part) for part in text.replace(";", ",").split(",") if part.strip()][:12]
    except ValueError:
        return []


@st.cache_data(show_spinner=False, max_entries=16)
def _path_gif(version: str, _G: nn.Module, latent_dim: int, seeds: tuple[int, ...], mode: str) -> bytes:
    points = torch.stack([latent.seed_point(seed, latent_dim) for seed in seeds])
    frames = generate(_G, latent.path(points, 12, mode, loop=True))
    return grids_gif(
        [grid_png(frame[None], nrow=1, scale=8, padding=0) for frame in frames], frame_ms=70, hold_last_ms=70
    )
