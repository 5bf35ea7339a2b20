"""The Latent page's arithmetic: G's mean "a" minus its mean "b", added to eight samples."""

from __future__ import annotations

import streamlit as st
import torch
from torch import nn

from explorer.data.datasets import DIGIT_SHAPE
from explorer.formats.images import grid_png
from explorer.gan import latent
from explorer.ui.generators import Generator
from explorer.ui.latent import browser
from explorer.ui.latent.shared import digit_judge, generate, in_browser, url_float, verdicts
from explorer.ui.text import t
from explorer.ui.url import URL


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
                {"z": z.tolist(), "vector": vector.tolist(), "k": url_float("latent_arith_k", 1.0, 0.0, 2.0)},
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
