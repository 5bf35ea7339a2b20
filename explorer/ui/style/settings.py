"""The Style page's sidebar: the optimisation's settings, the network that sees, and the fast way's."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from explorer.style import vgg
from explorer.style.config import CONTENT_LAYERS, INITS, OPTIMIZERS, STYLE_LAYERS, FastConfig, GatysConfig
from explorer.ui import jobs
from explorer.ui.style.words import BUDGETS, NETWORKS, STARTS, WEIGHTS
from explorer.ui.text import short_number, t, tr
from explorer.ui.url import URL

# the layers both networks have (VGG19 adds relu3_4 and relu4_4), shallow to deep
LAYERS = (
    "relu1_1",
    "relu1_2",
    "relu2_1",
    "relu2_2",
    "relu3_1",
    "relu3_2",
    "relu3_3",
    "relu4_1",
    "relu4_2",
    "relu4_3",
    "relu5_1",
)
SIZES = (128, 192, 256, 384, 512, 768, 1024)
FAST_SIZES = (256, 384, 512, 768, 1024)


def log_steps(low: float, high: float, zero: bool = False) -> list[float]:
    """0 (if asked), then low … high in 1-2-5 steps: a logarithmic slider's stops."""
    out, decade = [], low
    while decade <= high * 1.001:
        out += [v for v in (decade, 2 * decade, 5 * decade) if v <= high * 1.001]
        decade *= 10
    return ([0.0] if zero else []) + [float(f"{v:.3g}") for v in out]


@dataclass(frozen=True)
class Settings:
    gatys: GatysConfig | None  # None: a setting cannot make a painting (the reason is shown)
    fast: FastConfig
    network: str  # vgg.NETWORKS, or a weights file's path


def settings_ui(preserve_colors: bool, blend: float) -> Settings:
    gpu = jobs.device().type == "cuda"
    with st.expander(t("st_settings_slow"), expanded=True):
        weights = {}
        for name, low, high, default, zero in (
            ("content", 0.01, 100, 1.0, True),
            ("style", 0.01, 1000, 5.0, True),
            ("tv", 0.001, 10, 0.05, True),
        ):
            weights[name] = st.select_slider(
                tr(WEIGHTS[name]),
                log_steps(low, high, zero),
                default,
                key=f"st_{name}_weight",
                bind=URL,
                help=t("st_weight_help"),
                format_func=_number,
            )
        style_layers = st.multiselect(
            t("st_style_layers"), LAYERS, list(STYLE_LAYERS), key="st_style_layers", bind=URL, help=t("st_layers_help")
        )
        content_layers = st.multiselect(
            t("st_content_layers"), LAYERS, list(CONTENT_LAYERS), key="st_content_layers", bind=URL
        )
        size = st.select_slider(t("st_size"), SIZES, 512 if gpu else 256, key="st_size", bind=URL)
        budget = st.radio(
            t("st_budget"),
            ("steps", "time"),
            horizontal=True,
            key="st_budget",
            bind=URL,
            format_func=lambda b: tr(BUDGETS[b]),
        )
        if budget == "steps":
            steps, seconds = st.number_input(t("st_steps"), 10, 5000, 300, 10, key="st_steps", bind=URL), 0.0
        else:
            steps, seconds = 100_000, st.number_input(t("st_seconds"), 5, 1800, 60, 5, key="st_seconds", bind=URL)
        style_scale = st.select_slider(
            t("st_style_scale"),
            (0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0),
            1.0,
            format_func=short_number,
            key="st_style_scale",
            bind=URL,
            help=t("st_style_scale_help"),
        )
        init = st.radio(
            t("st_init"), INITS, horizontal=True, key="st_init", bind=URL, format_func=lambda i: tr(STARTS[i])
        )
        seed = st.number_input(t("st_seed"), 0, 2**31 - 1, 0, key="st_seed", bind=URL) if init == "noise" else 0
        optimizer = st.radio(
            t("st_optimizer"),
            OPTIMIZERS,
            horizontal=True,
            key="st_optimizer",
            bind=URL,
            format_func=lambda o: {"lbfgs": "L-BFGS", "adam": "Adam"}[o],
        )
        coarse = st.toggle(t("st_coarse"), True, key="st_coarse", bind=URL, help=t("st_coarse_help"))
        network = network_ui()
    with st.expander(t("st_settings_fast"), expanded=False):
        strength = st.slider(
            t("st_strength"), 0.0, 1.0, 1.0, 0.05, key="st_strength", bind=URL, help=t("st_strength_help")
        )
        fast_size = st.select_slider(t("st_fast_size"), FAST_SIZES, 512, key="st_fast_size", bind=URL)
    fast = FastConfig(size=int(fast_size), strength=float(strength), blend=blend, preserve_colors=preserve_colors)
    if not style_layers or not content_layers:
        st.error(t("st_need_layer"))
        return Settings(None, fast, network)
    try:
        gatys = GatysConfig(
            content_weight=weights["content"],
            style_weight=weights["style"],
            tv_weight=weights["tv"],
            style_layers=tuple(style_layers),
            content_layers=tuple(content_layers),
            size=int(size),
            steps=int(steps),
            time_budget=float(seconds),
            style_scale=float(style_scale),
            init=init,
            optimizer=optimizer,
            coarse_to_fine=coarse,
            preserve_colors=preserve_colors,
            blend=blend,
            seed=int(seed),
        )
    except ValueError as error:
        st.error(str(error))
        return Settings(None, fast, network)
    return Settings(gatys, fast, network)


def network_ui() -> str:
    cached = vgg.vgg19_cache_path().is_file()
    choice = st.selectbox(
        t("st_network"),
        ("auto", "vgg16", "vgg19", "file"),
        key="st_network",
        bind=URL,
        format_func=lambda n: tr(NETWORKS[n]),
    )
    if choice == "file":
        path = st.text_input(t("st_net_path"), "", key="st_net_path", bind=URL).strip()
        return path or "auto"
    if choice == "auto":
        st.caption(t("st_net_cached") if cached else t("st_net_missing"))
    return choice


def _number(v: float) -> str:
    return "0" if v == 0 else short_number(v)


def prefill(cfg: GatysConfig, names: dict[str, str]) -> None:
    """Set this page's widgets to a painting's settings before they are drawn: a refreshed page
    (a new session, its widgets at their defaults) or a link shows how the painting was made.
    Only values the widgets can show are set; a widget this session has already set is left alone."""
    options = {
        "st_content_weight": log_steps(0.01, 100, True),
        "st_style_weight": log_steps(0.01, 1000, True),
        "st_tv_weight": log_steps(0.001, 10, True),
        "st_size": SIZES,
        "st_style_scale": (0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0),
    }
    values = {
        "st_content_weight": cfg.content_weight,
        "st_style_weight": cfg.style_weight,
        "st_tv_weight": cfg.tv_weight,
        "st_size": cfg.size,
        "st_style_scale": cfg.style_scale,
        "st_style_layers": [layer for layer in cfg.style_layers if layer in LAYERS],
        "st_content_layers": [layer for layer in cfg.content_layers if layer in LAYERS],
        "st_budget": "time" if cfg.time_budget else "steps",
        "st_init": cfg.init,
        "st_seed": cfg.seed,
        "st_optimizer": cfg.optimizer,
        "st_coarse": cfg.coarse_to_fine,
        "st_preserve": cfg.preserve_colors,
    }
    values["st_seconds" if cfg.time_budget else "st_steps"] = int(cfg.time_budget or cfg.steps)
    for role in ("content", "style", "style2"):  # a sample can be shown again; an upload cannot
        kind, _, name = names.get(role, "").partition(":")
        if kind == "sample":
            values[f"st_{role}_source"], values[f"st_{role}_sample"] = "sample", name
    for key, value in values.items():
        if key not in options or value in options[key]:
            st.session_state.setdefault(key, value)
