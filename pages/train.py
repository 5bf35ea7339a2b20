"""Train: a GAN (or the VAE it is compared with) learning live, epoch by epoch, or a lesson
recipe's recorded run played back."""

import streamlit as st

from explorer.ui.text import t
from explorer.ui.train import problems, recordings, settings, view

st.title(t("train_title"))
st.caption(t("train_intro"))
with st.sidebar:
    setup = settings.settings_ui()
job = view.attach()
view.controls_ui(setup, job)
played = recordings.playback()
problems.problems_ui(job, expanded=played is None)
recordings.recordings_ui(job)
if played is not None:
    recordings.playback_view(played, job)
else:
    problems.demo_note(job)
    view.live_view(job)
view.explanation(job)
