"""The Harmonic GAN page's Plotly figures (GAN Lab's views): the plane with D's opinion behind the
real and generated points, G's manifold and the push on each point; the losses and the fit over
time; an animation of the whole run that plays in the browser. Plain functions of frames."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from explorer.harmonic.curves import Curve
from explorer.harmonic.game import Frame, heat_cells
from explorer.ui.text import chart_numbers, t, tr
from explorer.ui.train.words import CURVES

REAL, FAKE, MANIFOLD = "#16a34a", "#7c3aed", "rgba(124, 58, 237, 0.28)"
# D's probability of "real": purple where it says fake, white where it cannot tell, green where real
HEAT_SCALE = [[0.0, "#c4b5fd"], [0.5, "#ffffff"], [1.0, "#86efac"]]
ARROW_LENGTH = 0.12  # of the view's width, for the strongest push in a frame
MAX_ANIMATION_FRAMES = 60
HISTORY_POINTS = 200
REAL_SHOWN = 400  # real points drawn on the plane


def _thin(frames: list[Frame], most: int) -> list[Frame]:
    """At most about `most` evenly spaced frames, always with the latest."""
    chosen = frames[:: max(1, -(-len(frames) // most))]
    return chosen if chosen[-1] is frames[-1] else chosen + frames[-1:]


def _manifold_lines(grid: np.ndarray) -> tuple[list, list]:
    """The latent grid's rows and columns as polylines (None between them)."""
    xs, ys = [], []
    for line in list(grid) + list(grid.transpose(1, 0, 2)):
        xs += list(line[:, 0]) + [None]
        ys += list(line[:, 1]) + [None]
    return xs, ys


def _arrow_lines(points: np.ndarray, push: np.ndarray, bounds) -> tuple[list, list]:
    width = bounds[1] - bounds[0]
    strongest = float(np.linalg.norm(push, axis=1).max()) if len(push) else 0.0
    scale = ARROW_LENGTH * width / strongest if strongest > 0 else 0.0
    xs, ys = [], []
    for (x, y), (dx, dy) in zip(points[: len(push)], push):
        xs += [x, x + dx * scale, None]
        ys += [y, y + dy * scale, None]
    return xs, ys


def plane_traces(frame: Frame, curve: Curve, bounds, show: dict[str, bool]) -> list:
    """The traces that change from frame to frame: D's map, G's manifold, the arrows, the points."""
    hx, hy = (axis.numpy() for axis in heat_cells(curve))
    traces = [
        go.Heatmap(
            x=hx,
            y=hy,
            z=frame.heat if show.get("heat", True) else np.full_like(frame.heat, 0.5),
            zmin=0,
            zmax=1,
            colorscale=HEAT_SCALE,
            showscale=False,
            hovertemplate="x %{x:.2f}, y %{y:.2f}<br>D(real) %{z:.2f}<extra></extra>",
        )
    ]
    mx, my = _manifold_lines(frame.manifold) if show.get("manifold", True) else ([], [])
    traces.append(
        go.Scatter(
            x=mx, y=my, mode="lines", line={"color": MANIFOLD, "width": 1}, hoverinfo="skip", name=t("harm_manifold")
        )
    )
    ax, ay = _arrow_lines(frame.fake, frame.arrows, bounds) if show.get("arrows", True) else ([], [])
    traces.append(
        go.Scatter(
            x=ax, y=ay, mode="lines", line={"color": "#334155", "width": 1.2}, hoverinfo="skip", name=t("harm_arrows")
        )
    )
    traces.append(
        go.Scatter(
            x=frame.fake[:, 0],
            y=frame.fake[:, 1],
            mode="markers",
            name=t("harm_fake"),
            marker={"color": FAKE, "size": 5, "opacity": 0.8},
            hoverinfo="skip",
        )
    )
    return traces


def plane_figure(frame: Frame, real: np.ndarray | None, curve: Curve, show: dict[str, bool]) -> go.Figure:
    bounds = curve.bounds()
    *under, points = plane_traces(frame, curve, bounds, show)
    fig = go.Figure(under)  # the map, the manifold, the arrows: under the real and generated points
    if real is not None and show.get("real", True):
        real = real[:: max(1, len(real) // REAL_SHOWN)]  # enough to see the data; fewer to redraw
        fig.add_scatter(
            x=real[:, 0],
            y=real[:, 1],
            mode="markers",
            name=t("harm_real"),
            marker={"color": REAL, "size": 4, "opacity": 0.45},
            hoverinfo="skip",
        )
    dense = curve.dense(512)[1].numpy()
    fig.add_scatter(
        x=dense[:, 0],
        y=dense[:, 1],
        mode="lines",
        name=t("harm_curve"),
        hoverinfo="skip",
        line={"color": "#0f172a", "width": 1, "dash": "dot"},
    )
    fig.add_trace(points)
    _plane_layout(fig, curve, bounds)
    return fig


def _plane_layout(fig: go.Figure, curve: Curve, bounds) -> None:
    x0, x1, y0, y1 = bounds
    fig.update_layout(
        height=430,
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        uirevision="plane",
        **chart_numbers(),
        legend={"orientation": "h", "y": -0.1, "yanchor": "top"},
        plot_bgcolor="white",
    )
    fig.update_xaxes(range=[x0, x1], showgrid=False, zeroline=False, title="x")
    fig.update_yaxes(range=[y0, y1], showgrid=False, zeroline=False, title="y")
    if not curve.is_function:  # a circle should look round
        fig.update_yaxes(scaleanchor="x", scaleratio=1)


def animation_figure(frames: list[Frame], real: np.ndarray | None, curve: Curve, show: dict[str, bool]) -> go.Figure:
    """The run as a browser-side animation: a play button and a slider over (at most 60) frames;
    the points and D's map move without asking the server."""
    chosen = _thin(frames, MAX_ANIMATION_FRAMES)
    bounds = curve.bounds()
    fig = plane_figure(chosen[0], real, curve, show)
    moving = [0, 1, 2, len(fig.data) - 1]  # the map, the manifold, the arrows, the generated points
    fig.frames = [
        go.Frame(data=plane_traces(f, curve, bounds, show), traces=moving, name=str(i)) for i, f in enumerate(chosen)
    ]
    steps = [
        {
            "args": [[str(i)], {"frame": {"duration": 0, "redraw": True}, "mode": "immediate"}],
            "label": str(f.epoch),
            "method": "animate",
        }
        for i, f in enumerate(chosen)
    ]
    fig.update_layout(
        height=520,
        showlegend=False,  # the plane above carries the legend
        updatemenus=[
            {
                "type": "buttons",
                "showactive": False,
                "direction": "left",
                "x": 0,
                "y": -0.1,
                "xanchor": "left",
                "yanchor": "top",
                "buttons": [
                    {
                        "label": "▶",
                        "method": "animate",
                        "args": [None, {"frame": {"duration": 120, "redraw": True}, "fromcurrent": True}],
                    },
                    {
                        "label": "❚❚",
                        "method": "animate",
                        "args": [[None], {"frame": {"duration": 0}, "mode": "immediate"}],
                    },
                ],
            }
        ],
        sliders=[
            {
                "steps": steps,
                "x": 0.14,
                "len": 0.86,
                "y": -0.06,
                "yanchor": "top",
                "currentvalue": {"prefix": t("axis_epoch") + " "},
            }
        ],
        margin={"l": 10, "r": 10, "t": 10, "b": 110},
    )
    return fig


def history_figure(frames: list[Frame], marker_epoch: int | None = None) -> go.Figure:
    """Losses (left) and the fit (right, log scale): what a class watches converge. Two panels laid
    out by hand (make_subplots costs more than the whole figure) over at most HISTORY_POINTS frames."""
    frames = _thin(frames, HISTORY_POINTS)
    epochs = [f.epoch for f in frames]
    fig = go.Figure()
    for y, name, colour, axes in (
        ([f.d_loss for f in frames], tr(CURVES["d_loss"]), "#dc2626", ("x", "y")),
        ([f.g_loss for f in frames], tr(CURVES["g_loss"]), "#2563eb", ("x", "y")),
        ([f.fit.distance for f in frames], t("harm_distance"), "#0f172a", ("x2", "y2")),
        ([f.fit.coverage for f in frames], t("harm_coverage"), "#ea580c", ("x2", "y2")),
        ([f.fit.js for f in frames], "JS", "#7c3aed", ("x2", "y2")),
    ):
        fig.add_scatter(
            x=epochs, y=y, name=name, mode="lines", line={"color": colour, "width": 2}, xaxis=axes[0], yaxis=axes[1]
        )
    for goal in (0.05, 0.1):
        fig.add_shape(
            type="line",
            xref="x2 domain",
            x0=0,
            x1=1,
            yref="y2",
            y0=goal,
            y1=goal,
            line={"color": "#94a3b8", "dash": "dash", "width": 1},
        )
    if marker_epoch is not None:
        for axis in ("x", "x2"):
            fig.add_shape(
                type="line",
                xref=axis,
                x0=marker_epoch,
                x1=marker_epoch,
                yref=f"{axis.replace('x', 'y')} domain",
                y0=0,
                y1=1,
                line={"color": "#6b7280", "dash": "dot"},
            )
    fig.update_layout(
        height=260,
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        uirevision="history",
        **chart_numbers(),
        legend={"orientation": "h", "y": -0.3},
        xaxis={"domain": [0, 0.44], "title": t("axis_epoch")},
        xaxis2={"domain": [0.56, 1], "title": t("axis_epoch"), "anchor": "y2"},
        yaxis={"anchor": "x"},
        yaxis2={"anchor": "x2", "type": "log", "tickvals": [0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2]},
        annotations=[
            {"text": t("harm_losses"), "xref": "x domain", "yref": "paper", "x": 0.5, "y": 1.12, "showarrow": False},
            {"text": t("harm_fit"), "xref": "x2 domain", "yref": "paper", "x": 0.5, "y": 1.12, "showarrow": False},
        ],
    )
    return fig
