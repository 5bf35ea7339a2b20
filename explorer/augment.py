"""DiffAugment (Zhao et al. 2020, arXiv:2006.10738): the same random, differentiable
augmentation of real and fake images before D, so that a discriminator trained on few images
(5,000 offline digits) cannot simply memorise them, while G still gets gradients through it.

Translation by up to 1/8 of the side and cutout of a square half the side, the paper's choice
for small data. Images are [N, C, H, W] in [-1, 1]; -1 (the background) fills what is exposed.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F


def diff_augment(x: torch.Tensor, rng: torch.Generator) -> torch.Tensor:
    return _cutout(_translate(x, rng), rng)


def _translate(x: torch.Tensor, rng: torch.Generator, ratio: float = 0.125) -> torch.Tensor:
    n, _, h, w = x.shape
    sh, sw = int(h * ratio + 0.5), int(w * ratio + 0.5)
    ty = torch.randint(-sh, sh + 1, (n, 1, 1), device=x.device, generator=rng)
    tx = torch.randint(-sw, sw + 1, (n, 1, 1), device=x.device, generator=rng)
    rows = (torch.arange(h, device=x.device).view(1, h, 1) + ty + 1).clamp(0, h + 1)  # [n, h, 1]
    cols = (torch.arange(w, device=x.device).view(1, 1, w) + tx + 1).clamp(0, w + 1)  # [n, 1, w]
    padded = F.pad(x, [1, 1, 1, 1], value=-1.0)  # a background border that shifted pixels read
    batch = torch.arange(n, device=x.device).view(n, 1, 1)
    return padded.permute(0, 2, 3, 1)[batch, rows, cols].permute(0, 3, 1, 2)


def _cutout(x: torch.Tensor, rng: torch.Generator, ratio: float = 0.5) -> torch.Tensor:
    n, _, h, w = x.shape
    ch, cw = int(h * ratio + 0.5), int(w * ratio + 0.5)
    cy = torch.randint(0, h + (1 - ch % 2), (n, 1, 1), device=x.device, generator=rng)
    cx = torch.randint(0, w + (1 - cw % 2), (n, 1, 1), device=x.device, generator=rng)
    ys = torch.arange(h, device=x.device).view(1, h, 1)
    xs = torch.arange(w, device=x.device).view(1, 1, w)
    inside = ((ys - cy).abs() <= ch // 2) & ((xs - cx).abs() <= cw // 2)  # [n, h, w]
    return torch.where(inside.unsqueeze(1), torch.full_like(x, -1.0), x)
