"""Train: a GAN (or the VAE it is compared with) learning live, epoch by epoch."""

import streamlit as st

from explorer.ui.text import t
from explorer.ui.train import problems, settings, view

st.title(t("train_title"))
st.caption(t("train_intro"))
with st.sidebar:
    setup = settings.settings_ui()
job = view.attach()
view.controls_ui(setup, job)
problems.problems_ui(job)
problems.demo_note(job)
view.live_view(job)
view.explanation(job)
