"""A Gatys painting as a job: the `Painter` in a worker process, its picture sent every few steps.

The page sees the picture being painted, the three losses step by step and the Gram matrices of
the painting and of the picture side by side. Pause, resume and stop act between two steps; a
stopped or failed painting keeps the last picture (and the page offers it for download).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, replace

import numpy as np
from PIL import Image

from explorer.device import describe, elsewhere, pick_device
from explorer.jobs import FAILED, STARTING, Channel, Job, Report, Snapshot, Work, run
from explorer.jobs.budget import training_cost
from explorer.jobs.thin import thin
from explorer.style import vgg
from explorer.style.config import GatysConfig
from explorer.style.gatys import Painter, StepReport
from explorer.style.pictures import to_picture, to_tensor

PICTURE_EVERY_S = 0.7  # a new picture at most this often while painting (a 512-px PNG is ~0.5 MB)
MAX_STEPS_KEPT = 2000  # loss points kept for the curves (thinned beyond)
GRAM_CHANNELS = 48  # channels of the Gram matrices shown: enough to see a pattern, few enough to read


@dataclass(frozen=True)
class Network(Report):
    title: str  # which loss network paints, and on which device


@dataclass(frozen=True)
class Steps(Report):
    steps: tuple[StepReport, ...]  # since the last report


@dataclass(frozen=True)
class Picture(Report):
    step: int
    png: bytes  # the picture so far (colours preserved if asked)
    style_gram: np.ndarray  # [C, C] of the first style layer, the painting's
    picture_gram: np.ndarray  # the same for the picture


@dataclass(frozen=True)
class StyleSnapshot(Snapshot):
    network: str = ""
    steps_total: int = 0  # what the plan asks for (a time budget: unknown, 0)
    history: tuple[StepReport, ...] = ()
    picture: Picture | None = None

    @property
    def step(self) -> int:
        return self.history[-1].step if self.history else 0

    @property
    def seconds(self) -> float:
        return self.history[-1].seconds if self.history else 0.0


class StyleJob(Job):
    """One painting: a heavy job (all cores but half of one on a CPU), as a training is. The
    pictures go to the worker as PNG bytes."""

    kind, title = "style", "painting"
    inputs = ("_pictures",)  # the worker's alone

    def __init__(
        self,
        content: Image.Image,
        style: Image.Image,
        cfg: GatysConfig,
        *,
        style2: Image.Image | None = None,
        network: str = "auto",
        device: str = "auto",
        names: dict[str, str] | None = None,
    ) -> None:
        dev = elsewhere(device)  # checked where it paints (a cluster's GPU node)
        cost, threads = training_cost(dev, gpu_gib=1.0 + 4.0 * (cfg.size / 1024) ** 2)
        total = 0 if cfg.time_budget else cfg.steps
        super().__init__(cost, StyleSnapshot("", "", steps_total=total), threads=threads)
        self.cfg, self.device, self.network = cfg, device, network  # vgg.NETWORKS or a weights file
        self.names = names or {}  # where the pictures came from ("sample:chelsea"), for the settings file
        self._pictures = {"content": _png(content), "style": _png(style), "style2": _png(style2)}

    def worker(self):
        return _paint, (self._pictures, self.cfg.to_dict(), self.network, self.device)

    def fold(self, snapshot: StyleSnapshot, report: Report) -> StyleSnapshot:
        if isinstance(report, Steps):
            return replace(snapshot, history=tuple(thin([*snapshot.history, *report.steps], MAX_STEPS_KEPT)))
        if isinstance(report, Picture):
            return replace(snapshot, picture=report)
        if isinstance(report, Network):
            return replace(snapshot, network=report.title)
        return snapshot


def _png(picture: Image.Image | None) -> bytes | None:
    if picture is None:
        return None
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG", compress_level=1)
    return buffer.getvalue()


# --- the worker process ----------------------------------------------------------------------------
def _paint(channel: Channel, pictures: dict[str, bytes | None], cfg_dict: dict, network: str, device: str) -> None:
    channel.status(STARTING)  # the page says "Starting the painting…" in the class's language
    cfg = GatysConfig.from_dict(cfg_dict)
    dev = pick_device(device)
    note = ""
    try:
        net = vgg.load_loss_net(network, on_progress=lambda fraction, message: channel.status(STARTING, message))
    except vgg.WeightsError as error:
        if network != "vgg19":  # a weights file that cannot be used: say so, paint nothing
            channel.status(FAILED, str(error))
            return
        net, note = vgg.load_shipped(), f" ({error})"  # offline: the shipped network paints instead
    channel.send(Network(f"{net.title} on {describe(dev)}{note}"))

    def read(name: str):
        data = pictures.get(name)
        return to_tensor(Image.open(io.BytesIO(data)).convert("RGB")) if data else None

    painter = Painter(net, read("content"), read("style"), cfg, style2=read("style2"), device=dev)
    run(channel, _Painting(channel, painter))


class _Painting(Work):
    """A painting's work for the one worker loop: a step at a time, the picture at most every
    PICTURE_EVERY_S (and at every pause and at the end)."""

    report_every_s = PICTURE_EVERY_S

    def __init__(self, channel: Channel, painter: Painter) -> None:
        self.channel, self.painter = channel, painter
        self.pending: list[StepReport] = []

    def advance(self, interrupted) -> bool:
        self.pending.append(self.painter.step())
        return self.painter.done

    def failed(self, error: Exception) -> str | None:
        if isinstance(error, FloatingPointError):
            return f"{error}. The last good picture is kept."
        return None

    def finish(self, state: str) -> str:
        return ""  # the page says it in the class's language; the progress line, how many steps and seconds

    def report(self) -> None:
        if self.pending:
            self.channel.send(Steps(tuple(self.pending)))
            self.pending = []
        buffer = io.BytesIO()
        to_picture(self.painter.result()).save(buffer, format="PNG", compress_level=1)
        style, mine = self.painter.grams(channels=GRAM_CHANNELS)
        self.channel.send(
            Picture(
                self.painter.step_count,
                buffer.getvalue(),
                style.numpy().astype(np.float32),
                mine.numpy().astype(np.float32),
            )
        )
