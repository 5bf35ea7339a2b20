"""What a run shows after an epoch, written once for the Train page's job, a recording and the
CLI's progress lines: the epoch's means with the digit judge's verdict (as often as it costs
little) and how much the samples vary, the fixed-noise grid, and for a VAE the real pictures
rebuilt. The real pictures beside the grid are the same ones for a seed.
"""

from __future__ import annotations

import time

import torch

from explorer.data.datasets import DIGIT_SHAPE, ImageData
from explorer.formats.checkpoint import CheckpointError
from explorer.formats.images import grid_png
from explorer.gan import judge
from explorer.gan.config import TrainConfig
from explorer.gan.diagnostics import variety
from explorer.gan.metrics import EpochSummary
from explorer.gan.models.vae import reconstruct
from explorer.gan.trainer import Trainer


class EpochView:
    """After each epoch of `trainer` on `data`: `numbers(summary)`, `grid()`, `reconstruction()`.
    `judge_budget`: the share of the training time the judge may take (math.inf: every epoch)."""

    def __init__(self, trainer: Trainer, data: ImageData, *, judge_budget: float = 0.02) -> None:
        self.trainer = trainer
        self.real = real_pictures(trainer.cfg, data)
        self._score = epoch_scorer(trainer.cfg, trainer, budget=judge_budget)
        self._spread = variety_meter(trainer.cfg, trainer, data)

    def numbers(self, summary: EpochSummary) -> dict:
        """EpochSummary.to_dict(), with "variety" and, when the judge looked, "quality"."""
        return summary.to_dict() | self._score() | self._spread()

    def grid(self) -> bytes:
        """G's fixed-noise grid, as a PNG."""
        return grid_png(self.trainer.sample())

    def real_grid(self) -> bytes:
        return grid_png(self.real)

    def reconstruction(self) -> bytes:
        """A VAE's rebuilding of the real grid's pictures (PNG); b"" for a GAN, which has no encoder."""
        if not self.trainer.cfg.is_vae:
            return b""
        return grid_png(reconstruct(self.trainer.encoder, self.trainer.G, self.real))


def real_pictures(cfg: TrainConfig, data: ImageData) -> torch.Tensor:
    """The real pictures shown beside the generated grid: as many, the same ones for a seed."""
    pick = torch.randperm(len(data), generator=torch.Generator().manual_seed(cfg.seed))[: cfg.n_fixed]
    return data.images[pick.to(data.images.device)]


def epoch_scorer(cfg: TrainConfig, trainer: Trainer, n: int = 500, budget: float = 0.02):
    """For digits: the judge's verdict on the same `n` latent points ({"quality": Quality dict})
    after an epoch, as often as it costs at most `budget` of the training time: every epoch on a
    GPU, every few on a small CPU (the first and the last epoch always). Otherwise nothing."""
    if cfg.dataset != "mnist" or cfg.image_shape != DIGIT_SHAPE:
        return dict
    try:
        scorer = judge.load_judge(device=trainer.device)
    except CheckpointError:
        return dict
    z = torch.randn(n, cfg.latent_dim, generator=torch.Generator().manual_seed(cfg.seed + 7))
    last = {"at": time.perf_counter(), "cost": 0.0}

    def score() -> dict:
        now = time.perf_counter()
        final = trainer.epoch in (1, cfg.epochs)
        if not final and last["cost"] > budget * (now - last["at"]):
            return {}
        quality = judge.evaluate(scorer, trainer.sample(z)).to_dict()
        last["at"], last["cost"] = time.perf_counter(), time.perf_counter() - now
        return {"quality": quality}

    return score


def variety_meter(cfg: TrainConfig, trainer: Trainer, data: ImageData, n: int = 64):
    """{"variety": …} after each epoch: how much G's samples for `n` fixed latent points differ
    from one another, relative to `n` fixed real pictures (diagnostics.variety; ~2 ms)."""
    rng = torch.Generator().manual_seed(cfg.seed + 11)
    z = torch.randn(n, cfg.latent_dim, generator=rng)
    real = data.images[torch.randperm(len(data), generator=rng)[:n].to(data.images.device)]
    return lambda: {"variety": round(variety(trainer.sample(z), real), 4)}
