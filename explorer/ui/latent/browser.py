"""The Latent page drawn in the student's browser: a Streamlit component (web.js) runs the
generator's ONNX graph with onnxruntime-web, so the walk, the direction sliders and the arithmetic
answer a slider with no request to the server. Python sends, once per choice, the graph's URL, the
latent points and the directions; the browser sends back only a failure.

The server draws the pictures instead (the page as it was before, view.py) when the browser has
no WebAssembly or cannot load the graph (it says so, and the page switches for the session), when
a graph cannot be written, or when the link asks for it (`?engine=server`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

import streamlit as st
from torch import nn

from explorer import paths
from explorer.data.datasets import DIGIT_SHAPE
from explorer.formats import web
from explorer.gan import judge
from explorer.ui.text import lang, t

FAILED = "latent_web_failed"  # session: why this browser cannot draw (set once, by any of the views)
NO_WASM = "no WebAssembly"  # what web.js says of a browser that has none
ENGINE_PARAM = "engine"  # ?engine=server: draw on the server (a comparison, a teacher's choice)

_component = st.components.v2.component(
    "gan_explorer.latent_web",
    html='<div class="status" role="status"></div><div class="latent-web" data-testid="latent-web"></div>',
    css=(Path(__file__).with_name("web.css")).read_text(),
    js=(Path(__file__).with_name("web.js")).read_text(),
)


@dataclass(frozen=True)
class Graphs:
    model: str  # URL path of the generator's graph
    judge: str | None  # … and of the judge's (None: no judge, or not digits)


def in_browser() -> bool:
    return st.query_params.get(ENGINE_PARAM) != "server" and not st.session_state.get(FAILED)


def why_on_server() -> str | None:
    """Why this session's pictures are drawn on the server (None: they are not, or the link asked)."""
    why = st.session_state.get(FAILED)
    return t("latent_no_wasm") if why == NO_WASM else why  # in the page's language now


@st.cache_resource(show_spinner=False, max_entries=16)
def generator_graph(version: str, _G: nn.Module, latent_dim: int, committed: str | None) -> str:
    """The served graph of the generator `version` names (Generator.version): the committed one when it
    was made from these weights, else exported now (a live run: once per epoch it is explored at)."""
    path = web.graph_for(
        web.weights_version(_G), lambda: web.generator_bytes(_G, latent_dim), Path(committed) if committed else None
    )
    return web.static_url(path)


@st.cache_resource(show_spinner=False)
def judge_graph(_scorer: nn.Module) -> str:
    path = web.graph_for(
        web.weights_version(_scorer), lambda: web.judge_bytes(_scorer), web.committed_graph(judge.JUDGE_PATH)
    )
    return web.static_url(path)


def graphs(
    version: str, G: nn.Module, latent_dim: int, image_shape: tuple, weights: Path | None, scorer: nn.Module | None
) -> Graphs:
    """The graphs for this generator; when they cannot be made, the page is drawn on the server."""
    committed = str(web.committed_graph(weights)) if weights is not None else None
    try:
        with st.spinner(t("latent_web_loading")):
            model = generator_graph(version, G, latent_dim, committed)
            reader = judge_graph(scorer) if scorer is not None and tuple(image_shape) == DIGIT_SHAPE else None
    except web.WebExportError as error:  # a full disk, a read-only install: the server draws, and says why
        _fail(str(error))
    return Graphs(model, reader)


def _fail(why: str) -> NoReturn:
    st.session_state[FAILED] = why[:200]
    st.rerun(scope="app")  # every section switches to the server's pictures


def show(view: str, key: str, graphs: Graphs, data: dict) -> None:
    """Mount one view of the component ("walk", "directions", "arithmetic") with its data."""
    base = st.get_option("server.baseUrlPath").strip("/")
    prefix = f"/{base}/" if base else "/"
    result = _component(
        key=key,
        data={
            "view": view,
            "runtime": prefix + web.static_url(paths.WEB_RUNTIME) + "/",
            "model": prefix + graphs.model,
            "judge": prefix + graphs.judge if graphs.judge else None,
            "lang": lang(),  # Intl.NumberFormat's locale: the browser writes numbers as the page does
            "words": {
                "loading": t("latent_web_loading"),
                "failed": t("latent_web_failed"),
                "t_help": t("latent_t_help"),
                "psi": t("latent_psi"),
                "psi_help": t("latent_psi_help"),
                "centre": t("latent_centre"),
                "strength": t("latent_arith_strength"),
                "reads": t("latent_judged", digits="{digits}"),
                "rows": t("latent_arith_rows", top="{top}", bottom="{bottom}"),
            },
        }
        | data,
        on_failed_change=lambda: None,
    )  # the callback declares the "failed" state web.js may set
    failed = getattr(result, "failed", None)
    if failed and not st.session_state.get(FAILED):
        _fail(str(failed))
