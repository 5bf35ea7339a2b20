"""The sidebar every page shares: language, the device the app computes on, and (once) the
cookie that lets this browser keep its jobs across a refresh (explorer/ui/jobs.py)."""

from __future__ import annotations

import streamlit as st

from explorer.device import describe
from explorer.ui import jobs, loaders
from explorer.ui.text import LANGUAGES, t


def render_sidebar() -> None:
    with st.sidebar:
        st.radio(t("language"), list(LANGUAGES), format_func=LANGUAGES.get, key="lang", horizontal=True)
        st.caption(f"{t('device')}: **{describe(loaders.device())}**")
        jobs.remember_owner()
