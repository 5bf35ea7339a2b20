"""One generator chooser for the Latent space page and the GAN and VAE page: the shipped
generators (checkpoints/*.pt made by `python -m explorer ship`) and the session's Train-page run
as it is now (its worker sends G's weights after each epoch), as one `Generator` each.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import streamlit as st
from torch import nn

from explorer.formats.checkpoint import CheckpointError
from explorer.gan.catalogue import shipped_generators
from explorer.gan.config import TrainConfig
from explorer.gan.job import TrainJob
from explorer.gan.models import build_generator
from explorer.gan.persistence import load_generator
from explorer.ui import jobs
from explorer.ui.text import model_title, t
from explorer.ui.url import URL

LIVE = "live"  # the choice of the Train page's run
LIVE_KEY = "generators_live"  # session: the live run's generator, rebuilt only when a newer epoch arrives


@dataclass(frozen=True)
class Generator:
    key: str  # the shipped file's stem, or LIVE
    title: str
    G: nn.Module  # eval mode, frozen, on the CPU
    cfg: TrainConfig
    meta: dict  # a shipped generator's JSON (how it was made, its judge scores); {} for the live run
    version: str  # names these weights for the caches: the file and its steps, or the live epoch
    path: Path | None = None  # the shipped file (None: the live run)


@dataclass(frozen=True)
class LiveGenerator:
    run_id: str
    G: nn.Module
    cfg: TrainConfig
    epoch: int


@dataclass(frozen=True)
class _Choice:
    title: str
    path: Path | None
    meta: dict


@st.cache_resource(show_spinner=False)
def shipped_model(path: str) -> tuple[nn.Module, TrainConfig]:
    """A shipped generator, shared by every session: frozen, so that nothing (the projection of a
    drawn digit included) can give it gradients."""
    G, ckpt = load_generator(path)
    return G.requires_grad_(False), ckpt["config"]


def live_generator(run: TrainJob | None) -> LiveGenerator | None:
    """The Train page's generator as it is now; rebuilt only when a newer epoch arrived."""
    sent = run.generator() if run is not None else None
    if sent is None:
        return None
    epoch, weights = sent
    kept: LiveGenerator | None = st.session_state.get(LIVE_KEY)
    if kept is None or kept.run_id != run.id or kept.epoch != epoch:
        G = build_generator(run.cfg)
        G.load_state_dict(weights)
        kept = st.session_state[LIVE_KEY] = LiveGenerator(run.id, G.eval().requires_grad_(False), run.cfg, epoch)
    return kept


def any_generator(arch: str, shape: tuple[int, ...] | None) -> bool:
    return True


def choose(
    label: str, key: str, run: TrainJob | None, *, accept: Callable[[str, tuple | None], bool] = any_generator
) -> Generator | None:
    """A select box (bound to the URL under `key`) of the shipped generators and the live run that
    `accept(arch, picture shape)` (a shipped generator's shape: None, they all draw digits; its arch
    "" when its JSON does not say); the chosen one, or None when there is none (or it cannot be
    read: said on the page)."""
    choices: dict[str, _Choice] = {}
    for path, meta in shipped_generators():
        if accept(meta.get("arch", ""), None):
            choices[path.stem] = _Choice(model_title(meta), path, meta)
    live = live_generator(run)
    if live is not None and accept(live.cfg.arch, live.cfg.image_shape):
        choices[LIVE] = _Choice(t("latent_live", epoch=live.epoch), None, {})
    if not choices:
        return None
    chosen = st.selectbox(label, list(choices), format_func=lambda k: choices[k].title, key=key, bind=URL)
    choice = choices[chosen]
    if chosen == LIVE:
        jobs.keep_alive(run)  # the run explored here is not abandoned while this page is open
        return Generator(LIVE, choice.title, live.G, live.cfg, {}, f"{LIVE}:{run.id}:{live.epoch}")
    try:
        G, cfg = shipped_model(str(choice.path))
    except CheckpointError as error:
        st.error(str(error))
        return None
    return Generator(chosen, choice.title, G, cfg, choice.meta, f"{chosen}:{choice.meta.get('steps')}", choice.path)
