"""Lesson: the 45-minute path through the pages, step by step, for the teacher's projector."""

import streamlit as st

from explorer.ui.lesson.view import lesson_ui
from explorer.ui.text import t

st.title(t("lesson_title"))
lesson_ui()
