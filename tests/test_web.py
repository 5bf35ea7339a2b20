"""The generators and the judge as ONNX graphs for the browser (explorer/formats/web.py): the same
pictures as PyTorch, made once per weights version, and the runtime shipped with the app."""

import gzip

import numpy as np
import onnxruntime as ort
import pytest
import torch

from explorer import paths
from explorer.formats import web
from explorer.gan import judge
from explorer.gan.catalogue import shipped_generators
from explorer.gan.config import TrainConfig
from explorer.gan.models import build_generator
from explorer.gan.persistence import load_generator

FP16 = 1e-2  # the graphs keep their weights in fp16: pictures in [-1, 1] agree to about this


def _run(graph, feed: torch.Tensor) -> np.ndarray:
    session = ort.InferenceSession(web.read_graph(graph))
    return session.run(None, {session.get_inputs()[0].name: feed.numpy()})[0]


@pytest.mark.parametrize("path", [p for p, _ in shipped_generators()], ids=lambda p: p.stem)
def test_each_shipped_generators_graph_draws_its_pictures(path):
    """The committed graph is the one the page serves: made from these very weights (else the page
    would export a new one) and drawing the same pictures for fixed latent vectors, in any batch."""
    G, ckpt = load_generator(path)
    graph = web.committed_graph(path)
    assert web.graph_version(graph) == web.weights_version(G)
    for n in (1, 9):
        z = torch.randn(n, ckpt["config"].latent_dim, generator=torch.Generator().manual_seed(n))
        with torch.no_grad():
            expected = G(z).numpy()
        assert np.abs(_run(graph, z) - expected).max() < FP16


def test_the_judges_graph_reads_as_the_judge_does():
    model = judge.load_judge()
    graph = web.committed_graph(judge.JUDGE_PATH)
    assert web.graph_version(graph) == web.weights_version(model)
    digits = torch.tanh(3 * torch.randn(16, 1, 28, 28, generator=torch.Generator().manual_seed(0)))
    with torch.no_grad():
        expected = torch.softmax(model(digits), dim=1).numpy()
    got = _run(graph, digits)
    assert np.abs(got - expected).max() < 1e-3 and (got.argmax(1) == expected.argmax(1)).all()


def _tiny() -> tuple[torch.nn.Module, int]:
    cfg = TrainConfig.from_dict({"arch": "mlp", "latent_dim": 8, "g_hidden": [16]})
    torch.manual_seed(0)
    return build_generator(cfg).eval(), cfg.latent_dim


def test_a_graph_is_exported_once_per_weights_version(tmp_path, monkeypatch):
    monkeypatch.setattr(paths, "WEB_LIVE", tmp_path / "live")
    G, dim = _tiny()
    made = []

    def make() -> bytes:
        made.append(1)
        return web.generator_bytes(G, dim)

    version = web.weights_version(G)
    first = web.graph_for(version, make, committed=tmp_path / "missing.onnx")
    assert web.graph_for(version, make) == first and len(made) == 1  # asked again: the same file
    z = torch.randn(3, dim)
    with torch.no_grad():
        assert np.abs(_run(first, z) - G(z).numpy()).max() < FP16
    with torch.no_grad():
        next(G.parameters()).add_(0.1)
    assert web.weights_version(G) != version  # the next epoch's weights: another graph
    second = web.graph_for(web.weights_version(G), make, committed=first)  # `first` is now stale
    assert second != first and len(made) == 2


def test_old_live_graphs_are_removed(tmp_path, monkeypatch):
    monkeypatch.setattr(paths, "WEB_LIVE", tmp_path)
    G, dim = _tiny()
    data = web.generator_bytes(G, dim)
    for i in range(5):
        web.graph_for(f"epoch {i}", lambda: data, keep=3)
    assert len(list(tmp_path.glob("*.onnx.gz"))) == 3 and not list(tmp_path.glob("*.part"))


def test_a_graph_that_cannot_be_written_is_a_clear_error(tmp_path):
    blocker = tmp_path / "a file"
    blocker.write_text("")
    with pytest.raises(web.WebExportError, match="cannot write g.onnx.gz"):
        web.write_graph(blocker / "g.onnx.gz", b"graph")


def test_a_corrupt_graph_counts_as_stale(tmp_path):
    broken = tmp_path / "g.onnx.gz"
    broken.write_bytes(b"\x00not a graph")
    assert web.graph_version(broken) is None


def test_the_browser_runtime_ships_with_the_app_and_its_licence():
    for name in ("ort.wasm.bundle.min.mjs", "ort-wasm-simd-threaded.wasm.gz", "LICENSE", "ThirdPartyNotices.txt"):
        assert (paths.WEB_RUNTIME / name).is_file(), name
    assert "MIT License" in (paths.WEB_RUNTIME / "LICENSE").read_text()
    assert gzip.decompress((paths.WEB_RUNTIME / "ort-wasm-simd-threaded.wasm.gz").read_bytes())[:4] == b"\x00asm"
    assert web.static_url(paths.WEB_RUNTIME / "LICENSE") == "app/static/onnxruntime-web/LICENSE"
