"""Your own pictures: zips, folders and loose files; bad files skipped and counted, never fatal."""

import io
import json
import zipfile
from pathlib import PurePosixPath

import numpy as np
import pytest
import torch
from conftest import PATIENCE_S
from PIL import Image

from explorer.cli import main
from explorer.data import pictures
from explorer.data.pictures import PicturesError, read_pictures
from explorer.gan.presets import preset
from explorer.gan.trainer import Trainer


def picture_bytes(width: int, height: int, colour=(200, 30, 30), fmt: str = "PNG", mode: str = "RGB") -> bytes:
    image = Image.new(mode, (width, height), colour if mode != "L" else 128)
    buffer = io.BytesIO()
    image.save(buffer, format=fmt)
    return buffer.getvalue()


def zip_of(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def good_pictures(n: int) -> dict[str, bytes]:
    return {f"faces/{i:03d}.jpg": picture_bytes(80 + i, 60, (i * 10 % 255, 100, 50), "JPEG") for i in range(n)}


def test_a_zip_is_cropped_resized_and_bad_files_are_counted():
    png = picture_bytes(40, 40)
    files = good_pictures(20) | {
        "notes.txt": b"not a picture",
        "broken.png": png[: len(png) // 2],  # truncated
        "tiny.png": picture_bytes(4, 4),
        "__MACOSX/._000.jpg": b"resource fork",  # ignored, not even counted
        ".DS_Store": b"junk",
        "grey.png": picture_bytes(30, 50, mode="L"),
        "alpha.png": picture_bytes(32, 32, (0, 0, 0, 0), mode="RGBA"),
    }
    result = read_pictures([("class.zip", zip_of(files))], 32)
    assert result.pixels.shape == (22, 32, 32, 3) and result.pixels.dtype == np.uint8
    assert result.skipped == {
        "not pictures": ["class.zip/notes.txt"],
        "damaged": ["class.zip/broken.png"],
        "smaller than 16 px": ["class.zip/tiny.png"],
    }
    assert "22 pictures" in result.summary() and "3 files skipped" in result.summary()
    transparent = result.pixels[0]  # alpha.png sorts first: a transparent picture lands on white
    assert transparent.min() == 255


def test_centre_crop_keeps_the_middle():
    wide = Image.new("RGB", (300, 100), (0, 0, 255))
    wide.paste((255, 0, 0), (100, 0, 200, 100))  # red square in the middle, blue bands either side
    buffer = io.BytesIO()
    wide.save(buffer, format="PNG")
    files = {f"{i}.png": buffer.getvalue() for i in range(16)}
    result = read_pictures(list(files.items()), 64)
    assert result.pixels.shape == (16, 64, 64, 3)
    assert (result.pixels[..., 0] == 255).all() and (result.pixels[..., 2] == 0).all()


def test_a_decompression_bomb_and_a_huge_picture_are_skipped(monkeypatch):
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)  # so that a small test image counts as a bomb
    files = [(f"{i}.png", picture_bytes(30, 30)) for i in range(17)]  # 900 px each
    files[0] = ("big.png", picture_bytes(40, 40))  # 1,600 px > 1,000: PIL's bomb warning, as an error
    result = read_pictures(files, 32)
    assert len(result) == 16 and list(result.skipped) == ["too many pixels (a decompression bomb?)"]
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", None)
    monkeypatch.setattr(pictures, "MAX_PIXELS", 1000)
    result = read_pictures(files, 32)
    assert len(result) == 16 and list(result.skipped) == ["over 1,000 pixels"]


def test_a_zip_member_is_read_no_further_than_the_cap_whatever_the_zip_claims(monkeypatch):
    """The real defence against a zip bomb: each member is read at most MAX_FILE_BYTES + 1 deep. A
    member of 3 MB of zeros is a few kilobytes in the zip; with the cap at 1 MB it is skipped, and
    reading it stops after the cap (the zip's own claim of its size is never trusted)."""
    monkeypatch.setattr(pictures, "MAX_FILE_BYTES", 2**20)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in good_pictures(16).items():
            archive.writestr(name, data)
        archive.writestr("bomb.png", bytes(3 * 2**20))
    assert len(buffer.getvalue()) < 2**20  # small as uploaded
    read = []
    real_open = zipfile.ZipFile.open

    def counting_open(self, member, *args, **kwargs):
        f = real_open(self, member, *args, **kwargs)
        real_read = f.read
        f.read = lambda n=-1: read.append(n) or real_read(n)
        return f

    monkeypatch.setattr(zipfile.ZipFile, "open", counting_open)
    result = read_pictures([("faces.zip", buffer.getvalue())], 32)
    assert len(result) == 16 and result.skipped == {"larger than 1 MB": ["faces.zip/bomb.png"]}
    assert read and all(0 < n <= 2**20 + 1 for n in read)  # never "read it all"


def test_too_few_pictures_or_a_broken_zip_is_a_clear_error():
    with pytest.raises(PicturesError, match="only 3 readable pictures found; 1 file skipped"):
        read_pictures([("a.zip", zip_of(good_pictures(3) | {"x.txt": b"x"}))], 32)
    with pytest.raises(PicturesError, match="is not a zip file that can be read"):
        read_pictures([("photos.zip", b"PK\x03\x04 this is not really a zip")], 32)
    with pytest.raises(PicturesError, match="32 or 64 px"):
        read_pictures([], 48)


def test_at_most_max_images_are_read(monkeypatch):
    monkeypatch.setattr(pictures, "MAX_IMAGES", 16)
    result = read_pictures(list(good_pictures(20).items()), 32)
    assert len(result) == 16 and result.not_used == 4 and "Only the first 16" in result.summary()


def test_a_folder_saved_and_loaded_trains_a_step(tmp_path):
    for name, data in good_pictures(20).items():
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_bytes(data)
    result = read_pictures(tmp_path, 32)
    assert len(result) == 20
    result.save(tmp_path / "set.npz")
    data = pictures.PictureSet.load_image_data(tmp_path / "set.npz")
    assert data.images.shape == (20, 3, 32, 32) and data.images.min() >= -1 and "20 pictures" in data.source
    cfg = preset("fast").replace(batch_size=8, width=4, latent_dim=8, n_fixed=4).for_data("pictures", 32)
    trainer = Trainer(cfg, data, torch.device("cpu"))
    assert np.isfinite(trainer.step().floats()["d_loss"])
    assert trainer.sample().shape == (4, 3, 32, 32)


def test_the_cli_trains_on_a_zip_and_refuses_an_mlp(tmp_path, capsys):
    archive = tmp_path / "mine.zip"
    archive.write_bytes(zip_of(good_pictures(64) | {"readme.md": b"# hi"}))
    out = tmp_path / "pics.pt"
    assert (
        main(
            [
                "train",
                "--pictures",
                str(archive),
                "--image-size",
                "32",
                "--epochs",
                "1",
                "--device",
                "cpu",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    captured = capsys.readouterr()
    assert json.loads(captured.out)["steps"] == 1 and "1 file skipped: 1 not pictures (readme.md)" in captured.err
    assert main(["train", "--pictures", str(archive), "--preset", "keras-mlp", "--epochs", "1", "--out", str(out)]) == 2
    assert "convolutional preset" in capsys.readouterr().err
    assert main(["train", "--pictures", str(tmp_path / "nowhere"), "--epochs", "1", "--out", str(out)]) == 2
    assert "neither a folder nor a file" in capsys.readouterr().err


def test_a_photographed_digit_becomes_an_mnist_style_picture():
    from PIL import ImageDraw

    from explorer.data.pictures import digit_from_picture

    paper = Image.new("RGB", (300, 200), (235, 230, 220))  # dark ink on light paper, off-centre
    ImageDraw.Draw(paper).line([(200, 40), (200, 170)], fill=(20, 20, 30), width=14)  # a "1"
    buffer = io.BytesIO()
    paper.save(buffer, format="JPEG")
    digit = digit_from_picture(buffer.getvalue())
    assert digit.shape == (1, 1, 28, 28) and digit.min() >= -1 and digit.max() <= 1
    assert digit[0, 0, :4].max() == -1 and digit[0, 0, 14, 14] > 0.5  # black border, bright centred stroke
    with pytest.raises(PicturesError, match="looks blank"):
        digit_from_picture(picture_bytes(64, 64, (255, 255, 255)))
    with pytest.raises(PicturesError, match="not a picture"):
        digit_from_picture(b"hello")


def test_a_zip_of_too_many_files_is_refused_before_it_is_opened(monkeypatch):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for i in range(30):
            archive.writestr(f"empty{i}.png", b"")
    monkeypatch.setattr(pictures, "MAX_ZIP_MEMBERS", 20)
    opened = []
    monkeypatch.setattr(zipfile, "ZipFile", lambda *a, **k: opened.append(a) or None)
    with pytest.raises(PicturesError, match="holds 30 files; a zip of at most 20 can be read"):
        read_pictures([("many.zip", buffer.getvalue())], 32)
    assert opened == []  # its list of files was never parsed


def test_pictures_are_read_by_a_job_from_the_uploaded_files(launch, wait_until):
    from explorer.data.job import PicturesJob

    job = PicturesJob([("class.zip", zip_of(good_pictures(20))), ("notes.txt", b"not a picture")], 32)
    launch(job)
    assert job.files == []  # once sent to the worker, the server holds no copy of the bytes
    assert job.join(PATIENCE_S)
    snap = job.snapshot()
    assert snap.state == "finished" and snap.fraction == 1.0
    assert (
        snap.prepared.count == 20
        and snap.prepared.skipped == 1
        and "1 not pictures (notes.txt)" in snap.prepared.summary
    )
    assert pictures.PictureSet.load_image_data(io.BytesIO(job.pictures())).images.shape == (20, 3, 32, 32)
    broken = PicturesJob([("photos.zip", b"PK\x03\x04 broken")], 32)
    launch(broken)
    assert (
        broken.join(PATIENCE_S) and broken.state == "failed" and "is not a zip file that can be read" in broken.message
    )


def test_what_was_read_and_left_out_is_said_in_russian_too():
    import numpy as np

    from explorer.data.pictures import MIN_IMAGES, PicturesError, PictureSet, read_pictures
    from explorer.words import said_by, say

    read = PictureSet(np.zeros((80, 32, 32, 3), np.uint8), {say("reason_damaged"): ["a.jpg", "b.jpg", "c.jpg"]})
    summary = read.summary()
    assert summary.startswith("80 pictures, centre-cropped to 32×32 px. 3 files skipped: 3 damaged")
    assert summary.in_language("ru") == (
        "Прочитано картинок: 80; каждая обрезана по центру до 32×32\u00a0px. "
        "Пропущено файлов: 3 (повреждены: 3 — a.jpg, b.jpg и ещё 1)."
    )
    with pytest.raises(PicturesError) as caught:
        read_pictures([("notes.txt", b"not a picture")], 32)
    said = said_by(caught.value).in_language("ru")
    assert "A GAN needs at least" in said_by(caught.value) and f"GAN нужно хотя бы {MIN_IMAGES} картинок" in said
    assert "Найдено только 0 читаемых картинок; пропущено: 1 файл." in said


@pytest.mark.parametrize(
    "n, skipped, not_used, en, ru",
    [
        (
            1,
            {"damaged": ["a.jpg"]},
            0,
            "1 picture, centre-cropped to 32×32 px. 1 file skipped: 1 damaged (a.jpg).",
            "Прочитана 1 картинка, обрезанная по центру до 32×32\u00a0px. Пропущено файлов: 1 (повреждены: 1 — a.jpg).",
        ),
        (
            2,
            {"damaged": ["a.jpg", "b.jpg"], "not_pictures": ["n.txt"]},
            0,
            "2 pictures, centre-cropped to 32×32 px. 3 files skipped: 2 damaged (a.jpg, b.jpg); "
            "1 not pictures (n.txt).",
            "Прочитано картинок: 2; каждая обрезана по центру до 32×32\u00a0px. Пропущено файлов: 3 (повреждены: 2 — "
            "a.jpg, b.jpg; не картинки: 1 — n.txt).",
        ),
        (
            5,
            {("too_large", 50): list("abcdef")},
            7,
            "5 pictures, centre-cropped to 32×32 px. 6 files skipped: 6 larger than 50 MB (a, b and 4 more). "
            "Only the first 10,000 are used (7 more files not read).",
            "Прочитано картинок: 5; каждая обрезана по центру до 32×32\u00a0px. Пропущено файлов: 6 "
            "(больше 50\u00a0МБ: 6 — a, b и ещё 4). Используются только первые 10\u00a0000 "
            "(ещё файлов не прочитано: 7).",
        ),
        (
            21,
            {},
            0,
            "21 pictures, centre-cropped to 32×32 px.",
            "Прочитана 21 картинка, обрезанная по центру до 32×32\u00a0px.",
        ),
    ],
)
def test_the_summary_of_what_was_read_word_for_word(n, skipped, not_used, en, ru):
    from explorer.data.pictures import PictureSet
    from explorer.words import say

    reasons = {
        say(
            "reason_" + (why if isinstance(why, str) else why[0]), **({} if isinstance(why, str) else {"mb": why[1]})
        ): names
        for why, names in skipped.items()
    }
    summary = PictureSet(np.zeros((n, 32, 32, 3), np.uint8), reasons, not_used).summary()
    assert (str(summary), summary.in_language("ru")) == (en, ru)


def _encoded(image: Image.Image, fmt: str = "PNG", **save) -> bytes:
    out = io.BytesIO()
    image.save(out, format=fmt, **save)
    return out.getvalue()


def test_every_kind_of_picture_is_decoded_to_8_bit_rgb():
    from explorer.formats.images import decode_picture

    grey16 = Image.fromarray(np.array([[0, 65535], [32768, 65535]], dtype=np.uint16))
    assert decode_picture(_encoded(grey16)).getpixel((0, 0)) == (0, 0, 0)
    assert decode_picture(_encoded(grey16)).getpixel((1, 0)) == (255, 255, 255)
    assert decode_picture(_encoded(grey16)).getpixel((0, 1)) == (128, 128, 128)  # 32768 / 65535, rounded
    unit = Image.fromarray(np.array([[0.0, 1.0], [0.5, 0.25]], dtype=np.float32))  # a float picture in [0, 1]
    assert [decode_picture(_encoded(unit, "TIFF")).getpixel(p)[0] for p in ((0, 0), (1, 0), (0, 1))] == [0, 255, 128]
    clear = Image.new("RGBA", (2, 2), (255, 0, 0, 0))  # transparent red: flattened onto white
    assert decode_picture(_encoded(clear)).getpixel((0, 0)) == (255, 255, 255)
    half = Image.new("LA", (2, 2), (0, 128))  # half-transparent black on white: grey
    assert decode_picture(_encoded(half)).getpixel((0, 0)) == (127, 127, 127)
    palette = Image.new("P", (2, 2), 1)
    palette.putpalette([0, 0, 0, 0, 255, 0] + [0] * 762)
    palette.info["transparency"] = 1
    assert decode_picture(_encoded(palette, transparency=1)).getpixel((0, 0)) == (255, 255, 255)
    cmyk = Image.new("CMYK", (2, 2), (0, 255, 255, 0))  # red, as a printer says it
    assert decode_picture(_encoded(cmyk, "JPEG")).getpixel((0, 0))[0] > 200
    turned = Image.new("RGB", (4, 2), "white")
    exif = turned.getexif()
    exif[0x0112] = 6  # "rotate 90° to stand upright": a phone held upright
    assert decode_picture(_encoded(turned, "JPEG", exif=exif)).size == (2, 4)
    big = Image.new("RGB", (400, 200), "white")
    assert decode_picture(_encoded(big, "JPEG"), draft=100).size == (200, 100)  # decoded at half scale


@pytest.mark.parametrize("mode, order", [("I;16", "<u2"), ("I;16B", ">u2"), ("I;16L", "<u2"), ("I;16N", "=u2")])
def test_16_bit_grey_keeps_its_levels_in_8_bits_in_every_byte_order(mode, order):
    from explorer.formats.images import _to_rgb  # I;16L and I;16N come from decoders, not from files Pillow writes

    def levels(values):
        picture = Image.frombytes(mode, (len(values), 1), np.array(values, dtype=order).tobytes())
        return [_to_rgb(picture).getpixel((x, 0)) for x in range(len(values))]

    assert levels([0, 1, 32768, 65535]) == [(0, 0, 0), (0, 0, 0), (128, 128, 128), (255, 255, 255)]
    assert levels([0, 1]) == [(0, 0, 0), (0, 0, 0)]  # a nearly black 16-bit picture stays nearly black


def test_32_bit_and_float_grey_are_read_by_their_range():
    """A 32-bit grey TIFF holding 8-bit levels keeps them; one beyond 255 is read as 16-bit (and
    clipped past it); a float picture is read in [0, 1] when it fits there, else as 8-bit levels."""

    def levels(values, dtype):
        picture = _encoded(Image.fromarray(np.array([values], dtype=dtype)), "TIFF")
        return [decode_picture(picture).getpixel((x, 0))[0] for x in range(len(values))]

    from explorer.formats.images import decode_picture

    assert levels([0, 127, 200, 255], np.int32) == [0, 127, 200, 255]
    assert levels([0, 256, 65535, 70000], np.int32) == [0, 1, 255, 255]
    assert levels([0, 128, 256], np.int32) == [0, 0, 1]  # just past 8 bits: a dark 16-bit picture
    assert levels([-0.5, 0.0, 0.5, 1.0], np.float32) == [0, 0, 128, 255]
    assert levels([0.0, 2.0, 255.0], np.float32) == [0, 2, 255]
    assert levels([0.0, 1.5], np.float32) == [0, 2]  # just past [0, 1]: 8-bit levels


def test_transparency_of_every_kind_lands_on_white():
    from explorer.formats.images import _to_rgb, decode_picture

    for mode in ("PA", "RGBa"):  # alpha beside a palette, premultiplied alpha: from decoders, not files
        assert _to_rgb(Image.new(mode, (1, 1))).getpixel((0, 0)) == (255, 255, 255)
    grey = Image.new("L", (2, 1), 0)
    grey.putpixel((1, 0), 200)  # a grey PNG whose black is its transparent colour (a tRNS chunk)
    assert [decode_picture(_encoded(grey, transparency=0)).getpixel((x, 0)) for x in (0, 1)] == [
        (255, 255, 255),
        (200, 200, 200),
    ]
    colour = Image.new("RGB", (2, 1), (0, 0, 0))
    colour.putpixel((1, 0), (10, 20, 30))
    assert [decode_picture(_encoded(colour, transparency=(0, 0, 0))).getpixel((x, 0)) for x in (0, 1)] == [
        (255, 255, 255),
        (10, 20, 30),
    ]


def test_only_the_usual_picture_formats_are_opened():
    """Pillow reads dozens of formats; a class's upload is decoded only as one of the six a camera,
    a phone or a drawing program writes (fewer decoders, less to go wrong on a hostile file)."""
    from explorer.formats.images import PictureError, decode_picture

    for fmt in ("PCX", "TGA", "PPM", "ICO", "SGI"):
        with pytest.raises(PictureError) as refused:
            decode_picture(_encoded(Image.new("RGB", (20, 20)), fmt))
        assert refused.value.reason == "not pictures"
    assert decode_picture(_encoded(Image.new("RGB", (1, 1)))).size == (1, 1)  # any size, unless a caller sets one


def test_a_picture_too_large_or_too_small_is_refused_at_its_edge():
    from explorer.formats.images import PictureError, decode_picture

    data = _encoded(Image.new("RGB", (10, 5)))
    assert decode_picture(data, max_pixels=50, min_side=5).size == (10, 5)  # exactly at both edges
    for options, reason in (({"max_pixels": 49}, "over 49 pixels"), ({"min_side": 6}, "smaller than 6 px")):
        with pytest.raises(PictureError) as refused:
            decode_picture(data, **options)
        assert refused.value.reason == reason
    with pytest.raises(PictureError) as refused:
        decode_picture(b"")
    assert refused.value.reason == "empty"
    with pytest.raises(PictureError) as refused:  # the default cap: MAX_PIXELS, 40 million
        decode_picture(_encoded(Image.new("L", (7000, 6000))))
    assert refused.value.reason == "over 40,000,000 pixels"


def test_grids_are_crisp_pictures_of_the_samples():
    from explorer.formats.images import grid_image, grid_png, png_bytes, to_unit

    assert to_unit(torch.tensor([-1.5, -1.0, 0.0, 1.0, 1.5])).tolist() == [0.0, 0.0, 0.5, 1.0, 1.0]
    assert grid_image(torch.zeros(9, 1, 2, 2), scale=1, padding=0).size == (6, 6)  # as square as it can be
    assert grid_image(torch.zeros(1, 1, 2, 2), scale=1, padding=0).size == (2, 2)
    samples = torch.full((4, 1, 2, 2), -1.0)  # four black 2×2 digits
    picture = grid_image(samples)  # 2 × 2 of them, 2 px apart, 4× larger
    assert picture.mode == "L" and picture.size == ((2 * 2 + 3 * 2) * 4,) * 2
    assert picture.getpixel((0, 0)) == 255 and picture.getpixel((8, 8)) == 0  # the frame white, a digit black
    assert picture.getpixel((8, 8)) == picture.getpixel((11, 11)) and picture.getpixel((12, 12)) == 0
    assert grid_image(samples, nrow=4, scale=1, padding=0).size == (8, 2)
    colour = grid_image(torch.zeros(2, 3, 2, 2), scale=1)
    assert colour.mode == "RGB" and colour.getpixel((2, 2)) == (128, 128, 128)
    png = grid_png(samples, scale=1)
    assert png.startswith(b"\x89PNG") and Image.open(io.BytesIO(png)).size == (10, 10)
    assert Image.open(io.BytesIO(png_bytes(colour))).getpixel((2, 2)) == (128, 128, 128)


def _garbled(archive: bytes, name: str) -> bytes:
    """The zip with the compressed bytes of its first member, `name`, overwritten: its stream no
    longer inflates (zlib's own error, not the zip's)."""
    data = bytearray(archive)
    start = 30 + len(name)  # the first local header, then the member's bytes
    for i in range(start + 2, start + 40):
        data[i] ^= 0xFF
    return bytes(data)


def _encrypted(archive: bytes) -> bytes:
    """The zip (of one member) marked as protected by a password, as a zip tool writes it."""
    data = bytearray(archive)
    data[6] |= 1  # the local header's flags
    data[data.find(b"PK\x01\x02") + 8] |= 1  # the central directory's
    return bytes(data)


def test_a_damaged_or_password_protected_member_of_a_zip_is_skipped_and_named():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("garbled.png", picture_bytes(40, 40) * 3)
    garbled = _garbled(buffer.getvalue(), "garbled.png")
    secret = _encrypted(zip_of({"secret.png": picture_bytes(40, 40)}))
    uploads = [("a.zip", garbled), ("b.zip", secret), ("c.zip", zip_of(good_pictures(16)))]
    result = read_pictures(uploads, 32)
    assert len(result) == 16
    assert result.skipped == {"damaged": ["a.zip/garbled.png"], "protected by a password": ["b.zip/secret.png"]}
    assert "повреждены: 1 — garbled.png; защищены паролем: 1 — secret.png" in result.summary().in_language("ru")


def _picture_of_exactly(n_bytes: int) -> bytes:
    """A PNG of exactly `n_bytes` (padded with a text chunk)."""
    from PIL import PngImagePlugin

    def png(text: str) -> bytes:
        info = PngImagePlugin.PngInfo()
        info.add_text("pad", text)
        return _encoded(Image.new("RGB", (32, 32), (10, 200, 10)), pnginfo=info)

    data = png(" " * (n_bytes - len(png(""))))
    assert len(data) == n_bytes
    return data


def test_a_file_over_the_size_cap_is_skipped_and_one_at_the_cap_is_read(tmp_path, monkeypatch):
    """Saved uploads (name, path) and zip members alike: a file of exactly MAX_FILE_BYTES is a picture."""
    monkeypatch.setattr(pictures, "MAX_FILE_BYTES", 2**20)
    at_cap = _picture_of_exactly(2**20)
    over = at_cap + b"\0"
    for name, data in good_pictures(15).items() | {("at.png", at_cap), ("over.png", over)}:
        (tmp_path / PurePosixPath(name).name).write_bytes(data)
    saved = [(p.name, p) for p in sorted(tmp_path.iterdir())]
    result = read_pictures(saved, 32)
    assert len(result) == 16 and result.skipped == {"larger than 1 MB": ["over.png"]}
    assert (result.pixels == (10, 200, 10)).all(axis=-1).any()  # the one at the cap was read
    zipped = read_pictures([("faces.zip", zip_of(good_pictures(15) | {"at.png": at_cap, "over.png": over}))], 32)
    assert len(zipped) == 16 and zipped.skipped == {"larger than 1 MB": ["faces.zip/over.png"]}


def test_what_a_mac_adds_to_a_zip_is_not_counted_even_when_it_looks_like_a_picture():
    files = good_pictures(16) | {"__MACOSX/faces/000.jpg": picture_bytes(40, 40), "faces/.hidden.png": b"x"}
    result = read_pictures([("faces.zip", zip_of(files))], 32)
    assert len(result) == 16 and result.skipped == {}


def test_a_zip_of_exactly_the_most_files_is_read(monkeypatch):
    monkeypatch.setattr(pictures, "MAX_ZIP_MEMBERS", 20)
    assert len(read_pictures([("many.zip", zip_of(good_pictures(20)))], 32)) == 20


def test_a_broken_zip_is_named_and_the_remedy_said():
    with pytest.raises(PicturesError) as refused:
        read_pictures([("photos.zip", b"PK\x03\x04 this is not really a zip")], 32)
    assert str(refused.value) == (
        "photos.zip is not a zip file that can be read (File is not a zip file); zip the pictures again"
    )


def test_reading_reports_its_progress_every_50_files_and_at_the_end():
    files = [(f"{i:03d}.png", picture_bytes(16, 16, (i, i, i))) for i in range(120)]
    seen = []
    result = read_pictures(files, on_progress=lambda fraction, message: seen.append((fraction, message)))
    assert seen == [
        (1 / 120, "reading pictures (1 of 120)"),
        (51 / 120, "reading pictures (51 of 120)"),
        (101 / 120, "reading pictures (101 of 120)"),
        (1.0, "reading pictures (120 of 120)"),
    ]
    assert result.size == 64 and result.not_used == 0  # 64 px unless asked; nothing left unread


@pytest.mark.parametrize(
    "n, junk, en, ru",
    [
        (1, 0, "only 1 readable picture found.", "Найдена только 1 читаемая картинка."),
        (
            2,
            1,
            "only 2 readable pictures found; 1 file skipped.",
            "Найдено только 2 читаемые картинки; пропущено: 1 файл.",
        ),
        (
            5,
            2,
            "only 5 readable pictures found; 2 files skipped.",
            "Найдено только 5 читаемых картинок; пропущено: 2 файла.",
        ),
        (
            0,
            5,
            "only 0 readable pictures found; 5 files skipped.",
            "Найдено только 0 читаемых картинок; пропущено: 5 файлов.",
        ),
    ],
)
def test_too_few_pictures_are_counted_word_for_word(n, junk, en, ru):
    from explorer.words import said_by

    files = list(good_pictures(n).items()) + [(f"{i}.txt", b"notes") for i in range(junk)]
    with pytest.raises(PicturesError) as refused:
        read_pictures(files, 32)
    said = said_by(refused.value)
    assert str(said) == f"{en} A GAN needs at least 16 (the slides used 10,000): upload a zip of PNG or JPEG pictures."
    assert said.in_language("ru") == (
        f"{ru} Для обучения GAN нужно хотя бы 16 картинок (на слайдах их было 10\u00a0000): загрузите ZIP-архив с "
        "картинками PNG или JPEG."
    )


def test_read_and_saved_pictures_make_the_same_training_data(tmp_path):
    read = read_pictures(list(good_pictures(20).items()), 32)
    read.save(tmp_path / "set.npz")
    for data in (read.to_image_data(), pictures.PictureSet.load_image_data(tmp_path / "set.npz")):
        assert (data.name, data.classes) == ("pictures", ("picture",))
        assert data.labels.dtype == torch.long and data.labels.tolist() == [0] * 20
        assert torch.equal(data.images, read.to_image_data().images) and data.images.device.type == "cpu"
        assert data.source == "Your own pictures: 20 pictures, centre-cropped to 32×32 px."
        assert data.source.in_language("ru") == (
            "Свои картинки. Прочитано картинок: 20; каждая обрезана по центру до 32×32\u00a0px."
        )
    for data in (read.to_image_data("meta"), pictures.PictureSet.load_image_data(tmp_path / "set.npz", "meta")):
        assert data.images.device.type == data.labels.device.type == "meta"  # made on the training device


def _digit_drawn(paper: int, ink: int) -> bytes:
    """A 0 drawn as a frame 20 px tall and 10 wide, 2 px thick, off-centre on a 100 × 80 page, with
    a spot brighter than the paper inside it and a faint smudge (a tenth of the ink's contrast)
    in a corner."""
    page = np.full((80, 100), paper, dtype=np.uint8)
    page[30:50, 60:70] = ink
    page[32:48, 62:68] = paper
    page[40, 65] = 255 if paper > ink else 0  # brighter paper than the rest: not ink
    page[2:6, 2:6] = paper + (ink - paper) // 10
    return _encoded(Image.fromarray(page))


def test_a_digit_the_size_of_mnists_is_placed_pixel_for_pixel_in_the_middle():
    """MNIST's recipe: the ink's bounding box fitted into 20 × 20 and centred in 28 × 28. A digit
    already 20 px tall keeps every pixel; the paper is black, the ink white, whatever they were."""
    from explorer.data.pictures import digit_from_picture

    expected = -torch.ones(28, 28)
    expected[4:24, 9:19] = 1  # 20 tall, 10 wide: centred left to right
    expected[6:22, 11:17] = -1
    for paper, ink in ((230, 30), (30, 230), (140, 40)):  # pencil on paper, chalk on a board, on grey
        digit = digit_from_picture(_digit_drawn(paper, ink))
        assert digit.dtype == torch.float32 and torch.equal(digit[0, 0], expected), (paper, ink)
    lying = np.full((80, 100), 230, dtype=np.uint8)
    lying[30:40, 20:40] = 30  # 10 tall, 20 wide: centred top to bottom
    digit = digit_from_picture(_encoded(Image.fromarray(lying)))
    ink = digit[0, 0].eq(1).nonzero()
    assert ink.amin(0).tolist() == [9, 4] and ink.amax(0).tolist() == [18, 23]


def test_a_digit_that_cannot_be_read_is_said_in_both_languages():
    from explorer.data.pictures import digit_from_picture
    from explorer.words import said_by

    with pytest.raises(PicturesError) as refused:
        digit_from_picture(b"hello")
    said = said_by(refused.value)
    assert said.endswith("; upload a PNG or JPEG of one digit") and said.startswith("that file is not a picture")
    assert said.in_language("ru") == (
        "этот файл не является картинкой в поддерживаемом формате (PNG, JPEG, WebP, GIF, BMP или TIFF); "
        "загрузите PNG или JPEG с одной цифрой"
    )
    with pytest.raises(PicturesError) as refused:
        digit_from_picture(picture_bytes(64, 64, (255, 255, 255)))
    blank = said_by(refused.value)
    assert blank == "no digit found in the picture (it looks blank); draw it darker or bigger"
    assert blank.in_language("ru") == "на картинке не нашлось цифры (она кажется пустой): нарисуйте темнее или крупнее"
