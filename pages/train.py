"""Train: a GAN learning live, epoch by epoch."""

import streamlit as st

from explorer.ui.text import t
from explorer.ui.train import view as ui

st.title(t("train_title"))
st.caption(t("train_intro"))
with st.sidebar:
    setup = ui.settings_ui()
ui.controls_ui(setup)
ui.live_view()
ui.explanation()
