"""The Train page's training problems (explorer/gan/problems.py): one click starts a run that
provokes one, and while it is shown, a note says what to watch and offers the notes' fix."""

from __future__ import annotations

import streamlit as st

from explorer.gan.job import TrainJob
from explorer.gan.problems import PROBLEMS, Problem
from explorer.ui import jobs
from explorer.ui.text import lang, t
from explorer.ui.train.settings import Setup
from explorer.ui.train.view import _start, has_work


def problems_ui(job: TrainJob | None, *, expanded: bool = True) -> None:
    """One button per problem, in an expander under the controls (open until there is something to watch)."""
    with st.expander(t("problems"), icon=":material/science:", expanded=expanded and job is None):
        st.caption(t("problems_intro"))
        work = has_work(job)
        for column, problem in zip(st.columns(len(PROBLEMS), gap="medium"), PROBLEMS.values()):
            column.markdown(f"**{problem.say('title', lang())}**")
            question = f"train_demo_{problem.name}"
            column.button(
                t("problem_show"),
                key=f"train_problem_{problem.name}",
                icon=":material/play_arrow:",
                on_click=jobs.ask if work else _show,
                args=(question,) if work else (problem,),
            )
            column.caption(problem.say("shows", lang()))
            if work:
                snap = job.snapshot()
                jobs.ask_first(
                    question,
                    t("ask_run_body", epoch=snap.epoch, step=snap.step),
                    t("ask_new_run"),
                    lambda problem=problem: _show(problem),
                )


def demo_note(job: TrainJob | None) -> None:
    """Above the run's live view, when it shows a problem: what to watch, and the fix to try."""
    problem = PROBLEMS.get(job.demo) if job is not None else None
    if problem is None:
        return
    fixing = problem.fixed is not None and job.cfg == problem.fixed
    with st.container(border=True, key="train_demo_note"):
        st.markdown(f"**{t('problem_fixed' if fixing else 'problem_shown', title=problem.say('title', lang()))}**")
        st.markdown(f"{t('problem_watch')} {problem.say('watch', lang())}")
        st.markdown(problem.say("fix", lang()))
        if problem.fixed is not None and not fixing and jobs.mine(job):
            st.button(
                t("problem_fix"),
                key="train_problem_fix",
                icon=":material/build:",
                type="primary",
                on_click=_start,
                args=(Setup(problem.fixed), problem.name),
            )


def _show(problem: Problem) -> None:
    _start(Setup(problem.config), problem.name)
