"""Training configuration shared by the CLI and the UI (the lesson's recipes: presets.py).

A `TrainConfig` is frozen and checks itself on construction, so a bad value fails at the edge
(a CLI flag, a widget) with a sentence that says what to change, never deep inside a step. The
settings of its objective (a GAN's D, or the VAE's encoder) are nested in it and check themselves.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass

from explorer.settings import check_fields, setting

ARCHS = ("mlp", "mlp_bn", "dcgan", "vae")  # vae: not a GAN, the notes' contrast (explorer/gan/models/vae.py)
IMAGE_DATASETS = ("mnist", "fashion", "pictures")  # pictures: your own (explorer/pictures.py)
DATASETS = IMAGE_DATASETS + ("curve",)  # curve: 2-D points on a curve (explorer/curves.py, the harmonic GAN)
ACTIVATIONS = ("leaky_relu", "relu")
OPTIMIZERS = ("adam", "rmsprop")
G_LOSSES = ("non_saturating", "saturating")
PRECISIONS = ("fp32", "bf16")


def _need(ok: bool, message: str) -> None:
    if not ok:
        raise ValueError(message)


@dataclass(frozen=True)
class GanSettings:
    """The GAN's objective: G against a discriminator D. Its settings, which mean nothing to a VAE."""

    d_hidden: tuple[int, ...] = (1024, 512, 256)  # MLP discriminator widths, input side first
    d_width: int = 0  # DCGAN: channels of D's first layer, doubling per layer; 0 = the config's width
    dropout: float = 0.3  # D's dropout after its first `d_dropout_layers` hidden layers
    d_dropout_layers: int = 2  # the Keras lesson: after the first two; the sine slides: after all three
    lr_d: float = 2e-4
    beta1_d: float = 0.5  # "β1 = 0.5 … the default of 0.9 fails" (DCGAN paper)
    real_label: float = 0.9  # one-sided label smoothing: D's target for real images
    half_batch_d: bool = False  # D sees batch/2 real + batch/2 fake (lecture notes)
    d_steps: int = 1  # D updates per G update
    d_skip_below: float = 0.0  # skip D's update while its loss is below this (0 = never)
    g_loss: str = "non_saturating"  # -log D(G(z))  |  saturating: log(1 - D(G(z)))
    diff_augment: bool = False  # translate + cut out real and fake alike before D (small datasets)
    augment_p: float = 1.0  # with diff_augment: the share of images augmented (1 = all, the paper)
    pack: int = 1  # PacGAN (Lin et al. 2018, arXiv:1712.04086): D judges packs of this many samples at
    #                once, real with real, fake with fake, so it sees a pack's variety (fights mode collapse)
    top_k: float = 1.0  # top-k training (Sinha et al. 2020, arXiv:2002.06224): G learns only from the fakes D
    #                     rates most real, a share that shrinks from all by 1% an epoch down to top_k (1 = off)

    kind = "gan"
    second = "D"  # the net beside G, by its name in checkpoints

    def __post_init__(self) -> None:
        check_fields(self)
        _need(self.g_loss in G_LOSSES, f"g_loss must be one of {', '.join(G_LOSSES)}, not {self.g_loss!r}")
        _need(len(self.d_hidden) >= 1 and all(w >= 1 for w in self.d_hidden), "D needs positive hidden layer widths")
        _need(self.d_width >= 0, "d_width must be 0 (the same as width) or positive")
        _need(0.0 <= self.dropout < 1.0, "dropout must be in [0, 1)")
        _need(self.d_dropout_layers >= 0, "d_dropout_layers must be 0 or more")
        _need(self.lr_d > 0, "learning rates must be positive")
        _need(self.lr_d < 1, "learning rates above 1 diverge at once; try 2e-4")
        _need(0.0 <= self.beta1_d < 1, "betas must be in [0, 1)")
        _need(0.5 < self.real_label <= 1.0, "real_label (label smoothing) must be in (0.5, 1.0]; the notes use 0.9")
        _need(1 <= self.d_steps <= 20, "d_steps must be between 1 and 20")
        _need(self.d_skip_below >= 0, "d_skip_below must be 0 (never skip) or positive")
        _need(0.0 < self.augment_p <= 1.0, "augment_p must be in (0, 1]: the share of images DiffAugment changes")
        _need(1 <= self.pack <= 4, "pack must be between 1 (off) and 4")
        _need(0.1 <= self.top_k <= 1.0, "top_k must be in [0.1, 1] (1 = off; the paper keeps at least half: 0.5)")

    def check_with(self, cfg: TrainConfig) -> None:
        """What these settings need of the rest of the config."""
        curve = cfg.dataset == "curve"
        _need(not curve or not self.diff_augment, "DiffAugment is for images, not for points on a curve")
        _need(self.pack == 1 or not curve, "pack is for pictures, not points on a curve")
        _need(not self.half_batch_d or cfg.batch_size >= 4, "half_batch_d needs batch_size of at least 4")
        _need(
            cfg.batch_size % self.pack == 0 and self.d_batch(cfg.batch_size) % self.pack == 0,
            f"with pack {self.pack}, the batch (and half batch) must divide into packs of {self.pack}",
        )

    def d_batch(self, batch_size: int) -> int:
        """Real images per D update (and as many fakes)."""
        return batch_size // 2 if self.half_batch_d else batch_size

    def images_per_step(self, batch_size: int) -> int:
        return self.d_batch(batch_size) * self.d_steps


@dataclass(frozen=True)
class VaeSettings:
    """The VAE's objective (the notes' contrast): an encoder and G as its decoder rebuild each picture
    while keeping the latent points close to a normal distribution."""

    encoder_hidden: tuple[int, ...] = (512, 256)  # the encoder's widths, input side first
    lr_encoder: float = 1e-3
    beta1_encoder: float = 0.9
    kl_weight: float = 1.0  # the weight of the KL term beside the reconstruction loss (β-VAE; 1 = the VAE)

    kind = "vae"
    second = "encoder"

    def __post_init__(self) -> None:
        check_fields(self)
        _need(
            len(self.encoder_hidden) >= 1 and all(w >= 1 for w in self.encoder_hidden),
            "the encoder needs positive hidden layer widths",
        )
        _need(0 < self.lr_encoder < 1, "lr_encoder must be in (0, 1); try 1e-3")
        _need(0.0 <= self.beta1_encoder < 1, "betas must be in [0, 1)")
        _need(self.kl_weight >= 0, "kl_weight must be 0 or positive (1 = the plain VAE)")

    def check_with(self, cfg: TrainConfig) -> None:
        _need(cfg.dataset != "curve", "points on a curve train with the MLP GAN, not the VAE")

    def images_per_step(self, batch_size: int) -> int:
        return batch_size


OBJECTIVES = {"gan": GanSettings, "vae": VaeSettings}
# A VAE's settings in files written before they were nested: its encoder sat in D's fields.
_LEGACY_VAE_NAMES = {"d_hidden": "encoder_hidden", "lr_d": "lr_encoder", "beta1_d": "beta1_encoder"}


def _names(cls) -> set[str]:
    return {f.name for f in dataclasses.fields(cls)}


@dataclass(frozen=True)
class TrainConfig:
    """A training: the model and data, the generator's settings and how long, and its objective's
    own settings nested in `objective` (a `GanSettings`, or `VaeSettings` for arch "vae").
    `replace()` and `from_dict()` take any setting by its name and put it where it belongs."""

    # --- what is trained -------------------------------------------------------------------
    arch: str = "mlp"  # mlp | mlp_bn (generator with BatchNorm) | dcgan | vae (an MLP decoder and encoder)
    dataset: str = "mnist"
    image_channels: int = 1
    image_size: int = 28
    latent_dim: int = 100
    g_hidden: tuple[int, ...] = (256, 512, 1024)  # MLP generator (or decoder) widths, input side first
    activation: str = "leaky_relu"  # hidden activation of both nets (slides' variant: relu)
    standardize: bool = False  # points on a curve: both nets work in the real points' standardized coordinates
    bn_momentum: float = 0.2  # PyTorch convention; Keras' BatchNormalization(momentum=0.8)
    width: int = 64  # DCGAN: channels of the narrowest G layer (and of D's first, unless d_width is set)
    # --- how G is trained --------------------------------------------------------------------
    batch_size: int = 128
    optimizer: str = "adam"
    lr_g: float = 2e-4
    beta1_g: float = 0.5
    beta2: float = 0.999  # of both nets' Adam
    grad_clip: float = 0.0  # 0 = off; the face GAN of the slides clips at 1.0
    epochs: int = 400
    ema: float = 0.0  # samples come from an exponential moving average of G's weights (0 = off;
    #                   0.999 is usual: Yazici et al. 2019, arXiv:1806.04498)
    n_fixed: int = 16  # size of the fixed latent batch behind the sample grid (4×4)
    precision: str = setting("fp32", "bf16 autocast speeds up CPUs with AVX512-BF16, and GPUs")
    seed: int = setting(0, "the seed of the weights, the batches and the fixed noise: same seed, same run")
    # --- what a step lowers ----------------------------------------------------------------------
    objective: GanSettings | VaeSettings | None = None  # None: the arch's defaults

    def __post_init__(self) -> None:
        check_fields(self)  # types first: a float batch size must not reach a DataLoader
        need = _need
        need(self.arch in ARCHS, f"arch must be one of {', '.join(ARCHS)}, not {self.arch!r}")
        kind = OBJECTIVES["vae" if self.arch == "vae" else "gan"]
        if self.objective is None:
            object.__setattr__(self, "objective", kind())
        need(
            isinstance(self.objective, kind),
            f"arch {self.arch} trains with {kind.__name__}, not {type(self.objective).__name__}",
        )
        need(self.dataset in DATASETS, f"dataset must be one of {', '.join(DATASETS)}, not {self.dataset!r}")
        need(
            self.activation in ACTIVATIONS,
            f"activation must be one of {', '.join(ACTIVATIONS)}, not {self.activation!r}",
        )
        need(self.optimizer in OPTIMIZERS, f"optimizer must be one of {', '.join(OPTIMIZERS)}, not {self.optimizer!r}")
        need(self.precision in PRECISIONS, f"precision must be one of {', '.join(PRECISIONS)}, not {self.precision!r}")
        need(self.image_channels in (1, 3), "image_channels must be 1 (grey) or 3 (colour)")
        need(self.image_size >= 8, "image_size must be at least 8 pixels")
        need(
            self.dataset != "curve" or self.arch in ("mlp", "vae"),
            "points on a curve train with the MLP GAN (arch mlp)",
        )
        need(not self.standardize or self.dataset == "curve", "standardize is for points on a curve")
        need(
            self.dataset != "pictures" or self.arch in ("dcgan", "vae"),
            "your own pictures train with a convolutional preset (fast, dcgan or faces) or the VAE, not an MLP GAN",
        )
        if self.arch == "dcgan":
            need(self.image_size in (28, 32, 64), "the DCGAN makes 28, 32 or 64 pixel images")
        need(1 <= self.latent_dim <= 4096, "latent_dim must be between 1 and 4096")
        need(len(self.g_hidden) >= 1 and all(w >= 1 for w in self.g_hidden), "G needs positive hidden layer widths")
        need(0.0 < self.bn_momentum <= 1.0, "bn_momentum must be in (0, 1] (PyTorch convention)")
        need(self.width >= 1, "width must be positive")
        need(self.batch_size >= 2, "batch_size must be at least 2")
        need(self.lr_g > 0, "learning rates must be positive")
        need(self.lr_g < 1, "learning rates above 1 diverge at once; try 2e-4")
        need(0.0 <= self.beta1_g < 1 and 0.0 <= self.beta2 < 1, "betas must be in [0, 1)")
        need(self.grad_clip >= 0, "grad_clip must be 0 (off) or positive")
        need(self.epochs >= 1, "epochs must be at least 1")
        need(self.ema == 0.0 or 0.5 <= self.ema < 1.0, "ema must be 0 (off) or in [0.5, 1); 0.999 is usual")
        need(1 <= self.n_fixed <= 256, "n_fixed must be between 1 and 256")
        self.objective.check_with(self)

    # --- the objective ---------------------------------------------------------------------
    @property
    def gan(self) -> GanSettings:
        """The GAN's own settings; a VAE has none (it has no discriminator)."""
        if not isinstance(self.objective, GanSettings):
            raise ValueError("the VAE has no discriminator, so no GAN settings")
        return self.objective

    @property
    def vae(self) -> VaeSettings:
        if not isinstance(self.objective, VaeSettings):
            raise ValueError("a GAN has no encoder, so no VAE settings")
        return self.objective

    @property
    def is_vae(self) -> bool:
        return isinstance(self.objective, VaeSettings)

    def learning_rates(self) -> dict[str, float]:
        """Each net's learning rate by its setting's name: lr_g, and lr_d or lr_encoder."""
        second = {"lr_encoder": self.vae.lr_encoder} if self.is_vae else {"lr_d": self.gan.lr_d}
        return {"lr_g": self.lr_g, **second}

    # --- derived -------------------------------------------------------------------------
    @property
    def image_shape(self) -> tuple[int, ...]:
        """The shape of one training example: [C, H, W] for pictures, (2,) for a point (x, y)."""
        if self.dataset == "curve":
            return (2,)
        return (self.image_channels, self.image_size, self.image_size)

    @property
    def images_per_step(self) -> int:
        """Real images one step consumes: the unit of epochs and of images/s."""
        return self.objective.images_per_step(self.batch_size)

    # --- (de)serialisation: plain JSON, so checkpoints need no pickle ------------------------
    def to_dict(self) -> dict:
        out = dataclasses.asdict(self)
        out["objective"] = {"kind": self.objective.kind, **out["objective"]}
        return out

    @classmethod
    def from_dict(cls, data: dict) -> TrainConfig:
        """From `to_dict()`'s layout, or the flat one of files written before the objectives were
        nested (every setting at the top; a VAE's encoder in D's fields)."""
        data = dict(data)
        nested = data.pop("objective", None)
        if nested is not None:
            if not isinstance(nested, dict) or nested.get("kind") not in OBJECTIVES:
                raise ValueError(f"objective must name its kind ({', '.join(OBJECTIVES)}), not {nested!r}")
            data |= {k: v for k, v in nested.items() if k != "kind"}
        elif data.get("arch") == "vae":  # the GAN's fields had no meaning; the encoder's sat in D's
            legacy = _names(GanSettings) - set(_LEGACY_VAE_NAMES)
            data = {_LEGACY_VAE_NAMES.get(k, k): v for k, v in data.items() if k not in legacy}
        else:
            data = {k: v for k, v in data.items() if k not in _names(VaeSettings)}
        return cls(arch=data.pop("arch", "mlp")).replace(**data)

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2)

    def replace(self, **changes) -> TrainConfig:
        """This config with some settings changed, each named as it is, whether it is the config's or
        its objective's: replace(lr_d=1e-4) changes the GAN's D. A change of arch between a GAN and
        the VAE starts from the other objective's defaults."""
        arch = changes.get("arch", self.arch)
        kind = OBJECTIVES["vae" if arch == "vae" else "gan"]
        objective = changes.pop("objective", None)
        if objective is None:
            objective = self.objective if isinstance(self.objective, kind) else kind()
        own = {k: changes.pop(k) for k in list(changes) if k in _names(kind)}
        unknown = sorted(set(changes) - _names(TrainConfig))
        if unknown:
            other = [k for k in unknown if any(k in _names(c) for c in OBJECTIVES.values())]
            if other:
                whose = "VAE (it has no discriminator)" if arch == "vae" else "GAN (it has no encoder)"
                raise ValueError(f"{', '.join(other)}: not a setting of the {whose}")
            raise ValueError(f"unknown config fields: {', '.join(unknown)}")
        return dataclasses.replace(
            self, **changes, objective=dataclasses.replace(objective, **own) if own else objective
        )

    def for_data(self, dataset: str, picture_size: int = 64) -> TrainConfig:
        """This config on another dataset: MNIST and Fashion-MNIST are 28 px grey; your own
        pictures are colour, 32 or 64 px (explorer/pictures.py)."""
        if dataset == "pictures":
            return self.replace(dataset=dataset, image_size=picture_size, image_channels=3)
        return self.replace(dataset=dataset, image_size=28, image_channels=1)


def parse_overrides(pairs: list[str]) -> dict:
    """["lr_d=1e-4", "half_batch_d=true", "g_hidden=256,512"] → config overrides (the CLI's --set),
    each read as its setting's type; a value of the wrong type is a ValueError that says so (the
    config checks the ranges when it is built)."""
    out = {}
    kinds = {f.name: f.type for cls in (TrainConfig, *OBJECTIVES.values()) for f in dataclasses.fields(cls)}
    kinds.pop("objective")
    for pair in pairs:
        key, equals, text = pair.partition("=")
        if not equals or key not in kinds:
            raise ValueError(f"--set {pair!r}: write KEY=VALUE with one of the settings {', '.join(kinds)}")
        out[key] = _read(key, kinds[key], text.strip())
    return out


def _read(key: str, kind: str, text: str):
    words = {"true": True, "yes": True, "1": True, "false": False, "no": False, "0": False}
    try:
        if kind == "int":
            return int(text)
        if kind == "float":
            return float(text)
        if kind == "bool":
            return words[text.lower()]
        if kind.startswith("tuple"):
            return tuple(int(v) for v in text.split(",") if v.strip())
    except (ValueError, KeyError):
        what = {"int": "a whole number", "float": "a number", "bool": "true or false"}.get(
            kind, "whole numbers separated by commas (e.g. 256,512)"
        )
        raise ValueError(f"--set {key}={text}: {key} must be {what}") from None
    return text
