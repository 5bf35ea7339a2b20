"""A harmonic game as a job: the one `Trainer` on points of a curve in a worker process, seen as frames.

The worker obeys commands between two steps (GAN Lab's controls): play, pause, a few steps of D
only / G only / both, slow motion, new learning rates or D steps per G step without a reset. It
sends a frame (explorer/harmonic/game.py) at most every FRAME_EVERY_S while running and after
every command, and `HarmonicJob` keeps them (thinned at a cap) so that a page can look back at
any past moment. A game starts paused on its untrained state unless it is asked to run.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace

import numpy as np
import torch

from explorer.gan.config import TrainConfig
from explorer.gan.trainer import Trainer, TrainingDiverged
from explorer.harmonic import curves
from explorer.harmonic.game import Frame, Probe, make_frame
from explorer.jobs import (
    FAILED,
    FINISHED,
    LIGHT,
    PAUSED,
    RUNNING,
    Channel,
    Command,
    Job,
    Refused,
    Report,
    Snapshot,
    Work,
    run,
)
from explorer.jobs.thin import thin
from explorer.words import said_by, say

FRAME_EVERY_S = 0.1  # while running, at most ten frames a second
MAX_FRAMES = 600
PHASES = {"both": "dg", "d": "d", "g": "g"}


# --- commands (besides Pause, Resume and Stop) -------------------------------------------------------
@dataclass(frozen=True)
class Step(Command):
    """`n` steps (of D only, G only or both), then paused."""

    n: int = 1
    phases: str = "dg"


@dataclass(frozen=True)
class Train(Command):
    """What playing trains: both nets (the default), or only D, or only G."""

    phases: str = "dg"


@dataclass(frozen=True)
class Slow(Command):
    """Slow motion: wait `delay_s` between two steps (0 = full speed)."""

    delay_s: float = 0.0


@dataclass(frozen=True)
class Retune(Command):
    """New learning rates or D steps per G step, applied between two steps without a reset."""

    lr_d: float | None = None
    lr_g: float | None = None
    d_steps: int | None = None


@dataclass(frozen=True)
class Reset(Command):
    """Start D ("d") or G ("g") again from random weights, keeping the other as it is."""

    net: str = "d"


@dataclass(frozen=True)
class NewTarget(Command):
    """Other real points (a curve's to_dict()) from the next step on: the trained nets must move."""

    curve: dict = field(default_factory=dict)


# --- reports (besides Status) ----------------------------------------------------------------------
@dataclass(frozen=True)
class RealPoints(Report):
    points: np.ndarray  # [N, 2]


@dataclass(frozen=True)
class NewFrame(Report):
    frame: Frame


@dataclass(frozen=True)
class HarmonicSnapshot(Snapshot):
    frames: tuple[Frame, ...] = ()
    real: np.ndarray | None = None  # the real points [N, 2]
    received: int = 0  # frames ever received (the frames are thinned)


class HarmonicJob(Job):
    """One game: a light job (one thread, below the page's priority)."""

    kind, title = "harmonic", "harmonic game"

    def __init__(
        self,
        cfg: TrainConfig,
        curve: curves.Curve,
        n_points: int = 1024,
        *,
        epochs: int | None = None,
        running: bool = False,
        recipe: str = "",
        max_frames: int = MAX_FRAMES,
    ) -> None:
        super().__init__(LIGHT, HarmonicSnapshot("", ""), threads=1)  # these tiny nets' steps are overhead
        self.cfg, self.curve, self.n_points, self.running = cfg, curve, n_points, running
        self.epochs = epochs or cfg.epochs
        self.recipe = recipe  # the preset's name, for the page's words
        self.partner: str | None = None  # the id of a game that trains beside this one, for comparison
        self.phases, self.delay_s = "dg", 0.0  # as last asked for: what playing trains, slow motion
        self._max_frames = max_frames

    def worker(self):
        return _play, (self.cfg.to_dict(), self.curve.to_dict(), self.n_points, self.epochs, self.running)

    def fold(self, snapshot: HarmonicSnapshot, report: Report) -> HarmonicSnapshot:
        if isinstance(report, NewFrame):
            frames = tuple(thin([*snapshot.frames, report.frame], self._max_frames))
            return replace(snapshot, frames=frames, received=snapshot.received + 1)
        if isinstance(report, RealPoints):
            return replace(snapshot, real=report.points)
        return snapshot

    def step(self, n: int = 1, phases: str = "both", wait_s: float = 2.0) -> None:
        """`n` steps, then paused; waits (briefly) for their frame, so the page that asked shows it."""
        seen = self.snapshot().received
        self._want = PAUSED
        self.send(Step(n, PHASES[phases]))
        self._set_state_if((RUNNING,), PAUSED)
        deadline = time.monotonic() + wait_s
        while time.monotonic() < deadline and self.running_process:
            if self.snapshot().received > seen:
                return
            time.sleep(0.01)

    def train_only(self, phases: str) -> None:
        self.phases = PHASES[phases]
        self.send(Train(self.phases))

    def slow(self, delay_s: float) -> None:
        self.delay_s = max(0.0, float(delay_s))
        self.send(Slow(self.delay_s))

    def reset(self, net: str) -> None:
        self.send(Reset(net))

    def new_target(self, curve: curves.Curve) -> None:
        """The game's real points from now on lie on `curve` (the nets keep what they learnt)."""
        self.curve = curve
        self.send(NewTarget(curve.to_dict()))

    def retune(self, **changes) -> None:
        self.send(Retune(**changes))
        try:  # kept here too, so that a page that finds the game again shows the rates it trains with
            self.cfg = self.cfg.replace(**{k: v for k, v in changes.items() if v is not None})
        except ValueError:
            pass  # the worker refuses it and says why


# --- the worker process ----------------------------------------------------------------------------
def _play(channel: Channel, cfg_dict: dict, curve_dict: dict, n_points: int, epochs: int, running: bool) -> None:
    try:
        cfg, curve = TrainConfig.from_dict(cfg_dict), curves.Curve.from_dict(curve_dict)
        data = curves.dataset(curve, n_points, seed=cfg.seed)
        game = _Game(channel, Trainer(cfg, data, device="cpu"), epochs, n_points)
        game.aim(curve, data)
    except ValueError as error:  # a bad config cannot get here from the UI; say it anyway
        channel.status(FAILED, say("could_not_start", error=said_by(error)))
        return
    run(channel, game, running=running)


class _Game(Work):
    """The game's work for the one worker loop: train until a frame is due, send frames, and obey
    GAN Lab's commands."""

    report_every_s = FRAME_EVERY_S

    def __init__(self, channel: Channel, trainer: Trainer, epochs: int, n_points: int) -> None:
        self.channel, self.trainer, self.epochs, self.n_points = channel, trainer, epochs, n_points
        self.phases, self.delay = "dg", 0.0
        self.seconds = 0.0
        self.sums, self.count = torch.zeros(2), 0
        self.losses = (float("nan"), float("nan"))  # none before the first step

    def aim(self, curve: curves.Curve, data) -> None:
        """The frames' curve and probe from now on, and the real points `data` the trainer trains on."""
        self.curve = curve
        self.probe = Probe.make(curve, self.trainer.cfg.latent_dim, self.trainer.cfg.seed)
        self.channel.send(RealPoints(data.images.numpy().astype(np.float32)))

    def advance(self, interrupted) -> bool:
        """Steps until the epoch ends, a frame is due, slow motion waits, or a command arrives."""
        start = time.perf_counter()
        self.trainer.train_epoch(lambda m: self._add(m) or bool(self.delay) or interrupted(), phases=self.phases)
        self.seconds += time.perf_counter() - start
        if self.delay:
            time.sleep(self.delay)
        return self.trainer.epoch >= self.epochs

    def apply(self, command: Command) -> bool | None:
        if isinstance(command, Step):
            for _ in range(command.n):  # each one step, as part of an epoch (epochs still count passes)
                start = time.perf_counter()
                self.trainer.train_epoch(on_step=lambda m: self._add(m) or True, phases=command.phases)
                self.seconds += time.perf_counter() - start
            return False
        if isinstance(command, Train):
            self.phases = command.phases
        elif isinstance(command, Slow):
            self.delay = command.delay_s
        elif isinstance(command, Reset):
            self.trainer.reset_net(command.net)
            self.report()
        elif isinstance(command, NewTarget):
            curve = curves.Curve.from_dict(command.curve)
            data = curves.dataset(curve, self.n_points, seed=self.trainer.cfg.seed)
            self.trainer.replace_data(data)  # the nets keep what they learnt and must move
            self.aim(curve, data)
            self.report()
        elif isinstance(command, Retune):
            try:
                self.trainer.retune(lr_d=command.lr_d, lr_g=command.lr_g, d_steps=command.d_steps)
            except ValueError as error:
                raise Refused(str(error)) from None
        return None

    def finish(self, state: str) -> str:
        return say("game_finished", n=self.epochs) if state == FINISHED else ""

    def failed(self, error: Exception) -> str | None:
        return said_by(error) if isinstance(error, TrainingDiverged) else None

    def _add(self, m) -> None:
        self.sums += torch.stack([m.values["d_loss"], m.values["g_loss"]]).float()
        self.count += 1

    def report(self) -> None:
        """A frame of the game as it is now, with the mean losses since the last one."""
        if self.count:  # else the last ones: no step since the last frame
            self.losses = tuple((self.sums / self.count).tolist())
        self.sums.zero_()
        self.count = 0
        self.channel.send(NewFrame(make_frame(self.trainer, self.curve, self.probe, self.losses, self.seconds)))
