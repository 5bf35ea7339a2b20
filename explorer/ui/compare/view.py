"""The GAN-and-VAE page (the notes' contrast, docs/lessons.md): a GAN and a VAE side by side — their
pictures from random numbers and how sharp they are (explorer/gan/sharpness.py), the same
digit-to-digit walk on both, and what the VAE keeps of real digits.

The models are the Latent page's (explorer/ui/generators.py): shipped ones (checkpoints/) and the
Train page's run as it is now, whichever kind it is. Every choice is bound to the URL, so a link
reproduces the view.
"""

from __future__ import annotations

import random

import plotly.graph_objects as go
import streamlit as st
import torch
from torch import nn

from explorer.data.datasets import DIGIT_SHAPE
from explorer.formats.checkpoint import CheckpointError
from explorer.formats.images import grid_png
from explorer.gan import latent
from explorer.gan.job import TrainJob
from explorer.gan.models.vae import VAEEncoder, reconstruct
from explorer.gan.persistence import load_encoder
from explorer.gan.sharpness import relative_sharpness
from explorer.ui import generators, loaders
from explorer.ui.generators import Generator
from explorer.ui.latent.shared import digit_choices, digit_judge, verdicts
from explorer.ui.text import percent, t
from explorer.ui.url import URL

SAMPLES = 36  # a 6×6 grid of each model's pictures
MEASURED = 1000  # pictures per model (and real digits) behind a sharpness figure
FRAMES = 9  # pictures in a walk


# --- the two models --------------------------------------------------------------------------
def models_ui(run: TrainJob | None) -> tuple[Generator | None, Generator | None]:
    """The sidebar's two choices: a GAN and a VAE that draw digits (shipped, or the Train page's run)."""

    def gan(arch: str, shape) -> bool:
        return arch not in ("", "vae") and shape in (None, DIGIT_SHAPE)

    def vae(arch: str, shape) -> bool:
        return arch == "vae" and shape in (None, DIGIT_SHAPE)

    return (
        generators.choose(t("cmp_gan"), "cmp_gan", run, accept=gan),
        generators.choose(t("cmp_vae"), "cmp_vae", run, accept=vae),
    )


# --- cached numbers and pictures ---------------------------------------------------------------
def real_digits() -> torch.Tensor:
    """MEASURED real digits, spread over the offline set (every digit alike)."""
    images = loaders.offline_mnist().images
    return images[:: max(1, len(images) // MEASURED)][:MEASURED]


@st.cache_resource(show_spinner=False, max_entries=16)
def sharpness_share(version: str, _G: nn.Module, latent_dim: int) -> float:
    """The model's pictures' edge contrast as a share of real digits' (1.0 = as sharp)."""
    return relative_sharpness(latent.sample(_G, latent_dim, MEASURED, 0), real_digits())


@st.cache_data(show_spinner=False, max_entries=32)
def samples_png(version: str, _G: nn.Module, latent_dim: int, seed: int) -> bytes:
    return grid_png(latent.sample(_G, latent_dim, SAMPLES, seed), nrow=6, scale=3)


@st.cache_resource(show_spinner=False, max_entries=4)
def encoder(path: str) -> VAEEncoder:
    return load_encoder(path).requires_grad_(False)


# --- the sections ------------------------------------------------------------------------------
def samples_ui(gan: Generator, vae: Generator) -> None:
    st.subheader(t("cmp_samples"))
    seed_column, button_column, _ = st.columns([1, 1, 2], vertical_alignment="bottom")
    seed = seed_column.number_input(t("cmp_seed"), 0, 10**6, 0, key="cmp_seed", bind=URL)
    button_column.button(
        t("cmp_another"), key="cmp_reroll", on_click=_reroll, args=("cmp_seed",), icon=":material/casino:"
    )
    shares = {}
    *grids, says = st.columns([1, 1, 1.2], gap="large")
    for column, model, kind in zip(grids, (gan, vae), ("cmp_gan", "cmp_vae")):
        shares[kind] = sharpness_share(model.version, model.G, model.cfg.latent_dim)
        column.markdown(f"**{t(kind)}** · {model.title}")
        column.image(
            samples_png(model.version, model.G, model.cfg.latent_dim, int(seed)),
            output_format="PNG",
            caption=t("cmp_sharpness", share=percent(shares[kind])),
            width="stretch",
        )
    says.markdown(f"**{t('cmp_sharp_chart')}**")
    says.plotly_chart(
        sharpness_figure(shares["cmp_gan"], shares["cmp_vae"]),
        width="stretch",
        config={"displayModeBar": False, "staticPlot": True},
    )
    over = f" {t('cmp_sharp_over')}" if shares["cmp_gan"] > 1.05 else ""
    says.markdown(t("cmp_sharp_says", gan=percent(shares["cmp_gan"]), vae=percent(shares["cmp_vae"])) + over)
    with says.expander(t("cmp_sharp_how")):
        st.markdown(t("cmp_sharp_how_body", n=MEASURED))


def sharpness_figure(gan: float, vae: float) -> go.Figure:
    names = [t("cmp_real_digits"), t("cmp_gan"), t("cmp_vae")]
    values = [1.0, gan, vae]
    fig = go.Figure(
        go.Bar(
            x=values,
            y=names,
            orientation="h",
            marker_color=["#6b7280", "#2563eb", "#059669"],
            text=[percent(v) for v in values],
            textposition="outside",
            cliponaxis=False,
        )
    )
    fig.update_layout(
        height=150,
        margin={"l": 10, "r": 40, "t": 0, "b": 0},
        showlegend=False,
        yaxis={"autorange": "reversed"},
        xaxis={"visible": False, "range": [0, max(values) * 1.2]},
    )
    return fig


def walk_ui(gan: Generator, vae: Generator) -> None:
    st.subheader(t("cmp_walk"))
    if digit_judge() is None:
        return
    st.markdown(t("cmp_walk_says"))
    first, second, _ = st.columns([1, 1, 4])
    a = first.selectbox(t("cmp_from"), range(10), 3, key="cmp_walk_a", bind=URL)
    b = second.selectbox(t("cmp_to"), range(10), 8, key="cmp_walk_b", bind=URL)
    for model, kind in ((gan, "cmp_gan"), (vae, "cmp_vae")):
        points = digit_choices(model.version, model.G, model.cfg.latent_dim)
        missing = [d for d in (a, b) if d not in points]
        st.markdown(f"**{t(kind)}** · {model.title}")
        if missing:
            st.warning(t("cmp_no_digit", model=t(kind), digit=missing[0]))
            continue
        with torch.no_grad():
            frames = model.G(latent.interpolate(points[a][0], points[b][0], torch.linspace(0, 1, FRAMES)))
        st.image(
            grid_png(frames, nrow=FRAMES, scale=3),
            output_format="PNG",
            caption=t("cmp_judge_reads", digits=" → ".join(str(d) for d, _ in verdicts(frames))),
        )


def rebuild_ui(vae: Generator) -> None:
    st.subheader(t("cmp_rebuild"))
    if vae.path is None:
        st.caption(t("cmp_rebuild_live"))
        return
    try:
        vae_encoder = encoder(str(vae.path))
    except CheckpointError as error:
        st.error(str(error))
        return
    seed = int(st.session_state.get("cmp_real_seed") or st.query_params.get("cmp_real_seed", 0) or 0)
    real = _one_of_each_digit(seed)
    rebuilt = reconstruct(vae_encoder, vae.G, real)
    pictures, says = st.columns([3, 2], gap="large")
    pictures.image(grid_png(torch.cat([real, rebuilt]), nrow=len(real), scale=3), output_format="PNG", width="stretch")
    says.markdown(t("cmp_rebuild_says", n=vae.cfg.latent_dim, share=percent(relative_sharpness(rebuilt, real))))
    says.button(
        t("cmp_other_digits"),
        key="cmp_real_reroll",
        on_click=_reroll,
        args=("cmp_real_seed",),
        icon=":material/casino:",
    )


def _one_of_each_digit(seed: int) -> torch.Tensor:
    """A real 0, 1, …, 9 from the offline digits, which ones chosen by `seed`."""
    data = loaders.offline_mnist()
    rng = torch.Generator().manual_seed(seed)
    picks = [(data.labels == d).nonzero().flatten() for d in range(10)]
    return torch.stack([data.images[p[torch.randint(len(p), (1,), generator=rng)]][0] for p in picks if len(p)])


def _reroll(key: str) -> None:
    st.session_state[key] = random.randrange(10**6)
    if key == "cmp_real_seed":  # not a widget: kept in the link by hand
        st.query_params[key] = str(st.session_state[key])
