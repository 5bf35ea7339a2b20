"""State dicts small enough to ship many of: matrices and kernels as int8 with one scale per
output row (a quarter of fp32; a generator's pictures look the same), vectors (biases, BatchNorm)
as they are. A recording keeps a run's networks at two epochs this way (explorer/gan/recording.py).
"""

from __future__ import annotations

import io

import torch

from explorer.formats.checkpoint import CheckpointError


def pack_int8(state: dict) -> dict:
    """`state` with each floating matrix or kernel as {"int8", "scale"}; `unpack_int8` gives fp32 back."""
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
