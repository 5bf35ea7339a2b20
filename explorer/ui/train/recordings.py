"""The Train page's recorded runs (explorer/gan/recording.py): the lesson's slow recipes, trained
once to the end, played back at any speed, scrubbed, and continued live from a kept epoch.

Playing costs the server nothing but drawing: no job, one cached copy of each recording for every
session. Which recording, where and how fast is this session's `Playback`; the URL keeps
?replay=<recipe>, so a refresh comes back to it (at its start).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from explorer.data.datasets import OFFLINE_MNIST
from explorer.gan import recording
from explorer.gan.job import TrainJob
from explorer.gan.recording import Recording, RecordingError, shipped
from explorer.jobs import PAUSED, RUNNING
from explorer.ui import jobs
from explorer.ui.text import counted, device_words, model_title, recipe_title, said, t
from explorer.ui.train import timeline, view
from explorer.ui.train.keys import PLAYBACK_KEY, PLAYBACK_PARAM

PICTURES_FRAGMENT, CHARTS_FRAGMENT = "train_replay_pictures", "train_replay_charts"
TICK_S, CHART_TICK_S = 0.5, 2.0  # the grid moves twice a second; the charts (dearer to draw) every 2 s
SPEEDS = (1, 2, 5, 10, 20)  # epochs per second: lesson 1's 400 epochs in 20 s to 7 min


@dataclass
class Playback:
    name: str  # the recipe, and the recording's file name
    epoch: float = 0.0
    playing: bool = False
    at: float = 0.0  # time.monotonic() of the last step forward


@st.cache_resource(show_spinner=False, max_entries=8)
def _read(path: str, mtime: float) -> Recording:
    return Recording.load(path)


def load(path: Path) -> Recording:
    """A shipped recording (read once per process, again when its file changes). Raises RecordingError."""
    try:
        return _read(str(path), path.stat().st_mtime)
    except OSError as error:
        raise RecordingError(f"{path.name} cannot be read ({error.strerror or error})") from error


def recordings_ui(job: TrainJob | None) -> None:
    """One button per recorded recipe, in an expander under the controls."""
    found = shipped()
    if not found:
        return
    with st.expander(t("rec_title"), icon=":material/movie:", expanded=False):
        st.caption(t("rec_intro"))
        for column, (name, path) in zip(st.columns(len(found), gap="medium"), found.items()):
            column.markdown(f"**{recipe_title(name)}**")
            column.button(
                t("rec_open"), key=f"train_replay_{name}", icon=":material/movie:", on_click=_open, args=(name,)
            )
            try:
                rec = load(path)
            except RecordingError as error:
                column.warning(t("rec_broken", error=error))
                continue
            column.caption(
                t("rec_about", epochs=_epochs(rec.last_epoch), duration=view.duration(rec.info.get("train_seconds", 0)))
            )
            column.caption(" ".join(said(line) for line in rec.story()))


def _epochs(n: int) -> str:
    return counted("epochs", n)


def _open(name: str) -> None:
    st.session_state[PLAYBACK_KEY] = Playback(name)
    st.query_params[PLAYBACK_PARAM] = name


def playback() -> Playback | None:
    """The recording this session plays: its Playback, or a new one for the URL's ?replay= (a refresh, a link)."""
    pb = st.session_state.get(PLAYBACK_KEY)
    if pb is None and st.query_params.get(PLAYBACK_PARAM) in shipped():
        pb = st.session_state[PLAYBACK_KEY] = Playback(st.query_params[PLAYBACK_PARAM])
    return pb


def playback_view(pb: Playback, job: TrainJob | None) -> None:
    try:
        rec = load(recording.FOLDER / f"{pb.name}.zip")
    except RecordingError as error:
        st.error(t("rec_broken", error=error))
        st.button(t("rec_close"), icon=":material/close:", on_click=view.stop_playback, key="train_replay_close")
        return
    with st.container(border=True, key="train_replay_box"):
        st.markdown(f"**{t('rec_playing', title=recipe_title(pb.name))}**")
        st.caption(
            t(
                "rec_made",
                data=model_title(rec.info, "data"),
                device=device_words(rec.info.get("device", "")),
                duration=view.duration(rec.info.get("train_seconds", 0)),
            )
        )
        st.markdown(" ".join(said(line) for line in rec.story()))
        play, speed, go_on, close = st.columns([1, 1.8, 1.4, 1.4], vertical_alignment="bottom")
        at_end = pb.epoch >= rec.last_epoch
        play.button(
            t("rec_pause") if pb.playing else t("rec_again") if at_end else t("rec_play"),
            icon=":material/pause:" if pb.playing else ":material/play_arrow:",
            type="primary",
            on_click=_play_or_pause,
            args=(pb, rec),
            key="train_replay_play",
            width="stretch",
        )
        speed.segmented_control(t("rec_speed"), SPEEDS, default=5, format_func=str, key="train_replay_speed")
        question = "train_replay_continue"
        work = view.has_work(job)
        go_on.button(
            t("rec_continue"),
            icon=":material/model_training:",
            key="train_replay_go_on",
            width="stretch",
            on_click=jobs.ask if work else _continue,
            args=(question,) if work else (pb, rec),
        )
        close.button(
            t("rec_close"),
            icon=":material/close:",
            on_click=view.stop_playback,
            key="train_replay_close",
            width="stretch",
        )
        if work:
            snap = job.snapshot()
            jobs.ask_first(
                question,
                t("ask_run_body", epoch=snap.epoch, step=snap.step),
                t("ask_new_run"),
                lambda: _continue(pb, rec),
            )

    @st.fragment(run_every=TICK_S if pb.playing else None, key=PICTURES_FRAGMENT)
    def status_and_pictures() -> None:
        if _advance(pb, rec):
            st.rerun()  # the end: the whole page, so that Play comes back and the ticking stops
        epoch = int(pb.epoch)
        snap = rec.snapshot(epoch)
        st.progress(epoch / max(rec.cfg.epochs, 1), text=t("rec_progress", epoch=epoch, total=rec.cfg.epochs))
        st.slider(
            t("rec_epoch"), 0, rec.last_epoch, epoch, key=f"train_replay_at_{epoch}", on_change=_scrub, args=(pb, epoch)
        )
        st.caption(t("rec_continue_from", epoch=rec.continue_epoch(epoch), kept=", ".join(str(e) for e in rec.kept)))
        view.render_alerts(snap, rec.cfg)
        timeline.pictures(snap, epoch)

    @st.fragment(run_every=CHART_TICK_S if pb.playing else None, key=CHARTS_FRAGMENT)
    def charts() -> None:
        epoch = int(pb.epoch)
        timeline.render_charts(
            rec.snapshot(epoch, RUNNING if pb.playing else PAUSED),
            epoch,
            key="train_replay_loss_chart",
            on_click=lambda: _clicked(pb),
        )

    pictures, plots = st.columns([1, 1], gap="large")
    with pictures:
        status_and_pictures()
    with plots:
        charts()


def _advance(pb: Playback, rec: Recording) -> bool:
    """Move a playing recording on by the time since the last tick (at most a second's worth: a
    tab left in the background does not leap). True when it has just reached its end."""
    now = time.monotonic()
    if pb.playing:
        speed = st.session_state.get("train_replay_speed") or 5
        pb.epoch = min(pb.epoch + speed * min(now - pb.at, 1.0), rec.last_epoch)
        if pb.epoch >= rec.last_epoch:
            pb.playing = False
            return True
    pb.at = now
    return False


def _play_or_pause(pb: Playback, rec: Recording) -> None:
    if not pb.playing and pb.epoch >= rec.last_epoch:
        pb.epoch = 0.0  # Play again: from the start
    pb.playing, pb.at = not pb.playing, time.monotonic()


def _scrub(pb: Playback, drawn: int) -> None:
    """The slider drawn at epoch `drawn` moved (keyed by its epoch, like the live timeline's)."""
    picked = st.session_state.get(f"train_replay_at_{drawn}", drawn)
    if picked != drawn:
        pb.epoch, pb.at = float(picked), time.monotonic()
        st.rerun([PICTURES_FRAGMENT, CHARTS_FRAGMENT])


def _clicked(pb: Playback) -> None:
    epoch = timeline.clicked_epoch("train_replay_loss_chart")
    if epoch is not None:
        pb.epoch, pb.at = float(epoch), time.monotonic()
        st.rerun([PICTURES_FRAGMENT, CHARTS_FRAGMENT])


def _continue(pb: Playback, rec: Recording) -> None:
    """Train live from the latest kept epoch at or before the shown one, on the recording's digits."""
    kept = rec.continue_epoch(int(pb.epoch))
    networks = rec.networks.get(kept, b"")
    view.run(
        TrainJob(rec.cfg, OFFLINE_MNIST, jobs.device(), history=rec.snapshot(kept) if kept else None, networks=networks)
    )
