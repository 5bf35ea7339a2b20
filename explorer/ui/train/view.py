"""The Train page's run: its controls and its live view (the settings are in settings.py).

The run is a `TrainJob` on the server's job board (explorer/ui/jobs.py): its id is kept in this
session and in the page's URL (?run=…), so page switches, a refresh and a reopened tab all find
it again, and a link shows it to anyone (only its owner's browser controls it). The live view is
two fragments that poll the job's snapshot while it is active, and ask for one full rerun when
what the controls or the downloads depend on changes (a pause, the checkpoint, the end).

The Timeline (which epoch the grid and the charts show) is in timeline.py, the downloads in
exports.py, and what the page keeps between runs of its script in keys.py.
"""

from __future__ import annotations

import os

import streamlit as st

from explorer import i18n
from explorer.gan.diagnostics import diagnose
from explorer.gan.job import TrainJob, TrainSnapshot
from explorer.jobs.board import JobError
from explorer.ui import classroom, jobs
from explorer.ui.text import lang, number, percent, said, t, tr
from explorer.ui.train import timeline
from explorer.ui.train.exports import exports
from explorer.ui.train.keys import (
    CHARTS_FRAGMENT,
    DRAWN_KEY,
    PICTURES_FRAGMENT,
    PLAYBACK_KEY,
    PLAYBACK_PARAM,
    RUN_KEY,
    RUN_PARAM,
    START_ERROR_KEY,
)
from explorer.ui.train.settings import Setup
from explorer.ui.train.words import CURVES, FIXES

# How often the live view redraws. On a small CPU every redraw (mostly the browser's) takes time
# from the trainer: refreshing every 3 s / 6 s keeps the page at 83% of the CLI's speed on 2 cores
# (bench/ui_throughput.py), where every 2 s / 4 s gave 75%. A GPU or a many-core machine redraws freely.
SLOW_POLL_S, SLOW_CHART_POLL_S = 3.0, 6.0
FAST_POLL_S, FAST_CHART_POLL_S = 1.0, 2.0


def current_job() -> TrainJob | None:
    """The run this session shows (or this browser's latest), without touching the URL: for the
    Latent page, which explores its generator."""
    return jobs.find(TrainJob.kind, RUN_KEY)


def attach() -> TrainJob | None:
    """The run this page shows, its id kept in the session and the URL (full runs only)."""
    return jobs.attach(TrainJob.kind, RUN_KEY, RUN_PARAM, gone="jobs_link_gone_training")


# --- controls ------------------------------------------------------------------------------
def controls_ui(setup: Setup | None, job: TrainJob | None) -> None:
    mine = job is not None and jobs.mine(job)
    work = has_work(job)  # what Start and Reset would throw away
    start, pause, stop, reset = st.columns(4)
    start.button(
        t("new_run") if work else t("start"),
        type="secondary" if work else "primary",
        icon=":material/play_arrow:",
        on_click=_on_start,
        args=(setup, work),
        disabled=setup is None,
        key="train_start",
        width="stretch",
    )
    jobs.pause_and_stop(
        job, pause, stop, prefix="train", words={"pause": t("pause"), "resume": t("resume"), "stop": t("stop")}
    )
    reset.button(
        t("reset"),
        icon=":material/restart_alt:",
        on_click=jobs.ask if work else _reset,
        args=("train_reset",) if work else (),
        disabled=not mine,
        key="train_reset",
        width="stretch",
    )
    classroom.share_ui(job, "train", RUN_PARAM)
    if START_ERROR_KEY in st.session_state:
        st.error(st.session_state[START_ERROR_KEY])
    if work:
        snap = job.snapshot()
        body = t("ask_run_body", epoch=snap.epoch, step=snap.step)
        jobs.ask_first("train_new", body, t("ask_new_run"), lambda: _start(setup))
        jobs.ask_first("train_reset", body, t("ask_reset"), _reset)


def _on_start(setup: Setup, work: bool) -> None:
    if work:  # a run with work in it is being discussed: ask before throwing it away
        jobs.ask("train_new")
    else:
        _start(setup)


def has_work(job: TrainJob | None) -> bool:
    """Whether starting another run would throw away work of this browser's."""
    return job is not None and jobs.mine(job) and job.snapshot().step > 0


def _start(setup: Setup | None, demo: str = "") -> None:
    """Start `setup` (`demo`: the training problem it shows) in place of this page's run."""
    if setup is None:
        return
    source = setup.pictures.pictures() if setup.pictures is not None else setup.cfg.dataset
    if source is None:  # the reading's job and its files are gone (discarded, or the server restarted)
        st.session_state[START_ERROR_KEY] = t("pictures_gone")
        return
    run(TrainJob(setup.cfg, source, jobs.device(), demo=demo))


def run(job: TrainJob) -> None:
    """Show `job` in place of this page's run (and of a recording being played)."""
    st.session_state.pop(START_ERROR_KEY, None)
    old = current_job()
    try:
        jobs.submit(job)
    except JobError as error:  # a full disk: say so, and keep the current run as it is
        st.session_state[START_ERROR_KEY] = jobs.start_error(error, "start_failed")
        return
    jobs.discard(old)
    jobs.show(job, RUN_KEY, RUN_PARAM)
    stop_playback()


def stop_playback() -> None:
    """Leave a recorded run (explorer/ui/train/recordings.py): the page shows the live run again."""
    st.session_state.pop(PLAYBACK_KEY, None)
    if PLAYBACK_PARAM in st.query_params:
        del st.query_params[PLAYBACK_PARAM]


def _reset() -> None:
    jobs.discard(current_job())
    jobs.show(None, RUN_KEY, RUN_PARAM)


# --- the live view ----------------------------------------------------------------------
def live_view(job: TrainJob | None) -> None:
    if job is None:
        st.info(t("no_run"))
        return
    jobs.keep_alive(job)  # a paused or finished run on the screen is not abandoned
    jobs.watching_note(job)
    polling = job.active
    # Recorded before the fragments run: a poll that finds the run in another state (paused,
    # ended, its checkpoint written a moment after a pause) asks for one full run, so that the
    # buttons, the polling and the downloads follow it.
    st.session_state[DRAWN_KEY] = _drawn_for(job.snapshot())
    fast = job.device.type != "cpu" or (os.cpu_count() or 1) >= 8
    poll_s, chart_poll_s = (FAST_POLL_S, FAST_CHART_POLL_S) if fast else (SLOW_POLL_S, SLOW_CHART_POLL_S)

    # Two fragments: the progress line and the grid are cheap to redraw; the charts are not, and
    # every redraw takes CPU from the trainer on a 2-core laptop, so they refresh half as often.
    @st.fragment(run_every=poll_s if polling else None, key=PICTURES_FRAGMENT)
    def status_and_pictures() -> None:
        jobs.board().look(job)
        snap = job.snapshot()
        render_status(snap, job)
        render_alerts(snap, job.cfg)
        timeline.render_pictures(snap)
        if _drawn_for(snap) != st.session_state.get(DRAWN_KEY):
            st.rerun()

    @st.fragment(run_every=chart_poll_s if polling else None, key=CHARTS_FRAGMENT)
    def live_charts() -> None:
        timeline.render_charts(job.snapshot())

    pictures, plots = st.columns([1, 1], gap="large")  # one projector screen: grids left, charts right
    with pictures:
        status_and_pictures()
    with plots:
        live_charts()
    exports(job)


def render_alerts(snap: TrainSnapshot, cfg) -> None:
    """What the diagnostics see in the run so far, with the fixes its settings leave to try."""
    for alert in diagnose(snap.series, snap.epochs, cfg=cfg):
        st.warning(
            f"{t(alert.kind, detail=_detail(alert))} {_what_to_try(alert.fixes)}".strip(), icon=":material/warning:"
        )


def _detail(alert) -> str:
    """An alert's numbers written the page's way: "8 (61 %), 3 (39 %)" in Russian."""
    if not alert.shares:
        return alert.detail
    return ", ".join(f"{name} ({percent(share)})".strip() if name else percent(share) for name, share in alert.shares)


def _what_to_try(fixes: tuple[str, ...]) -> str:
    """ "Try a, b or c." in the page's language; "" when there is nothing left to try."""
    words = [tr(FIXES[fix]) for fix in fixes]
    return t("fix_try", fixes=i18n.listed(words, lang(), "or")) if words else ""


def _drawn_for(snap: TrainSnapshot) -> tuple:
    """What the controls and the downloads depend on."""
    return snap.state, snap.checkpoint, snap.checkpoint_error


def render_status(snap: TrainSnapshot, job: TrainJob) -> None:
    done = snap.step / (snap.total_epochs * snap.steps_per_epoch) if snap.steps_per_epoch else 0.0
    eta = "—" if snap.eta_s is None else duration(snap.eta_s)
    st.progress(
        min(done, 1.0),
        text=t(
            "progress",
            epoch=snap.epoch,
            total=snap.total_epochs,
            step=number(snap.step),
            rate=number(snap.images_per_s),
            device=said(snap.device),
            eta=eta,
        ),
    )
    jobs.state_note(
        job,
        snap.state,
        snap.message,
        starting=t("loading"),
        ended={"paused": t("paused"), "stopped": t("stopped"), "finished": t("finished")},
    )


def duration(seconds: float) -> str:
    seconds = int(round(seconds))
    if seconds < 60:
        return t("duration_s", s=seconds)
    if seconds < 3600:
        return t("duration_min", m=seconds // 60, s=seconds % 60)
    return t("duration_h", h=seconds // 3600, m=seconds % 3600 // 60)


def explanation(job: TrainJob | None) -> None:
    with st.expander(t("explain")):
        if job is not None and job.cfg.arch == "vae":
            st.markdown(t("explain_vae_body"))
            st.latex(
                r"\mathcal{L} = \underbrace{-\log p\bigl(x \mid z\bigr)}_{\text{" + tr(CURVES["recon"]) + "}}"
                r" + \underbrace{\mathrm{KL}\bigl(q(z \mid x)\,\|\,\mathcal{N}(0, I)\bigr)}_{\text{KL}}"
            )
            return
        st.markdown(t("explain_body"))
        st.latex(r"\mathcal{L}_D = -\log D(x) - \log\bigl(1 - D(G(z))\bigr) \qquad \mathcal{L}_G = -\log D(G(z))")
