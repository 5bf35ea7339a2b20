"""DCGAN (Radford et al. 2015, arXiv:1511.06434) as in the TensorFlow tutorial (docs/lessons.md, row 5).

G: z → dense → [4w, 7, 7] → 5×5 transposed convs (stride 1, then stride 2 up to the image size)
   with BatchNorm + LeakyReLU, tanh out. For 28 px: 7 → 7 → 14 → 28; 32 px starts at 4 → 32.
D: the mirror: 5×5 stride-2 convs (w, 2w, …) with LeakyReLU + dropout, flatten, one logit.
"""

from __future__ import annotations

import math

import torch
from torch import nn

from explorer.gan.config import TrainConfig
from explorer.gan.models.layers import Dropout, activation


def _plan(cfg: TrainConfig) -> tuple[int, int]:
    """(start size, number of stride-2 stages) for the image size."""
    start = 7 if cfg.image_size == 28 else 4
    return start, int(round(math.log2(cfg.image_size / start)))


class DCGANGenerator(nn.Module):
    def __init__(self, cfg: TrainConfig) -> None:
        super().__init__()
        start, n_up = _plan(cfg)
        chans = [cfg.width * 2 ** (n_up - i) for i in range(n_up + 1)]  # 28 px, w=64: 256, 128, 64
        self.start_shape = (chans[0], start, start)
        act = lambda: activation(cfg.activation)  # noqa: E731
        self.project = nn.Sequential(
            nn.Linear(cfg.latent_dim, math.prod(self.start_shape), bias=False),
            nn.BatchNorm1d(math.prod(self.start_shape)),
            act(),
        )
        layers: list[nn.Module] = [
            nn.ConvTranspose2d(chans[0], chans[1], 5, stride=1, padding=2, bias=False),
            nn.BatchNorm2d(chans[1]),
            act(),
        ]
        outs = chans[2:] + [cfg.image_channels]
        for i, (c_in, c_out) in enumerate(zip(chans[1:], outs)):
            last = i == n_up - 1
            layers.append(nn.ConvTranspose2d(c_in, c_out, 5, stride=2, padding=2, output_padding=1, bias=last))
            layers += [nn.Tanh()] if last else [nn.BatchNorm2d(c_out), act()]
        self.net = nn.Sequential(*layers)

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        return self.net(self.project(z).view(-1, *self.start_shape))


class DCGANDiscriminator(nn.Module):
    def __init__(self, cfg: TrainConfig) -> None:
        super().__init__()
        start, n_down = _plan(cfg)
        gan = cfg.gan
        layers: list[nn.Module] = []
        c_in = cfg.image_channels * gan.pack  # PacGAN: a pack's samples side by side as channels
        for i in range(n_down):
            c_out = (gan.d_width or cfg.width) * 2**i
            layers += [nn.Conv2d(c_in, c_out, 5, stride=2, padding=2), activation(cfg.activation)]
            if gan.dropout > 0:
                layers.append(Dropout(gan.dropout))
            c_in = c_out
        layers += [nn.Flatten(), nn.Linear(c_in * start * start, 1)]
        self.net = nn.Sequential(*layers)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.net(x).squeeze(1)
