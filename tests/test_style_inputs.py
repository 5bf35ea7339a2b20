"""Pictures in (the app's one decoder: every format and mode a phone or a scanner makes, every bad
file a sentence) and `python -m explorer stylize` (progress on stderr, a mistake one error line)."""

import io
import json

import numpy as np
import pytest
import torch
from PIL import Image

from explorer.cli import main
from explorer.formats import images
from explorer.formats.images import PictureError, decode_picture
from explorer.style import pictures


def encoded(im: Image.Image, fmt: str, **kw) -> bytes:
    buffer = io.BytesIO()
    im.save(buffer, format=fmt, **kw)
    return buffer.getvalue()


GRADIENT = Image.fromarray(
    np.stack([*np.meshgrid(np.arange(64), np.arange(48)), np.full((48, 64), 40)], -1).astype(np.uint8) * 3
)


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP", "GIF", "BMP", "TIFF"])
def test_every_format_a_class_uploads_is_read(fmt):
    out = decode_picture(encoded(GRADIENT, fmt))
    assert out.mode == "RGB" and out.size == (64, 48)


def test_exif_rotation_is_applied():
    exif = Image.Exif()
    exif[0x0112] = 6  # a phone held upright: the picture must turn 90°
    out = decode_picture(encoded(GRADIENT, "JPEG", exif=exif))
    assert out.size == (48, 64)


@pytest.mark.parametrize("mode", ["RGBA", "LA", "L", "P", "1", "CMYK", "I;16", "I", "F"])
def test_every_mode_becomes_8_bit_rgb(mode):
    if mode in ("I;16", "I", "F"):
        ramp = np.linspace(0, 65535 if mode != "F" else 1.0, 64 * 48).reshape(48, 64)
        im = Image.fromarray(ramp.astype({"I;16": np.uint16, "I": np.int32, "F": np.float32}[mode]))
        if mode == "I;16":
            im = Image.frombytes("I;16", (64, 48), ramp.astype("<u2").tobytes())
    else:
        im = GRADIENT.convert(mode)
    fmt = "TIFF" if mode in ("CMYK", "I", "F", "LA") else "PNG"
    out = decode_picture(encoded(im, fmt))
    a = np.asarray(out)
    assert out.mode == "RGB" and out.size == (64, 48)
    if mode in ("I;16", "I", "F"):  # 16-bit and float pictures scaled into 0–255, not clipped to white
        assert a.min() < 10 and a.max() > 245 and 100 < a.mean() < 155


def test_transparency_is_flattened_onto_white():
    clear = Image.new("RGBA", (40, 40), (255, 0, 0, 0))
    assert np.asarray(decode_picture(encoded(clear, "PNG"))).min() == 255


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"", "empty"),
        (b"just some text, not a picture", "not pictures"),
        (encoded(GRADIENT, "JPEG")[:300], "damaged"),
        (encoded(GRADIENT, "PNG")[:60], "damaged"),
        (b"%PDF-1.4 not an image format we read", "not pictures"),
    ],
)
def test_a_bad_file_is_a_sentence(data, reason):
    with pytest.raises(PictureError) as error:
        decode_picture(data)
    assert error.value.reason == reason and "Traceback" not in str(error.value)


def test_a_decompression_bomb_is_refused_before_its_pixels_are_read(monkeypatch):
    monkeypatch.setattr(images, "MAX_PIXELS", 1000)
    with pytest.raises(PictureError, match="over 1,000 pixels"):
        decode_picture(encoded(GRADIENT, "PNG"))
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 100)
    monkeypatch.setattr(images, "MAX_PIXELS", 10**9)
    with pytest.raises(PictureError, match="decompression bomb"):
        decode_picture(encoded(GRADIENT, "PNG"))


def test_a_picture_too_small_to_paint_is_refused():
    with pytest.raises(PictureError, match="smaller than 32 px"):
        pictures.read_picture(encoded(GRADIENT.resize((20, 20)), "PNG"))


def test_the_samples_ship_with_scikit_image():
    for name in [*pictures.PHOTOS, *pictures.STYLES]:
        picture = pictures.load_sample(name)
        assert picture.mode == "RGB" and min(picture.size) >= 256


# --- the command line ---------------------------------------------------------------------------------
def test_stylize_fast_and_gatys(tmp_path, capsys):
    out = tmp_path / "fast.png"
    assert (
        main(
            [
                "stylize",
                "--content",
                "chelsea",
                "--style",
                "hubble",
                "--method",
                "fast",
                "--size",
                "128",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    report = json.loads(capsys.readouterr().out)
    assert Image.open(out).size[0] == 128 and report["settings"]["method"] == "fast"
    assert (
        main(
            [
                "stylize",
                "--content",
                "chelsea",
                "--style",
                "5",
                "--style2",
                "9",
                "--blend",
                "0.3",
                "--method",
                "fast",
                "--size",
                "96",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    assert "built-in style 5 + 9" in json.loads(capsys.readouterr().out)["network"]
    content = tmp_path / "photo.jpg"
    GRADIENT.save(content)
    out = tmp_path / "gatys.png"
    assert (
        main(
            [
                "stylize",
                "--content",
                str(content),
                "--style",
                "gravel",
                "--size",
                "64",
                "--steps",
                "4",
                "--init",
                "noise",
                "--preserve-colors",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    captured = capsys.readouterr()
    assert "painting with VGG16" in captured.err and "step" in captured.err
    report = json.loads(captured.out)
    assert report["settings"]["steps"] == 4 and report["settings"]["init"] == "noise"
    assert Image.open(out).size == (64, 48)


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--content", "missing.jpg", "--style", "hubble"], "--content missing.jpg: that picture is unreadable"),
        (["--content", "bad.png", "--style", "hubble"], "--content bad.png: that file is not a picture"),
        (["--content", "chelsea", "--style", "7"], "built-in style 7 is one of the fast network's"),
        (
            ["--content", "chelsea", "--style", "hubble", "--method", "fast", "--steps", "5"],
            "--steps is a setting of --method gatys",
        ),
        (
            ["--content", "chelsea", "--style", "hubble", "--style-weight", "-2"],
            "style_weight must be between 0 and 1e12",
        ),
        (["--content", "chelsea", "--style", "30", "--method", "fast"], "0 to 25"),
        (["--content", "chelsea", "--style", "hubble", "--weights", "nothing.pth"], "nothing.pth does not exist"),
        (["--content", "chelsea", "--style", "hubble", "--weights", "notvgg.pt"], "notvgg.pt holds 0 convolutions"),
        (["--content", "chelsea", "--style", "hubble", "--strength", "0.5"], "--strength is a setting of"),
        (["--content", "chelsea", "--style", "hubble", "--style2", "gone.png"], "--style2 gone.png: that picture is"),
        (["--content", "chelsea", "--style", "hubble", "--style2", "gravel", "--blend", "1.5"], "blend must be"),
    ],
)
def test_every_stylize_mistake_is_one_error_line(argv, message, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bad.png").write_bytes(b"not a png")
    torch.save({"layer.weight": torch.zeros(3, 3)}, tmp_path / "notvgg.pt")  # weights, but of no VGG
    assert (
        main(
            ["stylize", *argv, "--size", "64", "--steps", "2", "--out", "out.png"]
            if "--method" not in argv
            else ["stylize", *argv, "--size", "64", "--out", "out.png"]
        )
        == 2
    )
    err = capsys.readouterr().err
    assert err.startswith("error: ") and message in err and err.count("\n") == 1, err


def test_an_unwritable_out_is_said_before_the_painting_not_after(tmp_path, capsys):
    out = tmp_path / "no such folder" / "out.png"
    assert main(["stylize", "--content", "chelsea", "--style", "hubble", "--size", "64", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err == f"error: could not write {out}: No such file or directory\n"  # at once: no step was painted
    (tmp_path / "out.png").write_bytes(b"kept")  # a file that is there is not touched by the check
    assert main(["stylize", "--content", "chelsea", "--style", "7", "--out", str(tmp_path / "out.png")]) == 2
    assert (tmp_path / "out.png").read_bytes() == b"kept" and not (tmp_path / "no such folder").exists()


def test_stylize_argument_mistakes_exit_2(capsys):
    with pytest.raises(SystemExit) as exit:
        main(
            [
                "stylize",
                "--content",
                "chelsea",
                "--style",
                "hubble",
                "--out",
                "x.png",
                "--steps",
                "5",
                "--time-budget",
                "3",
            ]
        )
    assert exit.value.code == 2 and capsys.readouterr().err.startswith("error: ")


@pytest.fixture
def vgg19_in_cache(tmp_path, monkeypatch):
    """A machine where torchvision's VGG19 is in torch's cache ($TORCH_HOME): its file name and
    layout (`features.N.weight`), random weights (which network is taken depends on the file)."""
    import torchvision

    from explorer.style import vgg

    monkeypatch.setenv("TORCH_HOME", str(tmp_path / "torch"))
    cached = vgg.vgg19_cache_path()
    cached.parent.mkdir(parents=True)
    torch.save({f"features.{k}": v for k, v in torchvision.models.vgg19().features.state_dict().items()}, cached)
    return cached


def test_with_vgg19_in_torchs_cache_the_lesson_network_paints(vgg19_in_cache, tmp_path, capsys):
    content, out = tmp_path / "photo.jpg", tmp_path / "gatys.png"
    GRADIENT.save(content)
    argv = ["stylize", "--content", str(content), "--style", "gravel", "--size", "64", "--steps", "2"]
    assert main(argv + ["--out", str(out)]) == 0
    captured = capsys.readouterr()
    assert "painting with VGG19" in captured.err and "VGG19" in json.loads(captured.out)["network"]
    assert main(argv + ["--weights", "vgg16", "--out", str(out)]) == 0  # the shipped one when asked for
    assert "painting with VGG16" in capsys.readouterr().err


# The style settings at their edges: the last value taken, the first refused, the sentence word for word.
STYLE_EDGES = [
    ("content_weight", (0.0, 1e12), (-1.0, 1.1e12), "content_weight must be between 0 and 1e12"),
    ("style_weight", (0.0, 1e12), (-1.0, 1.1e12), "style_weight must be between 0 and 1e12"),
    ("tv_weight", (0.0, 1e12), (-1.0, 1.1e12), "tv_weight must be between 0 and 1e12"),
    ("style_layers", (("relu1_1",),), ((),), "style_layers needs at least one layer"),
    (
        "style_layers",
        (),
        (("relu9_9", "relu1_1"),),
        "style_layers: no layer relu9_9; layers are named like relu4_2 or conv1_1",
    ),
    ("content_layers", (("conv4_2",),), ((),), "content_layers needs a layer while content_weight > 0"),
    ("content_layers", (), (("pool9",),), "content_layers: no layer pool9; layers are named like relu4_2 or conv1_1"),
    ("size", (64, 2048), (63, 2049), "size must be between 64 and 2048 px"),
    ("style_scale", (0.25, 4.0), (0.24, 4.01), "style_scale must be between 0.25 and 4"),
    ("steps", (1, 100_000), (0, 100_001), "steps must be between 1 and 100,000"),
    ("time_budget", (0.0, 86_400.0), (-1.0, 86_401.0), "time_budget must be between 0 (off) and 86,400 seconds"),
    ("init", ("noise",), ("zeros",), "init must be one of content, noise"),
    ("optimizer", ("adam",), ("sgd",), "optimizer must be one of lbfgs, adam"),
    ("lr", (1.0, 1e-6), (0.0, 1.01), "lr must be in (0, 1]"),
    ("blend", (0.0, 1.0), (-0.01, 1.01), "blend must be between 0 and 1"),
    ("precision", ("fp32", "bf16"), ("fp16",), "precision must be one of auto, fp32, bf16"),
]
FAST_EDGES = [
    ("size", (64, 2048), (63, 2049), "size must be between 64 and 2048 px"),
    ("strength", (0.0, 1.0), (-0.01, 1.01), "strength must be between 0 and 1"),
    ("blend", (0.0, 1.0), (-0.01, 1.01), "blend must be between 0 and 1"),
]


@pytest.mark.parametrize(
    "kind, name, taken, refused, sentence",
    [("gatys", *e) for e in STYLE_EDGES] + [("fast", *e) for e in FAST_EDGES],
    ids=[f"gatys-{e[0]}" for e in STYLE_EDGES] + [f"fast-{e[0]}" for e in FAST_EDGES],
)
def test_every_style_setting_is_checked_at_its_edges_with_its_sentence(kind, name, taken, refused, sentence):
    from explorer.style.config import FastConfig, GatysConfig

    make = GatysConfig if kind == "gatys" else FastConfig
    for value in taken:
        assert getattr(make(**{name: value}), name) == value
    for value in refused:
        with pytest.raises(ValueError) as refusal:
            make(**{name: value})
        assert str(refusal.value) == sentence, value


def test_style_settings_need_a_weight_and_travel_as_json():
    from explorer.style.config import GatysConfig

    assert GatysConfig(content_weight=0, content_layers=()).content_layers == ()  # no content: no layer needed
    with pytest.raises(ValueError, match="^content_weight and style_weight cannot both be 0$"):
        GatysConfig(content_weight=0, style_weight=0)
    cfg = GatysConfig(size=128, style_layers=("relu1_1", "relu2_1"), blend=0.25)
    as_json = json.loads(json.dumps(cfg.to_dict()))
    assert as_json["style_layers"] == ["relu1_1", "relu2_1"] and GatysConfig.from_dict(as_json) == cfg
    with pytest.raises(ValueError, match="^unknown setting colour, zoom$"):
        GatysConfig.from_dict(as_json | {"zoom": 2, "colour": 1})
