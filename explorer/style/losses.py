"""The three losses of the lesson (GUIDE §1 row 7), on feature maps [B, C, H, W] of the loss network.

- content: how far the picture's features are from the photo's (mean squared error);
- style: how far their Gram matrices are from the painting's. A Gram matrix holds, for every pair
  of channels, how much they fire together anywhere in the picture: where things are is summed
  away, what goes with what (colours, strokes, textures) stays. That is "style" to the network;
- total variation: the mean distance between neighbouring pixels, so the picture stays smooth.
"""

from __future__ import annotations

from typing import Mapping

import torch
import torch.nn.functional as F


def gram(features: torch.Tensor) -> torch.Tensor:
    """[B, C, H, W] → [B, C, C]: channel i · channel j summed over positions, divided by C·H·W
    (as the PyTorch tutorial does, so the numbers do not grow with the picture). Computed in fp32
    whatever the features' precision: bf16 sums of 65,536 positions lose the style."""
    b, c, h, w = features.shape
    f = features.float().reshape(b, c, h * w)
    return torch.bmm(f, f.transpose(1, 2)) / (c * h * w)


def content_loss(features: Mapping[str, torch.Tensor], targets: Mapping[str, torch.Tensor]) -> torch.Tensor:
    """Σ over content layers of the mean squared difference of the features."""
    return sum(F.mse_loss(features[name].float(), target) for name, target in targets.items())


def style_loss(features: Mapping[str, torch.Tensor], grams: Mapping[str, torch.Tensor],
               weights: Mapping[str, float] | None = None) -> torch.Tensor:
    """Σ over style layers of weight · the mean squared difference of the Gram matrices."""
    weights = weights or {}
    return sum(weights.get(name, 1.0) * F.mse_loss(gram(features[name]), target) for name, target in grams.items())


def tv_loss(picture: torch.Tensor, eps: float = 1e-8) -> torch.Tensor:
    """The mean distance between each pixel and its right and lower neighbours, √(dx² + dy²)
    over the colour channels: 0 for a flat picture, larger the noisier it is. (The root keeps
    edges cheaper than a squared penalty would; eps keeps its gradient finite where it is flat.)"""
    dx = picture[..., :-1, 1:] - picture[..., :-1, :-1]
    dy = picture[..., 1:, :-1] - picture[..., :-1, :-1]
    return (dx.pow(2).sum(1) + dy.pow(2).sum(1) + eps).sqrt().mean()
