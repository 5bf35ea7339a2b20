"""Latent space: walk between digits with sliders, on shipped generators or the live Train run."""

import streamlit as st

from explorer.ui.latent import view as ui
from explorer.ui.text import t
from explorer.ui.train.view import current_job

st.title(t("latent_title"))
st.caption(t("latent_intro"))
with st.sidebar:
    source = ui.source_ui(current_job())
if source is not None:  # each part in a keyed container, which the teacher's link may hide (explorer/ui/classroom.py)
    for part, draw in (
        ("walk", ui.walk_ui),
        ("project", ui.project_ui),
        ("directions", ui.directions_ui),
        ("arithmetic", ui.arithmetic_ui),
        ("path", ui.path_ui),
    ):
        with st.container(key=f"latent_{part}_section"):
            draw(source)
