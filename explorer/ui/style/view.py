"""The Style page's paintings: the lesson's way as a `StyleJob` on the server's job board (its id in
the URL, ?paint=…, so a refresh finds it again and a link shows it to anyone), and the fast way,
painted in the script (a fraction of a second) and cached by its inputs.

Session-state keys: PAINT_KEY (the job's id), DRAWN_KEY (the state the controls were drawn for),
START_ERROR_KEY, and the widgets' own "st_*" keys.
"""

from __future__ import annotations

import io
import json
import os
import time

import streamlit as st
from PIL import Image

from explorer.i18n import Number
from explorer.jobs import PAUSED, RUNNING
from explorer.jobs.board import JobError
from explorer.style import fast
from explorer.style.config import FastConfig
from explorer.style.gatys import scales
from explorer.style.job import StyleJob, StyleSnapshot
from explorer.ui import classroom, jobs
from explorer.ui.style import charts
from explorer.ui.style.inputs import Chosen
from explorer.ui.style.settings import Settings
from explorer.ui.text import number, t

PAINT_KEY, PAINT_PARAM = "style_job", "paint"
DRAWN_KEY, START_ERROR_KEY = "st_drawn", "st_start_error"
LIVE_FRAGMENT = "st_live_view"


def poll_s() -> float:
    """How often the live view redraws: a small CPU shares its cores with the painting."""
    return 1.0 if jobs.device().type != "cpu" or (os.cpu_count() or 1) >= 8 else 2.0


def attach() -> StyleJob | None:
    return jobs.attach(StyleJob.kind, PAINT_KEY, PAINT_PARAM, gone="jobs_link_gone_painting")


# --- controls ----------------------------------------------------------------------------------------
def controls_ui(settings: Settings, content: Chosen, style: Chosen, style2: Chosen, job: StyleJob | None) -> None:
    mine = job is not None and jobs.mine(job)
    work = mine and job.snapshot().step > 0
    ready = (
        settings.gatys is not None
        and content.picture is not None
        and isinstance(style.picture, Image.Image)
        and (style2.picture is None or isinstance(style2.picture, Image.Image))
    )
    paint, pause, stop = st.columns(3)
    paint.button(
        t("st_new_paint") if work else t("st_paint"),
        type="secondary" if work else "primary",
        icon=":material/brush:",
        on_click=_on_paint,
        args=(settings, content, style, style2, work),
        disabled=not ready,
        key="st_paint",
        width="stretch",
    )
    jobs.pause_and_stop(
        job, pause, stop, prefix="st", words={"pause": t("st_pause"), "resume": t("st_resume"), "stop": t("st_stop")}
    )
    if settings.gatys is not None:  # what Paint will do, in numbers
        cfg = settings.gatys
        sizes = " → ".join(str(s) for s in scales(cfg.size, cfg.coarse_to_fine))
        st.caption(
            t("st_plan_time", seconds=cfg.time_budget, sizes=sizes)
            if cfg.time_budget
            else t("st_plan_steps", steps=cfg.steps, sizes=sizes)
        )
    if isinstance(style.picture, int) or isinstance(style2.picture, int):
        st.caption(t("st_builtin_gatys"))
    classroom.share_ui(job, "style", PAINT_PARAM)
    if START_ERROR_KEY in st.session_state:
        st.error(st.session_state[START_ERROR_KEY])
    if work:
        jobs.ask_first(
            "st_new",
            t("st_ask_body", step=job.snapshot().step),
            t("st_ask_new"),
            lambda: _start(settings, content, style, style2),
        )


def _on_paint(settings, content, style, style2, work: bool) -> None:
    if work:
        jobs.ask("st_new")
    else:
        _start(settings, content, style, style2)


def _start(settings: Settings, content: Chosen, style: Chosen, style2: Chosen) -> None:
    st.session_state.pop(START_ERROR_KEY, None)
    job = StyleJob(
        content.picture,
        style.picture,
        settings.gatys,
        style2=style2.picture,
        network=settings.network,
        device=jobs.device().type,
        names={"content": content.name, "style": style.name, "style2": style2.name},
    )
    old = jobs.find(StyleJob.kind, PAINT_KEY)
    try:
        jobs.submit(job)
    except JobError as error:  # a full disk: say so, keep the painting on the screen
        st.session_state[START_ERROR_KEY] = jobs.start_error(error, "st_start_failed")
        return
    jobs.discard(old)
    jobs.show(job, PAINT_KEY, PAINT_PARAM)


# --- the slow result, live ----------------------------------------------------------------------------
def slow_view(job: StyleJob | None) -> None:
    st.markdown(f"#### {t('st_slow')}")
    if job is None:
        st.info(t("st_no_painting"))
        return
    jobs.keep_alive(job)
    jobs.watching_note(job)
    polling = job.active
    st.session_state[DRAWN_KEY] = job.snapshot().state

    @st.fragment(run_every=poll_s() if polling else None, key=LIVE_FRAGMENT)
    def live() -> None:
        jobs.board().look(job)
        snap = job.snapshot()
        render_status(snap, job)
        if snap.picture is not None:
            st.image(snap.picture.png, output_format="PNG", width="stretch")
        if snap.state != st.session_state.get(DRAWN_KEY):  # paused, ended: the buttons and downloads follow
            st.rerun()

    live()
    downloads(job, "slow")


def render_status(snap: StyleSnapshot, job: StyleJob) -> None:
    size = f"{snap.history[-1].size[1]}×{snap.history[-1].size[0]} px" if snap.history else ""
    if snap.steps_total:
        st.progress(
            min(snap.step / snap.steps_total, 1.0),
            text=t("st_progress", step=snap.step, total=snap.steps_total, seconds=Number(snap.seconds, 0), size=size),
        )
    else:
        budget = job.cfg.time_budget
        st.progress(
            min(snap.seconds / budget, 1.0),
            text=t(
                "st_progress_time", step=snap.step, seconds=Number(snap.seconds, 0), total=Number(budget, 0), size=size
            ),
        )
    jobs.state_note(
        job,
        snap.state,
        snap.message,
        starting=t("st_loading"),
        ended={"paused": t("st_paused"), "stopped": t("st_stopped"), "finished": t("st_finished")},
    )


def charts_view(job: StyleJob | None) -> None:
    """The losses and the Gram matrices, redrawn with the picture while it paints."""
    if job is None:
        return

    @st.fragment(run_every=2 * poll_s() if job.active else None, key="st_charts_view")
    def live_charts() -> None:
        snap = job.snapshot()
        if not snap.history:
            return
        losses, grams = st.columns(2, gap="large")
        with losses:
            st.markdown(f"**{t('st_losses')}**")
            st.plotly_chart(
                charts.loss_figure(snap.history),
                width="stretch",
                key="st_loss_chart",
                config={"displayModeBar": False, "staticPlot": snap.state == RUNNING},
            )
            st.caption(t("st_losses_note"))
        if snap.picture is not None:
            with grams:
                layer = job.cfg.style_layers[0]
                n = snap.picture.style_gram.shape[0]
                st.markdown(f"**{t('st_grams', layer=layer)}**")
                st.plotly_chart(
                    charts.gram_figure(snap.picture.style_gram, snap.picture.picture_gram),
                    width="stretch",
                    key="st_gram_chart",
                    config={"displayModeBar": False, "staticPlot": snap.state == RUNNING},
                )
                st.caption(t("st_grams_note", n=n))

    live_charts()


# --- the fast result -----------------------------------------------------------------------------------
@st.cache_resource(show_spinner=False)
def _fast_painter() -> fast.FastPainter:
    return fast.FastPainter(threads=1)  # one thread: the server's other sessions and a painting share the cores


@st.cache_data(show_spinner=False, max_entries=64)
def _fast(_content: Image.Image, _style, _style2, key: tuple, cfg: FastConfig) -> tuple[bytes, float, str]:
    """Painted once per (inputs, settings): a rerun or another student asking the same is free."""
    result = _fast_painter().paint(_content, _style, cfg, style2=_style2)
    buffer = io.BytesIO()
    result.picture.save(buffer, format="PNG")
    return buffer.getvalue(), result.seconds, result.how


def fast_view(settings: Settings, content: Chosen, style: Chosen, style2: Chosen) -> float | None:
    """The fast way's picture, painted whenever its inputs change; returns its seconds."""
    st.markdown(f"#### {t('st_fast')}")
    if content.picture is None or style.picture is None:
        st.info(t("st_need_picture"))
        return None
    second = style2.picture if style2.picture is not None else None
    try:
        png, seconds, how = _fast(
            content.picture, style.picture, second, (content.digest, style.digest, style2.digest), settings.fast
        )
    except (fast.FastError, ValueError) as error:
        st.error(t("st_fast_failed", error=error))
        return None
    st.image(png, output_format="PNG", width="stretch")
    words = t("st_how_builtin", n=style.picture) if isinstance(style.picture, int) else t("st_how_arbitrary")
    st.caption(t("st_fast_time", seconds=number(seconds, 2), how=words))
    settings_json = {
        "method": "fast",
        **settings.fast.to_dict(),
        "content": content.name,
        "style": style.name,
        "style2": style2.name,
        "network": how,
        "seconds": round(seconds, 3),
    }
    _download_pair(png, settings_json, "fast")
    return seconds


def downloads(job: StyleJob, label: str) -> None:
    snap = job.snapshot()
    if snap.picture is None or snap.active and snap.state != PAUSED:
        return  # while it paints, a download would be out of date by the time it is clicked
    settings_json = {
        "method": "gatys",
        **job.cfg.to_dict(),
        **job.names,
        "network": snap.network,
        "steps_done": snap.step,
        "seconds": round(snap.seconds, 1),
        "state": snap.state,
        "saved": time.strftime("%Y-%m-%d %H:%M"),
    }
    _download_pair(snap.picture.png, settings_json, label)


def _download_pair(png: bytes, settings: dict, label: str) -> None:
    """The picture (PNG) and how it was made (JSON), side by side, keyed "st_{label}_png" / "_json"."""
    left, right = st.columns(2)
    left.download_button(
        t("st_download_png"),
        png,
        f"{label}.png",
        "image/png",
        key=f"st_{label}_png",
        width="stretch",
        icon=":material/download:",
    )
    right.download_button(
        t("st_download_json"),
        json.dumps(settings, indent=2),
        f"{label}.json",
        "application/json",
        key=f"st_{label}_json",
        width="stretch",
        icon=":material/data_object:",
    )


def credits(job: StyleJob | None) -> None:
    network = job.snapshot().network if job is not None and job.snapshot().network else "VGG"
    st.caption(t("st_credits", network=network))
