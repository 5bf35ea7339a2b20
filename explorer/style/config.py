"""Settings of a style transfer, shared by the CLI and the page; each checks itself on construction."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from explorer.settings import check_fields, setting

METHODS = ("gatys", "fast")
INITS = ("content", "noise")
OPTIMIZERS = ("lbfgs", "adam")
PRECISIONS = ("auto", "fp32", "bf16")
# The paper's layers (Gatys et al. 2016): style on the first ReLU of every block, content on relu4_2
STYLE_LAYERS = ("relu1_1", "relu2_1", "relu3_1", "relu4_1", "relu5_1")
CONTENT_LAYERS = ("relu4_2",)
LAYERS = tuple(f"{kind}{b}_{i}" for b in range(1, 6) for i in range(1, 5 if b > 2 else 3) for kind in ("conv", "relu"))
MIN_SIZE, MAX_SIZE = 64, 2048


@dataclass(frozen=True, kw_only=True)
class GatysConfig:
    """The lesson's optimisation: the picture itself learns, on content·Lc + style·Ls + tv·Ltv."""

    content_weight: float = setting(1.0, "how much the picture keeps the photo's content")
    # each loss is relative to its target (`normalise`): 1 : 1 would weigh them alike
    style_weight: float = setting(5.0, "how much the picture takes the painting's style")
    tv_weight: float = setting(0.05, "how much neighbouring pixels are kept alike (smoothness)")
    content_layers: tuple[str, ...] = CONTENT_LAYERS
    style_layers: tuple[str, ...] = STYLE_LAYERS
    normalise: bool = True  # each layer's loss ÷ its target's mean square: weights mean the same on either network
    size: int = setting(256, "the output's longer side in px")
    style_scale: float = setting(1.0, "the style picture's size relative to the output: larger, larger strokes")
    steps: int = setting(300, "Gatys: forward-backward passes of the loss network, coarse scales included")
    time_budget: float = setting(0.0, "Gatys: paint for this many seconds instead (0: run the steps)")
    init: str = setting("content", "Gatys: start from the photo or from noise")
    optimizer: str = setting("lbfgs", "Gatys: the optimiser that changes the picture")
    lr: float = 0.02  # Adam's step, in pixel units (crowsonkb/style-transfer-pytorch); L-BFGS ignores it
    coarse_to_fine: bool = True  # optimise small first, enlarge, go on: a good picture sooner
    preserve_colors: bool = setting(False, "keep the photo's colours, take only light and texture from the painting")
    blend: float = 0.0  # with a second style picture: its share of the style
    seed: int = setting(0, "Gatys: the seed of the noise a picture started from noise begins as")
    precision: str = "auto"  # auto: bf16 where the processor computes it natively, else fp32

    def __post_init__(self) -> None:
        check_fields(self)

        def need(ok: bool, message: str) -> None:
            if not ok:
                raise ValueError(message)

        for name in ("content_weight", "style_weight", "tv_weight"):
            need(0 <= getattr(self, name) <= 1e12, f"{name} must be between 0 and 1e12")
        need(self.content_weight + self.style_weight > 0, "content_weight and style_weight cannot both be 0")
        for name in ("content_layers", "style_layers"):
            bad = [layer for layer in getattr(self, name) if layer not in LAYERS]
            need(not bad, f"{name}: no layer {', '.join(bad)}; layers are named like relu4_2 or conv1_1")
        need(bool(self.style_layers), "style_layers needs at least one layer")
        need(
            bool(self.content_layers) or self.content_weight == 0,
            "content_layers needs a layer while content_weight > 0",
        )
        need(MIN_SIZE <= self.size <= MAX_SIZE, f"size must be between {MIN_SIZE} and {MAX_SIZE} px")
        need(0.25 <= self.style_scale <= 4, "style_scale must be between 0.25 and 4")
        need(1 <= self.steps <= 100_000, "steps must be between 1 and 100,000")
        need(0 <= self.time_budget <= 86_400, "time_budget must be between 0 (off) and 86,400 seconds")
        need(self.init in INITS, f"init must be one of {', '.join(INITS)}")
        need(self.optimizer in OPTIMIZERS, f"optimizer must be one of {', '.join(OPTIMIZERS)}")
        need(0 < self.lr <= 1, "lr must be in (0, 1]")
        need(0 <= self.blend <= 1, "blend must be between 0 and 1")
        need(self.precision in PRECISIONS, f"precision must be one of {', '.join(PRECISIONS)}")

    def replace(self, **changes) -> GatysConfig:
        return dataclasses.replace(self, **changes)

    def to_dict(self) -> dict:
        return {k: list(v) if isinstance(v, tuple) else v for k, v in dataclasses.asdict(self).items()}

    @classmethod
    def from_dict(cls, values: dict) -> GatysConfig:
        known = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(set(values) - known)
        if unknown:
            raise ValueError(f"unknown setting {', '.join(unknown)}")
        return cls(**values)


@dataclass(frozen=True, kw_only=True)
class FastConfig:
    """The feed-forward way (Magenta, Ghiasi et al. 2017): one pass of a trained network."""

    size: int = setting(512, "the output's longer side in px")
    strength: float = setting(1.0, "fast: from the photo's own style (0) to the painting's (1)")
    blend: float = 0.0  # with a second style: its share
    preserve_colors: bool = False

    def __post_init__(self) -> None:
        check_fields(self)
        if not MIN_SIZE <= self.size <= MAX_SIZE:
            raise ValueError(f"size must be between {MIN_SIZE} and {MAX_SIZE} px")
        if not 0 <= self.strength <= 1:
            raise ValueError("strength must be between 0 and 1")
        if not 0 <= self.blend <= 1:
            raise ValueError("blend must be between 0 and 1")

    def to_dict(self) -> dict:
        return dataclasses.asdict(self)
