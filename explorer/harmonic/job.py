"""A harmonic game as a job: the one `Trainer` on points of a curve in a worker process, seen as frames.

The worker obeys commands between two steps (GAN Lab's controls): play, pause, a few steps of D
only / G only / both, slow motion, new learning rates or D steps per G step without a reset. It
sends a frame (explorer/harmonic/game.py) at most every FRAME_EVERY_S while running and after
every command, and `HarmonicJob` keeps them (thinned at a cap) so that a page can look back at
any past moment. A game starts paused on its untrained state unless it is asked to run.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np
import torch

from explorer.gan.config import TrainConfig
from explorer.gan.trainer import Trainer, TrainingDiverged
from explorer.harmonic import curves
from explorer.harmonic.game import Frame, Probe, make_frame
from explorer.jobs import (
    ACTIVE,
    FAILED,
    FINISHED,
    LIGHT,
    PAUSED,
    RUNNING,
    STOPPED,
    Channel,
    Command,
    Job,
    Pause,
    Report,
    Resume,
    Stop,
)
from explorer.jobs.thin import thin

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
class HarmonicSnapshot:
    state: str
    message: str
    frames: list[Frame] = field(default_factory=list)
    real: np.ndarray | None = None  # the real points [N, 2]

    @property
    def active(self) -> bool:
        return self.state in ACTIVE


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
        super().__init__(LIGHT, threads=1)  # a step of these tiny nets is overhead: more threads only wait
        self.cfg, self.curve, self.n_points, self.running = cfg, curve, n_points, running
        self.epochs = epochs or cfg.epochs
        self.recipe = recipe  # the preset's name, for the page's words
        self.partner: str | None = None  # the id of a game that trains beside this one, for comparison
        self.phases, self.delay_s = "dg", 0.0  # as last asked for: what playing trains, slow motion
        self._max_frames = max_frames
        self._frames: list[Frame] = []
        self._received = 0  # frames ever received (the list is thinned)
        self._real: np.ndarray | None = None

    def worker(self):
        return _play, (self.cfg.to_dict(), self.curve.to_dict(), self.n_points, self.epochs, self.running)

    def fold(self, report: Report) -> None:
        if isinstance(report, NewFrame):
            self._frames = thin(self._frames + [report.frame], self._max_frames)
            self._received += 1
        elif isinstance(report, RealPoints):
            self._real = report.points

    def snapshot(self) -> HarmonicSnapshot:
        with self._lock:
            return HarmonicSnapshot(self._state, self._message, list(self._frames), self._real)

    def step(self, n: int = 1, phases: str = "both", wait_s: float = 2.0) -> None:
        """`n` steps, then paused; waits (briefly) for their frame, so the page that asked shows it."""
        with self._lock:
            seen = self._received
        self._want = PAUSED
        self.send(Step(n, PHASES[phases]))
        self._set_state_if((RUNNING,), PAUSED)
        deadline = time.monotonic() + wait_s
        while time.monotonic() < deadline and self.running_process:
            with self._lock:
                if self._received > seen:
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
        trainer = Trainer(cfg, data, device="cpu")
        probe = Probe.make(curve, cfg.latent_dim, cfg.seed)
    except ValueError as error:  # a bad config cannot get here from the UI; say it anyway
        channel.status(FAILED, f"Could not start: {error}")
        return
    channel.send(RealPoints(data.images.numpy().astype(np.float32)))
    _Game(channel, trainer, curve, probe, epochs, running, n_points).loop()


class _Game:
    """The worker's loop: obey commands, train, send frames."""

    def __init__(
        self,
        channel: Channel,
        trainer: Trainer,
        curve: curves.Curve,
        probe: Probe,
        epochs: int,
        running: bool,
        n_points: int = 1024,
    ) -> None:
        self.channel, self.trainer, self.curve, self.probe, self.epochs = channel, trainer, curve, probe, epochs
        self.n_points = n_points
        self.running, self.phases, self.delay = running, "dg", 0.0
        self.seconds = 0.0
        self.sums, self.count = torch.zeros(2), 0
        self.losses = (float("nan"), float("nan"))  # none before the first step
        self.last_frame = 0.0

    def loop(self) -> None:
        self.send_frame()
        self.channel.status(RUNNING if self.running else PAUSED)
        try:
            while True:
                if not self.obey():
                    self.send_frame()
                    self.channel.status(STOPPED)
                    return
                if not self.running:
                    continue
                self.train_run()
                if self.trainer.epoch >= self.epochs:
                    self.send_frame()
                    self.channel.status(FINISHED, f"Finished {self.epochs} epochs.")
                    return
                if time.monotonic() - self.last_frame >= FRAME_EVERY_S:
                    self.send_frame()
                if self.delay:
                    time.sleep(self.delay)
        except TrainingDiverged as error:
            self.send_frame()
            self.channel.status(FAILED, str(error))

    def obey(self) -> bool:
        """Apply waiting commands (while paused, wait for one); False on Stop."""
        command = self.channel.poll() if self.running else self.channel.wait(0.2)
        while command is not None:
            if isinstance(command, Stop):
                return False
            self.apply(command)
            command = self.channel.poll()
        return True

    def apply(self, command: Command) -> None:
        if isinstance(command, Resume):
            self.running = True
            self.channel.status(RUNNING)
        elif isinstance(command, Pause):
            self.running = False
            self.send_frame()
            self.channel.status(PAUSED)
        elif isinstance(command, Step):
            self.running = False
            for _ in range(command.n):
                self.train(command.phases)
            self.send_frame()
            self.channel.status(PAUSED)
        elif isinstance(command, Train):
            self.phases = command.phases
        elif isinstance(command, Slow):
            self.delay = command.delay_s
        elif isinstance(command, Reset):
            self.trainer.reset_net(command.net)
            self.send_frame()
        elif isinstance(command, NewTarget):
            self.curve = curves.Curve.from_dict(command.curve)
            data = curves.dataset(self.curve, self.n_points, seed=self.trainer.cfg.seed)
            self.trainer.replace_data(data)
            self.probe = Probe.make(self.curve, self.trainer.cfg.latent_dim, self.trainer.cfg.seed)
            self.channel.send(RealPoints(data.images.numpy().astype(np.float32)))
            self.send_frame()
        elif isinstance(command, Retune):
            try:
                self.trainer.retune(lr_d=command.lr_d, lr_g=command.lr_g, d_steps=command.d_steps)
            except ValueError as error:
                self.channel.status(RUNNING if self.running else PAUSED, str(error))

    def train_run(self) -> None:
        """Steps until the epoch ends, a frame is due, slow motion waits, or a command arrives."""

        def on_step(m) -> bool:
            self._add(m)
            return bool(self.delay) or time.monotonic() - self.last_frame >= FRAME_EVERY_S or self.channel.waiting()

        start = time.perf_counter()
        self.trainer.train_epoch(on_step, phases=self.phases)
        self.seconds += time.perf_counter() - start

    def train(self, phases: str) -> None:
        """Exactly one step (as part of an epoch, so that epochs still count passes over the points)."""
        start = time.perf_counter()
        self.trainer.train_epoch(on_step=lambda m: self._add(m) or True, phases=phases)
        self.seconds += time.perf_counter() - start

    def _add(self, m) -> None:
        self.sums += torch.stack([m.d_loss, m.g_loss]).float()
        self.count += 1

    def send_frame(self) -> None:
        if self.count:  # else the last ones: no step since the last frame
            self.losses = tuple((self.sums / self.count).tolist())
        self.sums.zero_()
        self.count = 0
        self.channel.send(NewFrame(make_frame(self.trainer, self.curve, self.probe, self.losses, self.seconds)))
        self.last_frame = time.monotonic()
