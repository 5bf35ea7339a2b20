"""The Latent space page under AppTest: a shipped generator, the A→B walk, directions, the URL."""

import json
from pathlib import Path

import pytest
import torch
from conftest import PATIENCE_S, pictures
from streamlit.testing.v1 import AppTest

from explorer import paths
from explorer.cli import main
from explorer.formats import web
from explorer.gan import catalogue, judge, latent
from explorer.gan.persistence import load_generator

APP = str(Path(__file__).resolve().parent.parent / "explorer" / "app.py")


@pytest.fixture(scope="module")
def shipped(tmp_path_factory):
    """A tiny generator shipped the way checkpoints/ are made: train → ship."""
    folder = tmp_path_factory.mktemp("shipped")
    run = folder / "run.pt"
    assert (
        main(["train", "--preset", "fast", "--set", "width=4", "--epochs", "1", "--device", "cpu", "--out", str(run)])
        == 0
    )
    assert (
        main(["ship", "--checkpoint", str(run), "--out", str(folder / "tiny.pt"), "--n", "200", "--name", "Tiny DCGAN"])
        == 0
    )
    run.unlink()
    return folder


def _open(monkeypatch, shipped, **params) -> AppTest:
    monkeypatch.setattr(catalogue, "SHIPPED", shipped)
    at = AppTest.from_file(APP, default_timeout=PATIENCE_S)
    at.query_params.update(params)
    at.run()
    at.switch_page("../pages/latent.py").run()
    assert not at.exception
    return at


@pytest.fixture
def page(shipped, monkeypatch):
    """The page as a browser with WebAssembly gets it: the walk, the directions and the arithmetic
    are drawn there (AppTest runs no JavaScript: it sees what the server sends the browser)."""
    return _open(monkeypatch, shipped)


@pytest.fixture
def server_page(shipped, monkeypatch):
    """The page with every picture drawn on the server (?engine=server, as for a browser without WebAssembly)."""
    return _open(monkeypatch, shipped, engine="server")


def _sent(at: AppTest, key: str) -> dict:
    """What the server sent one of the browser-drawn views."""
    return json.loads(next(c for c in at.get("bidi_component") if c.key == key).proto.json)


def test_the_browser_gets_the_graph_the_points_and_the_directions_but_nopictures(page, shipped):
    G, ckpt = load_generator(shipped / "tiny.pt")
    dim = ckpt["config"].latent_dim
    walk = _sent(page, "latent_web_walk")
    assert walk["view"] == "walk" and walk["mode"] == "slerp" and walk["frames"] == 9 and walk["t"] == 0.5
    assert torch.allclose(torch.tensor(walk["a"]), latent.seed_point(1, dim))
    assert torch.allclose(torch.tensor(walk["b"]), latent.seed_point(2, dim))
    served = paths.STATIC / walk["model"].removeprefix("/app/static/")  # the URL Streamlit serves it at
    assert web.graph_version(served) == web.weights_version(G)
    assert (paths.STATIC / walk["runtime"].removeprefix("/app/static/") / "ort.wasm.bundle.min.mjs").is_file()
    assert walk["judge"] == "/app/static/models/judge.onnx.gz"
    directions = _sent(page, "latent_web_directions")
    assert len(directions["z"]) == 8 and len(directions["vectors"]) == len(directions["names"]) == 5
    assert "Direction 1" in directions["names"][0]
    assert len(page.image) == 1  # only the path's GIF is drawn on the server
    page.number_input(key="latent_a").set_value(17).run()  # a seed is the server's: new points are sent
    assert torch.allclose(torch.tensor(_sent(page, "latent_web_walk")["a"]), latent.seed_point(17, dim))


def test_a_browser_that_cannot_draw_gets_the_server_page_and_is_told_why(page):
    page.session_state["latent_web_walk"] = {"failed": "no WebAssembly"}  # what web.js sends
    page.run()
    assert not page.exception
    assert not [c for c in page.get("bidi_component") if c.key.startswith("latent_web")]
    assert any("The server draws every picture here (this browser has no WebAssembly)" in c.value for c in page.caption)
    assert len(page.image) in (4, 5)
    before = pictures(page)
    page.slider(key="latent_t").set_value(0.8).run()  # the server's slider answers: a new frame at t
    assert not page.exception and len(pictures(page) - before) == 1


def test_a_graph_that_cannot_be_written_leaves_the_pictures_to_the_server(shipped, monkeypatch):
    from explorer.ui.latent import browser

    def full_disk(*args, **kwargs):
        raise web.WebExportError("cannot write tiny.onnx.gz: No space left on device")

    browser.generator_graph.clear()  # made afresh, not remembered from another test
    monkeypatch.setattr(web, "graph_for", full_disk)
    at = _open(monkeypatch, shipped)
    assert not [c for c in at.get("bidi_component") if c.key.startswith("latent_web")]
    assert any("(cannot write tiny.onnx.gz: No space left on device)" in c.value for c in at.caption)
    assert len(at.image) in (4, 5)  # the server's pictures


def test_a_and_b_can_be_a_digit_as_well_as_a_seed(monkeypatch):
    """ "a 7": one of the points of the shipped MLP the judge is surest draws a 7."""
    at = AppTest.from_file(APP, default_timeout=PATIENCE_S).run()
    at.switch_page("../pages/latent.py").run()
    mlp = "mnist-mlp"
    at.selectbox(key="latent_gen").set_value(mlp).run()
    at.selectbox(key="latent_b_kind").set_value("7").run()
    assert not at.exception
    assert at.selectbox(key="latent_b_kind").format_func("7") == "a 7"
    G, _ = load_generator(paths.CHECKPOINTS / f"{mlp}.pt")
    read = judge.load_judge().read
    seen = set()
    for pick in (1, 5, 8):
        at.number_input(key="latent_b_pick").set_value(pick).run()
        b = torch.tensor(_sent(at, "latent_web_walk")["b"])
        seen.add(tuple(b.tolist()))
        with torch.no_grad():
            assert read(G(b[None]))[0].item() == 7
    assert len(seen) == 3  # several 7s to choose from


def test_walk_and_directions_render_with_the_judges_labels(server_page):
    page = server_page
    assert page.selectbox(key="latent_gen").value == "tiny"
    assert "Tiny DCGAN" in page.selectbox(key="latent_gen").options
    assert any("python -m explorer train" in c.value for c in page.code)  # how it was made
    assert any("epochs: 1," in c.value for c in page.caption)
    # the frame at t, the strip, the directions grid, (the arithmetic grid,) the path animation
    assert len(page.image) in (4, 5)
    digits = [m.value for m in page.markdown if "%" in m.value and "<b>" in m.value]
    assert len(digits) == 9  # one verdict under each frame of the strip
    page.slider(key="latent_frames").set_value(5).run()
    assert len([m for m in page.markdown if "%" in m.value and "<b>" in m.value]) == 5
    before = pictures(page)
    page.slider(key="latent_d0").set_value(2.0).run()  # the directions grid is drawn anew, the rest kept
    assert not page.exception and len(pictures(page) - before) == 1
    # latent arithmetic: the result, or why this (barely trained) G cannot do it
    assert any(c.value.startswith("Top: the samples") for c in page.caption) or any(
        "this generator cannot do that arithmetic" in w.value for w in page.warning
    )
    assert page.get("download_button")  # the path as a GIF
    page.text_input(key="latent_path").set_value("5, x").run()
    assert any("at least two seeds" in e.value for e in page.error)


def test_a_link_reproduces_the_view(shipped, monkeypatch):
    """The widgets are bound to query parameters: the browser writes them into the URL as they
    move (tests/test_e2e.py checks that), and a link's parameters set them on the first load."""
    at = _open(
        monkeypatch, shipped, engine="server", latent_a="17", latent_mode="lerp", latent_d1="-1.5", latent_path="3, 9"
    )
    assert at.number_input(key="latent_a").value == 17 and at.radio(key="latent_mode").value == "lerp"
    assert at.slider(key="latent_d1").value == -1.5 and at.text_input(key="latent_path").value == "3, 9"
    at = _open(
        monkeypatch,
        shipped,
        latent_a="17",
        latent_t="0.3",
        latent_d2="-0.65",
        latent_psi="9",
        latent_arith_k="nonsense",
    )  # drawn in the browser (which writes the same names)
    assert _sent(at, "latent_web_walk")["t"] == 0.3 and at.number_input(key="latent_a").value == 17
    directions = _sent(at, "latent_web_directions")
    assert directions["amounts"] == [0.0, 0.0, -0.65, 0.0, 0.0] and directions["psi"] == 1.5  # kept in range
    at = _open(monkeypatch, shipped, engine="server", latent_t="0.73")  # a browser's link, opened on the server page
    assert at.slider(key="latent_t").value == 0.73


def test_without_any_generator_the_page_says_what_to_do(tmp_path, monkeypatch):
    monkeypatch.setattr(catalogue, "SHIPPED", tmp_path)
    at = AppTest.from_file(APP, default_timeout=PATIENCE_S).run()
    at.switch_page("../pages/latent.py").run()
    assert not at.exception and any("No generator yet" in i.value for i in at.info)


def test_an_uploaded_digit_is_found_and_walked_from(page):
    import io

    from PIL import Image, ImageDraw

    paper = Image.new("L", (120, 120), 240)
    ImageDraw.Draw(paper).ellipse([30, 20, 90, 100], outline=10, width=10)  # a "0", dark on light
    buffer = io.BytesIO()
    paper.save(buffer, format="PNG")
    page.file_uploader(key="latent_upload").set_value(("zero.png", buffer.getvalue(), "image/png")).run()
    page.button(key="latent_project_go").click().run()
    assert not page.exception
    assert any("The walk above now starts from it" in c.value for c in page.caption)
    assert page.toggle(key="latent_from_own").value is True
    page.file_uploader(key="latent_upload").set_value(("notes.txt.png", b"not an image", "image/png")).run()
    assert any("not a picture that can be read" in e.value for e in page.error)


def _drawn_seven() -> str:
    """What the drawing pad sends when a "7" is drawn on it: a PNG data URL, black ink on white."""
    import base64
    import io

    from PIL import Image, ImageDraw

    pad = Image.new("RGB", (280, 280), "white")
    ImageDraw.Draw(pad).line([(80, 70), (200, 70), (120, 230)], fill="black", width=24)
    buffer = io.BytesIO()
    pad.save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def test_a_drawn_digit_is_found_and_a_cleared_pad_asks_for_nothing(page):
    assert "latent_pad" in [c.key for c in page.get("bidi_component")]  # the pad is on the page
    assert "latent_project_go" not in [b.key for b in page.button]  # nothing drawn or uploaded yet
    page.session_state["latent_pad"] = {"png": _drawn_seven()}  # as the browser sends a finished stroke
    page.run()
    page.button(key="latent_project_go").click().run()
    assert not page.exception
    assert any("The walk above now starts from it" in c.value for c in page.caption)
    page.session_state["latent_pad"] = {"png": None}  # "Clear"
    page.run()
    assert "latent_project_go" not in [b.key for b in page.button]
    page.session_state["latent_pad"] = {"png": "data:image/png;base64,AAAA"}  # not a PNG: treated as empty
    page.run()
    assert not page.exception and "latent_project_go" not in [b.key for b in page.button]


class _LiveRun:
    """What the Latent page needs of the Train page's run: its id, config and G's latest weights."""

    kind, id = "train", "run-1"

    def __init__(self, G, cfg, epoch: int) -> None:
        self.G, self.cfg, self.epoch = G, cfg, epoch

    def generator(self):
        return self.epoch, self.G.state_dict()

    def touch(self) -> None:  # the page's heartbeat
        pass


def test_the_live_run_is_exported_for_the_browser_once_per_epoch(shipped, monkeypatch):
    from explorer.ui.train import view as train_view

    G, ckpt = load_generator(shipped / "tiny.pt")
    with torch.no_grad():
        next(G.parameters()).add_(torch.rand(()).item())  # weights no other test has exported
    run = _LiveRun(G, ckpt["config"], epoch=1)
    monkeypatch.setattr(train_view, "current_job", lambda: run)
    at = _open(monkeypatch, shipped)
    at.selectbox(key="latent_gen").set_value("live").run()
    assert not at.exception
    served = lambda: paths.STATIC / _sent(at, "latent_web_walk")["model"].removeprefix("/app/static/")  # noqa: E731
    first = served()
    assert first.parent == paths.WEB_LIVE and web.graph_version(first) == web.weights_version(G)
    made = first.stat().st_mtime_ns
    at.number_input(key="latent_a").set_value(5).run()  # the same epoch: the same graph, not exported again
    assert served() == first and first.stat().st_mtime_ns == made
    with torch.no_grad():
        next(G.parameters()).add_(0.05)  # the next epoch's weights
    run.epoch = 2
    at.run()
    second = served()
    assert second != first and web.graph_version(second) == web.weights_version(G)
    first.unlink(), second.unlink()


def test_the_latent_page_explores_a_real_live_training(monkeypatch, shipped):
    """The Train page's own run, training in its worker: the Latent page offers it, draws its
    generator of the latest epoch, and draws anew when a newer epoch arrives."""
    from conftest import rerun_until

    from explorer.ui.jobs import board

    at = _open(monkeypatch, shipped, engine="server")
    at.switch_page("../pages/train.py").run()
    at.number_input(key="train_fast_epochs").set_value(1000).run()
    at.button(key="train_start").click().run()
    run = board().get(at.session_state["train_job"])
    try:
        rerun_until(at, lambda _: run.generator() is not None)  # its first epoch's weights have arrived
        at.switch_page("../pages/latent.py").run()
        at.selectbox(key="latent_gen").set_value("live").run()
        epoch = at.session_state["generators_live"].epoch  # the epoch the page drew
        assert not at.exception and len(at.image) in (4, 5) and epoch >= 1
        assert f"The Train page's run (epoch {epoch}, live)" in at.selectbox(key="latent_gen").options
        drawn = pictures(at)
        rerun_until(at, lambda _: run.generator()[0] > epoch)
        at.run()  # a newer epoch: its generator draws the same noise differently
        assert not at.exception and not pictures(at) & drawn
    finally:
        board().discard(run)
        run.join(PATIENCE_S)
