"""The baseline: an MNIST MLP GAN written the way most PyTorch tutorials write it.

A DataLoader over host tensors, a `.to(device)` copy and fresh label tensors per batch, sigmoid at
D's end with `nn.BCELoss`, and a `.item()` per step to log the losses. Same networks and
hyperparameters as the keras-mlp preset (docs/lessons.md, row 1), so only the loop differs.
"""

from __future__ import annotations

import time

import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset


def make_models(latent: int = 100):
    G = nn.Sequential(
        nn.Linear(latent, 256),
        nn.LeakyReLU(0.2),
        nn.Linear(256, 512),
        nn.LeakyReLU(0.2),
        nn.Linear(512, 1024),
        nn.LeakyReLU(0.2),
        nn.Linear(1024, 784),
        nn.Tanh(),
    )
    D = nn.Sequential(
        nn.Linear(784, 1024),
        nn.LeakyReLU(0.2),
        nn.Dropout(0.3),
        nn.Linear(1024, 512),
        nn.LeakyReLU(0.2),
        nn.Dropout(0.3),
        nn.Linear(512, 256),
        nn.LeakyReLU(0.2),
        nn.Linear(256, 1),
        nn.Sigmoid(),
    )
    return G, D


class TutorialGAN:
    def __init__(self, images: torch.Tensor, device: torch.device, batch_size: int = 128, latent: int = 100):
        self.device, self.latent = device, latent
        self.G, self.D = (m.to(device) for m in make_models(latent))
        self.g_opt = torch.optim.Adam(self.G.parameters(), lr=2e-4, betas=(0.5, 0.999))
        self.d_opt = torch.optim.Adam(self.D.parameters(), lr=2e-4, betas=(0.5, 0.999))
        self.criterion = nn.BCELoss()
        self.loader = DataLoader(TensorDataset(images.cpu()), batch_size=batch_size, shuffle=True, drop_last=True)
        self.d_losses: list[float] = []
        self.g_losses: list[float] = []

    def train(self, seconds: float) -> int:
        """Train for about `seconds`; returns the number of real images D saw."""
        seen, start = 0, time.perf_counter()
        while True:
            for (real,) in self.loader:
                real = real.view(real.size(0), -1).to(self.device)
                b = real.size(0)
                real_labels = torch.full((b, 1), 0.9, device=self.device)
                fake_labels = torch.zeros(b, 1, device=self.device)
                self.d_opt.zero_grad()
                loss_real = self.criterion(self.D(real), real_labels)
                fake = self.G(torch.randn(b, self.latent, device=self.device))
                loss_fake = self.criterion(self.D(fake.detach()), fake_labels)
                d_loss = loss_real + loss_fake
                d_loss.backward()
                self.d_opt.step()
                self.g_opt.zero_grad()
                g_loss = self.criterion(self.D(fake), torch.ones(b, 1, device=self.device))
                g_loss.backward()
                self.g_opt.step()
                self.d_losses.append(d_loss.item())
                self.g_losses.append(g_loss.item())
                seen += b
                if time.perf_counter() - start >= seconds:
                    return seen

    @torch.no_grad()
    def sample(self, z: torch.Tensor) -> torch.Tensor:
        self.G.eval()
        out = self.G(z.to(self.device)).view(-1, 1, 28, 28).cpu()
        self.G.train()
        return out
