"""The lesson's style transfer (Gatys, Ecker & Bethge 2016): gradient descent on the picture itself.

A `Painter` holds the picture being painted and the targets it is pulled towards: the photo's
features on the content layers, the painting's Gram matrices on the style layers. Each `step()`
is one forward-backward pass of the loss network and one optimiser update of the pixels.

Faster than the PyTorch tutorial's version, for the same losses (bench/style_speed.py): only the
layers the losses need run, in channels_last and under bf16 autocast where the processor computes
bf16 natively (Gram matrices and losses stay fp32, and the picture enters the first convolution
unrounded: vgg._unrounded_conv); and coarse to fine: the picture is first
painted at 128 px, then enlarged by √2 at a time with its optimiser restarted, so most steps are
cheap and the full-size steps start from a painted picture (crowsonkb/style-transfer-pytorch).
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

import torch
import torch.nn.functional as F

from explorer.style import losses
from explorer.style.colors import keep_colors
from explorer.style.config import GatysConfig
from explorer.style.vgg import LossNet

COARSEST = 128  # px: the first scale of coarse-to-fine
HISTORY = 50  # L-BFGS's memory of past steps (2 × 50 copies of the picture: 150 MB at 512 px)


@dataclass(frozen=True)
class StepReport:
    step: int  # forward-backward passes done, over all scales
    size: tuple[int, int]  # the picture's (height, width) at this step
    content: float  # each loss as weighted into the total
    style: float
    tv: float
    total: float
    seconds: float  # since the painting started


def scales(size: int, coarse_to_fine: bool) -> list[int]:
    """The longer sides painted at, smallest first: 128, 181, 256, … up to `size` by √2."""
    if not coarse_to_fine or size <= COARSEST:
        return [size]
    out = []
    s = float(size)
    while s > COARSEST * 1.01:
        out.append(round(s))
        s /= math.sqrt(2)
    return [round(s)] + out[::-1]


def step_plan(size: int, cfg: GatysConfig) -> list[int]:
    """How many of the `steps` each scale gets: half to the last (full-size) scale, the other
    half shared by the smaller ones. A coarse step costs (s/size)² of a full one, so for 128 →
    181 → 256 px the coarse half costs 3/8 of the time it would at full size. (Measured with
    bench/style_speed.py: coarse scales given most of the steps reached the tutorial's loss later.)"""
    k = len(scales(size, cfg.coarse_to_fine))
    if k == 1:
        return [cfg.steps]
    coarse = [cfg.steps // (2 * (k - 1))] * (k - 1)
    return coarse + [cfg.steps - sum(coarse)]


def resize(picture: torch.Tensor, longer: int) -> torch.Tensor:
    """[B, 3, H, W] → the same picture with its longer side `longer` px (antialiased)."""
    h, w = picture.shape[-2:]
    scale = longer / max(h, w)
    size = (max(1, round(h * scale)), max(1, round(w * scale)))
    if size == (h, w):
        return picture
    return F.interpolate(picture, size=size, mode="bicubic", antialias=scale < 1, align_corners=False).clamp(0, 1)


def use_bf16(device: torch.device, precision: str) -> bool:
    if precision != "auto":
        return precision == "bf16"
    if device.type == "cuda":
        return torch.cuda.is_bf16_supported()
    return device.type == "cpu" and bool(getattr(torch.cpu, "_is_avx512_bf16_supported", lambda: False)())


class Painter:
    """Paints `content` (RGB in [0, 1], [1, 3, H, W], any size) in the style of `style`
    (and `style2`, mixed by cfg.blend), at cfg.size px on the longer side."""

    def __init__(
        self,
        net: LossNet,
        content: torch.Tensor,
        style: torch.Tensor,
        cfg: GatysConfig,
        *,
        style2: torch.Tensor | None = None,
        device: torch.device | str = "cpu",
    ):
        self.cfg = cfg
        self.device = torch.device(device)
        self.net = net.to(self.device).to(memory_format=torch.channels_last)
        self.bf16 = use_bf16(self.device, cfg.precision)
        self.content_full = resize(content.to(self.device), cfg.size)
        self.styles = [(style.to(self.device), 1.0 - cfg.blend)]
        if style2 is not None and cfg.blend > 0:
            self.styles.append((style2.to(self.device), cfg.blend))
        self.sizes = scales(cfg.size, cfg.coarse_to_fine)
        self.plan = step_plan(cfg.size, cfg)
        self.step_count = 0
        self.history: list[StepReport] = []
        self.seconds = 0.0
        generator = torch.Generator().manual_seed(cfg.seed)
        start = resize(self.content_full, self.sizes[0])
        if cfg.init == "noise":
            start = torch.rand(start.shape, generator=generator).to(self.device)
        self._scale = -1
        self._best: tuple[float, torch.Tensor] | None = None  # (total, picture): the best seen at full size
        self._begin_scale(0, start)

    # --- one scale: its targets and a fresh optimiser ------------------------------------------
    def _features(self, picture: torch.Tensor, layers) -> dict[str, torch.Tensor]:
        """The loss network's features, under bf16 autocast where that is faster. The targets are
        computed the same way: fp32 targets with bf16 features of the picture left a floor that
        the loss could not pass (bench/style_speed.py)."""
        with torch.autocast(self.device.type, dtype=torch.bfloat16, enabled=self.bf16):
            return self.net(picture.contiguous(memory_format=torch.channels_last), layers)

    def _begin_scale(self, index: int, picture: torch.Tensor) -> None:
        cfg = self.cfg
        self._scale = index
        size = self.sizes[index]
        self._left = self.plan[index]
        content = resize(self.content_full, size)
        picture = F.interpolate(picture, size=content.shape[-2:], mode="bicubic", align_corners=False).clamp(0, 1)
        with torch.no_grad():
            feats = self._features(content, cfg.content_layers) if cfg.content_layers else {}
            self.content_targets = {k: v.float() for k, v in feats.items()}
            self.style_targets = {}
            for style, share in self.styles:
                feats = self._features(resize(style, max(16, round(size * cfg.style_scale))), cfg.style_layers)
                for name, f in feats.items():
                    g = losses.gram(f) * share
                    self.style_targets[name] = self.style_targets.get(name, 0) + g
        # normalise: each layer's loss relative to its target's mean square, averaged over the
        # layers, so that a weight means the same on VGG16 (Caffe scale) and VGG19, on shallow and
        # deep layers, and for one style layer or five: content 1 and style 1 weigh them alike
        self.content_scale = {
            k: 1 / max(float(v.pow(2).mean()), 1e-12) / len(self.content_targets) if cfg.normalise else 1.0
            for k, v in self.content_targets.items()
        }
        self.style_scale = {
            k: 1 / max(float(v.pow(2).mean()), 1e-12) / len(self.style_targets) if cfg.normalise else 1.0
            for k, v in self.style_targets.items()
        }
        self.picture = picture.detach().clone().requires_grad_(True)
        if cfg.optimizer == "lbfgs":
            # one function evaluation per step() (max_iter=1); its curvature memory carries over steps
            self.optimizer = torch.optim.LBFGS(
                [self.picture], lr=1, max_iter=1, history_size=HISTORY, tolerance_grad=-1, tolerance_change=-1
            )
        else:
            self.optimizer = torch.optim.Adam([self.picture], lr=cfg.lr)

    # --- the loss and a step ------------------------------------------------------------------
    def losses(self, picture: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        """(content, style, tv), each already weighted."""
        cfg = self.cfg
        feats = self._features(picture, tuple(dict.fromkeys(cfg.content_layers + cfg.style_layers)))
        zero = picture.new_zeros(())
        c = losses.content_loss(feats, self.content_targets, self.content_scale) if self.content_targets else zero
        s = losses.style_loss(feats, self.style_targets, self.style_scale)
        tv = losses.tv_loss(picture) if cfg.tv_weight else zero
        return cfg.content_weight * c, cfg.style_weight * s, cfg.tv_weight * tv

    @property
    def done(self) -> bool:
        if self.cfg.time_budget:
            return self.seconds >= self.cfg.time_budget
        return self._scale == len(self.sizes) - 1 and self._left <= 0

    def step(self) -> StepReport:
        """One forward-backward pass and one update of the pixels; moves to the next scale when
        this one's steps (or its share of the time budget) are spent."""
        start = time.perf_counter()
        if self._scale < len(self.sizes) - 1 and self._scale_spent():
            self._begin_scale(self._scale + 1, self.picture.detach())
        parts: list[torch.Tensor] = []
        before = self.picture.detach().clone()  # kept: a step that ends in NaN is undone

        def closure() -> torch.Tensor:
            self.optimizer.zero_grad(set_to_none=True)
            c, s, tv = self.losses(self.picture)
            total = c + s + tv
            total.backward()
            parts[:] = [c.detach(), s.detach(), tv.detach(), total.detach()]
            return total

        self.optimizer.step(closure)
        with torch.no_grad():
            self.picture.clamp_(0, 1)
        self._left -= 1
        self.step_count += 1
        self.seconds += time.perf_counter() - start
        c, s, tv, total = (float(p) for p in parts)
        if not (math.isfinite(total) and torch.isfinite(self.picture).all()):
            with torch.no_grad():
                self.picture.copy_(before)
            raise FloatingPointError("the loss became NaN or infinite; lower the style weight or use L-BFGS")
        report = StepReport(self.step_count, tuple(self.picture.shape[-2:]), c, s, tv, total, self.seconds)
        self.history.append(report)
        if self._scale == len(self.sizes) - 1 and (self._best is None or total < self._best[0]):
            self._best = (total, before)  # the loss just measured is the picture's before this step
        return report

    def _scale_spent(self) -> bool:
        if self.cfg.time_budget:  # each scale gets the same share of the time
            return self.seconds >= self.cfg.time_budget * (self._scale + 1) / len(self.sizes)
        return self._left <= 0

    def run(self, on_step=None) -> torch.Tensor:
        while not self.done:
            report = self.step()
            if on_step:
                on_step(report)
        return self.result()

    # --- what is shown ---------------------------------------------------------------------------
    def result(self) -> torch.Tensor:
        """The picture so far, [1, 3, H, W] in [0, 1] on the CPU, the photo's colours put back if
        asked. Once done, the full-size picture with the lowest loss: L-BFGS without a line search
        now and then jumps up for a step or two, and the last step may be one of those."""
        best = self.done and self._best is not None
        picture = (self._best[1] if best else self.picture).detach().float().cpu()
        if self.cfg.preserve_colors:
            picture = keep_colors(picture, resize(self.content_full.cpu(), max(picture.shape[-2:])))
        return picture

    def grams(self, layer: str | None = None, channels: int = 64) -> tuple[torch.Tensor, torch.Tensor]:
        """The style's Gram matrix and the picture's on one style layer (the first by default),
        its first `channels` channels: [channels, channels] each, what "style" means to the net."""
        layer = layer or self.cfg.style_layers[0]
        with torch.no_grad():
            mine = losses.gram(self._features(self.picture.detach(), (layer,))[layer])[0]
        return self.style_targets[layer][0, :channels, :channels].cpu(), mine[:channels, :channels].cpu()
