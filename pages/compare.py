"""GAN and VAE: the notes' contrast, side by side — pictures, sharpness, the same walk, reconstructions."""

import streamlit as st

from explorer.ui.compare import view as ui
from explorer.ui.text import t
from explorer.ui.train.view import current_job

st.title(t("cmp_title"))
st.caption(t("cmp_intro"))
with st.sidebar:
    gan, vae = ui.models_ui(current_job())
if gan is None or vae is None:
    st.info(t("cmp_need"))
else:
    ui.samples_ui(gan, vae)
    ui.walk_ui(gan, vae)
    ui.rebuild_ui(vae)
