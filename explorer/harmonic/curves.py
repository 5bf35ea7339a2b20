"""The harmonic GAN's data: points on a curve in the plane, and how close a generator gets to it.

The student slides' target is y = sin x with x uniform on [0, 2π] (docs/lessons.md, row 4). A `Curve`
also makes a sine with another amplitude, frequency or phase, a sum of harmonics, noise on y, and
two shapes that are not functions of x (a circle, two moons), so a class can see what a GAN does
with a target that has a hole or two pieces.

Every curve has a parameter t in [0, 1] that its real points are spread uniformly over (x / 2π
for functions of x, the angle for the circle, the position along the moons). The metrics:
- distance: mean distance of generated points to the curve; for a function the vertical distance
  |y − f(x)| (the lesson's "how far from sin x"), for the shapes the distance to the nearest point;
- within: the share of points closer than 0.1;
- coverage: Wasserstein-1 distance between the generated points' t and the uniform, in the units
  of x (t·2π): how evenly the points cover the curve (0 = evenly; a GAN that draws one half of
  the curve scores ~1.6). 1,000 truly uniform points alone score ≈ 0.06, 10,000 ≈ 0.02;
- js: Jensen–Shannon divergence between real and generated points binned on a grid (GAN Lab's
  chart), in bits: 0 = same, 1 = disjoint.
"""

from __future__ import annotations

import functools
import math
from dataclasses import asdict, dataclass

import torch

from explorer.data.datasets import ImageData
from explorer.settings import check_fields, setting

KINDS = ("sine", "circle", "moons")
TWO_PI = 2 * math.pi
WITHIN = 0.1  # "close to the curve"
GRID = 48  # cells per side for the Jensen–Shannon divergence


@dataclass(frozen=True)
class Curve:
    kind: str = setting("sine", "the curve: a sine (a function of x, with harmonics), a circle or two moons")
    amplitude: float = setting(1.0, "the sine's height")
    frequency: float = setting(1.0, "the sine's waves per 2π")
    phase: float = setting(0.0, "the sine's shift along x, in radians")
    harmonics: tuple[float, ...] = setting((), "amplitudes of the 2nd, 3rd, … harmonic, relative to the 1st")
    noise: float = setting(0.0, "standard deviation of Gaussian noise on y (on both coordinates for shapes)")

    def __post_init__(self) -> None:
        check_fields(self)
        if self.kind not in KINDS:
            raise ValueError(f"the curve must be one of {', '.join(KINDS)}, not {self.kind!r}")
        if not 0 < abs(self.amplitude) <= 5:
            raise ValueError("the amplitude must be between 0 and 5 (and not 0)")
        if not 0 < self.frequency <= 10:
            raise ValueError("the frequency must be between 0 and 10 (and not 0)")
        if len(self.harmonics) > 6 or any(abs(h) > 2 for h in self.harmonics):
            raise ValueError("up to 6 harmonics, each with a relative amplitude between -2 and 2")
        if not 0 <= self.noise <= 1:
            raise ValueError("the noise must be between 0 and 1")

    @property
    def is_function(self) -> bool:
        return self.kind == "sine"

    def f(self, x: torch.Tensor) -> torch.Tensor:
        """y on the curve at x (functions of x only)."""
        u = self.frequency * x + self.phase
        y = torch.sin(u)
        for k, h in enumerate(self.harmonics, start=2):
            y = y + h * torch.sin(k * u)
        return self.amplitude * y

    def at(self, t: torch.Tensor) -> torch.Tensor:
        """The noiseless curve at parameters t in [0, 1] → [len(t), 2]."""
        if self.kind == "sine":
            x = t * TWO_PI
            return torch.stack([x, self.f(x)], dim=1)
        if self.kind == "circle":  # centred at (π, 0), so it sits where the sine does
            angle = t * TWO_PI
            return torch.stack([math.pi + self.amplitude * torch.cos(angle), self.amplitude * torch.sin(angle)], 1)
        # two moons (scikit-learn's shape), stretched over [0, 2π] like the sine: t < ½ the upper one
        upper = t < 0.5
        angle = torch.where(upper, t * 2, t * 2 - 1) * math.pi
        x = torch.where(upper, torch.cos(angle), 1 - torch.cos(angle))
        y = torch.where(upper, torch.sin(angle), 0.5 - torch.sin(angle)) - 0.25
        return torch.stack([(x + 1) / 3 * TWO_PI, self.amplitude * y * 1.6], dim=1)

    def sample(self, n: int, generator: torch.Generator) -> torch.Tensor:
        """n real points [n, 2]: t uniform, plus the noise."""
        points = self.at(torch.rand(n, generator=generator))
        if self.noise > 0:
            jitter = torch.randn(n, 2, generator=generator) * self.noise
            if self.is_function:
                jitter[:, 0] = 0  # "noise on y"
            points = points + jitter
        return points

    def dense(self, n: int = 4096) -> tuple[torch.Tensor, torch.Tensor]:
        """(t, points): the curve traced finely, to measure distances to it."""
        t = torch.linspace(0, 1, n)
        return t, self.at(t)

    def bounds(self) -> tuple[float, float, float, float]:
        """(x0, x1, y0, y1): a view of the plane that holds the curve with a margin."""
        pts = self.dense(1024)[1]
        pad = 0.35 + 2 * self.noise
        return (
            float(pts[:, 0].min()) - pad,
            float(pts[:, 0].max()) + pad,
            float(pts[:, 1].min()) - pad,
            float(pts[:, 1].max()) + pad,
        )

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> Curve:
        return cls(**{**d, "harmonics": tuple(d.get("harmonics", ()))})


def dataset(curve: Curve, n: int = 1024, seed: int = 0) -> ImageData:
    """The real points as the one trainer's data: `images` [n, 2] (a point is a 2-number "image")."""
    if not 16 <= n <= 1_000_000:
        raise ValueError("the number of real points must be between 16 and 1,000,000")
    points = curve.sample(n, torch.Generator().manual_seed(seed))
    return ImageData(points, torch.zeros(n, dtype=torch.long), "curve", f"{n:,} points on {describe(curve)}", ())


def describe(curve: Curve) -> str:
    if curve.kind == "circle":
        text = f"a circle of radius {curve.amplitude:g}"
    elif curve.kind == "moons":
        text = "two moons"
    else:
        u = "x" if curve.frequency == 1 else f"{curve.frequency:g}x"
        if curve.phase:
            u = f"{u} {'+' if curve.phase > 0 else '−'} {abs(curve.phase):g}"
        a = "" if curve.amplitude == 1 else f"{curve.amplitude:g}·"
        text = f"y = {a}sin({u})"
        if any(curve.harmonics):
            text += " with harmonics " + ", ".join(f"{h:g}" for h in curve.harmonics)
        text += ", x in [0, 2π]"
    return text + (f", noise {curve.noise:g}" if curve.noise else "")


@dataclass(frozen=True)
class Fit:
    distance: float  # mean distance to the curve
    within: float  # share of points closer than WITHIN
    coverage: float  # Wasserstein-1 of the curve parameter to the uniform, in units of x (t·2π)
    js: float  # Jensen–Shannon divergence of the binned points, bits

    def to_dict(self) -> dict:
        return asdict(self)


@functools.lru_cache(maxsize=32)
def reference(curve: Curve) -> torch.Tensor:
    """20,000 real points of `curve` (a fixed seed): what generated points are compared with.
    Made once per curve; do not modify the tensor."""
    return curve.sample(20_000, torch.Generator().manual_seed(12345))


@functools.lru_cache(maxsize=32)
def _reference_histogram(curve: Curve) -> torch.Tensor:
    return _histogram(reference(curve), curve.bounds(), GRID)


def measure(curve: Curve, points: torch.Tensor) -> Fit:
    """How well generated `points` [N, 2] fit `curve` (the Jensen–Shannon divergence against its
    `reference` points)."""
    points = points.detach().float().cpu()
    finite = torch.isfinite(points).all(dim=1)
    if not bool(finite.all()):  # a diverged G: count its NaNs as infinitely far
        points = torch.where(finite[:, None], points, torch.full_like(points, 1e6))
    if curve.is_function:
        x = points[:, 0]
        gap = (points[:, 1] - curve.f(x)).abs()
        t = x / TWO_PI
    else:
        t_dense, dense = curve.dense()
        nearest, gap = _nearest(points, dense)
        t = t_dense[nearest]
    return Fit(
        float(gap.mean()),
        float((gap < WITHIN).float().mean()),
        wasserstein_to_uniform(t) * TWO_PI,
        js_divergence(_reference_histogram(curve), _histogram(points, curve.bounds(), GRID)),
    )


def _nearest(points: torch.Tensor, dense: torch.Tensor, chunk: int = 2048) -> tuple[torch.Tensor, torch.Tensor]:
    """Index of and distance to the nearest dense curve point, for each point (chunked: N × 4096)."""
    idx, dist = [], []
    for part in points.split(chunk):
        d = torch.cdist(part, dense)
        m = d.min(dim=1)
        idx.append(m.indices)
        dist.append(m.values)
    return torch.cat(idx), torch.cat(dist)


def wasserstein_to_uniform(t: torch.Tensor, steps: int = 4096) -> float:
    """W1 between the empirical distribution of t and Uniform[0, 1]: ∫|F_n(u) − F(u)| du over
    the span of both (points outside [0, 1] count, at their distance)."""
    t = torch.sort(t.double().clamp(-10, 11)).values
    lo, hi = min(0.0, float(t[0])), max(1.0, float(t[-1]))
    grid = torch.linspace(lo, hi, steps, dtype=torch.float64)
    empirical = torch.searchsorted(t, grid, right=True).double() / len(t)
    uniform = grid.clamp(0, 1)
    return float(torch.trapezoid((empirical - uniform).abs(), grid))


def js_divergence(p: torch.Tensor, q: torch.Tensor) -> float:
    """Jensen–Shannon divergence (bits) between two histograms of points (`_histogram`)."""
    m = (p + q) / 2

    def kl(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
        nz = a > 0
        return (a[nz] * torch.log2(a[nz] / b[nz])).sum()

    return float((kl(p, m) + kl(q, m)) / 2)


def _histogram(points: torch.Tensor, bounds, cells: int) -> torch.Tensor:
    """Shares of `points` in a cells × cells grid over `bounds`, plus an "elsewhere" bin."""
    x0, x1, y0, y1 = bounds
    i = ((points[:, 0] - x0) / (x1 - x0) * cells).floor()
    j = ((points[:, 1] - y0) / (y1 - y0) * cells).floor()
    inside = (i >= 0) & (i < cells) & (j >= 0) & (j < cells)
    flat = torch.where(inside, i * cells + j, torch.full_like(i, cells * cells)).long()
    counts = torch.bincount(flat, minlength=cells * cells + 1).double()
    return counts / counts.sum()
