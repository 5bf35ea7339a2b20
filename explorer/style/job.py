"""A Gatys painting as a job: the `Painter` in a worker process, its picture sent every few steps.

The page sees the picture being painted, the three losses step by step and the Gram matrices of
the painting and of the picture side by side. Pause, resume and stop act between two steps; a
stopped or failed painting keeps the last picture (and the page offers it for download).
"""

from __future__ import annotations

import io
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PIL import Image

from explorer.device import describe, pick_device
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
)
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
class StyleSnapshot:
    state: str
    message: str
    network: str
    steps_total: int  # what the plan asks for (a time budget: unknown, 0)
    history: list[StepReport] = field(default_factory=list)
    picture: Picture | None = None

    @property
    def active(self) -> bool:
        return self.state in ACTIVE

    @property
    def step(self) -> int:
        return self.history[-1].step if self.history else 0

    @property
    def seconds(self) -> float:
        return self.history[-1].seconds if self.history else 0.0


class StyleJob(Job):
    """One painting: a heavy job (all cores but half of one on a CPU), as a training is."""

    kind, title = "style", "painting"

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
        dev = pick_device(device)
        cost, threads = training_cost(dev, gpu_gib=1.0 + 4.0 * (cfg.size / 1024) ** 2)
        super().__init__(cost, threads=threads)
        self.cfg, self.device, self.network = cfg, device, network  # vgg.NETWORKS or a weights file
        self.names = names or {}  # where the pictures came from ("sample:chelsea"), for the settings file
        self._pictures = {"content": content, "style": style, "style2": style2}
        self._paths: dict[str, str | None] = {}
        self._network = ""
        self._history: list[StepReport] = []
        self._picture: Picture | None = None

    def prepare(self, workdir: Path) -> None:
        for name, picture in self._pictures.items():
            if picture is None:
                self._paths[name] = None
                continue
            path = workdir / f"{name}.png"
            picture.save(path)
            self._paths[name] = str(path)
        self._pictures = {}

    def worker(self):
        return _paint, (self._paths, self.cfg.to_dict(), self.network, self.device)

    def fold(self, report: Report) -> None:
        if isinstance(report, Steps):
            self._history = thin(self._history + list(report.steps), MAX_STEPS_KEPT)
        elif isinstance(report, Picture):
            self._picture = report
        elif isinstance(report, Network):
            self._network = report.title

    def snapshot(self) -> StyleSnapshot:
        with self._lock:
            total = 0 if self.cfg.time_budget else self.cfg.steps
            return StyleSnapshot(self._state, self._message, self._network, total, list(self._history), self._picture)


# --- the worker process ----------------------------------------------------------------------------
def _paint(channel: Channel, paths: dict, cfg_dict: dict, network: str, device: str) -> None:
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
        return to_tensor(Image.open(paths[name]).convert("RGB")) if paths.get(name) else None

    painter = Painter(net, read("content"), read("style"), cfg, style2=read("style2"), device=dev)
    _Loop(channel, painter).run()


class _Loop:
    def __init__(self, channel: Channel, painter: Painter) -> None:
        self.channel, self.painter = channel, painter
        self.pending: list[StepReport] = []
        self.last_picture = 0.0

    def run(self) -> None:
        self.channel.status(RUNNING, "")
        running = True
        try:
            while not self.painter.done:
                command = self.channel.poll() if running else self.channel.wait(0.2)
                while command is not None:
                    if isinstance(command, Stop):
                        self.send_picture()
                        self.channel.status(STOPPED)  # the page says it in the class's language
                        return
                    if isinstance(command, Pause) and running:
                        running = False
                        self.send_picture()
                        self.channel.status(PAUSED)
                    elif isinstance(command, Resume) and not running:
                        running = True
                        self.channel.status(RUNNING)
                    command = self.channel.poll()
                if not running:
                    continue
                self.pending.append(self.painter.step())
                if time.monotonic() - self.last_picture >= PICTURE_EVERY_S:
                    self.send_picture()
        except FloatingPointError as error:
            self.send_picture()
            self.channel.status(FAILED, f"{error}. The last good picture is kept.")
            return
        self.send_picture()
        self.channel.status(FINISHED)  # the progress line says how many steps and seconds

    def send_picture(self) -> None:
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
        self.last_picture = time.monotonic()
