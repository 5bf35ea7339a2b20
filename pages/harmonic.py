"""Harmonic GAN: the slides' tiny GAN learning points on y = sin x, seen in the plane as it trains."""

import streamlit as st

from explorer.ui.harmonic import view as ui
from explorer.ui.harmonic.setup import setup_ui
from explorer.ui.text import t

st.title(t("harm_title"))
st.caption(t("harm_intro"))
games = ui.attach()
with st.sidebar:
    st.subheader(t("harm_setup"))
    setup = setup_ui()
    ui.new_game_ui(setup, games)
if not games and setup is not None:  # the first visit starts a game, paused on its untrained state
    ui.start(setup, {})
    games = ui.attach(note=False)
if games:
    ui.controls_ui(games)
    show = ui.show_options()
    ui.live_ui(games, show)
    with st.expander(t("harm_how_to_read")):
        st.markdown(t("harm_how_to_read_body"))
