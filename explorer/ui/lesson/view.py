"""The Lesson page: the 45-minute path through the app as numbered steps (explorer/ui/lesson/steps.py),
one on the screen at a time, big enough for a projector; the step is in the URL (?step=3), so a
reload or a link keeps the place."""

from __future__ import annotations

import streamlit as st

from explorer.ui.lesson.steps import STEPS
from explorer.ui.text import lang, t

STEP_KEY = "lesson_step"


def lesson_ui() -> None:
    total = sum(step.minutes for step in STEPS)
    st.caption(t("lesson_intro", steps=len(STEPS), minutes=total))
    number = _current()
    steps, here = st.columns([1, 3], gap="large")
    with steps:  # the whole path, the current step chosen (long titles wrap: nothing is cut)
        st.radio(
            t("lesson_path"),
            range(1, len(STEPS) + 1),
            key=STEP_KEY,
            label_visibility="collapsed",
            format_func=lambda i: f"{i}. {STEPS[i - 1].say('title', lang())}",
        )
    step = STEPS[number - 1]
    with here, st.container(border=True):
        st.subheader(t("lesson_step", n=number, total=len(STEPS), title=step.say("title", lang())))
        st.caption(t("lesson_minutes", minutes=step.minutes))
        st.markdown(f"**{t('lesson_do')}** {step.say('do', lang())}")
        st.page_link(f"../{step.page}", label=t("lesson_open"), icon=":material/open_in_new:")
        st.markdown(f"**{t('lesson_notice')}** {step.say('notice', lang())}")
        st.info(f"**{t('lesson_ask')}** {step.say('ask', lang())}", icon=":material/forum:")
        back, forward = st.columns(2)
        back.button(
            t("lesson_back"),
            key="lesson_back",
            on_click=_go,
            args=(number - 1,),
            disabled=number == 1,
            icon=":material/arrow_back:",
            width="stretch",
        )
        forward.button(
            t("lesson_next"),
            key="lesson_next",
            on_click=_go,
            args=(number + 1,),
            disabled=number == len(STEPS),
            icon=":material/arrow_forward:",
            type="primary",
            width="stretch",
        )


def _current() -> int:
    """The step on the screen: this session's, else the link's (?step=), else the first."""
    if STEP_KEY not in st.session_state:
        try:
            st.session_state[STEP_KEY] = int(st.query_params.get("step", 1))
        except ValueError:
            st.session_state[STEP_KEY] = 1
    number = st.session_state[STEP_KEY] = min(max(int(st.session_state[STEP_KEY]), 1), len(STEPS))
    st.query_params["step"] = str(number)
    return number


def _go(number: int) -> None:
    st.session_state[STEP_KEY] = min(max(number, 1), len(STEPS))
