"""Preserving the photo's colours (Gatys et al. 2016, "Preserving color in neural artistic style
transfer", luminance-only transfer): keep the painted picture's light (Y, its brushwork) and put
back the photo's colour (Cb, Cr), in the ITU-R BT.601 YCbCr that JPEG uses. As in the paper, the
painted light is first matched to the photo's mean and spread: a dark painting would otherwise
leave no room for the photo's colours (a colour needs some light to show)."""

from __future__ import annotations

import torch

_TO_YCBCR = torch.tensor([[0.299, 0.587, 0.114], [-0.168736, -0.331264, 0.5], [0.5, -0.418688, -0.081312]])


def to_ycbcr(rgb: torch.Tensor) -> torch.Tensor:
    """[B, 3, H, W] RGB in [0, 1] → Y in [0, 1], Cb and Cr in [-0.5, 0.5]."""
    return torch.einsum("ij,bjhw->bihw", _TO_YCBCR.to(rgb), rgb)


def to_rgb(ycbcr: torch.Tensor) -> torch.Tensor:
    return torch.einsum("ij,bjhw->bihw", torch.linalg.inv(_TO_YCBCR).to(ycbcr), ycbcr)


def keep_colors(painted: torch.Tensor, photo: torch.Tensor) -> torch.Tensor:
    """The painted picture's luminance (matched to the photo's mean and spread) with the photo's
    chroma; both [B, 3, H, W] in [0, 1], the same size."""
    if painted.shape != photo.shape:
        raise ValueError(f"the painted picture is {tuple(painted.shape)} and the photo {tuple(photo.shape)}")
    light, photo_ycc = to_ycbcr(painted)[:, :1], to_ycbcr(photo)
    mean, std = light.mean((2, 3), keepdim=True), light.std((2, 3), keepdim=True).clamp_min(1e-3)
    target_mean, target_std = photo_ycc[:, :1].mean((2, 3), keepdim=True), photo_ycc[:, :1].std((2, 3), keepdim=True)
    light = (light - mean) / std * target_std + target_mean
    mixed = torch.cat([light, photo_ycc[:, 1:]], dim=1)
    return to_rgb(mixed).clamp(0, 1)
