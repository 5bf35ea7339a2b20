"""Pictures in and out, for the whole app: the one decoder every upload goes through, and image
tensors turned into PNGs (one `make_grid` picture, upscaled without blurring)."""

from __future__ import annotations

import io
import warnings

import numpy as np
import torch
from PIL import Image, ImageOps, UnidentifiedImageError
from torchvision.utils import make_grid

from explorer.words import Message, say

FORMATS = ("PNG", "JPEG", "GIF", "BMP", "WEBP", "TIFF")  # what an upload may be; nothing else is tried
EXTENSIONS = ("png", "jpg", "jpeg", "gif", "bmp", "webp", "tif", "tiff")
MAX_PIXELS = 40_000_000  # per picture: a 40-megapixel photo is fine, a gigapixel PNG is an attack


class PictureError(ValueError):
    """A file that cannot be used as a picture. `reason` is short ("damaged", "not pictures"), for
    a list of skipped files; str() is a sentence for one file on its own (`alone`, or "that picture
    is <reason>"). Both are messages (explorer/words.py)."""

    def __init__(self, reason: Message, alone: Message | None = None):
        self.reason = reason
        super().__init__(alone or say("picture_is", reason=reason))


def decode_picture(
    data: bytes, *, min_side: int = 1, draft: int | None = None, max_pixels: int | None = None
) -> Image.Image:
    """Bytes → an upright RGB picture, fully decoded: EXIF rotation applied, transparency
    flattened onto white, grey, palette, CMYK and 16-bit pictures turned into 8-bit RGB. Only
    FORMATS are tried; a picture over `max_pixels` (MAX_PIXELS) or a decompression bomb is refused
    before its pixels are read. `draft`: a JPEG may be decoded at 1/2, 1/4 or 1/8 scale when that
    still gives `draft` px. Raises PictureError."""
    max_pixels = max_pixels or MAX_PIXELS
    if not data:
        raise PictureError(say("reason_empty"), say("picture_empty"))
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data), formats=FORMATS) as im:
                if im.width * im.height > max_pixels:
                    raise PictureError(say("reason_too_many_pixels", pixels=max_pixels))
                if min(im.width, im.height) < min_side:
                    raise PictureError(say("reason_too_small", px=min_side))
                if draft:
                    im.draft("RGB", (draft, draft))
                im = ImageOps.exif_transpose(im)
                im.load()
                return _to_rgb(im)
        except PictureError:
            raise
        except (Image.DecompressionBombWarning, Image.DecompressionBombError):
            raise PictureError(say("reason_bomb")) from None
        except UnidentifiedImageError:
            raise PictureError(say("reason_not_pictures"), say("picture_not_pictures")) from None
        except Exception:  # truncated or corrupt data, in whichever decoder: this file only
            raise PictureError(say("reason_damaged"), say("picture_damaged")) from None


def _to_rgb(im: Image.Image) -> Image.Image:
    if im.mode in ("I;16", "I;16B", "I;16L", "I;16N", "I", "F"):  # 16-bit or float grey: scale into 8 bits
        a = np.asarray(im, dtype=np.float32)
        top = 65535.0 if im.mode.startswith("I;16") or a.max() > 255 else 255.0
        if im.mode == "F" and a.max() <= 1.0:
            top = 1.0
        im = Image.fromarray(np.clip(a / top * 255 + 0.5, 0, 255).astype(np.uint8))
    # an alpha channel, or a colour key (a palette's, or a grey or RGB PNG's tRNS chunk) marks transparency
    if im.mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in im.info:
        im = Image.alpha_composite(Image.new("RGBA", im.size, "white"), im.convert("RGBA"))
    return im.convert("RGB")  # grey, palette, CMYK, YCbCr and 1-bit pictures alike


def to_unit(images: torch.Tensor) -> torch.Tensor:
    """[-1, 1] (the generator's tanh range) → [0, 1]."""
    return ((images.detach().float().cpu() + 1) / 2).clamp_(0, 1)


def grid_image(images: torch.Tensor, *, nrow: int | None = None, scale: int = 4, padding: int = 2) -> Image.Image:
    """[N, C, H, W] in [-1, 1] → one PIL image, `scale`× larger with nearest-neighbour (crisp pixels)."""
    n = images.shape[0]
    nrow = nrow or max(1, round(n**0.5))
    grid = make_grid(to_unit(images), nrow=nrow, padding=padding, pad_value=1.0)  # [3, H', W'] in [0, 1]
    array = (grid.permute(1, 2, 0).mul(255).round().to(torch.uint8)).numpy()
    picture = Image.fromarray(array[..., 0] if images.shape[1] == 1 else array)
    return picture.resize((picture.width * scale, picture.height * scale), Image.Resampling.NEAREST)


def png_bytes(picture: Image.Image) -> bytes:
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG", optimize=False)
    return buffer.getvalue()


def grid_png(images: torch.Tensor, **kwargs) -> bytes:
    return png_bytes(grid_image(images, **kwargs))
