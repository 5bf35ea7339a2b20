"""Cookies the app gives a browser: who it is (explorer/ui/jobs.py) and that it is the teacher's
(explorer/ui/teacher.py).

Streamlit reads a browser's cookies once, from the request that opened its session, and has no way
to set one; a script on the page sets it. That script is on the page in every full run in which
the cookie the session started with is not the one wanted, not only in the first: a first run cut
short (a click on another page while it was still being drawn) never reaches the browser, and a
cookie given only then was lost, so after a refresh the browser no longer owned its run.
"""

from __future__ import annotations

import streamlit as st

GIVEN_KEY = "cookies_given"  # session: the names of the cookies it has set in the browser


def sent(name: str) -> str:
    """The cookie `name` as the browser sent it when this session began ("" when it did not)."""
    value = st.context.cookies.get(name)
    return value if isinstance(value, str) else ""  # (AppTest has no browser, nor cookies)


def keep(name: str, value: str, *, max_age_s: int, same_site: str = "Lax") -> None:
    """Have the browser keep the cookie `name` = `value` (`value` "" forgets it): nothing to draw while
    the browser began this session with it and nothing since has changed it. `value` must be
    cookie-safe (the callers' are ids and hex tokens)."""
    # a cookie this session has set may be in the browser as it was set, not as the browser sent it
    given = st.session_state.setdefault(GIVEN_KEY, set())
    if sent(name) == value and name not in given:
        return
    given.add(name)
    max_age_s = max_age_s if value else 0
    box = f"cookie_{name}"  # hidden with its row: an empty row still takes a gap
    st.html(f"<style>div:has(> .st-key-{box}) {{ display: none; }}</style>")  # (style alone takes no room)
    with st.container(key=box):
        st.html(
            f"<script>document.cookie = '{name}={value}; path=/; max-age={max_age_s}; SameSite={same_site}';</script>",
            unsafe_allow_javascript=True,
            width="content",
        )
