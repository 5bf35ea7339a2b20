"""Live training for an interactive front end: a `Trainer` in a daemon thread, seen through snapshots.

The thread never touches the UI. After every step it records the numbers; after every epoch it
renders the fixed-noise grid to PNG; it publishes all of it under a lock, and `snapshot()` hands
out a copy. Pause blocks the thread between two steps; stop ends it at the next step; both answer
within one step. Memory stays bounded on long runs: the per-step series and the epoch grids are
thinned (every other point dropped) when they reach their caps.

`RunRegistry` is the process-wide owner: it caps how many runs train at once (several CPU runs
only oversubscribe the cores), queues the rest, and stops runs whose page stopped polling.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Callable

import torch

from explorer.config import TrainConfig
from explorer.data import ImageData
from explorer.device import describe
from explorer.images import grid_png
from explorer.trainer import StepMetrics, Trainer, TrainingDiverged

SERIES = ("d_loss", "g_loss", "d_real", "d_fake")
ACTIVE = ("queued", "loading", "running", "paused")


@dataclass(frozen=True)
class Snapshot:
    state: str  # queued | loading | running | paused | stopped | finished | failed
    message: str  # where the data came from, or what went wrong
    epoch: int  # completed epochs
    total_epochs: int
    step: int
    steps_per_epoch: int
    images_per_s: float
    images_per_step: int
    elapsed_s: float
    device: str
    series: dict[str, list[float]]  # "step" plus SERIES, one value per recorded step
    epochs: list[dict]  # EpochSummary dicts
    grids: list[tuple[int, bytes]]  # (epoch, PNG of the fixed-noise grid); epoch 0 = untrained
    real_grid: bytes | None

    @property
    def active(self) -> bool:
        return self.state in ACTIVE

    @property
    def eta_s(self) -> float | None:
        """Seconds to the last epoch at the current speed (None until there is a speed)."""
        if self.images_per_s <= 0 or self.steps_per_epoch <= 0:
            return None
        steps_left = max(self.total_epochs * self.steps_per_epoch - self.step, 0)
        return steps_left * self.images_per_step / self.images_per_s


class LiveRun:
    """One training run of one session. `load_data` runs in the thread (it may download)."""

    def __init__(self, cfg: TrainConfig, load_data: Callable[[], ImageData], device: torch.device, *,
                 max_points: int = 4000, max_grids: int = 120) -> None:
        self.cfg = cfg
        self.device = device
        self._load_data = load_data
        self._max_points, self._max_grids = max_points, max_grids
        self._lock = threading.Lock()
        self._pause = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.trainer: Trainer | None = None
        self.last_seen = time.monotonic()  # the registry's heartbeat
        # published state (guarded by _lock)
        self._state, self._message = "queued", ""
        self._series: dict[str, list[float]] = {k: [] for k in ("step", *SERIES)}
        self._stride = 1 if device.type == "cpu" else 10  # record every n-th step (a GPU read syncs)
        self._grids: list[tuple[int, bytes]] = []
        self._real_grid: bytes | None = None
        self._rate, self._elapsed, self._started, self._step0 = 0.0, 0.0, 0.0, 0

    # --- control (any thread) ---------------------------------------------------------------
    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="gan-explorer-train", daemon=True)
            self._thread.start()

    def pause(self) -> None:
        self._pause.set()
        self._set_state_if("running", "paused")

    def resume(self) -> None:
        self._pause.clear()
        self._set_state_if("paused", "running")

    def stop(self) -> None:
        self._stop.set()
        self._pause.clear()
        if self._thread is None:  # never started (queued): nothing will run
            self._set_state_if("queued", "stopped")

    def join(self, timeout: float | None = None) -> None:
        if self._thread is not None:
            self._thread.join(timeout)

    def snapshot(self) -> Snapshot:
        with self._lock:
            t = self.trainer
            return Snapshot(
                state=self._state, message=self._message,
                epoch=t.epoch if t else 0, total_epochs=self.cfg.epochs,
                step=t.step_count if t else 0, steps_per_epoch=t.steps_per_epoch if t else 0,
                images_per_s=self._rate, images_per_step=self.cfg.d_batch * self.cfg.d_steps,
                elapsed_s=self._elapsed, device=describe(self.device),
                series={k: list(v) for k, v in self._series.items()},
                epochs=list(t.history) if t else [], grids=list(self._grids), real_grid=self._real_grid,
            )

    @property
    def state(self) -> str:
        with self._lock:
            return self._state

    @property
    def started(self) -> bool:
        return self._thread is not None

    # --- the thread --------------------------------------------------------------------------
    def _run(self) -> None:
        try:
            self._set_state("loading", "")
            data = self._load_data()
            trainer = Trainer(self.cfg, data, self.device)
            real = data.images[torch.randperm(len(data), generator=torch.Generator(device=data.images.device)
                                              .manual_seed(self.cfg.seed), device=data.images.device)[: self.cfg.n_fixed]]
            with self._lock:
                self.trainer = trainer
                self._real_grid = grid_png(real)
                self._grids.append((0, grid_png(trainer.sample())))
                self._message = data.source
            self._set_state_if("loading", "paused" if self._pause.is_set() else "running")
            self._started, self._step0 = time.perf_counter(), trainer.step_count
            while trainer.epoch < self.cfg.epochs and not self._stop.is_set():
                summary = trainer.train_epoch(self._on_step)
                if summary.complete:
                    png = grid_png(trainer.sample())
                    with self._lock:
                        self._grids.append((trainer.epoch, png))
                        if len(self._grids) > self._max_grids:  # keep the first, thin the rest
                            self._grids = self._grids[:1] + self._grids[1::2][1:] + self._grids[-1:]
            self._set_state("stopped" if self._stop.is_set() else "finished", self._message)
        except TrainingDiverged as error:
            self._set_state("failed", str(error))
        except Exception as error:  # shown on the page as a sentence; the thread must not die silently
            self._set_state("failed", f"Training stopped: {error}")

    def _on_step(self, m: StepMetrics) -> bool:
        trainer = self.trainer
        if trainer.step_count % self._stride == 0:
            values = m.floats()
            with self._lock:
                self._series["step"].append(trainer.step_count)
                for key in SERIES:
                    self._series[key].append(values[key])
                if len(self._series["step"]) > self._max_points:  # thin: every other point
                    self._series = {k: v[::2] for k, v in self._series.items()}
                    self._stride *= 2
        now = time.perf_counter()
        with self._lock:
            self._elapsed = now - self._started
            done = (trainer.step_count - self._step0) * self.cfg.d_batch * self.cfg.d_steps
            self._rate = done / self._elapsed if self._elapsed > 0 else 0.0
        if self._pause.is_set():
            paused_at = time.perf_counter()
            while self._pause.is_set() and not self._stop.is_set():
                time.sleep(0.05)
            self._started += time.perf_counter() - paused_at  # paused time is not training time
        return self._stop.is_set()

    def _set_state(self, state: str, message: str) -> None:
        with self._lock:
            self._state, self._message = state, message

    def _set_state_if(self, expected: str, state: str) -> None:
        with self._lock:
            if self._state == expected:
                self._state = state


@dataclass
class RunRegistry:
    """Process-wide: caps concurrent runs, queues the rest, stops runs nobody polls any more."""

    max_active: int = 1
    abandon_after_s: float = 300.0  # a closed tab; short disconnects and page switches survive
    runs: list[LiveRun] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _watchdog: threading.Thread | None = None

    def submit(self, run: LiveRun) -> None:
        with self._lock:
            self.runs.append(run)
        self.tick()
        if self._watchdog is None:
            self._watchdog = threading.Thread(target=self._watch, name="gan-explorer-watchdog", daemon=True)
            self._watchdog.start()

    def heartbeat(self, run: LiveRun) -> None:
        run.last_seen = time.monotonic()

    def tick(self) -> None:
        """Stop abandoned runs, forget ended ones, start queued ones while there is room."""
        now = time.monotonic()
        with self._lock:
            for run in self.runs:
                if now - run.last_seen > self.abandon_after_s:
                    run.stop()
            self.runs = [r for r in self.runs if r.state in ACTIVE]
            active = [r for r in self.runs if r.started]
            for run in self.runs:
                if not run.started and len(active) < self.max_active:
                    run.start()
                    active.append(run)

    def position(self, run: LiveRun) -> int:
        """1-based place in the queue (0 when it is training or has ended)."""
        with self._lock:
            queued = [r for r in self.runs if not r.started]
        return queued.index(run) + 1 if run in queued else 0

    def _watch(self) -> None:
        while True:
            time.sleep(2.0)
            self.tick()
