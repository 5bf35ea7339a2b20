"""Teacher mode: the teacher shares runs with the class and uses the classroom panel; students
cannot. It is unlocked by a password set in the server's configuration, never in the app:

    GAN_EXPLORER_TEACHER_PASSWORD=…  (an environment variable; `python -m explorer classroom` sets one)
    teacher_password = "…"           (or in .streamlit/secrets.toml)

Without a password nobody is a teacher (a laptop used alone needs no teacher mode). Once unlocked,
the browser keeps a cookie derived from the password (not the password), so a refresh keeps the
teacher a teacher; changing the password locks every browser out again.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import time

import streamlit as st

from explorer.classroom import PASSWORD_ENV
from explorer.ui import cookies
from explorer.ui.text import t

ENV = PASSWORD_ENV  # set by `python -m explorer classroom` (explorer/classroom.py)
SECRET = "teacher_password"
COOKIE = "gan_explorer_teacher"
KEY = "teacher"  # session: True once unlocked
WRONG_WAIT_S = 1.0  # a wrong password costs a second: guessing one from a student's laptop is slow


def password() -> str:
    """The configured teacher password; "" when there is none."""
    value = os.environ.get(ENV, "")
    if value:
        return value
    try:
        return str(st.secrets.get(SECRET, "") or "")
    except Exception:  # no secrets.toml at all, or one that does not parse: no password
        return ""


def _token(secret: str) -> str:
    return hmac.new(secret.encode(), b"gan-explorer-teacher", hashlib.sha256).hexdigest()[:32]


def unlocked() -> bool:
    """Whether this session is the teacher's."""
    secret = password()
    if not secret:
        return False
    if st.session_state.get(KEY) == _token(secret):
        return True
    if st.session_state.get(KEY) == "":  # left teacher mode in this session: its old cookie no longer counts
        return False
    cookie = cookies.sent(COOKIE)
    if cookie and hmac.compare_digest(cookie, _token(secret)):
        st.session_state[KEY] = cookie  # a refresh: the cookie says so
        return True
    return False


def _unlock() -> None:
    secret, given = password(), st.session_state.get("teacher_password", "")
    st.session_state["teacher_password"] = ""  # never kept in the session
    if secret and st.session_state.get(KEY) == _token(secret):
        return  # Enter in the field unlocked it already; this is the button's click in the same run
    if secret and hmac.compare_digest(given.encode(), secret.encode()):
        st.session_state[KEY] = _token(secret)
        st.session_state["teacher_wrong"] = False
    else:
        time.sleep(WRONG_WAIT_S)
        st.session_state["teacher_wrong"] = True


def _lock() -> None:
    st.session_state[KEY] = ""  # (not removed: the cookie this session started with would unlock it again)


def keep_cookie() -> None:
    """A refresh keeps the teacher a teacher for a school day; locked in this session, the browser
    forgets it too."""
    if unlocked():
        cookies.keep(COOKIE, st.session_state[KEY], max_age_s=12 * 3600, same_site="Strict")
    elif st.session_state.get(KEY) == "":
        cookies.keep(COOKIE, "", max_age_s=0, same_site="Strict")


def panel() -> bool:
    """The sidebar's teacher section: unlock, or say teacher mode is on. True when unlocked."""
    secret, teacher = password(), unlocked()
    with st.expander(t("teacher"), icon=":material/school:", expanded=False):
        if not secret:
            st.caption(t("teacher_off", env=ENV))
            return False
        if teacher:
            st.success(t("teacher_on"), icon=":material/school:")
            st.button(t("teacher_lock"), key="teacher_lock", on_click=_lock, width="stretch")
            return True
        st.text_input(t("teacher_password"), type="password", key="teacher_password", on_change=_unlock)
        st.button(t("teacher_unlock"), key="teacher_unlock", on_click=_unlock, width="stretch")
        if st.session_state.get("teacher_wrong"):
            st.error(t("teacher_wrong"))
    return False
