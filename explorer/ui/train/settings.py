"""The Train page's sidebar: the dataset, the recipe and its settings, and your own pictures.

Uploaded pictures are read by a job (explorer/data/job.py: decoding a large zip in the server
would hold up every other session); the sidebar shows its progress and then what was read.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import streamlit as st

from explorer.data.job import PicturesJob
from explorer.data.pictures import SIZES, UPLOAD_MB
from explorer.formats.images import EXTENSIONS
from explorer.gan.config import IMAGE_DATASETS, TrainConfig
from explorer.gan.presets import DEFAULT_PRESET, PRESETS
from explorer.jobs import FAILED
from explorer.jobs.board import JobError
from explorer.ui import jobs, loaders
from explorer.ui.text import counted, recipe_title, recipe_words, said, short_number, t, tr
from explorer.ui.train.words import DATASETS
from explorer.ui.url import URL

PICTURES_KEY = "train_pictures"  # session: the upload being read (Reading)
LR_OPTIONS = [1e-5, 2e-5, 5e-5, 1e-4, 2e-4, 5e-4, 1e-3, 2e-3, 5e-3]
READ_POLL_S = 0.5


@dataclass(frozen=True)
class Reading:
    """The uploaded files a job reads, at which size."""

    upload: tuple  # the uploaded files' ids and the picture size
    job_id: str


@dataclass(frozen=True)
class Setup:
    """What Start trains: the config, and the job that prepared the pictures when the dataset is
    "pictures" (Start takes the prepared set from it)."""

    cfg: TrainConfig
    pictures: PicturesJob | None = None


def settings_ui() -> Setup | None:
    """The sidebar form; returns the setup, or None (with the reason shown) when it cannot train."""
    st.subheader(t("settings"))
    dataset = st.radio(
        t("dataset"), IMAGE_DATASETS, format_func=lambda d: tr(DATASETS[d]), key="train_dataset", bind=URL
    )
    pictures, size = pictures_ui() if dataset == "pictures" else (None, SIZES[-1])
    # your own pictures train with the convolutional presets (the slides' face GAN is one) or the VAE
    names = [n for n, p in PRESETS.items() if dataset != "pictures" or p.config.arch in ("dcgan", "vae")]
    name = st.selectbox(
        t("preset"),
        names,
        index=names.index(DEFAULT_PRESET),
        format_func=_preset_title,
        key="train_preset" if dataset != "pictures" else "train_preset_pictures",
        bind=URL,
    )
    base = PRESETS[name].config
    recipe_words(name)
    k = f"train_{name}_"  # widgets keyed per preset: choosing a preset brings back its own numbers
    epochs = st.number_input(t("epochs"), 1, 2000, base.epochs, key=k + "epochs", bind=URL)
    with st.container(key="train_hyper"), st.expander(t("hyper")):
        changes = (_vae_settings if base.is_vae else _gan_settings)(base, k)
    try:
        cfg = base.replace(epochs=int(epochs), **changes).for_data(dataset, size)
    except ValueError as error:
        st.error(str(error))
        return None
    if dataset == "pictures":
        if pictures is None:
            return None
        count = pictures.snapshot().prepared.count
        if count < cfg.images_per_step:
            pictures_n = counted("pictures", count)
            st.error(t("too_few_for_batch", pictures=pictures_n, batch=cfg.images_per_step))
            return None
    return Setup(cfg, pictures)


def _gan_settings(base: TrainConfig, k: str) -> dict:
    gan = base.gan
    lr_d = _learning_rate(t("lr_d"), t("lr_d_help"), gan.lr_d, k + "lr_d")
    lr_g = _learning_rate(t("lr_g"), t("lr_g_help"), base.lr_g, k + "lr_g")
    shared = _shared_settings(base, k, beta1_help="beta1_help", latent_help="latent_help")
    real_label = st.slider(
        t("smooth"), 0.7, 1.0, gan.real_label, 0.05, help=t("smooth_help"), key=k + "smooth", bind=URL
    )
    half = st.checkbox(t("half"), gan.half_batch_d, help=t("half_help"), key=k + "half", bind=URL)
    d_steps = st.slider(t("d_steps"), 1, 5, gan.d_steps, help=t("d_steps_help"), key=k + "d_steps", bind=URL)
    skip_d = st.slider(t("skip_d"), 0.0, 1.5, gan.d_skip_below, 0.05, help=t("skip_d_help"), key=k + "skip", bind=URL)
    return dict(
        lr_d=lr_d,
        lr_g=lr_g,
        beta1_d=shared["beta1_g"],
        **shared,
        real_label=real_label,
        half_batch_d=half,
        d_steps=d_steps,
        d_skip_below=skip_d,
    )


def _vae_settings(base: TrainConfig, k: str) -> dict:
    """A VAE has no D: one learning rate for its two halves, and the weight of its KL term."""
    lr = _learning_rate(t("lr_vae"), t("lr_vae_help"), base.lr_g, k + "lr")
    shared = _shared_settings(base, k, beta1_help="beta1_vae_help", latent_help="latent_vae_help")
    kl_weight = st.select_slider(
        t("kl_weight"),
        [0.0, 0.1, 0.5, 1.0, 2.0, 5.0],
        base.vae.kl_weight,
        help=t("kl_weight_help"),
        key=k + "kl",
        bind=URL,
    )
    return dict(lr_encoder=lr, lr_g=lr, beta1_encoder=shared["beta1_g"], **shared, kl_weight=kl_weight)


def _learning_rate(label: str, help: str, value: float, key: str) -> float:
    return st.select_slider(label, LR_OPTIONS, _nearest(value), format_func=short_number, help=help, key=key, bind=URL)


def _shared_settings(base: TrainConfig, k: str, *, beta1_help: str, latent_help: str) -> dict:
    """Adam's β1 (the caller sets the second net's too), the batch and the latent size: GANs and the
    VAE alike."""
    beta1 = st.slider(t("beta1"), 0.0, 0.95, base.beta1_g, 0.05, help=t(beta1_help), key=k + "beta1", bind=URL)
    batch = st.select_slider(
        t("batch"), [16, 32, 64, 128, 256], base.batch_size, help=t("batch_help"), key=k + "batch", bind=URL
    )
    latent = st.select_slider(
        t("latent"), [2, 8, 16, 32, 64, 100, 128], base.latent_dim, help=t(latent_help), key=k + "latent", bind=URL
    )
    return dict(beta1_g=beta1, batch_size=batch, latent_dim=latent)


def _preset_title(name: str) -> str:
    return recipe_title(name)


def _nearest(lr: float) -> float:
    return min(LR_OPTIONS, key=lambda o: abs(np.log(o) - np.log(lr)))


def pictures_ui() -> tuple[PicturesJob | None, int]:
    """The upload (a zip, or picture files) and the training size. Each upload and size is read
    once, by a job; while it reads, its progress is shown, and then what it found and skipped."""
    files = st.file_uploader(
        t("upload"),
        type=["zip", *EXTENSIONS],
        accept_multiple_files=True,
        max_upload_size=loaders.upload_mb(UPLOAD_MB),
        help=t("upload_help"),
        key="train_upload",
    )
    size = st.radio(
        t("picture_size"),
        SIZES,
        index=len(SIZES) - 1,
        format_func=lambda s: f"{s}×{s} px",
        horizontal=True,
        key="train_picture_size",
        bind=URL,
    )
    wanted = (tuple(f.file_id for f in files or ()), size)
    kept: Reading | None = st.session_state.get(PICTURES_KEY)
    job = jobs.board().get(kept.job_id) if kept and kept.upload == wanted else None
    if job is None:
        if kept:  # another upload or size: the old reading is of no use any more
            jobs.discard(jobs.board().get(kept.job_id))
            st.session_state.pop(PICTURES_KEY)
        if not files:
            st.info(t("upload_first"))
            return None, size
        job = PicturesJob([(f.name, f.getvalue()) for f in files], size)
        try:
            jobs.submit(job)
        except JobError as error:
            st.error(jobs.start_error(error, "start_failed"))
            return None, size
        st.session_state[PICTURES_KEY] = Reading(wanted, job.id)
    jobs.board().look(job)
    if job.active:
        _reading(job)
        return None, size
    snap = job.snapshot()
    if snap.state == FAILED or snap.prepared is None:
        st.error(said(snap.message))
        return None, size
    (st.warning if snap.prepared.skipped else st.success)(said(snap.prepared.summary))
    return job, size


def _reading(job: PicturesJob) -> None:
    """The reading's progress, redrawn by itself; the whole page reruns once it is done."""

    @st.fragment(run_every=READ_POLL_S)
    def progress() -> None:
        snap = job.snapshot()
        st.progress(snap.fraction, text=snap.message or t("reading"))
        jobs.queue_note(job)
        if not snap.active:
            st.rerun()

    progress()
