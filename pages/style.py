"""Style transfer: a photo repainted the lesson's way (Gatys, live) and the fast way (one pass)."""

import streamlit as st

from explorer.style.pictures import PHOTOS, STYLES
from explorer.ui.style import view
from explorer.ui.style.inputs import picture_ui
from explorer.ui.style.settings import prefill, settings_ui
from explorer.ui.text import t
from explorer.ui.url import URL

st.title(t("st_title"))
st.caption(t("st_intro"))
job = view.attach()
if job is not None:
    prefill(job.cfg, job.names)  # a refresh or a link shows how the painting on the screen was made
photo, painting, second = st.columns(3, gap="medium")
with photo:
    st.markdown(f"**{t('st_content')}**")
    content = picture_ui("content", samples=PHOTOS, camera=True, default="chelsea")
with painting:
    st.markdown(f"**{t('st_style')}**")
    style = picture_ui("style", samples=STYLES, builtin=True, default="hubble")
with second, st.container(key="st_style2_column"):
    st.markdown(f"**{t('st_style2')}**")
    style2 = picture_ui("style2", samples=STYLES, builtin=True, optional=True, default="gravel")
    blend = (
        st.slider(t("st_blend"), 0.0, 1.0, 0.5, 0.05, key="st_blend", bind=URL) if style2.picture is not None else 0.0
    )
preserve = st.toggle(t("st_preserve"), False, key="st_preserve", bind=URL, help=t("st_preserve_help"))
with st.sidebar:
    settings = settings_ui(preserve, blend)
view.controls_ui(settings, content, style, style2, job)
slow, fast = st.columns(2, gap="large")
with slow:
    view.slow_view(job)
with fast:
    view.fast_view(settings, content, style, style2)
view.charts_view(job)
with st.expander(t("st_how")):
    st.markdown(t("st_how_body"))
view.credits(job)
