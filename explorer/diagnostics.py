"""Plain-language warnings about the adversarial game, read off the recorded per-step numbers."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Alert:
    kind: str  # "d_wins" | "mode_collapse"
    detail: str = ""  # for mode_collapse: the digits G draws most


def diagnose(series: dict[str, list[float]], epochs: list[dict] = (), *, window: int = 200) -> list[Alert]:
    """The two failures of the lesson on training problems:
    - D wins: over the last `window` recorded steps D calls almost every fake fake (mean
      D(G(z)) < 0.05) while trusting the real pictures (mean D(x) > 0.8): G's gradient vanishes.
    - Mode collapse: after 5 epochs, the judge finds G drawing some digit in over 30% of its
      samples, or some digit in under 2% (a uniform share is 10%)."""
    alerts = []
    steps = series.get("step", [])
    if len(steps) >= window:
        fake = sum(series["d_fake"][-window:]) / window
        real = sum(series["d_real"][-window:]) / window
        if fake < 0.05 and real > 0.8:
            alerts.append(Alert("d_wins"))
    scored = [e for e in epochs if "quality" in e]
    if scored and scored[-1]["epoch"] >= 5:
        shares = scored[-1]["quality"]["class_fractions"]
        if max(shares) > 0.30 or min(shares) < 0.02:
            top = sorted(range(len(shares)), key=lambda d: -shares[d])[:3]
            alerts.append(Alert("mode_collapse", ", ".join(f"{d} ({shares[d]:.0%})" for d in top)))
    return alerts
