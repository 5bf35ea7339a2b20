"""The sidebar every page shares: language, the device the app computes on, teacher mode with the
classroom panel; and, first in every run, who this session is (explorer/ui/jobs.py) and which of
the page's controls the teacher's link hides (explorer/ui/classroom.py), with the cookies that let
a refresh find this browser's jobs and teacher mode again (explorer/ui/cookies.py)."""

from __future__ import annotations

import streamlit as st

from explorer.device import describe
from explorer.i18n import languages
from explorer.ui import classroom, jobs, teacher
from explorer.ui.text import said, t


def render_sidebar(page: str) -> None:
    """`page`: the url_path of the page this run draws ("" for Home)."""
    jobs.begin_run()
    jobs.keep_owner_cookie()  # first, so that a run cut short by a click gives them too
    teacher.keep_cookie()
    classroom.hide_controls(page)
    with st.sidebar:
        spoken = languages()  # one per catalogue in explorer/locale: a new one is a file
        if "lang" not in st.session_state and st.query_params.get("lang") in spoken:
            st.session_state["lang"] = st.query_params["lang"]  # a link's language (?lang=ru)
        code = st.radio(t("language"), list(spoken), format_func=spoken.get, key="lang", horizontal=True)
        if st.query_params.get("lang", "en") != code:  # kept in the URL by its short name, English left out
            if code == "en":
                del st.query_params["lang"]
            else:
                st.query_params["lang"] = code
        st.caption(f"{t('device')}: **{said(describe(jobs.device()))}**")
        if teacher.panel():
            with st.expander(t("class_panel"), icon=":material/visibility_off:"):
                classroom.panel_ui(page)
