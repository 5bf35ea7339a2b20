"""Model families: `build_models(cfg)` returns G and the net its objective trains beside it: a
GAN's discriminator, or the VAE's encoder (G is then the decoder: it draws pictures from latent
points as a GAN's G does)."""

from __future__ import annotations

import torch
from torch import nn

from explorer.gan.config import TrainConfig
from explorer.gan.models.dcgan import DCGANDiscriminator, DCGANGenerator
from explorer.gan.models.layers import Dropout, init_weights
from explorer.gan.models.mlp import MLPDiscriminator, MLPGenerator, standardize_to
from explorer.gan.models.vae import VAEDecoder, VAEEncoder

__all__ = ["build_models", "build_generator", "Dropout", "pack_pictures", "standardize_to"]


def build_generator(cfg: TrainConfig) -> nn.Module:
    if cfg.arch == "vae":
        return VAEDecoder(cfg)
    return DCGANGenerator(cfg) if cfg.arch == "dcgan" else MLPGenerator(cfg)


def build_models(cfg: TrainConfig, rng: torch.Generator | None = None) -> tuple[nn.Module, nn.Module]:
    """G and its second net (D, or the VAE's encoder) on the CPU, initialised from a CPU `rng`
    (seeded from cfg.seed when not given)."""
    if rng is None:
        rng = torch.Generator().manual_seed(cfg.seed)
    G = build_generator(cfg)
    second = {"dcgan": DCGANDiscriminator, "vae": VAEEncoder}.get(cfg.arch, MLPDiscriminator)(cfg)
    init_weights(G, rng)
    init_weights(second, rng)
    return G, second


def pack_pictures(images: torch.Tensor, pack: int) -> torch.Tensor:
    """PacGAN's input to D: every `pack` consecutive pictures [N, C, …] side by side as channels,
    [N / pack, C · pack, …] (the MLP's D flattens them into one long vector)."""
    if pack == 1:
        return images
    n, c, *rest = images.shape
    return images.reshape(n // pack, c * pack, *rest)
