"""The Latent space page's main pieces: which generator, the A→B walk with the judge's verdict
under every frame, and sliders along the generator's principal directions. The other sections
have a file each (own_digit.py, arithmetic.py, path.py) and share shared.py. The view lives in the
URL (the widgets are bound to query parameters), so a link reproduces it.

Generators: the shipped ones (checkpoints/*.pt made by `python -m explorer ship`) and the
session's Train-page run as it is now (its worker sends G's weights after each epoch).
"""

from __future__ import annotations

import random

import streamlit as st
import torch
from torch import nn

from explorer.data.datasets import DIGIT_SHAPE
from explorer.formats.images import grid_png
from explorer.gan import latent
from explorer.gan.job import TrainJob
from explorer.i18n import Number
from explorer.ui import generators
from explorer.ui.generators import Generator
from explorer.ui.latent import browser
from explorer.ui.latent.shared import (
    PER_DIGIT,
    PROJECTED,
    digit_choices,
    digit_judge,
    generate,
    in_browser,
    url_float,
    verdicts,
)
from explorer.ui.latent.words import MODES
from explorer.ui.text import device_words, model_title, number, percent, t, tr
from explorer.ui.url import URL

N_DIRECTIONS = 5


@st.cache_resource(show_spinner=False, max_entries=8)
def directions(version: str, _G: nn.Module, latent_dim: int) -> latent.Directions:
    """GANSpace directions of the generator whose weights `version` names (Generator.version)."""
    return latent.principal_directions(_G, latent_dim, k=N_DIRECTIONS)


# --- widgets and views ---------------------------------------------------------------------
def source_ui(run: TrainJob | None) -> Generator | None:
    src = generators.choose(t("latent_generator"), "latent_gen", run)
    if src is None:
        st.info(t("latent_none"))
        return None
    if src.meta:
        st.caption(describe(src.meta))
        with st.expander(t("latent_how_made")):
            st.code(src.meta.get("train_command", ""), language="bash", wrap_lines=True)
            st.caption(model_title(src.meta, "data"))
    return src


def describe(meta: dict) -> str:
    """One line: the judge's verdict, and what the training cost."""
    quality = meta.get("judge", {})
    parts = [
        t(
            "latent_trained",
            epochs=meta.get("epochs", "?"),
            seconds=round(meta.get("train_seconds") or 0),
            device=device_words(meta.get("device", "?")),
        )
    ]
    if quality:
        shares = quality["class_fractions"]
        parts.insert(
            0,
            t(
                "latent_scores",
                score=Number(quality["inception_score"], 2),
                low=Number(min(shares), 0, percent=True),
                high=Number(max(shares), 0, percent=True),
            ),
        )
    return " · ".join(parts)


def end_ui(column, src: Generator, which: str, default_seed: int) -> torch.Tensor | None:
    """Point A or B: a seed, or "a 3" (one of the PER_DIGIT surest 3s G draws)."""
    key = f"latent_{which.lower()}"
    digits = src.cfg.image_shape == DIGIT_SHAPE and digit_judge() is not None
    kinds = ["seed"] + ([str(d) for d in range(10)] if digits else [])
    kind = column.selectbox(
        t("latent_point", which=which),
        kinds,
        key=f"{key}_kind",
        bind=URL,
        format_func=lambda k: t("latent_by_seed") if k == "seed" else t("latent_a_digit", digit=k),
    )
    if kind == "seed":
        seed = column.number_input(t("latent_seed"), 0, 10**6, default_seed, key=key, bind=URL)
        column.button(t("latent_reroll"), key=f"{key}_reroll", on_click=_reroll, args=(key,), icon=":material/casino:")
        return latent.seed_point(seed, src.cfg.latent_dim)
    found = digit_choices(src.version, src.G, src.cfg.latent_dim).get(int(kind))
    if found is None:
        column.warning(t("latent_no_digit", digit=kind, n=2000))
        return None
    pick = column.number_input(t("latent_which_one", n=PER_DIGIT), 1, PER_DIGIT, 1, key=f"{key}_pick", bind=URL)
    column.button(
        t("latent_reroll"), key=f"{key}_next", on_click=_next, args=(f"{key}_pick",), icon=":material/casino:"
    )
    return found[min(int(pick), len(found)) - 1]


def _next(key: str) -> None:
    st.session_state[key] = int(st.session_state.get(key, 1)) % PER_DIGIT + 1


@st.fragment  # a slider here redraws this section only
def walk_ui(src: Generator) -> None:
    st.subheader(t("latent_walk"))
    why = browser.why_on_server()
    if why:
        st.caption(t("latent_on_server", why=why))
    first, second, third = st.columns([1, 1, 1.3], gap="medium")
    za, zb = end_ui(first, src, "A", 1), end_ui(second, src, "B", 2)
    with third:
        mode = st.radio(
            t("latent_mode"),
            ["slerp", "lerp"],
            horizontal=True,
            key="latent_mode",
            help=t("latent_mode_help"),
            bind=URL,
            format_func=lambda m: tr(MODES[m]),
        )
        frames = st.slider(t("latent_frames"), 3, 15, 9, key="latent_frames", bind=URL)
        own = st.session_state.get(PROJECTED)
        if (
            own is not None
            and own.generator == src.key
            and st.toggle(t("latent_from_own"), True, key="latent_from_own", bind=URL)
        ):
            za = torch.tensor(own.z)
    if za is None or zb is None:
        return
    graphs = in_browser(src)
    if graphs is not None:
        browser.show(
            "walk",
            "latent_web_walk",
            graphs,
            {
                "a": za.tolist(),
                "b": zb.tolist(),
                "mode": mode,
                "frames": int(frames),
                "t": url_float("latent_t", 0.5, 0.0, 1.0),
            },
        )
        return
    picture, side = st.columns([2, 3], gap="large")  # as the browser draws it: the frame, then t and the strip
    with side:
        where = st.slider("t", 0.0, 1.0, 0.5, step=0.05, key="latent_t", help=t("latent_t_help"), bind=URL)
    here = generate(src.G, latent.interpolate(za, zb, torch.tensor([where]), mode))
    strip, labels = _strip(src.version, src.G, tuple(za.tolist()), tuple(zb.tolist()), int(frames), mode)
    with picture:
        st.image(
            grid_png(here, nrow=1, scale=8),
            output_format="PNG",
            width=224,
            caption=_verdict_text(verdicts(here), 0) or f"t = {number(where, 2)}",
        )
    with side:
        st.image(strip, output_format="PNG", width="stretch")
        if labels:
            for column, i in zip(st.columns(frames, gap=None), range(frames)):
                digit, confidence = labels[i]
                column.markdown(
                    f"<div style='text-align:center;font-size:0.85rem'><b>{digit}</b><br>{percent(confidence)}</div>",
                    unsafe_allow_html=True,
                )


@st.cache_data(show_spinner=False, max_entries=64)
def _strip(
    version: str, _G: nn.Module, a: tuple[float, ...], b: tuple[float, ...], frames: int, mode: str
) -> tuple[bytes, list[tuple[int, float]] | None]:
    """The walk's strip (PNG) and the judge's reading of each frame: the same while t moves, and the
    same for every student on the same points (the page opens on the same A and B for all)."""
    za, zb = torch.tensor(a), torch.tensor(b)
    strip = generate(_G, latent.interpolate(za, zb, torch.linspace(0, 1, frames), mode))
    return grid_png(strip, nrow=frames, scale=3), verdicts(strip)


def _verdict_text(labels, i: int) -> str:
    if not labels:
        return ""
    digit, confidence = labels[i]
    return f"**{digit}** · {percent(confidence)}"


def _reroll(key: str) -> None:
    st.session_state[key] = random.randrange(10**6)


@st.fragment  # a slider here redraws this section only
def directions_ui(src: Generator) -> None:
    st.subheader(t("latent_directions"), help=t("latent_directions_how"))  # the method, one click away
    st.caption(t("latent_directions_help"))
    d = directions(src.version, src.G, src.cfg.latent_dim)
    names = [
        t("latent_direction", i=i + 1, share=Number(float(d.explained[i]), 0, percent=True))
        for i in range(len(d.vectors))
    ]
    seed_box, button_box, _ = st.columns([1, 1, 2], vertical_alignment="bottom")
    seed = seed_box.number_input(t("latent_samples_seed"), 0, 10**6, 0, key="latent_seed", bind=URL)
    button_box.button(
        t("latent_new_samples"), key="latent_new", on_click=_reroll, args=("latent_seed",), icon=":material/refresh:"
    )
    z = torch.randn(8, src.cfg.latent_dim, generator=torch.Generator().manual_seed(int(seed)))
    graphs = in_browser(src)
    if graphs is not None:
        browser.show(
            "directions",
            "latent_web_directions",
            graphs,
            {
                "z": z.tolist(),
                "vectors": d.vectors.tolist(),
                "spread": d.spread.tolist(),
                "names": names,
                "amounts": [url_float(f"latent_d{i}", 0.0, -3.0, 3.0) for i in range(len(names))],
                "psi": url_float("latent_psi", 1.0, 0.0, 1.5),
            },
        )
        return
    sliders, grid = st.columns([2, 3], gap="large")
    with sliders:
        amounts = [
            st.slider(name, -3.0, 3.0, 0.0, step=0.25, key=f"latent_d{i}", bind=URL) for i, name in enumerate(names)
        ]
        psi = st.slider(
            t("latent_psi"), 0.0, 1.5, 1.0, step=0.05, key="latent_psi", help=t("latent_psi_help"), bind=URL
        )
        st.button(t("latent_centre"), key="latent_centre", on_click=_centre, args=(len(d.vectors),))
    shift = sum(float(amount) * float(spread) * vector for amount, spread, vector in zip(amounts, d.spread, d.vectors))
    images = generate(src.G, latent.truncate(z, psi) + shift)
    with grid:
        st.image(grid_png(images, nrow=4, scale=4), output_format="PNG", width="stretch")
        labels = verdicts(images)
        if labels:
            st.caption(t("latent_judged", digits=" ".join(str(digit) for digit, _ in labels)))


def _centre(n: int) -> None:
    for i in range(n):
        st.session_state[f"latent_d{i}"] = 0.0
    st.session_state["latent_psi"] = 1.0
