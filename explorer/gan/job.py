"""A training as a job: the one `Trainer` in a worker process, reporting to the Train page.

The worker sends small reports: per-step numbers a few times a second, one PNG grid per epoch
(with the digit judge's verdict and how much the samples vary), G's weights now and then (the
Latent page explores the live generator) and the checkpoint it writes on pause and at the end, so
that whatever happens next no work is lost. `TrainJob` folds them into what the page shows;
memory stays bounded: the per-step series and the epoch grids are thinned at their caps.
"""

from __future__ import annotations

import io
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import torch

from explorer.data.datasets import DatasetUnavailable, ImageData, load_dataset
from explorer.data.pictures import PictureSet
from explorer.device import describe
from explorer.formats.checkpoint import CheckpointError, save_checkpoint, unpacked_networks
from explorer.formats.images import grid_png
from explorer.gan import judge
from explorer.gan.config import TrainConfig
from explorer.gan.diagnostics import variety
from explorer.gan.metrics import StepMetrics, metric_names
from explorer.gan.models.vae import reconstruct
from explorer.gan.trainer import Trainer, TrainingDiverged
from explorer.jobs import (
    ACTIVE,
    FAILED,
    FINISHED,
    PAUSED,
    RUNNING,
    STARTING,
    STOPPED,
    Channel,
    Job,
    Pause,
    Report,
    Resume,
    Stop,
    training_cost,
)
from explorer.jobs.thin import thin
from explorer.words import cpu, said_by, say

SEND_EVERY_S = 0.25
WEIGHTS_EVERY_S = 2.0  # G's weights (up to a few MB) go to the page at most this often


# --- what the worker reports ---------------------------------------------------------------------
@dataclass(frozen=True)
class Loaded(Report):
    steps_per_epoch: int
    grid: bytes  # the untrained G's fixed-noise grid (epoch 0)
    real_grid: bytes  # as many real pictures


@dataclass(frozen=True)
class Steps(Report):
    series: dict[
        str, list[float]
    ]  # "step" plus the model's metric_names, one value per recorded step since the last report
    step: int
    images_per_s: float
    elapsed_s: float  # training time, pauses excluded


@dataclass(frozen=True)
class Epoch(Report):
    summary: dict  # EpochSummary.to_dict(), with "quality" (digits) and "variety"
    grid: bytes
    reconstruction: bytes = b""  # a VAE's: Loaded.real_grid's pictures, rebuilt (a GAN has no encoder)


@dataclass(frozen=True)
class Saved(Report):
    path: str | None  # the trainer checkpoint, or None when it could not be written
    error: str = ""  # why (a full disk)


@dataclass(frozen=True)
class Weights(Report):
    epoch: int
    weights: bytes  # G's state dict (the averaged G when EMA is on), torch.save'd


# --- what the page sees ----------------------------------------------------------------------------
@dataclass(frozen=True)
class TrainSnapshot:
    state: str  # explorer/jobs/messages.py
    message: str  # where the data came from, or what went wrong
    epoch: int  # completed epochs
    total_epochs: int
    step: int
    steps_per_epoch: int
    images_per_s: float
    images_per_step: int
    elapsed_s: float
    device: str
    series: dict[str, list[float]]
    epochs: list[dict]  # EpochSummary dicts
    grids: list[tuple[int, bytes]]  # (epoch, PNG of the fixed-noise grid); epoch 0 = untrained
    real_grid: bytes | None
    reconstruction: bytes | None  # a VAE's, of the real grid's pictures, after the latest epoch
    checkpoint: str | None  # written when paused and when the run ends
    checkpoint_error: str

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


class TrainJob(Job):
    """One training. `source` is a dataset name (loaded, maybe downloaded, in the worker, with
    progress shown as the job's message), the path of a saved `PictureSet` (your own pictures),
    or an `ImageData` to train on. With `history` (a recorded run's snapshot at one of its kept
    epochs) and that epoch's `networks` (explorer/gan/recording.py), the run goes on from there,
    the recording's grids and curves before its own."""

    kind, title = "train", "training"

    def __init__(
        self,
        cfg: TrainConfig,
        source: str | Path | ImageData,
        device: torch.device,
        *,
        demo: str = "",
        history: TrainSnapshot | None = None,
        networks: bytes = b"",
        max_points: int = 4000,
        max_grids: int = 120,
    ) -> None:
        cost, threads = training_cost(device, gpu_gib=_gpu_estimate_gib(cfg))
        super().__init__(cost, threads=threads)
        self.cfg, self.source, self.device = cfg, source, device
        self.demo = demo  # the training problem this run shows (explorer/gan/problems.py), or ""
        self.checkpoint_path: Path | None = None
        self._device_name = describe(device) if device.type != "cpu" else cpu(threads)
        self._max_points, self._max_grids = max_points, max_grids
        self._step = self._epoch = self._steps_per_epoch = 0
        self._rate = self._elapsed = 0.0
        self._series: dict[str, list[float]] = {k: [] for k in ("step", *metric_names(cfg))}
        self._epochs: list[dict] = []
        self._grids: list[tuple[int, bytes]] = []
        self._real_grid: bytes | None = None
        self._reconstruction: bytes | None = None
        self._checkpoint: str | None = None
        self._checkpoint_error = ""
        self._weights: Weights | None = None
        self.start_epoch, self._networks = 0, networks
        if history is not None:
            self.start_epoch = self._epoch = history.epoch
            self._step, self._steps_per_epoch = history.step, history.steps_per_epoch
            self._series = {k: list(history.series[k]) for k in self._series}
            self._epochs, self._grids, self._real_grid = list(history.epochs), list(history.grids), history.real_grid

    def prepare(self, workdir: Path) -> None:
        self.checkpoint_path = workdir / "checkpoint.pt"
        if isinstance(self.source, Path):  # prepared pictures: this job's own copy (a link when it can)
            own = workdir / "pictures.npz"
            try:
                os.link(self.source, own)
            except OSError:
                shutil.copyfile(self.source, own)
            self.source = own

    def worker(self):
        checkpoint = str(self.checkpoint_path) if self.checkpoint_path else None
        return _train, (self.cfg.to_dict(), self.source, str(self.device), checkpoint, self.start_epoch, self._networks)

    def fold(self, report: Report) -> None:
        if isinstance(report, Loaded):
            self._steps_per_epoch, self._real_grid = report.steps_per_epoch, report.real_grid
            if not self._grids:  # a continued run has its recording's grids already
                self._grids.append((0, report.grid))
        elif isinstance(report, Steps):
            for key, values in report.series.items():
                self._series[key].extend(values)
            if len(self._series["step"]) > self._max_points:
                self._series = {k: v[::2] for k, v in self._series.items()}
            self._step, self._rate, self._elapsed = report.step, report.images_per_s, report.elapsed_s
        elif isinstance(report, Epoch):
            self._epoch = report.summary["epoch"]
            self._epochs.append(report.summary)
            self._grids = thin(self._grids + [(self._epoch, report.grid)], self._max_grids)
            self._reconstruction = report.reconstruction or None
        elif isinstance(report, Saved):
            self._checkpoint, self._checkpoint_error = report.path, report.error
        elif isinstance(report, Weights):
            self._weights = report

    def snapshot(self) -> TrainSnapshot:
        with self._lock:
            return TrainSnapshot(
                state=self._state,
                message=self._message,
                epoch=self._epoch,
                total_epochs=self.cfg.epochs,
                step=self._step,
                steps_per_epoch=self._steps_per_epoch,
                images_per_s=self._rate,
                images_per_step=self.cfg.images_per_step,
                elapsed_s=self._elapsed,
                device=self._device_name,
                series={k: list(v) for k, v in self._series.items()},
                epochs=list(self._epochs),
                grids=list(self._grids),
                real_grid=self._real_grid,
                reconstruction=self._reconstruction,
                checkpoint=self._checkpoint,
                checkpoint_error=self._checkpoint_error,
            )

    def generator(self) -> tuple[int, dict] | None:
        """(epoch, G's weights) as the worker last sent them (after an epoch, at most every
        WEIGHTS_EVERY_S, and at the end), or None before the first epoch."""
        with self._lock:
            sent = self._weights
        if sent is None:
            return None
        return sent.epoch, torch.load(io.BytesIO(sent.weights), weights_only=True)


def _gpu_estimate_gib(cfg: TrainConfig) -> float:
    """A generous guess of a training's GPU memory: the CUDA context, the dataset (60,000 pictures
    at most), and activations that grow with the batch and the picture."""
    pixels = cfg.image_channels * cfg.image_size * cfg.image_size
    data = 60_000 * pixels * 4 / 2**30
    activations = cfg.batch_size * pixels * 4 * max(cfg.width, 64) * 4 / 2**30
    return round(0.6 + data + activations, 1)


# --- the worker process ----------------------------------------------------------------------------
def _train(
    channel: Channel,
    cfg_dict: dict,
    source,
    device_name: str,
    checkpoint_path: str | None,
    start_epoch: int = 0,
    networks: bytes = b"",
) -> None:
    trainer: Trainer | None = None

    def save() -> None:  # on pause and at the end: whatever happens next, no work is lost
        if trainer is None or checkpoint_path is None:
            return
        try:
            save_checkpoint(checkpoint_path, trainer, extra={"source": "GAN Explorer Train page"})
            channel.send(Saved(checkpoint_path))
        except CheckpointError as error:
            channel.send(Saved(None, str(error)))

    try:
        cfg, device = TrainConfig.from_dict(cfg_dict), torch.device(device_name)
        data = _load(channel, source, device, cfg.image_size)
        trainer = Trainer(cfg, data, device)
        if networks:  # going on from a recorded run's kept epoch
            trainer.start_from(unpacked_networks(networks), start_epoch)
        real = real_pictures(cfg, data)
        channel.send(Loaded(trainer.steps_per_epoch, grid_png(trainer.sample()), grid_png(real)))
        channel.status(RUNNING, data.source)
        reporter = _Reporter(channel, trainer, data.source, on_pause=save)
        score, spread = epoch_scorer(cfg, trainer), variety_meter(cfg, trainer, data)
        sent_weights = 0.0
        while trainer.epoch < cfg.epochs and not reporter.stopped:
            summary = trainer.train_epoch(reporter.on_step)
            reporter.flush()
            if summary.complete:
                rebuilt = grid_png(reconstruct(trainer.D, trainer.G, real)) if cfg.arch == "vae" else b""
                channel.send(Epoch(summary.to_dict() | score() | spread(), grid_png(trainer.sample()), rebuilt))
                if time.perf_counter() - sent_weights >= WEIGHTS_EVERY_S:
                    channel.send(_weights(trainer))
                    sent_weights = time.perf_counter()
        channel.send(_weights(trainer))
        save()
        channel.status(STOPPED if reporter.stopped else FINISHED, data.source)
    except TrainingDiverged as error:
        save()  # the trainer is back at its last good weights
        channel.status(FAILED, said_by(error))
    except (
        ValueError,
        DatasetUnavailable,
        CheckpointError,
        OSError,
    ) as error:  # bad input: a sentence, not a traceback
        channel.status(FAILED, say("training_stopped", error=said_by(error)))


def _load(channel: Channel, source, device: torch.device, size: int) -> ImageData:
    channel.status(STARTING, "")
    if isinstance(
        source, str
    ):  # MNIST or Fashion-MNIST, at the config's size (28 px, or larger to see why it is harder)
        return load_dataset(
            source,
            device=device,
            on_progress=lambda f, m: channel.status(STARTING, say("progress", what=m, percent=round(100 * f))),
        ).resized(size)
    if isinstance(source, Path):
        return PictureSet.load_image_data(source, device)
    return source.to(device)


def real_pictures(cfg: TrainConfig, data: ImageData) -> torch.Tensor:
    """The real pictures shown beside the generated grid: as many, the same ones for a seed."""
    pick = torch.randperm(len(data), generator=torch.Generator().manual_seed(cfg.seed))[: cfg.n_fixed]
    return data.images[pick.to(data.images.device)]


def epoch_scorer(cfg: TrainConfig, trainer: Trainer, n: int = 500, budget: float = 0.02):
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


def variety_meter(cfg: TrainConfig, trainer: Trainer, data: ImageData, n: int = 64):
    """{"variety": …} after each epoch: how much G's samples for `n` fixed latent points differ
    from one another, relative to `n` fixed real pictures (diagnostics.variety; ~2 ms)."""
    rng = torch.Generator().manual_seed(cfg.seed + 11)
    z = torch.randn(n, cfg.latent_dim, generator=rng)
    real = data.images[torch.randperm(len(data), generator=rng)[:n].to(data.images.device)]
    return lambda: {"variety": round(variety(trainer.sample(z), real), 4)}


def _weights(trainer: Trainer) -> Weights:
    """What sample() draws from (the averaged G when EMA is on), as torch.save bytes: tensors put
    on a multiprocessing queue would travel as shared-memory handles, one file descriptor each."""
    buffer = io.BytesIO()
    torch.save({k: v.detach().cpu() for k, v in trainer.G_ema.state_dict().items()}, buffer)
    return Weights(trainer.epoch, buffer.getvalue())


class _Reporter:
    """In the worker: buffers per-step numbers and sends them a few times a second; obeys the
    page's commands between two steps, holding the training while paused (paused time is not
    training time)."""

    def __init__(self, channel: Channel, trainer: Trainer, source: str, on_pause) -> None:
        self.channel, self.trainer, self.source, self.on_pause = channel, trainer, source, on_pause
        self.every = 1 if trainer.device.type == "cpu" else 10  # reading a GPU value syncs it
        self.buffer: dict[str, list[float]] = {k: [] for k in ("step", *trainer.metrics)}
        self.start, self.step0, self.last_sent = time.perf_counter(), trainer.step_count, 0.0
        self.stopped = False

    def on_step(self, m: StepMetrics) -> bool:
        if self.trainer.step_count % self.every == 0:
            self.buffer["step"].append(self.trainer.step_count)
            for key, value in m.floats().items():
                self.buffer[key].append(value)
        if time.perf_counter() - self.last_sent >= SEND_EVERY_S:
            self.flush()
        while not self.stopped and self.channel.waiting():
            self.obey(self.channel.poll())
        return self.stopped

    def obey(self, command) -> None:
        if isinstance(command, Stop):
            self.stopped = True
        elif isinstance(command, Pause):
            self.hold()

    def hold(self) -> None:
        """Paused: save, then wait for Resume or Stop."""
        self.flush()
        held = time.perf_counter()
        self.channel.status(PAUSED, self.source)
        self.on_pause()
        while True:
            command = self.channel.wait(0.5)
            if isinstance(command, Stop):
                self.stopped = True
                break
            if isinstance(command, Resume):
                self.channel.status(RUNNING, self.source)
                break
        self.start += time.perf_counter() - held

    def flush(self) -> None:
        elapsed = time.perf_counter() - self.start
        images = (self.trainer.step_count - self.step0) * self.trainer.cfg.images_per_step
        self.channel.send(
            Steps(self.buffer, self.trainer.step_count, images / elapsed if elapsed > 0 else 0.0, elapsed)
        )
        self.buffer = {k: [] for k in ("step", *self.trainer.metrics)}
        self.last_sent = time.perf_counter()
