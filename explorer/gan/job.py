"""A training as a job: the one `Trainer` in a worker process, reporting to the Train page.

The worker runs in the one worker loop (explorer/jobs/worker.py) and sends small reports: per-step
numbers a few times a second, what a run shows after each epoch (explorer/gan/epoch_view.py), G's
weights now and then (the Latent page explores the live generator), and word of the checkpoint it
writes in its folder on pause and at the end, so that whatever happens next no work is lost.
`TrainJob` folds them into one `TrainSnapshot`; memory stays bounded: the per-step series and the
epoch grids are thinned at their caps.
"""

from __future__ import annotations

import io
import time
from dataclasses import dataclass, replace

import torch

from explorer.data.datasets import DatasetUnavailable, ImageData, load_dataset
from explorer.data.pictures import PictureSet
from explorer.device import describe
from explorer.formats.checkpoint import CheckpointError
from explorer.formats.int8 import unpacked_networks
from explorer.gan.config import TrainConfig
from explorer.gan.epoch_view import EpochView
from explorer.gan.metrics import StepMetrics, metric_names
from explorer.gan.persistence import save_checkpoint
from explorer.gan.trainer import Trainer, TrainingDiverged
from explorer.jobs import (
    FAILED,
    STARTING,
    Channel,
    Job,
    Report,
    Snapshot,
    Work,
    run,
    training_cost,
)
from explorer.jobs.thin import thin
from explorer.words import said_by, say

SEND_EVERY_S = 0.25
WEIGHTS_EVERY_S = 2.0  # G's weights (up to a few MB) go to the page at most this often


# --- what the worker reports ---------------------------------------------------------------------
@dataclass(frozen=True)
class Loaded(Report):
    steps_per_epoch: int
    grid: bytes  # the untrained G's fixed-noise grid (epoch 0)
    real_grid: bytes  # as many real pictures
    device: str = ""  # what it computes on, said where it runs (a cluster's node may not be the page's)


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
    name: str | None  # the trainer checkpoint's file in the job's folder, or None when it could not be written
    error: str = ""  # why (a full disk)


@dataclass(frozen=True)
class Weights(Report):
    epoch: int
    weights: bytes  # G's state dict (the averaged G when EMA is on), torch.save'd


# --- what the page sees ----------------------------------------------------------------------------
@dataclass(frozen=True)
class TrainSnapshot(Snapshot):
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
    checkpoint: str | None  # its file in the job's folder (Job.read_file), written when paused and at the end
    checkpoint_error: str

    @property
    def eta_s(self) -> float | None:
        """Seconds to the last epoch at the current speed (None until there is a speed)."""
        if self.images_per_s <= 0 or self.steps_per_epoch <= 0:
            return None
        steps_left = max(self.total_epochs * self.steps_per_epoch - self.step, 0)
        return steps_left * self.images_per_step / self.images_per_s


CHECKPOINT = "checkpoint.pt"


class TrainJob(Job):
    """One training. `source` is a dataset name (loaded, maybe downloaded, in the worker, with
    progress shown as the job's message), a saved `PictureSet` as bytes (your own pictures), or an
    `ImageData` to train on. With `history` (a recorded run's snapshot at one of its kept epochs)
    and that epoch's `networks` (explorer/gan/recording.py), the run goes on from there, the
    recording's grids and curves before its own."""

    kind, title = "train", "training"
    inputs = ("source", "_networks")  # the worker's alone

    def __init__(
        self,
        cfg: TrainConfig,
        source: str | bytes | ImageData,
        device: torch.device,
        *,
        demo: str = "",
        history: TrainSnapshot | None = None,
        networks: bytes = b"",
        max_points: int = 4000,
        max_grids: int = 120,
    ) -> None:
        cost, threads = training_cost(device, gpu_gib=_gpu_estimate_gib(cfg))
        device_name = describe(device) if device.type != "cpu" else say("cpu", n=threads)
        start = TrainSnapshot(
            state="",
            message="",
            epoch=0,
            total_epochs=cfg.epochs,
            step=0,
            steps_per_epoch=0,
            images_per_s=0.0,
            images_per_step=cfg.images_per_step,
            elapsed_s=0.0,
            device=device_name,
            series={k: [] for k in ("step", *metric_names(cfg))},
            epochs=[],
            grids=[],
            real_grid=None,
            reconstruction=None,
            checkpoint=None,
            checkpoint_error="",
        )
        if history is not None:  # a recorded run's curves and grids up to its kept epoch
            start = replace(
                start,
                epoch=history.epoch,
                step=history.step,
                steps_per_epoch=history.steps_per_epoch,
                series={k: list(history.series[k]) for k in start.series},
                epochs=list(history.epochs),
                grids=list(history.grids),
                real_grid=history.real_grid,
            )
        super().__init__(cost, start, threads=threads)
        self.cfg, self.source, self.device = cfg, source, device
        self.demo = demo  # the training problem this run shows (explorer/gan/problems.py), or ""
        self.start_epoch, self._networks = start.epoch, networks
        self._max_points, self._max_grids = max_points, max_grids
        self._weights: Weights | None = None

    def worker(self):
        return _train, (self.cfg.to_dict(), self.source, str(self.device), self.start_epoch, self._networks)

    def fold(self, snap: TrainSnapshot, report: Report) -> TrainSnapshot:
        if isinstance(report, Loaded):
            grids = snap.grids or [(0, report.grid)]  # a continued run has its recording's grids already
            device = report.device or snap.device
            return replace(
                snap, steps_per_epoch=report.steps_per_epoch, real_grid=report.real_grid, grids=grids, device=device
            )
        if isinstance(report, Steps):
            series = {k: v + report.series.get(k, []) for k, v in snap.series.items()}
            if len(series["step"]) > self._max_points:
                series = {k: v[::2] for k, v in series.items()}
            return replace(
                snap, series=series, step=report.step, images_per_s=report.images_per_s, elapsed_s=report.elapsed_s
            )
        if isinstance(report, Epoch):
            epoch = report.summary["epoch"]
            return replace(
                snap,
                epoch=epoch,
                epochs=[*snap.epochs, report.summary],
                grids=thin([*snap.grids, (epoch, report.grid)], self._max_grids),
                reconstruction=report.reconstruction or None,
            )
        if isinstance(report, Saved):
            return replace(snap, checkpoint=report.name, checkpoint_error=report.error)
        if isinstance(report, Weights):
            self._weights = report
        return snap

    def folded(self) -> dict:
        return {"_weights": self._weights}

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
    channel: Channel, cfg_dict: dict, source, device_name: str, start_epoch: int = 0, networks: bytes = b""
) -> None:
    try:
        cfg, device = TrainConfig.from_dict(cfg_dict), torch.device(device_name)
        data = _load(channel, source, device, cfg.image_size)
        trainer = Trainer(cfg, data, device)
        if networks:  # going on from a recorded run's kept epoch
            trainer.start_from(unpacked_networks(networks), start_epoch)
        view = EpochView(trainer, data)
        here = describe(device) if device.type != "cpu" else say("cpu", n=torch.get_num_threads())
        channel.send(Loaded(trainer.steps_per_epoch, view.grid(), view.real_grid(), here))
        run(channel, _Training(channel, trainer, view, data.source))
    except (ValueError, DatasetUnavailable, CheckpointError, OSError) as error:  # bad input: a sentence
        channel.status(FAILED, say("training_stopped", error=said_by(error)))


def _load(channel: Channel, source, device: torch.device, size: int) -> ImageData:
    channel.status(STARTING, "")
    if isinstance(source, str):  # MNIST or Fashion-MNIST at the config's size (28 px, or larger: why it is harder)
        return load_dataset(
            source,
            device=device,
            on_progress=lambda f, m: channel.status(STARTING, say("progress", what=m, percent=round(100 * f))),
        ).resized(size)
    if isinstance(source, bytes):  # your own pictures, prepared by a PicturesJob
        return PictureSet.load_image_data(io.BytesIO(source), device)
    return source.to(device)


class _Training(Work):
    """A training's work for the one worker loop: steps until a report is due or a command waits,
    per-step numbers a few times a second, what the run shows after each epoch, and the checkpoint
    saved on pause and at the end (paused time is not training time)."""

    report_every_s = SEND_EVERY_S

    def __init__(self, channel: Channel, trainer: Trainer, view: EpochView, source: str) -> None:
        self.channel, self.trainer, self.view, self.message = channel, trainer, view, source
        self.every = 1 if trainer.device.type == "cpu" else 10  # reading a GPU value syncs it
        self.buffer: dict[str, list[float]] = {k: [] for k in ("step", *trainer.metrics)}
        self.start, self.step0 = time.perf_counter(), trainer.step_count
        self.held_at, self.sent_weights = 0.0, 0.0

    def advance(self, interrupted) -> bool:
        summary = self.trainer.train_epoch(lambda m: self._keep(m) or interrupted())
        if summary.complete:
            self.report()  # the epoch's last steps before its pictures
            view = self.view
            self.channel.send(Epoch(view.numbers(summary), view.grid(), view.reconstruction()))
            if time.perf_counter() - self.sent_weights >= WEIGHTS_EVERY_S:
                self._send_weights()
        return self.trainer.epoch >= self.trainer.cfg.epochs

    def _keep(self, m: StepMetrics) -> None:
        if self.trainer.step_count % self.every == 0:
            self.buffer["step"].append(self.trainer.step_count)
            for key, value in m.floats().items():
                self.buffer[key].append(value)

    def report(self) -> None:
        elapsed = time.perf_counter() - self.start
        images = (self.trainer.step_count - self.step0) * self.trainer.cfg.images_per_step
        rate = images / elapsed if elapsed > 0 else 0.0
        self.channel.send(Steps(self.buffer, self.trainer.step_count, rate, elapsed))
        self.buffer = {k: [] for k in ("step", *self.trainer.metrics)}

    def paused(self) -> None:
        self.held_at = time.perf_counter()
        self._save()  # whatever happens next, no work is lost

    def resumed(self) -> None:
        self.start += time.perf_counter() - self.held_at

    def finish(self, state: str) -> str:
        if state != FAILED:
            self._send_weights()
        self._save()  # a diverged run is back at its last good weights
        return self.message

    def failed(self, error: Exception) -> str | None:
        return said_by(error) if isinstance(error, TrainingDiverged) else None

    def _save(self) -> None:
        if self.channel.folder is None:
            return
        try:
            save_checkpoint(self.channel.folder / CHECKPOINT, self.trainer, extra={"source": "GAN Explorer Train page"})
            self.channel.send(Saved(CHECKPOINT))
        except CheckpointError as error:
            self.channel.send(Saved(None, str(error)))

    def _send_weights(self) -> None:
        """What sample() draws from (the averaged G when EMA is on), as torch.save bytes: tensors
        put on a multiprocessing queue would travel as shared-memory handles, one file descriptor each."""
        buffer = io.BytesIO()
        torch.save({k: v.detach().cpu() for k, v in self.trainer.G_ema.state_dict().items()}, buffer)
        self.channel.send(Weights(self.trainer.epoch, buffer.getvalue()))
        self.sent_weights = time.perf_counter()
