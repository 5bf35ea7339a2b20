"""GAN Explorer: `streamlit run explorer/app.py`. Navigation over pages/ and the shared sidebar."""

import streamlit as st

from explorer import paths
from explorer.ui.sidebar import render_sidebar
from explorer.ui.text import t

# the tab's icon, four real MNIST digits, from the app itself (a :material: icon is fetched from Google's CDN)
st.set_page_config(page_title="GAN Explorer", page_icon=str(paths.STATIC / "icon.png"), layout="wide")
navigation = st.navigation([
    st.Page("../pages/home.py", title=t("nav_home"), icon=":material/home:", default=True),
    st.Page("../pages/train.py", title=t("nav_train"), icon=":material/model_training:", url_path="train"),
    st.Page("../pages/latent.py", title=t("nav_latent"), icon=":material/linear_scale:", url_path="latent"),
    st.Page("../pages/harmonic.py", title=t("nav_harmonic"), icon=":material/airwave:", url_path="harmonic"),
    st.Page("../pages/style.py", title=t("nav_style"), icon=":material/palette:", url_path="style"),
])
render_sidebar()
navigation.run()
