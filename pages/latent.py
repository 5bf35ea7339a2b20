"""Latent space: walk between digits with sliders, on shipped generators or the live Train run."""

import streamlit as st

from explorer.ui.latent import arithmetic, own_digit, path, view
from explorer.ui.text import t
from explorer.ui.train.view import current_job

st.title(t("latent_title"))
st.caption(t("latent_intro"))
with st.sidebar:
    source = view.source_ui(current_job())
if source is not None:  # each part in a keyed container, which the teacher's link may hide (explorer/ui/classroom.py)
    for part, draw in (
        ("walk", view.walk_ui),
        ("project", own_digit.project_ui),
        ("directions", view.directions_ui),
        ("arithmetic", arithmetic.arithmetic_ui),
        ("path", path.path_ui),
    ):
        with st.container(key=f"latent_{part}_section"):
            draw(source)
