"""The Train page's pieces: settings widgets, run controls and the live view of a `LiveRun`.

The session's run lives in `st.session_state[RUN_KEY]` (it survives reruns and page switches);
the process-wide `registry()` owns every run's worker. The live view is two fragments that poll
the run's snapshot while it is active, and ask for one full rerun when it ends.

Session-state keys of this page: RUN_KEY (the LiveRun), PICTURES_KEY (the uploaded pictures, read
once per upload), START_ERROR_KEY (why Start failed), VIEW_KEY (the Timeline: which epoch is
shown), and the widgets' own "train_*" keys.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import streamlit as st

from explorer.data.pictures import EXTENSIONS, SIZES, UPLOAD_MB, PicturesError, PictureSet, read_pictures
from explorer.formats.export import grids_gif, series_csv
from explorer.gan.config import DEFAULT_PRESET, IMAGE_DATASETS, PRESETS, TrainConfig
from explorer.gan.diagnostics import diagnose
from explorer.gan.live import ACTIVE, LiveRun, RunRegistry, Snapshot
from explorer.ui import loaders
from explorer.ui.text import t
from explorer.ui.train import charts

RUN_KEY, PICTURES_KEY, START_ERROR_KEY, VIEW_KEY = "train_run", "train_pictures", "train_start_error", "train_view"
PICTURES_FRAGMENT, CHARTS_FRAGMENT = "train_pictures_view", "train_charts_view"
# How often the live view redraws. On a small CPU every redraw (mostly the browser's) takes time
# from the trainer: refreshing every 3 s / 6 s keeps the page at 83% of the CLI's speed on 2 cores
# (bench/ui_throughput.py), where every 2 s / 4 s gave 75%. A GPU or a many-core machine redraws freely.
SLOW_POLL_S, SLOW_CHART_POLL_S = 3.0, 6.0
FAST_POLL_S, FAST_CHART_POLL_S = 1.0, 2.0
LR_OPTIONS = [1e-5, 2e-5, 5e-5, 1e-4, 2e-4, 5e-4, 1e-3, 2e-3, 5e-3]


@st.cache_resource(show_spinner=False)
def registry() -> RunRegistry:
    """One per process: on a CPU one run trains at a time (two would only share the cores)."""
    return RunRegistry(max_active=2 if loaders.device().type == "cuda" else 1)


@st.cache_resource(show_spinner=False)
def runs_folder() -> Path:
    """One temporary folder per server process for the runs' checkpoints and uploaded pictures;
    a replaced or reset run's folder is deleted at once (LiveRun.discard), the rest at exit."""
    folder = Path(tempfile.mkdtemp(prefix="gan-explorer-runs-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


def current_run() -> LiveRun | None:
    return st.session_state.get(RUN_KEY)


# --- settings --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Setup:
    """What Start trains: the config, and the uploaded pictures when the dataset is "pictures"."""

    cfg: TrainConfig
    pictures: PictureSet | None = None


def settings_ui() -> Setup | None:
    """The sidebar form; returns the setup, or None (with the reason shown) when it cannot train."""
    st.subheader(t("settings"))
    dataset = st.radio(t("dataset"), IMAGE_DATASETS, format_func=lambda d: t(f"ds_{d}"), key="train_dataset")
    pictures, size = pictures_ui() if dataset == "pictures" else (None, SIZES[-1])
    # your own pictures train with the convolutional presets only (the slides' face GAN is one)
    names = [n for n, p in PRESETS.items() if dataset != "pictures" or p.config.arch == "dcgan"]
    name = st.selectbox(t("preset"), names, index=names.index(DEFAULT_PRESET), format_func=_preset_title,
                        key="train_preset" if dataset != "pictures" else "train_preset_pictures")
    base = PRESETS[name].config
    st.caption(t(f"preset_{name}"))
    k = f"train_{name}_"  # widgets keyed per preset: choosing a preset brings back its own numbers
    epochs = st.number_input(t("epochs"), 1, 2000, base.epochs, key=k + "epochs")
    with st.expander(t("hyper")):
        lr_d = st.select_slider(t("lr_d"), LR_OPTIONS, _nearest(base.lr_d), format_func="{:.0e}".format,
                                help=t("lr_d_help"), key=k + "lr_d")
        lr_g = st.select_slider(t("lr_g"), LR_OPTIONS, _nearest(base.lr_g), format_func="{:.0e}".format,
                                help=t("lr_g_help"), key=k + "lr_g")
        beta1 = st.slider(t("beta1"), 0.0, 0.95, base.beta1_d, 0.05, help=t("beta1_help"), key=k + "beta1")
        batch = st.select_slider(t("batch"), [16, 32, 64, 128, 256], base.batch_size, help=t("batch_help"),
                                 key=k + "batch")
        latent = st.select_slider(t("latent"), [2, 8, 16, 32, 64, 100, 128], base.latent_dim,
                                  help=t("latent_help"), key=k + "latent")
        real_label = st.slider(t("smooth"), 0.7, 1.0, base.real_label, 0.05, help=t("smooth_help"), key=k + "smooth")
        half = st.checkbox(t("half"), base.half_batch_d, help=t("half_help"), key=k + "half")
        d_steps = st.slider(t("d_steps"), 1, 5, base.d_steps, help=t("d_steps_help"), key=k + "d_steps")
        skip_d = st.slider(t("skip_d"), 0.0, 1.5, base.d_skip_below, 0.05, help=t("skip_d_help"), key=k + "skip")
    try:
        cfg = base.replace(epochs=int(epochs), lr_d=lr_d, lr_g=lr_g, beta1_d=beta1, beta1_g=beta1,
                           batch_size=batch, latent_dim=latent, real_label=real_label, half_batch_d=half,
                           d_steps=d_steps, d_skip_below=skip_d).for_data(dataset, size)
    except ValueError as error:
        st.error(str(error))
        return None
    if dataset == "pictures":
        if pictures is None:
            return None
        if len(pictures) < cfg.d_batch:
            st.error(t("too_few_for_batch", n=len(pictures), batch=cfg.d_batch))
            return None
    return Setup(cfg, pictures)


def _preset_title(name: str) -> str:
    return t(f"preset_title_{name}")


def pictures_ui() -> tuple[PictureSet | None, int]:
    """The upload (a zip, or picture files) and the training size. The files are read once per
    upload and size (kept in the session), with a progress bar; the summary says what was skipped."""
    files = st.file_uploader(t("upload"), type=["zip", *EXTENSIONS], accept_multiple_files=True,
                             max_upload_size=UPLOAD_MB, help=t("upload_help"), key="train_upload")
    size = st.radio(t("picture_size"), SIZES, index=len(SIZES) - 1, format_func=lambda s: f"{s}×{s} px",
                    horizontal=True, key="train_picture_size")
    if not files:
        st.info(t("upload_first"))
        return None, size
    wanted = (tuple(f.file_id for f in files), size)
    kept = st.session_state.get(PICTURES_KEY)
    if kept is None or kept[0] != wanted:
        bar = st.progress(0.0, text=t("reading"))
        try:
            result = read_pictures([(f.name, f.getvalue()) for f in files], size,
                                   on_progress=lambda fraction, message: bar.progress(fraction, text=message))
        except PicturesError as error:
            result = str(error)
        bar.empty()
        kept = st.session_state[PICTURES_KEY] = (wanted, result)
    result = kept[1]
    if isinstance(result, str):
        st.error(result)
        return None, size
    (st.warning if result.skipped else st.success)(result.summary())
    return result, size


def _nearest(lr: float) -> float:
    return min(LR_OPTIONS, key=lambda o: abs(np.log(o) - np.log(lr)))


# --- controls ------------------------------------------------------------------------------
def _start(setup: Setup) -> None:
    st.session_state.pop(START_ERROR_KEY, None)
    folder = runs_folder() / uuid.uuid4().hex  # the worker saves its checkpoint here
    source: str | Path = setup.cfg.dataset
    try:
        folder.mkdir()
        if setup.pictures is not None:  # the worker reads them from disk, not through a pipe
            source = folder / "pictures.npz"
            setup.pictures.save(source)
    except OSError as error:  # a full disk: say so, and keep the current run as it is
        shutil.rmtree(folder, ignore_errors=True)
        st.session_state[START_ERROR_KEY] = t("start_failed", error=error)
        return
    _reset()
    run = LiveRun(setup.cfg, source, loaders.device(), checkpoint_path=str(folder / "checkpoint.pt"),
                  workdir=folder)
    st.session_state[RUN_KEY] = run
    st.session_state[VIEW_KEY] = Timeline()
    registry().submit(run)


def _reset() -> None:
    run = st.session_state.pop(RUN_KEY, None)
    if run is not None:
        run.discard()


def controls_ui(setup: Setup | None) -> None:
    run = current_run()
    state = run.state if run else None
    start, pause, stop, reset = st.columns(4)
    start.button(t("start"), type="primary", icon=":material/play_arrow:", on_click=_start, args=(setup,),
                 disabled=setup is None, key="train_start", width="stretch")
    if state == "paused":
        pause.button(t("resume"), icon=":material/resume:", on_click=run.resume, key="train_resume", width="stretch")
    else:
        pause.button(t("pause"), icon=":material/pause:", on_click=run.pause if run else None,
                     disabled=state not in ("running", "loading", "queued"), key="train_pause", width="stretch")
    stop.button(t("stop"), icon=":material/stop:", on_click=run.stop if run else None,
                disabled=state not in ACTIVE, key="train_stop", width="stretch")
    reset.button(t("reset"), icon=":material/restart_alt:", on_click=_reset, disabled=run is None,
                 key="train_reset", width="stretch")
    if START_ERROR_KEY in st.session_state:
        st.error(st.session_state[START_ERROR_KEY])


# --- the live view ----------------------------------------------------------------------
def live_view() -> None:
    run = current_run()
    if run is None:
        st.info(t("no_run"))
        return
    polling = run.state in ACTIVE
    # The downloads are drawn on full runs only; a poll that finds them stale (the checkpoint is
    # written a moment after a pause) asks for one full run. Recorded before the fragments run.
    st.session_state["train_exports_drawn"] = _exports_key(run.snapshot())
    fast = run.device.type != "cpu" or (os.cpu_count() or 1) >= 8
    poll_s, chart_poll_s = (FAST_POLL_S, FAST_CHART_POLL_S) if fast else (SLOW_POLL_S, SLOW_CHART_POLL_S)

    # Two fragments: the progress line and the grid are cheap to redraw; the charts are not, and
    # every redraw takes CPU from the trainer on a 2-core laptop, so they refresh half as often.
    @st.fragment(run_every=poll_s if polling else None, key=PICTURES_FRAGMENT)
    def status_and_pictures() -> None:
        registry().heartbeat(run)
        snap = run.snapshot()
        render_status(snap, run)
        for alert in diagnose(snap.series, snap.epochs):
            st.warning(t(alert.kind, detail=alert.detail), icon=":material/warning:")
        render_pictures(snap)
        if polling and not snap.active or snap.state == "paused" and _exports_key(snap) != _drawn_exports():
            st.rerun()  # once: the buttons, the polling and the downloads follow the run's end or pause

    @st.fragment(run_every=chart_poll_s if polling else None, key=CHARTS_FRAGMENT)
    def live_charts() -> None:
        render_charts(run.snapshot())

    pictures, plots = st.columns([1, 1], gap="large")  # one projector screen: grids left, charts right
    with pictures:
        status_and_pictures()
    with plots:
        live_charts()
    exports(run)


def render_status(snap: Snapshot, run: LiveRun) -> None:
    done = snap.step / (snap.total_epochs * snap.steps_per_epoch) if snap.steps_per_epoch else 0.0
    eta = "—" if snap.eta_s is None else _duration(snap.eta_s)
    st.progress(min(done, 1.0), text=t("progress", epoch=snap.epoch, total=snap.total_epochs, step=snap.step,
                                          rate=snap.images_per_s, device=snap.device, eta=eta))
    if snap.state == "failed":
        st.error(snap.message)
    elif snap.state == "queued":
        st.warning(t("queued", n=registry().position(run)))
    elif snap.state == "loading":
        st.caption(snap.message or t("loading"))
    else:
        note = {"paused": t("paused"), "stopped": t("stopped"), "finished": t("finished")}.get(snap.state, "")
        st.caption(f"{note} {snap.message}".strip())


@dataclass
class Timeline:
    """Which epoch's grid the page shows: the latest (following), or one picked with the slider or
    by clicking a dot of the loss chart. Plain session state, and the slider and toggle are drawn
    from it without keys: a click handled in one fragment and a poll of the other then cannot
    overwrite each other with a browser's stale widget values."""

    follow: bool = True
    epoch: int = 0


def timeline() -> Timeline:
    return st.session_state.setdefault(VIEW_KEY, Timeline())


def render_pictures(snap: Snapshot) -> None:
    if not snap.grids:
        return
    latest = snap.grids[-1][0]
    view = timeline()
    view.epoch = latest if view.follow else min(view.epoch, latest)
    left, right = st.columns(2)
    with left:
        st.markdown(f"**{t('generated')}**")
        shown, png = min(snap.grids, key=lambda g: abs(g[0] - view.epoch))
        st.image(png, output_format="PNG", caption=t("epoch_n", n=shown), width="stretch")
    with right:
        st.markdown(f"**{t('real')}**")
        if snap.real_grid:
            st.image(snap.real_grid, output_format="PNG", width="stretch")
    if latest > 0:
        # The keys carry the state they show: a change (handled in the callback, before this
        # runs) rebuilds the widget under a new key, and a browser's stale value (a poll sent
        # before a click's answer came back) then names a widget that no longer exists, so it
        # cannot undo the click.
        st.slider(t("timeline"), 0, _timeline_end(latest, snap.total_epochs), view.epoch,
                  key=f"train_timeline_{view.epoch}", on_change=_pick_epoch, args=(view.epoch, latest))
        st.toggle(t("follow"), view.follow, key=f"train_follow_{view.follow}", on_change=_toggle_follow,
                  args=(view.follow,))


def _timeline_end(latest: int, total: int) -> int:
    """The slider's right end: the next of 1, 2, 5, 10, 20, 50… epochs past the latest (at most
    the run's length). A widget is rebuilt whenever its range changes, which would drop a drag in
    progress; this way the range changes a few times per run, not after every epoch."""
    end = 1
    while end < latest:
        end = end * 5 // 2 if str(end).startswith("2") else end * 2
    return max(min(end, total), latest)


def render_charts(snap: Snapshot) -> None:
    s = snap.series
    if not s["step"]:
        return
    marker = timeline().epoch * snap.steps_per_epoch
    # While training, a chart is redrawn every few seconds, too often to hover or zoom: static
    # plots cost the browser less; once paused or ended the charts become interactive. The loss
    # chart stays clickable throughout: its per-epoch dots move the timeline.
    running = snap.state == "running"
    static = {"displayModeBar": False, "staticPlot": running}
    st.markdown(f"**{t('losses_chart')}** :gray[· {t('click_hint')}]" if snap.epochs else f"**{t('losses_chart')}**")
    losses = charts.step_figure(s["step"], {"D loss": s["d_loss"], "G loss": s["g_loss"]}, marker, None, hover=False)
    charts.add_epoch_means(losses, snap.epochs, snap.steps_per_epoch)
    st.plotly_chart(losses, width="stretch", config={"displayModeBar": False}, key="train_loss_chart",
                    on_select=_jump_to_clicked_epoch, selection_mode="points")
    st.markdown(f"**{t('dx_chart')}**")
    st.plotly_chart(charts.step_figure(s["step"], {"D(x)": s["d_real"], "D(G(z))": s["d_fake"]}, marker, (0, 1)),
                    width="stretch", config=static)
    scored = [e for e in snap.epochs if "quality" in e]
    if scored:
        st.markdown(f"**{t('quality_chart')}**")
        st.plotly_chart(charts.quality_figure(scored), width="stretch", config=static)


def _jump_to_clicked_epoch() -> None:
    """on_select of the loss chart: a clicked epoch dot moves the timeline there (and stops following)."""
    points = st.session_state["train_loss_chart"].selection.points
    epochs = [p["customdata"] for p in points if p.get("customdata") is not None]
    if epochs:
        view = timeline()
        view.epoch, view.follow = int(epochs[0] if not isinstance(epochs[0], list) else epochs[0][0]), False
        _redraw_views()


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


def exports(run: LiveRun) -> None:
    """Downloads, drawn on full reruns only (after Pause/Stop or the run's end), not every poll. The
    data is passed eagerly: with a callable (deferred) the download never reached headless Chromium."""
    snap = run.snapshot()
    st.subheader(t("exports"))
    if snap.state in ("running", "loading", "queued") or not snap.grids:
        st.caption(t("exports_when"))
        return
    gif, table, ckpt, settings = st.columns(4)
    gif.download_button(t("gif"), grids_gif([png for _, png in snap.grids]), "training.gif", "image/gif",
                        icon=":material/animated_images:", key="train_dl_gif", width="stretch")
    table.download_button(t("csv"), series_csv(snap.series), "losses.csv", "text/csv",
                          icon=":material/table:", key="train_dl_csv", width="stretch")
    if snap.checkpoint and Path(snap.checkpoint).is_file():
        ckpt.download_button(t("ckpt"), Path(snap.checkpoint).read_bytes(), "checkpoint.pt",
                             "application/octet-stream", icon=":material/save:", key="train_dl_ckpt", width="stretch")
    elif snap.checkpoint_error:
        ckpt.warning(snap.checkpoint_error)
    settings.download_button(t("config_json"), run.cfg.to_json(), "config.json", "application/json",
                             icon=":material/tune:", key="train_dl_config", width="stretch")


def _exports_key(snap: Snapshot) -> tuple:
    """What the downloads depend on: the checkpoint the worker writes a moment after a pause."""
    return snap.state, snap.checkpoint, snap.checkpoint_error


def _drawn_exports() -> tuple | None:
    return st.session_state.get("train_exports_drawn")


def _duration(seconds: float) -> str:
    seconds = int(round(seconds))
    if seconds < 60:
        return f"{seconds} s"
    if seconds < 3600:
        return f"{seconds // 60} min {seconds % 60:02d} s"
    return f"{seconds // 3600} h {seconds % 3600 // 60:02d} min"


def explanation() -> None:
    with st.expander(t("explain")):
        st.markdown(t("explain_body"))
        st.latex(r"\mathcal{L}_D = -\log D(x) - \log\bigl(1 - D(G(z))\bigr) \qquad \mathcal{L}_G = -\log D(G(z))")
