"""The Harmonic GAN page: the slides' sine-curve GAN (and other curves) training live in the plane.

A game is a `HarmonicJob` on the server's job board (explorer/ui/jobs.py); its id is kept in this
session and in the page's URL (?game=…), so a refresh or a reopened tab finds the game again (and
a comparison game, the slides' recipe, beside it). The page sends it commands from button
callbacks, and a fragment redraws the plane a few times a second while it runs. Paused or
finished, a slider looks back at any recorded moment and a Plotly animation replays the whole
run in the browser. Only the browser that started a game controls it; others watch.
"""

from __future__ import annotations

import streamlit as st

from explorer.harmonic.job import PHASES, HarmonicJob, HarmonicSnapshot
from explorer.harmonic.presets import HARMONIC_PRESETS
from explorer.i18n import Number
from explorer.jobs import QUEUED, RUNNING, STARTING
from explorer.jobs.board import JobError
from explorer.ui import classroom, jobs
from explorer.ui.harmonic.setup import Setup, prefill, setup_of
from explorer.ui.harmonic.words import LAYERS, PHASE_WORDS, RESETS, SPEED_WORDS, STATES
from explorer.ui.text import number, percent, recipe_title, said, short_number, t, tr
from explorer.ui.url import URL

GAME_KEY, GAME_PARAM = "harmonic_game", "game"
DRAWN = "harmonic_drawn_running"  # session: whether the Play/Pause button was drawn for a running game
MARKER = "harmonic_marker"  # session: {game: the epoch looked back at, or None for the latest}
NOW_FRAGMENT, HISTORY_FRAGMENT = "harm_now", "harm_history"
POLL_S = 0.25
HISTORY_POLL_S = 1.0
LEARNING_RATES = [1e-4, 2e-4, 5e-4, 1e-3, 2e-3, 5e-3, 1e-2]
SPEEDS = {"full": 0.0, "slow": 0.02, "slower": 0.1, "slowest": 0.5}  # seconds between two steps


# --- which games -------------------------------------------------------------------------------------
def attach(*, note: bool = True) -> dict[str, HarmonicJob]:
    """The games this page shows: {"main": …} and, when compared, {"slides": …}; {} when none.
    A game found again in a fresh session (a refresh) sets the sidebar to its settings. `note`:
    False for the page's second look in one run (the job service's note is shown once)."""
    game = jobs.attach(HarmonicJob.kind, GAME_KEY, GAME_PARAM, note=note)
    if game is None:
        return {}
    games = {"main": game}
    partner = jobs.board().get(game.partner)
    if partner is not None:
        jobs.board().look(partner)
        games["slides"] = partner
    prefill(setup_of(game, "slides" in games))
    controls = {
        "harm_speed": next((k for k, v in SPEEDS.items() if v == game.delay_s), "full"),
        "harm_phases": next(k for k, v in PHASES.items() if v == game.phases),
        "harm_lr_d": _nearest(game.cfg.gan.lr_d),
        "harm_lr_g": _nearest(game.cfg.lr_g),
        "harm_d_steps": game.cfg.gan.d_steps,
    }
    for key, value in controls.items():  # a page that found the game again shows how it is being played
        st.session_state.setdefault(key, value)
    return games


def setup_now(games: dict[str, HarmonicJob]) -> Setup:
    return setup_of(games["main"], "slides" in games)


def start(setup: Setup, old: dict[str, HarmonicJob]) -> None:
    """A new game (and the slides' recipe beside it when compared), paused on its untrained state;
    the old ones are thrown away. Speed and which nets train carry over to the new game."""
    recipes = {"main": setup.preset} | ({"slides": "sine-slides"} if setup.compare else {})
    new = {
        name: HarmonicJob(HARMONIC_PRESETS[recipe].config, setup.curve, epochs=setup.epochs, recipe=recipe)
        for name, recipe in recipes.items()
    }
    try:
        for game in reversed(new.values()):  # the main game last: a tab reopened without the link
            jobs.submit(game)  # finds this browser's latest game, which must be it
    except JobError as error:
        st.session_state["harm_start_error"] = jobs.start_error(error, "start_failed")
        for game in new.values():
            jobs.discard(game)
        return
    if "slides" in new:
        new["main"].partner = new["slides"].id
    for game in new.values():
        game.slow(SPEEDS[st.session_state.get("harm_speed", "full")])
        game.train_only(st.session_state.get("harm_phases") or "both")
    for game in old.values():
        jobs.discard(game)
    for key in ("harm_lr_d", "harm_lr_g", "harm_d_steps"):  # these start again from the recipe's values
        st.session_state.pop(key, None)
    jobs.show(new["main"], GAME_KEY, GAME_PARAM)


def trained(games: dict[str, HarmonicJob]) -> bool:
    """Whether a new game would throw away training (not only an untrained game)."""
    return any(jobs.mine(g) and any(f.step for f in g.snapshot().frames[-1:]) for g in games.values())


def _any_in(games: dict[str, HarmonicJob], *states: str) -> bool:
    """Whether a game is in one of `states` (starting or running: the page redraws by itself)."""
    return any(g.state in states for g in games.values())


def _moving(games: dict[str, HarmonicJob]) -> bool:
    """Whether the page must redraw by itself: a game starts or runs, or has not yet said that it
    paused (its last picture, of the moment it stopped, is still to come)."""
    return _any_in(games, QUEUED, STARTING, RUNNING) or not all(g.settled for g in games.values())


# --- controls -----------------------------------------------------------------------------------------
def controls_ui(games: dict[str, HarmonicJob]) -> None:
    """Play, pause, step, speed, learning rates and D steps: commands to the game. Drawn at once,
    whatever the game's state (a command sent while it starts is obeyed when it is ready)."""
    mine = jobs.mine(games["main"])
    any_running = st.session_state[DRAWN] = _any_in(games, RUNNING)
    play, step, step10, speed = st.columns([1.2, 1, 1, 2], vertical_alignment="bottom")
    # one button (one key) that says Play or Pause: two keyed buttons swapping places would stand
    # one above the other for a moment after a click, and the whole page below would jump
    play.button(
        t("harm_pause") if any_running else t("harm_play"),
        key="harm_play",
        width="stretch",
        on_click=_all,
        args=(games, "pause" if any_running else "resume"),
        disabled=not mine,
        icon=":material/pause:" if any_running else ":material/play_arrow:",
        type="secondary" if any_running else "primary",
    )
    what, reset_d, reset_g = st.columns([2.2, 1, 1], vertical_alignment="bottom")
    phases = what.segmented_control(
        t("harm_train_what"),
        ["both", "d", "g"],
        default="both",
        key="harm_phases",
        format_func=lambda p: tr(PHASE_WORDS[p]),
        on_change=_mode,
        args=(games,),
        disabled=not mine,
    )
    step.button(
        t("harm_step"),
        key="harm_step",
        on_click=_all,
        args=(games, "step", 1, phases or "both"),
        icon=":material/skip_next:",
        width="stretch",
        help=t("harm_step_help"),
        disabled=not mine,
    )
    step10.button(
        t("harm_step10"),
        key="harm_step10",
        on_click=_all,
        args=(games, "step", 10, phases or "both"),
        icon=":material/fast_forward:",
        width="stretch",
        help=t("harm_step10_help"),
        disabled=not mine,
    )
    for column, net in ((reset_d, "d"), (reset_g, "g")):
        column.button(
            tr(RESETS[net]),
            key=f"harm_reset_{net}",
            on_click=_all,
            args=(games, "reset", net),
            icon=":material/restart_alt:",
            width="stretch",
            help=tr(RESETS[net + "_help"]),
            disabled=not mine,
        )
    speed.select_slider(
        t("harm_speed"),
        list(SPEEDS),
        value="full",
        key="harm_speed",
        disabled=not mine,
        format_func=lambda s: tr(SPEED_WORDS[s]),
        on_change=_speed,
        args=(games,),
    )
    lr_d, lr_g, k = st.columns(3)
    cfg = games["main"].cfg
    lr_d.select_slider(
        t("harm_lr_d"),
        LEARNING_RATES,
        value=_nearest(cfg.gan.lr_d),
        key="harm_lr_d",
        disabled=not mine,
        format_func=short_number,
        on_change=_learning_rates,
        args=(games,),
    )
    lr_g.select_slider(
        t("harm_lr_g"),
        LEARNING_RATES,
        value=_nearest(cfg.lr_g),
        key="harm_lr_g",
        disabled=not mine,
        format_func=short_number,
        on_change=_learning_rates,
        args=(games,),
    )
    k.number_input(
        t("harm_d_steps"),
        1,
        5,
        cfg.gan.d_steps,
        key="harm_d_steps",
        on_change=_learning_rates,
        args=(games,),
        help=t("harm_d_steps_help"),
        disabled=not mine,
    )
    classroom.share_ui(games["main"], "harmonic", GAME_PARAM)
    jobs.watching_note(games["main"])


def _all(games: dict[str, HarmonicJob], method: str, *args) -> None:
    for game in games.values():
        if jobs.mine(game):
            getattr(game, method)(*args)


def _nearest(value: float) -> float:
    return min(LEARNING_RATES, key=lambda v: abs(v - value))


def _mode(games: dict[str, HarmonicJob]) -> None:
    _all(games, "train_only", st.session_state.get("harm_phases") or "both")


def _speed(games: dict[str, HarmonicJob]) -> None:
    _all(games, "slow", SPEEDS[st.session_state["harm_speed"]])


def _learning_rates(games: dict[str, HarmonicJob]) -> None:
    game = games["main"]  # the comparison keeps the slides' own settings
    if jobs.mine(game):
        game.retune(
            lr_d=st.session_state["harm_lr_d"],
            lr_g=st.session_state["harm_lr_g"],
            d_steps=int(st.session_state["harm_d_steps"]),
        )


def show_options() -> dict[str, bool]:
    cols = st.columns(4)
    return {
        name: col.checkbox(tr(LAYERS[name]), True, key=f"harm_show_{name}", bind=URL)
        for col, name in zip(cols, ("heat", "manifold", "arrows", "real"))
    }


# --- the game, drawn --------------------------------------------------------------------------------
def _title(name: str, games: dict[str, HarmonicJob]) -> None:
    """Which recipe a column shows, when two train side by side."""
    if len(games) > 1:
        st.markdown(f"**{recipe_title(games[name].recipe)}**")


def render_now(name: str, snap: HarmonicSnapshot, setup: Setup, show: dict[str, bool], look_back: bool) -> None:
    """The status, the plane and the fit of one game; paused or finished, at the moment a slider
    below them picks (kept for the history's marker). The plane keeps its place in the page
    whatever is drawn around it, so a redraw updates it in place: it never blinks blank."""
    from explorer.ui.harmonic import charts  # plotly: imported after the controls are on the screen

    if not snap.frames:
        st.info(t("harm_starting") if snap.state in (STARTING, QUEUED) else said(snap.message))
        return
    top = st.container()
    frame = snap.frames[-1]
    if look_back and len(snap.frames) > 1:  # look back at any recorded moment
        index = st.select_slider(
            t("harm_look_back"),
            range(len(snap.frames)),
            len(snap.frames) - 1,
            key=f"harm_look_{name}_{len(snap.frames)}",
            help=t("harm_look_back_help"),
            format_func=lambda i: t(
                "harm_moment", epoch=snap.frames[i].epoch, seconds=Number(snap.frames[i].seconds, 1)
            ),
            on_change=_redraw_views,
        )
        frame = snap.frames[index]
    st.session_state.setdefault(MARKER, {})[name] = frame.epoch if frame is not snap.frames[-1] else None
    with top:
        _status(snap, frame)
        st.plotly_chart(
            charts.plane_figure(frame, snap.real, setup.curve, show),
            key=f"harm_plane_{name}",
            config={"displayModeBar": False},
        )
        _fit(frame)


def _redraw_views() -> None:
    """A look back redraws the plane and the history's marker, not the page."""
    st.rerun([NOW_FRAGMENT, HISTORY_FRAGMENT])


def render_history(name: str, snap: HarmonicSnapshot, setup: Setup, show: dict[str, bool], replay: bool) -> None:
    from explorer.ui.harmonic import charts

    if not snap.frames:
        return
    marker = st.session_state.get(MARKER, {}).get(name)
    st.plotly_chart(
        charts.history_figure(snap.frames, marker), key=f"harm_history_{name}", config={"displayModeBar": False}
    )
    if replay and len(snap.frames) > 2 and st.toggle(t("harm_replay"), key=f"harm_replay_{name}"):
        st.plotly_chart(
            charts.animation_figure(snap.frames, snap.real, setup.curve, show),
            key=f"harm_animation_{name}",
            config={"displayModeBar": False},
        )


def _status(snap: HarmonicSnapshot, frame) -> None:
    state = tr(STATES[snap.state])
    st.markdown(
        t(
            "harm_status",
            state=state,
            epoch=frame.epoch,
            step=frame.step,
            seconds=Number(frame.seconds, 1),
            d_real=Number(frame.d_real, 2),
            d_fake=Number(frame.d_fake, 2),
        )
    )
    if snap.message and snap.state in ("failed", "paused", "running"):
        (st.error if snap.state == "failed" else st.warning)(said(snap.message))


def _fit(frame) -> None:
    fit = frame.fit
    a, b, c, d = st.columns(4)
    a.metric(t("harm_distance"), number(fit.distance, 3), help=t("harm_distance_help"))
    b.metric(t("harm_within"), percent(fit.within), help=t("harm_within_help"))
    c.metric(t("harm_coverage"), number(fit.coverage, 3), help=t("harm_coverage_help"))
    d.metric("JS", number(fit.js, 3), help=t("harm_js_help"))


def live_ui(games: dict[str, HarmonicJob], show: dict[str, bool]) -> None:
    """Two fragments: the plane and the fit, redrawn a few times a second while a game trains,
    and the history (a heavier chart) once a second. Paused or finished they stay still, with a
    slider to look back and a replay. The same fragments in both cases: nothing is rebuilt (and
    no chart blinks blank) when a game starts or stops."""
    setup = setup_now(games)
    polling = _moving(games)
    jobs.keep_alive(*games.values())  # a paused game on the screen is not abandoned

    @st.fragment(run_every=POLL_S * len(games) if polling else None, key=NOW_FRAGMENT)  # two games: half as often
    def now() -> None:
        columns = st.columns(len(games), gap="large")
        for column, (name, game) in zip(columns, games.items()):
            jobs.board().look(game)
            with column:
                _title(name, games)
                render_now(name, game.snapshot(), setup, show, look_back=not polling)
        if polling and (not _moving(games) or _any_in(games, RUNNING) != st.session_state.get(DRAWN)):
            st.rerun()  # once: the still page with its slider, or Pause for Play when a game started by itself

    @st.fragment(run_every=HISTORY_POLL_S if polling else None, key=HISTORY_FRAGMENT)
    def history() -> None:
        columns = st.columns(len(games), gap="large")
        for column, (name, game) in zip(columns, games.items()):
            with column:
                render_history(name, game.snapshot(), setup, show, replay=not polling)

    now()
    history()


def new_game_ui(setup: Setup | None, games: dict[str, HarmonicJob]) -> None:
    """The sidebar's button for a new game with these settings; it asks first when the game on
    the screen has trained (a first visit starts a game by itself, paused and untrained)."""
    if setup is None:
        return
    work = trained(games)
    st.button(
        t("harm_new_run"),
        key="harm_new_run",
        icon=":material/restart_alt:",
        width="stretch",
        type="secondary" if games else "primary",
        on_click=_on_new_game,
        args=(setup, games, work),
    )
    if games and setup.curve != games["main"].curve and jobs.mine(games["main"]):
        # a harder target for a game that has learnt its curve: the nets keep what they learnt
        st.button(
            t("harm_new_target"),
            key="harm_new_target",
            icon=":material/moving:",
            width="stretch",
            help=t("harm_new_target_help"),
            on_click=_all,
            args=(games, "new_target", setup.curve),
        )
    if work:
        jobs.ask_first("harm_new", t("harm_ask_body"), t("harm_ask_new"), lambda: start(setup, games))
    if "harm_start_error" in st.session_state:
        st.error(st.session_state.pop("harm_start_error"))


def _on_new_game(setup: Setup, games: dict[str, HarmonicJob], work: bool) -> None:
    if work:
        jobs.ask("harm_new")
    else:
        start(setup, games)
