"""The Train page's run: its controls and its live view (the settings are in settings.py).

The run is a `TrainJob` on the server's job board (explorer/ui/jobs.py): its id is kept in this
session and in the page's URL (?run=…), so page switches, a refresh and a reopened tab all find
it again, and a link shows it to anyone (only its owner's browser controls it). The live view is
two fragments that poll the job's snapshot while it is active, and ask for one full rerun when
what the controls or the downloads depend on changes (a pause, the checkpoint, the end).

Session-state keys of this page: RUN_KEY (the job's id), DRAWN_KEY (what the last full run drew
the controls and downloads for), START_ERROR_KEY (why Start failed), VIEW_KEY (the Timeline:
which epoch is shown), and the widgets' own "train_*" keys.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import streamlit as st

from explorer.formats.export import grids_gif, series_csv
from explorer.gan.diagnostics import diagnose
from explorer.gan.job import TrainJob, TrainSnapshot
from explorer.jobs import QUEUED, RUNNING, STARTING
from explorer.jobs.board import JobError
from explorer.ui import classroom, jobs, loaders
from explorer.ui.text import number, percent, said, t
from explorer.ui.train import charts
from explorer.ui.train.settings import Setup

RUN_KEY, RUN_PARAM = "train_job", "run"
DRAWN_KEY, START_ERROR_KEY, VIEW_KEY = "train_drawn", "train_start_error", "train_view"
PLAYBACK_KEY, PLAYBACK_PARAM = "train_playback", "replay"  # a recorded run being played (recordings.py)
PICTURES_FRAGMENT, CHARTS_FRAGMENT = "train_pictures_view", "train_charts_view"
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
    return jobs.attach(TrainJob.kind, RUN_KEY, RUN_PARAM)


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
    run(TrainJob(setup.cfg, source, loaders.device(), demo=demo))


def run(job: TrainJob) -> None:
    """Show `job` in place of this page's run (and of a recording being played)."""
    st.session_state.pop(START_ERROR_KEY, None)
    old = current_job()
    try:
        jobs.submit(job)
    except JobError as error:  # a full disk: say so, and keep the current run as it is
        st.session_state[START_ERROR_KEY] = t("start_failed", error=error)
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
        render_pictures(snap)
        if _drawn_for(snap) != st.session_state.get(DRAWN_KEY):
            st.rerun()

    @st.fragment(run_every=chart_poll_s if polling else None, key=CHARTS_FRAGMENT)
    def live_charts() -> None:
        render_charts(job.snapshot())

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
    words = [t(f"fix_{fix}") for fix in fixes]
    if not words:
        return ""
    listed = words[0] if len(words) == 1 else f"{', '.join(words[:-1])} {t('fix_or')} {words[-1]}"
    return t("fix_try", fixes=listed)


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


@dataclass
class Timeline:
    """Which epoch's grid the page shows: the latest (following), or one picked with the slider or
    by clicking a dot of the loss chart. Plain session state, and the slider and toggle are drawn
    from it without keys: a click handled in one fragment and a poll of the other then cannot
    overwrite each other with a browser's stale widget values."""

    job_id: str | None = None  # the run it is of
    follow: bool = True
    epoch: int = 0


def timeline() -> Timeline:
    """The Timeline of this session's view of its run (another run starts following)."""
    job_id = st.session_state.get(RUN_KEY)
    kept: Timeline | None = st.session_state.get(VIEW_KEY)
    if kept is None or kept.job_id != job_id:
        kept = st.session_state[VIEW_KEY] = Timeline(job_id)
    return kept


def render_pictures(snap: TrainSnapshot) -> None:
    if not snap.grids:
        return
    latest = snap.grids[-1][0]
    view = timeline()
    view.epoch = latest if view.follow else min(view.epoch, latest)
    pictures(snap, view.epoch)
    if latest > 0:
        # The keys carry the state they show: a change (handled in the callback, before this
        # runs) rebuilds the widget under a new key, and a browser's stale value (a poll sent
        # before a click's answer came back) then names a widget that no longer exists, so it
        # cannot undo the click.
        st.slider(
            t("timeline"),
            0,
            _timeline_end(latest, snap.total_epochs),
            view.epoch,
            key=f"train_timeline_{view.epoch}",
            on_change=_pick_epoch,
            args=(view.epoch, latest),
        )
        st.toggle(
            t("follow"), view.follow, key=f"train_follow_{view.follow}", on_change=_toggle_follow, args=(view.follow,)
        )


def pictures(snap: TrainSnapshot, epoch: int) -> None:
    """The generated grid nearest `epoch`, the real pictures, and a VAE's reconstructions."""
    if not snap.grids:
        return
    latest = snap.grids[-1][0]
    left, right = st.columns(2)
    with left:
        st.markdown(f"**{t('generated')}**")
        shown, png = min(snap.grids, key=lambda g: (abs(g[0] - epoch), -g[0]))
        st.image(png, output_format="PNG", caption=t("epoch_n", n=shown), width="stretch")
    with right:
        st.markdown(f"**{t('real')}**")
        if snap.real_grid:
            st.image(snap.real_grid, output_format="PNG", width="stretch")
        if snap.reconstruction:
            st.markdown(f"**{t('reconstructed')}**")
            st.image(snap.reconstruction, output_format="PNG", caption=t("epoch_n", n=latest), width="stretch")


def _timeline_end(latest: int, total: int) -> int:
    """The slider's right end: the next of 1, 2, 5, 10, 20, 50… epochs past the latest (at most
    the run's length). A widget is rebuilt whenever its range changes, which would drop a drag in
    progress; this way the range changes a few times per run, not after every epoch."""
    end = 1
    while end < latest:
        end = end * 5 // 2 if str(end).startswith("2") else end * 2
    return max(min(end, total), latest)


def render_charts(
    snap: TrainSnapshot, epoch: int | None = None, *, key: str = "train_loss_chart", on_click=None
) -> None:
    """The loss, D(x) and judge charts, marked at `epoch` (default: the timeline's); a click on an
    epoch's dot of the loss chart calls `on_click` (default: moves the timeline there)."""
    s = snap.series
    if not s["step"]:
        return
    marker = (timeline().epoch if epoch is None else epoch) * snap.steps_per_epoch
    # While training, a chart is redrawn every few seconds, too often to hover or zoom: static
    # plots cost the browser less; once paused or ended the charts become interactive. The loss
    # chart stays clickable throughout: its per-epoch dots move the timeline.
    running = snap.state == RUNNING
    static = {"displayModeBar": False, "staticPlot": running}
    gan = "d_loss" in s
    title = t("losses_chart") if gan else t("vae_losses_chart")
    st.markdown(f"**{title}** :gray[· {t('click_hint')}]" if snap.epochs else f"**{title}**")
    keys = ("d_loss", "g_loss") if gan else ("recon", "kl")
    losses = charts.step_figure(s["step"], {key: s[key] for key in keys}, marker, None, hover=False)
    charts.add_epoch_means(losses, snap.epochs, snap.steps_per_epoch, keys)
    st.plotly_chart(
        losses,
        width="stretch",
        config={"displayModeBar": False},
        key=key,
        on_select=on_click or _jump_to_clicked_epoch,
        selection_mode="points",
    )
    if gan:
        st.markdown(f"**{t('dx_chart')}**")
        st.plotly_chart(
            charts.step_figure(s["step"], {"d_real": s["d_real"], "d_fake": s["d_fake"]}, marker, (0, 1)),
            width="stretch",
            config=static,
        )
    scored = [e for e in snap.epochs if "quality" in e]
    if scored:
        st.markdown(f"**{t('quality_chart')}**")
        st.plotly_chart(charts.quality_figure(scored), width="stretch", config=static)


def _jump_to_clicked_epoch() -> None:
    """on_select of the loss chart: a clicked epoch dot moves the timeline there (and stops following)."""
    epoch = clicked_epoch("train_loss_chart")
    if epoch is not None:
        view = timeline()
        view.epoch, view.follow = epoch, False
        _redraw_views()


def clicked_epoch(key: str) -> int | None:
    """The epoch of the dot clicked on the loss chart drawn under `key`, if one was."""
    points = st.session_state[key].selection.points
    epochs = [p["customdata"] for p in points if p.get("customdata") is not None]
    return int(epochs[0] if not isinstance(epochs[0], list) else epochs[0][0]) if epochs else None


def _pick_epoch(drawn: int, latest: int) -> None:
    """The timeline slider drawn at epoch `drawn` moved. A browser still reports widgets that a
    later poll replaced (their callbacks fire again): only the widget of the current state counts."""
    view = timeline()
    picked = st.session_state.get(f"train_timeline_{drawn}", drawn)
    if drawn == view.epoch and picked != drawn:
        view.epoch, view.follow = min(picked, latest), False
        _redraw_views()


def _toggle_follow(drawn: bool) -> None:
    view = timeline()
    if drawn == view.follow and st.session_state.get(f"train_follow_{drawn}", drawn) != drawn:
        view.follow = not view.follow
        _redraw_views()


def _redraw_views() -> None:
    """A timeline change redraws both live views (the grid, and the charts' epoch marker), not the page."""
    st.rerun([PICTURES_FRAGMENT, CHARTS_FRAGMENT])


def exports(job: TrainJob) -> None:
    """Downloads, drawn on full reruns only (after Pause/Stop or the run's end), not every poll. The
    data is passed eagerly: with a callable (deferred) the download never reached headless Chromium."""
    snap = job.snapshot()
    st.subheader(t("exports"))
    if snap.state in (RUNNING, STARTING, QUEUED) or not snap.grids:
        st.caption(t("exports_when"))
        return
    gif, table, ckpt, settings = st.columns(4)
    gif.download_button(
        t("gif"),
        grids_gif([png for _, png in snap.grids]),
        "training.gif",
        "image/gif",
        icon=":material/animated_images:",
        key="train_dl_gif",
        width="stretch",
    )
    table.download_button(
        t("csv"),
        series_csv(snap.series),
        "losses.csv",
        "text/csv",
        icon=":material/table:",
        key="train_dl_csv",
        width="stretch",
    )
    saved = job.read_file(snap.checkpoint) if snap.checkpoint else None
    if saved is not None:
        ckpt.download_button(
            t("ckpt"),
            saved,
            "checkpoint.pt",
            "application/octet-stream",
            icon=":material/save:",
            key="train_dl_ckpt",
            width="stretch",
        )
    elif snap.checkpoint_error:
        ckpt.warning(snap.checkpoint_error)
    settings.download_button(
        t("config_json"),
        job.cfg.to_json(),
        "config.json",
        "application/json",
        icon=":material/tune:",
        key="train_dl_config",
        width="stretch",
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
                r"\mathcal{L} = \underbrace{-\log p\bigl(x \mid z\bigr)}_{\text{reconstruction}}"
                r" + \underbrace{\mathrm{KL}\bigl(q(z \mid x)\,\|\,\mathcal{N}(0, I)\bigr)}_{\text{KL}}"
            )
            return
        st.markdown(t("explain_body"))
        st.latex(r"\mathcal{L}_D = -\log D(x) - \log\bigl(1 - D(G(z))\bigr) \qquad \mathcal{L}_G = -\log D(G(z))")
