"""What the training loop reports: one step's numbers (`StepMetrics`) and one epoch's means
(`EpochSummary`), by name: a GAN's D and G losses and D's beliefs, a VAE's two losses."""

from __future__ import annotations

from dataclasses import asdict, dataclass

import torch

from explorer.gan.config import TrainConfig

GAN_METRICS = ("d_loss", "g_loss", "d_real", "d_fake")
VAE_METRICS = ("recon", "kl")  # per picture: the reconstruction's Bernoulli loss (nats) and the KL term


def metric_names(cfg: TrainConfig) -> tuple[str, ...]:
    """The numbers a step of this model reports, in order."""
    return VAE_METRICS if cfg.is_vae else GAN_METRICS


@dataclass(frozen=True)
class StepMetrics:
    """One step's numbers, as 0-d device tensors (reading them syncs a GPU; do it sparingly), by
    name (`metric_names`): a GAN's d_loss, g_loss, d_real (mean D(x)), d_fake (mean D(G(z)) before
    D's update); a VAE's recon and kl: `m.values["d_loss"]`."""

    values: dict[str, torch.Tensor]
    d_updated: bool  # False when D's update was skipped (its loss was below d_skip_below)
    seconds: float  # host time of the call (on a GPU, time to enqueue, not to finish)

    def floats(self) -> dict[str, float]:
        return dict(zip(self.values, torch.stack(list(self.values.values())).tolist()))


@dataclass(frozen=True)
class EpochSummary:
    epoch: int  # 1-based number of the epoch just finished (or cut short)
    steps: int
    means: dict[str, float]  # each metric's mean over the epoch's steps, by name: `summary.means["d_loss"]`
    seconds: float
    images: int  # real images D saw
    complete: bool  # False when the driver stopped the epoch early

    @property
    def images_per_s(self) -> float:
        return self.images / self.seconds if self.seconds > 0 else 0.0

    def to_dict(self) -> dict:
        """Flat: {"epoch", "steps", the metrics by name, "seconds", "images", "complete"}."""
        out = asdict(self)
        means = out.pop("means")
        return {"epoch": out.pop("epoch"), "steps": out.pop("steps"), **means, **out}
