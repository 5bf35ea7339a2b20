"""The MLP GANs of the lesson notes (GUIDE §1 rows 1–3).

G: z [B, latent] → hidden widths → [B, C·H·W] → tanh → image [B, C, H, W] in [-1, 1].
D: image → flatten → hidden widths → one logit [B] (no sigmoid: the loss is BCE-with-logits).
"""

from __future__ import annotations

import math

import torch
from torch import nn

from explorer.config import TrainConfig
from explorer.models.layers import Dropout, activation


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
        layers += [nn.Linear(width_in, math.prod(self.image_shape)), nn.Tanh()]
        self.net = nn.Sequential(*layers)

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        return self.net(z).view(-1, *self.image_shape)


class MLPDiscriminator(nn.Module):
    def __init__(self, cfg: TrainConfig) -> None:
        super().__init__()
        layers: list[nn.Module] = [nn.Flatten()]
        width_in = math.prod(cfg.image_shape)
        for i, width in enumerate(cfg.d_hidden):
            layers += [nn.Linear(width_in, width), activation(cfg.activation)]
            if i < 2 and cfg.dropout > 0:  # the notes put dropout after the first two layers
                layers.append(Dropout(cfg.dropout))
            width_in = width
        layers.append(nn.Linear(width_in, 1))
        self.net = nn.Sequential(*layers)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.net(x).squeeze(1)
