"""Walking a generator's latent space: interpolation, paths, principal directions, arithmetic,
and projecting a picture back to a latent point.

G is any generator module, [N, latent_dim] → [N, C, H, W] in [-1, 1], used in eval mode and
without gradients except in `project`. Latent points are drawn from explicit seeds, so a seed
names a point and a link can reproduce a view.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch
from torch import nn


def seed_point(seed: int, dim: int) -> torch.Tensor:
    """The latent point a seed names: [dim], standard normal."""
    return torch.randn(dim, generator=torch.Generator().manual_seed(int(seed)))


@torch.no_grad()
def sample(G: nn.Module, dim: int, n: int, seed: int, chunk: int = 1000) -> torch.Tensor:
    """G's pictures of n latent points drawn from one seed ([n, dim] standard normal), made
    `chunk` at a time: what `sample` writes and what `ship` and the shipped-generator checks judge."""
    z = torch.randn(n, dim, generator=torch.Generator().manual_seed(int(seed)))
    return torch.cat([G(z[i : i + chunk]) for i in range(0, n, chunk)])


def lerp(a: torch.Tensor, b: torch.Tensor, t: torch.Tensor | float) -> torch.Tensor:
    """Straight line from a to b. t: scalar or [T] → [dim] or [T, dim]."""
    t = torch.as_tensor(t, dtype=a.dtype)
    return a + (b - a) * (t[..., None] if t.ndim else t)


def slerp(a: torch.Tensor, b: torch.Tensor, t: torch.Tensor | float) -> torch.Tensor:
    """Along the great circle from a to b, the norm moving smoothly from |a| to |b|.

    A Gaussian latent's mass lies on a thin shell of radius ≈ √dim; the straight line between
    two shell points dips inside it (by ~30% halfway for independent points), where G saw no
    training samples. Slerp stays on the shell (White 2016, arXiv:1609.04468)."""
    t = torch.as_tensor(t, dtype=a.dtype)
    tt = t[..., None] if t.ndim else t
    na, nb = a.norm(), b.norm()
    ua, ub = a / na, b / nb
    omega = torch.arccos((ua * ub).sum().clamp(-1 + 1e-7, 1 - 1e-7))
    if omega < 1e-4:  # (almost) the same direction: slerp degenerates to lerp
        return lerp(a, b, t)
    direction = (torch.sin((1 - tt) * omega) * ua + torch.sin(tt * omega) * ub) / torch.sin(omega)
    return direction * (na + (nb - na) * tt)


def interpolate(a: torch.Tensor, b: torch.Tensor, t, mode: str = "slerp") -> torch.Tensor:
    if mode not in ("lerp", "slerp"):
        raise ValueError(f"mode must be lerp or slerp, not {mode!r}")
    return (slerp if mode == "slerp" else lerp)(a, b, t)


def path(points: torch.Tensor, frames_per_leg: int, mode: str = "slerp", *, loop: bool = False) -> torch.Tensor:
    """Through the points [K, dim] in order (back to the first if `loop`): [frames, dim], each
    leg `frames_per_leg` frames, no frame repeated where two legs meet."""
    if points.shape[0] < 2 or frames_per_leg < 1:
        raise ValueError("a path needs at least two points and one frame per leg")
    stops = torch.cat([points, points[:1]]) if loop else points
    t = torch.arange(frames_per_leg, dtype=points.dtype) / frames_per_leg
    legs = [interpolate(stops[i], stops[i + 1], t, mode) for i in range(len(stops) - 1)]
    return torch.cat(legs if loop else legs + [stops[-1:]])


@dataclass(frozen=True)
class Directions:
    """Principal directions of a generator (GANSpace, Härkönen et al. 2020, arXiv:2004.02546)."""

    vectors: torch.Tensor  # [k, latent_dim], unit length: move z along these
    spread: torch.Tensor  # [k]: the standard deviation of the samples' coordinate along each
    explained: torch.Tensor  # [k]: share of the early layer's variance each component explains


def principal_directions(G: nn.Module, latent_dim: int, *, k: int = 8, n: int = 2000, seed: int = 0) -> Directions:
    """GANSpace: sample n latents, take G's first layer's activations y, find their principal
    components V, then carry them back to the latent space by linear regression (the z that
    best produce each component's coordinate). PCA on z itself would find nothing: z is
    isotropic; the first layer is where G has shaped it."""
    z = torch.randn(n, latent_dim, generator=torch.Generator().manual_seed(seed))
    with torch.no_grad():
        y = first_layer(G)(z).flatten(1).double()
    y = y - y.mean(0)
    k = min(k, latent_dim, n - 1)
    s, v = _top_components(y, k, seed)
    x = y @ v  # [n, k] coordinates along the components
    u = torch.linalg.lstsq(x, z.double()).solution  # [k, latent_dim]: x @ u ≈ z
    vectors = (u / u.norm(dim=1, keepdim=True)).float()
    # an SVD's signs are arbitrary (and the randomized one's vary run to run): fix them, so that a
    # slider moves the same way in every session and a shared link means the same picture
    biggest = vectors.abs().argmax(dim=1)
    vectors = vectors * torch.sign(vectors[torch.arange(len(vectors)), biggest])[:, None]
    coords = z @ vectors.T
    explained = (s[:k] ** 2 / (y**2).sum()).float()
    return Directions(vectors, coords.std(0), explained)


def _top_components(y: torch.Tensor, k: int, seed: int, oversample: int = 8, iterations: int = 4):
    """Singular values [k] and right singular vectors [F, k] of y [n, F], by randomized subspace
    iteration (Halko et al. 2011) from a seeded start: a full SVD of [2000, 3136] takes seconds,
    and torch.pca_lowrank draws from the global RNG, so its answer would change run to run."""
    q = min(k + oversample, *y.shape)
    omega = torch.randn(y.shape[1], q, generator=torch.Generator().manual_seed(seed), dtype=y.dtype)
    basis, _ = torch.linalg.qr(y @ omega)
    for _ in range(iterations):
        basis, _ = torch.linalg.qr(y @ (y.T @ basis))
    _, s, vt = torch.linalg.svd(basis.T @ y, full_matrices=False)
    return s[:k], vt[:k].T


def first_layer(G: nn.Module) -> nn.Module:
    """The generator's first block: DCGAN's projection, or the MLP's first linear + activation."""
    if hasattr(G, "project"):
        return G.project
    net = G.net if hasattr(G, "net") else G
    children = list(net.children())
    return nn.Sequential(*children[:2])


def truncate(z: torch.Tensor, psi: float) -> torch.Tensor:
    """The truncation trick (Brock et al. 2018): pull z toward the mean (0); ψ < 1 trades
    variety for typical-looking samples."""
    return z * psi


def _read_samples(G: nn.Module, read, latent_dim: int, n: int, seed: int):
    """n seeded latent points and what `read` says of their pictures, 500 at a time: (z, its
    answer concatenated), or (z, (each part concatenated)) when `read` answers with a tuple."""
    z = torch.randn(n, latent_dim, generator=torch.Generator().manual_seed(seed))
    with torch.no_grad():
        said = [read(G(z[i : i + 500])) for i in range(0, n, 500)]
    if isinstance(said[0], tuple):
        return z, tuple(torch.cat(parts) for parts in zip(*said))
    return z, torch.cat(said)


def attribute_vector(
    G: nn.Module, classify, latent_dim: int, a: int, b: int, *, n: int = 4000, seed: int = 0
) -> tuple[torch.Tensor, int, int]:
    """Latent arithmetic: mean z of samples the judge calls `a` minus mean z of those it calls
    `b` (how many of each it found are returned too). `classify(images) → [N] labels`."""
    z, labels = _read_samples(G, classify, latent_dim, n, seed)
    za, zb = z[labels == a], z[labels == b]
    if len(za) == 0 or len(zb) == 0:
        missing = a if len(za) == 0 else b
        raise ValueError(f"G drew no {missing} among {n} samples: this generator cannot do that arithmetic")
    return za.mean(0) - zb.mean(0), len(za), len(zb)


def digit_points(
    G: nn.Module, read, latent_dim: int, *, per_digit: int = 8, n: int = 2000, seed: int = 1
) -> dict[int, torch.Tensor]:
    """Latent points as a class names them — "a 3", "a 7": of n random points, the `per_digit` whose
    pictures the judge is surest about, for each digit it read at least once ([k, latent_dim],
    surest first). `read(images) → (digit [N], confidence [N])`."""
    z, (digits, confidence) = _read_samples(G, read, latent_dim, n, seed)
    found = {}
    for digit in range(10):
        mine = (digits == digit).nonzero().flatten()
        if len(mine):
            found[digit] = z[mine[confidence[mine].argsort(descending=True)[:per_digit]]]
    return found


def project(
    G: nn.Module,
    target: torch.Tensor,
    latent_dim: int,
    *,
    judge: nn.Module | None = None,
    steps: int = 300,
    starts: int = 16,
    keep: int = 4,
    lr: float = 0.05,
    feature_weight: float = 1.0,
    seed: int = 0,
) -> tuple[torch.Tensor, list[float]]:
    """The latent point whose picture is closest to `target` ([1, C, H, W] in [-1, 1]): gradient
    descent on z (Adam), from the best `keep` of `starts` random points at once, with a soft pull
    keeping |z| near the shell G was trained on. Returns the best z [latent_dim] and its pixel
    loss per step.

    Pixels alone find blobs: a cleanly drawn 7 came back as a noisy shape the judge reads as a 2,
    because a blurry average is close in pixels to many digits. With a `judge`, the distance
    between the judge's features of the two pictures is added (relative to the target's), so the
    picture found must also look like the same digit to a network that reads digits. Optimising
    the best 4 starts at once instead of 1 costs twice the time and finds the drawn digit more
    often (bench/projection.py, tuned on the training digits)."""
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        target_features = judge.features(target) if judge is not None else None
        scale = feature_weight / target_features.pow(2).mean().clamp_min(1e-8) if judge is not None else 0.0

    def distance(z: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """(pixel MSE, total loss) per latent point."""
        picture = G(z)
        pixel = ((picture - target) ** 2).flatten(1).mean(1)
        total = pixel
        if target_features is not None:
            f = judge.features(picture)
            total = total + scale * ((f - target_features) ** 2).mean(1)
        return pixel, total

    with torch.no_grad():
        candidates = torch.randn(starts, latent_dim, generator=g)
        _, total = distance(candidates)
    z = candidates[total.argsort()[:keep]].clone().requires_grad_(True)
    optimiser = torch.optim.Adam([z], lr=lr)
    radius = math.sqrt(latent_dim)
    losses = []
    for _ in range(steps):
        pixel, total = distance(z)
        loss = (total + 1e-3 * (z.norm(dim=1) - radius) ** 2).sum()
        # the gradient of z alone: G may be a model every session shares, and must not collect any
        (z.grad,) = torch.autograd.grad(loss, [z])
        optimiser.step()
        losses.append(float(pixel.detach().min()))
    with torch.no_grad():
        _, total = distance(z)
    return z.detach()[total.argmin()], losses
