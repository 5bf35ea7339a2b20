"""Turning image tensors into pictures: one `make_grid` PNG, upscaled without blurring."""

from __future__ import annotations

import io

import torch
from PIL import Image
from torchvision.utils import make_grid


def to_unit(images: torch.Tensor) -> torch.Tensor:
    """[-1, 1] (the generator's tanh range) → [0, 1]."""
    return ((images.detach().float().cpu() + 1) / 2).clamp_(0, 1)


def grid_image(images: torch.Tensor, *, nrow: int | None = None, scale: int = 4, padding: int = 2) -> Image.Image:
    """[N, C, H, W] in [-1, 1] → one PIL image, `scale`× larger with nearest-neighbour (crisp pixels)."""
    n = images.shape[0]
    nrow = nrow or max(1, round(n**0.5))
    grid = make_grid(to_unit(images), nrow=nrow, padding=padding, pad_value=1.0)  # [3, H', W'] in [0, 1]
    array = (grid.permute(1, 2, 0).mul(255).round().to(torch.uint8)).numpy()
    picture = Image.fromarray(array[..., 0] if images.shape[1] == 1 else array)
    return picture.resize((picture.width * scale, picture.height * scale), Image.Resampling.NEAREST)


def png_bytes(picture: Image.Image) -> bytes:
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG", optimize=False)
    return buffer.getvalue()


def grid_png(images: torch.Tensor, **kwargs) -> bytes:
    return png_bytes(grid_image(images, **kwargs))
