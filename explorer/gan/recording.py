"""A recorded run: a lesson recipe's whole training, small enough to ship, to play back on the
Train page at any speed, and to continue live from one of the epochs whose networks it kept.

The lesson's own recipes are slow on a classroom CPU (lesson 1's MLP GAN needs 400 epochs). The
CLI (`python -m explorer record --preset keras-mlp`) trains a recipe once with the one `Trainer`
on the 5,000 offline digits and keeps what the Train page shows of a live run: the fixed-noise
grid after each epoch (every epoch of the first 20, then about 80 spread over the rest), the
losses of every step, each epoch's means with the judge's verdict and the variety of the samples,
and G's and D's weights at two epochs (int8 with one scale per row: a quarter of fp32, the
same pictures to the eye). `snapshot(epoch)` is what the page showed after that epoch.

A recording is one zip in checkpoints/recordings/, named after its recipe:
  recording.json   the recipe, its config, where and how long it trained, the kept epochs
  epochs.json      EpochSummary dicts with "quality" and "variety"
  series.npz       the per-step metrics ("step" and the model's metric_names)
  real.png         the real pictures beside the grids
  grids/epoch-NNNN.png, networks/epoch-NNNN.pt
"""

from __future__ import annotations

import io
import json
import math
import time
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np
import torch

from explorer import paths
from explorer.data.datasets import ImageData
from explorer.formats.files import write_atomic
from explorer.formats.int8 import packed_networks, unpacked_networks
from explorer.gan.config import TrainConfig
from explorer.gan.epoch_view import EpochView
from explorer.gan.job import TrainSnapshot
from explorer.gan.presets import PRESETS
from explorer.gan.trainer import Trainer, TrainingDiverged
from explorer.jobs import FINISHED, PAUSED, RUNNING
from explorer.words import Message, Number, say

FORMAT = 1
FOLDER = paths.CHECKPOINTS / "recordings"
MAX_POINTS = 4000  # per-step points a snapshot shows (as many as a live run keeps)
DENSE_EPOCHS, SPREAD_GRIDS = 20, 80  # grids kept: every epoch of the first 20, then about 80 more
D_WINS, COLLAPSED = 0.05, 0.25  # the story's thresholds: mean D(G(z)) of an epoch, variety at the end


class RecordingError(ValueError):
    """A recording cannot be read or written; the message says why."""


def kept_epochs(total: int) -> tuple[int, ...]:
    """The default epochs whose networks a recording keeps, where a live run can continue from
    (besides epoch 0): an eighth of the way, when the first digits appear, and half way. 400 epochs:
    50 and 200. Each costs about 3 MB for lesson 1's MLPs, so two, not every epoch."""
    return tuple(sorted({max(1, round(total * f)) for f in (1 / 8, 1 / 2)} - {total}))


def grid_epochs(total: int, keep: tuple[int, ...] = ()) -> set[int]:
    step = max(1, math.ceil((total - DENSE_EPOCHS) / SPREAD_GRIDS))
    return {e for e in range(total + 1) if e <= DENSE_EPOCHS or e % step == 0 or e == total} | set(keep)


@dataclass(frozen=True)
class Recording:
    info: dict  # see `record`
    epochs: list[dict]
    series: dict[str, np.ndarray]
    grids: list[tuple[int, bytes]]  # (epoch, PNG), epoch 0 = untrained
    real_grid: bytes
    networks: dict[int, bytes]  # epoch → packed weights (torch.save bytes)

    @property
    def preset(self) -> str:
        return self.info["preset"]

    @cached_property
    def cfg(self) -> TrainConfig:
        return TrainConfig.from_dict(self.info["config"])

    @property
    def last_epoch(self) -> int:
        return self.epochs[-1]["epoch"] if self.epochs else 0

    @property
    def steps_per_epoch(self) -> int:
        return int(self.info["steps_per_epoch"])

    @property
    def kept(self) -> tuple[int, ...]:
        """The epochs a live run can continue from (0: the untrained networks, made again from the seed)."""
        return (0, *sorted(self.networks))

    def continue_epoch(self, epoch: int) -> int:
        """The kept epoch a live run continues from when the class stopped at `epoch`: the latest at or before it."""
        return max(e for e in self.kept if e <= max(epoch, 0))

    def weights(self, epoch: int) -> dict | None:
        """{"G", "D" (a VAE: "encoder")(, "G_train")} state dicts at a kept epoch, in fp32; None at epoch 0."""
        if epoch == 0:
            return None
        return unpacked_networks(self.networks[epoch])

    def snapshot(self, epoch: int, state: str = PAUSED) -> TrainSnapshot:
        """What the Train page showed of the live run after `epoch` epochs."""
        epoch = min(max(int(epoch), 0), self.last_epoch)
        steps = self.series["step"]
        upto = int(np.searchsorted(steps, epoch * self.steps_per_epoch, side="right"))
        stride = max(1, math.ceil(upto / MAX_POINTS))
        series = {k: v[:upto:stride].tolist() for k, v in self.series.items()}
        done = [e for e in self.epochs if e["epoch"] <= epoch]
        seconds = sum(e["seconds"] for e in done)
        return TrainSnapshot(
            state=FINISHED if epoch == self.last_epoch and state != RUNNING else state,
            message="",
            epoch=epoch,
            total_epochs=self.cfg.epochs,
            step=epoch * self.steps_per_epoch,
            steps_per_epoch=self.steps_per_epoch,
            images_per_s=0.0,
            images_per_step=self.cfg.images_per_step,
            elapsed_s=seconds,
            device=self.info.get("device", ""),
            series=series,
            epochs=done,
            grids=[g for g in self.grids if g[0] <= epoch],
            real_grid=self.real_grid,
            reconstruction=None,
            checkpoint=None,
            checkpoint_error="",
        )

    def story(self) -> list[Message]:
        """What happens in this run, from its own numbers: its best epoch by the judge, the epoch
        from which D wins (D(G(z)) under 0.05 in nine of every ten epochs from there), and how it ends."""
        if not self.epochs:
            return []
        said = []
        scored = [e for e in self.epochs if "quality" in e]
        if scored:
            best = max(scored, key=lambda e: e["quality"]["inception_score"])
            said.append(say("rec_best", epoch=best["epoch"], score=Number(best["quality"]["inception_score"], 1)))
        if "d_fake" in self.epochs[-1]:
            won = [e["d_fake"] < D_WINS for e in self.epochs]
            winning = next(
                (e["epoch"] for i, e in enumerate(self.epochs) if won[i] and sum(won[i:]) >= 0.9 * len(won[i:])), None
            )
            if winning is not None and winning < self.last_epoch:
                said.append(say("rec_d_wins", epoch=winning))
        steps, pictures = self.last_epoch * self.steps_per_epoch, self.info.get("pictures")
        if pictures:  # the recording's epochs against the full MNIST's: why a recipe may look undertrained
            full = self.last_epoch * (60_000 // self.cfg.images_per_step)
            said.append(
                say(
                    "rec_steps",
                    epochs=say("epochs", n=self.last_epoch),
                    pictures=pictures,
                    steps=say("steps", n=steps),
                    full=say("steps", n=full),
                )
            )
        end = self.epochs[-1]
        if end.get("variety", 1.0) < COLLAPSED:
            said.append(say("rec_collapse"))
        elif "quality" in end:
            said.append(say("rec_end", score=Number(end["quality"]["inception_score"], 1)))
        return said

    # --- files ------------------------------------------------------------------------------
    def save(self, path: Path | str) -> Path:
        path = Path(path)
        series = io.BytesIO()
        np.savez_compressed(series, **self.series)
        entries = [
            ("recording.json", json.dumps(self.info, indent=1).encode(), zipfile.ZIP_DEFLATED),
            ("epochs.json", json.dumps(self.epochs).encode(), zipfile.ZIP_DEFLATED),
            ("series.npz", series.getvalue(), zipfile.ZIP_STORED),
            ("real.png", self.real_grid, zipfile.ZIP_STORED),
        ]
        entries += [(f"grids/epoch-{e:04d}.png", png, zipfile.ZIP_STORED) for e, png in self.grids]
        entries += [(f"networks/epoch-{e:04d}.pt", b, zipfile.ZIP_DEFLATED) for e, b in sorted(self.networks.items())]

        def write(f) -> None:
            with zipfile.ZipFile(f, "w") as z:
                for name, data, how in entries:
                    z.writestr(name, data, compress_type=how)

        try:
            return write_atomic(path, write, public=True)
        except OSError as error:
            raise RecordingError(f"could not write {path}: {error.strerror or error}") from error

    @classmethod
    def load(cls, path: Path | str) -> Recording:
        path = Path(path)
        try:
            with zipfile.ZipFile(path) as z:
                info = json.loads(z.read("recording.json"))
                if info.get("format") != FORMAT:
                    raise RecordingError(f"{path.name} is a recording of another version of GAN Explorer")
                with np.load(io.BytesIO(z.read("series.npz")), allow_pickle=False) as npz:
                    series = {k: npz[k] for k in npz.files}
                names = z.namelist()
                grids = [(int(n[12:16]), z.read(n)) for n in sorted(names) if n.startswith("grids/epoch-")]
                networks = {int(n[15:19]): z.read(n) for n in names if n.startswith("networks/epoch-")}
                rec = cls(info, json.loads(z.read("epochs.json")), series, grids, z.read("real.png"), networks)
            rec.check()
            return rec
        except RecordingError:
            raise
        # a damaged compressed member (zlib.error, EOFError), a JSON that is not the recording's
        # layout (a list for a dict, a field missing or of another type): the same one sentence
        except (
            OSError,
            EOFError,
            zipfile.BadZipFile,
            zlib.error,
            KeyError,
            ValueError,
            TypeError,
            AttributeError,
        ) as error:
            raise RecordingError(f"{path.name} is not a readable recording ({error})") from error

    def check(self) -> None:
        """Read now what the page reads later (outside `load`'s guard, a damaged field was a traceback)."""
        if not isinstance(self.info, dict) or not isinstance(self.epochs, list):
            raise ValueError("its recording.json or epochs.json is not laid out as a recording's")
        for name in ("cfg", "preset", "steps_per_epoch", "last_epoch"):
            getattr(self, name)  # each raises when its field is missing or damaged
        if any(not isinstance(e, dict) or not isinstance(e.get("epoch"), int) for e in self.epochs):
            raise ValueError("its epochs.json lists an epoch without its number")
        if "step" not in self.series or any(len(v) != len(self.series["step"]) for v in self.series.values()):
            raise ValueError("its series.npz lacks the steps or has series of different lengths")


def shipped(folder: Path | str | None = None) -> dict[str, Path]:
    """The recordings shipped with the app, by recipe name, in the recipes' order (lesson 1's first)."""
    order = list(PRESETS)
    found = sorted(
        Path(folder or FOLDER).glob("*.zip"),
        key=lambda p: (order.index(p.stem) if p.stem in order else len(order), p.stem),
    )
    return {p.stem: p for p in found}


# --- making one ------------------------------------------------------------------------------
def record(
    cfg: TrainConfig,
    data: ImageData,
    *,
    preset: str,
    keep: tuple[int, ...] | None = None,
    on_epoch: Callable[[dict], None] | None = None,
    device: torch.device | str = "cpu",
    meta: dict | None = None,
) -> Recording:
    """Train `cfg` on `data` to the end (or to a divergence) and keep what the Train page shows;
    `on_epoch` gets what a run shows after each epoch (EpochView.numbers)."""
    keep = kept_epochs(cfg.epochs) if keep is None else tuple(sorted(set(keep)))
    if any(not 0 < e < cfg.epochs for e in keep):
        raise RecordingError(f"the kept epochs must lie between 1 and {cfg.epochs - 1}, not {keep}")
    trainer = Trainer(cfg, data, device)
    view = EpochView(trainer, data, judge_budget=math.inf)  # the judge after every epoch
    shown = grid_epochs(cfg.epochs, keep)
    steps: dict[str, list[float]] = {k: [] for k in ("step", *trainer.metrics)}
    grids, networks, epochs = [(0, view.grid())], {}, []

    def on_step(m) -> None:
        steps["step"].append(trainer.step_count)
        for key, value in m.floats().items():
            steps[key].append(value)

    start, outcome = time.perf_counter(), "finished"
    try:
        while trainer.epoch < cfg.epochs:
            summary = trainer.train_epoch(on_step)
            numbers = view.numbers(summary)
            epochs.append(numbers)
            if trainer.epoch in shown:
                grids.append((trainer.epoch, view.grid()))
            if trainer.epoch in keep:
                networks[trainer.epoch] = packed_networks(trainer.networks())
            if on_epoch is not None:
                on_epoch(numbers)
    except TrainingDiverged:
        outcome = "diverged"
    info = {
        "format": FORMAT,
        "preset": preset,
        "config": cfg.to_dict(),
        "steps_per_epoch": trainer.steps_per_epoch,
        "pictures": len(data),
        "train_seconds": round(time.perf_counter() - start, 1),
        "outcome": outcome,
        **(meta or {}),
    }
    n = len(steps["step"])
    series = {k: np.asarray(v[:n], dtype=np.float64 if k == "step" else np.float32) for k, v in steps.items()}
    return Recording(info, epochs, series, grids, view.real_grid(), networks)
