"""The three losses of the lesson (docs/lessons.md, row 7), on feature maps [B, C, H, W] of the loss network.

- content: how far the picture's features are from the photo's (mean squared error);
- style: how far their Gram matrices are from the painting's. A Gram matrix holds, for every pair
  of channels, how much they fire together anywhere in the picture: where things are is summed
  away, what goes with what (colours, strokes, textures) stays. That is "style" to the network;
- total variation: the mean distance between neighbouring pixels, so the picture stays smooth.
"""

from __future__ import annotations

from collections.abc import Mapping

import torch
import torch.nn.functional as F


def gram(features: torch.Tensor) -> torch.Tensor:
    """[B, C, H, W] → [B, C, C]: channel i · channel j summed over positions, divided by C·H·W
    (as the PyTorch tutorial does, so the numbers do not grow with the picture). The sums are
    taken in fp32 whatever the features' precision: bf16 sums of 65,536 positions lose the style.

    Fast on channels_last features: there [H·W, C] is a view, Fᵀ·F one matrix product, and its
    gradient one more, F·(dG + dGᵀ), taken in the features' own precision (bf16 features get a
    bf16 gradient anyway). Autograd would take two products and an add, in fp32, after copying F
    to a layout bmm likes: 2–3× slower (bench/style_speed.py)."""
    b, c, h, w = features.shape
    f = features.permute(0, 2, 3, 1).reshape(b, h * w, c)  # a view of channels_last features
    return _Gram.apply(f, c * h * w)


CHUNK = 256  # positions per bf16 partial Gram product


class _Gram(torch.autograd.Function):
    """Fᵀ·F / n for F [B, positions, channels], with its gradient written out: d(FᵀF) = F·(dG + dGᵀ).
    (The whole batch in one Function: indexing it would zero-fill and copy a feature-sized
    gradient per picture on the way back.)"""

    @staticmethod
    def forward(ctx, f: torch.Tensor, n: int) -> torch.Tensor:
        ctx.save_for_backward(f)
        ctx.n = n
        if f.dtype != torch.bfloat16:
            return (f.transpose(1, 2) @ f) / n
        # bf16 features: products of 256 positions at a time in bf16 (each summed in fp32 inside the
        # matrix unit, then rounded), the partial sums added in fp32: 4× faster than one fp32
        # product, within 1e-3 of it
        out = []
        for one in f:
            positions, channels = one.shape
            k = positions // CHUNK
            chunks = one[: k * CHUNK].reshape(k, CHUNK, channels)
            g = torch.bmm(chunks.transpose(1, 2), chunks).float().sum(0)
            rest = one[k * CHUNK :].float()
            out.append(g + rest.t() @ rest)
        return torch.stack(out) / n

    @staticmethod
    def backward(ctx, grad: torch.Tensor):
        (f,) = ctx.saved_tensors
        return f @ ((grad + grad.transpose(1, 2)) / ctx.n).to(f.dtype), None


def content_loss(
    features: Mapping[str, torch.Tensor],
    targets: Mapping[str, torch.Tensor],
    weights: Mapping[str, float] | None = None,
) -> torch.Tensor:
    """Σ over content layers of weight · the mean squared difference of the features (in fp32)."""
    weights = weights or {}
    return sum(weights.get(name, 1.0) * _MeanSquare.apply(features[name], target) for name, target in targets.items())


class _MeanSquare(torch.autograd.Function):
    """mean((f − t)²) in fp32 for bf16 or fp32 features f, its gradient 2(f − t)/N in f's precision:
    one difference kept for the way back, where F.mse_loss on f.float() makes four passes more
    over a feature-sized tensor (a cast, its gradient's zero fill, add and cast back)."""

    @staticmethod
    def forward(ctx, f: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
        diff = f.float() - target
        ctx.save_for_backward(diff)
        ctx.dtype = f.dtype
        return diff.pow(2).mean()

    @staticmethod
    def backward(ctx, grad: torch.Tensor):
        (diff,) = ctx.saved_tensors
        return (diff * (2 * grad / diff.numel())).to(ctx.dtype), None


def style_loss(
    features: Mapping[str, torch.Tensor], grams: Mapping[str, torch.Tensor], weights: Mapping[str, float] | None = None
) -> torch.Tensor:
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
