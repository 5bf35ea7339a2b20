"""The Latent page's own digit: one drawn on the pad or photographed, found in G's latent space."""

from __future__ import annotations

import streamlit as st
import torch

from explorer.data.datasets import DIGIT_SHAPE
from explorer.data.pictures import DIGIT_UPLOAD_MB, PicturesError, digit_from_picture
from explorer.formats.images import grid_png
from explorer.gan import latent
from explorer.i18n import Number
from explorer.ui import loaders
from explorer.ui.generators import Generator
from explorer.ui.latent.canvas import drawing_pad
from explorer.ui.latent.shared import PROJECTED, Projected, digit_judge, generate, verdicts
from explorer.ui.text import said, t
from explorer.words import said_by

OWN_FROM = "latent_own_from"  # session: "draw" or "upload", whichever the user touched last


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
            st.caption(
                t(
                    "latent_project_caption",
                    first=Number(own.first_error, 3),
                    last=Number(own.last_error, 3),
                    digit=digit,
                )
            )
        else:
            st.image(grid_png(target, nrow=1, scale=5), output_format="PNG", caption=t("latent_project_ready"))
