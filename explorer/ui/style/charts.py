"""The Style page's Plotly figures: the three losses step by step, and two Gram matrices side by side.
Plain functions of the numbers; the page decides when to draw."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from explorer.style.gatys import StepReport
from explorer.ui.style.words import TERMS
from explorer.ui.text import chart_numbers, t, tr

COLOURS = {"content": "#2563eb", "style": "#dc2626", "tv": "#16a34a", "total": "#111827"}
CHART_POINTS = 400


def loss_figure(history: list[StepReport]) -> go.Figure:
    """content, style, tv (each weighted) and their total against the step, log scale; a dotted
    line where a larger scale began (coarse to fine)."""
    every = max(1, len(history) // CHART_POINTS)
    shown = history[::every]
    if shown[-1] is not history[-1]:
        shown.append(history[-1])
    x = [r.step for r in shown]
    fig = go.Figure()
    for name in ("total", "content", "style", "tv"):
        y = [getattr(r, name) if getattr(r, name) > 0 else None for r in shown]  # 0 (the start) has no log
        fig.add_scatter(
            x=x,
            y=y,
            mode="lines",
            name=tr(TERMS[name]),
            line={"color": COLOURS[name], "width": 2 if name == "total" else 1.5},
        )
    for before, after in zip(history, history[1:]):
        if after.size != before.size:
            fig.add_vline(x=after.step, line={"color": "#9ca3af", "width": 1, "dash": "dot"})
    fig.update_layout(
        height=300,
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        legend={"orientation": "h", "y": 1.12},
        xaxis_title=t("st_steps"),
        yaxis_type="log",
        uirevision="losses",
        **chart_numbers(),
    )
    return fig


def gram_figure(style: np.ndarray, picture: np.ndarray) -> go.Figure:
    """The painting's and the picture's Gram matrices, one colour scale for both (the painting's
    range), so that "closer" is seen as "looks the same"."""
    top = float(np.percentile(style, 99)) or 1.0
    fig = make_subplots(
        rows=1, cols=2, horizontal_spacing=0.06, subplot_titles=(t("st_gram_style"), t("st_gram_picture"))
    )
    for col, matrix in ((1, style), (2, picture)):
        fig.add_heatmap(
            z=matrix,
            zmin=0,
            zmax=top,
            colorscale="Viridis",
            showscale=col == 2,
            row=1,
            col=col,
            hovertemplate="%{y} × %{x}: %{z:.3g}<extra></extra>",
        )
    fig.update_yaxes(autorange="reversed", showticklabels=False, constrain="domain")
    fig.update_yaxes(scaleanchor="x", row=1, col=1)
    fig.update_yaxes(scaleanchor="x2", row=1, col=2)
    fig.update_xaxes(showticklabels=False, constrain="domain")
    fig.update_layout(height=280, margin={"l": 10, "r": 10, "t": 30, "b": 10}, **chart_numbers())
    return fig
