"""Plain-language warnings about the adversarial game, read off the recorded per-step numbers."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Alert:
    kind: str  # "d_wins"
    since_step: int


def diagnose(series: dict[str, list[float]], *, window: int = 200) -> list[Alert]:
    """D wins: over the last `window` recorded steps D calls almost every fake fake (mean
    D(G(z)) < 0.05) while still trusting the real pictures (mean D(x) > 0.8), so G's gradient
    vanishes and it stops improving (the lesson on training problems)."""
    steps = series.get("step", [])
    if len(steps) < window:
        return []
    fake = sum(series["d_fake"][-window:]) / window
    real = sum(series["d_real"][-window:]) / window
    if fake < 0.05 and real > 0.8:
        return [Alert("d_wins", steps[-window])]
    return []
