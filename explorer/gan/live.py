"""Live training for an interactive front end: a `Trainer` in a worker process, seen through snapshots.

Why a process and not a thread: a GAN step on a CPU is hundreds of small OpenMP-parallel ops, fast
only while OpenMP's workers spin between them. Once a second thread of the same process has run
torch ops (a Streamlit script run does), libgomp holds more threads than there are cores and
stops spinning; the trainer then ran 35% slower on this 2-core machine (3,387 → 2,180 images/s).
A spawned worker has its own OpenMP runtime and its own GIL, so the UI costs it nothing.

The worker sends small messages (state, batches of per-step numbers a few times a second, one PNG
grid per epoch); a collector thread here folds them into the state that `snapshot()` copies out.
Pause and stop are process-shared events, checked between two steps. Memory stays bounded: the
per-step series and the epoch grids are thinned (every other one dropped) at their caps.

`RunRegistry` is the process-wide owner: it caps how many runs train at once, queues the rest,
and stops runs whose page stopped polling.
"""

from __future__ import annotations

import io
import multiprocessing as mp
import queue
import shutil
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import torch

from explorer.data.datasets import ImageData, load_dataset
from explorer.data.pictures import PictureSet
from explorer.device import describe
from explorer.formats.checkpoint import CheckpointError, save_checkpoint
from explorer.formats.images import grid_png
from explorer.gan import judge
from explorer.gan.config import TrainConfig
from explorer.gan.diagnostics import variety
from explorer.gan.trainer import StepMetrics, Trainer, TrainingDiverged

SERIES = ("d_loss", "g_loss", "d_real", "d_fake")
ACTIVE = ("queued", "loading", "running", "paused")
SEND_EVERY_S = 0.25
GENERATOR_EVERY_S = 2.0  # G's weights (up to a few MB) go to the UI at most this often


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
    elapsed_s: float  # training time, pauses excluded
    device: str
    series: dict[str, list[float]]  # "step" plus SERIES, one value per recorded step
    epochs: list[dict]  # EpochSummary dicts
    grids: list[tuple[int, bytes]]  # (epoch, PNG of the fixed-noise grid); epoch 0 = untrained
    real_grid: bytes | None
    checkpoint: str | None  # a trainer checkpoint, written when paused and when the run ends
    checkpoint_error: str  # why it could not be written (a full disk), or ""

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
    """One training run of one session. `source` is a dataset name (loaded, maybe downloaded, in
    the worker, with progress shown as the run's message), the path of a saved `PictureSet`
    (your own pictures), or an `ImageData` to train on."""

    def __init__(self, cfg: TrainConfig, source: str | Path | ImageData, device: torch.device, *,
                 checkpoint_path: str | None = None, workdir: Path | None = None, max_points: int = 4000,
                 max_grids: int = 120) -> None:
        self.cfg, self.source, self.device, self.checkpoint_path = cfg, source, device, checkpoint_path
        self.workdir = workdir  # the run's own files (checkpoint, pictures): deleted by discard()
        self._device_name = describe(device)  # once: snapshot() runs on every poll
        self._max_points, self._max_grids = max_points, max_grids
        self._ctx = mp.get_context("spawn")  # never fork a process that runs threads and CUDA
        self._pause, self._stop = self._ctx.Event(), self._ctx.Event()
        self._queue = self._ctx.Queue()
        self._process: mp.process.BaseProcess | None = None
        self._collector: threading.Thread | None = None
        self._lock = threading.Lock()
        self.last_seen = time.monotonic()  # the registry's heartbeat
        # what the worker has told us (guarded by _lock)
        self._state, self._message = "queued", ""
        self._step = self._epoch = self._steps_per_epoch = 0
        self._rate = self._elapsed = 0.0
        self._series: dict[str, list[float]] = {k: [] for k in ("step", *SERIES)}
        self._epochs: list[dict] = []
        self._grids: list[tuple[int, bytes]] = []
        self._real_grid: bytes | None = None
        self._checkpoint: str | None = None
        self._checkpoint_error = ""
        self._generator: tuple[int, bytes] | None = None  # (epoch, G's weights, torch.save'd), for the latent page

    # --- control ---------------------------------------------------------------------------
    def start(self) -> None:
        if self._process is not None:
            return
        args = (self.cfg.to_dict(), self.source, str(self.device), self.checkpoint_path, self._queue,
                self._pause, self._stop)
        self._process = self._ctx.Process(target=_worker, args=args, name="gan-explorer-train", daemon=True)
        self._process.start()
        self._set_state_if("queued", "loading")  # spawning the worker and importing torch: ~2 s
        self._collector = threading.Thread(target=self._collect, name="gan-explorer-collect", daemon=True)
        self._collector.start()

    def pause(self) -> None:
        self._pause.set()
        self._set_state_if("running", "paused")

    def resume(self) -> None:
        self._pause.clear()
        self._set_state_if("paused", "running")

    def stop(self) -> None:
        self._stop.set()
        self._pause.clear()
        if self._process is None:  # never started (queued): nothing will run
            self._set_state_if("queued", "stopped")

    def discard(self) -> None:
        """Stop, and delete `workdir` once the worker has let go of it (a thread waits for that,
        so a click never blocks on a worker still writing its last checkpoint)."""
        self.stop()

        def remove() -> None:
            self.join(60)
            shutil.rmtree(self.workdir, ignore_errors=True)

        if self.workdir is not None:
            threading.Thread(target=remove, name="gan-explorer-cleanup", daemon=True).start()

    def join(self, timeout: float | None = None) -> None:
        if self._collector is not None:
            self._collector.join(timeout)

    @property
    def started(self) -> bool:
        return self._process is not None

    @property
    def active(self) -> bool:
        return self.state in ACTIVE

    @property
    def state(self) -> str:
        with self._lock:
            return self._state

    def snapshot(self) -> Snapshot:
        with self._lock:
            return Snapshot(
                state=self._state, message=self._message, epoch=self._epoch, total_epochs=self.cfg.epochs,
                step=self._step, steps_per_epoch=self._steps_per_epoch, images_per_s=self._rate,
                images_per_step=self.cfg.images_per_step, elapsed_s=self._elapsed,
                device=self._device_name, series={k: list(v) for k, v in self._series.items()},
                epochs=list(self._epochs), grids=list(self._grids), real_grid=self._real_grid,
                checkpoint=self._checkpoint, checkpoint_error=self._checkpoint_error,
            )

    def generator(self) -> tuple[int, dict] | None:
        """(epoch, G's weights) as the worker last sent them (after an epoch, at most every
        GENERATOR_EVERY_S, and at the end), or None before the first epoch."""
        with self._lock:
            sent = self._generator
        if sent is None:
            return None
        return sent[0], torch.load(io.BytesIO(sent[1]), weights_only=True)

    # --- the collector thread: the worker's messages → published state -----------------------
    def _collect(self) -> None:
        while True:
            try:
                kind, payload = self._queue.get(timeout=0.5)
            except queue.Empty:
                if self._process.is_alive():
                    continue
                break
            with self._lock:
                self._apply(kind, payload)
            if kind == "end":
                break
        self._process.join(10)
        with self._lock:
            if self._state in ACTIVE:  # the worker died without a word (killed, out of memory)
                self._state = "failed"
                self._message = f"The training process ended unexpectedly (exit code {self._process.exitcode})."

    def _apply(self, kind: str, payload) -> None:
        if kind in ("state", "end"):
            state, message = payload
            self._state = "paused" if state == "running" and self._pause.is_set() else state
            self._message = message
        elif kind == "loaded":
            self._steps_per_epoch = payload["steps_per_epoch"]
            self._real_grid = payload["real_grid"]
            self._grids.append((0, payload["grid"]))
        elif kind == "steps":
            for key, values in payload["series"].items():
                self._series[key].extend(values)
            if len(self._series["step"]) > self._max_points:
                self._series = {k: v[::2] for k, v in self._series.items()}
            self._step, self._rate, self._elapsed = payload["step"], payload["rate"], payload["elapsed"]
        elif kind == "checkpoint":
            self._checkpoint, self._checkpoint_error = payload
        elif kind == "generator":
            self._generator = payload
        elif kind == "epoch":
            self._epoch = payload["summary"]["epoch"]
            self._epochs.append(payload["summary"])
            self._grids.append((self._epoch, payload["grid"]))
            if len(self._grids) > self._max_grids:  # keep the first and the latest, thin the rest
                self._grids = self._grids[:1] + self._grids[1:-1][1::2] + self._grids[-1:]

    def _set_state_if(self, expected: str, state: str) -> None:
        with self._lock:
            if self._state == expected:
                self._state = state


def _worker(cfg_dict: dict, source, device_name: str, checkpoint_path: str | None, out, pause, stop) -> None:
    """The worker process: train, and report. Every outcome ends with one "end" message."""
    trainer = None

    def save() -> None:  # on pause and at the end: whatever happens next, no work is lost
        if trainer is None or checkpoint_path is None:
            return
        try:
            save_checkpoint(checkpoint_path, trainer, extra={"source": "GAN Explorer Train page"})
            out.put(("checkpoint", (checkpoint_path, "")))
        except CheckpointError as error:
            out.put(("checkpoint", (None, str(error))))

    try:
        cfg, device = TrainConfig.from_dict(cfg_dict), torch.device(device_name)
        out.put(("state", ("loading", "")))
        if isinstance(source, str):
            data = load_dataset(source, device=device,
                                on_progress=lambda f, m: out.put(("state", ("loading", f"{m}: {f:.0%}"))))
        elif isinstance(source, Path):
            data = PictureSet.load_image_data(source, device)
        else:
            data = source.to(device)
        trainer = Trainer(cfg, data, device)
        pick = torch.randperm(len(data), generator=torch.Generator().manual_seed(cfg.seed))[: cfg.n_fixed]
        out.put(("loaded", {"steps_per_epoch": trainer.steps_per_epoch, "grid": grid_png(trainer.sample()),
                            "real_grid": grid_png(data.images[pick.to(device)])}))
        out.put(("state", ("running", data.source)))
        reporter = _Reporter(out, trainer, pause, stop, on_pause=save)
        score = _epoch_scorer(cfg, trainer)
        spread = _variety_meter(cfg, trainer, data)
        sent_generator = 0.0
        while trainer.epoch < cfg.epochs and not stop.is_set():
            summary = trainer.train_epoch(reporter.on_step)
            reporter.flush()
            if summary.complete:
                out.put(("epoch", {"summary": summary.to_dict() | score() | spread(), "grid": grid_png(trainer.sample())}))
                if time.perf_counter() - sent_generator >= GENERATOR_EVERY_S:
                    out.put(("generator", _generator_weights(trainer)))
                    sent_generator = time.perf_counter()
        out.put(("generator", _generator_weights(trainer)))
        save()
        out.put(("end", ("stopped" if stop.is_set() else "finished", data.source)))
    except TrainingDiverged as error:
        save()  # the trainer is back at its last good weights
        out.put(("end", ("failed", str(error))))
    except Exception as error:  # shown on the page as a sentence; never a silent death
        out.put(("end", ("failed", f"Training stopped: {error}")))


def _epoch_scorer(cfg: TrainConfig, trainer: Trainer, n: int = 500, budget: float = 0.02):
    """For digits: the judge's verdict on the same `n` latent points ({"quality": Quality dict})
    after an epoch, as often as it costs at most `budget` of the training time: every epoch on a
    GPU, every few on a small CPU (the first and the last epoch always). Otherwise nothing."""
    if cfg.dataset != "mnist" or cfg.image_shape != (1, 28, 28):
        return dict
    try:
        scorer = judge.load_judge(device=trainer.device)
    except CheckpointError:
        return dict
    z = torch.randn(n, cfg.latent_dim, generator=torch.Generator().manual_seed(cfg.seed + 7))
    last = {"at": time.perf_counter(), "cost": 0.0}

    def score() -> dict:
        now = time.perf_counter()
        final = trainer.epoch in (1, cfg.epochs)
        if not final and last["cost"] > budget * (now - last["at"]):
            return {}
        quality = judge.evaluate(scorer, trainer.sample(z)).to_dict()
        last["at"], last["cost"] = time.perf_counter(), time.perf_counter() - now
        return {"quality": quality}

    return score


def _generator_weights(trainer: Trainer) -> tuple[int, bytes]:
    """What sample() draws from (the averaged G when EMA is on), as torch.save bytes: tensors put
    on a multiprocessing queue would travel as shared-memory handles, one file descriptor each."""
    buffer = io.BytesIO()
    torch.save({k: v.detach().cpu() for k, v in trainer.G_ema.state_dict().items()}, buffer)
    return trainer.epoch, buffer.getvalue()


def _variety_meter(cfg: TrainConfig, trainer: Trainer, data: ImageData, n: int = 64):
    """{"variety": …} after each epoch: how much G's samples for `n` fixed latent points differ
    from one another, relative to `n` fixed real pictures (diagnostics.variety; ~2 ms)."""
    rng = torch.Generator().manual_seed(cfg.seed + 11)
    z = torch.randn(n, cfg.latent_dim, generator=rng)
    real = data.images[torch.randperm(len(data), generator=rng)[:n].to(data.images.device)]
    return lambda: {"variety": round(variety(trainer.sample(z), real), 4)}


class _Reporter:
    """In the worker: buffers per-step numbers and sends them a few times a second; holds the
    training while paused (paused time is not training time)."""

    def __init__(self, out, trainer: Trainer, pause, stop, on_pause) -> None:
        self.out, self.trainer, self.pause, self.stop, self.on_pause = out, trainer, pause, stop, on_pause
        self.every = 1 if trainer.device.type == "cpu" else 10  # reading a GPU value syncs it
        self.buffer: dict[str, list[float]] = {k: [] for k in ("step", *SERIES)}
        self.start, self.step0, self.last_sent = time.perf_counter(), trainer.step_count, 0.0

    def on_step(self, m: StepMetrics) -> bool:
        if self.trainer.step_count % self.every == 0:
            self.buffer["step"].append(self.trainer.step_count)
            for key, value in m.floats().items():
                self.buffer[key].append(value)
        if time.perf_counter() - self.last_sent >= SEND_EVERY_S:
            self.flush()
        if self.pause.is_set():
            self.flush()
            held = time.perf_counter()
            self.on_pause()
            while self.pause.is_set() and not self.stop.is_set():
                time.sleep(0.05)
            self.start += time.perf_counter() - held
        return self.stop.is_set()

    def flush(self) -> None:
        elapsed = time.perf_counter() - self.start
        images = (self.trainer.step_count - self.step0) * self.trainer.cfg.images_per_step
        self.out.put(("steps", {"series": self.buffer, "step": self.trainer.step_count, "elapsed": elapsed,
                                "rate": images / elapsed if elapsed > 0 else 0.0}))
        self.buffer = {k: [] for k in ("step", *SERIES)}
        self.last_sent = time.perf_counter()


@dataclass
class RunRegistry:
    """Process-wide: caps concurrent runs, queues the rest, stops runs nobody polls any more.
    A run is anything with start(), stop(), `started`, `active` and `last_seen`: a `LiveRun`, or
    the Harmonic page's `explorer.harmonic.live.HarmonicRun`."""

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
            self.runs = [r for r in self.runs if r.active]
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
