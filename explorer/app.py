"""GAN Explorer: `streamlit run explorer/app.py`. Navigation over pages/ and the shared sidebar."""

import base64

# Imported whole before any page draws: plotly peeks at a half-imported pandas in sys.modules while
# another session's thread is still importing it, and the page failed with "partially initialized
# module 'pandas' has no attribute 'Series'" (seen in tests/test_load.py, two sessions drawing their
# first charts at once). An import here waits for the other thread's to finish.
import pandas  # noqa: F401
import streamlit as st

from explorer import paths
from explorer.ui import loaders
from explorer.ui.sidebar import render_sidebar
from explorer.ui.text import t

loaders.stacks_on_signal()  # once per server process, not on every rerun

# The tab's icon, four real MNIST digits, inside the page: a :material: icon is fetched from Google's
# CDN (offline it fails), a file from the server again whenever the page's link changes.
ICON = "data:image/png;base64," + base64.b64encode((paths.STATIC / "icon.png").read_bytes()).decode()
st.set_page_config(page_title="GAN Explorer", page_icon=ICON, layout="wide")
navigation = st.navigation(
    [
        st.Page("../pages/home.py", title=t("nav_home"), icon=":material/home:", default=True),
        st.Page("../pages/lesson.py", title=t("nav_lesson"), icon=":material/school:", url_path="lesson"),
        st.Page("../pages/train.py", title=t("nav_train"), icon=":material/model_training:", url_path="train"),
        st.Page("../pages/latent.py", title=t("nav_latent"), icon=":material/linear_scale:", url_path="latent"),
        st.Page("../pages/compare.py", title=t("nav_compare"), icon=":material/compare:", url_path="compare"),
        st.Page("../pages/harmonic.py", title=t("nav_harmonic"), icon=":material/airwave:", url_path="harmonic"),
        st.Page("../pages/style.py", title=t("nav_style"), icon=":material/palette:", url_path="style"),
    ]
)
render_sidebar(navigation.url_path)
navigation.run()
