"""The Train page's downloads: the grids as a GIF, the losses as CSV, the checkpoint and the settings."""

from __future__ import annotations

import streamlit as st

from explorer.formats.export import grids_gif, series_csv
from explorer.gan.job import TrainJob
from explorer.jobs import QUEUED, RUNNING, STARTING
from explorer.ui.text import t


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
