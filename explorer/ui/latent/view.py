"""The Latent space page's pieces: which generator, the A→B walk with the judge's verdict under
every frame, and sliders along the generator's principal directions. The view lives in the URL
(the widgets are bound to query parameters), so a link reproduces it.

Generators: the shipped ones (checkpoints/*.pt made by `python -m explorer ship`) and the
session's Train-page run as it is now (its worker sends G's weights after each epoch).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import streamlit as st
import torch
from torch import nn

from explorer.data.datasets import DIGIT_SHAPE
from explorer.data.pictures import DIGIT_UPLOAD_MB, PicturesError, digit_from_picture
from explorer.formats.checkpoint import CheckpointError
from explorer.formats.export import grids_gif
from explorer.formats.images import grid_png
from explorer.gan import judge, latent
from explorer.gan.job import TrainJob
from explorer.ui import generators, loaders
from explorer.ui.generators import Generator
from explorer.ui.latent import browser
from explorer.ui.latent.canvas import drawing_pad
from explorer.ui.text import counted, device_words, model_title, said, t
from explorer.ui.url import URL
from explorer.words import said_by

PROJECTED = "latent_projected"  # session: the user's own digit found in the latent space (Projected)
OWN_FROM = "latent_own_from"  # session: "draw" or "upload", whichever the user touched last
N_DIRECTIONS = 5
PER_DIGIT = 8  # "a 3": one of the 8 points G draws a 3 from that the judge is surest about


@st.cache_resource(show_spinner=False)
def digit_judge() -> judge.DigitJudge | None:
    try:
        return judge.load_judge()
    except CheckpointError:
        return None


@st.cache_resource(show_spinner=False, max_entries=8)
def directions(version: str, _G: nn.Module, latent_dim: int) -> latent.Directions:
    """GANSpace directions of the generator whose weights `version` names (Generator.version)."""
    return latent.principal_directions(_G, latent_dim, k=N_DIRECTIONS)


@dataclass(frozen=True)
class Projected:
    """The user's own digit, found in a generator's latent space."""

    generator: str  # Generator.key
    z: list[float]
    target: list  # the digit it was found for, [1, 1, 28, 28] as nested lists
    first_error: float  # the pixel error where the search started and where it ended
    last_error: float


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
        parts.insert(0, t("latent_scores", score=quality["inception_score"], low=min(shares), high=max(shares)))
    return " · ".join(parts)


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
        column.warning(t("latent_no_digit", digit=kind, n="2 000"))
        return None
    pick = column.number_input(t("latent_which_one", n=PER_DIGIT), 1, PER_DIGIT, 1, key=f"{key}_pick", bind=URL)
    column.button(
        t("latent_reroll"), key=f"{key}_next", on_click=_next, args=(f"{key}_pick",), icon=":material/casino:"
    )
    return found[min(int(pick), len(found)) - 1]


def _next(key: str) -> None:
    st.session_state[key] = int(st.session_state.get(key, 1)) % PER_DIGIT + 1


def _url_float(key: str, default: float, low: float, high: float) -> float:
    """A number from the link (the server's slider writes it there), for the browser's slider to start at."""
    try:
        value = float(st.query_params.get(key, default))
    except ValueError:
        return default
    return min(max(value, low), high) if value == value else default


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
            format_func=lambda m: t(f"latent_mode_{m}"),
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
                "t": _url_float("latent_t", 0.5, 0.0, 1.0),
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
            caption=_verdict_text(verdicts(here), 0) or f"t = {where:.2f}",
        )
    with side:
        st.image(strip, output_format="PNG", width="stretch")
        if labels:
            for column, i in zip(st.columns(frames, gap=None), range(frames)):
                digit, confidence = labels[i]
                column.markdown(
                    f"<div style='text-align:center;font-size:0.85rem'><b>{digit}</b><br>{confidence:.0%}</div>",
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
    return f"**{digit}** · {confidence:.0%}"


def _reroll(key: str) -> None:
    st.session_state[key] = random.randrange(10**6)


@st.fragment  # a slider here redraws this section only
def directions_ui(src: Generator) -> None:
    st.subheader(t("latent_directions"), help=t("latent_directions_how"))  # the method, one click away
    st.caption(t("latent_directions_help"))
    d = directions(src.version, src.G, src.cfg.latent_dim)
    names = [t("latent_direction", i=i + 1, share=float(d.explained[i])) for i in range(len(d.vectors))]
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
                "amounts": [_url_float(f"latent_d{i}", 0.0, -3.0, 3.0) for i in range(len(names))],
                "psi": _url_float("latent_psi", 1.0, 0.0, 1.5),
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
                points=counted(len(seeds), ("point", "points"), ("точка", "точки", "точек")),
                mode=t(f"latent_mode_{mode}"),
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


@st.fragment  # a slider here redraws this section only
def arithmetic_ui(src: Generator) -> None:
    """Latent arithmetic: (mean z of G's "a"s − mean z of its "b"s) added to eight samples."""
    scorer = digit_judge()
    if scorer is None or src.cfg.image_shape != DIGIT_SHAPE:
        return
    st.subheader(t("latent_arithmetic"))
    controls, grids = st.columns([2, 3], gap="large")
    with controls:
        a = st.selectbox(t("latent_arith_plus"), range(10), 7, key="latent_arith_a", bind=URL)
        b = st.selectbox(t("latent_arith_minus"), range(10), 1, key="latent_arith_b", bind=URL)
    try:
        vector, n_a, n_b = _attribute(src.version, src.G, src.cfg.latent_dim, a, b)
    except ValueError as error:
        controls.warning(str(error))
        return
    controls.caption(t("latent_arith_caption", a=a, b=b, n_a=n_a, n_b=n_b))
    z = torch.randn(
        8, src.cfg.latent_dim, generator=torch.Generator().manual_seed(int(st.session_state.get("latent_seed", 0)))
    )
    graphs = in_browser(src)
    if graphs is not None:
        with grids:
            browser.show(
                "arithmetic",
                "latent_web_arithmetic",
                graphs,
                {"z": z.tolist(), "vector": vector.tolist(), "k": _url_float("latent_arith_k", 1.0, 0.0, 2.0)},
            )
        return
    k = controls.slider(t("latent_arith_strength"), 0.0, 2.0, 1.0, step=0.25, key="latent_arith_k", bind=URL)
    before, after = generate(src.G, z), generate(src.G, z + k * vector)
    with grids:
        st.image(grid_png(torch.cat([before, after]), nrow=8, scale=3), output_format="PNG", width="stretch")
        judged = verdicts(torch.cat([before, after]))
        st.caption(
            t(
                "latent_arith_rows",
                top=" ".join(str(d) for d, _ in judged[:8]),
                bottom=" ".join(str(d) for d, _ in judged[8:]),
            )
        )


@st.cache_resource(show_spinner=False, max_entries=32)
def _attribute(version: str, _G: nn.Module, latent_dim: int, a: int, b: int):
    scorer = digit_judge()
    return latent.attribute_vector(_G, lambda images: scorer.read(images)[0], latent_dim, a, b)


def _own_from(which: str):
    def mark() -> None:
        st.session_state[OWN_FROM] = which

    return mark


@st.fragment
def project_ui(src: Generator) -> None:
    """The user's own digit (drawn on the pad, or a photo) found in the latent space, then walked from."""
    if src.cfg.image_shape != DIGIT_SHAPE:
        return
    st.subheader(t("latent_project"))
    given, result = st.columns([2, 3], gap="large")
    with given:
        draw_tab, upload_tab = st.tabs([t("latent_project_draw_tab"), t("latent_project_upload_tab")])
        with draw_tab:
            st.caption(t("latent_project_draw"))
            drawn = drawing_pad("latent_pad", t("latent_project_clear"), on_change=_own_from("draw"))
        with upload_tab:
            file = st.file_uploader(
                t("latent_project_upload"),
                type=["png", "jpg", "jpeg", "webp", "bmp", "gif"],
                key="latent_upload",
                max_upload_size=loaders.upload_mb(DIGIT_UPLOAD_MB),
                help=t("latent_project_help"),
                on_change=_own_from("upload"),
            )
        uploaded = file.getvalue() if file is not None else None
        # the one the user touched last; the other when that one is empty
        picture = (drawn or uploaded) if st.session_state.get(OWN_FROM, "draw") == "draw" else (uploaded or drawn)
        if picture is None:
            return
        try:
            target = digit_from_picture(picture)
        except PicturesError as error:
            st.error(said(said_by(error)))
            return
        go = st.button(t("latent_project_go"), key="latent_project_go", type="primary", icon=":material/search:")
    if go:
        with result, st.spinner(t("latent_projecting")):
            z, losses = latent.project(src.G, target, src.cfg.latent_dim, judge=digit_judge(), steps=300)
        st.session_state[PROJECTED] = Projected(src.key, z.tolist(), target.tolist(), losses[0], losses[-1])
        st.rerun()  # the walk above starts from the found point
    own = st.session_state.get(PROJECTED)
    with result:
        if own is not None and own.generator == src.key and own.target == target.tolist():
            found = generate(src.G, torch.tensor(own.z)[None])
            st.image(grid_png(torch.cat([target, found]), nrow=2, scale=5), output_format="PNG")
            judged = verdicts(found)
            digit = judged[0][0] if judged else "?"
            st.caption(t("latent_project_caption", first=own.first_error, last=own.last_error, digit=digit))
        else:
            st.image(grid_png(target, nrow=1, scale=5), output_format="PNG", caption=t("latent_project_ready"))
