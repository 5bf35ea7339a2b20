"""The harmonic GAN, live: the one `Trainer` on points of a curve in a worker process, seen as frames.

A `Frame` is one picture of the game at a step (GAN Lab's views): the generated points, the
discriminator's probability of "real" over the plane, where a grid of latent points lands (G's
manifold), the direction G's loss pushes each generated point, the losses and the fit
(explorer/curves.py). `make_frame` computes one from a trainer; it is pure and tested alone.

`HarmonicRun` trains in a spawned process (why a process: explorer/live.py) that obeys commands
between two steps: run, pause, a few steps of D only / G only / both, slow motion, new learning
rates or D steps per G step without a reset. The worker sends a frame at most every FRAME_EVERY_S
while running (and after every command), and a collector thread keeps them (thinned at a cap) so
that a page can play back any past moment.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import queue
import threading
import time
from dataclasses import dataclass, field

import numpy as np
import torch

from explorer.gan.config import TrainConfig
from explorer.gan.trainer import Trainer, TrainingDiverged
from explorer.harmonic import curves

FRAME_EVERY_S = 0.1  # while running, at most ten frames a second
POINTS = 400  # generated points in a frame (from one fixed latent batch, so a point can be followed)
HEAT = 40  # the discriminator's map: HEAT × HEAT cells
MANIFOLD = 15  # G's manifold: MANIFOLD × MANIFOLD latent points (the first two latent dimensions)
ARROWS = 60  # generated points that carry an arrow
MEASURE = 2000  # generated points the fit is measured on, per frame
MAX_FRAMES = 600
PHASES = {"both": "dg", "d": "d", "g": "g"}


@dataclass(frozen=True)
class Frame:
    epoch: int
    step: int
    seconds: float  # training time so far, pauses excluded
    fake: np.ndarray  # [POINTS, 2]
    heat: np.ndarray  # [HEAT, HEAT] D's probability of "real"; rows are y (bottom first), columns x
    manifold: np.ndarray  # [MANIFOLD, MANIFOLD, 2] G of a latent grid
    arrows: np.ndarray  # [ARROWS, 2] the step G's loss gradient asks of the first ARROWS points
    d_loss: float  # mean losses of the training steps since the last frame
    g_loss: float
    d_real: float  # D(x): D's mean probability of "real" on 1,000 real points, now
    d_fake: float  # D(G(z)): the same on the frame's generated points
    fit: curves.Fit


@dataclass(frozen=True)
class Probe:
    """The fixed inputs every frame is computed on, so frames differ only by training."""
    z: torch.Tensor  # [POINTS, latent]
    z_measure: torch.Tensor  # [MEASURE, latent]
    z_grid: torch.Tensor  # [MANIFOLD², latent]
    plane: torch.Tensor  # [HEAT², 2] the centres of D's map's cells

    @classmethod
    def make(cls, curve: curves.Curve, latent_dim: int, seed: int = 0) -> "Probe":
        rng = torch.Generator().manual_seed(seed + 101)
        xs, ys = heat_cells(curve)
        gy, gx = torch.meshgrid(ys, xs, indexing="ij")
        # the manifold: a grid over ±2 standard deviations of the first two latent dimensions
        side = torch.linspace(-2, 2, MANIFOLD)
        u, v = torch.meshgrid(side, side, indexing="ij")
        z_grid = torch.zeros(MANIFOLD * MANIFOLD, latent_dim)
        z_grid[:, 0] = u.reshape(-1)
        if latent_dim > 1:
            z_grid[:, 1] = v.reshape(-1)
        return cls(torch.randn(POINTS, latent_dim, generator=rng), torch.randn(MEASURE, latent_dim, generator=rng),
                   z_grid, torch.stack([gx.reshape(-1), gy.reshape(-1)], 1))


def heat_cells(curve: curves.Curve) -> tuple[torch.Tensor, torch.Tensor]:
    """(x, y) of the centres of D's map's columns and rows over the curve's view of the plane."""
    x0, x1, y0, y1 = curve.bounds()
    return (torch.linspace(x0, x1, HEAT + 1)[:-1] + (x1 - x0) / HEAT / 2,
            torch.linspace(y0, y1, HEAT + 1)[:-1] + (y1 - y0) / HEAT / 2)


def make_frame(trainer: Trainer, curve: curves.Curve, probe: Probe, losses: tuple[float, float],
               seconds: float) -> Frame:
    G, D = trainer.G_ema, trainer.D
    was = G.training, D.training
    G.eval(), D.eval()
    try:
        with torch.no_grad():
            fake = G(probe.z)
            measured = G(probe.z_measure)
            manifold = G(probe.z_grid).reshape(MANIFOLD, MANIFOLD, 2)
            heat = torch.sigmoid(D(probe.plane)).reshape(HEAT, HEAT)
            d_real = float(torch.sigmoid(D(curves.reference(curve)[:1000])).mean())
            d_fake = float(torch.sigmoid(D(fake)).mean())
        # where G's loss wants each point to go: −∂L_G/∂x (the push D's slope gives G)
        x = fake[:ARROWS].clone().requires_grad_(True)
        loss = trainer.generator_loss(D(x).float())
        (grad,) = torch.autograd.grad(loss * ARROWS, x)
    finally:
        G.train(was[0]), D.train(was[1])
    return Frame(trainer.epoch, trainer.step_count, seconds, fake.numpy().astype(np.float32),
                 heat.numpy().astype(np.float32), manifold.numpy().astype(np.float32),
                 (-grad).numpy().astype(np.float32), *losses, d_real, d_fake,
                 curves.measure(curve, measured))


@dataclass(frozen=True)
class Snapshot:
    state: str  # starting | running | paused | finished | failed | stopped
    message: str
    frames: list[Frame] = field(default_factory=list)
    real: np.ndarray | None = None  # the real points [N, 2]


ACTIVE = ("starting", "running", "paused")


class HarmonicRun:
    """One harmonic GAN of one session, training in its own process. It has what a
    `live.RunRegistry` needs (start, stop, started, active, last_seen), so the page's registry
    stops it once nobody has looked at it for a while."""

    def __init__(self, cfg: TrainConfig, curve: curves.Curve, n_points: int = 1024, *, epochs: int | None = None,
                 running: bool = False, max_frames: int = MAX_FRAMES) -> None:
        self.cfg, self.curve, self.n_points, self.running = cfg, curve, n_points, running
        self.epochs = epochs or cfg.epochs
        self._max_frames = max_frames
        self._ctx = mp.get_context("spawn")
        self._commands, self._out = self._ctx.Queue(), self._ctx.Queue()
        self._process: mp.process.BaseProcess | None = None
        self._lock = threading.Lock()
        self._state, self._message = "starting", ""
        self._frames: list[Frame] = []
        self._received = 0  # frames ever received (the list is thinned)
        self._real: np.ndarray | None = None
        self.last_seen = time.monotonic()  # the registry's heartbeat

    def start(self) -> None:
        """Start training (or, with `running` False, show the untrained game and wait for run())."""
        if self._process is not None:
            return
        args = (self.cfg.to_dict(), self.curve.to_dict(), self.n_points, self.epochs, self.running, self._commands,
                self._out)
        self._process = self._ctx.Process(target=_worker, args=args, name="gan-explorer-harmonic", daemon=True)
        self._process.start()
        threading.Thread(target=self._collect, name="gan-explorer-harmonic-collect", daemon=True).start()

    @property
    def started(self) -> bool:
        return self._process is not None

    @property
    def active(self) -> bool:
        return self.state in ACTIVE

    @property
    def alive(self) -> bool:
        return self._process is not None and self._process.is_alive()

    # --- commands (all return at once; the worker obeys between two steps) -----------------------
    def run(self) -> None:
        self._send("run")
        self._set_state_if(("paused",), "running")  # at once, so the page starts polling on this rerun

    def pause(self) -> None:
        self._send("pause")
        self._set_state_if(("running",), "paused")

    def step(self, n: int = 1, phases: str = "both", wait_s: float = 2.0) -> None:
        """`n` steps, then paused; waits (briefly) for their frame, so the page that asked shows it."""
        with self._lock:
            seen = self._received
        self._send("step", n, PHASES[phases])
        self._set_state_if(("running",), "paused")
        deadline = time.monotonic() + wait_s
        while time.monotonic() < deadline and self.alive:
            with self._lock:
                if self._received > seen:
                    return
            time.sleep(0.01)

    def set_mode(self, phases: str) -> None:
        """What "run" trains: both nets (the default), or only D, or only G."""
        self._send("mode", PHASES[phases])

    def slow(self, delay_s: float) -> None:
        """Slow motion: wait `delay_s` between two steps (0 = full speed)."""
        self._send("delay", max(0.0, float(delay_s)))

    def retune(self, **changes) -> None:
        """lr_d, lr_g, d_steps: applied between two steps, without a reset."""
        self._send("retune", changes)

    def stop(self) -> None:
        self._send("stop")
        if self._process is None:  # never started (queued): nothing will run
            self._set_state_if(ACTIVE, "stopped")

    def _set_state_if(self, current: tuple[str, ...], new: str) -> None:
        with self._lock:
            if self._state in current:
                self._state = new

    def _send(self, *command) -> None:
        if self._process is None or self._process.is_alive():  # a queued run reads them when it starts
            self._commands.put(command)

    # --- what the worker said ---------------------------------------------------------------
    def snapshot(self) -> Snapshot:
        with self._lock:
            return Snapshot(self._state, self._message, list(self._frames), self._real)

    @property
    def state(self) -> str:
        with self._lock:
            return self._state

    def _collect(self) -> None:
        while True:
            try:
                kind, payload = self._out.get(timeout=0.5)
            except queue.Empty:
                if self._process.is_alive():
                    continue
                with self._lock:
                    if self._state in ACTIVE:
                        self._state = "failed"
                        self._message = f"The training process ended unexpectedly (exit code {self._process.exitcode})."
                return
            with self._lock:
                if kind == "frame":
                    self._frames.append(payload)
                    self._received += 1
                    if len(self._frames) > self._max_frames:  # thin the past, keep the first and the latest
                        self._frames = self._frames[:1] + self._frames[1:-1][1::2] + self._frames[-1:]
                elif kind == "real":
                    self._real = payload
                elif kind == "state":
                    self._state, self._message = payload
            if kind == "state" and payload[0] in ("finished", "failed", "stopped"):
                return


def _worker(cfg_dict: dict, curve_dict: dict, n_points: int, epochs: int, running: bool,
            commands: mp.Queue, out: mp.Queue) -> None:
    torch.set_num_threads(1)  # a step of these tiny nets is overhead: more threads only wait on each other
    try:
        os.nice(5)  # the page that draws the game comes first: it is what the class watches
    except OSError:
        pass
    try:
        cfg, curve = TrainConfig.from_dict(cfg_dict), curves.Curve.from_dict(curve_dict)
        data = curves.dataset(curve, n_points, seed=cfg.seed)
        trainer = Trainer(cfg, data, device="cpu")
        probe = Probe.make(curve, cfg.latent_dim, cfg.seed)
    except Exception as error:  # a bad config cannot get here from the UI; say it anyway
        out.put(("state", ("failed", f"Could not start: {error}")))
        return
    out.put(("real", data.images.numpy().astype(np.float32)))
    Worker(trainer, curve, probe, epochs, running, commands, out).loop()


class Worker:
    """The worker process's loop: obey commands, train, send frames."""

    def __init__(self, trainer: Trainer, curve: curves.Curve, probe: Probe, epochs: int, running: bool,
                 commands, out) -> None:
        self.trainer, self.curve, self.probe, self.epochs = trainer, curve, probe, epochs
        self.commands, self.out = commands, out
        self.running, self.phases, self.delay = running, "dg", 0.0
        self.seconds = 0.0
        self.sums, self.count = torch.zeros(2), 0
        self.losses = (float("nan"), float("nan"))  # none before the first step
        self.last_frame = 0.0

    def loop(self) -> None:
        self.send_frame()
        self.say("running" if self.running else "paused")
        try:
            while True:
                if self.obey() == "stop":
                    self.send_frame()
                    self.say("stopped")
                    return
                if not self.running:
                    continue
                self.train_run()
                if self.trainer.epoch >= self.epochs:
                    self.send_frame()
                    self.say("finished", f"Finished {self.epochs} epochs.")
                    return
                if time.monotonic() - self.last_frame >= FRAME_EVERY_S:
                    self.send_frame()
                if self.delay:
                    time.sleep(self.delay)
        except TrainingDiverged as error:
            self.send_frame()
            self.say("failed", str(error))

    def obey(self) -> str | None:
        """Apply waiting commands; while paused, wait for one."""
        try:
            command = self.commands.get(timeout=0.2) if not self.running else self.commands.get_nowait()
        except queue.Empty:
            return None
        kind, *args = command
        if kind == "stop":
            return "stop"
        if kind == "run":
            self.running = True
            self.say("running")
        elif kind == "pause":
            self.running = False
            self.send_frame()
            self.say("paused")
        elif kind == "step":
            self.running = False
            n, phases = args
            for _ in range(n):
                self.train(1, phases)
            self.send_frame()
            self.say("paused")
        elif kind == "mode":
            self.phases = args[0]
        elif kind == "delay":
            self.delay = args[0]
        elif kind == "retune":
            try:
                self.trainer.retune(**args[0])
            except ValueError as error:
                self.say("running" if self.running else "paused", str(error))
        return kind

    def train_run(self) -> None:
        """Steps until the epoch ends, a frame is due, slow motion waits, or a command arrives."""
        def on_step(m) -> bool:
            self._add(m)
            return bool(self.delay) or time.monotonic() - self.last_frame >= FRAME_EVERY_S or not self.commands.empty()

        start = time.perf_counter()
        self.trainer.train_epoch(on_step, phases=self.phases)
        self.seconds += time.perf_counter() - start

    def train(self, steps: int, phases: str) -> None:
        """Exactly `steps` steps (as parts of epochs, so that epochs still count passes over the points)."""
        start = time.perf_counter()
        for _ in range(steps):
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
        self.out.put(("frame", make_frame(self.trainer, self.curve, self.probe, self.losses, self.seconds)))
        self.last_frame = time.monotonic()

    def say(self, state: str, message: str = "") -> None:
        self.out.put(("state", (state, message)))
