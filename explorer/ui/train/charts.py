"""The Train page's Plotly figures: per-step curves (raw and smoothed) with per-epoch dots, and
the judge's verdict per epoch. Plain functions of the numbers; the page decides when to draw."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from explorer.ui.text import chart_numbers, percent_affixes, t, tr
from explorer.ui.train.words import CURVES

CHART_POINTS = 300  # per curve: more points cost the browser redraw time, not information
COLOURS = {
    "d_loss": "#dc2626",
    "g_loss": "#2563eb",
    "d_real": "#dc2626",
    "d_fake": "#2563eb",
    "recon": "#059669",
    "kl": "#d97706",
}  # by metric (explorer/gan/metrics.py metric_names)
MAX_EPOCH_DOTS = 100


def add_epoch_means(fig: go.Figure, epochs: list[dict], steps_per_epoch: int, keys: tuple[str, ...]) -> None:
    """Each epoch's mean of each metric in `keys` as a dot at the epoch's last step: the per-epoch
    curve, and the points a click selects (Plotly selects markers, not lines)."""
    epochs = epochs[:: max(1, len(epochs) // MAX_EPOCH_DOTS)]
    x = [e["epoch"] * steps_per_epoch for e in epochs]
    for key in keys:
        name, colour = tr(CURVES[key]), COLOURS[key]
        fig.add_scatter(
            x=x,
            y=[e[key] for e in epochs],
            mode="lines+markers",
            customdata=[e["epoch"] for e in epochs],
            name=f"{name}, {t('per_epoch')}",
            showlegend=False,
            line={"color": colour, "width": 1, "dash": "dot"},
            marker={"color": colour, "size": 8 if len(x) <= 40 else 5, "line": {"color": "white", "width": 1}},
            hovertemplate=f"{t('axis_epoch')} %{{customdata}}: %{{y:.3f}}<extra>{name}</extra>",
        )


def step_figure(
    steps: list[int], curves: dict[str, list[float]], marker: int, y_range, hover: bool = True
) -> go.Figure:
    """Per-step curves (metric → values), raw (faint) and smoothed; `hover=False` leaves hovering
    and clicking to the epoch dots added on top."""
    fig = go.Figure()
    every = max(1, len(steps) // CHART_POINTS)  # smooth on every point, then draw a thinned curve
    x = steps[::every]
    for key, values in curves.items():
        fig.add_scatter(
            x=x,
            y=values[::every],
            mode="lines",
            line={"color": COLOURS[key], "width": 1},
            opacity=0.25,
            showlegend=False,
            hoverinfo="skip",
        )
        fig.add_scatter(
            x=x,
            y=smooth(values)[::every],
            mode="lines",
            name=tr(CURVES[key]),
            line={"color": COLOURS[key], "width": 2.5},
            hoverinfo=None if hover else "skip",
        )
    if marker:
        fig.add_vline(x=marker, line={"color": "#6b7280", "dash": "dot"})
    fig.update_layout(
        height=210,
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        xaxis_title=t("axis_step"),
        legend={"orientation": "h", "y": 1.12},
        uirevision="keep",
        **chart_numbers(),
    )
    if y_range:
        fig.update_yaxes(range=y_range)
    return fig


def quality_figure(scored: list[dict]) -> go.Figure:
    """Left: the judge's Inception-style score per epoch (10 = all digits, confidently). Right: the
    share of each digit in the latest epoch's samples, against the 10% of a balanced G."""
    fig = make_subplots(rows=1, cols=2, column_widths=[0.6, 0.4], horizontal_spacing=0.12)
    fig.add_scatter(
        x=[e["epoch"] for e in scored],
        y=[e["quality"]["inception_score"] for e in scored],
        mode="lines+markers",
        name=t("judge_score"),
        line={"color": "#7c3aed", "width": 2.5},
        row=1,
        col=1,
    )
    shares = scored[-1]["quality"]["class_fractions"]
    fig.add_bar(
        x=[str(d) for d in range(10)],
        y=[100 * share for share in shares],
        name=t("epoch_n", n=scored[-1]["epoch"]),
        marker_color="#7c3aed",
        row=1,
        col=2,
    )
    fig.add_hline(y=10, line={"color": "#6b7280", "dash": "dot"}, row=1, col=2)
    fig.update_yaxes(range=[1, 10], row=1, col=1)
    fig.update_yaxes(
        range=[0, max(30, 100 * max(shares) * 1.1)],
        tickprefix=percent_affixes()[0],
        ticksuffix=percent_affixes()[1],
        row=1,
        col=2,
    )
    fig.update_xaxes(title_text=t("axis_epoch"), row=1, col=1)
    fig.update_xaxes(title_text=t("axis_digit"), tickmode="linear", dtick=1, row=1, col=2)
    fig.update_layout(
        height=220, margin={"l": 10, "r": 10, "t": 10, "b": 10}, showlegend=False, uirevision="keep", **chart_numbers()
    )
    return fig


def smooth(values: list[float], span: int = 50) -> np.ndarray:
    """Exponential moving average, as TensorBoard smooths a noisy per-step curve."""
    out = np.empty(len(values))
    alpha, acc = 2.0 / (span + 1), values[0]
    for i, v in enumerate(values):
        acc = alpha * v + (1 - alpha) * acc
        out[i] = acc
    return out
