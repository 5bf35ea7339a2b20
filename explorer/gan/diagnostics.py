"""Plain-language warnings about the adversarial game, read off the recorded per-step numbers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import torch

if TYPE_CHECKING:
    from explorer.gan.config import TrainConfig

FIXES = ("lower_lr_d", "skip_d", "smooth", "lower_lr", "seed")  # the notes' fixes, in the order they are offered


@dataclass(frozen=True)
class Alert:
    kind: str  # "d_wins" | "mode_collapse" | "no_variety"
    detail: str = ""  # mode_collapse: the digits G draws most; no_variety: the variety, as a percentage
    fixes: tuple[str, ...] = ()  # of FIXES: what to try, leaving out what the run already does
    # The numbers behind `detail`, for a page to write its own way: mode_collapse: (digit, share)
    # of the three commonest; no_variety: ("", variety).
    shares: tuple[tuple[str, float], ...] = ()


def fixes(kind: str, cfg: TrainConfig | None) -> tuple[str, ...]:
    """The notes' fixes for an alert, without those the run's settings already apply (an alert that
    advised smoothing the real labels to 0.9 to a recipe that already had 0.9 was no help)."""
    gan = cfg.gan if cfg is not None and not cfg.is_vae else None
    smoothed = gan is not None and gan.real_label <= 0.9 + 1e-9
    skipping = gan is not None and gan.d_skip_below > 0
    if kind == "d_wins":
        return ("lower_lr_d",) + (() if skipping else ("skip_d",)) + (() if smoothed else ("smooth",))
    return (() if smoothed else ("smooth",)) + ("lower_lr", "seed")


def diagnose(
    series: dict[str, list[float]], epochs: list[dict] = (), *, window: int = 200, cfg: TrainConfig | None = None
) -> list[Alert]:
    """The two failures of the lesson on training problems:
    - D wins (GANs): over the last `window` recorded steps D calls almost every fake fake (mean
      D(G(z)) < 0.05) while trusting the real pictures (mean D(x) > 0.8): G's gradient vanishes.
    - Mode collapse: after 5 epochs, the judge finds G drawing some digit in over 30% of its
      samples, or some digit in under 2% (a uniform share is 10%); or, for any pictures, G's
      samples have stopped varying: their `variety` is under 0.3 (measured: healthy runs sit at
      0.75-1.0 from epoch 3 on, MNIST and photos alike; an untrained G at 0.01-0.09).
    While D wins, the mode-collapse alerts are left out: its cause is D, and the fixes are D's; and
    when the pictures do not vary, the judge's reading of the one picture is left out (the judge
    reads a smudge as some digit too).
    Each alert carries the fixes worth trying with `cfg`, the run's settings (all of them without)."""
    alerts = []
    steps = series.get("step", [])
    if len(steps) >= window and "d_fake" in series:  # a GAN's (a VAE has no D)
        fake = sum(series["d_fake"][-window:]) / window
        real = sum(series["d_real"][-window:]) / window
        if fake < 0.05 and real > 0.8:
            alerts.append(Alert("d_wins", fixes=fixes("d_wins", cfg)))
    if alerts:  # D wins: G never learns to draw, and a G that draws nothing varies nothing; say the cause only
        return alerts
    if epochs and epochs[-1]["epoch"] >= 5 and epochs[-1].get("variety", 1.0) < 0.3:
        # one picture for every z: the judge's reading of it (a smudge reads as some digit too) adds nothing
        spread = epochs[-1]["variety"]
        return [Alert("no_variety", f"{spread:.0%}", fixes("no_variety", cfg), (("", spread),))]
    scored = [e for e in epochs if "quality" in e]
    if scored and scored[-1]["epoch"] >= 5:
        shares = scored[-1]["quality"]["class_fractions"]
        if max(shares) > 0.30 or min(shares) < 0.02:
            top = sorted(range(len(shares)), key=lambda d: -shares[d])[:3]
            alerts.append(
                Alert(
                    "mode_collapse",
                    ", ".join(f"{d} ({shares[d]:.0%})" for d in top),
                    fixes("mode_collapse", cfg),
                    tuple((str(d), shares[d]) for d in top),
                )
            )
    return alerts


def variety(samples: torch.Tensor, real: torch.Tensor) -> float:
    """How different G's samples are from one another, relative to real pictures: the mean
    pairwise (L2) distance between samples over the same for as many real pictures. Near 1 in a
    healthy run; near 0 when G draws (almost) the same picture whatever z is: mode collapse,
    seen without a judge, so for any dataset."""

    def spread(x: torch.Tensor) -> float:
        return float(torch.pdist(x.flatten(1).float()).mean())

    return spread(samples) / max(spread(real), 1e-8)
