"""Harmonic GAN: the slides' tiny GAN learning points on y = sin x, seen in the plane as it trains."""

import streamlit as st

from explorer.ui.harmonic import view as ui
from explorer.ui.text import t

st.title(t("harm_title"))
st.caption(t("harm_intro"))
with st.sidebar:
    st.subheader(t("harm_setup"))
    setup = ui.setup_ui()
    if setup is not None:
        restart = st.button(t("harm_new_run"), key="harm_new_run", icon=":material/restart_alt:", width="stretch",
                            type="primary" if not ui.runs() else "secondary")
        if restart or not ui.runs():  # the first visit starts paused on the untrained game
            ui.start(setup)
if ui.runs():
    ui.controls_ui()
    show = ui.show_options()
    ui.live_ui(show)
    with st.expander(t("harm_how_to_read")):
        st.markdown(t("harm_how_to_read_body"))
