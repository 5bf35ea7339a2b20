"""The MLP GANs of the lesson notes (docs/lessons.md, rows 1–3).

G: z [B, latent] → hidden widths → [B, C·H·W] → tanh → image [B, C, H, W] in [-1, 1];
   for points on a curve (docs/lessons.md, row 4) → [B, 2], linear: the plane is not bounded.
With `standardize` (points only) both nets work in standardized coordinates: G's output is
scaled and shifted to the real points' mean and spread, D's input back (fixed `Affine` maps set
by `standardize_to`), so a G that starts near 0 already lands on the data's range.
D: image → flatten → hidden widths → one logit [B] (no sigmoid: the loss is BCE-with-logits).
"""

from __future__ import annotations

import math

import torch
from torch import nn

from explorer.gan.config import TrainConfig
from explorer.gan.models.layers import Affine, Dropout, activation


class MLPGenerator(nn.Module):
    def __init__(self, cfg: TrainConfig) -> None:
        super().__init__()
        self.image_shape = cfg.image_shape
        layers: list[nn.Module] = []
        width_in = cfg.latent_dim
        for width in cfg.g_hidden:
            layers += [nn.Linear(width_in, width), activation(cfg.activation)]
            if cfg.arch == "mlp_bn":
                # Keras order (Dense → LeakyReLU → BatchNormalization), momentum 0.8 in Keras
                # terms is 0.2 in PyTorch's; eps stays at its default (not the 0.8 typo).
                layers.append(nn.BatchNorm1d(width, momentum=cfg.bn_momentum))
            width_in = width
        layers.append(nn.Linear(width_in, math.prod(self.image_shape)))
        if cfg.dataset != "curve":
            layers.append(nn.Tanh())
        elif cfg.standardize:
            layers.append(Affine(math.prod(self.image_shape)))
        self.net = nn.Sequential(*layers)

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        return self.net(z).view(-1, *self.image_shape)


class MLPDiscriminator(nn.Module):
    def __init__(self, cfg: TrainConfig) -> None:
        super().__init__()
        gan = cfg.gan
        width_in = math.prod(cfg.image_shape) * gan.pack  # PacGAN: a pack's samples, concatenated
        layers: list[nn.Module] = [nn.Flatten()] + ([Affine(width_in)] if cfg.standardize else [])
        for i, width in enumerate(gan.d_hidden):
            layers += [nn.Linear(width_in, width), activation(cfg.activation)]
            if i < gan.d_dropout_layers and gan.dropout > 0:  # the Keras notes: after the first two
                layers.append(Dropout(gan.dropout))
            width_in = width
        layers.append(nn.Linear(width_in, 1))
        self.net = nn.Sequential(*layers)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.net(x).squeeze(1)


@torch.no_grad()
def standardize_to(G: nn.Module, D: nn.Module, points: torch.Tensor) -> None:
    """Point G's output map and D's input map at the real `points` [N, 2]: mean and spread."""
    mean, std = points.float().mean(0).cpu(), points.float().std(0).clamp_min(1e-3).cpu()
    out, inp = G.net[-1], D.net[1]
    assert isinstance(out, Affine) and isinstance(inp, Affine), "standardize_to needs nets built with standardize"
    out.scale.copy_(std), out.shift.copy_(mean)
    inp.scale.copy_(1 / std), inp.shift.copy_(-mean / std)
