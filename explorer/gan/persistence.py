"""A GAN's (or the VAE's) checkpoints: what the trainer saves and how a model is rebuilt from
the file alone. The file is an envelope (explorer/formats/checkpoint.py) of one of two kinds:
  - "trainer": everything to resume training (optimisers, data order, rng), the config, the step
    and epoch, the fixed latent batch, the weights and the history;
  - "generator": G's weights only (optionally fp16), for shipping and exploring; a VAE's keeps its
    encoder too ("encoder"), which turns real pictures into latent points (reconstructions).
"""

from __future__ import annotations

from pathlib import Path

import torch

from explorer.formats.checkpoint import CheckpointError, map_tensors, read_envelope, write_envelope
from explorer.gan.config import TrainConfig
from explorer.gan.models import build_generator
from explorer.gan.models.vae import VAEEncoder

__all__ = [
    "CheckpointError",
    "generator_state",
    "load_checkpoint",
    "load_encoder",
    "load_generator",
    "restore_trainer",
    "save_checkpoint",
    "save_generator",
]


def save_checkpoint(
    path: Path | str, trainer, *, kind: str = "trainer", half: bool = False, extra: dict | None = None
) -> Path:
    """Write `trainer`'s state to `path` atomically: a crash or a full disk leaves the old file intact."""
    if kind not in ("trainer", "generator"):
        raise ValueError("kind must be 'trainer' or 'generator'")
    state = trainer.state_dict()
    if kind == "generator":
        state = generator_state(state, half=half)
    return write_envelope(path, kind, state, extra=extra)


def generator_state(state: dict, *, half: bool = False) -> dict:
    """The part of a trainer's state (or of a loaded checkpoint) that a "generator" file keeps."""

    def shrink(weights: dict) -> dict:
        return {k: v.half() if v.is_floating_point() and half else v for k, v in weights.items()}

    config = state["config"].to_dict() if isinstance(state["config"], TrainConfig) else state["config"]
    out = {k: state[k] for k in ("step", "epoch", "fixed_z", "history")} | {"config": config, "G": shrink(state["G"])}
    if config["arch"] == "vae":  # the encoder ("D" in trainer files written before it had its name)
        out["encoder"] = shrink(state.get("encoder", state.get("D")))
    return out


def save_generator(path: Path | str, ckpt: dict, *, half: bool = True, extra: dict | None = None) -> Path:
    """A loaded checkpoint (either kind) → a small "generator" file, fp16 by default: for shipping."""
    state = map_tensors(lambda t: t.detach().cpu(), generator_state(ckpt, half=half))
    return write_envelope(path, "generator", state, extra=extra if extra is not None else ckpt.get("extra", {}))


def load_checkpoint(path: Path | str, *, map_location: str | torch.device = "cpu") -> dict:
    """Read and validate a checkpoint; its "config" comes back as a TrainConfig."""
    payload = read_envelope(path, map_location=map_location)
    try:
        payload["config"] = TrainConfig.from_dict(payload["config"])
    except (KeyError, TypeError, ValueError) as error:
        raise CheckpointError(f"{Path(path).name} has a missing or invalid config: {error}") from error
    return payload


def load_generator(path: Path | str, device: torch.device | str = "cpu") -> tuple[torch.nn.Module, dict]:
    """G in eval mode, rebuilt from the file alone, and the checkpoint dict (config, fixed_z, …)."""
    ckpt = load_checkpoint(path)
    G = build_generator(ckpt["config"])
    try:
        G.load_state_dict({k: v.float() if v.is_floating_point() else v for k, v in ckpt["G"].items()})
    except (RuntimeError, KeyError) as error:
        raise CheckpointError(f"{Path(path).name}: the weights do not fit the model its config describes.") from error
    return G.to(device).eval(), ckpt


def load_encoder(path: Path | str, device: torch.device | str = "cpu") -> VAEEncoder:
    """A VAE's encoder in eval mode, from a trainer or generator file of a VAE."""
    ckpt = load_checkpoint(path)
    if not ckpt["config"].is_vae:
        raise CheckpointError(f"{Path(path).name} holds a GAN, which has no encoder; choose a VAE.")
    encoder = VAEEncoder(ckpt["config"])
    try:
        weights = ckpt["encoder"] if "encoder" in ckpt else ckpt["D"]
        encoder.load_state_dict({k: v.float() if v.is_floating_point() else v for k, v in weights.items()})
    except (RuntimeError, KeyError) as error:
        raise CheckpointError(f"{Path(path).name}: the encoder's weights are missing or do not fit.") from error
    return encoder.to(device).eval()


def restore_trainer(trainer, path: Path | str) -> dict:
    """Load a "trainer" checkpoint into `trainer`; a checkpoint of another model is a clear error."""
    ckpt = load_checkpoint(path)
    if ckpt["kind"] != "trainer":
        raise CheckpointError(f"{Path(path).name} holds only a generator; training cannot resume from it.")
    state = dict(ckpt, config=ckpt["config"].to_dict())
    try:
        trainer.load_state_dict(state)
    except ValueError as error:
        raise CheckpointError(f"{Path(path).name}: {error}.") from error
    return ckpt
