"""The Train page's Timeline: which epoch's grid the page shows (the latest, or one picked with the
slider or by clicking an epoch's dot on the loss chart), and the charts marked at it."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from explorer.gan.job import TrainSnapshot
from explorer.jobs import RUNNING
from explorer.ui.text import t
from explorer.ui.train import charts
from explorer.ui.train.keys import CHARTS_FRAGMENT, PICTURES_FRAGMENT, RUN_KEY, VIEW_KEY


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
