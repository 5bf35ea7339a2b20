"""Small building blocks shared by the model families."""

from __future__ import annotations

import math

import torch
from torch import nn


class Dropout(nn.Module):
    """Dropout whose masks come from an explicit `torch.Generator` (`rng`), not the global one.

    The trainer hands its own `rng` to every Dropout, so the same seed gives the same run
    without touching global seeds (every Streamlit session shares one process).
    """

    def __init__(self, p: float) -> None:
        super().__init__()
        self.p = p
        self.rng: torch.Generator | None = None

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if not self.training or self.p == 0.0:
            return x
        keep = torch.rand(x.shape, device=x.device, generator=self.rng) >= self.p
        return x * keep / (1.0 - self.p)

    def extra_repr(self) -> str:
        return f"p={self.p}"


class Affine(nn.Module):
    """x · scale + shift, per feature, with fixed (not learned) buffers: the harmonic GAN's map
    between the plane and standardized coordinates (explorer/models/mlp.py)."""

    def __init__(self, features: int) -> None:
        super().__init__()
        self.register_buffer("scale", torch.ones(features))
        self.register_buffer("shift", torch.zeros(features))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x * self.scale + self.shift


def activation(name: str) -> nn.Module:
    return nn.LeakyReLU(0.2) if name == "leaky_relu" else nn.ReLU()


@torch.no_grad()
def init_weights(module: nn.Module, rng: torch.Generator) -> None:
    """PyTorch's default initialisation, drawn from `rng` so that a seed fixes the weights."""
    for m in module.modules():
        if isinstance(m, (nn.Linear, nn.Conv2d, nn.ConvTranspose2d)):
            nn.init.kaiming_uniform_(m.weight, a=math.sqrt(5), generator=rng)
            if m.bias is not None:
                fan_in, _ = nn.init._calculate_fan_in_and_fan_out(m.weight)
                bound = 1.0 / math.sqrt(fan_in) if fan_in > 0 else 0.0
                nn.init.uniform_(m.bias, -bound, bound, generator=rng)
