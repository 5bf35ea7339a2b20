"""Latent space: walk between digits with sliders, on shipped generators or the live Train run."""

import streamlit as st

from explorer.ui.latent import view as ui
from explorer.ui.text import t
from explorer.ui.train.view import current_job

st.title(t("latent_title"))
st.caption(t("latent_intro"))
with st.sidebar:
    source = ui.source_ui(current_job())
if source is not None:
    ui.walk_ui(source)
    ui.project_ui(source)
    ui.directions_ui(source)
    ui.arithmetic_ui(source)
    ui.path_ui(source)
