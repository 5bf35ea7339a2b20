"""The Harmonic GAN page: the slides' sine-curve GAN (and other curves) training live in the plane.

The run lives in session state (explorer/harmonic.py trains it in its own process); the page
sends it commands from button callbacks and a fragment redraws the plane a few times a second
while it runs. Paused or finished, a slider looks back at any recorded moment and a Plotly
animation replays the whole run in the browser.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from explorer.gan.live import RunRegistry
from explorer.harmonic import curves
from explorer.harmonic.live import HarmonicRun, Snapshot
from explorer.harmonic.presets import DEFAULT_HARMONIC, HARMONIC_PRESETS
from explorer.ui.harmonic import charts
from explorer.ui.text import t

RUNS = "harmonic_runs"  # session: {"main": HarmonicRun, "slides": HarmonicRun (when compared)}
SETUP = "harmonic_setup"  # session: the Setup those runs were started with
DRAWN = "harmonic_drawn_running"  # session: whether the Play/Pause button was drawn for a running game
POLL_S = 0.25
HISTORY_POLL_S = 1.0
LEARNING_RATES = [1e-4, 2e-4, 5e-4, 1e-3, 2e-3, 5e-3, 1e-2]
SPEEDS = {"full": 0.0, "slow": 0.02, "slower": 0.1, "slowest": 0.5}  # seconds between two steps


@dataclass(frozen=True)
class Setup:
    preset: str
    curve: curves.Curve
    epochs: int
    compare: bool  # the slides' recipe trains beside it


def setup_ui() -> Setup | None:
    """The recipe and the curve. None (with the reason shown) when a value cannot make a curve."""
    names = list(HARMONIC_PRESETS)
    preset = st.selectbox(t("harm_recipe"), names, index=names.index(DEFAULT_HARMONIC), key="harm_preset",
                          format_func=lambda n: t(f"preset_title_{n}"))
    st.caption(t(f"preset_{preset}"))
    kind = st.radio(t("harm_curve_kind"), curves.KINDS, horizontal=True, key="harm_kind",
                    format_func=lambda k: t(f"harm_kind_{k}"))
    amplitude = st.slider(t("harm_amplitude"), 0.25, 3.0, 1.0, 0.25, key="harm_amplitude")
    frequency, phase = 1.0, 0.0
    harmonics: tuple[float, ...] = ()
    if kind == "sine":
        frequency = st.slider(t("harm_frequency"), 0.5, 4.0, 1.0, 0.5, key="harm_frequency")
        phase = st.slider(t("harm_phase"), -3.0, 3.0, 0.0, 0.25, key="harm_phase")
        text = st.text_input(t("harm_harmonics"), "", key="harm_harmonics", placeholder="0.5, 0.25",
                             help=t("harm_harmonics_help"))
        try:
            harmonics = tuple(float(v) for v in text.replace(";", ",").split(",") if v.strip())
        except ValueError:
            st.error(t("harm_harmonics_bad"))
            return None
    noise = st.slider(t("harm_noise"), 0.0, 0.3, 0.0, 0.01, key="harm_noise")
    default_epochs = HARMONIC_PRESETS[preset].config.epochs
    epochs = st.number_input(t("harm_epochs"), 10, 20_000, default_epochs, 10, key=f"harm_epochs_{preset}")
    compare = st.toggle(t("harm_compare"), False, key="harm_compare", disabled=preset == "sine-slides",
                        help=t("harm_compare_help"))
    try:
        curve = curves.Curve(kind=kind, amplitude=amplitude, frequency=frequency, phase=phase,
                             harmonics=harmonics, noise=noise)
    except ValueError as error:
        st.error(str(error))
        return None
    return Setup(preset, curve, int(epochs), compare and preset != "sine-slides")


@st.cache_resource(show_spinner=False)
def registry() -> RunRegistry:
    """One per process for the harmonic games: each trains on one thread at low priority, so
    several may run at once (the Train page's registry lets one heavy run train at a time);
    a game nobody has looked at for 10 minutes is stopped."""
    return RunRegistry(max_active=8, abandon_after_s=600.0)


def runs() -> dict[str, HarmonicRun]:
    return st.session_state.get(RUNS, {})


def _snapshot(run: HarmonicRun) -> Snapshot:
    registry().heartbeat(run)
    return run.snapshot()


def _any_in(*states: str) -> bool:
    """Whether a game is in one of `states` (starting or running: the page redraws by itself)."""
    return any(r.state in states for r in runs().values())


def start(setup: Setup) -> None:
    """(Re)start: the old runs stop, new ones start paused on their untrained state."""
    for run in runs().values():
        run.stop()
    recipes = {"main": setup.preset} | ({"slides": "sine-slides"} if setup.compare else {})
    started = {name: HarmonicRun(HARMONIC_PRESETS[recipe].config, setup.curve, epochs=setup.epochs)
               for name, recipe in recipes.items()}
    for run in started.values():
        registry().submit(run)
        run.slow(SPEEDS[st.session_state.get("harm_speed", "full")])  # the speed and the nets to train
        run.set_mode(st.session_state.get("harm_phases") or "both")  # carry over to the new game
    for key in ("harm_lr_d", "harm_lr_g", "harm_d_steps"):  # these start again from the recipe's values
        st.session_state.pop(key, None)
    st.session_state[RUNS] = started
    st.session_state[SETUP] = setup


def _all(method: str, *args) -> None:
    for run in runs().values():
        getattr(run, method)(*args)


def controls_ui() -> None:
    """Play, pause, step, speed, learning rates and D steps: commands to the running game."""
    any_running = st.session_state[DRAWN] = _any_in("running")
    play, step, what, speed = st.columns([1, 1, 1.4, 1.6], vertical_alignment="bottom")
    if any_running:
        play.button(t("harm_pause"), key="harm_pause", on_click=_all, args=("pause",), icon=":material/pause:",
                    width="stretch")
    else:
        play.button(t("harm_play"), key="harm_play", on_click=_all, args=("run",), icon=":material/play_arrow:",
                    type="primary", width="stretch")
    phases = what.segmented_control(t("harm_train_what"), ["both", "d", "g"], default="both", key="harm_phases",
                                    format_func=lambda p: t(f"harm_phase_{p}"), on_change=_mode)
    step.button(t("harm_step"), key="harm_step", on_click=_all, args=("step", 1, phases or "both"),
                icon=":material/skip_next:", width="stretch", help=t("harm_step_help"))
    speed.select_slider(t("harm_speed"), list(SPEEDS), value="full", key="harm_speed",
                        format_func=lambda s: t(f"harm_speed_{s}"), on_change=_speed)
    lr_d, lr_g, k = st.columns(3)
    cfg = HARMONIC_PRESETS[st.session_state[SETUP].preset].config
    lr_d.select_slider(t("harm_lr_d"), LEARNING_RATES, value=_nearest(cfg.lr_d), key="harm_lr_d",
                       format_func=lambda v: f"{v:g}", on_change=_learning_rates)
    lr_g.select_slider(t("harm_lr_g"), LEARNING_RATES, value=_nearest(cfg.lr_g), key="harm_lr_g",
                       format_func=lambda v: f"{v:g}", on_change=_learning_rates)
    k.number_input(t("harm_d_steps"), 1, 5, cfg.d_steps, key="harm_d_steps", on_change=_learning_rates,
                   help=t("harm_d_steps_help"))


def _nearest(value: float) -> float:
    return min(LEARNING_RATES, key=lambda v: abs(v - value))


def _mode() -> None:
    _all("set_mode", st.session_state.get("harm_phases") or "both")


def _speed() -> None:
    _all("slow", SPEEDS[st.session_state["harm_speed"]])


def _learning_rates() -> None:
    run = runs().get("main")
    if run is not None:  # the comparison keeps the slides' own settings
        run.retune(lr_d=st.session_state["harm_lr_d"], lr_g=st.session_state["harm_lr_g"],
                   d_steps=int(st.session_state["harm_d_steps"]))


def show_options() -> dict[str, bool]:
    cols = st.columns(4)
    return {name: col.checkbox(t(f"harm_show_{name}"), True, key=f"harm_show_{name}")
            for col, name in zip(cols, ("heat", "manifold", "arrows", "real"))}


def _title(name: str, setup: Setup) -> None:
    """Which recipe a column shows, when two train side by side."""
    if len(runs()) > 1:
        recipe = "sine-slides" if name == "slides" else setup.preset
        st.markdown(f"**{t('preset_title_' + recipe)}**")


def render_now(name: str, snap: Snapshot, setup: Setup, show: dict[str, bool], look_back: bool) -> int | None:
    """The status, the plane and the fit of one run; paused or finished, at the moment a slider
    picks. Returns the epoch shown when it is not the latest (for the history's marker)."""
    if not snap.frames:
        st.info(t("harm_starting") if snap.state == "starting" else snap.message)
        return None
    frame = snap.frames[-1]
    if look_back and len(snap.frames) > 1:  # look back at any recorded moment
        index = st.select_slider(t("harm_look_back"), range(len(snap.frames)), len(snap.frames) - 1,
                                 key=f"harm_look_{name}_{len(snap.frames)}", help=t("harm_look_back_help"),
                                 format_func=lambda i: t("harm_moment", epoch=snap.frames[i].epoch,
                                                         seconds=snap.frames[i].seconds))
        frame = snap.frames[index]
    _status(snap, frame)
    st.plotly_chart(charts.plane_figure(frame, snap.real, setup.curve, show),
                    key=f"harm_plane_{name}", config={"displayModeBar": False})
    _fit(frame)
    return frame.epoch if frame is not snap.frames[-1] else None


def render_history(name: str, snap: Snapshot, marker: int | None) -> None:
    if snap.frames:
        st.plotly_chart(charts.history_figure(snap.frames, marker), key=f"harm_history_{name}",
                        config={"displayModeBar": False})


def _status(snap: Snapshot, frame) -> None:
    state = t(f"harm_state_{snap.state}")
    st.markdown(t("harm_status", state=state, epoch=frame.epoch, step=frame.step, seconds=frame.seconds,
                  d_real=frame.d_real, d_fake=frame.d_fake))
    if snap.message and snap.state in ("failed", "paused", "running"):
        (st.error if snap.state == "failed" else st.warning)(snap.message)


def _fit(frame) -> None:
    fit = frame.fit
    a, b, c, d = st.columns(4)
    a.metric(t("harm_distance"), f"{fit.distance:.3f}", help=t("harm_distance_help"))
    b.metric(t("harm_within"), f"{fit.within:.0%}", help=t("harm_within_help"))
    c.metric(t("harm_coverage"), f"{fit.coverage:.3f}", help=t("harm_coverage_help"))
    d.metric("JS", f"{fit.js:.3f}", help=t("harm_js_help"))


def live_ui(show: dict[str, bool]) -> None:
    """While a run trains, two fragments poll it: the plane a few times a second, the history
    (a heavier chart) once a second. Otherwise one still page with a slider to look back and
    the replay."""
    setup: Setup = st.session_state[SETUP]
    if not _any_in("starting", "running"):
        columns = st.columns(len(runs()), gap="large")
        for column, (name, run) in zip(columns, runs().items()):
            snap = _snapshot(run)
            with column:
                _title(name, setup)
                marker = render_now(name, snap, setup, show, look_back=True)
                render_history(name, snap, marker)
                if len(snap.frames) > 2 and st.toggle(t("harm_replay"), key=f"harm_replay_{name}"):
                    st.plotly_chart(charts.animation_figure(snap.frames, snap.real, setup.curve, show),
                                    key=f"harm_animation_{name}", config={"displayModeBar": False})
        return

    @st.fragment(run_every=POLL_S * len(runs()))  # two games side by side: each redrawn half as often
    def now() -> None:
        columns = st.columns(len(runs()), gap="large")
        for column, (name, run) in zip(columns, runs().items()):
            with column:
                _title(name, setup)
                render_now(name, _snapshot(run), setup, show, look_back=False)
        if not _any_in("starting", "running") or _any_in("running") != st.session_state.get(DRAWN):
            st.rerun()  # once: the still page with its slider, or Pause for Play when a game started by itself

    @st.fragment(run_every=HISTORY_POLL_S)
    def history() -> None:
        columns = st.columns(len(runs()), gap="large")
        for column, (name, run) in zip(columns, runs().items()):
            with column:
                render_history(name, _snapshot(run), None)

    now()
    history()
