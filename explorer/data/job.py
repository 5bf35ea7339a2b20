"""Reading uploaded pictures as a job: decoding a 200 MB zip takes seconds of CPU, and in the
server it would hold up every other session's page. The uploaded files go to a light worker as
data; it reads them (explorer/data/pictures.py) with progress, and leaves the prepared set in its
folder as `pictures.npz`, which a page takes with `pictures()` and gives a training job as bytes.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, replace

from explorer.data.pictures import PicturesError, read_pictures
from explorer.jobs import FAILED, FINISHED, LIGHT, RUNNING, STARTING, Channel, Job, Report, Snapshot
from explorer.words import said_by

PREPARED = "pictures.npz"


@dataclass(frozen=True)
class Progress(Report):
    fraction: float


@dataclass(frozen=True)
class Prepared(Report):
    count: int  # pictures in the prepared set
    summary: str  # what will be trained on, and what was skipped and why
    skipped: int


@dataclass(frozen=True)
class PicturesSnapshot(Snapshot):
    fraction: float = 0.0
    prepared: Prepared | None = None


class PicturesJob(Job):
    """Reads `files` — (name, bytes) pairs, each a picture or a zip of them — at `size` px."""

    kind, title = "pictures", "picture reading"
    inputs = ("files",)  # the worker's alone

    def __init__(self, files: list[tuple[str, bytes]], size: int) -> None:
        super().__init__(LIGHT, PicturesSnapshot("", ""), threads=1)
        self.files, self.size = files, size

    def worker(self):
        files, self.files = self.files, []  # the server need not hold the bytes once they are sent
        return _read, (files, self.size)

    def fold(self, snapshot: PicturesSnapshot, report: Report) -> PicturesSnapshot:
        if isinstance(report, Progress):
            return replace(snapshot, fraction=report.fraction)
        if isinstance(report, Prepared):
            return replace(snapshot, prepared=report, fraction=1.0)
        return snapshot

    def pictures(self) -> bytes | None:
        """The prepared set (a saved PictureSet) for a training job, or None when there is none."""
        return self.read_file(PREPARED) if self.snapshot().prepared is not None else None


def _read(channel: Channel, files: list[tuple[str, bytes]], size: int) -> None:
    def progress(fraction: float, message: str) -> None:
        channel.send(Progress(fraction))
        channel.status(RUNNING, message)

    channel.status(STARTING, "")
    try:
        pictures = read_pictures(files, size, on_progress=progress)
        prepared = io.BytesIO()
        pictures.save(prepared)
        (channel.folder / PREPARED).write_bytes(prepared.getvalue())
    except PicturesError as error:
        channel.status(FAILED, said_by(error))
        return
    except OSError as error:
        channel.status(FAILED, f"The pictures could not be saved for training: {error.strerror or error}")
        return
    channel.send(Prepared(len(pictures), pictures.summary(), pictures.n_skipped))
    channel.status(FINISHED, pictures.summary())
