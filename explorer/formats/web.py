"""Generators and the digit judge as ONNX graphs, for the student's browser: the Latent page runs
them there with onnxruntime-web, so a slider move costs the server nothing.

A graph takes latent vectors `z` [N, latent_dim] and gives `image` [N, C, H, W] in [-1, 1] (the
judge: `image` [N, 1, 28, 28] → `probabilities` [N, 10]); N is free. The weights are stored in
fp16 and widened to fp32 by a Cast inside the graph: half the download, fp32 arithmetic. Files are
gzipped (.onnx.gz): Streamlit would otherwise gzip them again on every request, a CPU-second per
class-full of students; the browser unpacks them.

Where the files go: explorer/static/, which Streamlit serves (`server.enableStaticServing`) —
the shipped generators' and the judge's graphs are written by `python -m explorer ship` and
`export-web` (and committed), a live run's by the Latent page, once per weights version.
"""

from __future__ import annotations

import gzip
import hashlib
import math
import warnings
from collections.abc import Callable
from pathlib import Path

import onnx
import torch
from onnx import TensorProto, helper, numpy_helper
from torch import nn

from explorer import paths
from explorer.formats.files import write_atomic

OPSET = 18
SUFFIX = ".onnx.gz"
HALF_FROM = 256  # weight tensors with at least this many numbers are stored in fp16


class WebExportError(RuntimeError):
    """A graph could not be written (a read-only install, a full disk): the page draws on the server."""


class _Probabilities(nn.Module):
    def __init__(self, judge: nn.Module) -> None:
        super().__init__()
        self.judge = judge

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.softmax(self.judge(x), dim=1)


def graph_bytes(module: nn.Module, example: torch.Tensor, input_name: str, output_name: str, version: str) -> bytes:
    """`module` (eval mode) as a serialised ONNX model with a free batch size and fp16 weights,
    tagged with the weights `version` it was made from."""
    module = module.eval()
    with warnings.catch_warnings(), torch.no_grad():
        warnings.simplefilter("ignore")  # the exporter's notes about its own internals
        program = torch.onnx.export(
            module,
            (example,),
            dynamo=True,
            opset_version=OPSET,
            input_names=[input_name],
            output_names=[output_name],
            dynamic_shapes=({0: torch.export.Dim("n", min=1, max=4096)},),
            verbose=False,
            optimize=True,
        )
    model = program.model_proto
    _halve_weights(model)
    helper.set_model_props(model, {"weights_version": version})
    onnx.checker.check_model(model)
    return model.SerializeToString()


def generator_bytes(G: nn.Module, latent_dim: int) -> bytes:
    return graph_bytes(G, torch.zeros(2, latent_dim), "z", "image", weights_version(G))


def judge_bytes(judge: nn.Module) -> bytes:
    return graph_bytes(
        _Probabilities(judge), torch.zeros(2, 1, 28, 28), "image", "probabilities", weights_version(judge)
    )


def _halve_weights(model: onnx.ModelProto) -> None:
    """Store each large fp32 initializer as fp16, with a Cast back to fp32 where the graph reads it."""
    graph = model.graph
    casts, kept = [], []
    for init in graph.initializer:
        if init.data_type != TensorProto.FLOAT or math.prod(init.dims) < HALF_FROM:
            kept.append(init)
            continue
        half = numpy_helper.from_array(numpy_helper.to_array(init).astype("float16"), init.name + "__fp16")
        kept.append(half)
        casts.append(
            helper.make_node("Cast", [half.name], [init.name], to=TensorProto.FLOAT, name=init.name + "__widen")
        )
    del graph.initializer[:]
    graph.initializer.extend(kept)
    nodes = casts + list(graph.node)
    del graph.node[:]
    graph.node.extend(nodes)


# --- where the browser finds them ------------------------------------------------------------
def weights_version(module: nn.Module) -> str:
    """Names a network's weights by their content: a graph made from other weights is never
    served for them (a retrained judge, a live run's next epoch, a restarted server's new run)."""
    digest = hashlib.sha1()
    for name, tensor in sorted(module.state_dict().items()):
        digest.update(name.encode())
        digest.update(tensor.detach().float().cpu().contiguous().numpy().tobytes())
    return "sha1:" + digest.hexdigest()[:16]


def committed_graph(weights: Path | str) -> Path:
    """Where `ship` puts the graph of a generator shipped in checkpoints/ (and train-judge the
    judge's): explorer/static/models/<stem>.onnx.gz, served and committed."""
    return paths.WEB_MODELS / (Path(weights).stem + SUFFIX)


def read_graph(path: Path | str) -> bytes:
    return gzip.decompress(Path(path).read_bytes())


def graph_version(path: Path) -> str | None:
    try:
        model = onnx.load_from_string(read_graph(path))
    except Exception:  # noqa: BLE001 unreadable or corrupt (protobuf's DecodeError, …): treated as stale
        return None
    return next((p.value for p in model.metadata_props if p.key == "weights_version"), None)


def graph_for(version: str, make: Callable[[], bytes], committed: Path | None = None, *, keep: int = 24) -> Path:
    """A served graph of the weights `version` names (`make` tags it so): the committed one if it was
    made from them, else one exported now into explorer/static/live/ (once per version; the oldest of more than
    `keep` there are removed: a live run makes one per epoch). WebExportError if it cannot be written."""
    if committed is not None and committed.is_file() and graph_version(committed) == version:
        return committed
    path = paths.WEB_LIVE / (hashlib.sha1(version.encode()).hexdigest()[:16] + SUFFIX)
    if not path.is_file():
        write_graph(path, make())
        for stale in sorted(paths.WEB_LIVE.glob("*" + SUFFIX), key=lambda p: p.stat().st_mtime)[:-keep]:
            stale.unlink(missing_ok=True)
    return path


def static_url(path: Path) -> str:
    """The path, relative to the app's base URL, at which Streamlit serves a file of explorer/static/."""
    return "app/static/" + path.resolve().relative_to(paths.STATIC.resolve()).as_posix()


def write_graph(path: Path, data: bytes) -> Path:
    """Gzipped, atomically (a half-written graph is never served); WebExportError if it cannot be written."""
    packed = gzip.compress(data, compresslevel=9, mtime=0)
    try:  # served to everyone, like the rest of the app's files
        return write_atomic(path, lambda f: f.write(packed), public=True)
    except OSError as error:
        raise WebExportError(f"cannot write {path.name}: {error.strerror or error}") from error
