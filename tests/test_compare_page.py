"""The GAN-and-VAE page under AppTest: the shipped GAN and VAE side by side, in both languages, and
what it says when one of the two is missing."""

import re

from conftest import open_app
from streamlit.testing.v1 import AppTest

from explorer.gan import catalogue


def _open(**params) -> AppTest:
    at = open_app("compare", **params)
    assert not at.exception
    return at


def _captions(at: AppTest) -> list[str]:
    """The pictures' captions (AppTest keeps them in the image elements)."""
    return [c for element in at.main if type(element).__name__ == "Image" for c in element.captions if c]


def _shares(captions: list[str]) -> list[int]:
    return [int(m) for c in captions for m in re.findall(r"(\d+)\s?%", c)[:1]]


def test_the_shipped_gan_and_vae_side_by_side():
    at = _open()
    assert at.selectbox(key="cmp_gan").value == "mnist-mlp" and at.selectbox(key="cmp_vae").value == "mnist-vae"
    sharp = [c for c in _captions(at) if c.startswith("Sharpness")]
    gan, vae = _shares(sharp)
    assert vae < 80 and gan > 1.5 * vae  # measured: the MLP GAN's and the VAE's (3,000 epochs) 132% and 66%
    assert any(f"The VAE's strokes have {vae}%" in m.value for m in at.markdown)
    walks = [c for c in _captions(at) if c.startswith("The judge reads")]
    assert len(walks) == 2 and all(w.split(": ")[1].startswith("3") and w.endswith("8") for w in walks)
    assert any("squeezed each into 16 numbers" in m.value for m in at.markdown)  # the reconstructions
    images = [e for e in at.main if type(e).__name__ == "Image"]
    assert len(images) == 5  # two sample grids, two walks, the reconstructions

    at.selectbox(key="cmp_gan").set_value("mnist-dcgan").run()
    at.selectbox(key="cmp_walk_a").set_value(1).run()
    assert not at.exception
    walks = [c for c in _captions(at) if c.startswith("The judge reads")]
    assert all(w.split(": ")[1].startswith("1") for w in walks)
    seed = at.number_input(key="cmp_seed").value
    at.button(key="cmp_reroll").click().run()
    assert at.number_input(key="cmp_seed").value != seed and not at.exception


def test_in_russian_numbers_are_written_the_russian_way():
    at = _open(lang="ru")
    sharp = [c for c in _captions(at) if c.startswith("Чёткость")]
    assert len(sharp) == 2 and all(re.search(r"\d\u00a0%", c) for c in sharp)  # "40 %", not "40%"
    assert at.selectbox(key="cmp_vae").format_func("mnist-vae") == "VAE на MNIST (3\u00a0000 эпох)"


def test_without_a_vae_the_page_says_how_to_get_one(monkeypatch, tmp_path):
    for name in ("mnist-mlp.pt", "mnist-mlp.json"):
        (tmp_path / name).write_bytes((catalogue.SHIPPED / name).read_bytes())
    monkeypatch.setattr(catalogue, "SHIPPED", tmp_path)
    at = _open()
    assert any("needs a GAN and a VAE" in i.value for i in at.info)


def test_the_latent_page_walks_the_vae_too():
    at = open_app("latent", latent_gen="VAE on MNIST (3,000 epochs)", engine="server")
    assert not at.exception
    assert at.selectbox(key="latent_gen").value == "mnist-vae"
    assert [e for e in at.main if type(e).__name__ == "Image"]  # the walk is drawn
