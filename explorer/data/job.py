"""Reading uploaded pictures as a job: decoding a 200 MB zip takes seconds of CPU, and in the
server it would hold up every other session's page. The uploaded files are written into the
job's folder, a light worker reads them (explorer/data/pictures.py) with progress, and leaves the
prepared set there as `pictures.npz` for a training job to take.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from explorer.data.pictures import PicturesError, read_pictures
from explorer.jobs import ACTIVE, FAILED, FINISHED, LIGHT, RUNNING, STARTING, Channel, Job, Report
from explorer.words import said_by

PREPARED = "pictures.npz"


@dataclass(frozen=True)
class Progress(Report):
    fraction: float


@dataclass(frozen=True)
class Prepared(Report):
    path: str  # the PictureSet, saved
    count: int  # pictures in it
    summary: str  # what will be trained on, and what was skipped and why
    skipped: int


@dataclass(frozen=True)
class PicturesSnapshot:
    state: str
    message: str  # the progress line, or why nothing can be trained on
    fraction: float
    prepared: Prepared | None

    @property
    def active(self) -> bool:
        return self.state in ACTIVE


class PicturesJob(Job):
    kind, title = "pictures", "picture reading"

    def __init__(self, files: list[tuple[str, bytes]], size: int) -> None:
        super().__init__(LIGHT, threads=1)
        self.files, self.size = files, size
        self._paths: list[tuple[str, Path]] = []
        self._fraction, self._prepared = 0.0, None

    def prepare(self, workdir: Path) -> None:
        uploads = workdir / "uploads"
        uploads.mkdir()
        for i, (name, data) in enumerate(self.files):
            path = uploads / f"{i:05d}-{_safe(name)}"
            path.write_bytes(data)
            self._paths.append((name, path))
        self.files = []  # the server need not hold the bytes any longer

    def worker(self):
        return _read, (self._paths, self.size, str(self.workdir / PREPARED))

    def fold(self, report: Report) -> None:
        if isinstance(report, Progress):
            self._fraction = report.fraction
        elif isinstance(report, Prepared):
            self._prepared, self._fraction = report, 1.0

    def snapshot(self) -> PicturesSnapshot:
        with self._lock:
            return PicturesSnapshot(self._state, self._message, self._fraction, self._prepared)


def _safe(name: str) -> str:
    """A file name from a browser, made harmless: no folders, no odd characters."""
    return re.sub(r"[^A-Za-z0-9._-]", "_", Path(name).name)[-80:] or "upload"


def _read(channel: Channel, paths: list[tuple[str, Path]], size: int, out: str) -> None:
    def progress(fraction: float, message: str) -> None:
        channel.send(Progress(fraction))
        channel.status(RUNNING, message)

    channel.status(STARTING, "")
    try:
        pictures = read_pictures(paths, size, on_progress=progress)
        pictures.save(out)
    except PicturesError as error:
        channel.status(FAILED, said_by(error))
        return
    except OSError as error:
        channel.status(FAILED, f"The pictures could not be saved for training: {error.strerror or error}")
        return
    channel.send(Prepared(out, len(pictures), pictures.summary(), pictures.n_skipped))
    channel.status(FINISHED, pictures.summary())
