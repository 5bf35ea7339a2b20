"""Self-describing checkpoints: written atomically, read without pickle.

A checkpoint is a dict of tensors and plain values saved with `torch.save` and read back with
`torch.load(weights_only=True)`, which refuses arbitrary objects. It carries a format tag and
version, the config, the step and epoch, the fixed latent batch, the weights and the metrics, so
a generator can be rebuilt from the file alone. Two kinds:
  - "trainer": everything to resume training (optimisers, data order, rng);
  - "generator": G's weights only (optionally fp16), for shipping and exploring; a VAE's keeps its
    encoder too ("encoder"), which turns real pictures into latent points (reconstructions).
"""

from __future__ import annotations

import io
import json
import os
import tempfile
from pathlib import Path

import torch

from explorer import paths
from explorer.gan.config import TrainConfig
from explorer.gan.models import build_generator
from explorer.gan.models.vae import VAEEncoder

SHIPPED = paths.CHECKPOINTS  # generators made by `python -m explorer ship`
FORMAT = "gan-explorer-checkpoint"
VERSION = 1


class CheckpointError(RuntimeError):
    """A checkpoint cannot be read or written; the message says why and what to do."""


def save_checkpoint(
    path: Path | str, trainer, *, kind: str = "trainer", half: bool = False, extra: dict | None = None
) -> Path:
    """Write `trainer`'s state to `path` atomically: a crash or a full disk leaves the old file intact."""
    if kind not in ("trainer", "generator"):
        raise ValueError("kind must be 'trainer' or 'generator'")
    state = trainer.state_dict()
    if kind == "generator":
        state = generator_state(state, half=half)
    payload = {
        "format": FORMAT,
        "version": VERSION,
        "kind": kind,
        **map_tensors(lambda t: t.detach().cpu(), state),
        "extra": extra or {},
    }
    return write_atomic(path, payload)


def generator_state(state: dict, *, half: bool = False) -> dict:
    """The part of a trainer's state (or of a loaded checkpoint) that a "generator" file keeps."""

    def shrink(weights: dict) -> dict:
        return {k: v.half() if v.is_floating_point() and half else v for k, v in weights.items()}

    config = state["config"].to_dict() if isinstance(state["config"], TrainConfig) else state["config"]
    out = {k: state[k] for k in ("step", "epoch", "fixed_z", "history")} | {"config": config, "G": shrink(state["G"])}
    if config["arch"] == "vae":  # a trainer's encoder is its "D"; a generator file's is "encoder"
        out["encoder"] = shrink(state.get("encoder", state.get("D")))
    return out


def save_generator(path: Path | str, ckpt: dict, *, half: bool = True, extra: dict | None = None) -> Path:
    """A loaded checkpoint (either kind) → a small "generator" file, fp16 by default: for shipping."""
    state = map_tensors(lambda t: t.detach().cpu(), generator_state(ckpt, half=half))
    return write_atomic(
        path,
        {
            "format": FORMAT,
            "version": VERSION,
            "kind": "generator",
            **state,
            "extra": extra if extra is not None else ckpt.get("extra", {}),
        },
    )


def write_atomic(path: Path | str, payload: dict) -> Path:
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as error:
        raise CheckpointError(f"cannot write {path}: {error.strerror or error}") from error
    try:
        with os.fdopen(fd, "wb") as f:
            torch.save(payload, f)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except (OSError, RuntimeError) as error:  # torch wraps some OSErrors in RuntimeError
        Path(tmp).unlink(missing_ok=True)
        reason = getattr(error, "strerror", None) or str(error)
        if "No space" in str(error) or getattr(error, "errno", None) == 28:
            reason = "the disk is full"
        raise CheckpointError(f"could not save {path}: {reason}. Any earlier file there is unchanged.") from error
    return path


def load_checkpoint(path: Path | str, *, map_location: str | torch.device = "cpu") -> dict:
    """Read and validate a checkpoint; its "config" comes back as a TrainConfig."""
    path = Path(path)
    if not path.is_file():
        raise CheckpointError(f"no checkpoint at {path}")
    try:
        payload = torch.load(path, map_location=map_location, weights_only=True)
    except Exception as error:  # pickle, zip, EOF, OS errors: all mean "not readable"
        raise CheckpointError(
            f"{path.name} is not a readable GAN Explorer checkpoint (corrupt, truncated or another format)."
        ) from error
    if not isinstance(payload, dict) or payload.get("format") != FORMAT:
        raise CheckpointError(f"{path.name} is a PyTorch file but not a GAN Explorer checkpoint.")
    if int(payload.get("version", 0)) > VERSION:
        raise CheckpointError(
            f"{path.name} was written by a newer GAN Explorer (format {payload['version']}, this one reads "
            f"up to {VERSION}); update the app."
        )
    try:
        payload["config"] = TrainConfig.from_dict(payload["config"])
    except (KeyError, TypeError, ValueError) as error:
        raise CheckpointError(f"{path.name} has a missing or invalid config: {error}") from error
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
    if ckpt["config"].arch != "vae":
        raise CheckpointError(f"{Path(path).name} holds a GAN, which has no encoder; choose a VAE.")
    encoder = VAEEncoder(ckpt["config"])
    try:
        weights = ckpt["encoder"] if "encoder" in ckpt else ckpt["D"]
        encoder.load_state_dict({k: v.float() if v.is_floating_point() else v for k, v in weights.items()})
    except (RuntimeError, KeyError) as error:
        raise CheckpointError(f"{Path(path).name}: the encoder's weights are missing or do not fit.") from error
    return encoder.to(device).eval()


def shipped_generators(folder: Path | str | None = None) -> list[tuple[Path, dict]]:
    """(generator file, its metadata) for every `ship`ped generator in `folder`, best judged first.
    A JSON without its .pt (or unreadable) is skipped: the list offers only what can be loaded."""
    found = []
    for meta_path in sorted(Path(folder or SHIPPED).glob("*.json")):
        weights = meta_path.with_suffix(".pt")
        try:
            meta = json.loads(meta_path.read_text())
        except (OSError, ValueError):
            continue
        if weights.is_file() and isinstance(meta, dict) and "name" in meta:
            found.append((weights, meta))
    return sorted(found, key=lambda f: -f[1].get("judge", {}).get("inception_score", 0))


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


def map_tensors(fn, tree):
    """`fn` applied to every tensor in nested dicts and lists (state dicts, optimiser states)."""
    if isinstance(tree, torch.Tensor):
        return fn(tree)
    if isinstance(tree, dict):
        return {k: map_tensors(fn, v) for k, v in tree.items()}
    if isinstance(tree, list):
        return [map_tensors(fn, v) for v in tree]
    return tree


def pack_int8(state: dict) -> dict:
    """A state dict small enough to ship many of: matrices and kernels as int8 with one scale per
    output row (a quarter of fp32; a generator's pictures look the same), vectors (biases,
    BatchNorm) as they are. `unpack_int8` gives fp32 back."""
    out = {}
    for key, value in state.items():
        value = value.detach().cpu()
        if value.is_floating_point() and value.ndim >= 2:
            rows = value.float().reshape(len(value), -1)
            scale = rows.abs().amax(1).clamp_min(1e-12) / 127
            out[key] = {"int8": (rows / scale[:, None]).round().to(torch.int8).reshape(value.shape), "scale": scale}
        else:
            out[key] = value.clone()
    return out


def unpack_int8(packed: dict) -> dict:
    out = {}
    for key, value in packed.items():
        if isinstance(value, dict):
            q = value["int8"]
            out[key] = (q.float().reshape(len(q), -1) * value["scale"][:, None]).reshape(q.shape)
        else:
            out[key] = value
    return out


def packed_networks(nets: dict[str, dict]) -> bytes:
    """Named state dicts ({"G": …, "D": …}) through `pack_int8`, as bytes."""
    buffer = io.BytesIO()
    torch.save({name: pack_int8(state) for name, state in nets.items()}, buffer)
    return buffer.getvalue()


def unpacked_networks(data: bytes) -> dict[str, dict]:
    try:
        packed = torch.load(io.BytesIO(data), weights_only=True)
    except (RuntimeError, ValueError, EOFError) as error:
        raise CheckpointError(f"the kept networks cannot be read ({error})") from error
    return {name: unpack_int8(state) for name, state in packed.items()}
