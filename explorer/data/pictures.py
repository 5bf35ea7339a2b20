"""Your own pictures (the slides' face GAN, docs/lessons.md, row 6): a zip, a folder or loose image files
→ one uint8 array [N, S, S, 3], centre-cropped and resized to S = 32 or 64 px.

Whatever a class uploads is opened defensively: only image formats are decoded, a picture over
`MAX_PIXELS` or a decompression bomb is refused before its pixels are read, a zip member is read
at most `MAX_FILE_BYTES` deep. A file that is not a readable picture is skipped and counted (the
user is told which and why), never fatal; only "no usable picture at all" is an error.
"""

from __future__ import annotations

import io
import json
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import numpy as np
import torch
from PIL import Image, ImageOps

from explorer.data.datasets import ImageData, to_unit_range
from explorer.formats import images
from explorer.formats.images import PictureError, decode_picture
from explorer.i18n import from_json, to_json
from explorer.words import Message, joined, said_by, say

SIZES = (32, 64)
MAX_IMAGES = 10_000  # the slides' face GAN used 10,000 faces; more would only fill a laptop's memory
MAX_PIXELS = images.MAX_PIXELS
MAX_FILE_BYTES = 50 * 2**20  # per file inside a zip, as read (not as the zip claims)
MAX_ZIP_MEMBERS = 50_000  # files in one zip: each costs memory before any is read (a zip of empty files)
MIN_SIDE = 16  # smaller pictures carry too little to crop from
MIN_IMAGES = 16  # fewer cannot make even one batch worth learning from
# The upload policy (.streamlit/config.toml's maxUploadSize is UPLOAD_MB: tests/test_paths.py)
UPLOAD_MB = 200  # a zip of pictures: 10,000 small JPEG faces (the slides' face GAN) are ~100 MB
DIGIT_UPLOAD_MB = 10  # a photo of one digit (the Latent page)

# on_progress(fraction in [0, 1], message)
Progress = Callable[[float, str], None]


class PicturesError(ValueError):
    """Nothing usable to train on (no pictures, an unreadable zip); the message says what to do."""


@dataclass
class PictureSet:
    pixels: np.ndarray  # uint8 [N, S, S, 3]
    skipped: dict[Message, list[str]] = field(default_factory=dict)  # reason → the files skipped for it
    not_used: int = 0  # readable pictures beyond MAX_IMAGES

    @property
    def size(self) -> int:
        return self.pixels.shape[1]

    def __len__(self) -> int:
        return self.pixels.shape[0]

    @property
    def n_skipped(self) -> int:
        return sum(len(names) for names in self.skipped.values())

    def summary(self) -> Message:
        """One or two sentences for the user: what will be trained on, and what was left out."""
        parts = [say("pictures_read", n=len(self), size=self.size)]
        if self.skipped:
            skipped = [
                say("skipped_for", n=len(names), reason=why, examples=_examples(names))
                for why, names in self.skipped.items()
            ]
            parts.append(say("pictures_skipped", n=self.n_skipped, parts=joined(skipped, "; ")))
        if self.not_used:
            parts.append(say("pictures_not_used", most=MAX_IMAGES, more=self.not_used))
        return joined(parts)

    def to_image_data(self, device: torch.device | str = "cpu") -> ImageData:
        images = to_unit_range(self.pixels).to(device)
        labels = torch.zeros(len(self), dtype=torch.long, device=device)
        return ImageData(images, labels, "pictures", _source(self.summary()), ("picture",))

    def save(self, path: Path | str) -> None:
        """Uncompressed .npz (a worker process reads it back with `load`): pixels and the summary."""
        summary = self.summary()
        np.savez(path, pixels=self.pixels, summary=np.array(json.dumps(to_json(summary))))

    @staticmethod
    def load_image_data(path: Path | str, device: torch.device | str = "cpu") -> ImageData:
        with np.load(path) as f:
            pixels, summary = f["pixels"], from_json(json.loads(str(f["summary"])))
        labels = torch.zeros(len(pixels), dtype=torch.long, device=device)
        return ImageData(to_unit_range(pixels).to(device), labels, "pictures", _source(summary), ("picture",))


def read_pictures(
    sources: list[tuple[str, bytes | Path]] | Path | str,
    size: int = 64,
    *,
    on_progress: Progress = lambda fraction, message: None,
) -> PictureSet:
    """Pictures from uploaded files — (name, bytes or the path it was saved at) pairs, each a zip
    or an image — or from a zip or a folder on disk (the CLI). Raises PicturesError when fewer
    than MIN_IMAGES are usable."""
    if size not in SIZES:
        raise PicturesError(f"pictures are trained at {' or '.join(map(str, SIZES))} px, not {size}")
    members = list(_members(sources))
    pictures: list[np.ndarray] = []
    skipped: dict[str, list[str]] = {}
    not_used = 0
    for i, (name, read) in enumerate(members):
        if len(pictures) >= MAX_IMAGES:
            not_used = len(members) - i  # not opened: may include non-pictures, so "at most"
            break
        try:
            pictures.append(_square(read(), size))
        except _Skip as why:
            skipped.setdefault(why.args[0], []).append(name)
        if i % 50 == 0 or i == len(members) - 1:
            on_progress((i + 1) / len(members), f"reading pictures ({i + 1:,} of {len(members):,})")
    if len(pictures) < MIN_IMAGES:
        n_skipped = sum(map(len, skipped.values()))
        if n_skipped:
            raise PicturesError(
                say("pictures_too_few_skipped", n=len(pictures), files=say("files", n=n_skipped), least=MIN_IMAGES)
            )
        raise PicturesError(say("pictures_too_few", n=len(pictures), least=MIN_IMAGES))
    return PictureSet(np.stack(pictures), skipped, not_used)


class _Skip(Exception):
    """Why one file is left out: its message (explorer/words.py "reason_…") is shown as the reason."""


def _members(sources) -> Iterator[tuple[str, Callable[[], bytes]]]:
    """(name, read) for every candidate file, zips opened, folders walked, in a stable order."""
    if isinstance(sources, (str, Path)):
        path = Path(sources)
        if path.is_dir():
            for file in sorted(
                p for p in path.rglob("*") if p.is_file() and not _hidden(p.relative_to(path).as_posix())
            ):
                yield file.relative_to(path).as_posix(), (lambda f=file: _read_file(f))
            return
        if not path.is_file():
            raise PicturesError(f"{path} is neither a folder nor a file")
        sources = [(path.name, path)]
    for name, data in sources:
        opened = data if isinstance(data, Path) else io.BytesIO(data)
        if name.lower().endswith(".zip") or zipfile.is_zipfile(opened):
            yield from _zip_members(name, opened)
        elif isinstance(data, Path):
            yield name, (lambda f=data: _read_file(f))
        else:
            yield name, (lambda d=data: d)


def _zip_members(name: str, opened: Path | io.BytesIO) -> Iterator[tuple[str, Callable[[], bytes]]]:
    try:
        members = _zip_member_count(opened)
        if members <= MAX_ZIP_MEMBERS:
            archive = zipfile.ZipFile(opened)
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise PicturesError(f"{name} is not a zip file that can be read ({error}); zip the pictures again") from None
    if members > MAX_ZIP_MEMBERS:
        raise PicturesError(
            f"{name} holds {members:,} files; a zip of at most {MAX_ZIP_MEMBERS:,} can be read "
            f"(the app trains on {MAX_IMAGES:,} pictures at most)"
        )
    for info in sorted(infos, key=lambda i: i.filename):
        if not info.is_dir() and not _hidden(info.filename):
            yield f"{name}/{info.filename}", (lambda a=archive, i=info: _read_member(a, i))


def _zip_member_count(opened: Path | io.BytesIO) -> int:
    """How many files a zip says it holds, read from its end record alone: a zip's whole list of
    files is parsed into memory when it is opened, so a zip of millions of empty files is refused
    before that."""
    if isinstance(opened, Path):
        with open(opened, "rb") as f:
            end = zipfile._EndRecData(f)
    else:
        opened.seek(0)
        end = zipfile._EndRecData(opened)
    if end is None:
        raise zipfile.BadZipFile("File is not a zip file")
    return int(end[zipfile._ECD_ENTRIES_TOTAL])


def _hidden(name: str) -> bool:
    """macOS resource forks and dot-files ride along in zips made on a Mac; they are not pictures."""
    return any(part.startswith(".") or part == "__MACOSX" for part in PurePosixPath(name).parts)


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    try:
        with archive.open(info) as f:
            data = f.read(MAX_FILE_BYTES + 1)  # a zip bomb's claimed size can lie; reading cannot
    except RuntimeError:  # encrypted
        raise _Skip(say("reason_password")) from None
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError):
        raise _Skip(say("reason_damaged")) from None  # a bad CRC, a cut-off or garbled compressed stream
    if len(data) > MAX_FILE_BYTES:
        raise _Skip(say("reason_too_large", mb=MAX_FILE_BYTES // 2**20))
    return data


def _read_file(path: Path) -> bytes:
    if path.stat().st_size > MAX_FILE_BYTES:
        raise _Skip(say("reason_too_large", mb=MAX_FILE_BYTES // 2**20))
    return path.read_bytes()


def _square(data: bytes, size: int) -> np.ndarray:
    """One file → uint8 [size, size, 3]: decoded, centre-cropped to a square and resized with a
    box filter (the average of the pixels it covers)."""
    try:
        im = decode_picture(data, min_side=MIN_SIDE, draft=size, max_pixels=MAX_PIXELS)
    except PictureError as why:
        raise _Skip(why.reason) from None
    return np.asarray(ImageOps.fit(im, (size, size), Image.Resampling.BOX), dtype=np.uint8)


def _source(summary: Message) -> Message:
    return say("own_pictures", summary=summary)


def _examples(names: list[str], n: int = 2) -> str | Message:
    short = ", ".join(PurePosixPath(name).name for name in names[:n])
    return say("examples_more", names=short, n=len(names) - n) if len(names) > n else short


def digit_from_picture(data: bytes) -> torch.Tensor:
    """A photo or drawing of one digit → [1, 1, 28, 28] in [-1, 1], prepared the way MNIST was:
    grey, white ink on black (a dark digit on light paper is inverted), cropped to the ink, fitted
    into 20×20 and centred in 28×28. Raises PicturesError when it cannot be read or is blank."""
    try:
        grey = np.asarray(decode_picture(data).convert("L"), dtype=np.float32) / 255.0
    except PictureError as why:
        raise PicturesError(say("digit_unreadable", why=said_by(why))) from None
    if np.median(grey) > 0.5:  # paper is light: make the ink the bright part, as in MNIST
        grey = 1.0 - grey
    grey = np.clip((grey - np.median(grey)) / max(grey.max() - np.median(grey), 1e-6), 0, 1)
    rows, cols = np.nonzero(grey > 0.2)
    if len(rows) == 0:
        raise PicturesError(say("digit_blank"))
    crop = grey[rows.min() : rows.max() + 1, cols.min() : cols.max() + 1]
    side = max(crop.shape)
    square = np.zeros((side, side), dtype=np.float32)
    top, left = (side - crop.shape[0]) // 2, (side - crop.shape[1]) // 2
    square[top : top + crop.shape[0], left : left + crop.shape[1]] = crop
    small = Image.fromarray((square * 255).astype(np.uint8)).resize((20, 20), Image.Resampling.LANCZOS)
    digit = np.zeros((28, 28), dtype=np.float32)
    digit[4:24, 4:24] = np.asarray(small, dtype=np.float32) / 255.0
    return torch.from_numpy(digit)[None, None] * 2 - 1
