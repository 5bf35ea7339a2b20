"""Photos and paintings for style transfer: read with the app's one decoder, the built-in samples
(real photos and textures that scikit-image ships, so a class needs no download), and the
conversions between PIL pictures and [1, 3, H, W] tensors in [0, 1]."""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from PIL import Image

from explorer.formats.images import PictureError, decode_picture
from explorer.i18n import N_
from explorer.words import say

MIN_SIDE = 32  # px: smaller has nothing to paint on
UPLOAD_MB = 25  # a phone photo is 2–12 MB


@dataclass(frozen=True)
class Sample:
    file: str  # in scikit-image's data folder
    title: str
    credit: str  # marked for the catalogue where it has words to translate (names and licences read the same)


# What scikit-image ships (skimage/data/README.txt gives each one's source and licence)
PHOTOS = {
    "astronaut": Sample(
        "astronaut.png",
        N_("Astronaut Eileen Collins"),
        N_("NASA, public domain"),
    ),
    "chelsea": Sample("chelsea.png", N_("Chelsea the cat"), "Stefan van der Walt, CC0"),
    "coffee": Sample("coffee.png", N_("A cup of coffee"), "Rachel Michetti, CC0"),
    "rocket": Sample("rocket.jpg", N_("A rocket on the launch pad"), "SpaceX, CC0"),
}
STYLES = {
    "hubble": Sample(
        "hubble_deep_field.jpg",
        N_("Hubble deep field"),
        N_("NASA, public domain"),
    ),
    "ihc": Sample(
        "ihc.png",
        N_("Stained tissue"),
        N_("Immunohistochemistry, public domain"),
    ),
    "gravel": Sample("gravel.png", N_("Gravel"), "Sharon Cohen, CC0"),
    "brick": Sample("brick.png", N_("Brick wall"), "Sharon Cohen, CC0"),
    "grass": Sample("grass.png", N_("Grass"), "Sharon Cohen, CC0"),
}


def sample_path(name: str) -> Path:
    """A sample's file, found without importing scikit-image (which would import SciPy)."""
    sample = PHOTOS.get(name) or STYLES.get(name)
    if sample is None:
        raise ValueError(f"no sample {name!r}; samples are {', '.join([*PHOTOS, *STYLES])}")
    spec = importlib.util.find_spec("skimage")
    if spec is None or not spec.submodule_search_locations:
        raise ValueError("the sample pictures come with scikit-image: pip install scikit-image")
    return Path(spec.submodule_search_locations[0]) / "data" / sample.file


def load_sample(name: str) -> Image.Image:
    return read_picture(sample_path(name).read_bytes())


def read_picture(data: bytes) -> Image.Image:
    """Uploaded bytes → an upright RGB picture at least MIN_SIDE px on each side.
    Raises PictureError with a sentence for the user."""
    return decode_picture(data, min_side=MIN_SIDE)


def read_file(path: Path | str) -> Image.Image:
    """A picture on disk, or a sample's name (the CLI's --content astronaut)."""
    path = Path(path)
    if not path.exists() and str(path) in {**PHOTOS, **STYLES}:
        return load_sample(str(path))
    try:
        data = path.read_bytes()
    except OSError as error:
        raise PictureError(say("reason_unreadable", path=str(path), why=error.strerror or str(error))) from None
    return read_picture(data)


def to_tensor(picture: Image.Image) -> torch.Tensor:
    """A PIL picture → [1, 3, H, W] float in [0, 1]."""
    a = np.asarray(picture.convert("RGB"), dtype=np.float32) / 255
    return torch.from_numpy(a).permute(2, 0, 1)[None].contiguous()


def to_picture(tensor: torch.Tensor) -> Image.Image:
    """[1, 3, H, W] or [3, H, W] in [0, 1] → a PIL picture."""
    t = tensor.detach().float().cpu().reshape(-1, *tensor.shape[-2:])[:3]
    return Image.fromarray((t.clamp(0, 1).permute(1, 2, 0).numpy() * 255 + 0.5).astype(np.uint8))
