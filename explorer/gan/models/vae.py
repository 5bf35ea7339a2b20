"""A variational autoencoder (Kingma & Welling 2013, arXiv:1312.6114): the notes' contrast to a GAN.

The encoder reads a picture and says where in the latent space it lies, as a Gaussian: a mean μ
and a log-variance log σ². The decoder draws a picture from a latent point, like a GAN's G. It is
trained to rebuild each picture from a point drawn near its μ (reconstruction), while the KL term
keeps every picture's Gaussian close to N(0, I), so that points drawn from N(0, I) decode to
pictures and nearby points to similar ones: the latent space is smooth by construction.
Rebuilding in the mean makes a VAE's pictures blurrier than a GAN's (docs/lessons.md).

Encoder: image → flatten → encoder_hidden widths → [B, 2·latent] (μ, log σ²).
Decoder: z → g_hidden widths → [B, C·H·W] logits; the picture is tanh(logits / 2) = 2σ(logits) − 1,
in [-1, 1] like a GAN's, and the reconstruction loss is the Bernoulli one on the logits.
"""

from __future__ import annotations

import math

import torch
from torch import nn

from explorer.gan.config import TrainConfig
from explorer.gan.models.layers import activation


def _mlp(widths: list[int], act: str) -> nn.Sequential:
    layers: list[nn.Module] = []
    for i, (a, b) in enumerate(zip(widths, widths[1:])):
        layers.append(nn.Linear(a, b))
        if i < len(widths) - 2:
            layers.append(activation(act))
    return nn.Sequential(*layers)


class VAEDecoder(nn.Module):
    """The VAE's generator: z [B, latent] → picture [B, C, H, W] in [-1, 1]."""

    def __init__(self, cfg: TrainConfig) -> None:
        super().__init__()
        self.image_shape = cfg.image_shape
        self.net = _mlp([cfg.latent_dim, *cfg.g_hidden, math.prod(self.image_shape)], cfg.activation)

    def logits(self, z: torch.Tensor) -> torch.Tensor:
        return self.net(z).view(-1, *self.image_shape)

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        return torch.tanh(self.logits(z) / 2)


class VAEEncoder(nn.Module):
    """Picture [B, C, H, W] → (μ, log σ²), each [B, latent]."""

    def __init__(self, cfg: TrainConfig) -> None:
        super().__init__()
        self.latent_dim = cfg.latent_dim
        self.net = nn.Sequential(
            nn.Flatten(),
            _mlp([math.prod(cfg.image_shape), *cfg.vae.encoder_hidden, 2 * cfg.latent_dim], cfg.activation),
        )

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        mu, log_var = self.net(x).chunk(2, dim=1)
        return mu, log_var.clamp(-12.0, 8.0)  # σ from 0.0025 to 55: exp() cannot overflow


def vae_losses(encoder: VAEEncoder, decoder: VAEDecoder, x: torch.Tensor, rng: torch.Generator | None):
    """(reconstruction, KL), each per picture and averaged over the batch [0-d tensors], for real
    pictures `x` in [-1, 1]; the latent sample μ + σ·ε takes ε from `rng` (the reparametrisation)."""
    mu, log_var = encoder(x)
    eps = torch.randn(mu.shape, device=mu.device, generator=rng, dtype=mu.dtype)
    z = mu + torch.exp(0.5 * log_var) * eps
    target = (x + 1) / 2  # the pixels as probabilities of "ink"
    recon = nn.functional.binary_cross_entropy_with_logits(decoder.logits(z), target, reduction="sum") / len(x)
    kl = -0.5 * torch.sum(1 + log_var - mu.pow(2) - log_var.exp()) / len(x)
    return recon, kl


@torch.no_grad()
def reconstruct(encoder: VAEEncoder, decoder: VAEDecoder, x: torch.Tensor) -> torch.Tensor:
    """The decoder's picture of each real picture's mean latent point (no sampling): what the VAE
    keeps of a picture."""
    mu, _ = encoder(x)
    return decoder(mu)
